/* test_check: each consistency rule on hand-built reports — R1–R5, B, S, X1–X3 — names exactly the right cells,
 * values and rule, and a consistent report passes clean. */
#include "testutil.h"

#include <string.h>

#include <stdio.h>
#include <stdlib.h>

#include "import/import.h"
#include "report/check.h"

static int row(const report *r, const char *key) { return format_application_row(r->format, key); }

/* A small consistent 2021 report: 10 received, 2 carried over, 9 decided, 3 carried forward. */
static report *consistent_report(const report_format *f)
{
    report *r = report_new(f);
    r->year = f == &FORMAT_2021 ? 2023 : 2019;
    for (int cell = 0; cell < f->cell_count; cell++) report_set_count(r, cell, 0);
    struct { const char *key; int natural, enterprise; } rows[] = {
        {"received", 8, 2}, {"carried_over", 2, 0}, {"disclosed", 4, 1}, {"unable_not_held", 3, 1},
        {"total", 7, 2}, {"carried_forward", 3, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int k = row(r, rows[i].key);
        report_set_count(r, format_application_cell(f, k, 0), rows[i].natural);
        report_set_count(r, format_application_cell(f, k, 1), rows[i].enterprise);
        report_set_count(r, format_application_cell(f, k, APPLICATION_TOTAL_COLUMN), rows[i].natural + rows[i].enterprise);
    }
    int64_t appeal[] = {2, 1, 0, 1, 4};
    for (int field = 0; field < APPEAL_FIELDS; field++)
        report_set_count(r, format_appeal_cell(f, 0, field), appeal[field]);
    return r;
}

static size_t errors_of(const report *r, const report *previous, const char *rule, diag_list *out)
{
    report_check(r, previous, out);
    return diag_count_rule(out, rule);
}

static void test_consistent_report_is_clean(void **state)
{
    (void)state;
    for (int i = 0; REPORT_FORMATS[i]; i++) {
        report *r = consistent_report(REPORT_FORMATS[i]);
        diag_list d = DIAG_LIST_INIT;
        report_check(r, NULL, &d);
        assert_int_equal(diag_count_severity(&d, SEVERITY_ERROR), 0);
        assert_int_equal(diag_count_severity(&d, SEVERITY_WARNING), 0);
        diag_list_free(&d);
        report_free(r);
    }
}

static void test_r1_r2_name_the_cell(void **state)
{
    (void)state;
    report *r = consistent_report(&FORMAT_2021);
    /* one more research institution application received: R1 for column 3 and R2 for the received row */
    report_set_count(r, format_application_cell(r->format, row(r, "received"), 2), 1);
    diag_list d = DIAG_LIST_INIT;
    report_check(r, NULL, &d);
    assert_int_equal(diag_count_rule(&d, "R1"), 1);
    assert_int_equal(diag_count_rule(&d, "R2"), 1);
    assert_int_equal(diag_count_rule(&d, "R3"), 0);
    for (size_t i = 0; i < d.count; i++) {
        const diagnostic *x = &d.items[i];
        if (strcmp(x->rule, "R1") == 0) {
            assert_int_equal(x->column, 2);
            assert_string_equal(x->column_key, "research_institution");
            assert_string_equal(x->expected, "1");
            assert_string_equal(x->actual, "0");
            assert_string_equal(x->message, "表三 第3列(科研机构)：第一项+第二项=1，第三项+第四项=0");
        } else if (strcmp(x->rule, "R2") == 0) {
            assert_string_equal(x->row_key, "received");
            assert_string_equal(x->expected, "11");
            assert_string_equal(x->actual, "10");
        }
    }
    diag_list_free(&d);
    report_free(r);
}

static void test_r3_result_rows(void **state)
{
    (void)state;
    report *r = consistent_report(&FORMAT_2019);
    int disclosed = row(r, "disclosed");
    report_set_count(r, format_application_cell(r->format, disclosed, 0), 5);
    report_set_count(r, format_application_cell(r->format, disclosed, APPLICATION_TOTAL_COLUMN), 6);
    diag_list d = DIAG_LIST_INIT;
    assert_int_equal(errors_of(r, NULL, "R3", &d), 2); /* natural person and total columns */
    assert_int_equal(diag_count_rule(&d, "R2"), 0);
    diag_list_free(&d);
    report_free(r);
}

static void test_r4_and_r5(void **state)
{
    (void)state;
    report *r = consistent_report(&FORMAT_2021);
    report_set_count(r, format_appeal_cell(r->format, 0, APPEAL_TOTAL_FIELD), 0);
    report_set_count(r, format_application_cell(r->format, row(r, "partly_disclosed"), 3), -1);
    diag_list d = DIAG_LIST_INIT;
    report_check(r, NULL, &d);
    assert_int_equal(diag_count_rule(&d, "R4"), 1);
    assert_int_equal(diag_count_rule(&d, "R5"), 1);
    diag_list_free(&d);
    report_free(r);
}

static void test_blank_total_is_derived(void **state)
{
    (void)state;
    report *r = consistent_report(&FORMAT_2019);
    /* 005-style: the total column of result rows left blank; R3 still holds on the derived totals */
    int blanks = 0;
    for (int k = 0; k < r->format->application_row_count; k++)
        if (r->format->application_rows[k].is_result) {
            report_set_blank(r, format_application_cell(r->format, k, APPLICATION_TOTAL_COLUMN));
            blanks++;
        }
    assert_int_equal(blanks, 19); /* the 2019 format counts （六）其他处理 as one result row */
    diag_list d = DIAG_LIST_INIT;
    report_check(r, NULL, &d);
    assert_int_equal(diag_count_severity(&d, SEVERITY_ERROR), 0);
    assert_int_equal(diag_count_rule(&d, "B"), (size_t)blanks);
    diag_list_free(&d);
    report_free(r);
}

static void test_structure_warnings(void **state)
{
    (void)state;
    report *r = consistent_report(&FORMAT_2019);
    r->year = 2023;
    diag_list d = DIAG_LIST_INIT;
    report_check(r, NULL, &d);
    assert_int_equal(diag_count_rule(&d, "S"), 1);
    diag_list_free(&d);
    report_free(r);
}

static void test_cross_year(void **state)
{
    (void)state;
    report *last = consistent_report(&FORMAT_2021), *now = consistent_report(&FORMAT_2021);
    last->year = 2022;
    int docs = format_proactive_item(now->format, "normative_documents");
    report_set_count(last, format_proactive_cell(last->format, docs, 2), 50);
    report_set_count(now, format_proactive_cell(now->format, docs, 0), 5);
    report_set_count(now, format_proactive_cell(now->format, docs, 1), 2);
    report_set_count(now, format_proactive_cell(now->format, docs, 2), 54); /* 50 + 5 − 2 = 53 */
    diag_list d = DIAG_LIST_INIT;
    report_check(now, last, &d);
    assert_int_equal(diag_count_rule(&d, "X1"), 1);
    /* last year's carried_forward (3, 0, …, 3) vs this year's carried_over (2, 0, …, 2) */
    assert_int_equal(diag_count_rule(&d, "X2"), 2);
    diag_list_free(&d);
    report_free(last);
    report_free(now);

    report *a = consistent_report(&FORMAT_2019), *b = consistent_report(&FORMAT_2019);
    b->year = 2020;
    int licensing = format_proactive_item(a->format, "licensing");
    report_set_count(a, format_proactive_cell(a->format, licensing, 0), 10);
    report_set_count(a, format_proactive_cell(a->format, licensing, 1), -3);
    report_set_count(b, format_proactive_cell(b->format, licensing, 0), 8);
    diag_list e = DIAG_LIST_INIT;
    report_check(b, a, &e);
    assert_int_equal(diag_count_rule(&e, "X3"), 1);
    assert_int_equal(diag_count_rule(&e, "R5"), 0); /* a negative 本年增/减 is allowed */
    diag_list_free(&e);
    report_free(a);
    report_free(b);
}

static void test_format_tables(void **state)
{
    (void)state;
    assert_int_equal(FORMAT_2021.application_row_count, 25);
    assert_int_equal(FORMAT_2019.application_row_count, 23);
    for (int i = 0; REPORT_FORMATS[i]; i++) {
        const report_format *f = REPORT_FORMATS[i];
        int cells = 0;
        for (int k = 0; k < f->proactive_count; k++) cells += f->proactive[k].field_count;
        assert_int_equal(cells, f->proactive_cell_count);
        assert_int_equal(f->cell_count, cells + f->application_row_count * APPLICATION_COLUMNS + APPEAL_BLOCKS * APPEAL_FIELDS);
        for (int cell = 0; cell < f->cell_count; cell++) {
            cell_address a;
            format_cell_address(f, cell, &a);
            assert_non_null(a.row_key);
            assert_non_null(a.column_key);
        }
    }
    assert_ptr_equal(format_for_year(2020), &FORMAT_2019);
    assert_ptr_equal(format_for_year(2021), &FORMAT_2021);
    char text[32];
    int64_t v;
    assert_int_equal(parse_decimal_millionths("24252.311082", false, &v), 0);
    format_millionths(v, text);
    assert_string_equal(text, "24252.311082");
    assert_int_equal(parse_decimal_millionths("2.5万元", true, &v), 0);
    format_millionths(v, text);
    assert_string_equal(text, "25000");
}

/* Regression (found by fuzz_text): cells near the limits of int64 made R2 overflow. */
static void test_huge_values_do_not_overflow(void **state)
{
    (void)state;
    report *r = consistent_report(&FORMAT_2021);
    for (int col = 0; col < APPLICATION_COLUMNS; col++) {
        report_set_count(r, format_application_cell(r->format, row(r, "received"), col), INT64_MAX);
        report_set_count(r, format_application_cell(r->format, row(r, "disclosed"), col), INT64_MIN);
    }
    for (int field = 0; field < APPEAL_FIELDS; field++) report_set_count(r, format_appeal_cell(r->format, 1, field), INT64_MAX);
    report *previous = report_clone(r);
    previous->year = r->year - 1;
    diag_list d = DIAG_LIST_INIT;
    report_check(r, previous, &d);
    assert_true(diag_count_severity(&d, SEVERITY_ERROR) > 0);
    diag_list_free(&d);
    report_free(previous);
    report_free(r);

    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/regress/fuzz_text-int64-overflow.bin", test_source_dir());
    char *error = NULL;
    report *imported = import_file(path, &error);
    if (imported) {
        diag_list e = DIAG_LIST_INIT;
        report_check(imported, NULL, &e);
        diag_list_free(&e);
        report_free(imported);
    }
    free(error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_consistent_report_is_clean), cmocka_unit_test(test_r1_r2_name_the_cell),
        cmocka_unit_test(test_r3_result_rows),             cmocka_unit_test(test_r4_and_r5),
        cmocka_unit_test(test_blank_total_is_derived),     cmocka_unit_test(test_structure_warnings),
        cmocka_unit_test(test_cross_year),                 cmocka_unit_test(test_format_tables),
        cmocka_unit_test(test_huge_values_do_not_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_export_json: canonical JSON both ways. Every corpus expected.json is read, compared value by value with an
 * independent jansson walk of the file, written back and read again (identical cells, identical bytes); hand-built
 * reports check key order, null for blanks, decimals and the 2019 amount; bad input gives Chinese errors that name
 * the key path or the line; diagnostics export as JSON. */
#include <dirent.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "export/export.h"
#include "import/json_reader.h"
#include "report/diag.h"

/* ---- helpers ---- */

static int cell_of(const report_format *f, enum report_table table, const char *row_key, const char *column_key)
{
    for (int cell = 0; cell < f->cell_count; cell++) {
        cell_address a;
        format_cell_address(f, cell, &a);
        if (a.table == table && strcmp(a.row_key, row_key) == 0 && strcmp(a.column_key, column_key) == 0)
            return cell;
    }
    fail_msg("no cell %s/%s in format %s", row_key, column_key, f->name);
    return -1;
}

static report *read_ok(const char *json, size_t len)
{
    char *error = NULL;
    report *r = json_read_report(json, len, "test.json", &error);
    if (!r) fail_msg("json_read_report failed: %s", error);
    assert_null(error);
    return r;
}

static char *read_error(const char *json)
{
    char *error = NULL;
    report *r = json_read_report(json, strlen(json), "坏文件.json", &error);
    assert_null(r);
    assert_non_null(error);
    assert_non_null(strstr(error, "坏文件.json"));
    return error;
}

static void assert_same_cells(const report *a, const report *b)
{
    assert_ptr_equal(a->format, b->format);
    assert_int_equal(a->year, b->year);
    assert_string_equal(a->agency ? a->agency : "(null)", b->agency ? b->agency : "(null)");
    for (int cell = 0; cell < a->format->cell_count; cell++) {
        const report_cell *x = report_cell_at(a, cell), *y = report_cell_at(b, cell);
        if (x->state != y->state || x->value != y->value || (x->text == NULL) != (y->text == NULL) ||
            (x->text && strcmp(x->text, y->text) != 0)) {
            cell_address where;
            format_cell_address(a->format, cell, &where);
            fail_msg("cell %s/%s differs: state %d/%d value %lld/%lld", where.row_key, where.column_key, x->state,
                     y->state, (long long)x->value, (long long)y->value);
        }
    }
    for (int i = 0; i < TEXT_COUNT; i++)
        assert_string_equal(a->text[i] ? a->text[i] : "(null)", b->text[i] ? b->text[i] : "(null)");
}

/* The cell as the expected file says: state and, for counts, the value. */
static void assert_cell_matches_json(const report *r, int cell, const json_t *v, const char *where)
{
    const report_cell *c = report_cell_at(r, cell);
    if (!v) {
        if (c->state != CELL_ABSENT) fail_msg("%s: missing in JSON but state %d", where, c->state);
    } else if (json_is_null(v)) {
        if (c->state != CELL_BLANK) fail_msg("%s: null in JSON but state %d", where, c->state);
    } else if (json_is_integer(v)) {
        if (c->state != CELL_VALUE || c->value != json_integer_value(v))
            fail_msg("%s: JSON %lld, report %lld (state %d)", where, (long long)json_integer_value(v),
                     (long long)c->value, c->state);
    } else if (json_is_string(v)) {
        if (c->state != CELL_VALUE || !c->text || strcmp(c->text, json_string_value(v)) != 0)
            fail_msg("%s: JSON \"%s\", report \"%s\"", where, json_string_value(v), c->text ? c->text : "");
    } else {
        fail_msg("%s: unexpected JSON type", where);
    }
}

/* Walks the expected file with jansson alone and checks every cell of r against it. */
static void assert_report_matches_file(const report *r, const json_t *root, const char *file)
{
    const report_format *f = r->format;
    assert_string_equal(f->name, json_string_value(json_object_get(root, "format")));
    assert_int_equal(r->year, json_integer_value(json_object_get(root, "year")));
    assert_string_equal(r->agency, json_string_value(json_object_get(root, "agency")));
    char where[256];
    const json_t *rows = json_object_get(json_object_get(root, "applications"), "rows");
    for (int row = 0; row < f->application_row_count; row++) {
        const json_t *values = json_object_get(rows, f->application_rows[row].key);
        assert_non_null(values); /* every corpus file has every row */
        assert_int_equal(json_array_size(values), APPLICATION_COLUMNS);
        for (int col = 0; col < APPLICATION_COLUMNS; col++) {
            snprintf(where, sizeof where, "%s %s[%d]", file, f->application_rows[row].key, col);
            assert_cell_matches_json(r, format_application_cell(f, row, col), json_array_get(values, col), where);
        }
    }
    const json_t *proactive = json_object_get(root, "proactive");
    for (int item = 0; item < f->proactive_count; item++) {
        for (int field = 0; field < f->proactive[item].field_count; field++) {
            const json_t *fields = json_object_get(proactive, f->proactive[item].key);
            snprintf(where, sizeof where, "%s %s.%s", file, f->proactive[item].key, f->proactive[item].fields[field].key);
            assert_cell_matches_json(r, format_proactive_cell(f, item, field),
                                     json_object_get(fields, f->proactive[item].fields[field].key), where);
        }
    }
    const json_t *appeals = json_object_get(root, "appeals");
    for (int block = 0; block < APPEAL_BLOCKS; block++) {
        for (int field = 0; field < APPEAL_FIELDS; field++) {
            const json_t *fields = json_object_get(appeals, APPEAL_BLOCK_DEFS[block].key);
            snprintf(where, sizeof where, "%s %s.%s", file, APPEAL_BLOCK_DEFS[block].key, APPEAL_FIELD_DEFS[field].key);
            assert_cell_matches_json(r, format_appeal_cell(f, block, field),
                                     json_object_get(fields, APPEAL_FIELD_DEFS[field].key), where);
        }
    }
}

/* ---- corpus round trips ---- */

static void test_corpus_round_trip(void **state)
{
    (void)state;
    const char *dir = test_corpus_dir();
    DIR *d = opendir(dir);
    assert_non_null(d);
    int files = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 14 || strcmp(e->d_name + n - 14, ".expected.json") != 0) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        char *data = test_read_file(path, &len);
        report *first = read_ok(data, len);
        json_error_t jerr;
        json_t *root = json_loadb(data, len, 0, &jerr);
        assert_non_null(root);
        assert_report_matches_file(first, root, e->d_name);
        json_decref(root);

        buf once = BUF_INIT, twice = BUF_INIT;
        export_json(first, &once);
        report *second = read_ok(once.data, once.len);
        assert_same_cells(first, second);
        export_json(second, &twice);
        assert_string_equal(once.data, twice.data);

        buf_free(&once);
        buf_free(&twice);
        report_free(first);
        report_free(second);
        free(data);
        files++;
    }
    closedir(d);
    assert_int_equal(files, 8);
}

/* Known values of the corpus, as DESIGN.md and corpus/README.md state them. */
static void test_corpus_known_values(void **state)
{
    (void)state;
    char path[1024];
    size_t len;

    snprintf(path, sizeof path, "%s/002.expected.json", test_corpus_dir());
    char *data = test_read_file(path, &len);
    report *r = read_ok(data, len);
    int fees = cell_of(r->format, TABLE_PROACTIVE, "fees", "amount_wan_yuan");
    assert_string_equal(report_cell_at(r, fees)->text, "96171.6");
    assert_int_equal(report_cell_at(r, fees)->value, 96171600000LL);
    assert_int_equal(report_cell_at(r, cell_of(r->format, TABLE_APPLICATIONS, "received", "total"))->value, 3119);
    buf out = BUF_INIT;
    export_json(r, &out);
    assert_non_null(strstr(out.data, "\"amount_wan_yuan\": \"96171.6\""));
    assert_non_null(strstr(out.data, "\"agency\": \"淮安市人民政府\"")); /* UTF-8 as is, not \u escapes */
    assert_non_null(strstr(out.data, "\"licensing\": {\n      \"decisions\": 447228\n    }"));
    buf_free(&out);
    report_free(r);
    free(data);

    /* 005: 2019 format, table 二 not in the file (absent), many blanks (null). */
    snprintf(path, sizeof path, "%s/005.expected.json", test_corpus_dir());
    data = test_read_file(path, &len);
    r = read_ok(data, len);
    assert_ptr_equal(r->format, &FORMAT_2019);
    assert_true(report_table_absent(r, TABLE_PROACTIVE));
    assert_int_equal(report_cell_at(r, cell_of(r->format, TABLE_APPLICATIONS, "received", "research_institution"))->state,
                     CELL_BLANK);
    assert_int_equal(report_cell_at(r, cell_of(r->format, TABLE_APPLICATIONS, "received", "natural_person"))->value, 821);
    assert_int_equal(report_cell_at(r, cell_of(r->format, TABLE_APPEALS, "reconsideration", "corrected"))->state,
                     CELL_BLANK);
    export_json(r, &out);
    assert_null(strstr(out.data, "\"proactive\""));
    assert_non_null(strstr(out.data, "\"received\": [\n        821,\n        35,\n        null,"));
    buf_free(&out);
    report_free(r);
    free(data);
}

/* ---- hand-built reports ---- */

static report *build_2019(void)
{
    const report_format *f = &FORMAT_2019;
    report *r = report_new(f);
    r->year = 2019;
    report_set_agency(r, "某市人民政府办公室");
    report_set_source(r, "某市2019.txt");
    for (int cell = 0; cell < f->cell_count; cell++) report_set_count(r, cell, 0);
    report_set_count(r, cell_of(f, TABLE_PROACTIVE, "licensing", "change"), -3);
    report_set_blank(r, cell_of(f, TABLE_PROACTIVE, "licensing", "decisions"));
    assert_int_equal(report_set_decimal_text(r, cell_of(f, TABLE_PROACTIVE, "procurement", "amount"), "251000元"), 0);
    report_set_count(r, cell_of(f, TABLE_APPLICATIONS, "received", "natural_person"), 35);
    report_set_blank(r, cell_of(f, TABLE_APPLICATIONS, "received", "other_org"));
    report_set_text(r, TEXT_OVERVIEW, "（一）主动公开。\n全年公开信息120条。");
    return r;
}

static void test_export_hand_built(void **state)
{
    (void)state;
    report *r = build_2019();
    buf out = BUF_INIT;
    export_json(r, &out);
    const char *s = out.data;
    /* Key order: schema, format, year, agency, source, proactive, applications, appeals, text. */
    const char *order[] = {"\"schema\": \"gongkai.report/1\"", "\"format\": \"2019\"", "\"year\": 2019",
                           "\"agency\": \"某市人民政府办公室\"", "\"source\": \"某市2019.txt\"", "\"proactive\"",
                           "\"applications\"", "\"appeals\"", "\"text\""};
    const char *at = s;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *next = strstr(at, order[i]);
        if (!next) fail_msg("missing or out of order: %s\n%s", order[i], s);
        at = next;
    }
    assert_non_null(strstr(s, "\"licensing\": {\n      \"previous_items\": 0,\n      \"change\": -3,\n"
                              "      \"decisions\": null\n    }"));
    assert_non_null(strstr(s, "\"procurement\": {\n      \"projects\": 0,\n      \"amount\": \"251000元\",\n"
                              "      \"amount_yuan\": \"251000\"\n    }"));
    assert_non_null(strstr(s, "\"overview\": \"（一）主动公开。\\n全年公开信息120条。\""));
    assert_null(strstr(s, "\"problems\""));
    assert_int_equal(s[out.len - 1], '\n');

    report *back = read_ok(out.data, out.len);
    assert_same_cells(r, back);
    assert_string_equal(back->source, "某市2019.txt");
    assert_int_equal(report_cell_at(back, cell_of(back->format, TABLE_PROACTIVE, "procurement", "amount"))->value,
                     251000000000LL);
    report_free(back);
    buf_free(&out);
    report_free(r);
}

static void test_absent_rows_and_tables(void **state)
{
    (void)state;
    report *r = report_new(&FORMAT_2021);
    r->year = 2022;
    int received = format_application_row(r->format, "received");
    report_set_count(r, format_application_cell(r->format, received, 0), 4);
    buf out = BUF_INIT;
    export_json(r, &out);
    /* Only the one row, with its six absent cells as null; no table 二 or 四, no text, agency null. */
    assert_null(strstr(out.data, "\"proactive\""));
    assert_null(strstr(out.data, "\"appeals\""));
    assert_null(strstr(out.data, "\"carried_over\""));
    assert_null(strstr(out.data, "\"text\""));
    assert_non_null(strstr(out.data, "\"agency\": null"));
    report *back = read_ok(out.data, out.len);
    assert_true(report_table_absent(back, TABLE_PROACTIVE));
    assert_int_equal(report_cell_at(back, format_application_cell(back->format, received, 0))->value, 4);
    assert_int_equal(report_cell_at(back, format_application_cell(back->format, received, 1))->state, CELL_BLANK);
    assert_int_equal(report_cell_at(back, format_application_cell(back->format, received + 1, 1))->state,
                     CELL_ABSENT);
    report_free(back);
    buf_free(&out);
    report_free(r);
}

/* ---- reading variants ---- */

static void test_read_variants(void **state)
{
    (void)state;
    /* No format: taken from the year. Columns in another order. A null row and a null block. Unknown keys. */
    const char *json = "{\"year\": 2020, \"agency\": \"甲\", \"expected_errors\": [\"R1\"], \"whatever\": {},"
                       " \"applications\": {\"columns\": [\"total\", \"natural_person\"],"
                       "   \"rows\": {\"received\": [7, 5], \"carried_over\": null, \"bogus\": [1]}},"
                       " \"appeals\": {\"reconsideration\": null, \"litigation_direct\": {\"total\": 2}},"
                       " \"proactive\": {\"procurement\": {\"amount_yuan\": \"1200.5\"}, \"fees\": {\"change\": 4}},"
                       " \"text\": {\"problems\": \"问题\", \"other\": null}}";
    report *r = read_ok(json, strlen(json));
    const report_format *f = r->format;
    assert_ptr_equal(f, &FORMAT_2019);
    assert_int_equal(report_cell_at(r, cell_of(f, TABLE_APPLICATIONS, "received", "total"))->value, 7);
    assert_int_equal(report_cell_at(r, cell_of(f, TABLE_APPLICATIONS, "received", "natural_person"))->value, 5);
    assert_int_equal(report_cell_at(r, cell_of(f, TABLE_APPLICATIONS, "received", "other_org"))->state, CELL_ABSENT);
    assert_int_equal(report_cell_at(r, cell_of(f, TABLE_APPLICATIONS, "carried_over", "total"))->state, CELL_BLANK);
    assert_int_equal(report_cell_at(r, cell_of(f, TABLE_APPLICATIONS, "carried_over", "other_org"))->state,
                     CELL_ABSENT);
    assert_int_equal(report_cell_at(r, cell_of(f, TABLE_APPEALS, "reconsideration", "upheld"))->state, CELL_BLANK);
    assert_int_equal(report_cell_at(r, cell_of(f, TABLE_APPEALS, "litigation_direct", "total"))->value, 2);
    assert_int_equal(report_cell_at(r, cell_of(f, TABLE_APPEALS, "litigation_direct", "upheld"))->state, CELL_ABSENT);
    int amount = cell_of(f, TABLE_PROACTIVE, "procurement", "amount");
    assert_int_equal(report_cell_at(r, amount)->value, 1200500000LL);
    assert_int_equal(report_cell_at(r, cell_of(f, TABLE_PROACTIVE, "fees", "change"))->value, 4);
    assert_string_equal(r->text[TEXT_PROBLEMS], "问题");
    assert_null(r->text[TEXT_OTHER]);
    assert_null(r->source);
    report_free(r);

    /* A decimal given as a JSON number. */
    json = "{\"format\": \"2021\", \"proactive\": {\"fees\": {\"amount_wan_yuan\": 12.25}}}";
    r = read_ok(json, strlen(json));
    int fees = cell_of(r->format, TABLE_PROACTIVE, "fees", "amount_wan_yuan");
    assert_string_equal(report_cell_at(r, fees)->text, "12.25");
    assert_int_equal(r->year, 0);
    report_free(r);
}

static void test_read_errors(void **state)
{
    (void)state;
    struct {
        const char *json;
        const char *needle; /* must appear in the message */
    } cases[] = {
        {"{\"format\": \"2021\",\n \"year\": 2023,\n \"agency\": ", "第 3 行"},
        {"[1, 2]", "顶层应为对象"},
        {"{\"format\": \"2021\", \"applications\": {\"rows\": {\"received\": [1, 2, \"3\", 4, 5, 6, 7]}}}",
         "applications.rows.received[2]"},
        {"{\"format\": \"2021\", \"applications\": {\"rows\": {\"received\": [1, 2]}}}", "应有 7 个值"},
        {"{\"format\": \"2021\", \"applications\": {\"rows\": {\"received\": [1, 2, 3.5, 4, 5, 6, 7]}}}", "小数"},
        {"{\"format\": \"2021\", \"applications\": {\"columns\": [\"natural_person\", \"nobody\"]}}", "nobody"},
        {"{\"format\": \"2021\", \"proactive\": {\"fees\": {\"amount_wan_yuan\": \"无\"}}}",
         "proactive.fees.amount_wan_yuan"},
        {"{\"format\": \"2021\", \"proactive\": {\"licensing\": {\"decisions\": true}}}", "proactive.licensing.decisions"},
        {"{\"format\": \"2021\", \"appeals\": {\"reconsideration\": [1]}}", "appeals.reconsideration"},
        {"{\"format\": \"2021\", \"proactive\": 3}", "“proactive”应为对象"},
        {"{\"format\": \"2030\"}", "未知的报告格式“2030”"},
        {"{\"agency\": \"乙\"}", "无法确定报告格式"},
        {"{\"year\": 2010}", "无法确定报告格式"},
        {"{\"year\": \"2021\"}", "“year”应为整数年份"},
        {"{\"year\": 99999}", "不是合理的年份"},
        {"{\"schema\": \"other/2\", \"format\": \"2021\"}", "不是 gongkai.report/1"},
        {"{\"format\": \"2021\", \"agency\": 5}", "“agency”应为字符串或 null"},
        {"{\"format\": \"2021\", \"text\": {\"overview\": [\"a\"]}}", "text.overview"},
        {"{\"format\": \"2021\", \"format\": \"2019\"}", "JSON 格式错误"},
        {"", "JSON 格式错误"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *error = read_error(cases[i].json);
        if (!strstr(error, cases[i].needle)) fail_msg("case %zu: \"%s\" not in \"%s\"", i, cases[i].needle, error);
        free(error);
    }
    /* A NULL error pointer is allowed. */
    assert_null(json_read_report("{", 1, NULL, NULL));
}

/* ---- diagnostics ---- */

static void test_diagnostics_json(void **state)
{
    (void)state;
    diag_list list = DIAG_LIST_INIT;
    diagnostic *d = diag_add(&list, "R1", SEVERITY_ERROR, TABLE_APPLICATIONS, -1, 2, NULL, "research_institution",
                             "表三 第%d列(%s)：第一项+第二项=%d，第三项+第四项=%d", 3, "科研机构", 12, 11);
    diag_set_values(d, 12, 11);
    diag_add(&list, "S", SEVERITY_WARNING, TABLE_NONE, -1, -1, NULL, NULL, "报告格式与年度不符");
    buf out = BUF_INIT;
    export_diagnostics_json(&list, &out);
    json_error_t jerr;
    json_t *root = json_loads(out.data, 0, &jerr);
    assert_non_null(root);
    assert_int_equal(json_array_size(root), 2);
    json_t *first = json_array_get(root, 0);
    assert_string_equal(json_string_value(json_object_get(first, "rule")), "R1");
    assert_string_equal(json_string_value(json_object_get(first, "severity")), "error");
    assert_int_equal(json_integer_value(json_object_get(first, "table")), 3);
    assert_true(json_is_null(json_object_get(first, "row")));
    assert_string_equal(json_string_value(json_object_get(first, "column")), "research_institution");
    assert_int_equal(json_integer_value(json_object_get(first, "expected")), 12);
    assert_int_equal(json_integer_value(json_object_get(first, "actual")), 11);
    assert_string_equal(json_string_value(json_object_get(first, "message")),
                        "表三 第3列(科研机构)：第一项+第二项=12，第三项+第四项=11");
    json_t *second = json_array_get(root, 1);
    assert_true(json_is_null(json_object_get(second, "table")));
    assert_true(json_is_null(json_object_get(second, "expected")));
    assert_string_equal(json_string_value(json_object_get(second, "severity")), "warning");
    json_decref(root);
    buf_free(&out);

    export_diagnostics_json(NULL, &out);
    assert_string_equal(out.data, "[]\n");
    buf_free(&out);
    diag_list_free(&list);
}

int main(void)
{
    const struct CMUnitTest hand_built[] = {
        cmocka_unit_test(test_export_hand_built),
        cmocka_unit_test(test_absent_rows_and_tables),
        cmocka_unit_test(test_read_variants),
        cmocka_unit_test(test_read_errors),
        cmocka_unit_test(test_diagnostics_json),
    };
    const struct CMUnitTest corpus[] = {
        cmocka_unit_test(test_corpus_round_trip),
        cmocka_unit_test(test_corpus_known_values),
    };
    int failed = cmocka_run_group_tests_name("export_json", hand_built, NULL, NULL);
    if (!test_corpus_dir()) {
        fprintf(stderr, "corpus not found: corpus tests skipped\n");
        return failed ? failed : TEST_SKIPPED;
    }
    return failed + cmocka_run_group_tests_name("export_json_corpus", corpus, NULL, NULL);
}

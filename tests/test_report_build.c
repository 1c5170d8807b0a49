/* test_report_build: the annual report built from records: counting by the year of the outcome, carried over and
 * forward (X2 by construction), table 二 from the document register (X1) and the yearly register, table 四 by
 * the state of each case at 31 Dec, and the checker finding no error. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/build.h"
#include "cases/outcome.h"
#include "report/check.h"
#include "store/store.h"
#include "util/text.h"

static int row(const char *key) { return format_application_row(&FORMAT_2021, key); }
static int64_t cell3(const report *r, const char *key, int col) { return report_application(r, row(key), col); }

static void assert_no_errors(const report *r, const report *previous)
{
    diag_list d = DIAG_LIST_INIT;
    report_check(r, previous, &d);
    for (size_t i = 0; i < d.count; i++)
        if (d.items[i].severity == SEVERITY_ERROR || strcmp(d.items[i].rule, "X2") == 0 ||
            strcmp(d.items[i].rule, "X1") == 0)
            fail_msg("%s %s", d.items[i].rule, d.items[i].message);
    diag_list_free(&d);
}

static void test_build_from_counts(void **state)
{
    (void)state;
    gk_year_counts c;
    gk_year_counts_init(&c, 2024);
    c.received[0] = 30;
    c.received[1] = 5;
    c.carried_over[0] = 2;
    c.decided[row("disclosed")][0] = 20;
    c.decided[row("withheld_third_party")][1] = 4;
    c.decided[row("other_other")][0] = 3;
    c.carried_forward[0] = 9;
    c.carried_forward[1] = 1;
    c.appeals[0][0] = 2;
    c.appeals[0][3] = 1;
    report *r = gk_report_build(&c, "甲机构");
    assert_int_equal(r->year, 2024);
    assert_string_equal(r->agency, "甲机构");
    assert_int_equal(cell3(r, "received", APPLICATION_TOTAL_COLUMN), 35);
    assert_int_equal(cell3(r, "total", 0), 23);
    assert_int_equal(cell3(r, "total", 1), 4);
    assert_int_equal(cell3(r, "total", APPLICATION_TOTAL_COLUMN), 27);
    assert_int_equal(report_appeal(r, 0, APPEAL_TOTAL_FIELD), 3);
    diag_list r1 = DIAG_LIST_INIT;
    assert_int_equal(check_r1_balance(r, &r1), 0); /* 30+2 = 23+9, 5+0 = 4+1, … */
    diag_list_free(&r1);
    assert_no_errors(r, NULL);
    /* no yearly register entry: blank, never a silent 0 */
    int licensing = format_proactive_item(&FORMAT_2021, "licensing");
    assert_int_equal(r->cells[format_proactive_cell(&FORMAT_2021, licensing, 0)].state, CELL_BLANK);
    assert_non_null(strstr(r->text[TEXT_OVERVIEW], "收到政府信息公开申请35件"));
    report_free(r);
}

/* ---- from the store ---- */

typedef struct fixture {
    gk_store *s;
    gk_calendar *cal;
    int64_t agency;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char *error = NULL;
    assert_int_equal(store_open(":memory:", true, &f->s, &error), 0);
    assert_int_equal(store_migrate(f->s, NULL, &error), 0);
    assert_int_equal(store_agency_add(f->s, "甲县政府办公室", 0, &f->agency, &error), 0);
    f->cal = gk_calendar_new_official();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    gk_calendar_free(f->cal);
    store_close(f->s);
    free(f);
    return 0;
}

static int64_t add_case(fixture *f, int type, const char *received)
{
    gk_application a;
    gk_application_init(&a);
    a.applicant_type = type;
    a.channel = GK_CHANNEL_ONLINE;
    assert_int_equal(gk_date_parse(received, &a.received_on), 0);
    char *error = NULL;
    if (store_application_add(f->s, f->agency, &a, &error) != 0) fail_msg("%s", error);
    int64_t id = a.id;
    gk_application_clear(&a);
    return id;
}

static void add_event(fixture *f, int64_t id, enum gk_event_kind kind, const char *date, const char *outcome)
{
    gk_case_event ev;
    gk_case_event_init(&ev);
    ev.ev.kind = kind;
    assert_int_equal(gk_date_parse(date, &ev.ev.date), 0);
    gk_outcome o;
    if (outcome) {
        assert_true(gk_outcome_by_key(outcome, &o));
        ev.outcome_row = o.row;
    }
    char *error = NULL;
    if (store_event_add(f->s, f->agency, id, &ev, f->cal, NULL, &error) != 0) fail_msg("%s", error);
    gk_case_event_clear(&ev);
}

static report *build(fixture *f, int year)
{
    report *r = NULL;
    char *error = NULL;
    if (store_build_report(f->s, f->agency, year, &r, &error) != 0) fail_msg("%s", error);
    return r;
}

static void test_counting_across_years(void **state)
{
    fixture *f = *state;
    /* 2023: three received; one decided in 2023, two carried forward (one of them decided in 2024) */
    int64_t a = add_case(f, 0, "2023-03-01");
    add_event(f, a, GK_EV_DECIDED, "2023-03-20", "disclosed");
    int64_t b = add_case(f, 0, "2023-12-20");
    add_event(f, b, GK_EV_DECIDED, "2024-01-10", "unable_not_held");
    int64_t c = add_case(f, 4, "2023-12-28"); /* legal service org, still open at end of 2024 */
    (void)c;
    /* 2024: two received; one withdrawn on 31 Dec (counts in 2024), one decided on 2025-01-02 */
    int64_t d = add_case(f, 1, "2024-06-03");
    add_event(f, d, GK_EV_WITHDRAWN, "2024-12-31", NULL);
    int64_t e = add_case(f, 1, "2024-12-16");
    add_event(f, e, GK_EV_DECIDED, "2025-01-02", "partly_disclosed");

    report *r23 = build(f, 2023), *r24 = build(f, 2024), *r25 = build(f, 2025);
    assert_int_equal(cell3(r23, "received", 0), 2);
    assert_int_equal(cell3(r23, "received", 4), 1);
    assert_int_equal(cell3(r23, "disclosed", 0), 1);
    assert_int_equal(cell3(r23, "carried_forward", APPLICATION_TOTAL_COLUMN), 2);

    assert_int_equal(cell3(r24, "carried_over", 0), 1);
    assert_int_equal(cell3(r24, "carried_over", 4), 1);
    assert_int_equal(cell3(r24, "received", 1), 2);
    assert_int_equal(cell3(r24, "unable_not_held", 0), 1);
    assert_int_equal(cell3(r24, "other_other", 1), 1);
    assert_int_equal(cell3(r24, "total", APPLICATION_TOTAL_COLUMN), 2);
    assert_int_equal(cell3(r24, "carried_forward", 1), 1);
    assert_int_equal(cell3(r24, "carried_forward", 4), 1);

    assert_int_equal(cell3(r25, "carried_over", APPLICATION_TOTAL_COLUMN), 2);
    assert_int_equal(cell3(r25, "partly_disclosed", 1), 1);
    assert_int_equal(cell3(r25, "carried_forward", 4), 1);

    assert_no_errors(r23, NULL);
    assert_no_errors(r24, r23);
    assert_no_errors(r25, r24);
    report_free(r23);
    report_free(r24);
    report_free(r25);
}

static void test_proactive_and_appeals(void **state)
{
    fixture *f = *state;
    char *error = NULL;
    int normative = format_proactive_item(&FORMAT_2021, "normative_documents");
    int regulations = format_proactive_item(&FORMAT_2021, "regulations");
    store_document docs[] = {
        {0, normative, "办法一", NULL, {2022, 5, 1}, {0, 0, 0}},
        {0, normative, "办法二", NULL, {2023, 2, 1}, {2024, 3, 1}},
        {0, normative, "办法三", NULL, {2024, 7, 1}, {0, 0, 0}},
        {0, regulations, "规章一", NULL, {2024, 12, 31}, {2024, 12, 31}},
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
        assert_int_equal(store_document_add(f->s, f->agency, &docs[i], &error), 0);
    int cell;
    assert_int_equal(gk_yearly_cell("penalty", NULL, &cell), 0);
    assert_int_equal(store_yearly_set(f->s, f->agency, 2024, cell, 57, &error), 0);
    assert_int_equal(gk_yearly_cell("fees", "amount_wan_yuan", &cell), 0);
    assert_int_equal(store_yearly_set(f->s, f->agency, 2024, cell, 24252311082LL, &error), 0);
    store_appeal appeals[] = {
        {0, 0, 0, NULL, {2023, 11, 1}, 0, {2024, 2, 1}},  /* concluded in 2024: upheld */
        {0, 0, 0, NULL, {2023, 5, 1}, 1, {2023, 9, 1}},   /* concluded in 2023: not counted in 2024 */
        {0, 0, 0, NULL, {2024, 10, 1}, 1, {2025, 1, 5}},  /* pending at 31 Dec 2024 */
        {0, 1, 0, NULL, {2024, 4, 1}, -1, {0, 0, 0}},     /* pending */
        {0, 2, 0, NULL, {2024, 4, 1}, 2, {2024, 12, 31}}, /* other result on 31 Dec */
    };
    for (size_t i = 0; i < sizeof appeals / sizeof appeals[0]; i++)
        assert_int_equal(store_appeal_add(f->s, f->agency, &appeals[i], &error), 0);

    report *r23 = build(f, 2023), *r24 = build(f, 2024);
    const report_format *fmt = &FORMAT_2021;
    assert_int_equal(r24->cells[format_proactive_cell(fmt, normative, 0)].value, 1); /* issued */
    assert_int_equal(r24->cells[format_proactive_cell(fmt, normative, 1)].value, 1); /* repealed */
    assert_int_equal(r24->cells[format_proactive_cell(fmt, normative, 2)].value, 2); /* in force */
    assert_int_equal(r23->cells[format_proactive_cell(fmt, normative, 2)].value, 2);
    assert_int_equal(r24->cells[format_proactive_cell(fmt, regulations, 0)].value, 1);
    assert_int_equal(r24->cells[format_proactive_cell(fmt, regulations, 2)].value, 0);
    assert_int_equal(r24->cells[cell].state, CELL_VALUE);
    assert_string_equal(r24->cells[cell].text, "24252.311082");
    int pending = 3;
    assert_string_equal(APPEAL_FIELD_DEFS[pending].key, "pending");
    assert_int_equal(report_appeal(r24, 0, 0), 1);
    assert_int_equal(report_appeal(r24, 0, pending), 1);
    assert_int_equal(report_appeal(r24, 0, APPEAL_TOTAL_FIELD), 2);
    assert_int_equal(report_appeal(r24, 1, pending), 1);
    assert_int_equal(report_appeal(r24, 2, 2), 1);
    assert_int_equal(report_appeal(r23, 0, 1), 1);
    assert_int_equal(report_appeal(r23, 0, pending), 1);
    assert_no_errors(r24, r23); /* X1 holds: 2 + 1 − 1 = 2 */
    report_free(r23);
    report_free(r24);
}

static void test_processing_fees_in_other_section(void **state)
{
    fixture *f = *state;
    int64_t id = add_case(f, 0, "2024-05-06");
    gk_case_event ev;
    gk_case_event_init(&ev);
    ev.ev = (gk_event){GK_EV_FEE_NOTICE, {2024, 5, 8}, 0};
    ev.fee_pages = 120;
    char *error = NULL;
    assert_int_equal(store_event_add(f->s, f->agency, id, &ev, f->cal, NULL, &error), 0);
    gk_case_event_clear(&ev);
    add_event(f, id, GK_EV_FEE_PAID, "2024-05-10", NULL);
    assert_int_equal(store_channel_set(f->s, f->agency, 2024, "门户网站", 300, &error), 0);
    assert_int_equal(store_channel_set(f->s, f->agency, 2024, "微信公众号", 45, &error), 0);
    assert_int_equal(store_channel_set(f->s, f->agency, 2023, "微博", 9, &error), 0);
    /* a name longer than the field is cut at a character boundary */
    char long_name[200] = "";
    for (int i = 0; i < 30; i++) strcat(long_name, "渠");
    assert_int_equal(store_channel_set(f->s, f->agency, 2024, long_name, 1, &error), 0);
    report *r = build(f, 2024);
    assert_non_null(strstr(r->text[TEXT_OTHER], "信息处理费1100元"));
    assert_non_null(strstr(r->text[TEXT_OVERVIEW], "本年度各渠道主动公开政府信息：门户网站300条，微信公众号45条，"));
    assert_null(strstr(r->text[TEXT_OVERVIEW], "微博"));
    assert_true(utf8_validate(r->text[TEXT_OVERVIEW], strlen(r->text[TEXT_OVERVIEW]), NULL));
    assert_non_null(strstr(r->text[TEXT_OVERVIEW], "渠渠渠1条。"));
    report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_from_counts),
        cmocka_unit_test_setup_teardown(test_counting_across_years, setup, teardown),
        cmocka_unit_test_setup_teardown(test_proactive_and_appeals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_processing_fees_in_other_section, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

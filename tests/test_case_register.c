/* test_case_register: the vocabulary of the case register (outcomes with their legal basis, applicant types,
 * receipt channels), the rules that refuse impossible histories, and the CSV readers (applications and
 * registers), including the all-or-nothing import into the store. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/application.h"
#include "cases/csv_import.h"
#include "cases/outcome.h"
#include "store/store.h"

/* ---- outcomes ---- */

static void test_outcomes_follow_the_format(void **state)
{
    (void)state;
    assert_int_equal(gk_outcome_count(), 21);
    /* every result row of the 2021 format, in order, and nothing else */
    const report_format *f = &FORMAT_2021;
    size_t i = 0;
    for (int row = 0; row < f->application_row_count; row++) {
        if (!f->application_rows[row].is_result) continue;
        gk_outcome o;
        assert_true(gk_outcome_at(i++, &o));
        assert_int_equal(o.row, row);
        assert_string_equal(o.key, f->application_rows[row].key);
    }
    gk_outcome o;
    assert_false(gk_outcome_at(21, &o));
    assert_false(gk_outcome_by_key("received", &o));
    assert_false(gk_outcome_by_key("total", &o));
}

static void assert_basis(const char *key, const char *article, enum gk_outcome_role role)
{
    gk_outcome o;
    assert_true(gk_outcome_by_key(key, &o));
    if (!strstr(o.basis, article)) fail_msg("%s: basis %s lacks %s", key, o.basis, article);
    assert_int_equal(o.role, role);
}

static void test_outcome_basis_is_aligned(void **state)
{
    (void)state;
    /* DESIGN.md §3: Art. 36(1)(2) → disclosed; 37 → partly; 14 → state secret, prohibited by law, 三安全一稳定;
     * 15 → third party; 16 → internal affairs, process info, enforcement file; 36(7) → query matter; 36(4)(5) →
     * not held; 38 → needs creation; 39(1) → petition; 36(6) → duplicate; 39(2) → publication; 35 → excessive. */
    assert_basis("disclosed", "第三十六条第（一）项", GK_OUTCOME_ORDINARY);
    assert_basis("partly_disclosed", "第三十七条", GK_OUTCOME_ORDINARY);
    assert_basis("withheld_state_secret", "第十四条", GK_OUTCOME_WITHHELD);
    assert_basis("withheld_prohibited_by_law", "第十四条", GK_OUTCOME_WITHHELD);
    assert_basis("withheld_security_stability", "第十四条", GK_OUTCOME_WITHHELD);
    assert_basis("withheld_third_party", "第十五条", GK_OUTCOME_WITHHELD);
    assert_basis("withheld_internal_affairs", "第十六条", GK_OUTCOME_WITHHELD);
    assert_basis("withheld_process_info", "第十六条", GK_OUTCOME_WITHHELD);
    assert_basis("withheld_enforcement_file", "第十六条", GK_OUTCOME_WITHHELD);
    assert_basis("withheld_query_matter", "第三十六条第（七）项", GK_OUTCOME_WITHHELD);
    assert_basis("unable_not_held", "第三十六条第（四）项", GK_OUTCOME_ORDINARY);
    assert_basis("unable_needs_creation", "第三十八条", GK_OUTCOME_ORDINARY);
    assert_basis("unable_unclear", "第三十条", GK_OUTCOME_ORDINARY);
    assert_basis("rejected_petition", "第三十九条第一款", GK_OUTCOME_ORDINARY);
    assert_basis("rejected_duplicate", "第三十六条第（六）项", GK_OUTCOME_ORDINARY);
    assert_basis("rejected_publication", "第三十九条第二款", GK_OUTCOME_ORDINARY);
    assert_basis("rejected_excessive", "第三十五条", GK_OUTCOME_ORDINARY);
    assert_basis("other_no_correction", "第三十条", GK_OUTCOME_NO_CORRECTION);
    assert_basis("other_unpaid_fee", "109号", GK_OUTCOME_UNPAID_FEE);
    gk_outcome o;
    assert_true(gk_outcome_by_role(GK_OUTCOME_OTHER, &o));
    assert_string_equal(o.key, "other_other");
}

static void test_applicant_types_and_channels(void **state)
{
    (void)state;
    assert_int_equal(gk_applicant_type_from_key("natural_person"), 0);
    assert_int_equal(gk_applicant_type_from_key("other_org"), 5);
    assert_int_equal(gk_applicant_type_from_key("total"), -1);
    assert_string_equal(gk_applicant_type_label(4), "法律服务机构");
    assert_true(gk_applicant_type_is_person(0));
    assert_false(gk_applicant_type_is_person(1));
    assert_int_equal(gk_channel_from_key("registered_post"), GK_CHANNEL_REGISTERED_POST);
    assert_int_equal(gk_channel_from_key("传真"), GK_CHANNEL_FAX);
    assert_int_equal(gk_channel_from_key("pigeon"), -1);
    assert_non_null(strstr(gk_channel_def_at(GK_CHANNEL_REGISTERED_POST)->receipt_rule, "签收之日"));
    assert_non_null(strstr(gk_channel_def_at(GK_CHANNEL_ORDINARY_POST)->receipt_rule, "确认之日"));
    assert_non_null(strstr(gk_channel_def_at(GK_CHANNEL_ONLINE)->receipt_rule, "双方确认之日"));
    assert_non_null(strstr(gk_channel_def_at(GK_CHANNEL_IN_PERSON)->receipt_rule, "提交之日"));
}

/* ---- histories ---- */

typedef struct history {
    gk_calendar *cal;
    gk_application app;
    gk_case_event events[16];
    size_t n;
} history;

static void history_start(history *h, const char *received)
{
    memset(h, 0, sizeof *h);
    h->cal = gk_calendar_new_official();
    gk_application_init(&h->app);
    assert_int_equal(gk_date_parse(received, &h->app.received_on), 0);
    gk_case_event_init(&h->events[0]);
    h->events[0].ev = (gk_event){GK_EV_RECEIVED, h->app.received_on, 0};
    h->n = 1;
}

static void history_end(history *h)
{
    for (size_t i = 0; i < h->n; i++) gk_case_event_clear(&h->events[i]);
    gk_application_clear(&h->app);
    gk_calendar_free(h->cal);
}

/* Tries to append an event; returns the error (caller frees) or NULL when accepted (then it is appended). */
static char *try_event(history *h, enum gk_event_kind kind, const char *date, int days, const char *outcome,
                       int pages, int rank)
{
    gk_case_event ev;
    gk_case_event_init(&ev);
    ev.ev.kind = kind;
    assert_int_equal(gk_date_parse(date, &ev.ev.date), 0);
    ev.ev.extension_days = days;
    if (kind == GK_EV_EXTENSION_APPROVED) ev.approver = xstrdup("王主任");
    gk_outcome o;
    if (outcome) {
        assert_true(gk_outcome_by_key(outcome, &o));
        ev.outcome_row = o.row;
    }
    ev.fee_pages = pages;
    char *error = NULL;
    if (gk_case_event_prepare(h->cal, &h->app, h->events, h->n, &ev, rank, NULL, &error) != 0) {
        gk_case_event_clear(&ev);
        assert_non_null(error);
        return error;
    }
    h->events[h->n++] = ev;
    return NULL;
}

static void expect_refused(char *error, const char *phrase)
{
    assert_non_null(error);
    if (!strstr(error, phrase)) fail_msg("message \"%s\" lacks \"%s\"", error, phrase);
    free(error);
}

static void test_decision_rules(void **state)
{
    (void)state;
    history h;
    history_start(&h, "2024-02-01");
    expect_refused(try_event(&h, GK_EV_DECIDED, "2024-01-31", 0, "disclosed", 0, 0), "早于收到申请之日");
    expect_refused(try_event(&h, GK_EV_DECIDED, "2024-02-10", 0, NULL, 0, 0), "--outcome");
    expect_refused(try_event(&h, GK_EV_DECIDED, "2024-02-10", 0, "other_no_correction", 0, 0), "逾期未补正");
    expect_refused(try_event(&h, GK_EV_CONSULTATION_STARTED, "2024-02-05", 0, "disclosed", 0, 0), "不带办理结果");
    assert_null(try_event(&h, GK_EV_DECIDED, "2024-02-20", 0, "withheld_third_party", 0, 0));
    assert_non_null(strstr(h.events[1].basis, "第十五条")); /* default basis filled in */
    expect_refused(try_event(&h, GK_EV_DECIDED, "2024-02-21", 0, "disclosed", 0, 0), "只能有一个办理结果");
    expect_refused(try_event(&h, GK_EV_WITHDRAWN, "2024-02-21", 0, NULL, 0, 0), "只能有一个办理结果");
    assert_null(try_event(&h, GK_EV_DELIVERED, "2024-02-22", 0, NULL, 0, 0));
    history_end(&h);
}

static void test_closing_events_carry_their_outcome(void **state)
{
    (void)state;
    history h;
    history_start(&h, "2024-03-01");
    assert_null(try_event(&h, GK_EV_CORRECTION_REQUESTED, "2024-03-05", 0, NULL, 0, 0));
    assert_null(try_event(&h, GK_EV_CORRECTION_LAPSED, "2024-04-10", 0, NULL, 0, 0));
    gk_outcome o;
    assert_true(gk_outcome_by_row(h.events[2].outcome_row, &o));
    assert_string_equal(o.key, "other_no_correction");
    history_end(&h);
    history_start(&h, "2024-03-01");
    assert_null(try_event(&h, GK_EV_WITHDRAWN, "2024-03-04", 0, NULL, 0, 0));
    assert_true(gk_outcome_by_row(h.events[1].outcome_row, &o));
    assert_string_equal(o.key, "other_other");
    history_end(&h);
    /* a lapse event may not name a different outcome */
    history_start(&h, "2024-03-01");
    expect_refused(try_event(&h, GK_EV_WITHDRAWN, "2024-03-04", 0, "disclosed", 0, 0), "固定为");
    history_end(&h);
}

static void test_extension_rules(void **state)
{
    (void)state;
    history h;
    history_start(&h, "2026-09-18"); /* due 2026-10-22 */
    expect_refused(try_event(&h, GK_EV_EXTENSION_APPROVED, "2026-10-15", 21, NULL, 0, 0), "20");
    expect_refused(try_event(&h, GK_EV_EXTENSION_APPROVED, "2026-10-23", 10, NULL, 0, 0), "答复期限届满前批准");
    assert_null(try_event(&h, GK_EV_EXTENSION_APPROVED, "2026-10-15", 15, NULL, 0, 0));
    expect_refused(try_event(&h, GK_EV_EXTENSION_APPROVED, "2026-10-20", 6, NULL, 0, 0), "20");
    assert_null(try_event(&h, GK_EV_EXTENSION_APPROVED, "2026-10-20", 5, NULL, 0, 0));
    gk_deadline dl;
    char *error = NULL;
    assert_int_equal(gk_case_deadline(h.cal, h.events, h.n, &dl, &error), 0);
    char due[11];
    gk_date_format(dl.due, due);
    assert_string_equal(due, "2026-11-19"); /* DESIGN.md §3: 2026-09-18 +20 → 10-22, extended +20 → 11-19 */
    gk_deadline_free(&dl);
    history_end(&h);
    /* an extension needs its approver */
    history_start(&h, "2026-09-18");
    gk_case_event ev;
    gk_case_event_init(&ev);
    ev.ev = (gk_event){GK_EV_EXTENSION_APPROVED, {2026, 10, 15}, 5};
    assert_int_equal(gk_case_event_prepare(h.cal, &h.app, h.events, h.n, &ev, 0, NULL, &error), -1);
    expect_refused(error, "--approver");
    gk_case_event_clear(&ev);
    history_end(&h);
}

static void test_fee_band_rules(void **state)
{
    (void)state;
    history h;
    history_start(&h, "2024-05-06");
    expect_refused(try_event(&h, GK_EV_FEE_NOTICE, "2024-05-08", 0, NULL, 0, 10), "第 10 件");
    expect_refused(try_event(&h, GK_EV_FEE_NOTICE, "2024-05-08", 0, NULL, 30, 0), "30 页");
    assert_null(try_event(&h, GK_EV_FEE_NOTICE, "2024-05-08", 0, NULL, 0, 11));
    assert_int_equal(h.events[1].fee_amount, 100);
    history_end(&h);
    history_start(&h, "2024-05-06");
    assert_null(try_event(&h, GK_EV_FEE_NOTICE, "2024-05-08", 0, NULL, 31, 0));
    assert_int_equal(h.events[1].fee_amount, 10);
    assert_null(try_event(&h, GK_EV_FEE_LAPSED, "2024-06-20", 0, NULL, 0, 0));
    gk_outcome o;
    assert_true(gk_outcome_by_row(h.events[2].outcome_row, &o));
    assert_string_equal(o.key, "other_unpaid_fee");
    history_end(&h);
}

/* ---- CSV ---- */

static void test_csv_reader(void **state)
{
    (void)state;
    const char text[] = "\xEF\xBB\xBF" "a,b,c\r\n\"x, y\",\"he said \"\"hi\"\"\",\"two\nlines\"\r\n\r\nlast,,\n";
    gk_csv_reader r;
    assert_int_equal(gk_csv_open(&r, text, sizeof text - 1, NULL), 0);
    gk_csv_record rec;
    assert_int_equal(gk_csv_next(&r, &rec, NULL), 1);
    assert_int_equal(rec.count, 3);
    assert_string_equal(rec.fields[0], "a");
    assert_int_equal(gk_csv_next(&r, &rec, NULL), 1);
    assert_int_equal(rec.line, 2);
    assert_string_equal(rec.fields[0], "x, y");
    assert_string_equal(rec.fields[1], "he said \"hi\"");
    assert_string_equal(rec.fields[2], "two\nlines");
    assert_int_equal(gk_csv_next(&r, &rec, NULL), 1);
    assert_int_equal(rec.line, 5);
    assert_int_equal(rec.count, 3);
    assert_string_equal(rec.fields[2], "");
    assert_int_equal(gk_csv_next(&r, &rec, NULL), 0);
    gk_csv_close(&r);
}

static void test_csv_gb18030(void **state)
{
    (void)state;
    /* "tracking_no,applicant_type,applicant_name,received_on,outcome,decided_on\nG1,natural_person,张三,..." in GBK */
    const char text[] = "tracking_no,applicant_type,applicant_name,received_on,outcome,decided_on\n"
                        "G1,natural_person,\xD5\xC5\xC8\xFD,2024-01-02,,\n";
    gk_application_rows rows;
    gk_import_errors errors;
    gk_import_errors_init(&errors, 10);
    assert_int_equal(gk_parse_application_csv(text, sizeof text - 1, &rows, &errors), 0);
    assert_int_equal(rows.count, 1);
    assert_string_equal(rows.rows[0].applicant_name, "张三");
    assert_int_equal(rows.rows[0].outcome_row, -1);
    gk_application_rows_free(&rows);
    gk_import_errors_free(&errors);
}

static size_t parse_errors(const char *text, char **message)
{
    gk_application_rows rows;
    gk_import_errors errors;
    gk_import_errors_init(&errors, 50);
    size_t n = gk_parse_application_csv(text, strlen(text), &rows, &errors);
    *message = gk_import_errors_message(&errors, "x.csv");
    gk_application_rows_free(&rows);
    gk_import_errors_free(&errors);
    return n;
}

static void test_application_csv_errors_name_line_and_field(void **state)
{
    (void)state;
    char *m;
    assert_int_equal(parse_errors("tracking_no,applicant_type,applicant_name,received_on,outcome,decided_on,channel,request\n"
                                  "A1,natural_person,甲,2024-01-02,disclosed,2024-01-20,online,\"预算, 决算\"\n"
                                  "A2,other_org,乙公司,2024-12-30,,,,\n",
                                  &m),
                     0);
    free(m);
    assert_int_equal(parse_errors("tracking_no,applicant_type,applicant_name,received_on,outcome,decided_on\n"
                                  "A1,natural_persn,甲,2024-01-02,,\n"         /* line 2: type */
                                  "A2,natural_person,乙,2024-02-30,,\n"        /* line 3: date */
                                  "A3,natural_person,丙,2024-03-01,disclosed,\n" /* line 4: decided_on missing */
                                  "A4,natural_person,丁,2024-03-01,,2024-03-05\n" /* line 5: outcome missing */
                                  "A5,natural_person,戊,2024-03-10,disclosed,2024-03-01\n" /* line 6: before */
                                  "A6,natural_person,己,2024-03-10,total,2024-03-11\n"     /* line 7: not outcome */
                                  "A7,natural_person,庚,2024-03-10,,\n"
                                  "A7,natural_person,辛,2024-03-10,,\n"                   /* line 9: duplicate */
                                  "A9,natural_person\n",                                  /* line 10: fields */
                                  &m),
                     8);
    const char *expected[] = {"第2行 字段“applicant_type”", "第3行 字段“received_on”", "第4行 字段“decided_on”",
                              "第5行 字段“outcome”",        "第6行 字段“decided_on”",  "第7行 字段“outcome”",
                              "第9行 字段“tracking_no”：申请编号“A7”与第8行重复", "第10行：这一行有 2 个字段"};
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        if (!strstr(m, expected[i])) fail_msg("missing \"%s\" in:\n%s", expected[i], m);
    free(m);
    assert_int_equal(parse_errors("tracking_no,applicant_type,received_on,outcome,decided_on,colour\n", &m), 2);
    assert_non_null(strstr(m, "字段“colour”：不认识的列名"));
    assert_non_null(strstr(m, "字段“applicant_name”：表头缺少"));
    free(m);
    assert_int_equal(parse_errors("", &m), 1);
    assert_non_null(strstr(m, "没有表头"));
    free(m);
}

static void test_import_is_all_or_nothing(void **state)
{
    (void)state;
    gk_store *s = NULL;
    char *error = NULL;
    assert_int_equal(store_open(":memory:", true, &s, &error), 0);
    assert_int_equal(store_migrate(s, NULL, &error), 0);
    int64_t ag;
    assert_int_equal(store_agency_add(s, "甲机构", 0, &ag, &error), 0);
    const char good[] = "tracking_no,applicant_type,applicant_name,received_on,outcome,decided_on\n"
                        "A1,natural_person,甲,2024-01-02,disclosed,2024-01-20\n"
                        "A2,commercial_enterprise,乙,2024-01-03,,\n";
    size_t count = 0;
    assert_int_equal(store_import_applications_csv(s, ag, good, sizeof good - 1, "good.csv", &count, &error), 0);
    assert_int_equal(count, 2);
    /* A3 is fine, A1 exists already: nothing of the file is written */
    const char clash[] = "tracking_no,applicant_type,applicant_name,received_on,outcome,decided_on\n"
                         "A3,natural_person,丙,2024-02-02,,\n"
                         "A1,natural_person,丁,2024-02-03,,\n"
                         "A2,natural_person,戊,2024-01-01,,\n";
    assert_int_equal(store_import_applications_csv(s, ag, clash, sizeof clash - 1, "clash.csv", &count, &error), -1);
    char *first = strstr(error, "第3行 字段“tracking_no”：申请编号“A1”在数据库中已存在");
    char *second = strstr(error, "第4行 字段“tracking_no”：申请编号“A2”在数据库中已存在");
    assert_non_null(first);
    assert_non_null(second);
    assert_true(first < second); /* line order, though the rows are written in order of receipt */
    assert_non_null(strstr(error, "clash.csv"));
    free(error);
    gk_application *list;
    size_t n;
    assert_int_equal(store_application_list(s, ag, NULL, &list, &n, &error), 0);
    assert_int_equal(n, 2);
    store_application_list_free(list, n);
    /* the imported decision is in the event log, so the history is whole */
    int64_t id;
    assert_int_equal(store_application_find(s, ag, "A1", &id, &error), 1);
    gk_case_event *events;
    assert_int_equal(store_event_list(s, ag, id, &events, &n, &error), 0);
    assert_int_equal(n, 2);
    assert_int_equal(events[1].ev.kind, GK_EV_DECIDED);
    store_event_list_free(events, n);
    store_close(s);
}

static void test_register_csvs(void **state)
{
    (void)state;
    gk_register_rows rows;
    gk_import_errors errors;
    gk_import_errors_init(&errors, 50);
    const char docs[] = "item,title,doc_no,issued_on,repealed_on\n"
                        "normative_documents,办法甲,宽政办〔2024〕1号,2024-03-01,\n"
                        "regulations,规章乙,,2020-01-01,2024-06-30\n"
                        "licensing,错,,2024-01-01,\n"
                        "regulations,规章丙,,2024-05-01,2024-04-01\n";
    assert_int_equal(gk_parse_register_csv(GK_REGISTER_DOCUMENTS, docs, sizeof docs - 1, &rows, &errors), 2);
    assert_int_equal(rows.count, 2);
    assert_string_equal(rows.documents[0].doc_no, "宽政办〔2024〕1号");
    assert_non_null(strstr(buf_cstr(&errors.text), "第4行 字段“item”"));
    assert_non_null(strstr(buf_cstr(&errors.text), "第5行 字段“repealed_on”"));
    gk_register_rows_free(&rows);
    gk_import_errors_free(&errors);

    gk_import_errors_init(&errors, 50);
    const char yearly[] = "year,item,field,value\n2024,licensing,decisions,120\n2024,fees,amount_wan_yuan,96171.6\n"
                          "2024,penalty,,7\n2024,regulations,issued,3\n2024,fees,,abc\n";
    assert_int_equal(gk_parse_register_csv(GK_REGISTER_YEARLY, yearly, sizeof yearly - 1, &rows, &errors), 2);
    assert_int_equal(rows.count, 3);
    assert_int_equal(rows.yearly[1].value, 96171600000LL); /* millionths of 万元 */
    assert_int_equal(rows.yearly[2].value, 7);
    assert_non_null(strstr(buf_cstr(&errors.text), "第5行 字段“item”"));
    assert_non_null(strstr(buf_cstr(&errors.text), "第6行 字段“value”"));
    gk_register_rows_free(&rows);
    gk_import_errors_free(&errors);

    gk_import_errors_init(&errors, 50);
    const char appeals[] = "block,case_no,filed_on,result,concluded_on,tracking_no\n"
                           "reconsideration,复2024-1,2024-02-01,upheld,2024-04-01,A1\n"
                           "litigation_direct,,2024-03-01,,,\n"
                           "litigation_direct,,2024-03-01,pending,2024-05-01,\n"
                           "reconsideration,,2024-03-01,upheld,,\n";
    assert_int_equal(gk_parse_register_csv(GK_REGISTER_APPEALS, appeals, sizeof appeals - 1, &rows, &errors), 2);
    assert_int_equal(rows.count, 2);
    assert_int_equal(rows.appeals[1].result, -1);
    assert_string_equal(rows.appeals[0].tracking_no, "A1");
    assert_non_null(strstr(buf_cstr(&errors.text), "第4行 字段“result”"));
    assert_non_null(strstr(buf_cstr(&errors.text), "第5行 字段“concluded_on”"));
    gk_register_rows_free(&rows);
    gk_import_errors_free(&errors);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outcomes_follow_the_format),
        cmocka_unit_test(test_outcome_basis_is_aligned),
        cmocka_unit_test(test_applicant_types_and_channels),
        cmocka_unit_test(test_decision_rules),
        cmocka_unit_test(test_closing_events_carry_their_outcome),
        cmocka_unit_test(test_extension_rules),
        cmocka_unit_test(test_fee_band_rules),
        cmocka_unit_test(test_csv_reader),
        cmocka_unit_test(test_csv_gb18030),
        cmocka_unit_test(test_application_csv_errors_name_line_and_field),
        cmocka_unit_test(test_import_is_all_or_nothing),
        cmocka_unit_test(test_register_csvs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_deadline: event logs → reply due dates (DESIGN.md §3). A table of histories over the official
 * 2019–2026 calendar (spring festivals, National Day, 调休, year crossings, 补正 restarts, consultation and
 * fee pauses beginning or ending in holidays, extensions, provisional 2027), the refused histories, the
 * explanation text, agency holidays and loading a 2027 calendar. Expected dates were derived by counting days
 * in shared/calendar/YYYY.json. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cases/calendar.h"
#include "cases/deadline.h"

static gk_date D(const char *s)
{
    gk_date d = {0, 0, 0};
    if (gk_date_parse(s, &d) != 0)
        fail_msg("bad date in test: %s", s);
    return d;
}

static void assert_date(gk_date got, const char *want)
{
    char s[11];
    gk_date_format(got, s);
    if (strcmp(s, want) != 0)
        fail_msg("date %s, want %s", s, want);
}

static void assert_chinese(const char *msg)
{
    assert_non_null(msg);
    bool cjk = false;
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++)
        cjk |= *p >= 0xE4 && *p <= 0xE9;
    if (!cjk)
        fail_msg("not a Chinese message: %s", msg);
}

static void assert_contains(const char *text, const char *part)
{
    if (!text || !strstr(text, part))
        fail_msg("\"%s\" not found in:\n%s", part, text ? text : "(null)");
}

/* Parses "received 2024-02-01, extension_approved 2024-03-01 +20, …" into events; returns the count. */
static size_t parse_events(const char *spec, gk_event *out, size_t cap)
{
    size_t n = 0;
    char *copy = strdup(spec), *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char key[64], date[16];
        int days = 0;
        if (sscanf(item, " %63s %15s +%d", key, date, &days) < 2 || n == cap)
            fail_msg("bad event spec: %s", item);
        int kind = gk_event_kind_from_key(key);
        if (kind < 0)
            fail_msg("unknown event key: %s", key);
        out[n++] = (gk_event){(enum gk_event_kind)kind, D(date), days};
    }
    free(copy);
    return n;
}

static int compute(const gk_calendar *cal, const char *spec, gk_deadline *dl, char **err)
{
    gk_event ev[16];
    size_t n = parse_events(spec, ev, 16);
    return gk_deadline_compute(cal, ev, n, dl, err);
}

/* ---- the table ---- */

static const struct dl_case {
    const char *name, *events, *due;
    bool open, paused, provisional;
    int paused_wd, ext;
    const char *correction_due; /* NULL: not checked */
} cases[] = {
    /* plain receipts: +20 working days */
    {"收到 2024-02-01", "received 2024-02-01", "2024-03-05", true, false, false, 0, 0, "2024-02-09"},
    {"收到 2025-09-26", "received 2025-09-26", "2025-10-30", true, false, false, 0, 0, "2025-10-13"},
    {"收到 2025-12-29", "received 2025-12-29", "2026-01-27", true, false, false, 0, 0, "2026-01-08"},
    {"收到 2026-09-18", "received 2026-09-18", "2026-10-22", true, false, false, 0, 0, "2026-09-29"},
    {"春节 2019", "received 2019-01-25", "2019-02-27", true, false, false, 0, 0, "2019-02-03"},
    {"春节 2020（延长假期）", "received 2020-01-17", "2020-02-21", true, false, false, 0, 0, "2020-02-04"},
    {"春节 2021", "received 2021-02-05", "2021-03-10", true, false, false, 0, 0, "2021-02-20"},
    {"春节 2022", "received 2022-01-26", "2022-02-28", true, false, false, 0, 0, "2022-02-09"},
    {"春节 2023", "received 2023-01-18", "2023-02-20", true, false, false, 0, 0, "2023-02-01"},
    {"春节 2025", "received 2025-01-20", "2025-02-21", true, false, false, 0, 0, "2025-02-05"},
    {"春节 2026", "received 2026-02-06", "2026-03-12", true, false, false, 0, 0, "2026-02-24"},
    {"周六收到", "received 2024-02-03", "2024-03-06", true, false, false, 0, 0, "2024-02-18"},
    {"调休周六收到", "received 2026-02-28", "2026-03-27", true, false, false, 0, 0, "2026-03-10"},
    {"国庆假期中收到", "received 2024-10-03", "2024-11-01", true, false, false, 0, 0, "2024-10-15"},
    {"国庆 2019", "received 2019-09-20", "2019-10-23", true, false, false, 0, 0, "2019-09-30"},
    {"中秋国庆 2023", "received 2023-09-20", "2023-10-24", true, false, false, 0, 0, "2023-10-07"},
    {"跨年 2022→2023", "received 2022-12-20", "2023-01-18", true, false, false, 0, 0, "2022-12-29"},
    {"跨年 2018→2019（2018无数据）", "received 2018-12-20", "2019-01-18", true, false, true, 0, 0, "2018-12-29"},
    {"跨入2027", "received 2026-12-10", "2027-01-07", true, false, true, 0, 0, "2026-12-21"},
    {"2026年12月内", "received 2026-12-01", "2026-12-29", true, false, false, 0, 0, "2026-12-10"},
    /* extension */
    {"国庆 延期20", "received 2026-09-18, extension_approved 2026-10-20 +20", "2026-11-19", true, false, false, 0, 20, NULL},
    {"延期 10+10", "received 2024-05-06, extension_approved 2024-05-20 +10, extension_approved 2024-06-10 +10",
     "2024-07-01", true, false, false, 0, 20, NULL},
    {"延期 期限当日批准", "received 2024-02-01, extension_approved 2024-03-05 +20", "2024-04-02", true, false, false, 0, 20, NULL},
    {"征求意见中延期", "received 2024-02-01, consultation_started 2024-02-20, extension_approved 2024-03-07 +5, "
     "consultation_answered 2024-03-08", "2024-03-29", true, false, false, 13, 5, NULL},
    {"延期 跨入2027", "received 2026-11-20, extension_approved 2026-12-10 +20", "2027-01-15", true, false, true, 0, 20, NULL},
    /* 补正 */
    {"补正 等待中", "received 2024-02-01, correction_requested 2024-02-02", "2024-03-05", true, true, false, 0, 0, "2024-02-09"},
    {"补正 重新起算", "received 2024-02-01, correction_requested 2024-02-05, correction_received 2024-02-20",
     "2024-03-19", true, false, false, 0, 0, NULL},
    {"补正 春节中收到", "received 2026-02-02, correction_requested 2026-02-04, correction_received 2026-02-16",
     "2026-03-20", true, false, false, 0, 0, NULL},
    {"补正 跨年", "received 2025-12-10, correction_requested 2025-12-12, correction_received 2025-12-30",
     "2026-01-28", true, false, false, 0, 0, NULL},
    {"补正 逾期未补正", "received 2024-03-01, correction_requested 2024-03-04, correction_lapsed 2024-04-30",
     "2024-03-29", false, false, false, 0, 0, NULL},
    {"补正 重新起算跨入2027", "received 2026-11-20, correction_requested 2026-11-23, correction_received 2026-12-15",
     "2027-01-12", true, false, true, 0, 0, NULL},
    {"补正期间征求意见", "received 2024-02-01, correction_requested 2024-02-02, consultation_started 2024-02-05, "
     "correction_received 2024-02-20, consultation_answered 2024-02-27", "2024-03-26", true, false, false, 5, 0, NULL},
    /* consultation */
    {"征求意见", "received 2025-09-01, consultation_started 2025-09-10, consultation_answered 2025-09-30",
     "2025-10-24", true, false, false, 15, 0, NULL},
    {"征求意见 国庆假期中开始", "received 2025-09-22, consultation_started 2025-10-03, consultation_answered 2025-10-15",
     "2025-11-03", true, false, false, 6, 0, NULL},
    {"征求意见 国庆假期中结束", "received 2024-09-10, consultation_started 2024-09-20, consultation_answered 2024-10-05",
     "2024-10-23", true, false, false, 7, 0, NULL},
    {"征求意见 进行中", "received 2024-09-10, consultation_started 2024-09-20", "2024-10-14", true, true, false, 0, 0, NULL},
    {"两个征求意见重叠", "received 2024-03-01, consultation_started 2024-03-05, consultation_started 2024-03-07, "
     "consultation_answered 2024-03-12, consultation_answered 2024-03-20", "2024-04-16", true, false, false, 11, 0, NULL},
    {"超期后才征求意见", "received 2024-02-01, consultation_started 2024-03-06, consultation_answered 2024-03-15",
     "2024-03-05", true, false, false, 0, 0, NULL},
    /* fee */
    {"收费 跨清明", "received 2024-04-01, fee_notice 2024-04-03, fee_paid 2024-04-12", "2024-05-10", true, false, false, 6, 0, NULL},
    {"收费 逾期未缴", "received 2024-04-01, fee_notice 2024-04-03, fee_lapsed 2024-05-06", "2024-04-29", false, false, false, 0, 0, NULL},
    {"收费与征求意见重叠", "received 2024-04-25, consultation_started 2024-05-06, fee_notice 2024-05-08, "
     "consultation_answered 2024-05-10, fee_paid 2024-05-15", "2024-06-05", true, false, false, 8, 0, NULL},
    {"收费 国庆假期中通知", "received 2024-09-27, fee_notice 2024-10-02, fee_paid 2024-10-09", "2024-11-01", true, false, false, 2, 0, NULL},
    {"收费 等待中", "received 2024-09-27, fee_notice 2024-10-02", "2024-10-30", true, true, false, 0, 0, NULL},
    /* closing */
    {"按期答复并送达", "received 2024-02-01, decided 2024-03-01, delivered 2024-03-04", "2024-03-05", false, false, false, 0, 0, NULL},
    {"逾期答复", "received 2024-02-01, decided 2024-03-08", "2024-03-05", false, false, false, 0, 0, NULL},
    {"撤回", "received 2024-02-01, withdrawn 2024-02-06", "2024-03-05", false, false, false, 0, 0, NULL},
    {"乱序输入按日期排序", "consultation_answered 2025-09-30, received 2025-09-01, consultation_started 2025-09-10",
     "2025-10-24", true, false, false, 15, 0, NULL},
};

static void test_table(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_official();
    size_t n = sizeof cases / sizeof cases[0];
    assert_true(n >= 40);
    for (size_t i = 0; i < n; i++) {
        const struct dl_case *c = &cases[i];
        gk_deadline dl;
        char *err = NULL;
        if (compute(cal, c->events, &dl, &err) != 0)
            fail_msg("%s: refused: %s", c->name, err);
        char due[11];
        gk_date_format(dl.due, due);
        if (strcmp(due, c->due) != 0 || dl.open != c->open || dl.paused != c->paused ||
            dl.provisional != c->provisional || dl.paused_working_days != c->paused_wd || dl.extension_days != c->ext)
            fail_msg("%s: due %s open %d paused %d provisional %d paused_wd %d ext %d\n"
                     "   want %s open %d paused %d provisional %d paused_wd %d ext %d\n%s",
                     c->name, due, dl.open, dl.paused, dl.provisional, dl.paused_working_days, dl.extension_days,
                     c->due, c->open, c->paused, c->provisional, c->paused_wd, c->ext, dl.explanation);
        if (c->correction_due)
            assert_date(dl.correction_due, c->correction_due);
        assert_chinese(dl.explanation);
        gk_deadline_free(&dl);
    }
    gk_calendar_free(cal);
}

/* ---- details of particular histories ---- */

static void test_worked_examples(void **state)
{
    (void)state;
    static const struct {
        const char *from;
        int n;
        const char *due;
    } ex[] = {{"2024-02-01", 20, "2024-03-05"}, {"2025-09-26", 20, "2025-10-30"}, {"2025-12-29", 20, "2026-01-27"},
              {"2026-02-12", 7, "2026-02-28"},  {"2026-09-18", 20, "2026-10-22"}, {"2026-09-18", 40, "2026-11-19"}};
    gk_calendar *cal = gk_calendar_new_official();
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++)
        assert_date(gk_calendar_add_working_days(cal, D(ex[i].from), ex[i].n, NULL), ex[i].due);
    /* 2026-02-12 +7 is also the 补正 notice deadline of an application received that day */
    gk_deadline dl;
    assert_int_equal(compute(cal, "received 2026-02-12", &dl, NULL), 0);
    assert_date(dl.correction_due, "2026-02-28");
    assert_date(dl.due, "2026-03-18");
    gk_deadline_free(&dl);
    gk_calendar_free(cal);
}

static void test_explanation(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_official();
    gk_deadline dl;
    assert_int_equal(compute(cal, "received 2024-02-01", &dl, NULL), 0);
    assert_contains(dl.explanation, "2024-02-01（星期四） 收到申请，收到当日不计入");
    assert_contains(dl.explanation, "第20个工作日，即2024-03-05（星期二）");
    assert_contains(dl.explanation, "计入：2024-02-04（星期日），春节调休上班");
    assert_contains(dl.explanation, "不计入：2024-02-10（星期六）至2024-02-17（星期六），春节假期，共8天");
    assert_contains(dl.explanation, "计入：2024-02-18（星期日），春节调休上班");
    assert_contains(dl.explanation, "不计入：2024-02-24（星期六）至2024-02-25（星期日），周末，共2天");
    assert_contains(dl.explanation, "当前状态：办理中，答复期限2024-03-05（星期二）");
    gk_deadline_free(&dl);

    /* pause, restart, extension, provisional */
    assert_int_equal(compute(cal, "received 2024-06-03, consultation_started 2024-06-07, consultation_answered 2024-06-14",
                             &dl, NULL), 0);
    assert_contains(dl.explanation, "端午节假期（与周末连休），共3天");
    assert_contains(dl.explanation, "征求第三方（或有关机关）意见：计时暂停");
    assert_contains(dl.explanation, "共4个工作日不计入");
    assert_contains(dl.explanation, "顺延至");
    gk_deadline_free(&dl);

    assert_int_equal(compute(cal, "received 2024-02-01, correction_requested 2024-02-05, correction_received 2024-02-20",
                             &dl, NULL), 0);
    assert_contains(dl.explanation, "补正告知：等待申请人补正");
    assert_contains(dl.explanation, "收到补正材料：答复期限自当日重新起算20个工作日，至2024-03-19（星期二）");
    gk_deadline_free(&dl);

    assert_int_equal(compute(cal, "received 2026-09-18, extension_approved 2026-10-20 +20", &dl, NULL), 0);
    assert_contains(dl.explanation, "不计入：2026-10-01（星期四）至2026-10-07（星期三），国庆节假期，共7天");
    assert_contains(dl.explanation, "中秋节假期，共3天");
    assert_contains(dl.explanation, "计入：2026-09-20（星期日），国庆节调休上班");
    assert_contains(dl.explanation, "批准延期答复20个工作日（累计20个）：答复期限由2026-10-22（星期四）延长至2026-11-19（星期四）");
    gk_deadline_free(&dl);

    assert_int_equal(compute(cal, "received 2026-12-10", &dl, NULL), 0);
    assert_true(dl.provisional);
    assert_contains(dl.explanation, "2027年");
    assert_contains(dl.explanation, "暂定");
    gk_deadline_free(&dl);

    /* a consultation ends while a 补正 is outstanding: still waiting on the applicant */
    assert_int_equal(compute(cal, "received 2024-02-01, consultation_started 2024-02-05, correction_requested 2024-02-06, "
                                  "consultation_answered 2024-02-08", &dl, NULL), 0);
    assert_true(dl.paused && dl.waiting_correction && !dl.waiting_consultation);
    assert_contains(dl.explanation, "仍在等待申请人补正，计时继续暂停");
    assert_contains(dl.explanation, "当前状态：暂停，等待申请人补正");
    gk_deadline_free(&dl);

    /* a late 补正 notice and a second one are pointed out */
    assert_int_equal(compute(cal, "received 2024-02-01, correction_requested 2024-02-19, correction_received 2024-02-20, "
                                  "correction_requested 2024-02-21", &dl, NULL), 0);
    assert_contains(dl.explanation, "前发出，已逾期");
    assert_contains(dl.explanation, "第2次补正告知");
    gk_deadline_free(&dl);
    gk_calendar_free(cal);
}

static void test_state_fields(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_official();
    gk_deadline dl;

    assert_int_equal(compute(cal, "received 2024-09-10, consultation_started 2024-09-20", &dl, NULL), 0);
    assert_true(dl.paused && dl.waiting_consultation && !dl.waiting_fee && !dl.waiting_correction);
    assert_date(dl.paused_since, "2024-09-20");
    assert_date(dl.consultation_due, "2024-10-16"); /* 15 working days over National Day */
    assert_int_equal(dl.closed_by, GK_EV__COUNT);
    assert_false(gk_deadline_overdue(&dl, D("2025-01-01"))); /* paused: never overdue */
    gk_deadline_free(&dl);

    assert_int_equal(compute(cal, "received 2024-09-27, fee_notice 2024-10-02", &dl, NULL), 0);
    assert_true(dl.waiting_fee);
    assert_date(dl.fee_due, "2024-11-01");
    gk_deadline_free(&dl);

    assert_int_equal(compute(cal, "received 2024-02-01, decided 2024-03-08, delivered 2024-03-11", &dl, NULL), 0);
    assert_false(dl.open);
    assert_int_equal(dl.closed_by, GK_EV_DECIDED);
    assert_date(dl.closed_on, "2024-03-08");
    assert_date(dl.delivered_on, "2024-03-11");
    assert_true(dl.late);
    assert_int_equal(dl.late_working_days, 3);
    assert_contains(dl.explanation, "逾期3个工作日");
    gk_deadline_free(&dl);

    assert_int_equal(compute(cal, "received 2024-02-01, decided 2024-03-05", &dl, NULL), 0);
    assert_false(dl.late);
    gk_deadline_free(&dl);

    /* decided while a consultation runs: the clock is stopped, so not late */
    assert_int_equal(compute(cal, "received 2024-02-01, consultation_started 2024-03-01, decided 2024-03-12", &dl, NULL), 0);
    assert_false(dl.late);
    assert_false(dl.paused); /* closed */
    gk_deadline_free(&dl);

    assert_int_equal(compute(cal, "received 2024-04-01, fee_notice 2024-04-03, fee_lapsed 2024-05-06", &dl, NULL), 0);
    assert_int_equal(dl.closed_by, GK_EV_FEE_LAPSED);
    gk_deadline_free(&dl);
    assert_int_equal(compute(cal, "received 2024-03-01, correction_requested 2024-03-04, correction_lapsed 2024-04-30", &dl, NULL), 0);
    assert_int_equal(dl.closed_by, GK_EV_CORRECTION_LAPSED);
    gk_deadline_free(&dl);
    assert_int_equal(compute(cal, "received 2024-02-01, withdrawn 2024-02-06, delivered 2024-02-07", &dl, NULL), 0);
    assert_int_equal(dl.closed_by, GK_EV_WITHDRAWN);
    gk_deadline_free(&dl);

    assert_int_equal(compute(cal, "received 2024-02-01", &dl, NULL), 0);
    assert_false(gk_deadline_overdue(&dl, D("2024-03-05")));
    assert_true(gk_deadline_overdue(&dl, D("2024-03-06")));
    assert_int_equal(gk_deadline_working_days_left(cal, &dl, D("2024-02-01")), 20);
    assert_int_equal(gk_deadline_working_days_left(cal, &dl, D("2024-03-05")), 0);
    assert_int_equal(gk_deadline_working_days_left(cal, &dl, D("2024-03-07")), -2);
    gk_deadline_free(&dl);

    /* 补正 notice deadline reaching into 2027 */
    assert_int_equal(compute(cal, "received 2026-12-28", &dl, NULL), 0);
    assert_true(dl.correction_due_provisional);
    assert_date(dl.correction_due, "2027-01-06");
    gk_deadline_free(&dl);
    gk_calendar_free(cal);
}

static void test_agency_holiday_deadline(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_official();
    assert_int_equal(gk_calendar_add_holiday(cal, D("2024-02-20"), "那达慕"), 0);
    assert_int_equal(gk_calendar_add_holiday(cal, D("2024-02-21"), "那达慕"), 0);
    gk_deadline dl;
    assert_int_equal(compute(cal, "received 2024-02-01", &dl, NULL), 0);
    assert_date(dl.due, "2024-03-07");
    assert_false(dl.provisional);
    assert_contains(dl.explanation, "那达慕（本机关放假），共2天");
    gk_deadline_free(&dl);
    gk_calendar_free(cal);
}

static void test_load_2027_makes_definitive(void **state)
{
    (void)state;
    static const char *json_2027 = "{\"year\": 2027, \"papers\": [\"https://example.invalid/test-2027\"], \"days\": ["
                                   "{\"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": true},"
                                   "{\"name\": \"元旦\", \"date\": \"2027-01-02\", \"isOffDay\": true},"
                                   "{\"name\": \"元旦\", \"date\": \"2027-01-03\", \"isOffDay\": true}]}";
    gk_calendar *cal = gk_calendar_new_official();
    gk_deadline dl;
    assert_int_equal(compute(cal, "received 2026-12-10", &dl, NULL), 0);
    assert_true(dl.provisional);
    assert_date(dl.due, "2027-01-07");
    gk_deadline_free(&dl);
    assert_int_equal(compute(cal, "received 2026-11-20, extension_approved 2026-12-10 +20", &dl, NULL), 0);
    assert_true(dl.provisional);
    assert_date(dl.due, "2027-01-15");
    gk_deadline_free(&dl);

    char *err = NULL;
    assert_int_equal(gk_calendar_load_json(cal, json_2027, &err), 0);
    assert_int_equal(compute(cal, "received 2026-12-10", &dl, NULL), 0);
    assert_false(dl.provisional);
    assert_date(dl.due, "2027-01-08");
    assert_true(strstr(dl.explanation, "暂定") == NULL);
    gk_deadline_free(&dl);
    assert_int_equal(compute(cal, "received 2026-11-20, extension_approved 2026-12-10 +20", &dl, NULL), 0);
    assert_false(dl.provisional);
    assert_date(dl.due, "2027-01-18");
    gk_deadline_free(&dl);
    gk_calendar_free(cal);
}

/* ---- refused histories ---- */

static const struct refused {
    const char *events, *expect; /* expect: a fragment of the Chinese message */
} refused[] = {
    {"correction_requested 2024-01-30, received 2024-02-01", "第1个事件（补正告知，2024-01-30）：早于“收到申请”"},
    {"decided 2024-02-01, received 2024-02-01", "第1个事件（作出答复，2024-02-01）"},            /* same day, given first */
    {"decided 2024-03-01", "缺少“收到申请”"},
    {"received 2024-02-01, received 2024-02-05", "第2个事件（收到申请，2024-02-05）：重复的“收到申请”"},
    {"received 2024-02-01, decided 2024-02-20, consultation_started 2024-02-21", "办结（作出答复），之后只能登记送达"},
    {"received 2024-02-01, withdrawn 2024-02-06, decided 2024-02-20", "办结（撤回申请）"},
    {"received 2024-03-01, correction_requested 2024-03-04, correction_lapsed 2024-04-30, correction_received 2024-05-06",
     "办结（逾期未补正）"},
    {"received 2024-04-01, fee_notice 2024-04-03, fee_lapsed 2024-05-06, fee_paid 2024-05-07", "办结（逾期未缴费）"},
    {"received 2024-02-01, decided 2024-02-20, delivered 2024-02-21, decided 2024-02-22", "不能再次作出答复"},
    {"received 2024-02-01, correction_received 2024-02-05", "没有待补正的补正告知"},
    {"received 2024-02-01, correction_lapsed 2024-02-05", "没有待补正的补正告知"},
    {"received 2024-02-01, correction_requested 2024-02-02, correction_received 2024-02-05, correction_received 2024-02-06",
     "第4个事件（收到补正，2024-02-06）：没有待补正的补正告知"},
    {"received 2024-02-01, correction_requested 2024-02-02, correction_requested 2024-02-05", "已有尚未补正的补正告知"},
    {"received 2024-02-01, consultation_answered 2024-02-05", "没有进行中的征求意见"},
    {"received 2024-02-01, consultation_started 2024-02-02, consultation_answered 2024-02-05, consultation_answered 2024-02-06",
     "没有进行中的征求意见"},
    {"received 2024-02-01, fee_paid 2024-02-05", "没有待缴费的收费通知"},
    {"received 2024-02-01, fee_lapsed 2024-02-05", "没有待缴费的收费通知"},
    {"received 2024-02-01, fee_notice 2024-02-02, fee_notice 2024-02-05", "已有尚未缴费的收费通知"},
    {"received 2024-02-01, extension_approved 2024-02-20 +21", "超过20个工作日的上限"},
    {"received 2024-02-01, extension_approved 2024-02-20 +15, extension_approved 2024-03-01 +6", "延期累计将达21个工作日"},
    {"received 2024-02-01, extension_approved 2024-03-06 +10", "批准日期晚于当前答复期限2024-03-05（星期二）"},
    {"received 2024-02-01, extension_approved 2024-03-20 +10, extension_approved 2024-04-15 +10",
     "第2个事件（延期答复，2024-03-20）"},
    {"received 2024-02-01, extension_approved 2024-02-20", "延期天数应为正数"},
    {"received 2024-02-01, delivered 2024-02-05", "尚未办结，不能登记送达"},
};

static void test_refused(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_official();
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        gk_deadline dl;
        char *err = NULL;
        int rc = compute(cal, refused[i].events, &dl, &err);
        if (rc != -1)
            fail_msg("accepted: %s\n%s", refused[i].events, dl.explanation);
        assert_chinese(err);
        if (!strstr(err, refused[i].expect))
            fail_msg("%s\n  message \"%s\" lacks \"%s\"", refused[i].events, err, refused[i].expect);
        assert_null(dl.explanation);
        gk_deadline_free(&dl); /* harmless on a refused result */
        free(err);
        assert_int_equal(compute(cal, refused[i].events, &dl, NULL), -1); /* error may be NULL */
    }
    gk_calendar_free(cal);
}

static void test_refused_shapes(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_official();
    gk_deadline dl;
    char *err = NULL;
    assert_int_equal(gk_deadline_compute(cal, NULL, 0, &dl, &err), -1);
    assert_chinese(err);
    assert_contains(err, "没有任何事件");
    free(err);

    gk_event bad_date[] = {{GK_EV_RECEIVED, {2024, 2, 30}, 0}};
    err = NULL;
    assert_int_equal(gk_deadline_compute(cal, bad_date, 1, &dl, &err), -1);
    assert_contains(err, "第1个事件（收到申请，2024-02-30）：日期无效");
    free(err);

    gk_event bad_kind[] = {{GK_EV_RECEIVED, {2024, 2, 1}, 0}, {(enum gk_event_kind)99, {2024, 2, 2}, 0}};
    err = NULL;
    assert_int_equal(gk_deadline_compute(cal, bad_kind, 2, &dl, &err), -1);
    assert_contains(err, "第2个事件（未知事件，2024-02-02）：事件类型无效");
    free(err);
    gk_calendar_free(cal);
}

/* ---- keys and labels ---- */

static void test_kind_keys(void **state)
{
    (void)state;
    static const char *const keys[GK_EV__COUNT] = {
        "received", "correction_requested", "correction_received", "correction_lapsed", "consultation_started",
        "consultation_answered", "fee_notice", "fee_paid", "fee_lapsed", "extension_approved", "decided",
        "withdrawn", "delivered"};
    for (int k = 0; k < GK_EV__COUNT; k++) {
        assert_string_equal(gk_event_kind_key((enum gk_event_kind)k), keys[k]);
        assert_int_equal(gk_event_kind_from_key(keys[k]), k);
        assert_chinese(gk_event_kind_label((enum gk_event_kind)k));
    }
    assert_string_equal(gk_event_kind_label(GK_EV_RECEIVED), "收到申请");
    assert_string_equal(gk_event_kind_label(GK_EV_CORRECTION_REQUESTED), "补正告知");
    assert_int_equal(gk_event_kind_from_key("nope"), -1);
    assert_int_equal(gk_event_kind_from_key(NULL), -1);
    assert_string_equal(gk_event_kind_key(GK_EV__COUNT), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_worked_examples),
        cmocka_unit_test(test_explanation),
        cmocka_unit_test(test_state_fields),
        cmocka_unit_test(test_agency_holiday_deadline),
        cmocka_unit_test(test_load_2027_makes_definitive),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_refused_shapes),
        cmocka_unit_test(test_kind_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

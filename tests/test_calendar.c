/* test_calendar: civil dates, the embedded official 2019–2026 arrangements, working-day arithmetic (spring
 * festivals, 调休 Saturdays, National Day, year crossings, provisional 2027), agency holidays and loading
 * holiday-cn JSON. Every expected date was derived from shared/calendar/YYYY.json by counting days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cases/calendar.h"

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
    assert_string_equal(s, want);
}

/* A Chinese message: non-empty and holding at least one CJK ideograph (UTF-8 lead byte E4–E9). */
static void assert_chinese(const char *msg)
{
    assert_non_null(msg);
    bool cjk = false;
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++)
        cjk |= *p >= 0xE4 && *p <= 0xE9;
    if (!cjk)
        fail_msg("not a Chinese message: %s", msg);
}

/* ---- dates ---- */

static void test_date_parse_format(void **state)
{
    (void)state;
    gk_date d;
    assert_int_equal(gk_date_parse("2024-02-29", &d), 0);
    assert_int_equal(d.year, 2024);
    assert_int_equal(d.month, 2);
    assert_int_equal(d.day, 29);
    const char *bad[] = {"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-2-1", "20240201",
                         "2024-02-01 ", "2024/02/01", "abcd-ef-gh", "", "0000-01-01", "2024-02-1x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(gk_date_parse(bad[i], &d), -1);
    assert_int_equal(gk_date_parse(NULL, &d), -1);
    assert_date((gk_date){2026, 2, 28}, "2026-02-28");
    assert_date((gk_date){1, 1, 1}, "0001-01-01");
}

static void test_date_days_weekday(void **state)
{
    (void)state;
    assert_int_equal(gk_date_to_days(D("1970-01-01")), 0);
    assert_int_equal(gk_date_to_days(D("2000-03-01")), 11017);
    assert_int_equal(gk_date_to_days(D("1969-12-31")), -1);
    assert_int_equal(gk_date_to_days(D("0001-01-01")), -719162);
    assert_int_equal(gk_date_to_days(D("9999-12-31")), 2932896);
    for (int32_t t = -719162; t <= 2932896; t += 997) {
        gk_date d = gk_date_from_days(t);
        assert_true(gk_date_valid(d));
        assert_int_equal(gk_date_to_days(d), t);
    }
    assert_int_equal(gk_date_weekday(D("1970-01-01")), 4);
    assert_int_equal(gk_date_weekday(D("2024-02-01")), 4);
    assert_int_equal(gk_date_weekday(D("2026-02-28")), 6);
    assert_int_equal(gk_date_weekday(D("2026-10-04")), 7);
    assert_int_equal(gk_date_weekday(D("1969-12-29")), 1);
    assert_string_equal(gk_weekday_name(6), "星期六");
    assert_true(gk_date_cmp(D("2024-02-01"), D("2024-02-02")) < 0);
    assert_true(gk_date_cmp(D("2025-01-01"), D("2024-12-31")) > 0);
    assert_int_equal(gk_date_cmp(D("2024-02-01"), D("2024-02-01")), 0);
    assert_date(gk_date_add_days(D("2024-02-28"), 2), "2024-03-01");
    assert_date(gk_date_add_days(D("2025-01-01"), -1), "2024-12-31");
}

/* ---- the working-day table: N working days after a date, official data ---- */

static const struct add_case {
    const char *from;
    int n;
    const char *want;
    bool provisional;
} add_cases[] = {
    /* spring festival, several years */
    {"2019-01-25", 20, "2019-02-27", false}, /* 2019: 2-2 and 2-3 worked, 2-4…2-10 off */
    {"2019-02-01", 5, "2019-02-13", false},
    {"2020-01-17", 20, "2020-02-21", false}, /* 2020: holiday extended to 2-2 (second notice) */
    {"2020-01-20", 10, "2020-02-11", false},
    {"2021-02-05", 20, "2021-03-10", false},
    {"2021-02-10", 1, "2021-02-18", false},
    {"2022-01-28", 1, "2022-01-29", false}, /* 调休 Saturday */
    {"2022-01-30", 1, "2022-02-07", false},
    {"2023-01-20", 1, "2023-01-28", false}, /* 调休 Saturday after the festival */
    {"2023-01-19", 20, "2023-02-21", false},
    {"2024-02-01", 20, "2024-03-05", false}, /* DESIGN.md worked example */
    {"2024-02-09", 1, "2024-02-18", false},  /* 调休 Sunday */
    {"2025-01-24", 20, "2025-02-27", false},
    {"2025-01-27", 1, "2025-02-05", false},
    {"2026-02-12", 7, "2026-02-28", false}, /* worked example: ends on a 调休 Saturday */
    {"2026-02-13", 1, "2026-02-14", false},
    {"2026-02-14", 1, "2026-02-24", false},
    /* 调休 Saturdays */
    {"2019-10-11", 1, "2019-10-12", false},
    {"2020-05-08", 1, "2020-05-09", false},
    {"2021-09-17", 1, "2021-09-18", false},
    {"2023-09-28", 1, "2023-10-07", false},
    {"2024-05-10", 1, "2024-05-11", false},
    {"2025-02-07", 1, "2025-02-08", false},
    {"2026-10-09", 1, "2026-10-10", false},
    /* National Day */
    {"2019-09-27", 20, "2019-10-30", false},
    {"2020-09-25", 20, "2020-10-29", false},
    {"2021-09-30", 20, "2021-11-03", false},
    {"2022-09-30", 20, "2022-11-02", false},
    {"2023-09-27", 20, "2023-10-31", false},
    {"2024-09-26", 20, "2024-10-29", false},
    {"2025-09-26", 20, "2025-10-30", false}, /* worked example */
    {"2026-09-18", 20, "2026-10-22", false}, /* worked example */
    {"2026-09-18", 40, "2026-11-19", false}, /* worked example, extended */
    {"2024-10-03", 1, "2024-10-08", false},
    /* year crossings: late December set by the next year's notice */
    {"2018-12-28", 1, "2018-12-29", false}, /* 2018-12-29 Sat worked, listed in the 2019 notice */
    {"2018-12-28", 2, "2019-01-02", false}, /* 12-30, 12-31, 1-1 off */
    {"2018-12-27", 2, "2018-12-29", true},  /* 2018-12-28 is in 2018, which has no notice */
    {"2022-12-30", 1, "2023-01-03", false}, /* 2022-12-31 listed by the 2023 notice */
    {"2022-12-15", 20, "2023-01-13", false},
    {"2023-12-25", 10, "2024-01-09", false},
    {"2024-12-20", 20, "2025-01-20", false},
    {"2025-12-29", 20, "2026-01-27", false}, /* worked example */
    {"2025-12-31", 1, "2026-01-04", false},  /* 2026-01-04 Sunday worked */
    {"2020-12-25", 10, "2021-01-11", false},
    /* 2027 has no notice: provisional */
    {"2026-12-10", 20, "2027-01-07", true},
    {"2026-12-31", 1, "2027-01-01", true},
    {"2026-12-01", 20, "2026-12-29", false},
    {"2026-12-28", 3, "2026-12-31", false},
    {"2026-12-28", 4, "2027-01-01", true},
    {"2018-06-01", 5, "2018-06-08", true},
    /* misc */
    {"2024-10-01", 0, "2024-10-01", false},
    {"2026-06-18", 1, "2026-06-22", false}, /* 端午 Friday */
    /* counting back */
    {"2024-02-19", -1, "2024-02-18", false},
    {"2026-03-02", -1, "2026-02-28", false},
    {"2024-03-05", -20, "2024-02-01", false},
    {"2027-01-04", -2, "2026-12-31", true},
};

static void test_add_working_days_table(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_official();
    for (size_t i = 0; i < sizeof add_cases / sizeof add_cases[0]; i++) {
        const struct add_case *c = &add_cases[i];
        bool prov = false;
        gk_date got = gk_calendar_add_working_days(cal, D(c->from), c->n, &prov);
        char s[11];
        gk_date_format(got, s);
        if (strcmp(s, c->want) != 0 || prov != c->provisional)
            fail_msg("%s %+d: got %s%s, want %s%s", c->from, c->n, s, prov ? " (provisional)" : "", c->want,
                     c->provisional ? " (provisional)" : "");
        /* consistency: the count between them is n (for n >= 0) */
        if (c->n >= 0)
            assert_int_equal(gk_calendar_working_days_between(cal, D(c->from), got), c->n);
    }
    gk_calendar_free(cal);
}

/* add_working_days against a day-by-day walk with is_working_day over 2018–2027. */
static void test_add_matches_walk(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_official();
    for (gk_date d = D("2018-11-01"); gk_date_cmp(d, D("2027-02-01")) < 0; d = gk_date_add_days(d, 3)) {
        for (int n = 1; n <= 45; n += 4) {
            gk_date w = d;
            bool wprov = false;
            for (int k = n; k > 0;) {
                bool p;
                w = gk_date_add_days(w, 1);
                if (gk_calendar_is_working_day(cal, w, &p))
                    k--;
                wprov |= p;
            }
            bool prov = false;
            gk_date got = gk_calendar_add_working_days(cal, d, n, &prov);
            assert_int_equal(gk_date_cmp(got, w), 0);
            assert_int_equal(prov, wprov);
        }
    }
    gk_calendar_free(cal);
}

static void test_is_working_day(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_official();
    bool prov = true;
    assert_true(gk_calendar_is_working_day(cal, D("2026-02-28"), &prov)); /* 调休 Saturday */
    assert_false(prov);
    assert_false(gk_calendar_is_working_day(cal, D("2026-02-16"), &prov)); /* 春节 Monday */
    assert_true(gk_calendar_is_working_day(cal, D("2024-10-12"), NULL));
    assert_false(gk_calendar_is_working_day(cal, D("2024-10-07"), NULL));
    assert_false(gk_calendar_is_working_day(cal, D("2024-10-13"), NULL)); /* ordinary Sunday */
    assert_true(gk_calendar_is_working_day(cal, D("2024-10-14"), NULL));
    assert_false(gk_calendar_is_working_day(cal, D("2020-01-31"), NULL)); /* COVID extension */
    assert_false(gk_calendar_is_working_day(cal, D("2020-02-01"), NULL));
    assert_true(gk_calendar_is_working_day(cal, D("2027-01-01"), &prov)); /* no 2027 data: weekday rule */
    assert_true(prov);
    assert_true(gk_calendar_is_working_day(cal, D("2018-12-29"), &prov)); /* listed by the 2019 notice */
    assert_false(prov);
    assert_false(gk_calendar_is_working_day(cal, D("2018-12-31"), &prov));
    assert_false(prov);
    assert_true(gk_calendar_is_working_day(cal, D("2018-12-28"), &prov)); /* unlisted 2018 day */
    assert_true(prov);

    const char *name = NULL;
    assert_int_equal(gk_calendar_day_kind(cal, D("2026-02-28"), &name), GK_DAY_SHIFTED_WORKDAY);
    assert_string_equal(name, "春节");
    assert_int_equal(gk_calendar_day_kind(cal, D("2023-10-01"), &name), GK_DAY_HOLIDAY);
    assert_string_equal(name, "中秋节、国庆节");
    assert_int_equal(gk_calendar_day_kind(cal, D("2024-03-09"), &name), GK_DAY_WEEKEND);
    assert_null(name);
    assert_int_equal(gk_calendar_day_kind(cal, D("2024-03-08"), &name), GK_DAY_WEEKDAY);
    gk_calendar_free(cal);
}

static void test_working_days_between(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_official();
    assert_int_equal(gk_calendar_working_days_between(cal, D("2024-02-01"), D("2024-03-05")), 20);
    assert_int_equal(gk_calendar_working_days_between(cal, D("2024-03-05"), D("2024-02-01")), -20);
    assert_int_equal(gk_calendar_working_days_between(cal, D("2024-02-01"), D("2024-02-01")), 0);
    assert_int_equal(gk_calendar_working_days_between(cal, D("2024-10-01"), D("2024-10-07")), 0);
    assert_int_equal(gk_calendar_working_days_between(cal, D("2018-12-28"), D("2019-01-02")), 2);
    assert_int_equal(gk_calendar_working_days_between(cal, D("2026-12-20"), D("2027-01-10")), 15);
    assert_int_equal(gk_calendar_working_days_between(cal, D("2018-01-01"), D("2018-01-31")), 22);
    assert_true(gk_calendar_range_provisional(cal, D("2026-12-20"), D("2027-01-10")));
    assert_false(gk_calendar_range_provisional(cal, D("2026-12-20"), D("2026-12-31")));
    assert_false(gk_calendar_range_provisional(cal, D("2018-12-28"), D("2019-01-02")));
    assert_true(gk_calendar_range_provisional(cal, D("2018-12-27"), D("2018-12-28")));
    assert_false(gk_calendar_range_provisional(cal, D("2027-01-05"), D("2027-01-01")));
    gk_calendar_free(cal);
}

static void test_years_and_papers(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_official();
    for (int y = 2019; y <= 2026; y++)
        assert_true(gk_calendar_has_year(cal, y));
    assert_false(gk_calendar_has_year(cal, 2018));
    assert_false(gk_calendar_has_year(cal, 2027));
    int years[16];
    assert_int_equal(gk_calendar_years(cal, years, 16), 8);
    assert_int_equal(years[0], 2019);
    assert_int_equal(years[7], 2026);
    size_t n;
    const char *const *papers = gk_calendar_papers(cal, 2020, &n);
    assert_int_equal(n, 2); /* the notice and the COVID extension of the 2020 spring festival */
    assert_string_equal(papers[1], "http://www.gov.cn/zhengce/zhengceku/2020-01/27/content_5472352.htm");
    papers = gk_calendar_papers(cal, 2026, &n);
    assert_int_equal(n, 1);
    assert_string_equal(papers[0], "https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm");
    assert_null(gk_calendar_papers(cal, 2027, &n));
    assert_int_equal(n, 0);
    /* the embedded data itself */
    assert_int_equal(gk_official_notice_count, 8);
    size_t days = 0;
    for (size_t i = 0; i < gk_official_notice_count; i++) {
        assert_int_equal(gk_official_notices[i].year, 2019 + (int)i);
        assert_true(gk_official_notices[i].n_papers >= 1);
        days += gk_official_notices[i].n_days;
    }
    assert_int_equal(days, 31 + 37 + 38 + 38 + 34 + 36 + 33 + 39);
    gk_calendar_free(cal);
}

static void test_empty_calendar(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_empty();
    bool prov = false;
    assert_date(gk_calendar_add_working_days(cal, D("2024-02-01"), 20, &prov), "2024-02-29");
    assert_true(prov);
    assert_true(gk_calendar_is_working_day(cal, D("2024-02-12"), &prov));
    assert_true(prov);
    assert_false(gk_calendar_has_year(cal, 2024));
    assert_int_equal(gk_calendar_working_days_between(cal, D("2024-01-05"), D("2024-01-12")), 5);
    assert_date(gk_calendar_add_working_days(cal, D("2024-01-13"), -1, NULL), "2024-01-12");
    gk_calendar_free(cal);
}

/* ---- agency holidays (放假办法 Art. 4) ---- */

static void test_agency_holiday(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_official();
    assert_int_equal(gk_calendar_add_holiday(cal, D("2024-02-20"), "那达慕"), 0);
    assert_int_equal(gk_calendar_add_holiday(cal, D("2024-02-21"), "那达慕"), 0);
    bool prov = false;
    assert_date(gk_calendar_add_working_days(cal, D("2024-02-01"), 20, &prov), "2024-03-07");
    assert_false(prov);
    const char *name;
    assert_int_equal(gk_calendar_day_kind(cal, D("2024-02-20"), &name), GK_DAY_AGENCY_HOLIDAY);
    assert_string_equal(name, "那达慕");
    /* an agency day off on a 调休 Saturday: the agency rests */
    assert_int_equal(gk_calendar_add_holiday(cal, D("2026-02-28"), NULL), 0);
    assert_date(gk_calendar_add_working_days(cal, D("2026-02-12"), 7, NULL), "2026-03-02");
    assert_int_equal(gk_calendar_day_kind(cal, D("2026-02-28"), &name), GK_DAY_AGENCY_HOLIDAY);
    assert_string_equal(name, "本机关放假");
    /* renaming keeps one entry */
    assert_int_equal(gk_calendar_add_holiday(cal, D("2026-02-28"), "三月三"), 0);
    gk_calendar_day_kind(cal, D("2026-02-28"), &name);
    assert_string_equal(name, "三月三");
    /* an agency day in a year without a notice: still provisional, still off */
    assert_int_equal(gk_calendar_add_holiday(cal, D("2027-01-04"), "本地节日"), 0);
    prov = false;
    assert_date(gk_calendar_add_working_days(cal, D("2026-12-31"), 2, &prov), "2027-01-05");
    assert_true(prov);
    assert_int_equal(gk_calendar_add_holiday(cal, (gk_date){2024, 2, 30}, "x"), -1);
    assert_int_equal(gk_calendar_add_holiday(cal, (gk_date){3000, 1, 1}, "x"), -1);
    gk_calendar_free(cal);
}

/* ---- notices: precedence between neighbouring years ---- */

static void test_later_notice_wins(void **state)
{
    (void)state;
    static const char *const papers[] = {"test"};
    static const gk_calendar_day y2030[] = {{{2030, 12, 31}, "元旦", true}};
    static const gk_calendar_day y2031[] = {{{2030, 12, 31}, "元旦", false}, {{2031, 1, 1}, "元旦", true}};
    const gk_calendar_notice a = {2030, papers, 1, y2030, 1}, b = {2031, papers, 1, y2031, 2};
    for (int order = 0; order < 2; order++) {
        gk_calendar *cal = gk_calendar_new_empty();
        assert_int_equal(gk_calendar_add_notice(cal, order ? &b : &a, NULL), 0);
        assert_int_equal(gk_calendar_add_notice(cal, order ? &a : &b, NULL), 0);
        assert_true(gk_calendar_is_working_day(cal, D("2030-12-31"), NULL));
        assert_false(gk_calendar_is_working_day(cal, D("2031-01-01"), NULL));
        gk_calendar_free(cal);
    }
    /* a notice with a day two years away, or a day listed twice, is refused */
    static const gk_calendar_day far[] = {{{2033, 1, 1}, "元旦", true}};
    static const gk_calendar_day twice[] = {{{2031, 1, 1}, "元旦", true}, {{2031, 1, 1}, "元旦", true}};
    const gk_calendar_notice c = {2031, papers, 1, far, 1}, d = {2031, papers, 1, twice, 2};
    gk_calendar *cal = gk_calendar_new_empty();
    char *err = NULL;
    assert_int_equal(gk_calendar_add_notice(cal, &c, &err), -1);
    assert_chinese(err);
    free(err);
    err = NULL;
    assert_int_equal(gk_calendar_add_notice(cal, &d, &err), -1);
    assert_non_null(strstr(err, "重复"));
    free(err);
    assert_false(gk_calendar_has_year(cal, 2031));
    gk_calendar_free(cal);
}

/* ---- loading holiday-cn JSON ---- */

/* A made-up 2027 arrangement for the tests (the real one was not published when the data was taken). */
static const char *json_2027 =
    "{\"year\": 2027, \"papers\": [\"https://example.invalid/test-2027\"], \"days\": ["
    "{\"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": true},"
    "{\"name\": \"元旦\", \"date\": \"2027-01-02\", \"isOffDay\": true},"
    "{\"name\": \"元旦\", \"date\": \"2027-01-03\", \"isOffDay\": true},"
    "{\"name\": \"春节\", \"date\": \"2027-02-06\", \"isOffDay\": true},"
    "{\"name\": \"春节\", \"date\": \"2027-02-07\", \"isOffDay\": true},"
    "{\"name\": \"春节\", \"date\": \"2027-02-08\", \"isOffDay\": true},"
    "{\"name\": \"春节\", \"date\": \"2027-02-09\", \"isOffDay\": true},"
    "{\"name\": \"春节\", \"date\": \"2027-02-10\", \"isOffDay\": true},"
    "{\"name\": \"春节\", \"date\": \"2027-02-11\", \"isOffDay\": true},"
    "{\"name\": \"春节\", \"date\": \"2027-02-12\", \"isOffDay\": true},"
    "{\"name\": \"春节\", \"date\": \"2027-02-20\", \"isOffDay\": false}]}";

static void test_load_json_2027(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_official();
    bool prov = false;
    assert_date(gk_calendar_add_working_days(cal, D("2026-12-10"), 20, &prov), "2027-01-07");
    assert_true(prov);
    char *err = NULL;
    assert_int_equal(gk_calendar_load_json(cal, json_2027, &err), 0);
    assert_null(err);
    assert_true(gk_calendar_has_year(cal, 2027));
    prov = false;
    assert_date(gk_calendar_add_working_days(cal, D("2026-12-10"), 20, &prov), "2027-01-08");
    assert_false(prov);
    assert_date(gk_calendar_add_working_days(cal, D("2027-02-05"), 1, NULL), "2027-02-15");
    assert_true(gk_calendar_is_working_day(cal, D("2027-02-20"), &prov));
    assert_false(prov);
    size_t n;
    assert_string_equal(gk_calendar_papers(cal, 2027, &n)[0], "https://example.invalid/test-2027");
    /* loading the same year again replaces it */
    assert_int_equal(gk_calendar_load_json(cal, "{\"year\":2027,\"papers\":[],\"days\":[]}", NULL), 0);
    assert_true(gk_calendar_has_year(cal, 2027));
    assert_true(gk_calendar_is_working_day(cal, D("2027-01-01"), &prov));
    assert_false(prov);
    /* replacing an official year works too */
    assert_int_equal(gk_calendar_load_json(cal, "{\"year\":2026,\"days\":[]}", NULL), 0);
    assert_true(gk_calendar_is_working_day(cal, D("2026-02-16"), NULL));
    assert_false(gk_calendar_is_working_day(cal, D("2026-02-28"), NULL));
    gk_calendar_free(cal);
}

static const struct bad_json {
    const char *text, *expect; /* expect: a fragment of the Chinese message */
} bad_json[] = {
    {"{\"year\": 2027, \"days\": [", "不是有效的 JSON"},
    {"", "不是有效的 JSON"},
    {"[1,2,3]", "JSON 对象"},
    {"{\"days\": []}", "缺少年份"},
    {"{\"year\": \"2027\", \"days\": []}", "缺少年份"},
    {"{\"year\": 1800, \"days\": []}", "超出支持范围"},
    {"{\"year\": 99999999999, \"days\": []}", "超出支持范围"},
    {"{\"year\": 2027}", "缺少日期列表"},
    {"{\"year\": 2027, \"days\": {}}", "缺少日期列表"},
    {"{\"year\": 2027, \"papers\": \"x\", \"days\": []}", "papers"},
    {"{\"year\": 2027, \"papers\": [1], \"days\": []}", "papers"},
    {"{\"year\": 2027, \"days\": [1]}", "不是对象"},
    {"{\"year\": 2027, \"days\": [{\"date\": \"2027-01-01\", \"isOffDay\": true}]}", "缺少名称"},
    {"{\"year\": 2027, \"days\": [{\"name\": \"元旦\", \"date\": \"2027-02-30\", \"isOffDay\": true}]}", "日期"},
    {"{\"year\": 2027, \"days\": [{\"name\": \"元旦\", \"isOffDay\": true}]}", "日期"},
    {"{\"year\": 2027, \"days\": [{\"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": 1}]}", "isOffDay"},
    {"{\"year\": 2027, \"days\": [{\"name\": \"元旦\", \"date\": \"2029-01-01\", \"isOffDay\": true}]}", "相差超过一年"},
    {"{\"year\": 2027, \"days\": [{\"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": true},"
     "{\"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": true}]}",
     "重复"},
    {"{\"year\": 2027, \"year\": 2028, \"days\": []}", "不是有效的 JSON"},
};

static void test_load_json_errors(void **state)
{
    (void)state;
    gk_calendar *cal = gk_calendar_new_official();
    for (size_t i = 0; i < sizeof bad_json / sizeof bad_json[0]; i++) {
        char *err = NULL;
        assert_int_equal(gk_calendar_load_json(cal, bad_json[i].text, &err), -1);
        assert_chinese(err);
        if (!strstr(err, bad_json[i].expect))
            fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, err, bad_json[i].expect);
        free(err);
        assert_int_equal(gk_calendar_load_json(cal, bad_json[i].text, NULL), -1); /* error may be NULL */
    }
    char *err = NULL;
    assert_int_equal(gk_calendar_load_json(cal, NULL, &err), -1);
    assert_chinese(err);
    free(err);
    /* the calendar is unchanged */
    assert_false(gk_calendar_has_year(cal, 2027));
    assert_date(gk_calendar_add_working_days(cal, D("2024-02-01"), 20, NULL), "2024-03-05");
    gk_calendar_free(cal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_parse_format),
        cmocka_unit_test(test_date_days_weekday),
        cmocka_unit_test(test_add_working_days_table),
        cmocka_unit_test(test_add_matches_walk),
        cmocka_unit_test(test_is_working_day),
        cmocka_unit_test(test_working_days_between),
        cmocka_unit_test(test_years_and_papers),
        cmocka_unit_test(test_empty_calendar),
        cmocka_unit_test(test_agency_holiday),
        cmocka_unit_test(test_later_notice_wins),
        cmocka_unit_test(test_load_json_2027),
        cmocka_unit_test(test_load_json_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

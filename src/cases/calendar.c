/* calendar: civil date arithmetic and the working-day calendar object (DESIGN.md §3 "Working days").
 *
 * The calendar owns copies of the loaded notices and the agency's own extra days off. From them it derives a
 * per-day table over the years they touch: the kind of each day, whether the day is known (its year has a
 * notice, or a notice lists it), and two prefix counts — working days so far and unknown days so far. Outside
 * the table the weekday rule holds and is counted arithmetically. So "N working days after d" is one binary
 * search over the prefix counts, and "working days between" is a subtraction. The table is rebuilt whenever
 * something is loaded or added (a few thousand days, microseconds). */
#include "cases/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util/buf.h"

/* Years the calendar accepts for notices and agency days (keeps the table small and the arithmetic safe). */
#define GK_CAL_MIN_YEAR 1900
#define GK_CAL_MAX_YEAR 2199

/* ------------------------------------------------------------------------------------------------------------
 * Civil dates (algorithms after H. Hinnant, "chrono-compatible low-level date algorithms").
 * ------------------------------------------------------------------------------------------------------------ */

static int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
static int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

bool gk_date_valid(gk_date d)
{
    return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= days_in_month(d.year, d.month);
}

int gk_date_parse(const char *s, gk_date *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int v[3] = {0, 0, 0};
    static const int start[3] = {0, 5, 8}, width[3] = {4, 2, 2};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < width[k]; i++) {
            char c = s[start[k] + i];
            if (c < '0' || c > '9')
                return -1;
            v[k] = v[k] * 10 + (c - '0');
        }
    gk_date d = {v[0], v[1], v[2]};
    if (!gk_date_valid(d))
        return -1;
    *out = d;
    return 0;
}

/* Writes the `width` low decimal digits of v at out. */
static void put_digits(char *out, unsigned v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        out[i] = (char)('0' + v % 10);
}

void gk_date_format(gk_date d, char out[11])
{
    put_digits(out, (unsigned)d.year, 4);
    out[4] = '-';
    put_digits(out + 5, (unsigned)d.month, 2);
    out[7] = '-';
    put_digits(out + 8, (unsigned)d.day, 2);
    out[10] = '\0';
}

int gk_date_cmp(gk_date a, gk_date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    return a.day < b.day ? -1 : a.day > b.day;
}

int32_t gk_date_to_days(gk_date d)
{
    int64_t y = d.year - (d.month <= 2);
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t mp = (d.month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

gk_date gk_date_from_days(int32_t days)
{
    int64_t z = (int64_t)days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    int y = (int)(yoe + era * 400 + (m <= 2));
    return (gk_date){y, m, d};
}

/* 1970-01-01 was a Thursday. */
static int weekday_of_days(int32_t t) { return (int)floor_mod((int64_t)t + 3, 7) + 1; }

int gk_date_weekday(gk_date d) { return weekday_of_days(gk_date_to_days(d)); }

const char *gk_weekday_name(int weekday)
{
    static const char *const names[7] = {"星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"};
    return weekday >= 1 && weekday <= 7 ? names[weekday - 1] : "?";
}

gk_date gk_date_add_days(gk_date d, int n) { return gk_date_from_days(gk_date_to_days(d) + n); }

/* ------------------------------------------------------------------------------------------------------------
 * The weekday rule, counted arithmetically: wk(t) - wk(t-1) = 1 exactly when day t is Monday–Friday.
 * ------------------------------------------------------------------------------------------------------------ */

static int64_t wk(int64_t t)
{
    int64_t u = t + 3; /* Monday-aligned: u mod 7 == 0 on Mondays */
    int64_t r = floor_mod(u, 7) + 1;
    return 5 * floor_div(u, 7) + (r < 5 ? r : 5);
}

/* The smallest t with wk(t) >= k (always a Monday–Friday). */
static int64_t wk_first_at_least(int64_t k)
{
    return 7 * floor_div(k - 1, 5) + floor_mod(k - 1, 5) - 3;
}

/* ------------------------------------------------------------------------------------------------------------
 * The calendar object.
 * ------------------------------------------------------------------------------------------------------------ */

struct owned_day {
    int32_t t; /* day number */
    char *name;
    bool off;
};

struct notice {
    int year;
    char **papers;
    size_t n_papers;
    struct owned_day *days;
    size_t n_days;
};

/* A day listed somewhere (a notice or the agency), with its effective name: for names and day kinds. */
struct listed {
    int32_t t;
    const char *name;
};

enum { DAY_KIND_MASK = 0x7, DAY_KNOWN = 0x8 };

struct gk_calendar {
    struct notice *notices; /* ascending year */
    size_t n_notices;
    struct owned_day *extra; /* agency days off, ascending */
    size_t n_extra;

    /* Derived table over days [lo, lo + len). */
    int32_t lo, len;
    uint8_t *flags;    /* enum gk_day_kind | DAY_KNOWN */
    int32_t *work_cum; /* P(lo+i): wk(lo-1) + working days in [lo, lo+i] */
    int32_t *unk_cum;  /* unknown days in [lo, lo+i] */
    struct listed *listed; /* ascending t */
    size_t n_listed;
};

static void notice_clear(struct notice *n)
{
    for (size_t i = 0; i < n->n_papers; i++)
        free(n->papers[i]);
    free(n->papers);
    for (size_t i = 0; i < n->n_days; i++)
        free(n->days[i].name);
    free(n->days);
    memset(n, 0, sizeof *n);
}

static void table_clear(gk_calendar *cal)
{
    free(cal->flags);
    free(cal->work_cum);
    free(cal->unk_cum);
    free(cal->listed);
    cal->flags = NULL;
    cal->work_cum = cal->unk_cum = NULL;
    cal->listed = NULL;
    cal->n_listed = 0;
    cal->lo = cal->len = 0;
}

gk_calendar *gk_calendar_new_empty(void) { return xcalloc(1, sizeof(gk_calendar)); }

void gk_calendar_free(gk_calendar *cal)
{
    if (!cal)
        return;
    for (size_t i = 0; i < cal->n_notices; i++)
        notice_clear(&cal->notices[i]);
    free(cal->notices);
    for (size_t i = 0; i < cal->n_extra; i++)
        free(cal->extra[i].name);
    free(cal->extra);
    table_clear(cal);
    free(cal);
}

static bool is_weekend(int32_t t) { return weekday_of_days(t) >= 6; }

static bool kind_works(enum gk_day_kind k) { return k == GK_DAY_WEEKDAY || k == GK_DAY_SHIFTED_WORKDAY; }

static int year_of(int32_t t) { return gk_date_from_days(t).year; }

/* The range of years the table must cover; false when there is nothing to cover. */
static bool table_years(const gk_calendar *cal, int *ymin, int *ymax)
{
    int lo = GK_CAL_MAX_YEAR + 2, hi = GK_CAL_MIN_YEAR - 2;
    for (size_t i = 0; i < cal->n_notices; i++) {
        const struct notice *n = &cal->notices[i];
        lo = n->year < lo ? n->year : lo;
        hi = n->year > hi ? n->year : hi;
        for (size_t j = 0; j < n->n_days; j++) {
            int y = year_of(n->days[j].t);
            lo = y < lo ? y : lo;
            hi = y > hi ? y : hi;
        }
    }
    for (size_t i = 0; i < cal->n_extra; i++) {
        int y = year_of(cal->extra[i].t);
        lo = y < lo ? y : lo;
        hi = y > hi ? y : hi;
    }
    *ymin = lo;
    *ymax = hi;
    return lo <= hi;
}

/* Marks the days of a notice year as known. */
static void mark_known_year(gk_calendar *cal, int year)
{
    int32_t a = gk_date_to_days((gk_date){year, 1, 1}) - cal->lo;
    int32_t b = gk_date_to_days((gk_date){year, 12, 31}) - cal->lo;
    for (int32_t i = a; i <= b; i++)
        cal->flags[i] |= DAY_KNOWN;
}

/* Applies notices (ascending, so a later year's notice wins) and agency days to flags and names. */
static void apply_listings(gk_calendar *cal, const char **names)
{
    for (size_t i = 0; i < cal->n_notices; i++) {
        const struct notice *n = &cal->notices[i];
        mark_known_year(cal, n->year);
        for (size_t j = 0; j < n->n_days; j++) {
            const struct owned_day *d = &n->days[j];
            int32_t k = d->t - cal->lo;
            enum gk_day_kind kind = d->off ? GK_DAY_HOLIDAY : is_weekend(d->t) ? GK_DAY_SHIFTED_WORKDAY : GK_DAY_WEEKDAY;
            cal->flags[k] = (uint8_t)(kind | DAY_KNOWN);
            names[k] = d->name;
        }
    }
    for (size_t i = 0; i < cal->n_extra; i++) {
        int32_t k = cal->extra[i].t - cal->lo;
        cal->flags[k] = (uint8_t)((cal->flags[k] & DAY_KNOWN) | GK_DAY_AGENCY_HOLIDAY);
        names[k] = cal->extra[i].name;
    }
}

static void build_prefixes(gk_calendar *cal)
{
    int64_t work = wk((int64_t)cal->lo - 1);
    int32_t unknown = 0;
    for (int32_t i = 0; i < cal->len; i++) {
        work += kind_works((enum gk_day_kind)(cal->flags[i] & DAY_KIND_MASK));
        unknown += !(cal->flags[i] & DAY_KNOWN);
        cal->work_cum[i] = (int32_t)work;
        cal->unk_cum[i] = unknown;
    }
}

static void build_listed(gk_calendar *cal, const char **names)
{
    size_t n = 0;
    for (int32_t i = 0; i < cal->len; i++)
        n += names[i] != NULL;
    cal->listed = xmalloc((n ? n : 1) * sizeof *cal->listed);
    for (int32_t i = 0; i < cal->len; i++)
        if (names[i])
            cal->listed[cal->n_listed++] = (struct listed){cal->lo + i, names[i]};
}

static void table_rebuild(gk_calendar *cal)
{
    table_clear(cal);
    int ymin, ymax;
    if (!table_years(cal, &ymin, &ymax))
        return;
    cal->lo = gk_date_to_days((gk_date){ymin, 1, 1});
    cal->len = gk_date_to_days((gk_date){ymax, 12, 31}) - cal->lo + 1;
    cal->flags = xmalloc((size_t)cal->len);
    cal->work_cum = xmalloc((size_t)cal->len * sizeof(int32_t));
    cal->unk_cum = xmalloc((size_t)cal->len * sizeof(int32_t));
    for (int32_t i = 0; i < cal->len; i++)
        cal->flags[i] = is_weekend(cal->lo + i) ? GK_DAY_WEEKEND : GK_DAY_WEEKDAY;
    const char **names = xcalloc((size_t)cal->len, sizeof *names);
    apply_listings(cal, names);
    build_prefixes(cal);
    build_listed(cal, names);
    free(names);
}

/* ---- adding notices ---- */

static void set_error(char **error, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_error(char **error, const char *fmt, ...)
{
    if (!error)
        return;
    buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    *error = buf_detach(&b);
}

static int cmp_owned_day(const void *a, const void *b)
{
    int32_t x = ((const struct owned_day *)a)->t, y = ((const struct owned_day *)b)->t;
    return (x > y) - (x < y);
}

/* Checks a notice; 0 or -1 with *error. */
static int notice_check(const gk_calendar_notice *n, char **error)
{
    if (n->year < GK_CAL_MIN_YEAR || n->year > GK_CAL_MAX_YEAR) {
        set_error(error, "年份%d超出支持范围（%d–%d年）", n->year, GK_CAL_MIN_YEAR, GK_CAL_MAX_YEAR);
        return -1;
    }
    for (size_t i = 0; i < n->n_papers; i++)
        if (!n->papers[i]) {
            set_error(error, "%d年安排：第%zu个来源网址为空", n->year, i + 1);
            return -1;
        }
    for (size_t i = 0; i < n->n_days; i++) {
        const gk_calendar_day *d = &n->days[i];
        if (!gk_date_valid(d->date)) {
            set_error(error, "%d年安排：第%zu天的日期无效", n->year, i + 1);
            return -1;
        }
        if (d->date.year < n->year - 1 || d->date.year > n->year + 1) {
            char s[11];
            gk_date_format(d->date, s);
            set_error(error, "%d年安排：日期%s与该年相差超过一年", n->year, s);
            return -1;
        }
    }
    return 0;
}

/* Copies a checked notice; -1 with *error when a day is listed twice. */
static int notice_copy(struct notice *out, const gk_calendar_notice *n, char **error)
{
    memset(out, 0, sizeof *out);
    out->year = n->year;
    out->papers = xmalloc((n->n_papers ? n->n_papers : 1) * sizeof(char *));
    for (size_t i = 0; i < n->n_papers; i++)
        out->papers[out->n_papers++] = xstrdup(n->papers[i]);
    out->days = xmalloc((n->n_days ? n->n_days : 1) * sizeof *out->days);
    for (size_t i = 0; i < n->n_days; i++) {
        const gk_calendar_day *d = &n->days[i];
        out->days[out->n_days++] = (struct owned_day){gk_date_to_days(d->date), xstrdup(d->name ? d->name : ""), d->off};
    }
    qsort(out->days, out->n_days, sizeof *out->days, cmp_owned_day);
    for (size_t i = 1; i < out->n_days; i++)
        if (out->days[i].t == out->days[i - 1].t) {
            char s[11];
            gk_date_format(gk_date_from_days(out->days[i].t), s);
            set_error(error, "%d年安排：日期%s重复出现", n->year, s);
            notice_clear(out);
            return -1;
        }
    return 0;
}

/* Puts a copied notice in place (replacing the same year), keeping ascending order. */
static void notice_insert(gk_calendar *cal, struct notice *n)
{
    size_t i = 0;
    while (i < cal->n_notices && cal->notices[i].year < n->year)
        i++;
    if (i < cal->n_notices && cal->notices[i].year == n->year) {
        notice_clear(&cal->notices[i]);
        cal->notices[i] = *n;
        return;
    }
    cal->notices = xrealloc(cal->notices, (cal->n_notices + 1) * sizeof *cal->notices);
    memmove(&cal->notices[i + 1], &cal->notices[i], (cal->n_notices - i) * sizeof *cal->notices);
    cal->notices[i] = *n;
    cal->n_notices++;
}

int gk_calendar_add_notice(gk_calendar *cal, const gk_calendar_notice *notice, char **error)
{
    struct notice copy;
    if (notice_check(notice, error) < 0 || notice_copy(&copy, notice, error) < 0)
        return -1;
    notice_insert(cal, &copy);
    table_rebuild(cal);
    return 0;
}

gk_calendar *gk_calendar_new_official(void)
{
    gk_calendar *cal = gk_calendar_new_empty();
    for (size_t i = 0; i < gk_official_notice_count; i++) {
        struct notice copy;
        if (notice_check(&gk_official_notices[i], NULL) < 0 || notice_copy(&copy, &gk_official_notices[i], NULL) < 0)
            abort(); /* the embedded data is generated and checked; this cannot happen */
        notice_insert(cal, &copy);
    }
    table_rebuild(cal);
    return cal;
}

/* ---- JSON (holiday-cn year file) ---- */

/* Reads the papers array into a NULL-free list of borrowed strings; -1 with *error. */
static int json_papers(json_t *root, const char **out, size_t *n, char **error)
{
    json_t *papers = json_object_get(root, "papers");
    *n = 0;
    if (!papers)
        return 0;
    if (!json_is_array(papers)) {
        set_error(error, "日历文件的 papers 应为来源网址的数组");
        return -1;
    }
    for (size_t i = 0; i < json_array_size(papers); i++) {
        const char *s = json_string_value(json_array_get(papers, i));
        if (!s) {
            set_error(error, "日历文件的 papers 第%zu项不是字符串", i + 1);
            return -1;
        }
        out[(*n)++] = s;
    }
    return 0;
}

/* Reads one entry of days; -1 with *error. */
static int json_day(json_t *entry, size_t i, gk_calendar_day *out, char **error)
{
    if (!json_is_object(entry)) {
        set_error(error, "日历文件的 days 第%zu项不是对象", i + 1);
        return -1;
    }
    const char *name = json_string_value(json_object_get(entry, "name"));
    const char *date = json_string_value(json_object_get(entry, "date"));
    json_t *off = json_object_get(entry, "isOffDay");
    if (!name) {
        set_error(error, "日历文件的 days 第%zu项缺少名称（name）", i + 1);
        return -1;
    }
    if (!date || gk_date_parse(date, &out->date) < 0) {
        set_error(error, "日历文件的 days 第%zu项日期（date）无效，应为 YYYY-MM-DD", i + 1);
        return -1;
    }
    if (!json_is_boolean(off)) {
        set_error(error, "日历文件的 days 第%zu项（%s）的 isOffDay 应为 true 或 false", i + 1, date);
        return -1;
    }
    out->name = name;
    out->off = json_is_true(off);
    return 0;
}

/* Turns a parsed document into a notice of borrowed strings (arrays allocated by the caller). */
static int json_notice(json_t *root, gk_calendar_notice *n, const char **papers, gk_calendar_day *days,
                       char **error)
{
    if (!json_is_object(root)) {
        set_error(error, "日历文件应为一个 JSON 对象");
        return -1;
    }
    json_t *year = json_object_get(root, "year");
    json_t *list = json_object_get(root, "days");
    if (!json_is_integer(year)) {
        set_error(error, "日历文件缺少年份（year，整数）");
        return -1;
    }
    if (!json_is_array(list)) {
        set_error(error, "日历文件缺少日期列表（days，数组）");
        return -1;
    }
    json_int_t y = json_integer_value(year);
    if (y < GK_CAL_MIN_YEAR || y > GK_CAL_MAX_YEAR) {
        set_error(error, "年份%lld超出支持范围（%d–%d年）", (long long)y, GK_CAL_MIN_YEAR, GK_CAL_MAX_YEAR);
        return -1;
    }
    n->year = (int)y;
    if (json_papers(root, papers, &n->n_papers, error) < 0)
        return -1;
    n->papers = papers;
    n->n_days = json_array_size(list);
    for (size_t i = 0; i < n->n_days; i++)
        if (json_day(json_array_get(list, i), i, &days[i], error) < 0)
            return -1;
    n->days = days;
    return 0;
}

int gk_calendar_load_json(gk_calendar *cal, const char *json_text, char **error)
{
    json_error_t jerr;
    json_t *root = json_text ? json_loads(json_text, JSON_REJECT_DUPLICATES, &jerr) : NULL;
    if (!root) {
        if (json_text)
            set_error(error, "日历文件不是有效的 JSON（第%d行第%d列）：%s", jerr.line, jerr.column, jerr.text);
        else
            set_error(error, "日历文件为空");
        return -1;
    }
    json_t *papers = json_object_get(root, "papers"), *days = json_object_get(root, "days");
    size_t np = json_is_array(papers) ? json_array_size(papers) : 0;
    size_t nd = json_is_array(days) ? json_array_size(days) : 0;
    const char **paper_list = xmalloc((np ? np : 1) * sizeof *paper_list);
    gk_calendar_day *day_list = xmalloc((nd ? nd : 1) * sizeof *day_list);
    gk_calendar_notice n = {0};
    int rc = json_notice(root, &n, paper_list, day_list, error);
    if (rc == 0)
        rc = gk_calendar_add_notice(cal, &n, error);
    free(paper_list);
    free(day_list);
    json_decref(root);
    return rc;
}

/* ---- agency days ---- */

int gk_calendar_add_holiday(gk_calendar *cal, gk_date d, const char *name)
{
    if (!gk_date_valid(d) || d.year < GK_CAL_MIN_YEAR || d.year > GK_CAL_MAX_YEAR)
        return -1;
    int32_t t = gk_date_to_days(d);
    const char *label = name && *name ? name : "本机关放假";
    size_t i = 0;
    while (i < cal->n_extra && cal->extra[i].t < t)
        i++;
    if (i < cal->n_extra && cal->extra[i].t == t) {
        free(cal->extra[i].name);
        cal->extra[i].name = xstrdup(label);
    } else {
        cal->extra = xrealloc(cal->extra, (cal->n_extra + 1) * sizeof *cal->extra);
        memmove(&cal->extra[i + 1], &cal->extra[i], (cal->n_extra - i) * sizeof *cal->extra);
        cal->extra[i] = (struct owned_day){t, xstrdup(label), true};
        cal->n_extra++;
    }
    table_rebuild(cal);
    return 0;
}

/* ---- queries ---- */

bool gk_calendar_has_year(const gk_calendar *cal, int year)
{
    for (size_t i = 0; i < cal->n_notices; i++)
        if (cal->notices[i].year == year)
            return true;
    return false;
}

size_t gk_calendar_years(const gk_calendar *cal, int *out, size_t cap)
{
    for (size_t i = 0; i < cal->n_notices && i < cap; i++)
        out[i] = cal->notices[i].year;
    return cal->n_notices;
}

const char *const *gk_calendar_papers(const gk_calendar *cal, int year, size_t *n)
{
    for (size_t i = 0; i < cal->n_notices; i++)
        if (cal->notices[i].year == year) {
            *n = cal->notices[i].n_papers;
            return (const char *const *)cal->notices[i].papers;
        }
    *n = 0;
    return NULL;
}

static bool in_table(const gk_calendar *cal, int64_t t) { return t >= cal->lo && t < (int64_t)cal->lo + cal->len; }

static uint8_t day_flags(const gk_calendar *cal, int32_t t)
{
    if (in_table(cal, t))
        return cal->flags[t - cal->lo];
    return is_weekend(t) ? GK_DAY_WEEKEND : GK_DAY_WEEKDAY;
}

static const char *listed_name(const gk_calendar *cal, int32_t t)
{
    size_t a = 0, b = cal->n_listed;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (cal->listed[mid].t < t)
            a = mid + 1;
        else
            b = mid;
    }
    return a < cal->n_listed && cal->listed[a].t == t ? cal->listed[a].name : NULL;
}

enum gk_day_kind gk_calendar_day_kind(const gk_calendar *cal, gk_date d, const char **name)
{
    int32_t t = gk_date_to_days(d);
    enum gk_day_kind kind = (enum gk_day_kind)(day_flags(cal, t) & DAY_KIND_MASK);
    if (name)
        *name = kind == GK_DAY_WEEKDAY || kind == GK_DAY_WEEKEND ? NULL : listed_name(cal, t);
    return kind;
}

bool gk_calendar_is_working_day(const gk_calendar *cal, gk_date d, bool *provisional)
{
    uint8_t f = day_flags(cal, gk_date_to_days(d));
    if (provisional)
        *provisional = !(f & DAY_KNOWN);
    return kind_works((enum gk_day_kind)(f & DAY_KIND_MASK));
}

/* P(t): a running count of working days, P(t) - P(t-1) = 1 exactly when t works. */
static int64_t prefix_work(const gk_calendar *cal, int64_t t)
{
    if (cal->len == 0 || t < cal->lo)
        return wk(t);
    int64_t hi = (int64_t)cal->lo + cal->len - 1;
    if (t <= hi)
        return cal->work_cum[t - cal->lo];
    return cal->work_cum[cal->len - 1] + wk(t) - wk(hi);
}

/* The smallest t with P(t) >= target: a working day. */
static int64_t first_at_least(const gk_calendar *cal, int64_t target)
{
    if (cal->len == 0 || target <= wk((int64_t)cal->lo - 1))
        return wk_first_at_least(target);
    int64_t last = cal->work_cum[cal->len - 1];
    if (target > last) {
        int64_t hi = (int64_t)cal->lo + cal->len - 1;
        return wk_first_at_least(target - last + wk(hi));
    }
    int32_t a = 0, b = cal->len - 1; /* work_cum[b] >= target */
    while (a < b) {
        int32_t mid = a + (b - a) / 2;
        if (cal->work_cum[mid] < target)
            a = mid + 1;
        else
            b = mid;
    }
    return (int64_t)cal->lo + a;
}

/* Unknown days in (a, b], a <= b. */
static bool range_unknown(const gk_calendar *cal, int64_t a, int64_t b)
{
    if (b <= a)
        return false;
    if (cal->len == 0 || a + 1 < cal->lo || b >= (int64_t)cal->lo + cal->len)
        return true;
    int32_t before = a < cal->lo ? 0 : cal->unk_cum[a - cal->lo];
    return cal->unk_cum[b - cal->lo] - before > 0;
}

/* Keeps day numbers inside 0001-01-01 … 9999-12-31. */
static int32_t clamp_days(int64_t t)
{
    const int64_t min = -719162, max = 2932896;
    return (int32_t)(t < min ? min : t > max ? max : t);
}

gk_date gk_calendar_add_working_days(const gk_calendar *cal, gk_date d, int n, bool *provisional)
{
    int64_t t0 = gk_date_to_days(d), t;
    if (n == 0)
        return d;
    if (n > 0) {
        t = first_at_least(cal, prefix_work(cal, t0) + n);
        if (provisional && range_unknown(cal, t0, t))
            *provisional = true;
    } else {
        t = first_at_least(cal, prefix_work(cal, t0 - 1) + n + 1);
        if (provisional && range_unknown(cal, t - 1, t0 - 1))
            *provisional = true;
    }
    return gk_date_from_days(clamp_days(t));
}

int gk_calendar_working_days_between(const gk_calendar *cal, gk_date from_exclusive, gk_date to_inclusive)
{
    return (int)(prefix_work(cal, gk_date_to_days(to_inclusive)) - prefix_work(cal, gk_date_to_days(from_exclusive)));
}

bool gk_calendar_range_provisional(const gk_calendar *cal, gk_date from_exclusive, gk_date to_inclusive)
{
    return range_unknown(cal, gk_date_to_days(from_exclusive), gk_date_to_days(to_inclusive));
}

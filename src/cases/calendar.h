/* calendar: civil dates and the working-day calendar (工作日) of DESIGN.md §3.
 *
 * A working day is a Monday–Friday that no loaded State Council notice makes a holiday, plus the weekend days
 * a notice makes working days (调休), minus the agency's own extra days off (放假办法 Art. 4). A year without a
 * loaded notice follows the weekday rule and every answer that depends on it is flagged *provisional*.
 *
 * A gk_calendar is an explicitly passed object: built once (gk_calendar_new_official, then optional loads and
 * additions), afterwards only read, so const calendars may be shared between threads. Every query is O(1) or
 * O(log days): the calendar keeps a per-day table with prefix counts, rebuilt on each load. */
#ifndef GONGKAI_CASES_CALENDAR_H
#define GONGKAI_CASES_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- civil dates ---- */

typedef struct gk_date { int year, month, day; } gk_date; /* proleptic Gregorian; {0,0,0} = "no date" */

/* "YYYY-MM-DD" (exactly, years 0001–9999, a real day) → 0; anything else → -1 and *out untouched. */
int gk_date_parse(const char *s, gk_date *out);
/* "YYYY-MM-DD" into out (NUL-terminated). */
void gk_date_format(gk_date d, char out[11]);
/* <0, 0, >0 like strcmp. */
int gk_date_cmp(gk_date a, gk_date b);
/* True for a real calendar day (years 1–9999). */
bool gk_date_valid(gk_date d);
/* Days since 1970-01-01 (negative before), and back. */
int32_t gk_date_to_days(gk_date d);
gk_date gk_date_from_days(int32_t days);
/* 1 = Monday … 7 = Sunday. */
int gk_date_weekday(gk_date d);
/* "星期一" … "星期日". */
const char *gk_weekday_name(int weekday);
/* d plus n calendar days (n may be negative). */
gk_date gk_date_add_days(gk_date d, int n);

/* ---- the calendar object ---- */

typedef struct gk_calendar gk_calendar; /* opaque */

/* One day listed in a notice: a holiday (off) or a 调休 working weekend day (!off). */
typedef struct gk_calendar_day {
    gk_date date;
    const char *name; /* the holiday it belongs to: "春节", "国庆节、中秋节" … */
    bool off;
} gk_calendar_day;

/* One year's notice, as data. The calendar copies what it is given. */
typedef struct gk_calendar_notice {
    int year;
    const char *const *papers; /* source URLs of the notice (gov.cn) */
    size_t n_papers;
    const gk_calendar_day *days;
    size_t n_days;
} gk_calendar_notice;

/* The embedded official notices (calendar_data.c, generated). */
extern const gk_calendar_notice gk_official_notices[];
extern const size_t gk_official_notice_count;

/* An empty calendar: the weekday rule everywhere, everything provisional. */
gk_calendar *gk_calendar_new_empty(void);
/* A calendar loaded with the embedded official 2019–2026 notices. */
gk_calendar *gk_calendar_new_official(void);
void gk_calendar_free(gk_calendar *cal);

/* Adds one year's notice, replacing an already loaded notice of the same year. Listed dates may lie in the
 * neighbouring years (late December is often set by the next year's notice); where two notices list the same
 * day, the later year's notice wins. Returns 0, or -1 with *error (owned by the caller; error may be NULL) a
 * Chinese message when the notice is malformed (bad date, a date more than a year away, a day listed twice). */
int gk_calendar_add_notice(gk_calendar *cal, const gk_calendar_notice *notice, char **error);

/* Loads a holiday-cn style year file {year, papers, days:[{name,date,isOffDay}]}; replaces/adds that year.
 * Returns 0, or -1 with *error (owned by the caller; error may be NULL) a Chinese message; on failure the
 * calendar is unchanged. */
int gk_calendar_load_json(gk_calendar *cal, const char *json_text, char **error);

/* An agency's own extra day off (放假办法 Art. 4), e.g. an autonomous area's festival. name may be NULL
 * ("本机关放假"). Adding the same day again renames it. Returns 0, or -1 for an invalid date. */
int gk_calendar_add_holiday(gk_calendar *cal, gk_date d, const char *name);

/* True when an official notice for `year` is loaded. */
bool gk_calendar_has_year(const gk_calendar *cal, int year);
/* The years with a loaded notice, ascending, into out (at most cap); returns how many there are. */
size_t gk_calendar_years(const gk_calendar *cal, int *out, size_t cap);
/* The source URLs of the loaded notice for `year` (NULL and *n = 0 when none). Valid until the calendar
 * changes. */
const char *const *gk_calendar_papers(const gk_calendar *cal, int year, size_t *n);

/* How a day came to be what it is. */
enum gk_day_kind {
    GK_DAY_WEEKDAY,        /* ordinary Monday–Friday: works */
    GK_DAY_WEEKEND,        /* ordinary Saturday/Sunday: rests */
    GK_DAY_HOLIDAY,        /* a notice makes it a holiday */
    GK_DAY_SHIFTED_WORKDAY, /* 调休: a notice makes a weekend day a working day */
    GK_DAY_AGENCY_HOLIDAY  /* the agency's own extra day off */
};
/* The kind of d; *name (may be NULL) gets the holiday name for holidays, 调休 and agency days, else NULL.
 * The name is valid until the calendar changes. */
enum gk_day_kind gk_calendar_day_kind(const gk_calendar *cal, gk_date d, const char **name);

/* provisional (may be NULL) = true when d's year has no notice and no loaded notice lists d. */
bool gk_calendar_is_working_day(const gk_calendar *cal, gk_date d, bool *provisional);

/* The N-th working day after d, d itself not counted (N = 0 → d). A negative N counts back: the N-th working
 * day before d. *provisional (may be NULL) is set true when any day examined lies in a year without data,
 * and left alone otherwise (so it can accumulate over several calls). */
gk_date gk_calendar_add_working_days(const gk_calendar *cal, gk_date d, int n, bool *provisional);

/* Working days in (from_exclusive, to_inclusive]; negative when to < from. */
int gk_calendar_working_days_between(const gk_calendar *cal, gk_date from_exclusive, gk_date to_inclusive);
/* True when any day of (from_exclusive, to_inclusive] lies in a year without data. */
bool gk_calendar_range_provisional(const gk_calendar *cal, gk_date from_exclusive, gk_date to_inclusive);

#endif

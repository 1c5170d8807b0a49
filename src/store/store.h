/* store: the one interface to gongkai's records (DESIGN.md §5): agencies, applications and their event logs,
 * the registers behind table 二 and 四, calendars, report revisions, the audit log, and the aggregates a report
 * is built from. Backend-neutral: SQLite (sqlite.c, the embedded default) implements it today; a PostgreSQL
 * backend implements the same operations table (store_backend.h).
 *
 * Conventions:
 * - Every call about an agency's records takes the acting agency's id and sees only that agency's rows.
 * - Functions return 0 on success and -1 on failure with *error set to a Chinese message (caller frees; error may
 *   be NULL). Lookups return 1 found, 0 not found, -1 error.
 * - Records handed out are owned by the caller (free with the matching *_clear / *_free).
 * - Composite operations (adding an event, importing a file) run in one transaction: all or nothing. */
#ifndef GONGKAI_STORE_STORE_H
#define GONGKAI_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cases/application.h"
#include "cases/build.h"
#include "cases/calendar.h"
#include "cases/csv_import.h"
#include "report/report.h"

typedef struct gk_store gk_store;

/* ---- lifecycle ---- */

/* Opens a store. location: a file path or "sqlite:PATH" (":memory:" for a private in-memory store).
 * create: make the file when missing (otherwise a missing file is an error naming it). Does not migrate. */
int store_open(const char *location, bool create, gk_store **out, char **error);
void store_close(gk_store *s);
/* Brings the schema to the version this program knows; *version (may be NULL) gets it. */
int store_migrate(gk_store *s, int *version, char **error);
/* The schema version of the open store (0 when it has none yet), or -1 on error. */
int store_schema_version(gk_store *s);
/* The schema version this program writes. */
int store_current_schema_version(void);
/* Opens an existing store and checks it is initialised and current (migrating it when it is older). */
int store_open_existing(const char *location, gk_store **out, char **error);

int store_begin(gk_store *s, char **error);
int store_commit(gk_store *s, char **error);
void store_rollback(gk_store *s);
/* SQLite's PRAGMA integrity_check or the backend's equivalent: 0 when ok, else -1 with *error the findings. */
int store_integrity_check(gk_store *s, char **error);

/* ---- agencies ---- */

typedef struct store_agency {
    int64_t id;
    int64_t parent_id; /* 0 for none */
    char *name;        /* owned */
} store_agency;

int store_agency_add(gk_store *s, const char *name, int64_t parent_id, int64_t *id, char **error);
/* 1 when the agency exists, 0 when not (with *error a Chinese message naming it), -1 on failure. */
int store_agency_exists(gk_store *s, int64_t agency, char **error);
int store_agency_get(gk_store *s, int64_t id, store_agency *out, char **error);
int store_agency_list(gk_store *s, store_agency **out, size_t *count, char **error);
void store_agency_clear(store_agency *a);
void store_agency_list_free(store_agency *list, size_t count);

/* ---- calendars ---- */

/* Stores a holiday-cn style year file (national; replaces that year) after checking that it loads. *year gets
 * its year. */
int store_calendar_notice_put(gk_store *s, int64_t acting_agency, const char *json_text, int *year, char **error);
int store_agency_holiday_add(gk_store *s, int64_t agency, gk_date day, const char *name, char **error);
/* The agency's calendar: official notices + stored notices + its own holidays (caller frees). */
int store_calendar_for_agency(gk_store *s, int64_t agency, gk_calendar **out, char **error);

/* ---- applications ---- */

/* Adds an application (a->agency_id is ignored: the acting agency owns it) with its received event; a missing
 * tracking number is generated. a->id and a->tracking_no are filled in. */
int store_application_add(gk_store *s, int64_t agency, gk_application *a, char **error);
int store_application_get(gk_store *s, int64_t agency, int64_t id, gk_application *out, char **error);
int store_application_find(gk_store *s, int64_t agency, const char *tracking_no, int64_t *id, char **error);

typedef struct store_application_filter {
    bool open_only;
    int year;             /* received in this year, 0 = any */
} store_application_filter;

/* Applications of the agency in received order (personal fields are not filled by the list). */
int store_application_list(gk_store *s, int64_t agency, const store_application_filter *filter,
                           gk_application **out, size_t *count, char **error);
void store_application_list_free(gk_application *list, size_t count);

/* Rank of application id among the same applicant's (same name and ID document) applications received in the
 * same calendar month, by receipt date then id: 1 for the first (fees per item, 国办函〔2020〕109号). */
int store_applicant_month_rank(gk_store *s, int64_t agency, int64_t id, int *rank, char **error);
/* How many applications the applicant (by name, or ID document when given) filed in the calendar month. */
int store_applicant_month_count(gk_store *s, int64_t agency, const char *name, const char *id_document, int year,
                                int month, int *count, char **error);

/* ---- events ---- */

int store_event_list(gk_store *s, int64_t agency, int64_t application, gk_case_event **out, size_t *count,
                     char **error);
void store_event_list_free(gk_case_event *list, size_t count);
/* Checks *ev against the application's history (gk_case_event_prepare), then in one transaction appends it and,
 * for a closing event, records the outcome on the application. *after (may be NULL) gets the new deadline. */
int store_event_add(gk_store *s, int64_t agency, int64_t application, gk_case_event *ev, const gk_calendar *cal,
                    gk_deadline *after, char **error);

/* ---- CSV import of historical applications: all rows or none ---- */

/* *count gets the number of applications written. Errors name the line and field. */
int store_import_applications_csv(gk_store *s, int64_t agency, const char *data, size_t len, const char *source_name,
                                  size_t *count, char **error);

/* ---- registers (DESIGN.md §4) ---- */

typedef struct store_document {
    int64_t id;
    int item;            /* FORMAT_2021 proactive item: a document register (gk_build_item_is_document) */
    char *title, *doc_no; /* owned */
    gk_date issued_on;
    gk_date repealed_on; /* {0,0,0} while in force */
} store_document;

int store_document_add(gk_store *s, int64_t agency, store_document *d, char **error);
/* Sets the repeal date of a document. */
int store_document_repeal(gk_store *s, int64_t agency, int64_t id, gk_date day, char **error);
int store_document_list(gk_store *s, int64_t agency, store_document **out, size_t *count, char **error);
void store_document_list_free(store_document *list, size_t count);

/* The yearly register: one value per (year, proactive cell of FORMAT_2021) that is not a document cell:
 * decision counts, and fee amounts in millionths of 万元. Replaces an existing value. */
int store_yearly_set(gk_store *s, int64_t agency, int year, int cell, int64_t value, char **error);
typedef struct store_yearly { int year, cell; int64_t value; } store_yearly;
int store_yearly_list(gk_store *s, int64_t agency, store_yearly **out, size_t *count, char **error);

/* Publication counts per channel (门户网站, 微信公众号, 微博 …) and year. Replaces an existing value. */
int store_channel_set(gk_store *s, int64_t agency, int year, const char *channel, int64_t count, char **error);
typedef struct store_channel_count { int year; char *channel; int64_t count; } store_channel_count;
int store_channel_list(gk_store *s, int64_t agency, store_channel_count **out, size_t *count, char **error);
void store_channel_list_free(store_channel_count *list, size_t count);

/* Reconsideration and litigation about the agency's disclosure work (table 四). */
typedef struct store_appeal {
    int64_t id;
    int block;              /* APPEAL_BLOCK_DEFS index */
    int64_t application_id; /* 0 when not linked */
    char *case_no;          /* owned, may be NULL */
    gk_date filed_on;
    int result;             /* APPEAL_FIELD_DEFS index of upheld/corrected/other; -1 while pending */
    gk_date concluded_on;   /* {0,0,0} while pending */
} store_appeal;

int store_appeal_add(gk_store *s, int64_t agency, store_appeal *a, char **error);
/* Records the result of a pending case. */
int store_appeal_conclude(gk_store *s, int64_t agency, int64_t id, int result, gk_date day, char **error);
int store_appeal_list(gk_store *s, int64_t agency, store_appeal **out, size_t *count, char **error);
void store_appeal_list_free(store_appeal *list, size_t count);

/* CSV import of a register (cases/csv_import.h gives the columns): all rows or none. Appeals link their
 * application by tracking_no. *count gets the rows written. */
int store_import_register_csv(gk_store *s, int64_t agency, enum gk_register_kind kind, const char *data, size_t len,
                              const char *source_name, size_t *count, char **error);

/* ---- the annual report ---- */

/* Aggregates the agency's records for report year `year` (as of 31 Dec). */
int store_year_counts(gk_store *s, int64_t agency, int year, gk_year_counts *out, char **error);
/* store_year_counts + gk_report_build, with the agency's name. */
int store_build_report(gk_store *s, int64_t agency, int year, report **out, char **error);

typedef struct store_revision {
    int revision;        /* 1, 2, … */
    char *reason;        /* owned; NULL for the first lock */
    char *actor;         /* owned */
    char *created_at;    /* owned, "YYYY-MM-DD HH:MM:SS" UTC */
} store_revision;

/* Freezes r as the next revision of (agency, year). The first is the lock; later ones need a reason. */
int store_report_save_revision(gk_store *s, int64_t agency, const report *r, const char *reason, const char *actor,
                               int *revision, char **error);
/* The latest saved revision (1 found, 0 none, -1 error); *out is a new report (caller frees). */
int store_report_latest(gk_store *s, int64_t agency, int year, report **out, store_revision *meta, char **error);
void store_revision_clear(store_revision *r);

/* ---- audit log (append-only) ---- */

/* Records that `actor` did `action` ("show", …) on record `record_id` of `record_table`. */
int store_audit(gk_store *s, int64_t agency, const char *actor, const char *action, const char *record_table,
                int64_t record_id, const char *detail, char **error);
typedef struct store_audit_entry {
    int64_t id;
    char *at, *actor, *action, *record_table, *detail; /* owned */
    int64_t record_id;
} store_audit_entry;
int store_audit_list(gk_store *s, int64_t agency, store_audit_entry **out, size_t *count, char **error);
void store_audit_list_free(store_audit_entry *list, size_t count);

#endif

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

/* ======== The web application (store_users.c, store_web.c; schema version 2) ======== */

/* ---- users, sessions and login attempts (store_users.c) ---- */

/* Roles are stored as keys: "clerk", "head", "admin", "supervisor", "auditor" (the schema refuses others). */
typedef struct store_user {
    int64_t id, agency_id;
    char *username, *display_name, *role; /* owned */
    char *agency_name;                     /* owned */
    char *password_hash;                   /* owned; only filled by store_user_by_name (for the login) */
    char *created_at;                      /* owned */
    bool disabled;
} store_user;

/* Adds a user to `agency`. password_hash: a crypto_pwhash_str string (the store never sees a password). A taken
 * username fails with *duplicate (may be NULL) set. */
int store_user_add(gk_store *s, int64_t agency, const char *username, const char *display_name, const char *role,
                   const char *password_hash, int64_t *id, bool *duplicate, char **error);
/* Any agency's user by name, with the password hash: the login's lookup. 1 found, 0 not, -1 error. */
int store_user_by_name(gk_store *s, const char *username, store_user *out, char **error);
int store_user_get(gk_store *s, int64_t agency, int64_t id, store_user *out, char **error);
int store_user_list(gk_store *s, int64_t agency, store_user **out, size_t *count, char **error);
/* Disables (or enables) a user of the agency; disabling revokes its sessions. 1 done, 0 no such user, -1 error. */
int store_user_set_disabled(gk_store *s, int64_t agency, int64_t id, bool disabled, char **error);
/* Replaces the password hash and revokes the user's sessions. 1 done, 0 no such user, -1 error. */
int store_user_set_password(gk_store *s, int64_t agency, int64_t id, const char *password_hash, char **error);
void store_user_clear(store_user *u);
void store_user_list_free(store_user *list, size_t count);

/* Sessions are found by the hash of their token (the token itself is never stored). Times are Unix seconds. */
int store_session_add(gk_store *s, const store_user *user, const char *token_hash, const char *csrf_token,
                      int64_t now, int64_t expires_at, char **error);
/* The live session with that token hash: not revoked, not expired at `now`, its user not disabled. *user and
 * *csrf_token (caller frees) are filled when found. 1 found, 0 not, -1 error. */
int store_session_lookup(gk_store *s, const char *token_hash, int64_t now, store_user *user, char **csrf_token,
                         char **error);
int store_session_revoke(gk_store *s, const char *token_hash, char **error);
/* Removes sessions expired before `before` and login attempts older than `before`. */
int store_auth_purge(gk_store *s, int64_t before, char **error);

int store_login_attempt_add(gk_store *s, const char *username, const char *address, int64_t at, bool success,
                            char **error);
/* Failed logins for the username after `since` and after its last successful login: *count and the time of the
 * last one (*last_at, 0 when none). */
int store_login_failures_for_user(gk_store *s, const char *username, int64_t since, int *count, int64_t *last_at,
                                  char **error);
/* Failed logins from the client address after `since`. */
int store_login_failures_for_address(gk_store *s, const char *address, int64_t since, int *count, int64_t *last_at,
                                     char **error);

/* ---- what the web application keeps beside the case register (store_web.c) ---- */

/* Applicant details the application record has no field for. All owned, may be NULL. */
typedef struct store_application_details {
    char *id_type;              /* "resident_id", "credit_code", … (web/validate.c) */
    char *email, *contact_name, *legal_representative;
} store_application_details;
int store_application_details_put(gk_store *s, int64_t agency, int64_t application,
                                  const store_application_details *d, char **error);
/* 1 found, 0 none, -1 error. */
int store_application_details_get(gk_store *s, int64_t agency, int64_t application, store_application_details *out,
                                  char **error);
void store_application_details_clear(store_application_details *d);

/* The case list of the web application: applications with the applicant's name and ID document filled (phone,
 * address, request left out except the request text), newest receipt first. */
enum store_case_state { STORE_CASES_ALL, STORE_CASES_OPEN, STORE_CASES_CLOSED };
typedef struct store_case_query {
    enum store_case_state state;
    const char *text;     /* matched literally (no wildcards) in tracking number, name, request; NULL = any */
    size_t limit, offset; /* limit 0 = no limit */
} store_case_query;
/* *total gets the number of matches before limit/offset. */
int store_case_search(gk_store *s, int64_t agency, const store_case_query *q, gk_application **out, size_t *count,
                      size_t *total, char **error);

/* Extensions and decisions a clerk asks the head of office to approve. The event waits here until approved. */
typedef struct store_approval {
    int64_t id, application_id;
    char *tracking_no;          /* owned */
    gk_case_event ev;           /* kind, date, extension_days, reason, outcome_row, basis, fee_pages (owned) */
    char *status;               /* owned: "pending", "approved", "rejected" */
    int64_t requested_by, decided_by;           /* user ids; decided_by 0 while pending */
    char *requested_by_name, *decided_by_name;  /* owned: display names, decided_by_name NULL while pending */
    char *requested_at, *decided_at, *note;     /* owned, may be NULL */
} store_approval;
int store_approval_add(gk_store *s, int64_t agency, int64_t application, const gk_case_event *ev, int64_t requested_by,
                       int64_t *id, char **error);
int store_approval_get(gk_store *s, int64_t agency, int64_t id, store_approval *out, char **error);
/* application 0 = every case; pending_only: only status pending. Newest first. */
int store_approval_list(gk_store *s, int64_t agency, int64_t application, bool pending_only, store_approval **out,
                        size_t *count, char **error);
/* Moves a pending approval to "approved" or "rejected" (1), or finds it already decided (0). */
int store_approval_decide(gk_store *s, int64_t agency, int64_t id, bool approve, int64_t decided_by, const char *note,
                          char **error);
void store_approval_clear(store_approval *a);
void store_approval_list_free(store_approval *list, size_t count);

/* Public query codes: the portal's applicant proves with tracking_no + code; only the code's hash is kept.
 * Tracking numbers of portal applications are unique across agencies. */
int store_query_code_add(gk_store *s, int64_t agency, int64_t application, const char *tracking_no,
                         const char *code_hash, char **error);
/* 1 found (*agency, *application, *code_hash filled; caller frees the hash), 0 not, -1 error. */
int store_query_code_find(gk_store *s, const char *tracking_no, int64_t *agency, int64_t *application,
                          char **code_hash, char **error);

/* Published annual reports: a frozen copy (canonical JSON) of a locked revision, shown on the portal. */
typedef struct store_publication {
    int64_t agency_id;
    char *agency_name;  /* owned */
    int year, revision;
    char *published_at, *published_by; /* owned */
} store_publication;
/* *duplicate (may be NULL) is set when that revision is already published. */
int store_report_publish(gk_store *s, int64_t agency, int year, int revision, const char *report_json,
                         const char *actor, bool *duplicate, char **error);
/* The latest published revision of (agency, year): 1 found (*meta and *report_json filled when not NULL; caller
 * frees), 0 none, -1 error. */
int store_publication_latest(gk_store *s, int64_t agency, int year, store_publication *meta, char **report_json,
                             char **error);
/* The latest published revision of every (agency, year); agency 0 = all agencies. Newest year first. */
int store_publication_list(gk_store *s, int64_t agency, store_publication **out, size_t *count, char **error);
void store_publication_clear(store_publication *p);
void store_publication_list_free(store_publication *list, size_t count);

/* The agency's own extra days off (store_agency_holiday_add), by date. */
typedef struct store_holiday { gk_date day; char *name; /* owned, may be NULL */ } store_holiday;
int store_agency_holiday_list(gk_store *s, int64_t agency, store_holiday **out, size_t *count, char **error);
void store_holiday_list_free(store_holiday *list, size_t count);

/* The audit log of the agency between two days (inclusive; {0,0,0} = open end), oldest first, at most `limit`
 * entries (0 = all). */
int store_audit_list_range(gk_store *s, int64_t agency, gk_date from, gk_date to, size_t limit,
                           store_audit_entry **out, size_t *count, char **error);

/* A short text that changes whenever the agency's calendar does (stored notices, its own holidays), so a
 * calendar built by store_calendar_for_agency can be cached and rebuilt only when it changes. Caller frees. */
int store_calendar_fingerprint(gk_store *s, int64_t agency, char **out, char **error);

/* ---- for a multi-threaded server (store_server.c) ---- */

/* Shared by the connections of one process to one database: writers queue here for the database's write lock. */
typedef struct store_write_gate store_write_gate;
store_write_gate *store_write_gate_new(void);
void store_write_gate_free(store_write_gate *gate); /* after closing every store that uses it */
/* Switches an open store to serving: prepared statements are cached and reused, and every write (a transaction,
 * or a single write statement) passes through `gate` (not owned). Call once, right after opening. */
int store_serve_mode(gk_store *s, store_write_gate *gate, char **error);

#endif

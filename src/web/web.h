/* web: what the files of the web layer share — the request and response of one exchange, the route table
 * (routes.c), reading JSON and parameters, writing JSON answers and errors in the one shape of docs/api.md,
 * roles, the store pool, rate limits, passwords and sessions. Not for use outside src/web/. */
#ifndef GONGKAI_WEB_WEB_H
#define GONGKAI_WEB_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "store/store.h"
#include "util/buf.h"
#include "web/auth.h"
#include "web/server.h"

struct MHD_Connection;

/* ---- the store pool: one connection per request at a time, each with its calendar cache ---- */

typedef struct web_pool web_pool;
typedef struct web_slot web_slot;

/* Opens `size` connections in the store's serve mode, their writes queued on `gate` (not owned). */
int web_pool_open(const char *location, int size, store_write_gate *gate, web_pool **out, char **error);
void web_pool_close(web_pool *pool);
/* Waits for a free connection. */
web_slot *web_pool_acquire(web_pool *pool);
void web_pool_release(web_pool *pool, web_slot *slot);
gk_store *web_slot_store(web_slot *slot);
/* The agency's working-day calendar, rebuilt only when its fingerprint changes (store_calendar_fingerprint; looked
 * up at most once a second). Owned by the slot: valid until the slot is released. NULL with *error on failure. */
const gk_calendar *web_slot_calendar(web_slot *slot, int64_t agency, char **error);
/* Tells every connection that a calendar changed (an agency holiday added through this server). */
void web_pool_calendar_changed(web_pool *pool);
web_pool *web_slot_pool(web_slot *slot);

/* ---- the audit writer (auditor.c): group commit of the audit entries of views ---- */

typedef struct web_auditor web_auditor;
int web_auditor_start(const char *location, store_write_gate *gate, web_auditor **out, char **error);
/* Writes what is still queued, then stops. */
void web_auditor_stop(web_auditor *a);
/* Returns once the entry is committed (0), or -1 with *error (caller frees). Strings are not copied: they need to
 * live only until the call returns. */
int web_auditor_write(web_auditor *a, int64_t agency, const char *actor, const char *action, const char *table,
                      int64_t record_id, const char *detail, char **error);

/* ---- rate limits: a fixed table of per-key counters over one-minute windows ---- */

typedef struct web_limiter web_limiter;
web_limiter *web_limiter_new(void);
void web_limiter_free(web_limiter *l);
/* Counts one event for key at `now` (seconds). False when the key is over `per_minute` in the current window;
 * *retry_after (may be NULL) gets the seconds until the window ends. */
bool web_limiter_hit(web_limiter *l, const char *key, int per_minute, int64_t now, int *retry_after);
/* How many events key has in the current window, without counting one. */
int web_limiter_peek(web_limiter *l, const char *key, int64_t now);

/* ---- one exchange ---- */

typedef struct web_route web_route;

typedef struct web_request {
    const web_config *config;
    web_limiter *limiter;
    web_auditor *auditor;
    struct MHD_Connection *conn;
    const web_route *route;
    const char *method;       /* as sent: "GET", "HEAD", "POST" … */
    char *path;               /* owned: the decoded path, split into params by the router */
    const char *params[4];    /* path parameters ({id}, {year}, {*}) in pattern order, pointing into storage */
    int param_count;
    char *param_storage;      /* owned */
    const char *body;         /* request body (NUL-terminated), body_len bytes */
    size_t body_len;
    char client_address[64];
    int64_t now;              /* Unix seconds at dispatch */
    gk_date today;

    web_slot *slot;           /* the store connection, acquired for routes that use the store */
    gk_store *store;

    bool has_user;            /* a live session was presented */
    store_user user;          /* its user (owned) */
    unsigned role;            /* its role bit */
    char *csrf_token;         /* owned */
    char *session_hash;       /* owned: hash of the session token */
} web_request;

typedef struct web_header { char *name, *value; } web_header;

typedef struct web_response {
    unsigned status;           /* 0 = no answer yet */
    const char *content_type;  /* static string */
    buf body;
    const unsigned char *static_body; /* when set, the body (not copied, never freed) */
    size_t static_len;
    web_header headers[8];     /* owned */
    int header_count;
    bool no_store;             /* Cache-Control: no-store (every API answer) */
    char *csp;                 /* owned: replaces the default Content-Security-Policy when set */
} web_response;

void web_response_free(web_response *res);
void web_header_add(web_response *res, const char *name, const char *value);

typedef void (*web_handler)(web_request *req, web_response *res);

/* How a route reads its body. */
enum web_body { BODY_NONE, BODY_JSON, BODY_CSV };

struct web_route {
    const char *method;   /* "GET", "POST", "PUT", "DELETE" */
    const char *pattern;  /* "/api/v1/cases/{id}/events"; "{*}" at the end takes the rest of the path */
    web_handler handler;
    unsigned roles;       /* roles allowed; 0 = public (no session needed) */
    enum web_body body;
    bool store;           /* needs a store connection */
    bool portal;          /* rate-limited per client address (the public portal) */
};

/* The route table (routes.c), in matching order. */
const web_route *web_routes(size_t *count);
/* The route for method and path: 1 found (*route, params in req), 0 no route for the path at all, -1 the path
 * exists with other methods (*allow gets them, "GET, POST"; caller frees). HEAD matches GET routes. */
int web_route_match(const char *method, const char *path, web_request *req, const web_route **route, char **allow);

#define WEB_BODY_LIMIT ((size_t)1 << 20)     /* 1 MB */
#define WEB_CSV_BODY_LIMIT ((size_t)16 << 20) /* 16 MB */
size_t web_route_body_limit(const web_route *route);

/* ---- answers ---- */

/* A JSON answer (steals value). */
void web_reply_json(web_response *res, unsigned status, json_t *value);
/* An error answer {"error":{"code","message","field"?,"fields"?}}; field may be NULL. */
void web_reply_error(web_response *res, unsigned status, const char *code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void web_reply_not_found(web_response *res);
/* A store failure: logged with the request, answered 500 with a general message. Frees error. */
void web_reply_store_error(web_request *req, web_response *res, char *error);
/* A refusal of the case register (422 "refused") with its message. Frees error. */
void web_reply_refused(web_response *res, char *error);
/* A document (takes body's contents). */
void web_reply_document(web_response *res, unsigned status, const char *content_type, buf *body);
/* "YYYY-MM-DD HH:MM:SS" UTC. */
void web_now_text(char out[20]);
/* Logs a line about the request (errors, notices). */
void web_log(web_request *req, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- reading requests ---- */

/* The body as a JSON object (an empty body reads as {}). NULL after answering 400 (malformed JSON, not an
 * object). Caller decrefs. */
json_t *web_json_body(web_request *req, web_response *res);
/* Field readers over a JSON object. Each returns true when the field is absent (and not required; *out is left
 * at its default) or valid; false after answering 422 naming the field. Strings are trimmed copies (caller frees;
 * NULL when absent or empty); max_chars counts characters. */
bool web_field_text(web_response *res, json_t *obj, const char *key, bool required, size_t max_chars, char **out);
bool web_field_date(web_response *res, json_t *obj, const char *key, bool required, gk_date *out);
bool web_field_int(web_response *res, json_t *obj, const char *key, bool required, long long min, long long max,
                   long long *out);
bool web_field_bool(web_response *res, json_t *obj, const char *key, bool *out);
/* A query-string argument (validated UTF-8 before dispatch), NULL when absent. */
const char *web_query(web_request *req, const char *key);
/* Path parameter `index` as a positive id; false (after answering 404) otherwise. */
bool web_param_id(web_request *req, web_response *res, int index, int64_t *out);
/* Path parameter as a report year 1990..2199; false after answering 404. */
bool web_param_year(web_request *req, web_response *res, int index, int *out);

/* ---- JSON values ---- */

json_t *web_json_date(gk_date d);        /* "YYYY-MM-DD" or null */
json_t *web_json_text(const char *text); /* string or null; invalid UTF-8 repaired */

/* ---- shared pieces of the handlers ---- */

/* One transaction around a handler's writes (store operations that begin their own join it: store_server.c).
 * false after answering 500. web_rollback is safe to call when nothing is open. */
bool web_begin(web_request *req, web_response *res);
bool web_commit(web_request *req, web_response *res);
void web_rollback(web_request *req);
/* Writes an audit entry as the session's user (actor: username). 0 or -1 (after answering 500). */
/* The same for an entry outside any transaction of the handler (a view of personal data): through the auditor's
 * group commit. Returns once the entry is committed. */
int web_audit_view(web_request *req, web_response *res, const char *action, const char *table, int64_t id,
                   const char *detail);
int web_audit(web_request *req, web_response *res, const char *action, const char *table, int64_t id,
              const char *detail);
/* The calendar of the user's agency (or `agency`), cached in the slot; NULL after answering 500. */
const gk_calendar *web_calendar(web_request *req, web_response *res, int64_t agency);

/* ---- sessions (auth.c; passwords and roles in web/auth.h) ---- */

/* The hash kept in the store for a session token: hex of BLAKE2b-256. out: 65 bytes. */
void web_token_hash(const char *token, char out[65]);
/* n random bytes as base64url without padding, newly allocated. */
char *web_random_token(size_t n);
/* Constant-time comparison of two NUL-terminated strings. */
bool web_secret_equal(const char *a, const char *b);

/* ---- validation (validate.c) ---- */

typedef struct web_id_type {
    const char *key, *label;
    bool person;       /* for natural persons (else organisations) */
    const char *(*check)(const char *number, char *message, size_t size); /* NULL when valid, else message */
} web_id_type;
extern const web_id_type WEB_ID_TYPES[];
extern const size_t WEB_ID_TYPE_COUNT;
const web_id_type *web_id_type_find(const char *key);
/* 18-digit resident ID (GB 11643-1999): digits, birth date, check character. NULL when valid, else message
 * (written into message). */
const char *web_check_resident_id(const char *number, char *message, size_t size);
/* Unified social credit code (GB 32100-2015). */
const char *web_check_credit_code(const char *number, char *message, size_t size);
/* "1101**********1234": the first 4 and last 4 characters kept, the rest starred (short numbers: all but the last
 * 2 starred). Newly allocated; NULL for NULL. */
char *web_mask_id(const char *number);

/* ---- handlers shared between files ---- */

/* Reads an application form (staff registration or portal) into *a and *d; false after answering 422. */
bool web_read_application(web_request *req, web_response *res, json_t *body, bool portal, gk_application *a,
                          store_application_details *d);
/* The deadline object of docs/api.md. */
json_t *web_deadline_json(const gk_calendar *cal, const gk_deadline *dl, gk_date today);
/* "open", "paused", "overdue", "closed". */
const char *web_case_status(const gk_deadline *dl, gk_date today);
/* Answers the report of (agency, year) built from the records, in ?format= (json, html, md, csv). */
void web_send_built_report(web_request *req, web_response *res, int64_t agency, int year);
/* The agencies below `agency` (children, their children …), as ids; caller frees. */
int web_subordinates(gk_store *s, int64_t agency, store_agency **list, size_t *count, char **error);

/* Handlers (one file per area: api_session.c, api_cases.c, api_registers.c, api_reports.c, api_admin.c,
 * api_public.c, pages.c). */
void h_healthz(web_request *, web_response *);
void h_index(web_request *, web_response *);
void h_portal_page(web_request *, web_response *);
void h_static(web_request *, web_response *);
void h_report_css(web_request *, web_response *);
void h_session_create(web_request *, web_response *);
void h_session_delete(web_request *, web_response *);
void h_me(web_request *, web_response *);
void h_meta(web_request *, web_response *);
void h_dashboard(web_request *, web_response *);
void h_cases_list(web_request *, web_response *);
void h_case_create(web_request *, web_response *);
void h_case_get(web_request *, web_response *);
void h_case_event(web_request *, web_response *);
void h_approvals_list(web_request *, web_response *);
void h_approval_decide(web_request *, web_response *);
void h_documents_list(web_request *, web_response *);
void h_document_create(web_request *, web_response *);
void h_document_repeal(web_request *, web_response *);
void h_yearly_get(web_request *, web_response *);
void h_yearly_put(web_request *, web_response *);
void h_appeals_list(web_request *, web_response *);
void h_appeal_create(web_request *, web_response *);
void h_appeal_conclude(web_request *, web_response *);
void h_import(web_request *, web_response *);
void h_report_get(web_request *, web_response *);
void h_report_lock(web_request *, web_response *);
void h_report_publish(web_request *, web_response *);
void h_supervision(web_request *, web_response *);
void h_supervision_report(web_request *, web_response *);
void h_users_list(web_request *, web_response *);
void h_user_create(web_request *, web_response *);
void h_user_disable(web_request *, web_response *);
void h_user_password(web_request *, web_response *);
void h_holidays_list(web_request *, web_response *);
void h_holiday_create(web_request *, web_response *);
void h_audit(web_request *, web_response *);
void h_public_agencies(web_request *, web_response *);
void h_public_application(web_request *, web_response *);
void h_public_status(web_request *, web_response *);
void h_public_reports(web_request *, web_response *);
void h_public_report(web_request *, web_response *);

#endif

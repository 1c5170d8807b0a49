/* routes: every route of `gongkai serve` as one table (method, pattern, handler, roles, body) — as cgit's command
 * table — and the matcher. docs/api.md documents each line; the tests iterate this table (401 without a session,
 * 404 for another agency's ids). */
#include <stdlib.h>
#include <string.h>

#include "web/web.h"

#define API "/api/v1"
#define R_GET(pattern, handler, roles) {"GET", pattern, handler, roles, BODY_NONE, true, false}
#define R_POST(pattern, handler, roles) {"POST", pattern, handler, roles, BODY_JSON, true, false}

static const web_route ROUTES[] = {
    /* pages and health: no session */
    {"GET", "/healthz", h_healthz, 0, BODY_NONE, true, false},
    {"GET", "/", h_index, 0, BODY_NONE, false, false},
    {"GET", "/portal", h_portal_page, 0, BODY_NONE, false, false},
    {"GET", "/static/{*}", h_static, 0, BODY_NONE, false, false},
    {"GET", "/report.css", h_report_css, 0, BODY_NONE, false, false},

    /* session */
    {"POST", API "/session", h_session_create, 0, BODY_JSON, true, false},
    {"DELETE", API "/session", h_session_delete, ROLES_ANY, BODY_NONE, true, false},
    R_GET(API "/me", h_me, ROLES_ANY),
    R_GET(API "/meta", h_meta, ROLES_ANY),

    /* the case register */
    R_GET(API "/dashboard", h_dashboard, ROLES_STAFF),
    R_GET(API "/cases", h_cases_list, ROLES_STAFF),
    R_POST(API "/cases", h_case_create, ROLES_STAFF),
    R_GET(API "/cases/{id}", h_case_get, ROLES_STAFF),
    R_POST(API "/cases/{id}/events", h_case_event, ROLES_STAFF),
    R_GET(API "/approvals", h_approvals_list, ROLES_STAFF),
    R_POST(API "/approvals/{id}", h_approval_decide, ROLE_HEAD),

    /* registers */
    R_GET(API "/documents", h_documents_list, ROLES_STAFF),
    R_POST(API "/documents", h_document_create, ROLES_STAFF),
    R_POST(API "/documents/{id}/repeal", h_document_repeal, ROLES_STAFF),
    R_GET(API "/yearly/{year}", h_yearly_get, ROLES_STAFF),
    {"PUT", API "/yearly/{year}", h_yearly_put, ROLES_STAFF, BODY_JSON, true, false},
    R_GET(API "/appeals", h_appeals_list, ROLES_STAFF),
    R_POST(API "/appeals", h_appeal_create, ROLES_STAFF),
    R_POST(API "/appeals/{id}/conclude", h_appeal_conclude, ROLES_STAFF),
    {"POST", API "/import/{kind}", h_import, ROLES_STAFF, BODY_CSV, true, false},

    /* the annual report */
    R_GET(API "/reports/{year}", h_report_get, ROLES_STAFF | ROLE_SUPERVISOR),
    R_POST(API "/reports/{year}/lock", h_report_lock, ROLE_HEAD),
    R_POST(API "/reports/{year}/publish", h_report_publish, ROLE_HEAD),

    /* supervision */
    R_GET(API "/supervision", h_supervision, ROLE_SUPERVISOR),
    R_GET(API "/supervision/{id}/reports/{year}", h_supervision_report, ROLE_SUPERVISOR),

    /* administration and audit */
    R_GET(API "/users", h_users_list, ROLE_ADMIN),
    R_POST(API "/users", h_user_create, ROLE_ADMIN),
    R_POST(API "/users/{id}/disable", h_user_disable, ROLE_ADMIN),
    R_POST(API "/users/{id}/password", h_user_password, ROLE_ADMIN),
    R_GET(API "/holidays", h_holidays_list, ROLE_ADMIN),
    R_POST(API "/holidays", h_holiday_create, ROLE_ADMIN),
    R_GET(API "/audit", h_audit, ROLE_AUDITOR),

    /* the public portal: no session, rate-limited per client address */
    {"GET", API "/public/meta", h_meta, 0, BODY_NONE, false, true},
    {"GET", API "/public/agencies", h_public_agencies, 0, BODY_NONE, true, true},
    {"POST", API "/public/applications", h_public_application, 0, BODY_JSON, true, true},
    {"GET", API "/public/status", h_public_status, 0, BODY_NONE, true, true},
    {"GET", API "/public/reports", h_public_reports, 0, BODY_NONE, true, true},
    {"GET", API "/public/reports/{id}/{year}", h_public_report, 0, BODY_NONE, true, true},
};

#define ROUTE_COUNT (sizeof ROUTES / sizeof ROUTES[0])

const web_route *web_routes(size_t *count)
{
    *count = ROUTE_COUNT;
    return ROUTES;
}

size_t web_route_body_limit(const web_route *route)
{
    return route->body == BODY_CSV ? WEB_CSV_BODY_LIMIT : WEB_BODY_LIMIT;
}

/* Matches path against pattern segment by segment. On success the parameters are copied into *storage (owned by
 * the caller) and pointed to by params. */
static bool pattern_matches(const char *pattern, const char *path, const char *params[4], int *count, char **storage)
{
    size_t path_len = strlen(path);
    char *copy = xmalloc(path_len + 1);
    size_t used = 0;
    int n = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (p[0] == '{' && p[1] == '*') { /* the rest of the path, at least one character */
            if (!*s || n == 4) goto fail;
            size_t len = strlen(s);
            params[n++] = memcpy(copy + used, s, len + 1);
            used += len + 1;
            s += len;
            p += strlen(p);
            break;
        }
        if (*p == '{') { /* one non-empty segment */
            const char *end = strchr(s, '/');
            size_t len = end ? (size_t)(end - s) : strlen(s);
            if (len == 0 || n == 4) goto fail;
            memcpy(copy + used, s, len);
            copy[used + len] = '\0';
            params[n++] = copy + used;
            used += len + 1;
            s += len;
            p = strchr(p, '}');
            if (!p) goto fail;
            p++;
            continue;
        }
        if (*p != *s) goto fail;
        p++;
        s++;
    }
    if (*p || *s) goto fail;
    *count = n;
    *storage = copy;
    return true;
fail:
    free(copy);
    return false;
}

int web_route_match(const char *method, const char *path, web_request *req, const web_route **route, char **allow)
{
    *route = NULL;
    if (allow) *allow = NULL;
    const char *wanted = strcmp(method, "HEAD") == 0 ? "GET" : method;
    buf methods = BUF_INIT;
    for (size_t i = 0; i < ROUTE_COUNT; i++) {
        const char *params[4];
        int count = 0;
        char *storage = NULL;
        if (!pattern_matches(ROUTES[i].pattern, path, params, &count, &storage)) continue;
        if (strcmp(ROUTES[i].method, wanted) == 0) {
            buf_free(&methods);
            free(req->param_storage);
            req->param_storage = storage;
            memcpy(req->params, params, sizeof params);
            req->param_count = count;
            *route = &ROUTES[i];
            return 1;
        }
        free(storage);
        if (methods.len) buf_puts(&methods, ", ");
        buf_puts(&methods, ROUTES[i].method);
        if (strcmp(ROUTES[i].method, "GET") == 0) buf_puts(&methods, ", HEAD");
    }
    if (!methods.len) return 0;
    if (allow) *allow = buf_detach(&methods);
    buf_free(&methods);
    return -1;
}

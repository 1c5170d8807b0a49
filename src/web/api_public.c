/* api_public: the public portal's routes (no login; every one rate-limited per client address by the router) —
 * the agencies, an online application that answers with a tracking number and a secret query code (shown once;
 * only its hash is kept), the status query that shows status and due date and nothing else (a wrong pair answers
 * 404 after a constant-time comparison, and repeated failures are throttled), and the published reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>
#include <sodium.h>

#include "web/web.h"

#define PORTAL_ACTOR "公众门户"

void h_public_agencies(web_request *req, web_response *res)
{
    store_agency *list = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_agency_list(req->store, &list, &n, &error) != 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(list[i].id));
        json_object_set_new(o, "name", web_json_text(list[i].name));
        json_object_set_new(o, "parent_id", list[i].parent_id ? json_integer(list[i].parent_id) : json_null());
        json_array_append_new(items, o);
    }
    store_agency_list_free(list, n);
    json_t *body = json_object();
    json_object_set_new(body, "agencies", items);
    web_reply_json(res, MHD_HTTP_OK, body);
}

/* ---- query codes ---- */

/* Letters and digits that cannot be mistaken for one another. */
static const char CODE_ALPHABET[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/* "K7QJ-9M2P-X4TD": 12 characters, about 59 bits. Newly allocated. */
static char *new_query_code(void)
{
    char *code = xmalloc(15);
    size_t k = 0;
    for (int i = 0; i < 12; i++) {
        if (i && i % 4 == 0) code[k++] = '-';
        code[k++] = CODE_ALPHABET[randombytes_uniform((uint32_t)(sizeof CODE_ALPHABET - 1))];
    }
    code[k] = '\0';
    return code;
}

/* The stored form of a code: the hash of its letters and digits, upper case (dashes and spaces dropped, so the
 * applicant may type it either way). */
static void code_hash(const char *code, char out[65])
{
    buf canon = BUF_INIT;
    for (const char *p = code; *p; p++) {
        if (*p == '-' || *p == ' ') continue;
        buf_putc(&canon, *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
    }
    web_token_hash(buf_cstr(&canon), out);
    buf_free(&canon);
}

/* A tracking number unique across agencies: "2026-W2-483920". NULL after answering 500. */
static char *new_tracking_no(web_request *req, web_response *res, int64_t agency)
{
    char *error = NULL;
    for (int attempt = 0; attempt < 20; attempt++) {
        char *no = xasprintf("%04d-W%lld-%06u", req->today.year, (long long)agency, randombytes_uniform(1000000));
        int64_t a = 0, app = 0;
        char *hash = NULL;
        int taken = store_query_code_find(req->store, no, &a, &app, &hash, &error);
        free(hash);
        if (taken == 0) taken = store_application_find(req->store, agency, no, &app, &error);
        if (taken == 0) return no;
        free(no);
        if (taken < 0) break;
    }
    web_reply_store_error(req, res, error ? error : xstrdup("无法生成申请编号"));
    return NULL;
}

void h_public_application(web_request *req, web_response *res)
{
    json_t *body = web_json_body(req, res);
    if (!body) return;
    gk_application a;
    gk_application_init(&a);
    store_application_details d = {0};
    long long agency = 0;
    char *error = NULL, *code = NULL;
    store_agency ag = {0};
    if (!web_field_int(res, body, "agency_id", true, 1, INT64_MAX, &agency)) goto done;
    int exists = store_agency_get(req->store, agency, &ag, &error);
    if (exists < 0) {
        web_reply_store_error(req, res, error);
        goto done;
    }
    if (!exists) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "agency_id", "所选机关不存在。");
        goto done;
    }
    if (!web_read_application(req, res, body, true, &a, &d)) goto done;
    if (!(a.tracking_no = new_tracking_no(req, res, agency)) || !web_begin(req, res)) goto done;
    /* The application, its details, its query code and the audit entry: one transaction. */
    if (store_application_add(req->store, agency, &a, &error) != 0) {
        web_rollback(req);
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", NULL, "%s", error ? error : "申请未能提交。");
        free(error);
        goto done;
    }
    code = new_query_code();
    char hash[65];
    code_hash(code, hash);
    buf detail = BUF_INIT;
    buf_printf(&detail, "网上提交申请 %s（来自 %s）", a.tracking_no, req->client_address);
    int rc = store_application_details_put(req->store, agency, a.id, &d, &error);
    if (rc == 0) rc = store_query_code_add(req->store, agency, a.id, a.tracking_no, hash, &error);
    if (rc == 0) rc = store_audit(req->store, agency, PORTAL_ACTOR, "create", "applications", a.id, buf_cstr(&detail), &error);
    buf_free(&detail);
    if (rc != 0) {
        web_rollback(req);
        web_reply_store_error(req, res, error);
        goto done;
    }
    if (!web_commit(req, res)) goto done;
    json_t *out = json_object();
    json_object_set_new(out, "tracking_no", web_json_text(a.tracking_no));
    json_object_set_new(out, "query_code", json_string(code));
    web_reply_json(res, MHD_HTTP_CREATED, out);
done:
    if (code) sodium_memzero(code, strlen(code));
    free(code);
    store_agency_clear(&ag);
    gk_application_clear(&a);
    store_application_details_clear(&d);
    json_decref(body);
}

/* ---- the status query ---- */

static void reply_status_throttled(web_response *res, int retry)
{
    char seconds[16];
    snprintf(seconds, sizeof seconds, "%d", retry < 1 ? 1 : retry);
    web_header_add(res, "Retry-After", seconds);
    web_reply_error(res, MHD_HTTP_TOO_MANY_REQUESTS, "throttled", NULL, "查询失败次数过多，请 %s 秒后再试。", seconds);
}

void h_public_status(web_request *req, web_response *res)
{
    const char *tracking = web_query(req, "tracking_no"), *code = web_query(req, "query_code");
    if (!tracking || !code || strlen(tracking) > 64 || strlen(code) > 64) {
        web_reply_error(res, MHD_HTTP_BAD_REQUEST, "bad_request", !tracking ? "tracking_no" : "query_code",
                        "请填写申请编号和查询码。");
        return;
    }
    char key[96];
    snprintf(key, sizeof key, "status-failure:%s", req->client_address);
    int limit = req->config->status_failures_per_minute;
    if (web_limiter_peek(req->limiter, key, req->now) >= limit) {
        reply_status_throttled(res, (int)(60 - req->now % 60));
        return;
    }
    int64_t agency = 0, application = 0;
    char *stored = NULL, *error = NULL;
    int found = store_query_code_find(req->store, tracking, &agency, &application, &stored, &error);
    if (found < 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    char given[65];
    code_hash(code, given);
    /* The comparison runs whether or not the number exists, so the time taken tells nothing. */
    bool match = web_secret_equal(given, found ? stored : "0000000000000000000000000000000000000000000000000000000000000000") && found;
    free(stored);
    if (!match) {
        int retry = 0;
        web_limiter_hit(req->limiter, key, limit, req->now, &retry);
        web_reply_error(res, MHD_HTTP_NOT_FOUND, "not_found", NULL, "申请编号或查询码不正确。");
        return;
    }
    gk_application a;
    int have = store_application_get(req->store, agency, application, &a, &error);
    if (have != 1) {
        web_reply_store_error(req, res, have < 0 ? error : xstrdup("查询码指向的申请不存在"));
        return;
    }
    const gk_calendar *cal = web_slot_calendar(req->slot, agency, &error);
    gk_case_event *events = NULL;
    size_t n = 0;
    gk_deadline dl;
    if (!cal || store_event_list(req->store, agency, application, &events, &n, &error) != 0 ||
        gk_case_deadline(cal, events, n, &dl, &error) != 0) {
        web_reply_store_error(req, res, error);
    } else {
        json_t *out = json_object();
        json_object_set_new(out, "status", json_string(web_case_status(&dl, req->today)));
        json_object_set_new(out, "received_on", web_json_date(a.received_on));
        json_object_set_new(out, "due", web_json_date(dl.due));
        json_object_set_new(out, "provisional", json_boolean(dl.provisional));
        web_reply_json(res, MHD_HTTP_OK, out);
        gk_deadline_free(&dl);
    }
    store_event_list_free(events, n);
    gk_application_clear(&a);
}

/* ---- published reports ---- */

void h_public_reports(web_request *req, web_response *res)
{
    int64_t agency = 0;
    const char *text = web_query(req, "agency");
    if (text) {
        char *end = NULL;
        long long v = strtoll(text, &end, 10);
        if (end == text || *end || v < 1) {
            web_reply_error(res, MHD_HTTP_BAD_REQUEST, "bad_request", "agency", "机关编号“%s”无效。", text);
            return;
        }
        agency = v;
    }
    store_publication *list = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_publication_list(req->store, agency, &list, &n, &error) != 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "agency_id", json_integer(list[i].agency_id));
        json_object_set_new(o, "agency", web_json_text(list[i].agency_name));
        json_object_set_new(o, "year", json_integer(list[i].year));
        json_object_set_new(o, "revision", json_integer(list[i].revision));
        json_object_set_new(o, "published_at", web_json_text(list[i].published_at));
        json_array_append_new(items, o);
    }
    store_publication_list_free(list, n);
    json_t *body = json_object();
    json_object_set_new(body, "reports", items);
    web_reply_json(res, MHD_HTTP_OK, body);
}

/* api_session: logging in and out (POST/DELETE /api/v1/session), who is logged in (GET /me), and the vocabulary
 * the pages label things with (GET /meta), built from the format tables and the case register's tables. Failed
 * logins are throttled per user name and per client address; the answer to a failed login never tells whether
 * the user exists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "cases/build.h"
#include "cases/outcome.h"
#include "web/web.h"

#define USER_FAILURES_ALLOWED 5      /* then 429 for 30 s, doubling with each further failure */
#define USER_BASE_DELAY 30
#define USER_MAX_DELAY 3600
#define ADDRESS_WINDOW 900           /* 15 minutes */
#define ADDRESS_FAILURES_ALLOWED 20

/* A valid argon2id hash of a random password nobody knows: verified against when the user does not exist, so a
 * failed login takes as long whether or not the name is taken. */
static const char DUMMY_HASH[] =
    "$argon2id$v=19$m=65536,t=2,p=1$tJEAXobUYA9hTc3PHwE1zA$yTWIjUij7nToHtxwL8ABxCnFI2doicz0Ux7jE/qfFHc";

static json_t *user_json(const store_user *u)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(u->id));
    json_object_set_new(o, "username", web_json_text(u->username));
    json_object_set_new(o, "display_name", web_json_text(u->display_name));
    json_object_set_new(o, "role", web_json_text(u->role));
    json_object_set_new(o, "agency_id", json_integer(u->agency_id));
    json_object_set_new(o, "agency_name", web_json_text(u->agency_name));
    return o;
}

static json_t *session_json(const store_user *u, const char *csrf)
{
    json_t *o = json_object();
    json_object_set_new(o, "user", user_json(u));
    json_object_set_new(o, "csrf_token", json_string(csrf));
    return o;
}

static void reply_throttled(web_response *res, int64_t seconds)
{
    if (seconds < 1) seconds = 1;
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)seconds);
    web_header_add(res, "Retry-After", text);
    web_reply_error(res, MHD_HTTP_TOO_MANY_REQUESTS, "throttled", NULL,
                    "登录失败次数过多，请 %lld 秒后再试。", (long long)seconds);
}

/* 429 when the user name or the address has failed too often; false after answering. */
static bool login_allowed(web_request *req, web_response *res, const char *username)
{
    int count = 0;
    int64_t last = 0;
    char *error = NULL;
    if (store_login_failures_for_user(req->store, username, req->now - USER_MAX_DELAY, &count, &last, &error) != 0) {
        web_reply_store_error(req, res, error);
        return false;
    }
    if (count >= USER_FAILURES_ALLOWED) {
        int shift = count - USER_FAILURES_ALLOWED;
        int64_t delay = shift >= 7 ? USER_MAX_DELAY : (int64_t)USER_BASE_DELAY << shift;
        if (delay > USER_MAX_DELAY) delay = USER_MAX_DELAY;
        if (req->now - last < delay) {
            reply_throttled(res, delay - (req->now - last));
            return false;
        }
    }
    if (store_login_failures_for_address(req->store, req->client_address, req->now - ADDRESS_WINDOW, &count, &last,
                                         &error) != 0) {
        web_reply_store_error(req, res, error);
        return false;
    }
    if (count >= ADDRESS_FAILURES_ALLOWED) {
        reply_throttled(res, ADDRESS_WINDOW - (req->now - last));
        return false;
    }
    return true;
}

static void set_session_cookie(web_request *req, web_response *res, const char *token, int64_t max_age)
{
    buf cookie = BUF_INIT;
    buf_printf(&cookie, "gk_session=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%lld%s", token,
               (long long)max_age, req->config->secure_cookie ? "; Secure" : "");
    web_header_add(res, "Set-Cookie", buf_cstr(&cookie));
    buf_free(&cookie);
}

/* Creates the session and answers with the user and the CSRF token. */
static void start_session(web_request *req, web_response *res, const store_user *user)
{
    char *token = web_random_token(32), *csrf = web_random_token(32);
    char hash[65];
    web_token_hash(token, hash);
    char *error = NULL;
    int64_t ttl = req->config->session_seconds;
    if (store_auth_purge(req->store, req->now - 86400, &error) != 0 ||
        store_session_add(req->store, user, hash, csrf, req->now, req->now + ttl, &error) != 0 ||
        store_audit(req->store, user->agency_id, user->username, "login", "users", user->id, "登录", &error) != 0) {
        web_reply_store_error(req, res, error);
    } else {
        set_session_cookie(req, res, token, ttl);
        web_reply_json(res, MHD_HTTP_OK, session_json(user, csrf));
    }
    free(token);
    free(csrf);
}

void h_session_create(web_request *req, web_response *res)
{
    json_t *body = web_json_body(req, res);
    if (!body) return;
    char *username = NULL, *password_trimmed = NULL;
    json_t *pw = json_object_get(body, "password");
    if (!web_field_text(res, body, "username", true, 64, &username) ||
        !web_field_text(res, body, "password", true, 256, &password_trimmed))
        goto done;
    const char *password = json_string_value(pw); /* as typed: spaces count */
    if (!login_allowed(req, res, username)) goto done;
    store_user user;
    char *error = NULL;
    int found = store_user_by_name(req->store, username, &user, &error);
    if (found < 0) {
        web_reply_store_error(req, res, error);
        goto done;
    }
    bool ok = web_password_verify(found ? user.password_hash : DUMMY_HASH, password) && found && !user.disabled;
    if (store_login_attempt_add(req->store, username, req->client_address, req->now, ok, &error) != 0) {
        web_reply_store_error(req, res, error);
    } else if (!ok) {
        web_reply_error(res, MHD_HTTP_UNAUTHORIZED, "unauthenticated", NULL, "用户名或密码不正确。");
    } else {
        start_session(req, res, &user);
    }
    if (found) store_user_clear(&user);
done:
    free(username);
    free(password_trimmed);
    json_decref(body);
}

void h_session_delete(web_request *req, web_response *res)
{
    char *error = NULL;
    if (store_session_revoke(req->store, req->session_hash, &error) != 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    if (web_audit(req, res, "logout", "users", req->user.id, "退出登录") != 0) return;
    set_session_cookie(req, res, "", 0);
    json_t *body = json_object();
    json_object_set_new(body, "ok", json_true());
    web_reply_json(res, MHD_HTTP_OK, body);
}

void h_me(web_request *req, web_response *res)
{
    web_reply_json(res, MHD_HTTP_OK, session_json(&req->user, req->csrf_token));
}

/* ---- the vocabulary ---- */

static json_t *key_label(const char *key, const char *label)
{
    json_t *o = json_object();
    json_object_set_new(o, "key", json_string(key));
    json_object_set_new(o, "label", json_string(label));
    return o;
}

static json_t *meta_applicant_types(void)
{
    json_t *list = json_array();
    for (int t = 0; t < GK_APPLICANT_TYPES; t++) {
        json_t *o = key_label(gk_applicant_type_key(t), gk_applicant_type_label(t));
        json_object_set_new(o, "group", web_json_text(APPLICATION_COLUMN_DEFS[t].group));
        json_object_set_new(o, "person", json_boolean(gk_applicant_type_is_person(t)));
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *meta_id_types(void)
{
    json_t *list = json_array();
    for (size_t i = 0; i < WEB_ID_TYPE_COUNT; i++) {
        json_t *o = key_label(WEB_ID_TYPES[i].key, WEB_ID_TYPES[i].label);
        json_object_set_new(o, "person", json_boolean(WEB_ID_TYPES[i].person));
        json_object_set_new(o, "checked", json_boolean(WEB_ID_TYPES[i].check != NULL));
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *meta_channels(void)
{
    json_t *list = json_array();
    for (int c = 0; c < GK_CHANNEL__COUNT; c++) {
        const gk_channel_def *def = gk_channel_def_at((enum gk_channel)c);
        json_t *o = key_label(def->key, def->label);
        json_object_set_new(o, "receipt_rule", json_string(def->receipt_rule));
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *meta_event_kinds(void)
{
    json_t *list = json_array();
    for (int k = 0; k < GK_EV__COUNT; k++) {
        json_t *o = key_label(gk_event_kind_key((enum gk_event_kind)k), gk_event_kind_label((enum gk_event_kind)k));
        json_object_set_new(o, "needs_approval", json_boolean(k == GK_EV_EXTENSION_APPROVED || k == GK_EV_DECIDED));
        json_object_set_new(o, "recordable", json_boolean(k != GK_EV_RECEIVED));
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *meta_outcomes(void)
{
    json_t *list = json_array();
    gk_outcome o;
    for (size_t i = 0; gk_outcome_at(i, &o); i++) {
        json_t *item = key_label(o.key, o.label);
        json_object_set_new(item, "group", web_json_text(o.group));
        json_object_set_new(item, "basis", web_json_text(o.basis));
        /* The three （六） rows come from lapse and withdrawal events, not from a decision. */
        json_object_set_new(item, "decidable", json_boolean(o.role == GK_OUTCOME_ORDINARY || o.role == GK_OUTCOME_WITHHELD));
        json_object_set_new(item, "withheld", json_boolean(o.role == GK_OUTCOME_WITHHELD));
        json_array_append_new(list, item);
    }
    return list;
}

static json_t *meta_statuses(void)
{
    static const char *const statuses[][2] = {
        {"open", "办理中"}, {"paused", "暂停计时"}, {"overdue", "已逾期"}, {"closed", "已办结"}};
    json_t *list = json_array();
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        json_array_append_new(list, key_label(statuses[i][0], statuses[i][1]));
    return list;
}

static json_t *meta_roles(void)
{
    json_t *list = json_array();
    for (size_t i = 0; i < WEB_ROLE_COUNT; i++) json_array_append_new(list, key_label(WEB_ROLES[i].key, WEB_ROLES[i].label));
    return list;
}

/* Document registers and yearly items of table 二, from FORMAT_2021. */
static void meta_proactive(json_t *documents, json_t *yearly)
{
    const report_format *f = gk_outcome_format();
    for (int item = 0; item < f->proactive_count; item++) {
        const proactive_item_def *def = &f->proactive[item];
        if (gk_build_item_is_document(item, NULL, NULL, NULL)) {
            json_array_append_new(documents, key_label(def->key, def->label));
            continue;
        }
        for (int field = 0; field < def->field_count; field++) {
            const field_def *fd = &def->fields[field];
            buf key = BUF_INIT, label = BUF_INIT;
            buf_printf(&key, "%s.%s", def->key, fd->key);
            buf_printf(&label, "%s %s", def->label, fd->label);
            json_t *o = key_label(buf_cstr(&key), buf_cstr(&label));
            json_object_set_new(o, "item", json_string(def->key));
            json_object_set_new(o, "field", json_string(fd->key));
            json_object_set_new(o, "item_label", json_string(def->label));
            json_object_set_new(o, "field_label", json_string(fd->label));
            json_object_set_new(o, "caption", web_json_text(def->caption));
            json_object_set_new(o, "kind", json_string(fd->kind == VALUE_DECIMAL ? "amount" : "count"));
            json_array_append_new(yearly, o);
            buf_free(&key);
            buf_free(&label);
        }
    }
}

static json_t *meta_appeal_blocks(void)
{
    json_t *list = json_array();
    for (int b = 0; b < APPEAL_BLOCKS; b++) {
        json_t *o = key_label(APPEAL_BLOCK_DEFS[b].key, APPEAL_BLOCK_DEFS[b].label);
        json_object_set_new(o, "group", web_json_text(APPEAL_BLOCK_DEFS[b].group));
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *meta_appeal_results(void)
{
    json_t *list = json_array();
    for (int f = 0; f < APPEAL_FIELDS; f++)
        if (gk_appeal_result_from_key(APPEAL_FIELD_DEFS[f].key) == f)
            json_array_append_new(list, key_label(APPEAL_FIELD_DEFS[f].key, APPEAL_FIELD_DEFS[f].label));
    return list;
}

void h_meta(web_request *req, web_response *res)
{
    json_t *meta = json_object();
    json_object_set_new(meta, "applicant_types", meta_applicant_types());
    json_object_set_new(meta, "id_types", meta_id_types());
    json_object_set_new(meta, "channels", meta_channels());
    json_object_set_new(meta, "event_kinds", meta_event_kinds());
    json_object_set_new(meta, "outcomes", meta_outcomes());
    json_object_set_new(meta, "case_statuses", meta_statuses());
    json_object_set_new(meta, "roles", meta_roles());
    json_t *documents = json_array(), *yearly = json_array();
    meta_proactive(documents, yearly);
    json_object_set_new(meta, "document_items", documents);
    json_object_set_new(meta, "yearly_items", yearly);
    json_object_set_new(meta, "appeal_blocks", meta_appeal_blocks());
    json_object_set_new(meta, "appeal_results", meta_appeal_results());
    web_reply_json(res, MHD_HTTP_OK, meta);
}

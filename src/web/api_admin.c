/* api_admin: the administrator's routes — the agency's users (create with a checked password, disable, reset the
 * password; both end the user's sessions) and the agency's own extra days off (deadlines follow at once) — and the
 * auditor's read of the append-only audit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "web/web.h"

/* ---- users ---- */

static json_t *user_json(const store_user *u)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(u->id));
    json_object_set_new(o, "username", web_json_text(u->username));
    json_object_set_new(o, "display_name", web_json_text(u->display_name));
    json_object_set_new(o, "role", web_json_text(u->role));
    json_object_set_new(o, "agency_id", json_integer(u->agency_id));
    json_object_set_new(o, "disabled", json_boolean(u->disabled));
    json_object_set_new(o, "created_at", web_json_text(u->created_at));
    return o;
}

static void reply_user(web_request *req, web_response *res, int64_t id, unsigned status)
{
    store_user u;
    char *error = NULL;
    int found = store_user_get(req->store, req->user.agency_id, id, &u, &error);
    if (found < 0) web_reply_store_error(req, res, error);
    else if (!found) web_reply_not_found(res);
    else {
        json_t *out = json_object();
        json_object_set_new(out, "user", user_json(&u));
        store_user_clear(&u);
        web_reply_json(res, status, out);
    }
}

void h_users_list(web_request *req, web_response *res)
{
    store_user *list = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_user_list(req->store, req->user.agency_id, &list, &n, &error) != 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, user_json(&list[i]));
    store_user_list_free(list, n);
    json_t *body = json_object();
    json_object_set_new(body, "users", items);
    web_reply_json(res, MHD_HTTP_OK, body);
}

/* A user name: 2–32 characters of letters, digits, '.', '_', '-'. */
static bool username_ok(const char *name)
{
    size_t len = strlen(name);
    if (len < 2 || len > 32) return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
              *p == '_' || *p == '-'))
            return false;
    return true;
}

/* The raw password field (not trimmed: spaces count); NULL after answering 422. */
static const char *password_field(web_response *res, json_t *body)
{
    json_t *v = json_object_get(body, "password");
    const char *pw = json_is_string(v) ? json_string_value(v) : NULL;
    const char *problem = pw ? web_password_problem(pw) : "请填写密码。";
    if (pw && strlen(pw) != json_string_length(v)) problem = "密码含有不允许的空字符。";
    if (problem) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "password", "%s", problem);
        return NULL;
    }
    return pw;
}

void h_user_create(web_request *req, web_response *res)
{
    json_t *body = web_json_body(req, res);
    if (!body) return;
    char *username = NULL, *display = NULL, *role = NULL, *hash = NULL, *error = NULL;
    const char *password;
    if (!web_field_text(res, body, "username", true, 32, &username) ||
        !web_field_text(res, body, "display_name", false, 50, &display) ||
        !web_field_text(res, body, "role", true, 20, &role))
        goto done;
    if (!username_ok(username)) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "username",
                        "用户名须为 2–32 个英文字母、数字或 . _ - 。");
        goto done;
    }
    if (!web_role_bit_of(role)) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "role", "角色“%s”无效。", role);
        goto done;
    }
    if (!(password = password_field(res, body))) goto done;
    if (!(hash = web_password_hash(password))) {
        web_reply_store_error(req, res, xstrdup("密码散列失败（内存不足？）"));
        goto done;
    }
    int64_t id = 0;
    bool duplicate = false;
    if (store_user_add(req->store, req->user.agency_id, username, display, role, hash, &id, &duplicate, &error) != 0) {
        if (duplicate) {
            free(error);
            web_reply_error(res, MHD_HTTP_CONFLICT, "conflict", "username", "用户名“%s”已被使用。", username);
        } else {
            web_reply_store_error(req, res, error);
        }
        goto done;
    }
    char detail[96];
    snprintf(detail, sizeof detail, "新增用户 %s（%s）", username, role);
    if (web_audit(req, res, "create", "users", id, detail) == 0) reply_user(req, res, id, MHD_HTTP_CREATED);
done:
    free(username);
    free(display);
    free(role);
    free(hash);
    json_decref(body);
}

void h_user_disable(web_request *req, web_response *res)
{
    int64_t id;
    if (!web_param_id(req, res, 0, &id)) return;
    if (id == req->user.id) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "refused", NULL, "不能停用自己的账号。");
        return;
    }
    char *error = NULL;
    int found = store_user_set_disabled(req->store, req->user.agency_id, id, true, &error);
    if (found < 0) web_reply_store_error(req, res, error);
    else if (!found) web_reply_not_found(res);
    else if (web_audit(req, res, "disable", "users", id, "停用用户") == 0) reply_user(req, res, id, MHD_HTTP_OK);
}

void h_user_password(web_request *req, web_response *res)
{
    int64_t id;
    if (!web_param_id(req, res, 0, &id)) return;
    json_t *body = web_json_body(req, res);
    if (!body) return;
    store_user u;
    char *error = NULL, *hash = NULL;
    int found = store_user_get(req->store, req->user.agency_id, id, &u, &error);
    if (found < 0) web_reply_store_error(req, res, error);
    else if (!found) web_reply_not_found(res);
    else {
        store_user_clear(&u);
        const char *password = password_field(res, body);
        if (password && !(hash = web_password_hash(password))) web_reply_store_error(req, res, xstrdup("密码散列失败"));
        else if (password && (found = store_user_set_password(req->store, req->user.agency_id, id, hash, &error)) != 1)
            web_reply_store_error(req, res, error);
        else if (password && web_audit(req, res, "password", "users", id, "重设密码") == 0) {
            json_t *out = json_object();
            json_object_set_new(out, "ok", json_true());
            web_reply_json(res, MHD_HTTP_OK, out);
        }
    }
    free(hash);
    json_decref(body);
}

/* ---- the agency's own holidays ---- */

void h_holidays_list(web_request *req, web_response *res)
{
    store_holiday *list = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_agency_holiday_list(req->store, req->user.agency_id, &list, &n, &error) != 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "date", web_json_date(list[i].day));
        json_object_set_new(o, "name", web_json_text(list[i].name));
        json_array_append_new(items, o);
    }
    store_holiday_list_free(list, n);
    json_t *body = json_object();
    json_object_set_new(body, "holidays", items);
    web_reply_json(res, MHD_HTTP_OK, body);
}

void h_holiday_create(web_request *req, web_response *res)
{
    json_t *body = web_json_body(req, res);
    if (!body) return;
    gk_date day = {0, 0, 0};
    char *name = NULL, *error = NULL;
    if (web_field_date(res, body, "date", true, &day) && web_field_text(res, body, "name", false, 50, &name)) {
        if (store_agency_holiday_add(req->store, req->user.agency_id, day, name, &error) != 0) {
            web_reply_refused(res, error);
        } else {
            web_pool_calendar_changed(web_slot_pool(req->slot)); /* deadlines follow at once */
            char text[11];
            gk_date_format(day, text);
            char detail[128];
            snprintf(detail, sizeof detail, "本机关假日 %s %s", text, name ? name : "");
            if (web_audit(req, res, "create", "agency_holidays", 0, detail) == 0) {
                json_t *out = json_object();
                json_object_set_new(out, "date", web_json_date(day));
                json_object_set_new(out, "name", web_json_text(name));
                web_reply_json(res, MHD_HTTP_CREATED, out);
            }
        }
    }
    free(name);
    json_decref(body);
}

/* ---- the audit log ---- */

void h_audit(web_request *req, web_response *res)
{
    gk_date range[2] = {{0, 0, 0}, {0, 0, 0}};
    const char *names[2] = {"from", "to"};
    for (int i = 0; i < 2; i++) {
        const char *text = web_query(req, names[i]);
        if (text && gk_date_parse(text, &range[i]) != 0) {
            web_reply_error(res, MHD_HTTP_BAD_REQUEST, "bad_request", names[i], "日期“%s”无效，应为 YYYY-MM-DD。", text);
            return;
        }
    }
    store_audit_entry *list = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_audit_list_range(req->store, req->user.agency_id, range[0], range[1], 10000, &list, &n, &error) != 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(list[i].id));
        json_object_set_new(o, "at", web_json_text(list[i].at));
        json_object_set_new(o, "actor", web_json_text(list[i].actor));
        json_object_set_new(o, "action", web_json_text(list[i].action));
        json_object_set_new(o, "record_table", web_json_text(list[i].record_table));
        json_object_set_new(o, "record_id", json_integer(list[i].record_id));
        json_object_set_new(o, "detail", web_json_text(list[i].detail));
        json_array_append_new(items, o);
    }
    store_audit_list_free(list, n);
    json_t *body = json_object();
    json_object_set_new(body, "entries", items);
    web_reply_json(res, MHD_HTTP_OK, body);
}

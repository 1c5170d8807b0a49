/* api_registers: the registers behind tables 二 and 四 over HTTP (DESIGN.md §4) — normative documents with their
 * repeal, the yearly counts and fee amounts with the channel counts, reconsideration and litigation cases — and
 * the CSV imports (applications and registers, all rows or none). Keys and labels come from the format tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "cases/build.h"
#include "cases/csv_import.h"
#include "cases/outcome.h"
#include "web/web.h"

/* ---- normative documents ---- */

static json_t *document_json(const store_document *d)
{
    const report_format *f = gk_outcome_format();
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(d->id));
    json_object_set_new(o, "item", json_string(f->proactive[d->item].key));
    json_object_set_new(o, "title", web_json_text(d->title));
    json_object_set_new(o, "doc_no", web_json_text(d->doc_no));
    json_object_set_new(o, "issued_on", web_json_date(d->issued_on));
    json_object_set_new(o, "repealed_on", web_json_date(d->repealed_on));
    return o;
}

void h_documents_list(web_request *req, web_response *res)
{
    store_document *list = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_document_list(req->store, req->user.agency_id, &list, &n, &error) != 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, document_json(&list[i]));
    store_document_list_free(list, n);
    json_t *body = json_object();
    json_object_set_new(body, "documents", items);
    web_reply_json(res, MHD_HTTP_OK, body);
}

void h_document_create(web_request *req, web_response *res)
{
    json_t *body = web_json_body(req, res);
    if (!body) return;
    char *item = NULL, *error = NULL;
    store_document d = {.item = -1};
    if (!web_field_text(res, body, "item", true, 40, &item) || !web_field_text(res, body, "title", true, 300, &d.title) ||
        !web_field_text(res, body, "doc_no", false, 100, &d.doc_no) ||
        !web_field_date(res, body, "issued_on", true, &d.issued_on))
        goto done;
    d.item = gk_document_item_from_key(item);
    if (d.item < 0) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "item", "文件类别“%s”无效。", item);
        goto done;
    }
    if (store_document_add(req->store, req->user.agency_id, &d, &error) != 0) {
        web_reply_refused(res, error);
        goto done;
    }
    if (web_audit(req, res, "create", "documents", d.id, d.title) != 0) goto done;
    json_t *out = json_object();
    json_object_set_new(out, "id", json_integer(d.id));
    web_reply_json(res, MHD_HTTP_CREATED, out);
done:
    free(item);
    free(d.title);
    free(d.doc_no);
    json_decref(body);
}

/* The document of the agency with that id (1), none (0: answered 404), or -1 (answered 500). */
static int find_document(web_request *req, web_response *res, int64_t id, store_document *out)
{
    store_document *list = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_document_list(req->store, req->user.agency_id, &list, &n, &error) != 0) {
        web_reply_store_error(req, res, error);
        return -1;
    }
    int found = 0;
    for (size_t i = 0; i < n && !found; i++)
        if (list[i].id == id) {
            *out = list[i];
            memset(&list[i], 0, sizeof list[i]);
            found = 1;
        }
    store_document_list_free(list, n);
    if (!found) web_reply_not_found(res);
    return found;
}

void h_document_repeal(web_request *req, web_response *res)
{
    int64_t id;
    if (!web_param_id(req, res, 0, &id)) return;
    json_t *body = web_json_body(req, res);
    if (!body) return;
    gk_date day = req->today;
    store_document d = {0};
    char *error = NULL;
    if (!web_field_date(res, body, "date", false, &day) || find_document(req, res, id, &d) != 1) goto done;
    if (store_document_repeal(req->store, req->user.agency_id, id, day, &error) != 0) {
        web_reply_refused(res, error);
        goto done;
    }
    if (web_audit(req, res, "repeal", "documents", id, d.title) != 0) goto done;
    d.repealed_on = day;
    web_reply_json(res, MHD_HTTP_OK, document_json(&d));
done:
    free(d.title);
    free(d.doc_no);
    json_decref(body);
}

/* ---- yearly counts and channel counts ---- */

static void yearly_answer(web_request *req, web_response *res, int year)
{
    store_yearly *values = NULL;
    store_channel_count *channels = NULL;
    size_t n = 0, m = 0;
    char *error = NULL;
    if (store_yearly_list(req->store, req->user.agency_id, &values, &n, &error) != 0 ||
        store_channel_list(req->store, req->user.agency_id, &channels, &m, &error) != 0) {
        free(values);
        web_reply_store_error(req, res, error);
        return;
    }
    const report_format *f = gk_outcome_format();
    json_t *items = json_array();
    for (int item = 0; item < f->proactive_count; item++) {
        if (gk_build_item_is_document(item, NULL, NULL, NULL)) continue;
        for (int field = 0; field < f->proactive[item].field_count; field++) {
            int cell = format_proactive_cell(f, item, field);
            const field_def *fd = &f->proactive[item].fields[field];
            json_t *value = json_null();
            for (size_t i = 0; i < n; i++) {
                if (values[i].year != year || values[i].cell != cell) continue;
                json_decref(value);
                if (fd->kind == VALUE_DECIMAL) {
                    char text[32];
                    format_millionths(values[i].value, text);
                    value = json_string(text);
                } else {
                    value = json_integer(values[i].value);
                }
            }
            buf key = BUF_INIT;
            buf_printf(&key, "%s.%s", f->proactive[item].key, fd->key);
            json_t *o = json_object();
            json_object_set_new(o, "key", json_string(buf_cstr(&key)));
            json_object_set_new(o, "value", value);
            json_array_append_new(items, o);
            buf_free(&key);
        }
    }
    json_t *channel_list = json_array();
    for (size_t i = 0; i < m; i++) {
        if (channels[i].year != year) continue;
        json_t *o = json_object();
        json_object_set_new(o, "channel", web_json_text(channels[i].channel));
        json_object_set_new(o, "count", json_integer(channels[i].count));
        json_array_append_new(channel_list, o);
    }
    free(values);
    store_channel_list_free(channels, m);
    json_t *body = json_object();
    json_object_set_new(body, "year", json_integer(year));
    json_object_set_new(body, "values", items);
    json_object_set_new(body, "channels", channel_list);
    web_reply_json(res, MHD_HTTP_OK, body);
}

void h_yearly_get(web_request *req, web_response *res)
{
    int year;
    if (web_param_year(req, res, 0, &year)) yearly_answer(req, res, year);
}

/* One value of the "values" object: a count, or an amount in 万元 (number or decimal text). */
static bool parse_yearly_value(web_response *res, const char *key, json_t *v, int cell, int64_t *out)
{
    cell_address where;
    format_cell_address(gk_outcome_format(), cell, &where);
    if (where.kind == VALUE_DECIMAL) {
        char text[64];
        if (json_is_string(v)) snprintf(text, sizeof text, "%s", json_string_value(v));
        else if (json_is_number(v)) snprintf(text, sizeof text, "%.6f", json_number_value(v));
        else text[0] = '\0';
        if (text[0] && parse_decimal_millionths(text, false, out) == 0 && *out >= 0) return true;
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", key, "“%s”应为金额（万元，如 12.5）。", key);
        return false;
    }
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        *out = json_integer_value(v);
        return true;
    }
    if (json_is_string(v) && gk_parse_count(json_string_value(v), out) == 0) return true;
    web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", key, "“%s”应为非负整数。", key);
    return false;
}

/* Checks every value first and then writes them all in one transaction: all or nothing. */
void h_yearly_put(web_request *req, web_response *res)
{
    int year;
    if (!web_param_year(req, res, 0, &year)) return;
    json_t *body = web_json_body(req, res);
    if (!body) return;
    json_t *values = json_object_get(body, "values"), *channels = json_object_get(body, "channels");
    if ((values && !json_is_object(values) && !json_is_null(values)) ||
        (channels && !json_is_object(channels) && !json_is_null(channels))) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", values && !json_is_object(values) ? "values" : "channels",
                        "values 和 channels 应为对象（{\"键\": 值}）。");
        json_decref(body);
        return;
    }
    size_t n = json_is_object(values) ? json_object_size(values) : 0;
    int *cells = xcalloc(n + 1, sizeof *cells);
    int64_t *numbers = xcalloc(n + 1, sizeof *numbers);
    const char *key;
    json_t *v;
    size_t i = 0;
    char *error = NULL;
    if (json_is_object(values)) {
        json_object_foreach(values, key, v) {
            const char *dot = strchr(key, '.');
            char *item = dot ? xstrndup(key, (size_t)(dot - key)) : xstrdup(key);
            int found = gk_yearly_cell(item, dot ? dot + 1 : NULL, &cells[i]);
            free(item);
            if (found != 0) {
                web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", key, "“%s”不是表二中按年登记的项目。", key);
                goto done;
            }
            if (!parse_yearly_value(res, key, v, cells[i], &numbers[i])) goto done;
            i++;
        }
    }
    if (json_is_object(channels)) {
        json_object_foreach(channels, key, v) {
            if (!*key || strlen(key) > 100 || !json_is_integer(v) || json_integer_value(v) < 0) {
                web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "channels",
                                "发布渠道“%s”的条数应为非负整数。", key);
                goto done;
            }
        }
    }
    if (store_begin(req->store, &error) != 0) {
        web_reply_store_error(req, res, error);
        goto done;
    }
    for (size_t k = 0; k < i; k++)
        if (store_yearly_set(req->store, req->user.agency_id, year, cells[k], numbers[k], &error) != 0) goto failed;
    if (json_is_object(channels))
        json_object_foreach(channels, key, v) if (store_channel_set(req->store, req->user.agency_id, year, key,
                                                                    json_integer_value(v), &error) != 0) goto failed;
    char detail[64];
    snprintf(detail, sizeof detail, "%d 年度登记数", year);
    if (store_audit(req->store, req->user.agency_id, req->user.username, "update", "yearly_counts", year, detail,
                    &error) != 0)
        goto failed;
    if (store_commit(req->store, &error) != 0) {
        web_reply_store_error(req, res, error);
        goto done;
    }
    yearly_answer(req, res, year);
    goto done;
failed:
    store_rollback(req->store);
    web_reply_store_error(req, res, error);
done:
    free(cells);
    free(numbers);
    json_decref(body);
}

/* ---- appeals ---- */

static json_t *appeal_json(const store_appeal *a, const char *tracking_no)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "block", json_string(APPEAL_BLOCK_DEFS[a->block].key));
    json_object_set_new(o, "case_no", web_json_text(a->case_no));
    json_object_set_new(o, "filed_on", web_json_date(a->filed_on));
    json_object_set_new(o, "result", a->result >= 0 ? json_string(APPEAL_FIELD_DEFS[a->result].key) : json_null());
    json_object_set_new(o, "concluded_on", web_json_date(a->concluded_on));
    json_object_set_new(o, "case_id", a->application_id ? json_integer(a->application_id) : json_null());
    json_object_set_new(o, "tracking_no", web_json_text(tracking_no));
    return o;
}

/* The appeals of the agency as JSON; only_id: just that one (NULL when it is not the agency's). */
static json_t *appeals_json(web_request *req, web_response *res, int64_t only_id, bool *failed)
{
    store_appeal *list = NULL;
    size_t n = 0;
    char *error = NULL;
    *failed = false;
    if (store_appeal_list(req->store, req->user.agency_id, &list, &n, &error) != 0) {
        web_reply_store_error(req, res, error);
        *failed = true;
        return NULL;
    }
    json_t *items = json_array(), *one = NULL;
    for (size_t i = 0; i < n; i++) {
        if (only_id && list[i].id != only_id) continue;
        gk_application app;
        char *tracking = NULL;
        if (list[i].application_id &&
            store_application_get(req->store, req->user.agency_id, list[i].application_id, &app, NULL) == 1) {
            tracking = app.tracking_no;
            app.tracking_no = NULL;
            gk_application_clear(&app);
        }
        json_t *o = appeal_json(&list[i], tracking);
        free(tracking);
        if (only_id) one = o;
        else json_array_append_new(items, o);
    }
    store_appeal_list_free(list, n);
    if (only_id) {
        json_decref(items);
        return one;
    }
    return items;
}

void h_appeals_list(web_request *req, web_response *res)
{
    bool failed;
    json_t *items = appeals_json(req, res, 0, &failed);
    if (failed) return;
    json_t *body = json_object();
    json_object_set_new(body, "appeals", items);
    web_reply_json(res, MHD_HTTP_OK, body);
}

void h_appeal_create(web_request *req, web_response *res)
{
    json_t *body = web_json_body(req, res);
    if (!body) return;
    char *block = NULL, *tracking = NULL, *error = NULL;
    long long case_id = 0;
    store_appeal a = {.result = -1};
    if (!web_field_text(res, body, "block", true, 60, &block) ||
        !web_field_text(res, body, "case_no", false, 100, &a.case_no) ||
        !web_field_date(res, body, "filed_on", true, &a.filed_on) ||
        !web_field_text(res, body, "tracking_no", false, 40, &tracking) ||
        !web_field_int(res, body, "case_id", false, 1, INT64_MAX, &case_id))
        goto done;
    a.block = gk_appeal_block_from_key(block);
    if (a.block < 0) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "block", "案件类别“%s”无效。", block);
        goto done;
    }
    a.application_id = case_id;
    if (tracking) {
        int found = store_application_find(req->store, req->user.agency_id, tracking, &a.application_id, &error);
        if (found < 0) {
            web_reply_store_error(req, res, error);
            goto done;
        }
        if (!found) {
            web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "tracking_no", "本机关没有申请编号为“%s”的申请。",
                            tracking);
            goto done;
        }
    }
    if (store_appeal_add(req->store, req->user.agency_id, &a, &error) != 0) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", case_id ? "case_id" : NULL, "%s",
                        error ? error : "案件未能登记。");
        free(error);
        goto done;
    }
    if (web_audit(req, res, "create", "appeals", a.id, a.case_no ? a.case_no : "复议诉讼案件") != 0) goto done;
    json_t *out = json_object();
    json_object_set_new(out, "id", json_integer(a.id));
    web_reply_json(res, MHD_HTTP_CREATED, out);
done:
    free(block);
    free(tracking);
    free(a.case_no);
    json_decref(body);
}

void h_appeal_conclude(web_request *req, web_response *res)
{
    int64_t id;
    if (!web_param_id(req, res, 0, &id)) return;
    json_t *body = web_json_body(req, res);
    if (!body) return;
    char *result = NULL, *error = NULL;
    gk_date day = req->today;
    bool failed;
    json_t *existing = NULL;
    if (!web_field_text(res, body, "result", true, 40, &result) || !web_field_date(res, body, "date", false, &day))
        goto done;
    existing = appeals_json(req, res, id, &failed);
    if (failed) goto done;
    if (!existing) {
        web_reply_not_found(res);
        goto done;
    }
    int field = gk_appeal_result_from_key(result);
    if (field < 0) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "result", "审结结果“%s”无效。", result);
        goto done;
    }
    if (store_appeal_conclude(req->store, req->user.agency_id, id, field, day, &error) != 0) {
        web_reply_refused(res, error);
        goto done;
    }
    if (web_audit(req, res, "conclude", "appeals", id, result) != 0) goto done;
    json_t *now = appeals_json(req, res, id, &failed);
    if (!failed) web_reply_json(res, MHD_HTTP_OK, now ? now : json_object());
done:
    json_decref(existing);
    free(result);
    json_decref(body);
}

/* ---- CSV imports ---- */

void h_import(web_request *req, web_response *res)
{
    static const struct { const char *name; int kind; } kinds[] = {
        {"applications", -1},
        {"documents", GK_REGISTER_DOCUMENTS},
        {"yearly", GK_REGISTER_YEARLY},
        {"channels", GK_REGISTER_CHANNELS},
        {"appeals", GK_REGISTER_APPEALS},
    };
    const char *name = req->params[0];
    int kind = -2;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].name, name) == 0) kind = kinds[i].kind;
    if (kind == -2) {
        web_reply_not_found(res);
        return;
    }
    if (req->body_len == 0) {
        web_reply_error(res, MHD_HTTP_BAD_REQUEST, "bad_request", NULL, "请求内容为空：请把 CSV 文件作为请求内容上传。");
        return;
    }
    size_t count = 0;
    char *error = NULL;
    char source[64];
    snprintf(source, sizeof source, "上传的 %s.csv", name);
    int rc = kind < 0 ? store_import_applications_csv(req->store, req->user.agency_id, req->body, req->body_len, source,
                                                      &count, &error)
                      : store_import_register_csv(req->store, req->user.agency_id, (enum gk_register_kind)kind,
                                                  req->body, req->body_len, source, &count, &error);
    if (rc != 0) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", NULL, "%s", error ? error : "导入失败。");
        free(error);
        return;
    }
    char detail[96];
    snprintf(detail, sizeof detail, "导入 %s：%zu 行", name, count);
    if (web_audit(req, res, "import", name, 0, detail) != 0) return;
    json_t *out = json_object();
    json_object_set_new(out, "imported", json_integer((json_int_t)count));
    web_reply_json(res, MHD_HTTP_OK, out);
}

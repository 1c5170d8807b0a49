/* reply: reading a request (JSON body, fields with Chinese refusals naming the field, query arguments, path ids)
 * and writing answers in the one shape of docs/api.md (JSON values, documents, errors), plus the two services
 * every handler needs: the audit entry and the agency's calendar. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "util/text.h"
#include "web/web.h"

/* ---- answers ---- */

void web_response_free(web_response *res)
{
    buf_free(&res->body);
    for (int i = 0; i < res->header_count; i++) {
        free(res->headers[i].name);
        free(res->headers[i].value);
    }
    free(res->csp);
    memset(res, 0, sizeof *res);
}

void web_header_add(web_response *res, const char *name, const char *value)
{
    if (res->header_count == (int)(sizeof res->headers / sizeof res->headers[0])) return;
    res->headers[res->header_count].name = xstrdup(name);
    res->headers[res->header_count].value = xstrdup(value);
    res->header_count++;
}

void web_reply_json(web_response *res, unsigned status, json_t *value)
{
    buf_clear(&res->body);
    char *text = json_dumps(value, JSON_COMPACT);
    json_decref(value);
    if (text) {
        buf_puts(&res->body, text);
        free(text);
    }
    res->status = status;
    res->content_type = "application/json; charset=utf-8";
    res->no_store = true;
}

static void reply_error_v(web_response *res, unsigned status, const char *code, const char *field, const char *fmt,
                          va_list ap)
{
    buf message = BUF_INIT;
    buf_vprintf(&message, fmt, ap);
    json_t *error = json_object();
    json_object_set_new(error, "code", json_string(code));
    json_object_set_new(error, "message", web_json_text(buf_cstr(&message)));
    if (field) {
        json_object_set_new(error, "field", json_string(field));
        json_t *one = json_object();
        json_object_set_new(one, "field", json_string(field));
        json_object_set_new(one, "message", web_json_text(buf_cstr(&message)));
        json_t *fields = json_array();
        json_array_append_new(fields, one);
        json_object_set_new(error, "fields", fields);
    }
    buf_free(&message);
    json_t *body = json_object();
    json_object_set_new(body, "error", error);
    web_reply_json(res, status, body);
}

void web_reply_error(web_response *res, unsigned status, const char *code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    reply_error_v(res, status, code, field, fmt, ap);
    va_end(ap);
}

void web_reply_not_found(web_response *res)
{
    web_reply_error(res, MHD_HTTP_NOT_FOUND, "not_found", NULL, "没有找到该记录或页面。");
}

void web_reply_store_error(web_request *req, web_response *res, char *error)
{
    web_log(req, "数据库操作失败：%s", error ? error : "（无说明）");
    free(error);
    web_reply_error(res, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", NULL,
                    "服务器处理时出错（已记录），请稍后重试；如反复出现，请联系系统管理员。");
}

void web_reply_refused(web_response *res, char *error)
{
    web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "refused", NULL, "%s", error ? error : "该操作不被接受。");
    free(error);
}

void web_reply_document(web_response *res, unsigned status, const char *content_type, buf *body)
{
    buf_free(&res->body);
    res->body = *body;
    *body = (buf)BUF_INIT;
    res->status = status;
    res->content_type = content_type;
}

void web_now_text(char out[20])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

void web_log(web_request *req, const char *fmt, ...)
{
    if (!req->config->log) return;
    buf line = BUF_INIT;
    char now[20];
    web_now_text(now);
    buf_printf(&line, "%s gongkai serve: %s %s: ", now, req->method ? req->method : "-", req->path ? req->path : "-");
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&line, fmt, ap);
    va_end(ap);
    buf_putc(&line, '\n');
    fputs(buf_cstr(&line), req->config->log);
    fflush(req->config->log);
    buf_free(&line);
}

/* ---- JSON values ---- */

json_t *web_json_date(gk_date d)
{
    if (!gk_date_valid(d)) return json_null();
    char text[11];
    gk_date_format(d, text);
    return json_string(text);
}

json_t *web_json_text(const char *text)
{
    if (!text) return json_null();
    json_t *s = json_string(text);
    if (s) return s;
    /* Invalid UTF-8 (old data): repair it rather than lose the field. */
    buf fixed = BUF_INIT;
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        int32_t cp;
        int n = utf8_decode(text + i, len - i, &cp);
        if (cp < 0) buf_puts(&fixed, "\xEF\xBF\xBD");
        else buf_append(&fixed, text + i, (size_t)n);
        i += (size_t)n;
    }
    s = json_string(buf_cstr(&fixed));
    buf_free(&fixed);
    return s ? s : json_string("");
}

/* ---- reading requests ---- */

json_t *web_json_body(web_request *req, web_response *res)
{
    if (req->body_len == 0) return json_object();
    size_t bad = 0;
    if (!utf8_validate(req->body, req->body_len, &bad)) {
        web_reply_error(res, MHD_HTTP_BAD_REQUEST, "bad_request", NULL,
                        "请求内容不是有效的 UTF-8 文本（第 %zu 字节起）。", bad + 1);
        return NULL;
    }
    json_error_t err;
    json_t *value = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &err);
    if (!value) {
        web_reply_error(res, MHD_HTTP_BAD_REQUEST, "bad_request", NULL, "请求内容不是有效的 JSON（第 %d 行第 %d 列：%s）。",
                        err.line, err.column, err.text);
        return NULL;
    }
    if (!json_is_object(value)) {
        json_decref(value);
        web_reply_error(res, MHD_HTTP_BAD_REQUEST, "bad_request", NULL, "请求内容应为 JSON 对象（{…}）。");
        return NULL;
    }
    return value;
}

/* What a clerk calls the request fields, for the messages that name them. */
static const struct { const char *key, *label; } FIELD_LABELS[] = {
    {"applicant_type", "申请人类型"}, {"applicant_name", "申请人姓名或名称"}, {"id_type", "证件类型"},
    {"id_number", "证件号码"}, {"phone", "联系电话"}, {"address", "通信地址"}, {"email", "电子邮箱"},
    {"contact_name", "联系人"}, {"legal_representative", "法定代表人或负责人"}, {"channel", "收到渠道"},
    {"received_on", "收到日期"}, {"request_text", "申请公开的政府信息"}, {"form_wanted", "获取信息的方式"},
    {"tracking_no", "申请编号"}, {"kind", "事件"}, {"date", "日期"}, {"days", "延期工作日数"},
    {"approver", "批准人"}, {"reason", "理由"}, {"outcome", "办理结果"}, {"basis", "依据"}, {"pages", "页数"},
    {"note", "审批意见"}, {"approve", "是否同意"}, {"item", "类别"}, {"title", "标题"}, {"doc_no", "文号"},
    {"issued_on", "印发日期"}, {"block", "类别"}, {"case_no", "案号"}, {"filed_on", "收到日期"},
    {"result", "结果"}, {"case_id", "关联申请"}, {"username", "用户名"}, {"password", "密码"},
    {"display_name", "姓名"}, {"role", "角色"}, {"name", "名称"}, {"agency_id", "受理机关"},
    {"query_code", "查询码"}, {"values", "数值"}, {"channels", "发布渠道"},
};

/* The Chinese name of a request field (the key itself when it has none). */
static const char *field_label(const char *key)
{
    for (size_t i = 0; i < sizeof FIELD_LABELS / sizeof FIELD_LABELS[0]; i++)
        if (strcmp(FIELD_LABELS[i].key, key) == 0) return FIELD_LABELS[i].label;
    return key;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

bool web_field_text(web_response *res, json_t *obj, const char *key, bool required, size_t max_chars, char **out)
{
    *out = NULL;
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        if (!required) return true;
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", key, "请填写“%s”。", field_label(key));
        return false;
    }
    if (!json_is_string(v)) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", key, "“%s”应为文本。", field_label(key));
        return false;
    }
    size_t len = json_string_length(v);
    const char *text = json_string_value(v);
    if (memchr(text, '\0', len)) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", key, "“%s”含有不允许的空字符。", field_label(key));
        return false;
    }
    const char *start = text_trim(text, &len);
    char *value = xstrndup(start, len);
    if (!*value) {
        free(value);
        if (!required) return true;
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", key, "请填写“%s”。", field_label(key));
        return false;
    }
    if (max_chars && utf8_chars(value) > max_chars) {
        free(value);
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", key, "“%s”不能超过 %zu 个字符。", field_label(key), max_chars);
        return false;
    }
    *out = value;
    return true;
}

bool web_field_date(web_response *res, json_t *obj, const char *key, bool required, gk_date *out)
{
    char *text = NULL;
    if (!web_field_text(res, obj, key, required, 10, &text)) return false;
    if (!text) return true;
    gk_date d;
    bool ok = gk_date_parse(text, &d) == 0;
    if (ok) *out = d;
    else web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", key, "%s“%s”无效，应为 YYYY-MM-DD 格式的日期。", field_label(key), text);
    free(text);
    return ok;
}

bool web_field_int(web_response *res, json_t *obj, const char *key, bool required, long long min, long long max,
                   long long *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0)) {
        if (!required) return true;
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", key, "请填写“%s”。", field_label(key));
        return false;
    }
    long long value;
    if (json_is_integer(v)) {
        value = json_integer_value(v);
    } else if (json_is_string(v)) { /* form fields arrive as text */
        char *end = NULL;
        const char *text = json_string_value(v);
        value = strtoll(text, &end, 10);
        if (end == text || *end) {
            web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", key, "“%s”应为整数。", field_label(key));
            return false;
        }
    } else {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", key, "“%s”应为整数。", field_label(key));
        return false;
    }
    if (value < min || value > max) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", key, "“%s”应在 %lld 到 %lld 之间。", field_label(key), min, max);
        return false;
    }
    *out = value;
    return true;
}

bool web_field_bool(web_response *res, json_t *obj, const char *key, bool *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) return true;
    if (!json_is_boolean(v)) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", key, "“%s”应为 true 或 false。", field_label(key));
        return false;
    }
    *out = json_is_true(v);
    return true;
}

const char *web_query(web_request *req, const char *key)
{
    const char *v = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, key);
    return v && *v ? v : NULL;
}

bool web_param_id(web_request *req, web_response *res, int index, int64_t *out)
{
    const char *text = index < req->param_count ? req->params[index] : NULL;
    int64_t value = 0;
    bool ok = text && *text && strlen(text) <= 15;
    for (const char *p = text; ok && *p; p++) {
        if (*p < '0' || *p > '9') ok = false;
        else value = value * 10 + (*p - '0');
    }
    if (!ok || value <= 0) {
        web_reply_not_found(res);
        return false;
    }
    *out = value;
    return true;
}

bool web_param_year(web_request *req, web_response *res, int index, int *out)
{
    int64_t year;
    if (!web_param_id(req, res, index, &year)) return false;
    if (year < 1990 || year > 2199) {
        web_reply_not_found(res);
        return false;
    }
    *out = (int)year;
    return true;
}

/* ---- services ---- */

bool web_begin(web_request *req, web_response *res)
{
    char *error = NULL;
    if (store_begin(req->store, &error) == 0) return true;
    web_reply_store_error(req, res, error);
    return false;
}

bool web_commit(web_request *req, web_response *res)
{
    char *error = NULL;
    if (store_commit(req->store, &error) == 0) return true;
    web_reply_store_error(req, res, error);
    return false;
}

void web_rollback(web_request *req) { store_rollback(req->store); }

int web_audit(web_request *req, web_response *res, const char *action, const char *table, int64_t id,
              const char *detail)
{
    char *error = NULL;
    if (store_audit(req->store, req->user.agency_id, req->user.username, action, table, id, detail, &error) == 0) return 0;
    web_reply_store_error(req, res, error);
    return -1;
}

int web_audit_view(web_request *req, web_response *res, const char *action, const char *table, int64_t id,
                   const char *detail)
{
    char *error = NULL;
    if (web_auditor_write(req->auditor, req->user.agency_id, req->user.username, action, table, id, detail, &error) == 0)
        return 0;
    web_reply_store_error(req, res, error);
    return -1;
}

const gk_calendar *web_calendar(web_request *req, web_response *res, int64_t agency)
{
    char *error = NULL;
    const gk_calendar *cal = web_slot_calendar(req->slot, agency ? agency : req->user.agency_id, &error);
    if (!cal) web_reply_store_error(req, res, error);
    return cal;
}

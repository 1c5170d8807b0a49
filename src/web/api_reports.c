/* api_reports: the annual report over HTTP — built from the records as of 31 Dec and checked against the year
 * before (X2), answered as JSON (with the official tables as HTML, errors marked on their cells) or as the
 * html/md/csv document; locking a revision and publishing it on the portal; and the supervisor's view of every
 * agency below it: open and overdue cases, report state, errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>
#include <sodium.h>

#include "export/export.h"
#include "import/json_reader.h"
#include "report/check.h"
#include "web/web.h"

/* ---- rendering ---- */

enum report_format_kind { FORMAT_JSON, FORMAT_HTML, FORMAT_MD, FORMAT_CSV };

/* ?format=; false after answering 400. */
static bool read_format(web_request *req, web_response *res, enum report_format_kind fallback,
                        enum report_format_kind *out)
{
    const char *f = web_query(req, "format");
    *out = fallback;
    if (!f) return true;
    if (strcmp(f, "json") == 0) *out = FORMAT_JSON;
    else if (strcmp(f, "html") == 0) *out = FORMAT_HTML;
    else if (strcmp(f, "md") == 0 || strcmp(f, "markdown") == 0) *out = FORMAT_MD;
    else if (strcmp(f, "csv") == 0) *out = FORMAT_CSV;
    else {
        web_reply_error(res, MHD_HTTP_BAD_REQUEST, "bad_request", "format", "format 应为 json、html、md 或 csv。");
        return false;
    }
    return true;
}

/* The policy of a report page: nothing but its one inline stylesheet, allowed by its hash. */
static char *report_page_csp(const buf *page)
{
    const char *text = buf_cstr(page), *open = strstr(text, "<style>"), *close = open ? strstr(open, "</style>") : NULL;
    buf csp = BUF_INIT;
    buf_puts(&csp, "default-src 'none'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    if (open && close) {
        const char *style = open + strlen("<style>");
        unsigned char hash[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(hash, (const unsigned char *)style, (unsigned long long)(close - style));
        char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(b64, sizeof b64, hash, sizeof hash, sodium_base64_VARIANT_ORIGINAL);
        buf_printf(&csp, "; style-src 'sha256-%s'", b64);
    }
    return buf_detach(&csp);
}

/* Answers a report as a document (html, md, csv). */
static void send_document(web_request *req, web_response *res, const report *r, const diag_list *marks,
                          enum report_format_kind kind)
{
    buf out = BUF_INIT;
    const char *type = "text/html; charset=utf-8", *ext = "html";
    if (kind == FORMAT_HTML) {
        export_html(r, marks, &out);
        res->csp = report_page_csp(&out);
    } else if (kind == FORMAT_MD) {
        export_markdown(r, &out);
        type = "text/markdown; charset=utf-8";
        ext = "md";
    } else {
        export_csv(r, &out);
        type = "text/csv; charset=utf-8";
        ext = "csv";
    }
    const char *download = web_query(req, "download");
    if (download && strcmp(download, "1") == 0) {
        char header[96];
        snprintf(header, sizeof header, "attachment; filename=\"report-%d.%s\"", r->year, ext);
        web_header_add(res, "Content-Disposition", header);
    }
    res->no_store = true;
    web_reply_document(res, MHD_HTTP_OK, type, &out);
}

/* Parses JSON text written by our exporters into a value (never fails on their output). */
static json_t *parse_exported(const buf *text)
{
    json_t *v = json_loadb(buf_cstr(text), text->len, 0, NULL);
    return v ? v : json_null();
}

static int changed_cells(const report *a, const report *b)
{
    if (a->format != b->format) return a->format->cell_count;
    int n = 0;
    for (int cell = 0; cell < a->format->cell_count; cell++)
        if (a->cells[cell].state != b->cells[cell].state || a->cells[cell].value != b->cells[cell].value) n++;
    return n;
}

/* {locked_revision, locked_at, published_revision, published_at, changed_cells} of (agency, year). */
static json_t *report_state(web_request *req, web_response *res, int64_t agency, int year, const report *built)
{
    report *locked = NULL;
    store_revision meta;
    store_publication pub;
    char *error = NULL;
    int found = store_report_latest(req->store, agency, year, &locked, &meta, &error);
    if (found < 0) {
        web_reply_store_error(req, res, error);
        return NULL;
    }
    int published = store_publication_latest(req->store, agency, year, &pub, NULL, &error);
    if (published < 0) {
        if (found) {
            report_free(locked);
            store_revision_clear(&meta);
        }
        web_reply_store_error(req, res, error);
        return NULL;
    }
    json_t *o = json_object();
    json_object_set_new(o, "locked_revision", found ? json_integer(meta.revision) : json_null());
    json_object_set_new(o, "locked_at", found ? web_json_text(meta.created_at) : json_null());
    json_object_set_new(o, "locked_by", found ? web_json_text(meta.actor) : json_null());
    json_object_set_new(o, "published_revision", published ? json_integer(pub.revision) : json_null());
    json_object_set_new(o, "published_at", published ? web_json_text(pub.published_at) : json_null());
    json_object_set_new(o, "changed_cells", found && built ? json_integer(changed_cells(built, locked)) : json_null());
    if (found) {
        report_free(locked);
        store_revision_clear(&meta);
    }
    if (published) store_publication_clear(&pub);
    return o;
}

/* Builds (agency, year) and checks it against the year before built the same way. */
static int build_checked(gk_store *s, int64_t agency, int year, report **out, diag_list *diags, char **error)
{
    report *previous = NULL;
    *out = NULL;
    if (store_build_report(s, agency, year, out, error) != 0) return -1;
    if (store_build_report(s, agency, year - 1, &previous, error) != 0) {
        report_free(*out);
        *out = NULL;
        return -1;
    }
    report_check(*out, previous, diags);
    report_free(previous);
    return 0;
}

void web_send_built_report(web_request *req, web_response *res, int64_t agency, int year)
{
    enum report_format_kind kind;
    if (!read_format(req, res, FORMAT_JSON, &kind)) return;
    report *r = NULL;
    diag_list diags = DIAG_LIST_INIT;
    char *error = NULL;
    if (build_checked(req->store, agency, year, &r, &diags, &error) != 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    if (kind != FORMAT_JSON) {
        send_document(req, res, r, &diags, kind);
    } else {
        json_t *state = report_state(req, res, agency, year, r);
        if (state) {
            buf text = BUF_INIT;
            json_t *out = json_object();
            json_object_set_new(out, "year", json_integer(year));
            json_object_set_new(out, "agency_id", json_integer(agency));
            json_object_set_new(out, "agency", web_json_text(r->agency));
            export_json(r, &text);
            json_object_set_new(out, "report", parse_exported(&text));
            buf_clear(&text);
            export_diagnostics_json(&diags, &text);
            json_object_set_new(out, "diagnostics", parse_exported(&text));
            json_object_set_new(out, "errors", json_integer((json_int_t)diag_count_severity(&diags, SEVERITY_ERROR)));
            json_object_set_new(out, "warnings", json_integer((json_int_t)diag_count_severity(&diags, SEVERITY_WARNING)));
            buf_clear(&text);
            export_html_tables(r, &diags, &text);
            json_object_set_new(out, "tables_html", web_json_text(buf_cstr(&text)));
            json_object_set_new(out, "state", state);
            buf_free(&text);
            web_reply_json(res, MHD_HTTP_OK, out);
        }
    }
    diag_list_free(&diags);
    report_free(r);
}

void h_report_get(web_request *req, web_response *res)
{
    int year;
    if (web_param_year(req, res, 0, &year)) web_send_built_report(req, res, req->user.agency_id, year);
}

/* ---- lock and publish ---- */

void h_report_lock(web_request *req, web_response *res)
{
    int year;
    if (!web_param_year(req, res, 0, &year)) return;
    json_t *body = web_json_body(req, res);
    if (!body) return;
    char *reason = NULL, *error = NULL;
    report *r = NULL, *locked = NULL;
    store_revision meta;
    int found = 0;
    diag_list diags = DIAG_LIST_INIT;
    int64_t agency = req->user.agency_id;
    if (!web_field_text(res, body, "reason", false, 1000, &reason)) goto done;
    if (build_checked(req->store, agency, year, &r, &diags, &error) != 0 ||
        (found = store_report_latest(req->store, agency, year, &locked, &meta, &error)) < 0) {
        web_reply_store_error(req, res, error);
        goto done;
    }
    size_t errors = diag_count_severity(&diags, SEVERITY_ERROR);
    if (errors) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "refused", NULL,
                        "%d 年度报告有 %zu 处错误，不能锁定：请先核对并更正登记记录。", year, errors);
        goto done;
    }
    if (found && !reason) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "reason",
                        "%d 年度报告已锁定（第 %d 版）：保存修订版须说明修订理由。", year, meta.revision);
        goto done;
    }
    if (found && changed_cells(r, locked) == 0) {
        web_reply_error(res, MHD_HTTP_CONFLICT, "conflict", NULL, "按当前记录生成的报告与第 %d 版相同，无需修订。",
                        meta.revision);
        goto done;
    }
    int revision = 0;
    if (store_report_save_revision(req->store, agency, r, found ? reason : NULL, req->user.username, &revision,
                                   &error) != 0) {
        web_reply_store_error(req, res, error);
        goto done;
    }
    char detail[96];
    snprintf(detail, sizeof detail, "锁定 %d 年度报告第 %d 版", year, revision);
    if (web_audit(req, res, "lock", "report_revisions", year, detail) != 0) goto done;
    json_t *out = json_object();
    json_object_set_new(out, "revision", json_integer(revision));
    web_reply_json(res, MHD_HTTP_OK, out);
done:
    if (found > 0) {
        report_free(locked);
        store_revision_clear(&meta);
    }
    diag_list_free(&diags);
    report_free(r);
    free(reason);
    json_decref(body);
}

void h_report_publish(web_request *req, web_response *res)
{
    int year;
    if (!web_param_year(req, res, 0, &year)) return;
    report *locked = NULL;
    store_revision meta;
    char *error = NULL;
    int64_t agency = req->user.agency_id;
    int found = store_report_latest(req->store, agency, year, &locked, &meta, &error);
    if (found < 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    if (!found) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "refused", NULL, "%d 年度报告尚未锁定：请先锁定再发布。", year);
        return;
    }
    buf text = BUF_INIT;
    export_json(locked, &text);
    bool duplicate = false;
    if (store_report_publish(req->store, agency, year, meta.revision, buf_cstr(&text), req->user.username, &duplicate,
                             &error) != 0) {
        if (duplicate) {
            web_reply_error(res, MHD_HTTP_CONFLICT, "conflict", NULL, "%s", error);
            free(error);
        } else {
            web_reply_store_error(req, res, error);
        }
    } else {
        char detail[96];
        snprintf(detail, sizeof detail, "发布 %d 年度报告第 %d 版", year, meta.revision);
        store_publication pub;
        if (web_audit(req, res, "publish", "report_revisions", year, detail) == 0) {
            if (store_publication_latest(req->store, agency, year, &pub, NULL, &error) != 1) {
                web_reply_store_error(req, res, error);
            } else {
                json_t *out = json_object();
                json_object_set_new(out, "revision", json_integer(pub.revision));
                json_object_set_new(out, "published_at", web_json_text(pub.published_at));
                store_publication_clear(&pub);
                web_reply_json(res, MHD_HTTP_OK, out);
            }
        }
    }
    buf_free(&text);
    report_free(locked);
    store_revision_clear(&meta);
}

/* ---- the published report (portal) ---- */

void h_public_report(web_request *req, web_response *res)
{
    int64_t agency;
    int year;
    enum report_format_kind kind;
    if (!web_param_id(req, res, 0, &agency) || !web_param_year(req, res, 1, &year) ||
        !read_format(req, res, FORMAT_HTML, &kind))
        return;
    char *json_text = NULL, *error = NULL;
    int found = store_publication_latest(req->store, agency, year, NULL, &json_text, &error);
    if (found < 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    if (!found) {
        web_reply_not_found(res);
        return;
    }
    if (kind == FORMAT_JSON) {
        buf body = BUF_INIT;
        buf_puts(&body, json_text);
        res->no_store = true;
        web_reply_document(res, MHD_HTTP_OK, "application/json; charset=utf-8", &body);
    } else {
        report *r = json_read_report(json_text, strlen(json_text), "发布的报告", &error);
        if (!r) web_reply_store_error(req, res, error);
        else send_document(req, res, r, NULL, kind);
        report_free(r);
    }
    free(json_text);
}

/* ---- supervision ---- */

int web_subordinates(gk_store *s, int64_t agency, store_agency **list, size_t *count, char **error)
{
    store_agency *all = NULL;
    size_t n = 0;
    *list = NULL;
    *count = 0;
    if (store_agency_list(s, &all, &n, error) != 0) return -1;
    bool *below = xcalloc(n ? n : 1, sizeof *below);
    /* Repeat until nothing changes: an agency is below when its parent is the root or below it. */
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < n; i++) {
            if (below[i] || !all[i].parent_id || all[i].id == agency) continue;
            bool parent_below = all[i].parent_id == agency;
            for (size_t k = 0; k < n && !parent_below; k++) parent_below = below[k] && all[k].id == all[i].parent_id;
            if (parent_below) below[i] = changed = true;
        }
    }
    store_agency *out = xcalloc(n ? n : 1, sizeof *out);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (!below[i]) continue;
        out[kept++] = all[i];
        memset(&all[i], 0, sizeof all[i]);
    }
    free(below);
    store_agency_list_free(all, n);
    *list = out;
    *count = kept;
    return 0;
}

/* Open and overdue cases of an agency. */
static int count_open(web_request *req, int64_t agency, int *open, int *overdue, char **error)
{
    const gk_calendar *cal = web_slot_calendar(req->slot, agency, error);
    if (!cal) return -1;
    store_case_query q = {.state = STORE_CASES_OPEN};
    gk_application *apps = NULL;
    size_t n = 0, total = 0;
    if (store_case_search(req->store, agency, &q, &apps, &n, &total, error) != 0) return -1;
    *open = (int)n;
    *overdue = 0;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        gk_case_event *events = NULL;
        size_t m = 0;
        gk_deadline dl;
        if (store_event_list(req->store, agency, apps[i].id, &events, &m, error) != 0 ||
            gk_case_deadline(cal, events, m, &dl, error) != 0) {
            rc = -1;
        } else {
            if (gk_deadline_overdue(&dl, req->today)) (*overdue)++;
            gk_deadline_free(&dl);
        }
        store_event_list_free(events, m);
    }
    store_application_list_free(apps, n);
    return rc;
}

/* One line of the supervision view. */
static json_t *supervised_agency(web_request *req, const store_agency *a, int year, char **error)
{
    int open = 0, overdue = 0;
    report *r = NULL;
    diag_list diags = DIAG_LIST_INIT;
    if (count_open(req, a->id, &open, &overdue, error) != 0 || build_checked(req->store, a->id, year, &r, &diags, error) != 0)
        return NULL;
    report_free(r);
    store_publication pub;
    report *locked = NULL;
    store_revision meta;
    int published = store_publication_latest(req->store, a->id, year, &pub, NULL, error);
    int found = published < 0 ? -1 : store_report_latest(req->store, a->id, year, &locked, &meta, error);
    if (found < 0) {
        if (published > 0) store_publication_clear(&pub);
        diag_list_free(&diags);
        return NULL;
    }
    json_t *o = json_object();
    json_object_set_new(o, "agency_id", json_integer(a->id));
    json_object_set_new(o, "name", web_json_text(a->name));
    json_object_set_new(o, "parent_id", a->parent_id ? json_integer(a->parent_id) : json_null());
    json_object_set_new(o, "open", json_integer(open));
    json_object_set_new(o, "overdue", json_integer(overdue));
    json_object_set_new(o, "report", json_string(published ? "published" : found ? "locked" : "missing"));
    json_object_set_new(o, "revision", published ? json_integer(pub.revision) : found ? json_integer(meta.revision) : json_null());
    json_object_set_new(o, "errors", json_integer((json_int_t)diag_count_severity(&diags, SEVERITY_ERROR)));
    json_object_set_new(o, "warnings", json_integer((json_int_t)diag_count_severity(&diags, SEVERITY_WARNING)));
    if (published) store_publication_clear(&pub);
    if (found) {
        report_free(locked);
        store_revision_clear(&meta);
    }
    diag_list_free(&diags);
    return o;
}

void h_supervision(web_request *req, web_response *res)
{
    int year = req->today.year - 1; /* the annual reports due now are last year's */
    const char *text = web_query(req, "year");
    if (text) {
        char *end = NULL;
        long v = strtol(text, &end, 10);
        if (end == text || *end || v < 1990 || v > 2199) {
            web_reply_error(res, MHD_HTTP_BAD_REQUEST, "bad_request", "year", "年度“%s”无效。", text);
            return;
        }
        year = (int)v;
    }
    store_agency *list = NULL;
    size_t n = 0;
    char *error = NULL;
    if (web_subordinates(req->store, req->user.agency_id, &list, &n, &error) != 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = supervised_agency(req, &list[i], year, &error);
        if (!o) {
            json_decref(items);
            store_agency_list_free(list, n);
            web_reply_store_error(req, res, error);
            return;
        }
        json_array_append_new(items, o);
    }
    store_agency_list_free(list, n);
    json_t *body = json_object();
    json_object_set_new(body, "year", json_integer(year));
    json_object_set_new(body, "agencies", items);
    web_reply_json(res, MHD_HTTP_OK, body);
}

void h_supervision_report(web_request *req, web_response *res)
{
    int64_t agency;
    int year;
    if (!web_param_id(req, res, 0, &agency) || !web_param_year(req, res, 1, &year)) return;
    store_agency *list = NULL;
    size_t n = 0;
    char *error = NULL;
    if (web_subordinates(req->store, req->user.agency_id, &list, &n, &error) != 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    bool below = false;
    for (size_t i = 0; i < n; i++) below = below || list[i].id == agency;
    store_agency_list_free(list, n);
    if (!below) web_reply_not_found(res); /* not below this supervisor: as if it did not exist */
    else web_send_built_report(req, res, agency, year);
}

/* api_cases: the case register over HTTP — the dashboard of what is due, the case list (masked ID numbers, no
 * phone or address), registering an application (with the ID number checked), one case with its personal data
 * (audit-logged before it is sent), recording events, and the approval of extensions and decisions: a clerk's
 * extension or decision waits as an approval until the head of office (负责人) approves it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "cases/outcome.h"
#include "web/web.h"

#define DUE_SOON_WORKING_DAYS 5
#define LIST_DEFAULT_LIMIT 100
#define LIST_MAX_LIMIT 500

/* ---- deadlines and summaries ---- */

const char *web_case_status(const gk_deadline *dl, gk_date today)
{
    if (!dl->open) return "closed";
    if (dl->paused) return "paused";
    return gk_deadline_overdue(dl, today) ? "overdue" : "open";
}

static const char *waiting_of(const gk_deadline *dl)
{
    if (!dl->open || !dl->paused) return NULL;
    return dl->waiting_correction ? "correction" : dl->waiting_consultation ? "consultation" : dl->waiting_fee ? "fee" : NULL;
}

json_t *web_deadline_json(const gk_calendar *cal, const gk_deadline *dl, gk_date today)
{
    json_t *o = json_object();
    bool running = dl->open && !dl->paused;
    json_object_set_new(o, "open", json_boolean(dl->open));
    json_object_set_new(o, "paused", json_boolean(dl->paused));
    json_object_set_new(o, "overdue", json_boolean(gk_deadline_overdue(dl, today)));
    json_object_set_new(o, "due", web_json_date(dl->due));
    json_object_set_new(o, "provisional", json_boolean(dl->provisional));
    json_object_set_new(o, "working_days_left",
                        running ? json_integer(gk_deadline_working_days_left(cal, dl, today)) : json_null());
    json_object_set_new(o, "extension_days", json_integer(dl->extension_days));
    json_object_set_new(o, "correction_due", web_json_date(dl->correction_due));
    json_object_set_new(o, "waiting", web_json_text(waiting_of(dl)));
    json_object_set_new(o, "paused_since", dl->paused ? web_json_date(dl->paused_since) : json_null());
    json_object_set_new(o, "closed_on", dl->open ? json_null() : web_json_date(dl->closed_on));
    json_object_set_new(o, "late", json_boolean(dl->late));
    json_object_set_new(o, "explanation", web_json_text(dl->explanation));
    return o;
}

/* The deadline of a stored case; false after answering (500 or 404). */
static bool case_deadline(web_request *req, web_response *res, const gk_calendar *cal, int64_t id, gk_deadline *dl,
                          gk_case_event **events, size_t *n)
{
    gk_case_event *list = NULL;
    size_t count = 0;
    char *error = NULL;
    if (store_event_list(req->store, req->user.agency_id, id, &list, &count, &error) != 0 ||
        gk_case_deadline(cal, list, count, dl, &error) != 0) {
        store_event_list_free(list, count);
        web_reply_store_error(req, res, error);
        return false;
    }
    if (events) {
        *events = list;
        *n = count;
    } else {
        store_event_list_free(list, count);
    }
    return true;
}

static char *summary_of(const char *text, size_t max_chars)
{
    if (!text) return NULL;
    size_t chars = 0, i = 0;
    for (; text[i]; i++) {
        if (((unsigned char)text[i] & 0xC0) != 0x80 && chars++ == max_chars) break;
    }
    if (!text[i]) return xstrdup(text);
    buf b = BUF_INIT;
    buf_append(&b, text, i);
    buf_puts(&b, "…");
    return buf_detach(&b);
}

static const char *outcome_key(int row)
{
    gk_outcome o;
    return row >= 0 && gk_outcome_by_row(row, &o) ? o.key : NULL;
}

/* A case in a list: name and masked ID number only (no phone, no address). */
static json_t *summary_json(const gk_application *a, const gk_deadline *dl, const gk_calendar *cal, gk_date today)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "tracking_no", web_json_text(a->tracking_no));
    json_object_set_new(o, "applicant_type", web_json_text(gk_applicant_type_key(a->applicant_type)));
    json_object_set_new(o, "applicant_name", web_json_text(a->applicant_name));
    char *masked = web_mask_id(a->id_document);
    json_object_set_new(o, "id_number_masked", web_json_text(masked));
    free(masked);
    const gk_channel_def *ch = gk_channel_def_at((enum gk_channel)a->channel);
    json_object_set_new(o, "channel", web_json_text(ch ? ch->key : NULL));
    json_object_set_new(o, "received_on", web_json_date(a->received_on));
    char *summary = summary_of(a->request, 40);
    json_object_set_new(o, "request_summary", web_json_text(summary));
    free(summary);
    bool running = dl->open && !dl->paused;
    json_object_set_new(o, "status", json_string(web_case_status(dl, today)));
    json_object_set_new(o, "waiting", web_json_text(waiting_of(dl)));
    json_object_set_new(o, "due", web_json_date(dl->due));
    json_object_set_new(o, "provisional", json_boolean(dl->provisional));
    json_object_set_new(o, "working_days_left",
                        running ? json_integer(gk_deadline_working_days_left(cal, dl, today)) : json_null());
    json_object_set_new(o, "overdue", json_boolean(gk_deadline_overdue(dl, today)));
    json_object_set_new(o, "outcome", web_json_text(outcome_key(a->outcome_row)));
    json_object_set_new(o, "decided_on", web_json_date(a->decided_on));
    return o;
}

/* A case with its deadline, for sorting lists by due date. */
typedef struct listed_case {
    gk_application *app;
    gk_deadline dl;
} listed_case;

static int by_due(const void *pa, const void *pb)
{
    const listed_case *a = pa, *b = pb;
    int c = gk_date_cmp(a->dl.due, b->dl.due);
    return c ? c : (a->app->id < b->app->id ? -1 : a->app->id > b->app->id);
}

/* Every open case of the agency with its deadline, by due date. false after answering. */
static bool open_cases(web_request *req, web_response *res, const gk_calendar *cal, gk_application **apps,
                       size_t *n, listed_case **out)
{
    store_case_query q = {.state = STORE_CASES_OPEN};
    size_t total = 0;
    char *error = NULL;
    *out = NULL;
    if (store_case_search(req->store, req->user.agency_id, &q, apps, n, &total, &error) != 0) {
        web_reply_store_error(req, res, error);
        return false;
    }
    listed_case *cases = xcalloc(*n ? *n : 1, sizeof *cases);
    for (size_t i = 0; i < *n; i++) {
        cases[i].app = &(*apps)[i];
        if (!case_deadline(req, res, cal, (*apps)[i].id, &cases[i].dl, NULL, NULL)) {
            for (size_t k = 0; k < i; k++) gk_deadline_free(&cases[k].dl);
            free(cases);
            store_application_list_free(*apps, *n);
            *apps = NULL;
            return false;
        }
    }
    qsort(cases, *n, sizeof *cases, by_due);
    *out = cases;
    return true;
}

static void free_listed(listed_case *cases, size_t n, gk_application *apps)
{
    for (size_t i = 0; i < n; i++) gk_deadline_free(&cases[i].dl);
    free(cases);
    store_application_list_free(apps, n);
}

void h_dashboard(web_request *req, web_response *res)
{
    const gk_calendar *cal = web_calendar(req, res, 0);
    if (!cal) return;
    gk_application *apps = NULL;
    size_t n = 0;
    listed_case *cases = NULL;
    if (!open_cases(req, res, cal, &apps, &n, &cases)) return;
    json_t *overdue = json_array(), *due_soon = json_array(), *correction = json_array(), *fee = json_array(),
           *consultation = json_array();
    for (size_t i = 0; i < n; i++) {
        const gk_deadline *dl = &cases[i].dl;
        json_t *target = NULL;
        if (gk_deadline_overdue(dl, req->today)) target = overdue;
        else if (dl->paused) target = dl->waiting_correction ? correction : dl->waiting_fee ? fee : consultation;
        else if (gk_deadline_working_days_left(cal, dl, req->today) <= DUE_SOON_WORKING_DAYS) target = due_soon;
        if (target) json_array_append_new(target, summary_json(cases[i].app, dl, cal, req->today));
    }
    free_listed(cases, n, apps);
    store_approval *approvals = NULL;
    size_t pending = 0;
    char *error = NULL;
    if (store_approval_list(req->store, req->user.agency_id, 0, true, &approvals, &pending, &error) != 0) {
        json_decref(overdue), json_decref(due_soon), json_decref(correction), json_decref(fee);
        json_decref(consultation);
        web_reply_store_error(req, res, error);
        return;
    }
    store_approval_list_free(approvals, pending);
    json_t *body = json_object();
    json_object_set_new(body, "today", web_json_date(req->today));
    json_object_set_new(body, "open", json_integer((json_int_t)n));
    json_object_set_new(body, "overdue", overdue);
    json_object_set_new(body, "due_soon", due_soon);
    json_object_set_new(body, "waiting_correction", correction);
    json_object_set_new(body, "waiting_fee", fee);
    json_object_set_new(body, "waiting_consultation", consultation);
    json_object_set_new(body, "pending_approvals", json_integer((json_int_t)pending));
    web_reply_json(res, MHD_HTTP_OK, body);
}

/* ?limit= and ?offset=; false after answering 400. */
static bool read_paging(web_request *req, web_response *res, size_t *limit, size_t *offset)
{
    *limit = LIST_DEFAULT_LIMIT;
    *offset = 0;
    const char *names[2] = {"limit", "offset"};
    size_t *targets[2] = {limit, offset};
    for (int i = 0; i < 2; i++) {
        const char *text = web_query(req, names[i]);
        if (!text) continue;
        char *end = NULL;
        long long v = strtoll(text, &end, 10);
        if (end == text || *end || v < 0 || v > 1000000000 || (i == 0 && (v < 1 || v > LIST_MAX_LIMIT))) {
            web_reply_error(res, MHD_HTTP_BAD_REQUEST, "bad_request", names[i], "参数 %s=“%s”无效。", names[i], text);
            return false;
        }
        *targets[i] = (size_t)v;
    }
    return true;
}

void h_cases_list(web_request *req, web_response *res)
{
    const char *status = web_query(req, "status");
    if (!status) status = "open";
    bool overdue_only = strcmp(status, "overdue") == 0;
    store_case_query q = {.text = web_query(req, "q")};
    if (strcmp(status, "open") == 0 || overdue_only) q.state = STORE_CASES_OPEN;
    else if (strcmp(status, "closed") == 0) q.state = STORE_CASES_CLOSED;
    else if (strcmp(status, "all") == 0) q.state = STORE_CASES_ALL;
    else {
        web_reply_error(res, MHD_HTTP_BAD_REQUEST, "bad_request", "status", "status 应为 open、overdue、closed 或 all。");
        return;
    }
    size_t limit, offset;
    if (!read_paging(req, res, &limit, &offset)) return;
    const gk_calendar *cal = web_calendar(req, res, 0);
    if (!cal) return;
    /* Open cases are listed by due date, which only their deadlines tell: all of them are read (an office has at
     * most a few hundred open), then paged. Closed ones page in the store, newest first. */
    bool by_deadline = q.state == STORE_CASES_OPEN;
    if (!by_deadline) {
        q.limit = limit;
        q.offset = offset;
    }
    gk_application *apps = NULL;
    size_t n = 0, total = 0;
    char *error = NULL;
    if (store_case_search(req->store, req->user.agency_id, &q, &apps, &n, &total, &error) != 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    listed_case *cases = xcalloc(n ? n : 1, sizeof *cases);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        gk_deadline dl;
        if (!case_deadline(req, res, cal, apps[i].id, &dl, NULL, NULL)) goto failed;
        if (overdue_only && !gk_deadline_overdue(&dl, req->today)) {
            gk_deadline_free(&dl);
            continue;
        }
        cases[kept].app = &apps[i];
        cases[kept++].dl = dl;
    }
    if (by_deadline) qsort(cases, kept, sizeof *cases, by_due);
    json_t *list = json_array();
    size_t first = by_deadline ? offset : 0, last = by_deadline ? offset + limit : kept;
    for (size_t i = first; i < kept && i < last; i++)
        json_array_append_new(list, summary_json(cases[i].app, &cases[i].dl, cal, req->today));
    json_t *body = json_object();
    json_object_set_new(body, "cases", list);
    json_object_set_new(body, "total", json_integer((json_int_t)(by_deadline ? kept : total)));
    json_object_set_new(body, "limit", json_integer((json_int_t)limit));
    json_object_set_new(body, "offset", json_integer((json_int_t)offset));
    web_reply_json(res, MHD_HTTP_OK, body);
failed:
    for (size_t i = 0; i < kept; i++) gk_deadline_free(&cases[i].dl);
    free(cases);
    store_application_list_free(apps, n);
}

/* ---- registering an application ---- */

/* Reads an optional text field into *out; false after answering. */
static bool optional_text(web_response *res, json_t *body, const char *key, size_t max, char **out)
{
    return web_field_text(res, body, key, false, max, out);
}

bool web_read_application(web_request *req, web_response *res, json_t *body, bool portal, gk_application *a,
                          store_application_details *d)
{
    char *type = NULL, *id_type = NULL, *channel = NULL;
    bool ok = false;
    if (!web_field_text(res, body, "applicant_type", true, 40, &type)) goto done;
    a->applicant_type = gk_applicant_type_from_key(type);
    if (a->applicant_type < 0) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "applicant_type", "申请人类型“%s”无效。", type);
        goto done;
    }
    bool person = gk_applicant_type_is_person(a->applicant_type);
    if (!web_field_text(res, body, "applicant_name", true, 100, &a->applicant_name) ||
        !web_field_text(res, body, "id_type", true, 40, &id_type) ||
        !web_field_text(res, body, "id_number", true, 60, &a->id_document))
        goto done;
    const web_id_type *idt = web_id_type_find(id_type);
    if (!idt || idt->person != person) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "id_type", "证件类型“%s”不适用于%s。", id_type,
                        person ? "自然人" : "法人或其他组织");
        goto done;
    }
    for (char *p = a->id_document; *p; p++)
        if (*p >= 'a' && *p <= 'z' && idt->check) *p = (char)(*p - 'a' + 'A');
    char message[256];
    if (idt->check && idt->check(a->id_document, message, sizeof message)) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "id_number", "%s", message);
        goto done;
    }
    d->id_type = xstrdup(idt->key);
    if (!optional_text(res, body, "phone", 60, &a->phone) || !optional_text(res, body, "address", 200, &a->address) ||
        !optional_text(res, body, "email", 100, &d->email) ||
        !optional_text(res, body, "contact_name", 50, &d->contact_name) ||
        !optional_text(res, body, "legal_representative", 50, &d->legal_representative) ||
        !web_field_text(res, body, "request_text", true, 5000, &a->request) ||
        !optional_text(res, body, "form_wanted", 100, &a->form_wanted))
        goto done;
    if (!a->phone && !a->address && !d->email) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "phone",
                        "请至少填写一种联系方式（联系电话、通信地址或电子邮箱）。");
        goto done;
    }
    if (d->email && !strchr(d->email, '@')) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "email", "电子邮箱“%s”格式不对。", d->email);
        goto done;
    }
    a->channel = GK_CHANNEL_ONLINE;
    a->received_on = req->today;
    if (!portal) {
        if (!optional_text(res, body, "channel", 40, &channel)) goto done;
        a->channel = channel ? gk_channel_from_key(channel) : GK_CHANNEL_IN_PERSON;
        if (a->channel < 0) {
            web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "channel", "收到渠道“%s”无效。", channel);
            goto done;
        }
        if (!web_field_date(res, body, "received_on", false, &a->received_on) ||
            !optional_text(res, body, "tracking_no", 40, &a->tracking_no))
            goto done;
        if (gk_date_cmp(a->received_on, req->today) > 0) {
            web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "received_on", "收到日期不能晚于今天。");
            goto done;
        }
    }
    ok = true;
done:
    free(type);
    free(id_type);
    free(channel);
    return ok;
}

void h_case_create(web_request *req, web_response *res)
{
    json_t *body = web_json_body(req, res);
    if (!body) return;
    gk_application a;
    gk_application_init(&a);
    store_application_details d = {0};
    char *error = NULL;
    const gk_calendar *cal = NULL;
    if (!web_read_application(req, res, body, false, &a, &d)) goto done;
    if (!(cal = web_calendar(req, res, 0)) || !web_begin(req, res)) goto done;
    /* The application, its details and the audit entry: one transaction. */
    if (store_application_add(req->store, req->user.agency_id, &a, &error) != 0) {
        web_rollback(req);
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", a.tracking_no ? "tracking_no" : NULL, "%s",
                        error ? error : "申请未能登记。");
        free(error);
        goto done;
    }
    if (store_application_details_put(req->store, req->user.agency_id, a.id, &d, &error) != 0) {
        web_rollback(req);
        web_reply_store_error(req, res, error);
        goto done;
    }
    buf detail = BUF_INIT;
    buf_printf(&detail, "登记申请 %s", a.tracking_no);
    int audited = web_audit(req, res, "create", "applications", a.id, buf_cstr(&detail));
    buf_free(&detail);
    if (audited != 0) {
        web_rollback(req);
        goto done;
    }
    if (!web_commit(req, res)) goto done;
    gk_deadline dl;
    if (!case_deadline(req, res, cal, a.id, &dl, NULL, NULL)) goto done;
    json_t *out = json_object();
    json_object_set_new(out, "id", json_integer(a.id));
    json_object_set_new(out, "tracking_no", web_json_text(a.tracking_no));
    json_object_set_new(out, "deadline", web_deadline_json(cal, &dl, req->today));
    gk_deadline_free(&dl);
    web_reply_json(res, MHD_HTTP_CREATED, out);
done:
    gk_application_clear(&a);
    store_application_details_clear(&d);
    json_decref(body);
}

/* ---- one case ---- */

static json_t *event_json(const gk_case_event *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(e->id));
    json_object_set_new(o, "kind", json_string(gk_event_kind_key(e->ev.kind)));
    json_object_set_new(o, "date", web_json_date(e->ev.date));
    json_object_set_new(o, "days", json_integer(e->ev.extension_days));
    json_object_set_new(o, "approver", web_json_text(e->approver));
    json_object_set_new(o, "reason", web_json_text(e->reason));
    json_object_set_new(o, "outcome", web_json_text(outcome_key(e->outcome_row)));
    json_object_set_new(o, "basis", web_json_text(e->basis));
    json_object_set_new(o, "pages", json_integer(e->fee_pages));
    json_object_set_new(o, "fee_amount", json_integer(e->fee_amount));
    return o;
}

static json_t *approval_json(const store_approval *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "case_id", json_integer(p->application_id));
    json_object_set_new(o, "tracking_no", web_json_text(p->tracking_no));
    json_object_set_new(o, "kind", json_string(gk_event_kind_key(p->ev.ev.kind)));
    json_object_set_new(o, "date", web_json_date(p->ev.ev.date));
    json_object_set_new(o, "days", json_integer(p->ev.ev.extension_days));
    json_object_set_new(o, "reason", web_json_text(p->ev.reason));
    json_object_set_new(o, "outcome", web_json_text(outcome_key(p->ev.outcome_row)));
    json_object_set_new(o, "basis", web_json_text(p->ev.basis));
    json_object_set_new(o, "pages", json_integer(p->ev.fee_pages));
    json_object_set_new(o, "status", web_json_text(p->status));
    json_object_set_new(o, "requested_by", web_json_text(p->requested_by_name));
    json_object_set_new(o, "requested_at", web_json_text(p->requested_at));
    json_object_set_new(o, "decided_by", web_json_text(p->decided_by_name));
    json_object_set_new(o, "decided_at", web_json_text(p->decided_at));
    json_object_set_new(o, "note", web_json_text(p->note));
    return o;
}

static json_t *case_json(const gk_application *a, const store_application_details *d, const char *status,
                         const char *waiting)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "tracking_no", web_json_text(a->tracking_no));
    json_object_set_new(o, "applicant_type", web_json_text(gk_applicant_type_key(a->applicant_type)));
    json_object_set_new(o, "applicant_name", web_json_text(a->applicant_name));
    json_object_set_new(o, "id_type", web_json_text(d->id_type));
    json_object_set_new(o, "id_number", web_json_text(a->id_document));
    json_object_set_new(o, "phone", web_json_text(a->phone));
    json_object_set_new(o, "address", web_json_text(a->address));
    json_object_set_new(o, "email", web_json_text(d->email));
    json_object_set_new(o, "contact_name", web_json_text(d->contact_name));
    json_object_set_new(o, "legal_representative", web_json_text(d->legal_representative));
    const gk_channel_def *ch = gk_channel_def_at((enum gk_channel)a->channel);
    json_object_set_new(o, "channel", web_json_text(ch ? ch->key : NULL));
    json_object_set_new(o, "receipt_rule", web_json_text(ch ? ch->receipt_rule : NULL));
    json_object_set_new(o, "received_on", web_json_date(a->received_on));
    json_object_set_new(o, "request_text", web_json_text(a->request));
    json_object_set_new(o, "form_wanted", web_json_text(a->form_wanted));
    json_object_set_new(o, "status", json_string(status));
    json_object_set_new(o, "waiting", web_json_text(waiting));
    json_object_set_new(o, "outcome", web_json_text(outcome_key(a->outcome_row)));
    json_object_set_new(o, "decided_on", web_json_date(a->decided_on));
    json_object_set_new(o, "basis", web_json_text(a->basis));
    return o;
}

/* The application of the user's agency with that id; false after answering 404 (also for another agency's). */
static bool load_case(web_request *req, web_response *res, int64_t id, gk_application *a)
{
    char *error = NULL;
    int found = store_application_get(req->store, req->user.agency_id, id, a, &error);
    if (found < 0) web_reply_store_error(req, res, error);
    else if (!found) web_reply_not_found(res);
    return found == 1;
}

/* The whole case answer: case, deadline, events, pending approvals. */
static json_t *whole_case(web_request *req, web_response *res, const gk_calendar *cal, const gk_application *a)
{
    store_application_details d = {0};
    char *error = NULL;
    gk_deadline dl;
    gk_case_event *events = NULL;
    size_t n = 0;
    store_approval *approvals = NULL;
    size_t pending = 0;
    if (store_application_details_get(req->store, req->user.agency_id, a->id, &d, &error) < 0 ||
        store_approval_list(req->store, req->user.agency_id, a->id, true, &approvals, &pending, &error) != 0) {
        store_application_details_clear(&d);
        web_reply_store_error(req, res, error);
        return NULL;
    }
    if (!case_deadline(req, res, cal, a->id, &dl, &events, &n)) {
        store_application_details_clear(&d);
        store_approval_list_free(approvals, pending);
        return NULL;
    }
    json_t *out = json_object();
    json_object_set_new(out, "case", case_json(a, &d, web_case_status(&dl, req->today), waiting_of(&dl)));
    json_object_set_new(out, "deadline", web_deadline_json(cal, &dl, req->today));
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(list, event_json(&events[i]));
    json_object_set_new(out, "events", list);
    list = json_array();
    for (size_t i = 0; i < pending; i++) json_array_append_new(list, approval_json(&approvals[i]));
    json_object_set_new(out, "approvals", list);
    gk_deadline_free(&dl);
    store_event_list_free(events, n);
    store_approval_list_free(approvals, pending);
    store_application_details_clear(&d);
    return out;
}

void h_case_get(web_request *req, web_response *res)
{
    int64_t id;
    if (!web_param_id(req, res, 0, &id)) return;
    const gk_calendar *cal = web_calendar(req, res, 0);
    if (!cal) return;
    gk_application a;
    if (!load_case(req, res, id, &a)) return;
    /* Personal data is about to leave: the audit entry is written first, or nothing is sent. */
    if (web_audit_view(req, res, "show", "applications", id, "查看申请（含个人信息）") == 0) {
        json_t *out = whole_case(req, res, cal, &a);
        if (out) web_reply_json(res, MHD_HTTP_OK, out);
    }
    gk_application_clear(&a);
}

/* ---- events ---- */

static int event_kind_of(const char *text)
{
    int kind = gk_event_kind_from_key(text);
    for (int k = 0; kind < 0 && k < GK_EV__COUNT; k++)
        if (strcmp(gk_event_kind_label((enum gk_event_kind)k), text) == 0) kind = k;
    return kind;
}

/* Reads an event from the body; false after answering. */
static bool read_event(web_request *req, web_response *res, json_t *body, gk_case_event *ev)
{
    char *kind_text = NULL, *outcome = NULL;
    bool ok = false;
    if (!web_field_text(res, body, "kind", true, 40, &kind_text)) goto done;
    int kind = event_kind_of(kind_text);
    if (kind < 0 || kind == GK_EV_RECEIVED) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "kind", "事件“%s”无效。", kind_text);
        goto done;
    }
    ev->ev.kind = (enum gk_event_kind)kind;
    ev->ev.date = req->today;
    long long days = 0, pages = 0;
    if (!web_field_date(res, body, "date", false, &ev->ev.date) ||
        !web_field_int(res, body, "days", kind == GK_EV_EXTENSION_APPROVED, 1, GK_EXTENSION_MAX_WORKING_DAYS, &days) ||
        !web_field_int(res, body, "pages", false, 1, 10000000, &pages) ||
        !web_field_text(res, body, "approver", false, 50, &ev->approver) ||
        !web_field_text(res, body, "reason", false, 1000, &ev->reason) ||
        !web_field_text(res, body, "basis", false, 200, &ev->basis) ||
        !web_field_text(res, body, "outcome", kind == GK_EV_DECIDED, 60, &outcome))
        goto done;
    if (gk_date_cmp(ev->ev.date, req->today) > 0) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "date", "事件日期不能晚于今天。");
        goto done;
    }
    if (kind == GK_EV_EXTENSION_APPROVED) ev->ev.extension_days = (int)days;
    if (kind == GK_EV_FEE_NOTICE) ev->fee_pages = (int)pages;
    if (outcome) {
        gk_outcome o;
        if (kind != GK_EV_DECIDED) {
            web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "outcome", "只有“%s”事件带办理结果。",
                            gk_event_kind_label(GK_EV_DECIDED));
            goto done;
        }
        if (!gk_outcome_by_key(outcome, &o)) {
            web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "outcome", "办理结果“%s”无效。", outcome);
            goto done;
        }
        ev->outcome_row = o.row;
    }
    ok = true;
done:
    free(kind_text);
    free(outcome);
    return ok;
}

static bool needs_approval(const gk_case_event *ev)
{
    return ev->ev.kind == GK_EV_EXTENSION_APPROVED || ev->ev.kind == GK_EV_DECIDED;
}

/* Would the event be accepted now? (The check store_event_add makes, without writing.) false after answering. */
static bool dry_run(web_request *req, web_response *res, const gk_calendar *cal, const gk_application *a,
                    const gk_case_event *ev)
{
    gk_case_event *history = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_event_list(req->store, req->user.agency_id, a->id, &history, &n, &error) != 0) {
        web_reply_store_error(req, res, error);
        return false;
    }
    gk_case_event copy;
    gk_case_event_init(&copy);
    copy.ev = ev->ev;
    copy.outcome_row = ev->outcome_row;
    copy.fee_pages = ev->fee_pages;
    copy.approver = xstrdup("负责人");
    bool ok = gk_case_event_prepare(cal, a, history, n, &copy, 0, NULL, &error) == 0;
    if (!ok) web_reply_refused(res, error);
    gk_case_event_clear(&copy);
    store_event_list_free(history, n);
    return ok;
}

static void describe_event(const gk_case_event *ev, buf *out)
{
    char day[11];
    gk_date_format(ev->ev.date, day);
    buf_printf(out, "%s %s", gk_event_kind_label(ev->ev.kind), day);
    gk_outcome o;
    if (ev->outcome_row >= 0 && gk_outcome_by_row(ev->outcome_row, &o)) buf_printf(out, "：%s", o.key);
    if (ev->ev.kind == GK_EV_EXTENSION_APPROVED) buf_printf(out, "，%d个工作日", ev->ev.extension_days);
}

/* Records the event (as the acting head when it needs approval) and answers 201 with the new deadline. */
static void record_event(web_request *req, web_response *res, const gk_calendar *cal, int64_t id, gk_case_event *ev,
                         const char *action)
{
    if (ev->ev.kind == GK_EV_EXTENSION_APPROVED && !ev->approver) ev->approver = xstrdup(req->user.display_name);
    gk_deadline dl;
    char *error = NULL;
    if (!web_begin(req, res)) return;
    if (store_event_add(req->store, req->user.agency_id, id, ev, cal, &dl, &error) != 0) {
        web_rollback(req);
        web_reply_refused(res, error);
        return;
    }
    buf detail = BUF_INIT;
    describe_event(ev, &detail);
    int audited = web_audit(req, res, action, "applications", id, buf_cstr(&detail));
    buf_free(&detail);
    if (audited != 0) web_rollback(req);
    else if (web_commit(req, res)) {
        json_t *out = json_object();
        json_object_set_new(out, "event", event_json(ev));
        json_object_set_new(out, "deadline", web_deadline_json(cal, &dl, req->today));
        web_reply_json(res, MHD_HTTP_CREATED, out);
    }
    gk_deadline_free(&dl);
}

static void request_approval(web_request *req, web_response *res, const gk_calendar *cal, const gk_application *a,
                             const gk_case_event *ev)
{
    if (!dry_run(req, res, cal, a, ev)) return;
    int64_t approval_id = 0;
    char *error = NULL;
    if (!web_begin(req, res)) return;
    if (store_approval_add(req->store, req->user.agency_id, a->id, ev, req->user.id, &approval_id, &error) != 0) {
        web_rollback(req);
        web_reply_store_error(req, res, error);
        return;
    }
    buf detail = BUF_INIT;
    buf_puts(&detail, "提请负责人审批：");
    describe_event(ev, &detail);
    int audited = web_audit(req, res, "approval_request", "applications", a->id, buf_cstr(&detail));
    buf_free(&detail);
    if (audited != 0) {
        web_rollback(req);
        return;
    }
    if (!web_commit(req, res)) return;
    store_approval p;
    int found = store_approval_get(req->store, req->user.agency_id, approval_id, &p, &error);
    if (found != 1) {
        web_reply_store_error(req, res, error);
        return;
    }
    json_t *out = json_object();
    json_object_set_new(out, "approval", approval_json(&p));
    store_approval_clear(&p);
    web_reply_json(res, MHD_HTTP_ACCEPTED, out);
}

void h_case_event(web_request *req, web_response *res)
{
    int64_t id;
    if (!web_param_id(req, res, 0, &id)) return;
    json_t *body = web_json_body(req, res);
    if (!body) return;
    gk_application a;
    gk_case_event ev;
    gk_case_event_init(&ev);
    const gk_calendar *cal = NULL;
    if (!load_case(req, res, id, &a)) {
        json_decref(body);
        return;
    }
    if (read_event(req, res, body, &ev) && (cal = web_calendar(req, res, 0))) {
        if (needs_approval(&ev) && req->role != ROLE_HEAD) request_approval(req, res, cal, &a, &ev);
        else record_event(req, res, cal, id, &ev, "event");
    }
    gk_case_event_clear(&ev);
    gk_application_clear(&a);
    json_decref(body);
}

/* ---- approvals ---- */

void h_approvals_list(web_request *req, web_response *res)
{
    const char *status = web_query(req, "status");
    bool pending_only = !status || strcmp(status, "pending") == 0;
    if (status && !pending_only && strcmp(status, "all") != 0) {
        web_reply_error(res, MHD_HTTP_BAD_REQUEST, "bad_request", "status", "status 应为 pending 或 all。");
        return;
    }
    store_approval *list = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_approval_list(req->store, req->user.agency_id, 0, pending_only, &list, &n, &error) != 0) {
        web_reply_store_error(req, res, error);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, approval_json(&list[i]));
    store_approval_list_free(list, n);
    json_t *body = json_object();
    json_object_set_new(body, "approvals", items);
    web_reply_json(res, MHD_HTTP_OK, body);
}

/* Answers with the approval as it now stands (and the case's deadline when given). */
static void reply_approval(web_request *req, web_response *res, int64_t id, unsigned status, json_t *deadline)
{
    store_approval p;
    char *error = NULL;
    if (store_approval_get(req->store, req->user.agency_id, id, &p, &error) != 1) {
        json_decref(deadline);
        web_reply_store_error(req, res, error);
        return;
    }
    json_t *out = json_object();
    json_object_set_new(out, "approval", approval_json(&p));
    if (deadline) json_object_set_new(out, "deadline", deadline);
    store_approval_clear(&p);
    web_reply_json(res, status, out);
}

/* Approving, in one transaction: claim the approval, record its event as the head's, write the audit entry. When
 * the case has moved on and the register refuses the event, nothing is written and the approval stays pending. */
static void approve(web_request *req, web_response *res, store_approval *p, const char *note)
{
    char *error = NULL;
    const gk_calendar *cal = web_calendar(req, res, 0);
    if (!cal || !web_begin(req, res)) return;
    int claimed = store_approval_decide(req->store, req->user.agency_id, p->id, true, req->user.id, note, &error);
    if (claimed <= 0) {
        web_rollback(req);
        if (claimed < 0) web_reply_store_error(req, res, error);
        else web_reply_error(res, MHD_HTTP_CONFLICT, "conflict", NULL, "该审批事项已经处理过。");
        return;
    }
    gk_case_event ev;
    gk_case_event_init(&ev);
    ev.ev = p->ev.ev;
    ev.outcome_row = p->ev.outcome_row;
    ev.fee_pages = p->ev.fee_pages;
    ev.reason = p->ev.reason ? xstrdup(p->ev.reason) : NULL;
    ev.basis = p->ev.basis ? xstrdup(p->ev.basis) : NULL;
    if (ev.ev.kind == GK_EV_EXTENSION_APPROVED) ev.approver = xstrdup(req->user.display_name);
    gk_deadline dl;
    if (store_event_add(req->store, req->user.agency_id, p->application_id, &ev, cal, &dl, &error) != 0) {
        web_rollback(req);
        web_reply_refused(res, error);
        gk_case_event_clear(&ev);
        return;
    }
    buf detail = BUF_INIT;
    buf_printf(&detail, "批准审批 %lld：", (long long)p->id);
    describe_event(&ev, &detail);
    int audited = web_audit(req, res, "approve", "applications", p->application_id, buf_cstr(&detail));
    buf_free(&detail);
    if (audited != 0) web_rollback(req);
    else if (web_commit(req, res)) reply_approval(req, res, p->id, MHD_HTTP_OK, web_deadline_json(cal, &dl, req->today));
    gk_deadline_free(&dl);
    gk_case_event_clear(&ev);
}

void h_approval_decide(web_request *req, web_response *res)
{
    int64_t id;
    if (!web_param_id(req, res, 0, &id)) return;
    json_t *body = web_json_body(req, res);
    if (!body) return;
    bool yes = false;
    char *note = NULL, *error = NULL;
    store_approval p;
    int found = 0;
    if (!json_is_boolean(json_object_get(body, "approve"))) {
        web_reply_error(res, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid", "approve", "请说明是否同意（approve: true 或 false）。");
        goto done;
    }
    if (!web_field_bool(res, body, "approve", &yes) || !web_field_text(res, body, "note", false, 500, &note)) goto done;
    found = store_approval_get(req->store, req->user.agency_id, id, &p, &error);
    if (found < 0) {
        web_reply_store_error(req, res, error);
        goto done;
    }
    if (!found) {
        web_reply_not_found(res);
        goto done;
    }
    if (strcmp(p.status, "pending") != 0) {
        web_reply_error(res, MHD_HTTP_CONFLICT, "conflict", NULL, "该审批事项已经处理过。");
    } else if (yes) {
        approve(req, res, &p, note);
    } else {
        int rejected = web_begin(req, res) ? store_approval_decide(req->store, req->user.agency_id, id, false,
                                                                   req->user.id, note, &error)
                                           : -2;
        if (rejected == -1) web_reply_store_error(req, res, error);
        else if (rejected == 0) web_reply_error(res, MHD_HTTP_CONFLICT, "conflict", NULL, "该审批事项已经处理过。");
        if (rejected == 1 && web_audit(req, res, "reject", "applications", p.application_id, note ? note : "退回审批") == 0) {
            if (web_commit(req, res)) reply_approval(req, res, id, MHD_HTTP_OK, NULL);
        } else if (rejected != -2) {
            web_rollback(req);
        }
    }
done:
    if (found > 0) store_approval_clear(&p);
    free(note);
    json_decref(body);
}

/* store_web: what the web application keeps beside the case register — applicant details the application row has
 * no field for, the case list with search, approvals of extensions and decisions, the portal's query codes,
 * published reports, the agency's holiday list, the audit log by date and the calendar's fingerprint. Portable SQL
 * only (backend.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/outcome.h"
#include "store/store_internal.h"
#include "util/buf.h"

/* Grows a list of records by one and returns the new (zeroed) slot. */
static void *list_push(void **items, size_t *count, size_t *cap, size_t size)
{
    if (*count == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *items = xrealloc(*items, *cap * size);
    }
    char *slot = (char *)*items + (*count)++ * size;
    memset(slot, 0, size);
    return slot;
}

static const char *outcome_key_of(int row)
{
    gk_outcome o;
    return row >= 0 && gk_outcome_by_row(row, &o) ? o.key : NULL;
}

static int outcome_row_of(const char *key)
{
    gk_outcome o;
    return key && gk_outcome_by_key(key, &o) ? o.row : -1;
}

/* ---- applicant details ---- */

void store_application_details_clear(store_application_details *d)
{
    free(d->id_type);
    free(d->email);
    free(d->contact_name);
    free(d->legal_representative);
    memset(d, 0, sizeof *d);
}

int store_application_details_put(gk_store *s, int64_t agency, int64_t application,
                                  const store_application_details *d, char **error)
{
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO application_details (agency_id, application_id, id_type, email, contact_name, "
                   "legal_representative) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (agency_id, application_id) DO UPDATE "
                   "SET id_type = excluded.id_type, email = excluded.email, contact_name = excluded.contact_name, "
                   "legal_representative = excluded.legal_representative",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, application);
    sq_text(&q, d->id_type);
    sq_text(&q, d->email);
    sq_text(&q, d->contact_name);
    sq_text(&q, d->legal_representative);
    int rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

int store_application_details_get(gk_store *s, int64_t agency, int64_t application, store_application_details *out,
                                  char **error)
{
    memset(out, 0, sizeof *out);
    sq q;
    if (sq_prepare(&q, s,
                   "SELECT id_type, email, contact_name, legal_representative FROM application_details "
                   "WHERE agency_id = ? AND application_id = ?",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, application);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) {
        out->id_type = sq_col_dup(&q, 0);
        out->email = sq_col_dup(&q, 1);
        out->contact_name = sq_col_dup(&q, 2);
        out->legal_representative = sq_col_dup(&q, 3);
    }
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : rc == STORE_ROW;
}

/* ---- the case list ---- */

/* LIKE pattern matching `text` literally anywhere: %, _ and the escape character itself are escaped with '\'. */
static char *like_pattern(const char *text)
{
    buf b = BUF_INIT;
    buf_putc(&b, '%');
    for (const char *p = text; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\') buf_putc(&b, '\\');
        buf_putc(&b, *p);
    }
    buf_putc(&b, '%');
    return buf_detach(&b);
}

#define CASE_FILTER_SQL                                                                                          \
    " FROM applications WHERE agency_id = ? AND (? = 0 OR (? = 1 AND outcome IS NULL) OR (? = 2 AND outcome IS NOT " \
    "NULL)) AND (? IS NULL OR tracking_no LIKE ? ESCAPE '\\' OR applicant_name LIKE ? ESCAPE '\\' OR request LIKE ? "  \
    "ESCAPE '\\')"

static void bind_case_filter(sq *q, int64_t agency, const store_case_query *query, const char *pattern)
{
    sq_int(q, agency);
    for (int i = 0; i < 3; i++) sq_int(q, (int64_t)query->state);
    for (int i = 0; i < 4; i++) sq_text(q, pattern);
}

int store_case_search(gk_store *s, int64_t agency, const store_case_query *query, gk_application **out, size_t *count,
                      size_t *total, char **error)
{
    *out = NULL;
    *count = 0;
    *total = 0;
    char *pattern = query->text && *query->text ? like_pattern(query->text) : NULL;
    sq q;
    int rc = -1;
    if (sq_prepare(&q, s, "SELECT COUNT(*)" CASE_FILTER_SQL, error) != 0) goto done;
    bind_case_filter(&q, agency, query, pattern);
    int step = sq_step(&q, error);
    if (step == STORE_ROW) *total = (size_t)sq_col_int(&q, 0);
    sq_finish(&q);
    if (step != STORE_ROW) goto done;
    if (sq_prepare(&q, s,
                   "SELECT id, agency_id, tracking_no, applicant_type, applicant_name, id_document, channel, "
                   "received_on, request, form_wanted, outcome, decided_on, basis" CASE_FILTER_SQL
                   " ORDER BY received_on DESC, id DESC LIMIT ? OFFSET ?",
                   error) != 0)
        goto done;
    bind_case_filter(&q, agency, query, pattern);
    sq_int(&q, query->limit ? (int64_t)query->limit : (int64_t)1 << 40);
    sq_int(&q, (int64_t)query->offset);
    size_t cap = 0;
    while ((step = sq_step(&q, error)) == STORE_ROW) {
        gk_application *a = list_push((void **)out, count, &cap, sizeof **out);
        gk_application_init(a);
        a->id = sq_col_int(&q, 0);
        a->agency_id = sq_col_int(&q, 1);
        a->tracking_no = sq_col_dup(&q, 2);
        a->applicant_type = gk_applicant_type_from_key(sq_col_text(&q, 3));
        a->applicant_name = sq_col_dup(&q, 4);
        a->id_document = sq_col_dup(&q, 5);
        a->channel = gk_channel_from_key(sq_col_text(&q, 6));
        a->received_on = sq_col_date(&q, 7);
        a->request = sq_col_dup(&q, 8);
        a->form_wanted = sq_col_dup(&q, 9);
        a->outcome_row = outcome_row_of(sq_col_text(&q, 10));
        a->decided_on = sq_col_date(&q, 11);
        a->basis = sq_col_dup(&q, 12);
    }
    sq_finish(&q);
    if (step == STORE_FAILED) {
        store_application_list_free(*out, *count);
        *out = NULL;
        *count = 0;
        goto done;
    }
    rc = 0;
done:
    free(pattern);
    return rc;
}

/* ---- approvals ---- */

void store_approval_clear(store_approval *a)
{
    free(a->tracking_no);
    gk_case_event_clear(&a->ev);
    free(a->status);
    free(a->requested_by_name);
    free(a->decided_by_name);
    free(a->requested_at);
    free(a->decided_at);
    free(a->note);
    memset(a, 0, sizeof *a);
    a->ev.outcome_row = -1;
}

void store_approval_list_free(store_approval *list, size_t count)
{
    for (size_t i = 0; i < count; i++) store_approval_clear(&list[i]);
    free(list);
}

int store_approval_add(gk_store *s, int64_t agency, int64_t application, const gk_case_event *ev, int64_t requested_by,
                       int64_t *id, char **error)
{
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO approvals (agency_id, application_id, kind, day, extension_days, reason, outcome, basis, "
                   "fee_pages, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   error) != 0)
        return -1;
    char now[20];
    store_now(now);
    sq_int(&q, agency);
    sq_int(&q, application);
    sq_text(&q, gk_event_kind_key(ev->ev.kind));
    sq_date(&q, ev->ev.date);
    sq_int(&q, ev->ev.extension_days);
    sq_text(&q, ev->reason);
    sq_text(&q, outcome_key_of(ev->outcome_row));
    sq_text(&q, ev->basis);
    sq_int(&q, ev->fee_pages);
    sq_int(&q, requested_by);
    sq_text(&q, now);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW && id) *id = sq_col_int(&q, 0);
    sq_finish(&q);
    return rc == STORE_ROW ? 0 : -1;
}

#define APPROVAL_SELECT_SQL                                                                                        \
    "SELECT p.id, p.application_id, a.tracking_no, p.kind, p.day, p.extension_days, p.reason, p.outcome, p.basis, " \
    "p.fee_pages, p.status, p.requested_by, r.display_name, p.requested_at, p.decided_by, d.display_name, "         \
    "p.decided_at, p.note FROM approvals p "                                                                       \
    "JOIN applications a ON a.agency_id = p.agency_id AND a.id = p.application_id "                                \
    "JOIN users r ON r.id = p.requested_by LEFT JOIN users d ON d.id = p.decided_by "

static void read_approval(sq *q, store_approval *a)
{
    memset(a, 0, sizeof *a);
    gk_case_event_init(&a->ev);
    a->id = sq_col_int(q, 0);
    a->application_id = sq_col_int(q, 1);
    a->ev.application_id = a->application_id;
    a->tracking_no = sq_col_dup(q, 2);
    a->ev.ev.kind = (enum gk_event_kind)gk_event_kind_from_key(sq_col_text(q, 3));
    a->ev.ev.date = sq_col_date(q, 4);
    a->ev.ev.extension_days = (int)sq_col_int(q, 5);
    a->ev.reason = sq_col_dup(q, 6);
    a->ev.outcome_row = outcome_row_of(sq_col_text(q, 7));
    a->ev.basis = sq_col_dup(q, 8);
    a->ev.fee_pages = (int)sq_col_int(q, 9);
    a->status = sq_col_dup(q, 10);
    a->requested_by = sq_col_int(q, 11);
    a->requested_by_name = sq_col_dup(q, 12);
    a->requested_at = sq_col_dup(q, 13);
    a->decided_by = sq_col_null(q, 14) ? 0 : sq_col_int(q, 14);
    a->decided_by_name = sq_col_dup(q, 15);
    a->decided_at = sq_col_dup(q, 16);
    a->note = sq_col_dup(q, 17);
}

int store_approval_get(gk_store *s, int64_t agency, int64_t id, store_approval *out, char **error)
{
    memset(out, 0, sizeof *out);
    gk_case_event_init(&out->ev);
    sq q;
    if (sq_prepare(&q, s, APPROVAL_SELECT_SQL "WHERE p.agency_id = ? AND p.id = ?", error) != 0) return -1;
    sq_int(&q, agency);
    sq_int(&q, id);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) read_approval(&q, out);
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : rc == STORE_ROW;
}

static bool read_approval_row(sq *q, void *record)
{
    read_approval(q, record);
    return true;
}

static void free_approval_rows(void *rows, size_t count) { store_approval_list_free(rows, count); }

int store_approval_list(gk_store *s, int64_t agency, int64_t application, bool pending_only, store_approval **out,
                        size_t *count, char **error)
{
    *out = NULL;
    *count = 0;
    sq q;
    if (sq_prepare(&q, s,
                   APPROVAL_SELECT_SQL "WHERE p.agency_id = ? AND (? = 0 OR p.application_id = ?) "
                                       "AND (? = 0 OR p.status = 'pending') ORDER BY p.id DESC",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, application);
    sq_int(&q, application);
    sq_int(&q, pending_only ? 1 : 0);
    void *rows;
    int rc = sq_collect(&q, sizeof **out, read_approval_row, free_approval_rows, &rows, count, error);
    *out = rows;
    return rc;
}

int store_approval_decide(gk_store *s, int64_t agency, int64_t id, bool approve, int64_t decided_by, const char *note,
                          char **error)
{
    sq q;
    if (sq_prepare(&q, s,
                   "UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?, note = ? "
                   "WHERE agency_id = ? AND id = ? AND status = 'pending' RETURNING id",
                   error) != 0)
        return -1;
    char now[20];
    store_now(now);
    sq_text(&q, approve ? "approved" : "rejected");
    sq_int(&q, decided_by);
    sq_text(&q, now);
    sq_text(&q, note);
    sq_int(&q, agency);
    sq_int(&q, id);
    int rc = sq_step(&q, error);
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : rc == STORE_ROW;
}

/* ---- public query codes ---- */

int store_query_code_add(gk_store *s, int64_t agency, int64_t application, const char *tracking_no,
                         const char *code_hash, char **error)
{
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO public_query_codes (tracking_no, agency_id, application_id, code_hash, created_at) "
                   "VALUES (?, ?, ?, ?, ?)",
                   error) != 0)
        return -1;
    char now[20];
    store_now(now);
    sq_text(&q, tracking_no);
    sq_int(&q, agency);
    sq_int(&q, application);
    sq_text(&q, code_hash);
    sq_text(&q, now);
    int rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

int store_query_code_find(gk_store *s, const char *tracking_no, int64_t *agency, int64_t *application,
                          char **code_hash, char **error)
{
    *code_hash = NULL;
    sq q;
    if (sq_prepare(&q, s, "SELECT agency_id, application_id, code_hash FROM public_query_codes WHERE tracking_no = ?",
                   error) != 0)
        return -1;
    sq_text(&q, tracking_no);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) {
        *agency = sq_col_int(&q, 0);
        *application = sq_col_int(&q, 1);
        *code_hash = sq_col_dup(&q, 2);
    }
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : rc == STORE_ROW;
}

/* ---- published reports ---- */

void store_publication_clear(store_publication *p)
{
    free(p->agency_name);
    free(p->published_at);
    free(p->published_by);
    memset(p, 0, sizeof *p);
}

void store_publication_list_free(store_publication *list, size_t count)
{
    for (size_t i = 0; i < count; i++) store_publication_clear(&list[i]);
    free(list);
}

int store_report_publish(gk_store *s, int64_t agency, int year, int revision, const char *report_json,
                         const char *actor, bool *duplicate, char **error)
{
    if (duplicate) *duplicate = false;
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO report_publications (agency_id, year, revision, report_json, published_at, published_by) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   error) != 0)
        return -1;
    char now[20];
    store_now(now);
    sq_int(&q, agency);
    sq_int(&q, year);
    sq_int(&q, revision);
    sq_text(&q, report_json);
    sq_text(&q, now);
    sq_text(&q, actor && *actor ? actor : "unknown");
    char *why = NULL;
    int rc = sq_exec(&q, &why);
    bool constraint = q.constraint;
    sq_finish(&q);
    if (rc == 0) return 0;
    if (constraint) {
        free(why);
        if (duplicate) *duplicate = true;
        store_set_error(error, store_message("%d 年度报告第 %d 版已经发布。", year, revision));
    } else {
        store_set_error(error, why);
    }
    return -1;
}

#define PUBLICATION_SELECT_SQL                                                                               \
    "SELECT p.agency_id, a.name, p.year, p.revision, p.published_at, p.published_by FROM report_publications p " \
    "JOIN agencies a ON a.agency_id = p.agency_id "

static void read_publication(sq *q, store_publication *p)
{
    p->agency_id = sq_col_int(q, 0);
    p->agency_name = sq_col_dup(q, 1);
    p->year = (int)sq_col_int(q, 2);
    p->revision = (int)sq_col_int(q, 3);
    p->published_at = sq_col_dup(q, 4);
    p->published_by = sq_col_dup(q, 5);
}

int store_publication_latest(gk_store *s, int64_t agency, int year, store_publication *meta, char **report_json,
                             char **error)
{
    if (meta) memset(meta, 0, sizeof *meta);
    if (report_json) *report_json = NULL;
    sq q;
    if (sq_prepare(&q, s,
                   "SELECT p.agency_id, a.name, p.year, p.revision, p.published_at, p.published_by, p.report_json "
                   "FROM report_publications p JOIN agencies a ON a.agency_id = p.agency_id "
                   "WHERE p.agency_id = ? AND p.year = ? ORDER BY p.revision DESC LIMIT 1",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, year);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) {
        if (meta) read_publication(&q, meta);
        if (report_json) *report_json = sq_col_dup(&q, 6);
    }
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : rc == STORE_ROW;
}

static bool read_publication_row(sq *q, void *record)
{
    read_publication(q, record);
    return true;
}

static void free_publication_rows(void *rows, size_t count) { store_publication_list_free(rows, count); }

int store_publication_list(gk_store *s, int64_t agency, store_publication **out, size_t *count, char **error)
{
    *out = NULL;
    *count = 0;
    sq q;
    if (sq_prepare(&q, s,
                   PUBLICATION_SELECT_SQL
                   "WHERE (? = 0 OR p.agency_id = ?) AND p.revision = (SELECT MAX(l.revision) FROM report_publications l "
                   "WHERE l.agency_id = p.agency_id AND l.year = p.year) ORDER BY p.year DESC, a.name",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, agency);
    void *rows;
    int rc = sq_collect(&q, sizeof **out, read_publication_row, free_publication_rows, &rows, count, error);
    *out = rows;
    return rc;
}

/* ---- the agency's holidays ---- */

void store_holiday_list_free(store_holiday *list, size_t count)
{
    for (size_t i = 0; i < count; i++) free(list[i].name);
    free(list);
}

static bool read_holiday_row(sq *q, void *record)
{
    store_holiday *h = record;
    h->day = sq_col_date(q, 0);
    h->name = sq_col_dup(q, 1);
    return true;
}

static void free_holiday_rows(void *rows, size_t count) { store_holiday_list_free(rows, count); }

int store_agency_holiday_list(gk_store *s, int64_t agency, store_holiday **out, size_t *count, char **error)
{
    *out = NULL;
    *count = 0;
    sq q;
    if (sq_prepare(&q, s, "SELECT day, name FROM agency_holidays WHERE agency_id = ? ORDER BY day", error) != 0) return -1;
    sq_int(&q, agency);
    void *rows;
    int rc = sq_collect(&q, sizeof **out, read_holiday_row, free_holiday_rows, &rows, count, error);
    *out = rows;
    return rc;
}

/* ---- the audit log by date ---- */

int store_audit_list_range(gk_store *s, int64_t agency, gk_date from, gk_date to, size_t limit,
                           store_audit_entry **out, size_t *count, char **error)
{
    *out = NULL;
    *count = 0;
    /* `at` is "YYYY-MM-DD HH:MM:SS": a day's entries are those from "YYYY-MM-DD" up to the next day. */
    char from_text[11] = "0000-00-00", to_text[11] = "9999-99-99";
    if (gk_date_valid(from)) gk_date_format(from, from_text);
    if (gk_date_valid(to)) gk_date_format(gk_date_add_days(to, 1), to_text);
    sq q;
    if (sq_prepare(&q, s,
                   "SELECT id, at, actor, action, record_table, record_id, detail FROM audit_log "
                   "WHERE agency_id = ? AND at >= ? AND at < ? ORDER BY id LIMIT ?",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_text(&q, from_text);
    sq_text(&q, to_text);
    sq_int(&q, limit ? (int64_t)limit : (int64_t)1 << 40);
    void *rows;
    int rc = sq_collect(&q, sizeof **out, sq_read_audit_row, sq_free_audit_rows, &rows, count, error);
    *out = rows;
    return rc;
}

/* ---- calendar fingerprint ---- */

int store_calendar_fingerprint(gk_store *s, int64_t agency, char **out, char **error)
{
    *out = NULL;
    sq q;
    if (sq_prepare(&q, s,
                   "SELECT (SELECT COUNT(*) FROM calendar_notices), (SELECT MAX(loaded_at) FROM calendar_notices), "
                   "(SELECT COALESCE(SUM(year), 0) FROM calendar_notices), "
                   "(SELECT COUNT(*) FROM agency_holidays WHERE agency_id = ?), "
                   "(SELECT MIN(day) FROM agency_holidays WHERE agency_id = ?), "
                   "(SELECT MAX(day) FROM agency_holidays WHERE agency_id = ?), "
                   "(SELECT COALESCE(SUM(LENGTH(COALESCE(name, ''))), 0) FROM agency_holidays WHERE agency_id = ?)",
                   error) != 0)
        return -1;
    for (int i = 0; i < 4; i++) sq_int(&q, agency);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) {
        const char *loaded = sq_col_text(&q, 1), *first = sq_col_text(&q, 4), *last = sq_col_text(&q, 5);
        *out = store_message("%lld|%s|%lld|%lld|%s|%s|%lld", (long long)sq_col_int(&q, 0), loaded ? loaded : "",
                             (long long)sq_col_int(&q, 2), (long long)sq_col_int(&q, 3), first ? first : "",
                             last ? last : "", (long long)sq_col_int(&q, 6));
    }
    sq_finish(&q);
    return rc == STORE_ROW ? 0 : -1;
}

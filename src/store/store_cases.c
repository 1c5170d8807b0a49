/* store_cases: applications and their event logs in the store: registering, reading, listing, appending an event
 * after gk_case_event_prepare has accepted it, and the all-or-nothing CSV import of historical applications.
 * The received event is not stored: it is the application's received_on, handed out first by store_event_list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/csv_import.h"
#include "cases/outcome.h"
#include "store/store_internal.h"
#include "util/buf.h"

#define APPLICATION_COLUMNS_SQL                                                                                   \
    "id, agency_id, tracking_no, applicant_type, applicant_name, id_document, phone, address, channel, received_on, " \
    "request, form_wanted, outcome, decided_on, basis"

static void read_application(sq *q, gk_application *a, bool personal)
{
    gk_application_init(a);
    a->id = sq_col_int(q, 0);
    a->agency_id = sq_col_int(q, 1);
    a->tracking_no = sq_col_dup(q, 2);
    a->applicant_type = gk_applicant_type_from_key(sq_col_text(q, 3));
    if (personal) {
        a->applicant_name = sq_col_dup(q, 4);
        a->id_document = sq_col_dup(q, 5);
        a->phone = sq_col_dup(q, 6);
        a->address = sq_col_dup(q, 7);
    }
    a->channel = gk_channel_from_key(sq_col_text(q, 8));
    a->received_on = sq_col_date(q, 9);
    a->request = sq_col_dup(q, 10);
    a->form_wanted = sq_col_dup(q, 11);
    gk_outcome o;
    a->outcome_row = gk_outcome_by_key(sq_col_text(q, 12), &o) ? o.row : -1;
    a->decided_on = sq_col_date(q, 13);
    a->basis = sq_col_dup(q, 14);
}

static const char *outcome_key(int row)
{
    gk_outcome o;
    return row >= 0 && gk_outcome_by_row(row, &o) ? o.key : NULL;
}

/* ---- the per-year summary (application_year_counts), kept with every write to applications ---- */

/* Adds delta to the count of (year of receipt, year of outcome or 0, applicant type, outcome or ""). */
static int bump_year_count(gk_store *s, int64_t agency, int received_year, int decided_year, int type, int outcome_row,
                           int64_t delta, char **error)
{
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO application_year_counts (agency_id, received_year, decided_year, applicant_type, outcome, n) "
                   "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (agency_id, received_year, decided_year, applicant_type, outcome) "
                   "DO UPDATE SET n = application_year_counts.n + excluded.n",
                   error) != 0)
        return -1;
    const char *outcome = outcome_key(outcome_row);
    sq_int(&q, agency);
    sq_int(&q, received_year);
    sq_int(&q, decided_year);
    sq_text(&q, gk_applicant_type_key(type));
    sq_text(&q, outcome ? outcome : "");
    sq_int(&q, delta);
    int rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

static int count_application(gk_store *s, int64_t agency, const gk_application *a, int64_t delta, char **error)
{
    return bump_year_count(s, agency, a->received_on.year, a->outcome_row >= 0 ? a->decided_on.year : 0,
                           a->applicant_type, a->outcome_row, delta, error);
}

/* ---- applications ---- */

static int check_application(const gk_application *a, char **error)
{
    if (!gk_applicant_type_key(a->applicant_type)) {
        store_set_error(error, store_message("申请人类型无效。"));
        return -1;
    }
    if (!gk_channel_def_at(a->channel)) {
        store_set_error(error, store_message("收到申请的渠道无效。"));
        return -1;
    }
    if (!gk_date_valid(a->received_on)) {
        store_set_error(error, store_message("收到申请日期无效。"));
        return -1;
    }
    if (a->outcome_row >= 0) {
        store_set_error(error, store_message("新登记的申请不能带办理结果：请用 case event 登记“%s”。",
                                             gk_event_kind_label(GK_EV_DECIDED)));
        return -1;
    }
    return 0;
}

static int tracking_no_taken(gk_store *s, int64_t agency, const char *no, char **error)
{
    sq q;
    if (sq_prepare(&q, s, "SELECT 1 FROM applications WHERE agency_id = ? AND tracking_no = ?", error) != 0) return -1;
    sq_int(&q, agency);
    sq_text(&q, no);
    int rc = sq_step(&q, error);
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : rc == STORE_ROW;
}

/* "YYYY-NNNNN": the year of receipt and the next free serial of the agency in that year. */
static char *new_tracking_no(gk_store *s, int64_t agency, gk_date received, char **error)
{
    sq q;
    if (sq_prepare(&q, s, "SELECT COUNT(*) FROM applications WHERE agency_id = ? AND received_on >= ? AND received_on <= ?",
                   error) != 0)
        return NULL;
    sq_int(&q, agency);
    sq_date(&q, (gk_date){received.year, 1, 1});
    sq_date(&q, (gk_date){received.year, 12, 31});
    int rc = sq_step(&q, error);
    int64_t serial = rc == STORE_ROW ? sq_col_int(&q, 0) + 1 : 0;
    sq_finish(&q);
    if (rc != STORE_ROW) return NULL;
    for (;; serial++) {
        char *no = store_message("%04d-%05lld", received.year, (long long)serial);
        int taken = tracking_no_taken(s, agency, no, error);
        if (taken == 0) return no;
        free(no);
        if (taken < 0) return NULL;
    }
}

#define INSERT_APPLICATION_SQL_BODY                                                                               \
    "INSERT INTO applications (agency_id, tracking_no, applicant_type, applicant_name, id_document, phone, address, " \
    "channel, received_on, request, form_wanted, outcome, decided_on, basis, created_at) "                            \
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
static const char INSERT_APPLICATION_SQL[] = INSERT_APPLICATION_SQL_BODY " RETURNING id";
/* The import needs no ids back, and RETURNING costs SQLite a statement journal per row. */
static const char IMPORT_APPLICATION_SQL[] = INSERT_APPLICATION_SQL_BODY;

static void bind_application(sq *q, int64_t agency, const gk_application *a, const char *now)
{
    sq_int(q, agency);
    sq_text(q, a->tracking_no);
    sq_text(q, gk_applicant_type_key(a->applicant_type));
    sq_text(q, a->applicant_name);
    sq_text(q, a->id_document);
    sq_text(q, a->phone);
    sq_text(q, a->address);
    sq_text(q, gk_channel_def_at(a->channel)->key);
    sq_date(q, a->received_on);
    sq_text(q, a->request);
    sq_text(q, a->form_wanted);
    sq_text(q, outcome_key(a->outcome_row));
    sq_date(q, a->decided_on);
    sq_text(q, a->basis);
    sq_text(q, now);
}

int store_application_add(gk_store *s, int64_t agency, gk_application *a, char **error)
{
    if (check_application(a, error) != 0) return -1;
    if (store_begin(s, error) != 0) return -1;
    if (store_agency_exists(s, agency, error) != 1) goto failed;
    if (a->tracking_no && *a->tracking_no) {
        int taken = tracking_no_taken(s, agency, a->tracking_no, error);
        if (taken < 0) goto failed;
        if (taken) {
            store_set_error(error, store_message("申请编号“%s”已被使用。", a->tracking_no));
            goto failed;
        }
    } else {
        free(a->tracking_no);
        a->tracking_no = new_tracking_no(s, agency, a->received_on, error);
        if (!a->tracking_no) goto failed;
    }
    sq q;
    if (sq_prepare(&q, s, INSERT_APPLICATION_SQL, error) != 0) goto failed;
    char now[20];
    store_now(now);
    bind_application(&q, agency, a, now);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) a->id = sq_col_int(&q, 0);
    sq_finish(&q);
    if (rc != STORE_ROW || count_application(s, agency, a, 1, error) != 0) goto failed;
    a->agency_id = agency;
    return store_commit(s, error);
failed:
    store_rollback(s);
    return -1;
}

int store_application_get(gk_store *s, int64_t agency, int64_t id, gk_application *out, char **error)
{
    gk_application_init(out);
    sq q;
    if (sq_prepare(&q, s, "SELECT " APPLICATION_COLUMNS_SQL " FROM applications WHERE agency_id = ? AND id = ?",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, id);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) read_application(&q, out, true);
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : rc == STORE_ROW;
}

int store_application_find(gk_store *s, int64_t agency, const char *tracking_no, int64_t *id, char **error)
{
    sq q;
    if (sq_prepare(&q, s, "SELECT id FROM applications WHERE agency_id = ? AND tracking_no = ?", error) != 0) return -1;
    sq_int(&q, agency);
    sq_text(&q, tracking_no);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) *id = sq_col_int(&q, 0);
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : rc == STORE_ROW;
}

static bool read_application_row(sq *q, void *record)
{
    read_application(q, record, false);
    return true;
}

static void free_application_rows(void *rows, size_t count) { store_application_list_free(rows, count); }

int store_application_list(gk_store *s, int64_t agency, const store_application_filter *filter, gk_application **out,
                           size_t *count, char **error)
{
    *out = NULL;
    *count = 0;
    store_application_filter none = {0};
    if (!filter) filter = &none;
    sq q;
    const char *sql = "SELECT " APPLICATION_COLUMNS_SQL " FROM applications WHERE agency_id = ? "
                      "AND (? = 0 OR outcome IS NULL) AND received_on >= ? AND received_on <= ? "
                      "ORDER BY received_on, id";
    if (sq_prepare(&q, s, sql, error) != 0) return -1;
    sq_int(&q, agency);
    sq_int(&q, filter->open_only ? 1 : 0);
    sq_date(&q, (gk_date){filter->year ? filter->year : 1, 1, 1});
    sq_date(&q, (gk_date){filter->year ? filter->year : 9999, 12, 31});
    void *rows;
    int rc = sq_collect(&q, sizeof **out, read_application_row, free_application_rows, &rows, count, error);
    *out = rows;
    return rc;
}

void store_application_list_free(gk_application *list, size_t count)
{
    for (size_t i = 0; i < count; i++) gk_application_clear(&list[i]);
    free(list);
}

static gk_date month_end(int year, int month)
{
    gk_date next = month == 12 ? (gk_date){year + 1, 1, 1} : (gk_date){year, month + 1, 1};
    return gk_date_add_days(next, -1);
}

int store_applicant_month_rank(gk_store *s, int64_t agency, int64_t id, int *rank, char **error)
{
    gk_application a;
    int found = store_application_get(s, agency, id, &a, error);
    if (found != 1) {
        if (found == 0) store_set_error(error, store_message("申请 %lld 不存在。", (long long)id));
        return -1;
    }
    sq q;
    int rc = -1;
    if (sq_prepare(&q, s,
                   "SELECT COUNT(*) FROM applications WHERE agency_id = ? AND COALESCE(applicant_name, '') = ? "
                   "AND COALESCE(id_document, '') = ? AND received_on >= ? AND received_on <= ? "
                   "AND (received_on < ? OR (received_on = ? AND id <= ?))",
                   error) == 0) {
        sq_int(&q, agency);
        sq_text(&q, a.applicant_name ? a.applicant_name : "");
        sq_text(&q, a.id_document ? a.id_document : "");
        sq_date(&q, (gk_date){a.received_on.year, a.received_on.month, 1});
        sq_date(&q, month_end(a.received_on.year, a.received_on.month));
        sq_date(&q, a.received_on);
        sq_date(&q, a.received_on);
        sq_int(&q, a.id);
        if (sq_step(&q, error) == STORE_ROW) {
            *rank = (int)sq_col_int(&q, 0);
            rc = 0;
        }
        sq_finish(&q);
    }
    gk_application_clear(&a);
    return rc;
}

int store_applicant_month_count(gk_store *s, int64_t agency, const char *name, const char *id_document, int year,
                                int month, int *count, char **error)
{
    sq q;
    if (sq_prepare(&q, s,
                   "SELECT COUNT(*) FROM applications WHERE agency_id = ? AND applicant_name = ? "
                   "AND (CAST(? AS TEXT) IS NULL OR id_document = ?) AND received_on >= ? AND received_on <= ?",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_text(&q, name);
    sq_text(&q, id_document);
    sq_text(&q, id_document);
    sq_date(&q, (gk_date){year, month, 1});
    sq_date(&q, month_end(year, month));
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) *count = (int)sq_col_int(&q, 0);
    sq_finish(&q);
    return rc == STORE_ROW ? 0 : -1;
}

/* ---- events ---- */

void store_event_list_free(gk_case_event *list, size_t count)
{
    for (size_t i = 0; i < count; i++) gk_case_event_clear(&list[i]);
    free(list);
}

/* An application imported with its outcome has no stored closing event: its decision is the application row's
 * outcome and decided_on, handed out as the last event (like the received event, from the row). */
static int append_imported_outcome(gk_store *s, int64_t agency, int64_t application, gk_case_event **out,
                                   size_t *count, char **error)
{
    for (size_t i = 0; i < *count; i++)
        if ((*out)[i].outcome_row >= 0) return 0;
    sq q;
    if (sq_prepare(&q, s, "SELECT outcome, decided_on, basis FROM applications WHERE agency_id = ? AND id = ? "
                          "AND outcome IS NOT NULL", error) != 0) {
        store_event_list_free(*out, *count);
        *out = NULL;
        *count = 0;
        return -1;
    }
    sq_int(&q, agency);
    sq_int(&q, application);
    int rc = sq_step(&q, error);
    gk_outcome o;
    if (rc == STORE_ROW && gk_outcome_by_key(sq_col_text(&q, 0), &o)) {
        *out = xrealloc(*out, (*count + 1) * sizeof **out);
        gk_case_event *e = &(*out)[(*count)++];
        gk_case_event_init(e);
        e->application_id = application;
        e->ev = (gk_event){GK_EV_DECIDED, sq_col_date(&q, 1), 0};
        e->outcome_row = o.row;
        e->basis = sq_col_dup(&q, 2);
        e->reason = xstrdup("历史数据导入");
    }
    sq_finish(&q);
    if (rc != STORE_FAILED) return 0;
    store_event_list_free(*out, *count);
    *out = NULL;
    *count = 0;
    return -1;
}

/* A stored event; its application_id is the caller's to set. */
static bool read_event_row(sq *q, void *record)
{
    gk_case_event *e = record;
    gk_case_event_init(e);
    e->id = sq_col_int(q, 0);
    e->ev.kind = (enum gk_event_kind)gk_event_kind_from_key(sq_col_text(q, 1));
    e->ev.date = sq_col_date(q, 2);
    e->ev.extension_days = (int)sq_col_int(q, 3);
    e->approver = sq_col_dup(q, 4);
    e->reason = sq_col_dup(q, 5);
    gk_outcome o;
    e->outcome_row = gk_outcome_by_key(sq_col_text(q, 6), &o) ? o.row : -1;
    e->basis = sq_col_dup(q, 7);
    e->fee_pages = (int)sq_col_int(q, 8);
    e->fee_amount = (long)sq_col_int(q, 9);
    return true;
}

static void free_event_rows(void *rows, size_t count) { store_event_list_free(rows, count); }

int store_event_list(gk_store *s, int64_t agency, int64_t application, gk_case_event **out, size_t *count,
                     char **error)
{
    *out = NULL;
    *count = 0;
    sq q;
    if (sq_prepare(&q, s, "SELECT received_on FROM applications WHERE agency_id = ? AND id = ?", error) != 0) return -1;
    sq_int(&q, agency);
    sq_int(&q, application);
    int rc = sq_step(&q, error);
    gk_date received = rc == STORE_ROW ? sq_col_date(&q, 0) : (gk_date){0, 0, 0};
    sq_finish(&q);
    if (rc != STORE_ROW) {
        if (rc == STORE_DONE) store_set_error(error, store_message("本机构没有编号为 %lld 的申请。", (long long)application));
        return -1;
    }
    if (sq_prepare(&q, s,
                   "SELECT id, kind, day, extension_days, approver, reason, outcome, basis, fee_pages, fee_amount "
                   "FROM case_events WHERE agency_id = ? AND application_id = ? ORDER BY id",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, application);
    void *rows;
    size_t stored;
    if (sq_collect(&q, sizeof **out, read_event_row, free_event_rows, &rows, &stored, error) != 0) return -1;
    /* The received event, from the application row, comes first. */
    *out = xrealloc(rows, (stored + 1) * sizeof **out);
    memmove(&(*out)[1], &(*out)[0], stored * sizeof **out);
    gk_case_event_init(&(*out)[0]);
    (*out)[0].ev = (gk_event){GK_EV_RECEIVED, received, 0};
    *count = stored + 1;
    for (size_t i = 0; i < *count; i++) (*out)[i].application_id = application;
    return append_imported_outcome(s, agency, application, out, count, error);
}

static const char INSERT_EVENT_SQL[] =
    "INSERT INTO case_events (agency_id, application_id, kind, day, extension_days, approver, reason, outcome, basis, "
    "fee_pages, fee_amount, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

static void bind_event(sq *q, int64_t agency, int64_t application, const gk_case_event *ev, const char *now)
{
    sq_int(q, agency);
    sq_int(q, application);
    sq_text(q, gk_event_kind_key(ev->ev.kind));
    sq_date(q, ev->ev.date);
    sq_int(q, ev->ev.extension_days);
    sq_text(q, ev->approver);
    sq_text(q, ev->reason);
    sq_text(q, outcome_key(ev->outcome_row));
    sq_text(q, ev->basis);
    sq_int(q, ev->fee_pages);
    sq_int(q, ev->fee_amount);
    sq_text(q, now);
}

/* A fee payment carries the amount of the notice it pays. */
static void copy_fee_from_notice(gk_case_event *ev, const gk_case_event *history, size_t n)
{
    if (ev->ev.kind != GK_EV_FEE_PAID) return;
    for (size_t i = n; i-- > 0;)
        if (history[i].ev.kind == GK_EV_FEE_NOTICE) {
            ev->fee_amount = history[i].fee_amount;
            ev->fee_pages = history[i].fee_pages;
            return;
        }
}

static int record_outcome(gk_store *s, int64_t agency, const gk_application *app, const gk_case_event *ev,
                          char **error)
{
    int64_t application = app->id;
    if (bump_year_count(s, agency, app->received_on.year, 0, app->applicant_type, -1, -1, error) != 0 ||
        bump_year_count(s, agency, app->received_on.year, ev->ev.date.year, app->applicant_type, ev->outcome_row, 1,
                        error) != 0)
        return -1;
    sq q;
    if (sq_prepare(&q, s, "UPDATE applications SET outcome = ?, decided_on = ?, basis = ? WHERE agency_id = ? AND id = ?",
                   error) != 0)
        return -1;
    sq_text(&q, outcome_key(ev->outcome_row));
    sq_date(&q, ev->ev.date);
    sq_text(&q, ev->basis);
    sq_int(&q, agency);
    sq_int(&q, application);
    int rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

int store_event_add(gk_store *s, int64_t agency, int64_t application, gk_case_event *ev, const gk_calendar *cal,
                    gk_deadline *after, char **error)
{
    gk_application app;
    gk_application_init(&app);
    gk_case_event *history = NULL;
    size_t n = 0;
    gk_deadline dl;
    bool have_deadline = false;
    if (store_begin(s, error) != 0) return -1;
    int found = store_application_get(s, agency, application, &app, error);
    if (found != 1) {
        if (found == 0) store_set_error(error, store_message("本机构没有编号为 %lld 的申请。", (long long)application));
        goto failed;
    }
    if (store_event_list(s, agency, application, &history, &n, error) != 0) goto failed;
    int rank = 0;
    if (ev->ev.kind == GK_EV_FEE_NOTICE && ev->fee_pages == 0 &&
        store_applicant_month_rank(s, agency, application, &rank, error) != 0)
        goto failed;
    copy_fee_from_notice(ev, history, n);
    if (gk_case_event_prepare(cal, &app, history, n, ev, rank, &dl, error) != 0) goto failed;
    have_deadline = true;
    sq q;
    if (sq_prepare(&q, s, INSERT_EVENT_SQL, error) != 0) goto failed;
    char now[20];
    store_now(now);
    bind_event(&q, agency, application, ev, now);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) ev->id = sq_col_int(&q, 0);
    sq_finish(&q);
    if (rc != STORE_ROW) goto failed;
    ev->application_id = application;
    if (ev->outcome_row >= 0 && record_outcome(s, agency, &app, ev, error) != 0) goto failed;
    if (store_commit(s, error) != 0) goto failed_after_rollback;
    gk_application_clear(&app);
    store_event_list_free(history, n);
    if (after) *after = dl;
    else gk_deadline_free(&dl);
    return 0;
failed:
    store_rollback(s);
failed_after_rollback:
    if (have_deadline) gk_deadline_free(&dl);
    gk_application_clear(&app);
    store_event_list_free(history, n);
    return -1;
}

/* ---- CSV import ---- */

/* An imported application is one row: its receipt and its decision are the row's received_on and outcome
 * (store_event_list hands them out as events), so a million rows import fast. */
static int insert_imported(sq *app_q, int64_t agency, gk_application *a, const char *now, bool *duplicate, char **error)
{
    *duplicate = false;
    sq_reset(app_q);
    bind_application(app_q, agency, a, now);
    int rc = sq_step(app_q, error);
    if (rc != STORE_DONE) {
        *duplicate = app_q->constraint;
        return -1;
    }
    return 0;
}

/* Rows are written in order of receipt: the indexes on the dates then grow at their end instead of taking
 * random inserts, and the ids follow the chronology. */
static int compare_receipt(const void *a, const void *b, void *ctx)
{
    const gk_application_rows *rows = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = gk_date_cmp(rows->rows[i].received_on, rows->rows[j].received_on);
    if (c == 0) c = gk_date_cmp(rows->rows[i].decided_on, rows->rows[j].decided_on);
    return c ? c : (i < j ? -1 : i > j);
}

static size_t *receipt_order(const gk_application_rows *rows)
{
    size_t *order = xmalloc((rows->count ? rows->count : 1) * sizeof *order);
    for (size_t i = 0; i < rows->count; i++) order[i] = i;
    qsort_r(order, rows->count, sizeof *order, compare_receipt, (void *)rows);
    return order;
}

/* A row the database refused: its index and why (NULL: its tracking number exists already). */
typedef struct refused_row {
    size_t index;
    char *why; /* owned */
} refused_row;

static int compare_refused(const void *a, const void *b)
{
    size_t i = ((const refused_row *)a)->index, j = ((const refused_row *)b)->index;
    return i < j ? -1 : i > j;
}

/* Reports the refused rows in line order (they were written in order of receipt) and frees their messages. */
static void report_refused_rows(const gk_application_rows *rows, refused_row *refused, size_t n, gk_import_errors *errors)
{
    if (n > 1) qsort(refused, n, sizeof *refused, compare_refused);
    for (size_t k = 0; k < n; k++) {
        int line = rows->lines[refused[k].index];
        if (refused[k].why) gk_import_error(errors, line, NULL, "写入失败：%s", refused[k].why);
        else gk_import_error(errors, line, "tracking_no", "申请编号“%s”在数据库中已存在。", rows->rows[refused[k].index].tracking_no);
        free(refused[k].why);
    }
}

/* The summary key of an imported row packed into one integer: years 0..9999, type 0..5, outcome row -1..62. */
static uint64_t summary_key(const gk_application *a)
{
    uint64_t decided = a->outcome_row >= 0 ? (uint64_t)a->decided_on.year : 0;
    return ((uint64_t)a->received_on.year << 32) | (decided << 16) | ((uint64_t)a->applicant_type << 8) |
           (uint64_t)(a->outcome_row + 1);
}

static int compare_keys(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Adds the imported rows to the per-year summary: one write per distinct key, not per row. */
static int count_imported(gk_store *s, int64_t agency, const gk_application_rows *rows, char **error)
{
    if (rows->count == 0) return 0;
    uint64_t *keys = xmalloc(rows->count * sizeof *keys);
    for (size_t i = 0; i < rows->count; i++) keys[i] = summary_key(&rows->rows[i]);
    qsort(keys, rows->count, sizeof *keys, compare_keys);
    int rc = 0;
    for (size_t i = 0, j; i < rows->count && rc == 0; i = j) {
        for (j = i + 1; j < rows->count && keys[j] == keys[i]; j++) {
        }
        uint64_t k = keys[i];
        rc = bump_year_count(s, agency, (int)(k >> 32), (int)((k >> 16) & 0xffff), (int)((k >> 8) & 0xff),
                             (int)(k & 0xff) - 1, (int64_t)(j - i), error);
    }
    free(keys);
    return rc;
}

int store_import_applications_csv(gk_store *s, int64_t agency, const char *data, size_t len, const char *source_name,
                                  size_t *count, char **error)
{
    *count = 0;
    gk_import_errors errors;
    gk_import_errors_init(&errors, 50);
    gk_application_rows rows;
    gk_parse_application_csv(data, len, &rows, &errors);
    sq app_q = {0};
    bool began = false;
    if (errors.count) goto report;
    if (store_begin(s, error) != 0) goto failed;
    began = true;
    if (store_agency_exists(s, agency, error) != 1) goto failed;
    if (sq_prepare(&app_q, s, IMPORT_APPLICATION_SQL, error) != 0) goto failed;
    char now[20];
    store_now(now);
    size_t *order = receipt_order(&rows), n_refused = 0, cap_refused = 0;
    refused_row *refused = NULL;
    for (size_t k = 0; k < rows.count; k++) {
        bool duplicate = false;
        char *why = NULL;
        if (insert_imported(&app_q, agency, &rows.rows[order[k]], now, &duplicate, &why) == 0) continue;
        if (n_refused == cap_refused) {
            cap_refused = cap_refused ? cap_refused * 2 : 16;
            refused = xrealloc(refused, cap_refused * sizeof *refused);
        }
        refused[n_refused++] = (refused_row){order[k], duplicate ? NULL : (why ? why : xstrdup("?"))};
        if (duplicate) free(why);
    }
    report_refused_rows(&rows, refused, n_refused, &errors);
    free(refused);
    if (errors.count == 0 && count_imported(s, agency, &rows, error) != 0) {
        free(order);
        goto failed;
    }
    free(order);
    sq_finish(&app_q);
    if (errors.count) goto report;
    if (store_commit(s, error) != 0) {
        began = false;
        goto failed;
    }
    *count = rows.count;
    gk_application_rows_free(&rows);
    gk_import_errors_free(&errors);
    return 0;
report:
    store_set_error(error, gk_import_errors_message(&errors, source_name));
failed:
    sq_finish(&app_q);
    if (began) store_rollback(s);
    gk_application_rows_free(&rows);
    gk_import_errors_free(&errors);
    return -1;
}

/* store: the backend-neutral front of the store: opening a location with the right backend, migrations,
 * transactions, the query helper, agencies, calendars and the audit log. Portable SQL only; anything
 * dialect-specific belongs to a backend (backend.h). */
#include "store/store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"

/* ---- messages ---- */

void store_set_error(char **error, char *message)
{
    if (error) *error = message;
    else free(message);
}

void store_now(char out[20])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

/* ---- query helper ---- */

int sq_prepare(sq *q, gk_store *s, const char *sql, char **error)
{
    q->s = s;
    q->next = 1;
    q->constraint = false;
    q->st = s->be->prepare(s->conn, sql, error);
    return q->st ? 0 : -1;
}

void sq_int(sq *q, int64_t v) { q->s->be->bind_int64(q->st, q->next++, v); }
void sq_text(sq *q, const char *v) { q->s->be->bind_text(q->st, q->next++, v); }

void sq_date(sq *q, gk_date d)
{
    if (!gk_date_valid(d)) {
        q->s->be->bind_null(q->st, q->next++);
        return;
    }
    char text[11];
    gk_date_format(d, text);
    q->s->be->bind_text(q->st, q->next++, text);
}

int sq_step(sq *q, char **error)
{
    q->constraint = false;
    return q->s->be->step(q->st, &q->constraint, error);
}

int sq_exec(sq *q, char **error)
{
    int rc = sq_step(q, error);
    if (rc == STORE_FAILED) return -1;
    return 0;
}

void sq_reset(sq *q)
{
    q->s->be->reset(q->st);
    q->next = 1;
}

void sq_finish(sq *q)
{
    if (q->st) q->s->be->finalize(q->st);
    q->st = NULL;
}

int64_t sq_col_int(sq *q, int col) { return q->s->be->column_int64(q->st, col); }
bool sq_col_null(sq *q, int col) { return q->s->be->column_is_null(q->st, col); }
const char *sq_col_text(sq *q, int col) { return q->s->be->column_text(q->st, col); }

char *sq_col_dup(sq *q, int col)
{
    const char *t = sq_col_text(q, col);
    return t ? xstrdup(t) : NULL;
}

gk_date sq_col_date(sq *q, int col)
{
    gk_date d = {0, 0, 0};
    const char *t = sq_col_text(q, col);
    if (t) gk_date_parse(t, &d);
    return d;
}

int sq_collect(sq *q, size_t record_size, sq_row_reader read, sq_rows_free free_rows, void **rows, size_t *count,
               char **error)
{
    char *list = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sq_step(q, error)) == STORE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            list = xrealloc(list, cap * record_size);
        }
        void *record = list + n * record_size;
        memset(record, 0, record_size);
        if (read(q, record)) n++;
    }
    sq_finish(q);
    if (rc == STORE_FAILED) {
        if (free_rows) free_rows(list, n);
        else free(list);
        list = NULL;
        n = 0;
    }
    *rows = list;
    *count = n;
    return rc == STORE_FAILED ? -1 : 0;
}

int sq_collect_for_agency(gk_store *s, const char *sql, int64_t agency, size_t record_size, sq_row_reader read,
                          sq_rows_free free_rows, void **rows, size_t *count, char **error)
{
    *rows = NULL;
    *count = 0;
    sq q;
    if (sq_prepare(&q, s, sql, error) != 0) return -1;
    sq_int(&q, agency);
    return sq_collect(&q, record_size, read, free_rows, rows, count, error);
}

/* ---- lifecycle ---- */

int store_open(const char *location, bool create, gk_store **out, char **error)
{
    *out = NULL;
    if (!location || !*location) {
        store_set_error(error, store_message("没有给出数据库位置。"));
        return -1;
    }
    if (strncmp(location, "postgresql:", 11) == 0 || strncmp(location, "postgres:", 9) == 0) {
        store_set_error(error, store_message("PostgreSQL 数据库（%s）尚不支持：请使用 SQLite 数据库文件。", location));
        return -1;
    }
    const store_backend *be = &STORE_BACKEND_SQLITE;
    void *conn = NULL;
    if (be->open(location, create, &conn, error) != 0) return -1;
    gk_store *s = xcalloc(1, sizeof *s);
    s->be = be;
    s->conn = conn;
    *out = s;
    return 0;
}

void store_close(gk_store *s)
{
    if (!s) return;
    s->be->close(s->conn);
    free(s);
}

int store_migrate(gk_store *s, int *version, char **error) { return s->be->migrate(s->conn, version, error); }
int store_schema_version(gk_store *s) { return s->be->schema_version(s->conn); }
int store_current_schema_version(void) { return STORE_BACKEND_SQLITE.current_schema_version(); }

int store_open_existing(const char *location, gk_store **out, char **error)
{
    if (store_open(location, false, out, error) != 0) return -1;
    int version = store_schema_version(*out);
    if (version == 0) {
        store_set_error(error, store_message("数据库“%s”尚未初始化：请先运行 gongkai db init --db %s。", location,
                                             location));
    } else if (version > 0 && store_migrate(*out, NULL, error) == 0) {
        return 0;
    } else if (version < 0) {
        store_set_error(error, store_message("无法读取数据库“%s”的结构版本（文件已损坏或不是 gongkai 数据库？）。",
                                             location));
    }
    store_close(*out);
    *out = NULL;
    return -1;
}

int store_begin(gk_store *s, char **error) { return s->be->begin(s->conn, error); }
int store_commit(gk_store *s, char **error) { return s->be->commit(s->conn, error); }
void store_rollback(gk_store *s) { s->be->rollback(s->conn); }
int store_integrity_check(gk_store *s, char **error) { return s->be->integrity_check(s->conn, error); }

/* ---- agencies ---- */

void store_agency_clear(store_agency *a)
{
    free(a->name);
    memset(a, 0, sizeof *a);
}

void store_agency_list_free(store_agency *list, size_t count)
{
    for (size_t i = 0; i < count; i++) store_agency_clear(&list[i]);
    free(list);
}

int store_agency_exists(gk_store *s, int64_t agency, char **error)
{
    sq q;
    if (sq_prepare(&q, s, "SELECT 1 FROM agencies WHERE agency_id = ?", error) != 0) return -1;
    sq_int(&q, agency);
    int rc = sq_step(&q, error);
    sq_finish(&q);
    if (rc == STORE_FAILED) return -1;
    if (rc == STORE_DONE) store_set_error(error, store_message("机构编号 %lld 不存在（gongkai agency list 可查看全部机构）。",
                                                               (long long)agency));
    return rc == STORE_ROW;
}

int store_agency_add(gk_store *s, const char *name, int64_t parent_id, int64_t *id, char **error)
{
    if (!name || !*name) {
        store_set_error(error, store_message("机构名称不能为空。"));
        return -1;
    }
    if (parent_id && store_agency_exists(s, parent_id, error) != 1) return -1;
    sq q;
    if (sq_prepare(&q, s, "INSERT INTO agencies (name, parent_agency_id, created_at) VALUES (?, ?, ?) RETURNING agency_id",
                   error) != 0)
        return -1;
    char now[20];
    store_now(now);
    sq_text(&q, name);
    if (parent_id) sq_int(&q, parent_id);
    else sq_text(&q, NULL);
    sq_text(&q, now);
    char *why = NULL;
    int rc = sq_step(&q, &why);
    if (rc == STORE_ROW && id) *id = sq_col_int(&q, 0);
    bool constraint = q.constraint;
    sq_finish(&q);
    if (rc == STORE_ROW) return 0;
    if (constraint) {
        free(why);
        store_set_error(error, store_message("已有名为“%s”的机构。", name));
    } else {
        store_set_error(error, why);
    }
    return -1;
}

static void read_agency(sq *q, store_agency *a)
{
    a->id = sq_col_int(q, 0);
    a->parent_id = sq_col_null(q, 1) ? 0 : sq_col_int(q, 1);
    a->name = sq_col_dup(q, 2);
}

int store_agency_get(gk_store *s, int64_t id, store_agency *out, char **error)
{
    memset(out, 0, sizeof *out);
    sq q;
    if (sq_prepare(&q, s, "SELECT agency_id, parent_agency_id, name FROM agencies WHERE agency_id = ?", error) != 0)
        return -1;
    sq_int(&q, id);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) read_agency(&q, out);
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : rc == STORE_ROW;
}

static bool read_agency_row(sq *q, void *record)
{
    read_agency(q, record);
    return true;
}

static void free_agency_rows(void *rows, size_t count) { store_agency_list_free(rows, count); }

int store_agency_list(gk_store *s, store_agency **out, size_t *count, char **error)
{
    *out = NULL;
    *count = 0;
    sq q;
    if (sq_prepare(&q, s, "SELECT agency_id, parent_agency_id, name FROM agencies ORDER BY agency_id", error) != 0)
        return -1;
    void *rows;
    int rc = sq_collect(&q, sizeof **out, read_agency_row, free_agency_rows, &rows, count, error);
    *out = rows;
    return rc;
}

/* ---- calendars ---- */

static int json_year(const char *json_text, int *year, char **error)
{
    /* The calendar parser validates the file; a scratch calendar tells which year it holds. */
    gk_calendar *scratch = gk_calendar_new_empty();
    int rc = gk_calendar_load_json(scratch, json_text, error);
    if (rc == 0) {
        int years[4];
        size_t n = gk_calendar_years(scratch, years, 4);
        if (n == 1) *year = years[0];
        else {
            store_set_error(error, store_message("日历文件应只含一年的放假安排。"));
            rc = -1;
        }
    }
    gk_calendar_free(scratch);
    return rc;
}

int store_calendar_notice_put(gk_store *s, int64_t acting_agency, const char *json_text, int *year, char **error)
{
    int y = 0;
    if (json_year(json_text, &y, error) != 0) return -1;
    if (store_agency_exists(s, acting_agency, error) != 1) return -1;
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO calendar_notices (year, agency_id, json, loaded_at) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (year) DO UPDATE SET agency_id = excluded.agency_id, json = excluded.json, "
                   "loaded_at = excluded.loaded_at",
                   error) != 0)
        return -1;
    char now[20];
    store_now(now);
    sq_int(&q, y);
    sq_int(&q, acting_agency);
    sq_text(&q, json_text);
    sq_text(&q, now);
    int rc = sq_exec(&q, error);
    sq_finish(&q);
    if (rc == 0 && year) *year = y;
    return rc;
}

int store_agency_holiday_add(gk_store *s, int64_t agency, gk_date day, const char *name, char **error)
{
    if (store_agency_exists(s, agency, error) != 1) return -1;
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO agency_holidays (agency_id, day, name) VALUES (?, ?, ?) "
                   "ON CONFLICT (agency_id, day) DO UPDATE SET name = excluded.name",
                   error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_date(&q, day);
    sq_text(&q, name);
    int rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

int store_calendar_for_agency(gk_store *s, int64_t agency, gk_calendar **out, char **error)
{
    gk_calendar *cal = gk_calendar_new_official();
    sq q;
    if (sq_prepare(&q, s, "SELECT year, json FROM calendar_notices ORDER BY year", error) != 0) goto failed;
    int rc;
    while ((rc = sq_step(&q, error)) == STORE_ROW) {
        char *why = NULL;
        if (gk_calendar_load_json(cal, sq_col_text(&q, 1), &why) != 0) {
            store_set_error(error, store_message("数据库中 %lld 年的日历无法载入：%s", (long long)sq_col_int(&q, 0),
                                                 why ? why : ""));
            free(why);
            sq_finish(&q);
            goto failed;
        }
    }
    sq_finish(&q);
    if (rc == STORE_FAILED) goto failed;
    if (sq_prepare(&q, s, "SELECT day, name FROM agency_holidays WHERE agency_id = ? ORDER BY day", error) != 0)
        goto failed;
    sq_int(&q, agency);
    while ((rc = sq_step(&q, error)) == STORE_ROW) gk_calendar_add_holiday(cal, sq_col_date(&q, 0), sq_col_text(&q, 1));
    sq_finish(&q);
    if (rc == STORE_FAILED) goto failed;
    *out = cal;
    return 0;
failed:
    gk_calendar_free(cal);
    *out = NULL;
    return -1;
}

/* ---- audit log ---- */

int store_audit(gk_store *s, int64_t agency, const char *actor, const char *action, const char *record_table,
                int64_t record_id, const char *detail, char **error)
{
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO audit_log (agency_id, at, actor, action, record_table, record_id, detail) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   error) != 0)
        return -1;
    char now[20];
    store_now(now);
    sq_int(&q, agency);
    sq_text(&q, now);
    sq_text(&q, actor && *actor ? actor : "unknown");
    sq_text(&q, action);
    sq_text(&q, record_table);
    sq_int(&q, record_id);
    sq_text(&q, detail);
    int rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

bool sq_read_audit_row(sq *q, void *record)
{
    store_audit_entry *e = record;
    e->id = sq_col_int(q, 0);
    e->at = sq_col_dup(q, 1);
    e->actor = sq_col_dup(q, 2);
    e->action = sq_col_dup(q, 3);
    e->record_table = sq_col_dup(q, 4);
    e->record_id = sq_col_int(q, 5);
    e->detail = sq_col_dup(q, 6);
    return true;
}

void sq_free_audit_rows(void *rows, size_t count) { store_audit_list_free(rows, count); }

int store_audit_list(gk_store *s, int64_t agency, store_audit_entry **out, size_t *count, char **error)
{
    const char *sql = "SELECT id, at, actor, action, record_table, record_id, detail FROM audit_log WHERE agency_id = ? "
                      "ORDER BY id";
    void *rows;
    int rc = sq_collect_for_agency(s, sql, agency, sizeof **out, sq_read_audit_row, sq_free_audit_rows, &rows, count,
                                   error);
    *out = rows;
    return rc;
}

void store_audit_list_free(store_audit_entry *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(list[i].at);
        free(list[i].actor);
        free(list[i].action);
        free(list[i].record_table);
        free(list[i].detail);
    }
    free(list);
}

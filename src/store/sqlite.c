/* sqlite: the SQLite backend of the store (the embedded default). WAL journal, foreign keys on, a busy timeout,
 * the schema as versioned migrations kept here with a schema_version table, and prepared statements with bound
 * parameters only. All SQLite-specific SQL of gongkai lives in this file. */
#include "store/backend.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "util/buf.h"

#define BUSY_TIMEOUT_MS 10000

struct store_stmt {
    sqlite3_stmt *st;
    sqlite3 *db;
};

static void set_error(char **error, char *text)
{
    if (error) *error = text;
    else free(text);
}

/* ---- schema: one entry per version; never edit a released entry, add the next one ---- */

typedef struct migration {
    int version;
    const char *what;
    const char *sql;
} migration;

static const migration MIGRATIONS[] = {
    {1, "机构、申请与事件、登记簿、日历、报告版本、审计日志",
     "CREATE TABLE agencies ("
     "  agency_id INTEGER PRIMARY KEY,"
     "  parent_agency_id INTEGER REFERENCES agencies(agency_id),"
     "  name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),"
     "  created_at TEXT NOT NULL);"
     "CREATE TABLE calendar_notices ("
     "  year INTEGER PRIMARY KEY,"
     "  agency_id INTEGER NOT NULL REFERENCES agencies(agency_id),"
     "  json TEXT NOT NULL,"
     "  loaded_at TEXT NOT NULL);"
     "CREATE TABLE agency_holidays ("
     "  agency_id INTEGER NOT NULL REFERENCES agencies(agency_id),"
     "  day TEXT NOT NULL,"
     "  name TEXT,"
     "  PRIMARY KEY (agency_id, day));"
     "CREATE TABLE applications ("
     "  id INTEGER PRIMARY KEY,"
     "  agency_id INTEGER NOT NULL REFERENCES agencies(agency_id),"
     "  tracking_no TEXT NOT NULL,"
     "  applicant_type TEXT NOT NULL,"
     "  applicant_name TEXT, id_document TEXT, phone TEXT, address TEXT,"
     "  channel TEXT NOT NULL,"
     "  received_on TEXT NOT NULL,"
     "  request TEXT, form_wanted TEXT,"
     "  outcome TEXT, decided_on TEXT, basis TEXT,"
     "  created_at TEXT NOT NULL,"
     "  UNIQUE (agency_id, tracking_no),"
     "  UNIQUE (agency_id, id),"
     "  CHECK ((outcome IS NULL) = (decided_on IS NULL)),"
     "  CHECK (decided_on IS NULL OR decided_on >= received_on));"
     "CREATE INDEX applications_by_received ON applications (agency_id, received_on, decided_on, applicant_type);"
     "CREATE INDEX applications_by_decided ON applications (agency_id, decided_on, outcome, applicant_type);"
     "CREATE TABLE case_events ("
     "  id INTEGER PRIMARY KEY,"
     "  agency_id INTEGER NOT NULL,"
     "  application_id INTEGER NOT NULL,"
     "  kind TEXT NOT NULL,"
     "  day TEXT NOT NULL,"
     "  extension_days INTEGER NOT NULL DEFAULT 0,"
     "  approver TEXT, reason TEXT, outcome TEXT, basis TEXT,"
     "  fee_pages INTEGER NOT NULL DEFAULT 0, fee_amount INTEGER NOT NULL DEFAULT 0,"
     "  recorded_at TEXT NOT NULL,"
     "  FOREIGN KEY (agency_id, application_id) REFERENCES applications (agency_id, id));"
     "CREATE INDEX case_events_by_application ON case_events (agency_id, application_id, id);"
     "CREATE TABLE documents ("
     "  id INTEGER PRIMARY KEY,"
     "  agency_id INTEGER NOT NULL REFERENCES agencies(agency_id),"
     "  item TEXT NOT NULL,"
     "  title TEXT NOT NULL, doc_no TEXT,"
     "  issued_on TEXT NOT NULL, repealed_on TEXT,"
     "  CHECK (repealed_on IS NULL OR repealed_on >= issued_on));"
     "CREATE INDEX documents_by_agency ON documents (agency_id, item, issued_on);"
     "CREATE TABLE yearly_counts ("
     "  agency_id INTEGER NOT NULL REFERENCES agencies(agency_id),"
     "  year INTEGER NOT NULL, item TEXT NOT NULL, field TEXT NOT NULL,"
     "  value INTEGER NOT NULL CHECK (value >= 0),"
     "  PRIMARY KEY (agency_id, year, item, field));"
     "CREATE TABLE channel_counts ("
     "  agency_id INTEGER NOT NULL REFERENCES agencies(agency_id),"
     "  year INTEGER NOT NULL, channel TEXT NOT NULL,"
     "  count INTEGER NOT NULL CHECK (count >= 0),"
     "  PRIMARY KEY (agency_id, year, channel));"
     "CREATE TABLE appeals ("
     "  id INTEGER PRIMARY KEY,"
     "  agency_id INTEGER NOT NULL REFERENCES agencies(agency_id),"
     "  block TEXT NOT NULL,"
     "  application_id INTEGER,"
     "  case_no TEXT,"
     "  filed_on TEXT NOT NULL,"
     "  result TEXT, concluded_on TEXT,"
     "  FOREIGN KEY (agency_id, application_id) REFERENCES applications (agency_id, id),"
     "  CHECK ((result IS NULL) = (concluded_on IS NULL)),"
     "  CHECK (concluded_on IS NULL OR concluded_on >= filed_on));"
     "CREATE INDEX appeals_by_agency ON appeals (agency_id, filed_on);"
     "CREATE TABLE report_revisions ("
     "  id INTEGER PRIMARY KEY,"
     "  agency_id INTEGER NOT NULL REFERENCES agencies(agency_id),"
     "  year INTEGER NOT NULL, revision INTEGER NOT NULL,"
     "  format TEXT NOT NULL, agency_name TEXT,"
     "  overview TEXT, problems TEXT, other TEXT,"
     "  reason TEXT, actor TEXT NOT NULL, created_at TEXT NOT NULL,"
     "  UNIQUE (agency_id, year, revision),"
     "  UNIQUE (agency_id, id));"
     "CREATE TABLE report_revision_cells ("
     "  agency_id INTEGER NOT NULL,"
     "  revision_id INTEGER NOT NULL,"
     "  cell INTEGER NOT NULL, state INTEGER NOT NULL, value INTEGER NOT NULL, text TEXT,"
     "  PRIMARY KEY (revision_id, cell),"
     "  FOREIGN KEY (agency_id, revision_id) REFERENCES report_revisions (agency_id, id));"
     "CREATE TABLE audit_log ("
     "  id INTEGER PRIMARY KEY,"
     "  agency_id INTEGER NOT NULL REFERENCES agencies(agency_id),"
     "  at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
     "  record_table TEXT NOT NULL, record_id INTEGER NOT NULL, detail TEXT);"
     "CREATE INDEX audit_log_by_agency ON audit_log (agency_id, id);"
     "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
     "  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
     "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
     "  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
     "CREATE TRIGGER report_revisions_frozen BEFORE UPDATE ON report_revisions"
     "  BEGIN SELECT RAISE(ABORT, 'report revisions are frozen'); END;"
     "CREATE TRIGGER report_revision_cells_frozen BEFORE UPDATE ON report_revision_cells"
     "  BEGIN SELECT RAISE(ABORT, 'report revisions are frozen'); END;"},
    {2, "网页应用：用户、会话、登录尝试、申请人补充信息、审批、公众查询码、报告发布",
     "CREATE TABLE users ("
     "  id INTEGER PRIMARY KEY,"
     "  agency_id INTEGER NOT NULL REFERENCES agencies(agency_id),"
     "  username TEXT NOT NULL UNIQUE CHECK (length(username) > 0),"
     "  display_name TEXT NOT NULL,"
     "  role TEXT NOT NULL CHECK (role IN ('clerk', 'head', 'admin', 'supervisor', 'auditor')),"
     "  password_hash TEXT NOT NULL,"
     "  disabled INTEGER NOT NULL DEFAULT 0,"
     "  created_at TEXT NOT NULL,"
     "  UNIQUE (agency_id, id));"
     "CREATE TABLE sessions ("
     "  token_hash TEXT PRIMARY KEY,"
     "  agency_id INTEGER NOT NULL,"
     "  user_id INTEGER NOT NULL,"
     "  csrf_token TEXT NOT NULL,"
     "  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
     "  revoked INTEGER NOT NULL DEFAULT 0,"
     "  FOREIGN KEY (agency_id, user_id) REFERENCES users (agency_id, id));"
     "CREATE INDEX sessions_by_user ON sessions (user_id);"
     "CREATE TABLE login_attempts ("
     "  id INTEGER PRIMARY KEY,"
     "  username TEXT NOT NULL, address TEXT NOT NULL,"
     "  at INTEGER NOT NULL, success INTEGER NOT NULL);"
     "CREATE INDEX login_attempts_by_username ON login_attempts (username, at);"
     "CREATE INDEX login_attempts_by_address ON login_attempts (address, at);"
     "CREATE TABLE application_details ("
     "  agency_id INTEGER NOT NULL, application_id INTEGER NOT NULL,"
     "  id_type TEXT, email TEXT, contact_name TEXT, legal_representative TEXT,"
     "  PRIMARY KEY (agency_id, application_id),"
     "  FOREIGN KEY (agency_id, application_id) REFERENCES applications (agency_id, id));"
     "CREATE TABLE approvals ("
     "  id INTEGER PRIMARY KEY,"
     "  agency_id INTEGER NOT NULL, application_id INTEGER NOT NULL,"
     "  kind TEXT NOT NULL, day TEXT NOT NULL, extension_days INTEGER NOT NULL DEFAULT 0,"
     "  reason TEXT, outcome TEXT, basis TEXT, fee_pages INTEGER NOT NULL DEFAULT 0,"
     "  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),"
     "  requested_by INTEGER NOT NULL REFERENCES users(id), requested_at TEXT NOT NULL,"
     "  decided_by INTEGER REFERENCES users(id), decided_at TEXT, note TEXT,"
     "  FOREIGN KEY (agency_id, application_id) REFERENCES applications (agency_id, id));"
     "CREATE INDEX approvals_by_agency ON approvals (agency_id, status, id);"
     "CREATE TABLE public_query_codes ("
     "  tracking_no TEXT PRIMARY KEY,"
     "  agency_id INTEGER NOT NULL, application_id INTEGER NOT NULL,"
     "  code_hash TEXT NOT NULL, created_at TEXT NOT NULL,"
     "  FOREIGN KEY (agency_id, application_id) REFERENCES applications (agency_id, id));"
     "CREATE TABLE report_publications ("
     "  agency_id INTEGER NOT NULL REFERENCES agencies(agency_id),"
     "  year INTEGER NOT NULL, revision INTEGER NOT NULL,"
     "  report_json TEXT NOT NULL,"
     "  published_at TEXT NOT NULL, published_by TEXT NOT NULL,"
     "  PRIMARY KEY (agency_id, year, revision));"
     "CREATE TRIGGER report_publications_frozen BEFORE UPDATE ON report_publications"
     "  BEGIN SELECT RAISE(ABORT, 'published reports are frozen'); END;"},
    /* Table 三 counts by year of receipt and year of outcome (0 while open), kept by the store on every write to
     * applications (store_cases.c), so a year's report reads a few hundred rows instead of scanning a million;
     * integrity_check compares it with the applications. */
    {3, "申请按收到年度、办结年度汇总（年度报告表三）",
     "CREATE TABLE application_year_counts ("
     "  agency_id INTEGER NOT NULL REFERENCES agencies(agency_id),"
     "  received_year INTEGER NOT NULL, decided_year INTEGER NOT NULL,"
     "  applicant_type TEXT NOT NULL, outcome TEXT NOT NULL,"
     "  n INTEGER NOT NULL,"
     "  PRIMARY KEY (agency_id, received_year, decided_year, applicant_type, outcome));"
     "INSERT INTO application_year_counts (agency_id, received_year, decided_year, applicant_type, outcome, n)"
     "  SELECT agency_id, CAST(substr(received_on, 1, 4) AS INTEGER),"
     "         COALESCE(CAST(substr(decided_on, 1, 4) AS INTEGER), 0), applicant_type, COALESCE(outcome, ''), COUNT(*)"
     "  FROM applications GROUP BY 1, 2, 3, 4, 5;"},
};

#define MIGRATION_COUNT (sizeof MIGRATIONS / sizeof MIGRATIONS[0])

static int current_schema_version(void) { return MIGRATIONS[MIGRATION_COUNT - 1].version; }

/* ---- connection ---- */

static const char *strip_scheme(const char *location)
{
    return strncmp(location, "sqlite:", 7) == 0 ? location + 7 : location;
}

/* Runs every statement of a constant script (schema and pragmas; no user data), each prepared in turn. */
static int run_script(sqlite3 *db, const char *sql, char **error)
{
    const char *tail = sql;
    while (tail && *tail) {
        sqlite3_stmt *st = NULL;
        const char *next = NULL;
        if (sqlite3_prepare_v2(db, tail, -1, &st, &next) != SQLITE_OK) {
            set_error(error, xasprintf("数据库语句准备失败：%s", sqlite3_errmsg(db)));
            return -1;
        }
        if (!st) break; /* only white space left */
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
            set_error(error, xasprintf("数据库操作失败：%s", sqlite3_errmsg(db)));
            return -1;
        }
        tail = next;
    }
    return 0;
}

static int sqlite_open(const char *location, bool create, void **conn, char **error)
{
    const char *path = strip_scheme(location);
    bool memory = strcmp(path, ":memory:") == 0;
    struct stat sb;
    if (!memory && !create && stat(path, &sb) != 0) {
        set_error(error, xasprintf("数据库文件“%s”不存在。请先运行 gongkai db init --db %s 建立数据库。", path, path));
        return -1;
    }
    sqlite3 *db = NULL;
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        set_error(error, xasprintf("无法打开数据库文件“%s”：%s", path, db ? sqlite3_errmsg(db) : "内存不足"));
        sqlite3_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(db, 1);
    const char *pragmas = memory ? "PRAGMA foreign_keys = ON; PRAGMA cache_size = -262144;"
                                 : "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
                                   " PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144;"
                                   " PRAGMA mmap_size = 268435456;"; /* readers share the file's pages after a write */
    char *why = NULL;
    if (run_script(db, pragmas, &why) != 0) {
        set_error(error, xasprintf("数据库文件“%s”无法使用（不是 SQLite 数据库或已损坏？）：%s", path, why));
        free(why);
        sqlite3_close(db);
        return -1;
    }
    *conn = db;
    return 0;
}

static void sqlite_close(void *conn) { sqlite3_close_v2(conn); }

static int table_exists(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int sqlite_schema_version(void *conn)
{
    sqlite3 *db = conn;
    int exists = table_exists(db, "schema_version");
    if (exists <= 0) return exists;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return version;
}

static void utc_now(char out[20])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

static int apply_migration(sqlite3 *db, const migration *m, char **error)
{
    char *why = NULL;
    if (run_script(db, "BEGIN IMMEDIATE", &why) != 0) goto failed;
    if (run_script(db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, what TEXT NOT NULL,"
                       " applied_at TEXT NOT NULL)",
                   &why) != 0)
        goto rollback;
    if (run_script(db, m->sql, &why) != 0) goto rollback;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO schema_version (version, what, applied_at) VALUES (?, ?, ?)", -1, &st,
                           NULL) != SQLITE_OK) {
        why = xasprintf("%s", sqlite3_errmsg(db));
        goto rollback;
    }
    char now[20];
    utc_now(now);
    sqlite3_bind_int(st, 1, m->version);
    sqlite3_bind_text(st, 2, m->what, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        why = xasprintf("%s", sqlite3_errmsg(db));
        goto rollback;
    }
    if (run_script(db, "COMMIT", &why) != 0) goto rollback;
    return 0;
rollback:
    run_script(db, "ROLLBACK", NULL);
failed:
    set_error(error, xasprintf("数据库结构升级到第 %d 版失败：%s", m->version, why ? why : ""));
    free(why);
    return -1;
}

static int sqlite_migrate(void *conn, int *version, char **error)
{
    int have = sqlite_schema_version(conn);
    if (have < 0) {
        set_error(error, xasprintf("无法读取数据库结构版本：%s", sqlite3_errmsg(conn)));
        return -1;
    }
    if (have > current_schema_version()) {
        set_error(error, xasprintf("数据库结构是第 %d 版，比本程序认识的第 %d 版新：请升级 gongkai。", have,
                                 current_schema_version()));
        return -1;
    }
    for (size_t i = 0; i < MIGRATION_COUNT; i++) {
        if (MIGRATIONS[i].version <= have) continue;
        if (apply_migration(conn, &MIGRATIONS[i], error) != 0) return -1;
        have = MIGRATIONS[i].version;
    }
    if (version) *version = have;
    return 0;
}

static int sqlite_begin(void *conn, char **error)
{
    char *why = NULL;
    if (run_script(conn, "BEGIN IMMEDIATE", &why) == 0) return 0;
    set_error(error, xasprintf("无法开始事务：%s", why));
    free(why);
    return -1;
}

static int sqlite_commit(void *conn, char **error)
{
    char *why = NULL;
    if (run_script(conn, "COMMIT", &why) == 0) return 0;
    set_error(error, xasprintf("无法提交事务：%s", why));
    free(why);
    run_script(conn, "ROLLBACK", NULL);
    return -1;
}

static void sqlite_rollback(void *conn)
{
    if (!sqlite3_get_autocommit(conn)) run_script(conn, "ROLLBACK", NULL);
}

/* The per-year summary of applications must equal a recount (schema version 3 on). */
static void check_year_counts(sqlite3 *db, buf *findings)
{
    if (table_exists(db, "application_year_counts") != 1) return;
    static const char recount[] =
        "SELECT agency_id, CAST(substr(received_on, 1, 4) AS INTEGER), COALESCE(CAST(substr(decided_on, 1, 4) AS INTEGER), 0),"
        " applicant_type, COALESCE(outcome, ''), COUNT(*) FROM applications GROUP BY 1, 2, 3, 4, 5";
    static const char kept[] = "SELECT agency_id, received_year, decided_year, applicant_type, outcome, n "
                               "FROM application_year_counts WHERE n <> 0";
    buf sql = BUF_INIT;
    buf_printf(&sql, "SELECT COUNT(*) FROM (%s EXCEPT %s) UNION ALL SELECT COUNT(*) FROM (%s EXCEPT %s)", recount, kept,
               kept, recount);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, buf_cstr(&sql), -1, &st, NULL) != SQLITE_OK) {
        buf_printf(findings, "申请汇总表无法核对：%s\n", sqlite3_errmsg(db));
    } else {
        int64_t differing = 0;
        while (sqlite3_step(st) == SQLITE_ROW) differing += sqlite3_column_int64(st, 0);
        if (differing) buf_printf(findings, "申请汇总表（application_year_counts）与申请记录不符：%lld 组计数不同\n",
                                  (long long)differing);
    }
    sqlite3_finalize(st);
    buf_free(&sql);
}

static int sqlite_integrity_check(void *conn, char **error)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(conn, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
        set_error(error, xasprintf("完整性检查无法运行：%s", sqlite3_errmsg(conn)));
        return -1;
    }
    buf findings = BUF_INIT;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        if (line && strcmp(line, "ok") != 0) buf_printf(&findings, "%s\n", line);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) buf_printf(&findings, "%s\n", sqlite3_errmsg(conn));
    if (findings.len == 0) check_year_counts(conn, &findings);
    if (findings.len == 0) {
        buf_free(&findings);
        return 0;
    }
    set_error(error, xasprintf("数据库完整性检查发现问题：\n%s", buf_cstr(&findings)));
    buf_free(&findings);
    return -1;
}

/* ---- statements ---- */

static store_stmt *sqlite_prepare(void *conn, const char *sql, char **error)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        set_error(error, xasprintf("数据库语句准备失败：%s", sqlite3_errmsg(conn)));
        return NULL;
    }
    store_stmt *s = xmalloc(sizeof *s);
    s->st = st;
    s->db = conn;
    return s;
}

static void sqlite_bind_int64(store_stmt *s, int index, int64_t value) { sqlite3_bind_int64(s->st, index, value); }

static void sqlite_bind_text(store_stmt *s, int index, const char *value)
{
    if (value) sqlite3_bind_text(s->st, index, value, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(s->st, index);
}

static void sqlite_bind_null(store_stmt *s, int index) { sqlite3_bind_null(s->st, index); }

static int sqlite_step(store_stmt *s, bool *constraint, char **error)
{
    int rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW) return STORE_ROW;
    if (rc == SQLITE_DONE) return STORE_DONE;
    if (constraint) *constraint = (rc & 0xff) == SQLITE_CONSTRAINT;
    set_error(error, xasprintf("数据库操作失败：%s", sqlite3_errmsg(s->db)));
    return STORE_FAILED;
}

static bool sqlite_column_is_null(store_stmt *s, int column) { return sqlite3_column_type(s->st, column) == SQLITE_NULL; }
static int64_t sqlite_column_int64(store_stmt *s, int column) { return sqlite3_column_int64(s->st, column); }
static const char *sqlite_column_text(store_stmt *s, int column)
{
    return (const char *)sqlite3_column_text(s->st, column);
}

static void sqlite_reset(store_stmt *s)
{
    sqlite3_reset(s->st);
    sqlite3_clear_bindings(s->st);
}

static void sqlite_finalize(store_stmt *s)
{
    if (!s) return;
    sqlite3_finalize(s->st);
    free(s);
}

const store_backend STORE_BACKEND_SQLITE = {
    .name = "sqlite",
    .open = sqlite_open,
    .close = sqlite_close,
    .migrate = sqlite_migrate,
    .schema_version = sqlite_schema_version,
    .current_schema_version = current_schema_version,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .integrity_check = sqlite_integrity_check,
    .prepare = sqlite_prepare,
    .bind_int64 = sqlite_bind_int64,
    .bind_text = sqlite_bind_text,
    .bind_null = sqlite_bind_null,
    .step = sqlite_step,
    .column_is_null = sqlite_column_is_null,
    .column_int64 = sqlite_column_int64,
    .column_text = sqlite_column_text,
    .reset = sqlite_reset,
    .finalize = sqlite_finalize,
};

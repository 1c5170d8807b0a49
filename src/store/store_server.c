/* store_server: the store as a multi-threaded server uses it (gongkai serve). Two things the command line does not
 * need and a server does, added as a wrapper around the connection's backend (backend.h), so no backend changes:
 * - prepared statements are kept per connection and reused (preparing costs more than running most of our
 *   queries): a statement handed back by sq_finish is reset and cached under its SQL text;
 * - writes pass through a gate shared by the connections of the process: an explicit transaction holds it from
 *   begin to commit or rollback, a single write statement from its first step to its reset. The connections then
 *   queue on a mutex for the database's one write lock instead of polling for it with the busy timeout (which
 *   sleeps for milliseconds at a time and wrecks latency under load);
 * - transactions nest: a store operation that begins and commits its own transaction inside one the caller began
 *   joins it (its commit waits for the outermost), so a handler can make an operation and its audit entry one
 *   transaction. A rollback at any depth rolls back the whole and makes the outer commit fail. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/store_internal.h"
#include "util/buf.h"

/* A ticket lock: writers pass in the order they arrived. (A plain mutex lets the thread that just left take it
 * again at once, and under load some writers then wait far longer than others.) */
struct store_write_gate {
    pthread_mutex_t lock;
    pthread_cond_t turn;
    uint64_t next_ticket, serving;
};

store_write_gate *store_write_gate_new(void)
{
    store_write_gate *g = xcalloc(1, sizeof *g);
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->turn, NULL);
    return g;
}

void store_write_gate_free(store_write_gate *g)
{
    if (!g) return;
    pthread_cond_destroy(&g->turn);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

static void gate_lock(store_write_gate *g)
{
    pthread_mutex_lock(&g->lock);
    uint64_t ticket = g->next_ticket++;
    while (ticket != g->serving) pthread_cond_wait(&g->turn, &g->lock);
    pthread_mutex_unlock(&g->lock);
}

static void gate_unlock(store_write_gate *g)
{
    pthread_mutex_lock(&g->lock);
    g->serving++;
    pthread_cond_broadcast(&g->turn);
    pthread_mutex_unlock(&g->lock);
}

typedef struct served_conn served_conn;

/* A statement as the wrapper hands it out: the backend's statement and what the wrapper knows about it. */
struct store_stmt {
    store_stmt *inner;   /* the backend's statement */
    served_conn *owner;
    char *sql;           /* owned: the cache key */
    bool writes;         /* INSERT, UPDATE, DELETE, REPLACE */
    bool holds_gate;     /* a write outside a transaction that has taken the gate */
    bool in_use;
    struct store_stmt *next_cached;
};

struct served_conn {
    const store_backend *inner_be;
    void *inner_conn;
    store_write_gate *gate;
    bool in_transaction;  /* holds the gate from begin to commit/rollback */
    int depth;            /* nesting of begin … commit */
    bool aborted;         /* an inner rollback ended the transaction: the outer commit must fail */
    int gate_depth;       /* how many holds this connection has on the gate (one thread uses a connection) */
    struct store_stmt *cache;
};

/* Re-entrant per connection: a write statement may run while another of the same connection still holds the
 * gate (a RETURNING row not yet read to the end). */
static void gate_enter(served_conn *c)
{
    if (c->gate_depth++ == 0) gate_lock(c->gate);
}

static void gate_leave(served_conn *c)
{
    if (--c->gate_depth == 0) gate_unlock(c->gate);
}

static bool sql_writes(const char *sql)
{
    while (*sql == ' ' || *sql == '\n' || *sql == '\t') sql++;
    return strncasecmp(sql, "INSERT", 6) == 0 || strncasecmp(sql, "UPDATE", 6) == 0 ||
           strncasecmp(sql, "DELETE", 6) == 0 || strncasecmp(sql, "REPLACE", 7) == 0;
}

/* ---- connection-level operations: delegated, with the gate around transactions ---- */

static int served_open(const char *location, bool create, void **conn, char **error)
{
    (void)location, (void)create, (void)conn;
    store_set_error(error, store_message("内部错误：服务模式的连接不能直接打开。"));
    return -1;
}

static void served_close(void *conn)
{
    served_conn *c = conn;
    for (struct store_stmt *st = c->cache, *next; st; st = next) {
        next = st->next_cached;
        c->inner_be->finalize(st->inner);
        free(st->sql);
        free(st);
    }
    if (c->in_transaction) gate_leave(c);
    c->inner_be->close(c->inner_conn);
    free(c);
}

static int served_migrate(void *conn, int *version, char **error)
{
    served_conn *c = conn;
    gate_enter(c);
    int rc = c->inner_be->migrate(c->inner_conn, version, error);
    gate_leave(c);
    return rc;
}

static int served_schema_version(void *conn)
{
    served_conn *c = conn;
    return c->inner_be->schema_version(c->inner_conn);
}

static int served_current_schema_version(void) { return STORE_BACKEND_SQLITE.current_schema_version(); }

static int served_begin(void *conn, char **error)
{
    served_conn *c = conn;
    if (c->in_transaction) { /* joins the caller's transaction */
        c->depth++;
        return 0;
    }
    if (c->aborted && c->depth > 0) {
        store_set_error(error, store_message("事务已因先前的错误回滚。"));
        return -1;
    }
    gate_enter(c);
    if (c->inner_be->begin(c->inner_conn, error) != 0) {
        gate_leave(c);
        return -1;
    }
    c->in_transaction = true;
    c->aborted = false;
    c->depth = 1;
    return 0;
}

static int served_commit(void *conn, char **error)
{
    served_conn *c = conn;
    if (!c->in_transaction) {
        if (c->aborted && c->depth > 0) {
            if (--c->depth == 0) c->aborted = false;
            store_set_error(error, store_message("事务已因先前的错误回滚，未写入任何数据。"));
            return -1;
        }
        return c->inner_be->commit(c->inner_conn, error);
    }
    if (--c->depth > 0) return 0; /* the outermost commit writes */
    int rc = c->inner_be->commit(c->inner_conn, error); /* rolls back on failure */
    c->in_transaction = false;
    gate_leave(c);
    return rc;
}

static void served_rollback(void *conn)
{
    served_conn *c = conn;
    c->inner_be->rollback(c->inner_conn);
    if (c->in_transaction) {
        c->in_transaction = false;
        gate_leave(c);
        /* Inside an outer transaction: the outer levels are left to fail at their commit (or end at their own
         * rollback). */
        c->depth--;
        c->aborted = c->depth > 0;
    } else if (c->aborted && c->depth > 0 && --c->depth == 0) {
        c->aborted = false;
    }
}

static int served_integrity_check(void *conn, char **error)
{
    served_conn *c = conn;
    return c->inner_be->integrity_check(c->inner_conn, error);
}

/* ---- statements: cached by their SQL ---- */

static store_stmt *served_prepare(void *conn, const char *sql, char **error)
{
    served_conn *c = conn;
    for (struct store_stmt *st = c->cache; st; st = st->next_cached) {
        if (!st->in_use && strcmp(st->sql, sql) == 0) {
            st->in_use = true;
            return st;
        }
    }
    store_stmt *inner = c->inner_be->prepare(c->inner_conn, sql, error);
    if (!inner) return NULL;
    struct store_stmt *st = xcalloc(1, sizeof *st);
    st->inner = inner;
    st->owner = c;
    st->sql = xstrdup(sql);
    st->writes = sql_writes(sql);
    st->in_use = true;
    st->next_cached = c->cache;
    c->cache = st;
    return st;
}

static void release_gate(store_stmt *st)
{
    if (st->holds_gate) {
        st->holds_gate = false;
        gate_leave(st->owner);
    }
}

static void served_bind_int64(store_stmt *st, int index, int64_t value)
{
    st->owner->inner_be->bind_int64(st->inner, index, value);
}
static void served_bind_text(store_stmt *st, int index, const char *value)
{
    st->owner->inner_be->bind_text(st->inner, index, value);
}
static void served_bind_null(store_stmt *st, int index) { st->owner->inner_be->bind_null(st->inner, index); }

static int served_step(store_stmt *st, bool *constraint, char **error)
{
    served_conn *c = st->owner;
    if (st->writes && !c->in_transaction && !st->holds_gate) {
        gate_enter(c);
        st->holds_gate = true;
    }
    int rc = c->inner_be->step(st->inner, constraint, error);
    if (rc != STORE_ROW) {
        /* A finished write outside a transaction: SQLite has committed it; the statement holds no lock now. */
        c->inner_be->reset(st->inner);
        release_gate(st);
    }
    return rc;
}

static bool served_column_is_null(store_stmt *st, int column) { return st->owner->inner_be->column_is_null(st->inner, column); }
static int64_t served_column_int64(store_stmt *st, int column) { return st->owner->inner_be->column_int64(st->inner, column); }
static const char *served_column_text(store_stmt *st, int column)
{
    return st->owner->inner_be->column_text(st->inner, column);
}

static void served_reset(store_stmt *st)
{
    st->owner->inner_be->reset(st->inner);
    release_gate(st);
}

/* Back to the cache, reset and unbound, for the next prepare of the same SQL. */
static void served_finalize(store_stmt *st)
{
    if (!st) return;
    st->owner->inner_be->reset(st->inner);
    release_gate(st);
    st->in_use = false;
}

static const store_backend SERVED_BACKEND = {
    .name = "sqlite (served)",
    .open = served_open,
    .close = served_close,
    .migrate = served_migrate,
    .schema_version = served_schema_version,
    .current_schema_version = served_current_schema_version,
    .begin = served_begin,
    .commit = served_commit,
    .rollback = served_rollback,
    .integrity_check = served_integrity_check,
    .prepare = served_prepare,
    .bind_int64 = served_bind_int64,
    .bind_text = served_bind_text,
    .bind_null = served_bind_null,
    .step = served_step,
    .column_is_null = served_column_is_null,
    .column_int64 = served_column_int64,
    .column_text = served_column_text,
    .reset = served_reset,
    .finalize = served_finalize,
};

int store_serve_mode(gk_store *s, store_write_gate *gate, char **error)
{
    if (s->be == &SERVED_BACKEND) {
        store_set_error(error, store_message("该数据库连接已处于服务模式。"));
        return -1;
    }
    served_conn *c = xcalloc(1, sizeof *c);
    c->inner_be = s->be;
    c->inner_conn = s->conn;
    c->gate = gate;
    s->be = &SERVED_BACKEND;
    s->conn = c;
    return 0;
}

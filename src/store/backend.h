/* backend: what a database backend gives the store (store.c): a connection, versioned migrations, transactions
 * and prepared statements with bound parameters. store.c writes only portable SQL (standard SQL with `?`
 * placeholders, ON CONFLICT … DO UPDATE, RETURNING); everything dialect-specific — DDL, pragmas, placeholder
 * style — stays inside the backend (sqlite.c today, a libpq backend next). */
#ifndef GONGKAI_STORE_BACKEND_H
#define GONGKAI_STORE_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

typedef struct store_stmt store_stmt; /* a backend's prepared statement */

/* Result of a step. */
enum { STORE_ROW = 1, STORE_DONE = 0, STORE_FAILED = -1 };

typedef struct store_backend {
    const char *name; /* "sqlite" */
    /* Connection. error: Chinese message, caller frees. */
    int (*open)(const char *location, bool create, void **conn, char **error);
    void (*close)(void *conn);
    int (*migrate)(void *conn, int *version, char **error);
    int (*schema_version)(void *conn); /* 0 when uninitialised, -1 on error */
    int (*current_schema_version)(void);
    int (*begin)(void *conn, char **error);
    int (*commit)(void *conn, char **error);
    void (*rollback)(void *conn);
    int (*integrity_check)(void *conn, char **error);

    /* Statements: `?` placeholders numbered from 1. */
    store_stmt *(*prepare)(void *conn, const char *sql, char **error);
    void (*bind_int64)(store_stmt *st, int index, int64_t value);
    void (*bind_text)(store_stmt *st, int index, const char *value); /* NULL binds SQL NULL; the text is copied */
    void (*bind_null)(store_stmt *st, int index);
    /* STORE_ROW, STORE_DONE, or STORE_FAILED with *error (caller frees); *constraint (may be NULL) is set true when
     * a uniqueness, foreign-key or check constraint refused the statement. */
    int (*step)(store_stmt *st, bool *constraint, char **error);
    bool (*column_is_null)(store_stmt *st, int column);
    int64_t (*column_int64)(store_stmt *st, int column);
    const char *(*column_text)(store_stmt *st, int column); /* valid until the next step/reset; NULL for NULL */
    void (*reset)(store_stmt *st);                          /* ready to bind and step again */
    void (*finalize)(store_stmt *st);
} store_backend;

extern const store_backend STORE_BACKEND_SQLITE;

#endif

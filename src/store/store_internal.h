/* store_internal: what the store's source files share: the store object and a small query helper over the
 * backend's prepared statements (bind in order, step, read columns). Not for use outside src/store/. */
#ifndef GONGKAI_STORE_INTERNAL_H
#define GONGKAI_STORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/backend.h"
#include "store/store.h"
#include "util/buf.h"

struct gk_store {
    const store_backend *be;
    void *conn;
};

/* One prepared statement with its next parameter index. */
typedef struct sq {
    gk_store *s;
    store_stmt *st;
    int next;        /* next parameter, from 1 */
    bool constraint; /* the last failure was a constraint violation */
} sq;

int sq_prepare(sq *q, gk_store *s, const char *sql, char **error);
void sq_int(sq *q, int64_t v);
void sq_text(sq *q, const char *v);   /* NULL → SQL NULL */
void sq_date(sq *q, gk_date d);       /* {0,0,0} → SQL NULL */
int sq_step(sq *q, char **error);     /* STORE_ROW / STORE_DONE / STORE_FAILED */
/* Steps once expecting no row; 0 or -1. */
int sq_exec(sq *q, char **error);
void sq_reset(sq *q);
void sq_finish(sq *q);
int64_t sq_col_int(sq *q, int col);
bool sq_col_null(sq *q, int col);
const char *sq_col_text(sq *q, int col);
char *sq_col_dup(sq *q, int col);     /* newly allocated, NULL for NULL */
gk_date sq_col_date(sq *q, int col);  /* {0,0,0} for NULL or malformed */

/* Reads q's current row into *record (zeroed beforehand); returns false to skip the row. */
typedef bool (*sq_row_reader)(sq *q, void *record);
/* Frees the first `count` records of rows and rows itself. */
typedef void (*sq_rows_free)(void *rows, size_t count);
/* Steps the prepared and bound q to its end and finishes it, reading each row with read into a record of
 * record_size bytes. On success *rows is a newly allocated array of *count records (NULL when none; the caller
 * frees it) and 0 is returned. On failure the records read so far are freed with free_rows (plain free when
 * NULL), *rows is NULL, *count 0, and -1 is returned. */
int sq_collect(sq *q, size_t record_size, sq_row_reader read, sq_rows_free free_rows, void **rows, size_t *count,
               char **error);
/* sq_collect over a query whose one parameter is the agency; *rows NULL and *count 0 also when sql cannot be
 * prepared. */
int sq_collect_for_agency(gk_store *s, const char *sql, int64_t agency, size_t record_size, sq_row_reader read,
                          sq_rows_free free_rows, void **rows, size_t *count, char **error);

/* Row reader and freer of audit_log rows selected as (id, at, actor, action, record_table, record_id, detail). */
bool sq_read_audit_row(sq *q, void *record);
void sq_free_audit_rows(void *rows, size_t count);

/* A Chinese message, newly allocated: the store's name for xasprintf (util/buf.h). */
#define store_message xasprintf
void store_set_error(char **error, char *message);
/* "YYYY-MM-DD HH:MM:SS" UTC. */
void store_now(char out[20]);


#endif

/* diag: diagnostics: one finding of the checker or an importer, with its rule, severity, place, expected and
 * actual values and a Chinese message (DESIGN.md §2.5). */
#ifndef GONGKAI_REPORT_DIAG_H
#define GONGKAI_REPORT_DIAG_H

#include <stddef.h>

#include "report/format.h"

enum severity { SEVERITY_WARNING, SEVERITY_ERROR };

typedef struct diagnostic {
    char rule[8];              /* "R1" … "R5", "B", "S", "X1" … "X5", "D" (decoder) */
    enum severity severity;
    enum report_table table;   /* TABLE_NONE for the whole report or the narrative */
    int row, column;           /* indexes into the format's rows and columns; -1 when not applicable */
    const char *row_key;       /* static (from the format tables) or NULL */
    const char *column_key;    /* static or NULL */
    char expected[40];         /* "" when not applicable */
    char actual[40];
    char *message;             /* owned, Chinese */
} diagnostic;

typedef struct diag_list {
    diagnostic *items;
    size_t count, cap;
} diag_list;

#define DIAG_LIST_INIT {NULL, 0, 0}

/* Appends a diagnostic; the message is formatted printf-style. Returns the new entry. */
diagnostic *diag_add(diag_list *list, const char *rule, enum severity severity, enum report_table table, int row,
                     int column, const char *row_key, const char *column_key, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));
/* The same with a message already built; the list takes ownership of `message` (from malloc). */
diagnostic *diag_add_owned(diag_list *list, const char *rule, enum severity severity, enum report_table table, int row,
                           int column, const char *row_key, const char *column_key, char *message);
void diag_set_values(diagnostic *d, long long expected, long long actual);
/* Makes room for `extra` more diagnostics at once (a checker that knows how many it will add grows the list once). */
void diag_list_reserve(diag_list *list, size_t extra);
void diag_list_free(diag_list *list);
void diag_list_copy(diag_list *to, const diag_list *from);
size_t diag_count_severity(const diag_list *list, enum severity severity);
size_t diag_count_rule(const diag_list *list, const char *rule);
const char *severity_name(enum severity severity); /* "error" / "warning" */
const char *severity_label(enum severity severity); /* "错误" / "警告" */

#endif

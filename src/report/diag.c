/* diag: the list of diagnostics and its helpers. */
#include "report/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

void diag_list_reserve(diag_list *list, size_t extra)
{
    if (list->count + extra <= list->cap) return;
    size_t cap = list->cap ? list->cap : 16;
    while (cap < list->count + extra) cap *= 2;
    list->items = xrealloc(list->items, cap * sizeof *list->items);
    list->cap = cap;
}

diagnostic *diag_add_owned(diag_list *list, const char *rule, enum severity severity, enum report_table table, int row,
                           int column, const char *row_key, const char *column_key, char *message)
{
    if (list->count == list->cap) diag_list_reserve(list, 1);
    diagnostic *d = &list->items[list->count++];
    memset(d, 0, sizeof *d);
    size_t rule_len = strnlen(rule, sizeof d->rule - 1); /* d was zeroed: the copy stays NUL-terminated */
    memcpy(d->rule, rule, rule_len);
    d->severity = severity;
    d->table = table;
    d->row = row;
    d->column = column;
    d->row_key = row_key;
    d->column_key = column_key;
    d->message = message;
    return d;
}

diagnostic *diag_add(diag_list *list, const char *rule, enum severity severity, enum report_table table, int row,
                     int column, const char *row_key, const char *column_key, const char *fmt, ...)
{
    buf message = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&message, fmt, ap);
    va_end(ap);
    return diag_add_owned(list, rule, severity, table, row, column, row_key, column_key, buf_detach(&message));
}

/* Writes v in decimal into out (room for 21 bytes: LLONG_MIN has 20 characters), as "%lld" would. */
static void write_integer(long long v, char *out)
{
    char digits[24], *end = digits + sizeof digits;
    char *start = decimal_digits(v, end);
    memcpy(out, start, (size_t)(end - start));
    out[end - start] = '\0';
}

void diag_set_values(diagnostic *d, long long expected, long long actual)
{
    write_integer(expected, d->expected);
    write_integer(actual, d->actual);
}

void diag_list_free(diag_list *list)
{
    for (size_t i = 0; i < list->count; i++) free(list->items[i].message);
    free(list->items);
    list->items = NULL;
    list->count = list->cap = 0;
}

void diag_list_copy(diag_list *to, const diag_list *from)
{
    diag_list_reserve(to, from->count);
    for (size_t i = 0; i < from->count; i++) {
        const diagnostic *s = &from->items[i];
        diagnostic *d = diag_add_owned(to, s->rule, s->severity, s->table, s->row, s->column, s->row_key,
                                       s->column_key, xstrdup(s->message ? s->message : ""));
        memcpy(d->expected, s->expected, sizeof d->expected);
        memcpy(d->actual, s->actual, sizeof d->actual);
    }
}

size_t diag_count_severity(const diag_list *list, enum severity severity)
{
    size_t n = 0;
    for (size_t i = 0; i < list->count; i++) n += list->items[i].severity == severity;
    return n;
}

size_t diag_count_rule(const diag_list *list, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < list->count; i++) n += strcmp(list->items[i].rule, rule) == 0;
    return n;
}

const char *severity_name(enum severity severity) { return severity == SEVERITY_ERROR ? "error" : "warning"; }
const char *severity_label(enum severity severity) { return severity == SEVERITY_ERROR ? "错误" : "警告"; }

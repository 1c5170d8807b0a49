/* report: the report value type, its cells and narrative, and decimal handling for amounts. */
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/diag.h"
#include "util/buf.h"

const char *const REPORT_TEXT_KEYS[TEXT_COUNT] = {"overview", "problems", "other"};

report *report_new(const report_format *format)
{
    report *r = xcalloc(1, sizeof *r);
    r->format = format;
    r->cells = xcalloc((size_t)format->cell_count, sizeof *r->cells);
    return r;
}

static void free_cells(report_cell *cells, int count)
{
    for (int i = 0; i < count; i++) free(cells[i].text);
    free(cells);
}

void report_free(report *r)
{
    if (!r) return;
    free_cells(r->cells, r->format->cell_count);
    for (int i = 0; i < TEXT_COUNT; i++) free(r->text[i]);
    free(r->agency);
    free(r->source);
    if (r->notes) {
        diag_list_free(r->notes);
        free(r->notes);
    }
    free(r);
}

report *report_clone(const report *r)
{
    report *c = report_new(r->format);
    c->year = r->year;
    c->flags = r->flags;
    c->agency = r->agency ? xstrdup(r->agency) : NULL;
    c->source = r->source ? xstrdup(r->source) : NULL;
    for (int i = 0; i < r->format->cell_count; i++) {
        c->cells[i] = r->cells[i];
        c->cells[i].text = r->cells[i].text ? xstrdup(r->cells[i].text) : NULL;
    }
    for (int i = 0; i < TEXT_COUNT; i++) c->text[i] = r->text[i] ? xstrdup(r->text[i]) : NULL;
    if (r->notes) {
        c->notes = xcalloc(1, sizeof *c->notes);
        diag_list_copy(c->notes, r->notes);
    }
    return c;
}

/* Finds the cell of `to` with the same table, row key and column key as cell `cell` of `from`; -1 if none. */
static int matching_cell(const report_format *from, int cell, const report_format *to)
{
    cell_address a;
    format_cell_address(from, cell, &a);
    for (int i = 0; i < to->cell_count; i++) {
        cell_address b;
        format_cell_address(to, i, &b);
        if (a.table == b.table && strcmp(a.row_key, b.row_key) == 0 && strcmp(a.column_key, b.column_key) == 0)
            return i;
    }
    return -1;
}

void report_set_format(report *r, const report_format *format)
{
    if (r->format == format) return;
    report_cell *cells = xcalloc((size_t)format->cell_count, sizeof *cells);
    bool empty = true;
    for (int i = 0; i < r->format->cell_count && empty; i++) empty = r->cells[i].state == CELL_ABSENT;
    for (int i = 0; i < r->format->cell_count && !empty; i++) {
        int j = matching_cell(r->format, i, format);
        if (j >= 0) {
            cells[j] = r->cells[i];
            r->cells[i].text = NULL;
        }
    }
    free_cells(r->cells, r->format->cell_count);
    r->cells = cells;
    r->format = format;
}

void report_set_count(report *r, int cell, int64_t value)
{
    report_cell *c = &r->cells[cell];
    free(c->text);
    c->text = NULL;
    c->state = CELL_VALUE;
    c->value = value;
}

void report_set_blank(report *r, int cell)
{
    report_cell *c = &r->cells[cell];
    free(c->text);
    c->text = NULL;
    c->state = CELL_BLANK;
    c->value = 0;
}

int report_set_decimal_text(report *r, int cell, const char *text)
{
    cell_address a;
    format_cell_address(r->format, cell, &a);
    int64_t value;
    if (parse_decimal_millionths(text, a.kind == VALUE_AMOUNT_TEXT, &value) != 0) return -1;
    report_cell *c = &r->cells[cell];
    free(c->text);
    c->text = xstrdup(text);
    c->state = CELL_VALUE;
    c->value = value;
    return 0;
}

static void replace_string(char **slot, const char *value)
{
    free(*slot);
    *slot = value ? xstrdup(value) : NULL;
}

void report_set_text(report *r, enum report_text which, const char *text) { replace_string(&r->text[which], text); }
void report_set_agency(report *r, const char *agency) { replace_string(&r->agency, agency); }
void report_set_source(report *r, const char *source) { replace_string(&r->source, source); }

int64_t report_application(const report *r, int row, int column)
{
    const report_cell *c = &r->cells[format_application_cell(r->format, row, column)];
    return c->state == CELL_VALUE ? c->value : 0;
}

int64_t report_appeal(const report *r, int block, int field)
{
    const report_cell *c = &r->cells[format_appeal_cell(r->format, block, field)];
    return c->state == CELL_VALUE ? c->value : 0;
}

bool report_table_absent(const report *r, enum report_table table)
{
    const report_format *f = r->format;
    int first, last;
    switch (table) {
    case TABLE_PROACTIVE: first = 0; last = f->application_first_cell; break;
    case TABLE_APPLICATIONS: first = f->application_first_cell; last = f->appeal_first_cell; break;
    case TABLE_APPEALS: first = f->appeal_first_cell; last = f->cell_count; break;
    default: return true;
    }
    for (int i = first; i < last; i++)
        if (r->cells[i].state != CELL_ABSENT) return false;
    return true;
}

int parse_decimal_millionths(const char *text, bool want_yuan, int64_t *out)
{
    const char *p = text;
    while (*p && !(*p >= '0' && *p <= '9')) p++;
    if (!*p) return -1;
    bool negative = p > text && p[-1] == '-';
    int64_t whole = 0, frac = 0;
    int frac_digits = 0;
    for (; (*p >= '0' && *p <= '9') || *p == ','; p++) {
        if (*p == ',') continue;
        if (whole > (INT64_MAX / 10 - 10) / 1000000) return -1;
        whole = whole * 10 + (*p - '0');
    }
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++) {
            if (frac_digits < 6) {
                frac = frac * 10 + (*p - '0');
                frac_digits++;
            }
        }
    }
    while (frac_digits < 6) { frac *= 10; frac_digits++; }
    int64_t value = whole * 1000000 + frac;
    if (want_yuan && strstr(p, "万")) {
        if (value > INT64_MAX / 10000) return -1;
        value *= 10000;
    }
    *out = negative ? -value : value;
    return 0;
}

void format_millionths(int64_t value, char *out)
{
    const char *sign = value < 0 ? "-" : "";
    uint64_t v = value < 0 ? (uint64_t)(-(value + 1)) + 1 : (uint64_t)value;
    uint64_t whole = v / 1000000, frac = v % 1000000;
    if (frac == 0) {
        snprintf(out, 32, "%s%llu", sign, (unsigned long long)whole);
        return;
    }
    char digits[8];
    snprintf(digits, sizeof digits, "%06llu", (unsigned long long)frac);
    int n = 6;
    while (n > 0 && digits[n - 1] == '0') n--;
    digits[n] = '\0';
    snprintf(out, 32, "%s%llu.%s", sign, (unsigned long long)whole, digits);
}

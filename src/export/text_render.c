/* text_render: the report as plain text in the two layouts real published reports come in, for the property tests
 * that feed them back to the text importer: one cell per line (a flattened web page, corpus 001) and aligned
 * columns (`pdftotext -layout`, corpus 002). Both walk the official merged-cell layout of layout.c. */
#include "export/export.h"

#include <stdbool.h>
#include <string.h>
#include <utf8proc.h>

#include "util/text.h"

/* Least number of spaces between two columns of the aligned layout. */
#define COLUMN_GAP 2
/* Narrowest value column of the aligned layout. */
#define MIN_VALUE_WIDTH 6
/* What a blank or absent cell prints as in the aligned layout. */
#define BLANK_PLACEHOLDER "/"

/* Each non-empty line of a narrative, trimmed, on its own line. */
static void narrative_lines(const char *text, buf *out)
{
    while (*text) {
        const char *end = strchr(text, '\n');
        size_t len = end ? (size_t)(end - text) : strlen(text);
        const char *line = text_trim(text, &len);
        if (len > 0) {
            buf_append(out, line, len);
            buf_putc(out, '\n');
        }
        text = end ? end + 1 : text + strlen(text);
    }
}

/* ---- one cell per line ---- */

static void cells_per_line(const report *r, enum report_table table, buf *out)
{
    table_layout layout;
    table_layout_build(r->format, table, &layout);
    for (int i = 0; i < layout.row_count; i++) {
        for (int j = 0; j < layout.rows[i].count; j++) {
            const layout_cell *c = &layout.rows[i].cells[j];
            if (c->role == LAYOUT_VALUE) export_cell_text(r, c->cell, out);
            else buf_puts(out, c->text);
            buf_putc(out, '\n');
        }
    }
    table_layout_free(&layout);
}

void export_text_cell_per_line(const report *r, buf *out)
{
    export_report_title(r, out);
    buf_putc(out, '\n');
    for (int s = 0; s < SECTION_COUNT; s++) {
        buf_printf(out, "%s\n", r->format->sections[s].heading);
        int text = export_section_text((enum report_section)s);
        enum report_table table = export_section_table((enum report_section)s);
        if (text >= 0 && r->text[text]) narrative_lines(r->text[text], out);
        if (table != TABLE_NONE) cells_per_line(r, table, out);
    }
}

/* ---- aligned columns ---- */

/* Columns the text takes in a monospaced terminal (CJK characters take two). */
static int display_width(const char *text)
{
    int width = 0;
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        int32_t cp;
        int n = utf8_decode(text + i, len - i, &cp);
        width += cp < 0 ? 1 : utf8proc_charwidth(cp);
        i += (size_t)n;
    }
    return width;
}

static void pad(buf *out, int spaces)
{
    for (int i = 0; i < spaces; i++) buf_putc(out, ' ');
}

/* Widest row label and widest value of a table, so that columns line up. */
static void column_widths(const report *r, const table_layout *layout, int *label_width, int *value_width)
{
    *label_width = 0;
    *value_width = MIN_VALUE_WIDTH;
    buf text = BUF_INIT;
    for (int i = 0; i < layout->row_count; i++) {
        for (int j = 0; j < layout->rows[i].count; j++) {
            const layout_cell *c = &layout->rows[i].cells[j];
            if (c->role == LAYOUT_LABEL && display_width(c->text) > *label_width) *label_width = display_width(c->text);
            if (c->role != LAYOUT_VALUE) continue;
            buf_clear(&text);
            export_cell_text(r, c->cell, &text);
            if (display_width(buf_cstr(&text)) + COLUMN_GAP > *value_width)
                *value_width = display_width(buf_cstr(&text)) + COLUMN_GAP;
        }
    }
    buf_free(&text);
}

/* A data row: its group labels first, each on a line of its own; then the label and the values right-aligned. */
static void aligned_data_row(const report *r, const layout_row *row, int label_width, int value_width, buf *out)
{
    for (int j = 0; j < row->count; j++)
        if (row->cells[j].role == LAYOUT_GROUP) buf_printf(out, "%s\n", row->cells[j].text);
    buf value = BUF_INIT;
    for (int j = 0; j < row->count; j++) {
        const layout_cell *c = &row->cells[j];
        if (c->role == LAYOUT_LABEL) {
            buf_puts(out, c->text);
            pad(out, label_width - display_width(c->text));
        } else if (c->role == LAYOUT_VALUE) {
            buf_clear(&value);
            export_cell_text(r, c->cell, &value);
            const char *text = value.len ? buf_cstr(&value) : BLANK_PLACEHOLDER;
            pad(out, value_width - display_width(text));
            buf_puts(out, text);
        }
    }
    buf_putc(out, '\n');
    buf_free(&value);
}

/* A caption or header row: its labels separated by a gap. */
static void aligned_header_row(const layout_row *row, buf *out)
{
    for (int j = 0; j < row->count; j++) {
        if (j > 0) pad(out, 2 * COLUMN_GAP);
        buf_puts(out, row->cells[j].text);
    }
    buf_putc(out, '\n');
}

static void aligned_table(const report *r, enum report_table table, buf *out)
{
    table_layout layout;
    table_layout_build(r->format, table, &layout);
    int label_width, value_width;
    column_widths(r, &layout, &label_width, &value_width);
    for (int i = 0; i < layout.row_count; i++) {
        const layout_row *row = &layout.rows[i];
        bool has_values = false;
        for (int j = 0; j < row->count; j++) has_values |= row->cells[j].role == LAYOUT_VALUE;
        if (has_values) aligned_data_row(r, row, label_width, value_width, out);
        else aligned_header_row(row, out);
    }
    table_layout_free(&layout);
}

void export_text_aligned(const report *r, buf *out)
{
    export_report_title(r, out);
    buf_putc(out, '\n');
    for (int s = 0; s < SECTION_COUNT; s++) {
        buf_printf(out, "\n%s\n", r->format->sections[s].heading);
        int text = export_section_text((enum report_section)s);
        enum report_table table = export_section_table((enum report_section)s);
        if (text >= 0 && r->text[text]) narrative_lines(r->text[text], out);
        if (table != TABLE_NONE) aligned_table(r, table, out);
    }
}

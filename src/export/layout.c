/* layout: the official merged-cell layout of tables 二, 三 and 四 (the 2021 Word template and its 2019 equivalent),
 * computed from the format tables, plus the title, cell texts and captions every renderer shares. HTML draws the
 * layout with rowspan/colspan; the text renderers walk it in document order. */
#include "export/export.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void export_report_title(const report *r, buf *out)
{
    if (r->agency) buf_puts(out, r->agency);
    if (r->year > 0) buf_printf(out, "%d%s", r->year, TEMPLATE_CAPTIONS.title_year_suffix);
    buf_puts(out, TEMPLATE_CAPTIONS.title);
}

void export_cell_text(const report *r, int cell, buf *out)
{
    const report_cell *c = report_cell_at(r, cell);
    if (c->state != CELL_VALUE) return;
    cell_address a;
    format_cell_address(r->format, cell, &a);
    if (a.kind == VALUE_COUNT || a.kind == VALUE_CHANGE) {
        buf_printf(out, "%lld", (long long)c->value);
    } else if (c->text) {
        buf_puts(out, c->text);
    } else {
        char printed[32];
        format_millionths(c->value, printed);
        buf_puts(out, printed);
    }
}

int export_section_text(enum report_section section)
{
    switch (section) {
    case SECTION_OVERVIEW: return TEXT_OVERVIEW;
    case SECTION_PROBLEMS: return TEXT_PROBLEMS;
    case SECTION_OTHER: return TEXT_OTHER;
    default: return -1;
    }
}

enum report_table export_section_table(enum report_section section)
{
    switch (section) {
    case SECTION_PROACTIVE: return TABLE_PROACTIVE;
    case SECTION_APPLICATIONS: return TABLE_APPLICATIONS;
    case SECTION_APPEALS: return TABLE_APPEALS;
    default: return TABLE_NONE;
    }
}

/* ---- building a layout ---- */

static layout_row *new_row(table_layout *t)
{
    if (t->row_count == t->row_cap) {
        t->row_cap = t->row_cap ? t->row_cap * 2 : 32;
        t->rows = xrealloc(t->rows, (size_t)t->row_cap * sizeof *t->rows);
    }
    layout_row *row = &t->rows[t->row_count++];
    row->count = 0;
    return row;
}

static layout_cell *add_cell(layout_row *row, enum layout_role role, const char *text, int rowspan, int colspan)
{
    layout_cell *c = &row->cells[row->count++];
    *c = (layout_cell){role, text, -1, -1, -1, rowspan, colspan};
    return c;
}

static void add_value(layout_row *row, int cell, int data_row, int column, int colspan)
{
    layout_cell *c = add_cell(row, LAYOUT_VALUE, NULL, 1, colspan);
    c->cell = cell;
    c->row = data_row;
    c->column = column;
}

/* Widest sub-table of table 二: the grid is one label column plus this many. */
static int proactive_grid_fields(const report_format *f)
{
    int widest = 1;
    for (int i = 0; i < f->proactive_count; i++)
        if (f->proactive[i].field_count > widest) widest = f->proactive[i].field_count;
    return widest;
}

/* Table 二: per caption, a caption row, a header row (信息内容 + field labels), one row per item; the last field
 * spans the columns a narrower sub-table leaves over. */
static void layout_proactive(const report_format *f, table_layout *t)
{
    int fields = proactive_grid_fields(f);
    t->grid_columns = 1 + fields;
    for (int item = 0; item < f->proactive_count; item++) {
        const proactive_item_def *def = &f->proactive[item];
        int last_span = fields - def->field_count + 1;
        if (item == 0 || strcmp(f->proactive[item - 1].caption, def->caption) != 0) {
            add_cell(new_row(t), LAYOUT_CAPTION, def->caption, 1, t->grid_columns);
            layout_row *header = new_row(t);
            add_cell(header, LAYOUT_HEADER, TEMPLATE_CAPTIONS.item_header, 1, 1);
            for (int field = 0; field < def->field_count; field++)
                add_cell(header, LAYOUT_HEADER, def->fields[field].label, 1,
                         field == def->field_count - 1 ? last_span : 1);
        }
        layout_row *row = new_row(t);
        add_cell(row, LAYOUT_LABEL, def->label, 1, 1)->row = item;
        for (int field = 0; field < def->field_count; field++)
            add_value(row, format_proactive_cell(f, item, field), item, field,
                      field == def->field_count - 1 ? last_span : 1);
    }
}

/* Number of consecutive columns from col sharing its group (1 when it has none). */
static int column_group_run(int col)
{
    const char *group = APPLICATION_COLUMN_DEFS[col].group;
    int n = 1;
    while (group && col + n < APPLICATION_COLUMNS && APPLICATION_COLUMN_DEFS[col + n].group &&
           strcmp(APPLICATION_COLUMN_DEFS[col + n].group, group) == 0)
        n++;
    return n;
}

/* Table 三 header: corner note and 申请人情况; ungrouped columns spanning two rows and group labels; then the
 * grouped columns' own labels. */
static void layout_applications_header(table_layout *t)
{
    layout_row *top = new_row(t);
    add_cell(top, LAYOUT_HEADER, TEMPLATE_CAPTIONS.balance_note, 3, 3);
    add_cell(top, LAYOUT_HEADER, TEMPLATE_CAPTIONS.applicant_header, 1, APPLICATION_COLUMNS);
    layout_row *middle = new_row(t);
    layout_row *bottom = new_row(t);
    for (int col = 0; col < APPLICATION_COLUMNS;) {
        const column_def *def = &APPLICATION_COLUMN_DEFS[col];
        if (!def->group) {
            add_cell(middle, LAYOUT_HEADER, def->label, 2, 1)->column = col;
            col++;
            continue;
        }
        int run = column_group_run(col);
        add_cell(middle, LAYOUT_HEADER, def->group, 1, run);
        for (int i = col; i < col + run; i++)
            add_cell(bottom, LAYOUT_HEADER, APPLICATION_COLUMN_DEFS[i].label, 1, 1)->column = i;
        col += run;
    }
}

/* The rows 三、本年度办理结果 spans: the result rows and the （七）总计 row that sums them (R3) right after. */
static void results_block(const report_format *f, int *first, int *last)
{
    *first = *last = -1;
    for (int row = 0; row < f->application_row_count; row++) {
        if (!f->application_rows[row].is_result) continue;
        if (*first < 0) *first = row;
        *last = row;
    }
    if (*last >= 0 && *last + 1 < f->application_row_count) (*last)++;
}

/* Number of consecutive rows from row sharing its group (1 when it has none). */
static int row_group_run(const report_format *f, int row)
{
    const char *group = f->application_rows[row].group;
    int n = 1;
    while (group && row + n < f->application_row_count && f->application_rows[row + n].group &&
           strcmp(f->application_rows[row + n].group, group) == 0)
        n++;
    return n;
}

/* Table 三: label columns are three wide: a row outside the results block spans all three; inside it, the block
 * caption takes the first, a group label the second, and a row without a group spans the last two. */
static void layout_applications(const report_format *f, table_layout *t)
{
    t->grid_columns = 3 + APPLICATION_COLUMNS;
    layout_applications_header(t);
    int first, last;
    results_block(f, &first, &last);
    for (int row = 0; row < f->application_row_count; row++) {
        const application_row_def *def = &f->application_rows[row];
        layout_row *line = new_row(t);
        bool in_block = row >= first && row <= last && first >= 0;
        if (row == first) add_cell(line, LAYOUT_GROUP, TEMPLATE_CAPTIONS.results_caption, last - first + 1, 1);
        if (in_block && def->group) {
            if (row == 0 || !f->application_rows[row - 1].group || strcmp(f->application_rows[row - 1].group, def->group))
                add_cell(line, LAYOUT_GROUP, def->group, row_group_run(f, row), 1);
            add_cell(line, LAYOUT_LABEL, def->label, 1, 1)->row = row;
        } else {
            add_cell(line, LAYOUT_LABEL, def->label, 1, in_block ? 2 : 3)->row = row;
        }
        for (int col = 0; col < APPLICATION_COLUMNS; col++)
            add_value(line, format_application_cell(f, row, col), row, col, 1);
    }
}

/* Number of consecutive blocks from block sharing its group (1 when it has none). */
static int block_group_run(int block)
{
    const char *group = APPEAL_BLOCK_DEFS[block].group;
    int n = 1;
    while (group && block + n < APPEAL_BLOCKS && APPEAL_BLOCK_DEFS[block + n].group &&
           strcmp(APPEAL_BLOCK_DEFS[block + n].group, group) == 0)
        n++;
    return n;
}

/* Table 四: 行政复议 (its fields spanning two header rows) and 行政诉讼 over its two blocks, then one value row. */
static void layout_appeals(const report_format *f, table_layout *t)
{
    t->grid_columns = APPEAL_BLOCKS * APPEAL_FIELDS;
    layout_row *top = new_row(t), *middle = new_row(t), *bottom = new_row(t);
    for (int block = 0; block < APPEAL_BLOCKS;) {
        const appeal_block_def *def = &APPEAL_BLOCK_DEFS[block];
        if (!def->group) {
            add_cell(top, LAYOUT_HEADER, def->label, 1, APPEAL_FIELDS)->row = block;
            for (int field = 0; field < APPEAL_FIELDS; field++)
                add_cell(middle, LAYOUT_HEADER, APPEAL_FIELD_DEFS[field].label, 2, 1);
            block++;
            continue;
        }
        int run = block_group_run(block);
        add_cell(top, LAYOUT_HEADER, def->group, 1, APPEAL_FIELDS * run);
        for (int b = block; b < block + run; b++) {
            add_cell(middle, LAYOUT_HEADER, APPEAL_BLOCK_DEFS[b].label, 1, APPEAL_FIELDS)->row = b;
            for (int field = 0; field < APPEAL_FIELDS; field++)
                add_cell(bottom, LAYOUT_HEADER, APPEAL_FIELD_DEFS[field].label, 1, 1);
        }
        block += run;
    }
    layout_row *values = new_row(t);
    for (int block = 0; block < APPEAL_BLOCKS; block++)
        for (int field = 0; field < APPEAL_FIELDS; field++)
            add_value(values, format_appeal_cell(f, block, field), block, field, 1);
}

void table_layout_build(const report_format *f, enum report_table table, table_layout *out)
{
    memset(out, 0, sizeof *out);
    out->table = table;
    switch (table) {
    case TABLE_PROACTIVE: layout_proactive(f, out); break;
    case TABLE_APPLICATIONS: layout_applications(f, out); break;
    case TABLE_APPEALS: layout_appeals(f, out); break;
    default: break;
    }
}

void table_layout_free(table_layout *t)
{
    free(t->rows);
    memset(t, 0, sizeof *t);
}

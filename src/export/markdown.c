/* markdown: the report as Markdown: title, section headings, narrative paragraphs and pipe tables. Merged cells are
 * flattened: a group label is prefixed to the labels of its sub-rows and columns ("（三）不予公开 1.属于国家秘密",
 * "法人或其他组织 商业企业"), table 二 is one small table per caption and table 四 one row per block. */
#include "export/export.h"

#include <stdbool.h>
#include <string.h>

/* Appends text safe inside a table cell: '|' escaped, line breaks as spaces. */
static void md_cell_text(buf *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == '|') buf_puts(out, "\\|");
        else if (*p == '\n' || *p == '\r') buf_putc(out, ' ');
        else buf_putc(out, *p);
    }
}

/* "group label" or "label" for a cell of the first column or the header. */
static void md_label(buf *out, const char *group, const char *label)
{
    if (group) {
        md_cell_text(out, group);
        buf_putc(out, ' ');
    }
    md_cell_text(out, label);
}

static void md_value(buf *out, const report *r, int cell)
{
    buf text = BUF_INIT;
    export_cell_text(r, cell, &text);
    buf_puts(out, " | ");
    md_cell_text(out, buf_cstr(&text));
    buf_free(&text);
}

/* The separator line under a header of 1 + values columns: labels left, values right-aligned. */
static void md_separator(buf *out, int values)
{
    buf_puts(out, "| --- |");
    for (int i = 0; i < values; i++) buf_puts(out, " ---: |");
    buf_putc(out, '\n');
}

static void md_proactive(const report *r, buf *out)
{
    const report_format *f = r->format;
    for (int item = 0; item < f->proactive_count; item++) {
        const proactive_item_def *def = &f->proactive[item];
        if (item == 0 || strcmp(f->proactive[item - 1].caption, def->caption) != 0) {
            buf_puts(out, "\n**");
            md_cell_text(out, def->caption);
            buf_puts(out, "**\n\n| ");
            md_cell_text(out, TEMPLATE_CAPTIONS.item_header);
            for (int field = 0; field < def->field_count; field++) {
                buf_puts(out, " | ");
                md_cell_text(out, def->fields[field].label);
            }
            buf_puts(out, " |\n");
            md_separator(out, def->field_count);
        }
        buf_puts(out, "| ");
        md_cell_text(out, def->label);
        for (int field = 0; field < def->field_count; field++) md_value(out, r, format_proactive_cell(f, item, field));
        buf_puts(out, " |\n");
    }
}

static void md_applications(const report *r, buf *out)
{
    const report_format *f = r->format;
    buf_putc(out, '\n');
    md_cell_text(out, TEMPLATE_CAPTIONS.balance_note);
    buf_puts(out, "\n\n|  |");
    for (int col = 0; col < APPLICATION_COLUMNS; col++) {
        buf_putc(out, ' ');
        md_label(out, APPLICATION_COLUMN_DEFS[col].group, APPLICATION_COLUMN_DEFS[col].label);
        buf_puts(out, " |");
    }
    buf_putc(out, '\n');
    md_separator(out, APPLICATION_COLUMNS);
    for (int row = 0; row < f->application_row_count; row++) {
        buf_puts(out, "| ");
        md_label(out, f->application_rows[row].group, f->application_rows[row].label);
        for (int col = 0; col < APPLICATION_COLUMNS; col++) md_value(out, r, format_application_cell(f, row, col));
        buf_puts(out, " |\n");
    }
}

static void md_appeals(const report *r, buf *out)
{
    buf_puts(out, "\n|  |");
    for (int field = 0; field < APPEAL_FIELDS; field++) {
        buf_putc(out, ' ');
        md_cell_text(out, APPEAL_FIELD_DEFS[field].label);
        buf_puts(out, " |");
    }
    buf_putc(out, '\n');
    md_separator(out, APPEAL_FIELDS);
    for (int block = 0; block < APPEAL_BLOCKS; block++) {
        buf_puts(out, "| ");
        md_label(out, APPEAL_BLOCK_DEFS[block].group, APPEAL_BLOCK_DEFS[block].label);
        for (int field = 0; field < APPEAL_FIELDS; field++) md_value(out, r, format_appeal_cell(r->format, block, field));
        buf_puts(out, " |\n");
    }
}

/* Each non-empty line of the narrative as its own paragraph. */
static void md_paragraphs(const char *text, buf *out)
{
    while (*text) {
        const char *end = strchr(text, '\n');
        size_t len = end ? (size_t)(end - text) : strlen(text);
        while (len > 0 && (text[len - 1] == '\r' || text[len - 1] == ' ')) len--;
        if (len > 0) {
            buf_putc(out, '\n');
            buf_append(out, text, len);
            buf_putc(out, '\n');
        }
        text = end ? end + 1 : text + strlen(text);
    }
}

void export_markdown(const report *r, buf *out)
{
    buf_puts(out, "# ");
    export_report_title(r, out);
    buf_puts(out, "\n");
    for (int s = 0; s < SECTION_COUNT; s++) {
        buf_printf(out, "\n## %s\n", r->format->sections[s].heading);
        int text = export_section_text((enum report_section)s);
        if (text >= 0 && r->text[text]) md_paragraphs(r->text[text], out);
        switch (export_section_table((enum report_section)s)) {
        case TABLE_PROACTIVE: md_proactive(r, out); break;
        case TABLE_APPLICATIONS: md_applications(r, out); break;
        case TABLE_APPEALS: md_appeals(r, out); break;
        default: break;
        }
    }
}

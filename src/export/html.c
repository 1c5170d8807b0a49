/* html: the report as an HTML page in the official merged-cell layout (layout.c), with diagnostics marked on their
 * cells, and html_escape, the one escaping helper of every HTML writer in gongkai. */
#include "export/export.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* Small enough to paste into a government site's page; every rule is scoped to the report's classes. */
static const char REPORT_STYLE[] =
    ".gongkai-report{font-family:\"SimSun\",\"宋体\",serif;line-height:1.8;max-width:60em;margin:0 auto;"
    "padding:1em;color:#000}\n"
    ".gongkai-report h1{text-align:center;font-size:1.6em;font-weight:bold}\n"
    ".gongkai-report h2{font-size:1.2em;font-family:\"SimHei\",\"黑体\",sans-serif;font-weight:normal}\n"
    ".gongkai-report p{text-indent:2em;margin:.4em 0}\n"
    "table.gongkai{border-collapse:collapse;width:100%;margin:.8em 0;font-size:.9em}\n"
    "table.gongkai th,table.gongkai td{border:1px solid #000;padding:.3em .4em;text-align:center;"
    "vertical-align:middle}\n"
    "table.gongkai th{font-weight:normal}\n"
    "table.gongkai th.label{text-align:left}\n"
    "table.gongkai .error{background:#fcc;outline:2px solid #c00}\n"
    "table.gongkai .warning{background:#ffeaa0}\n";

const char *export_html_style(void) { return REPORT_STYLE; }

void html_escape(buf *out, const char *text)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        int32_t cp;
        int n = utf8_decode(text + i, len - i, &cp);
        switch (cp) {
        case -1: buf_puts(out, "\xEF\xBF\xBD"); break;
        case '&': buf_puts(out, "&amp;"); break;
        case '<': buf_puts(out, "&lt;"); break;
        case '>': buf_puts(out, "&gt;"); break;
        case '"': buf_puts(out, "&quot;"); break;
        case '\'': buf_puts(out, "&#39;"); break;
        default:
            if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F) break;
            buf_append(out, text + i, (size_t)n);
        }
        i += (size_t)n;
    }
}

/* ---- diagnostics on cells ---- */

/* Collects the messages of the diagnostics naming (table, row, column) into title, "；"-separated; returns how many
 * there are and sets *worst to the highest severity among them. */
static int find_marks(const diag_list *marks, enum report_table table, int row, int column, buf *title,
                      enum severity *worst)
{
    int found = 0;
    *worst = SEVERITY_WARNING;
    for (size_t i = 0; marks && i < marks->count; i++) {
        const diagnostic *d = &marks->items[i];
        if (d->table != table || d->row != row || d->column != column) continue;
        if (found++) buf_puts(title, "；");
        buf_puts(title, d->message ? d->message : d->rule);
        if (d->severity == SEVERITY_ERROR) *worst = SEVERITY_ERROR;
    }
    return found;
}

/* Writes ` class="…"` (the role class and the mark) and ` title="…"` for the marks on this place. */
static void write_cell_attributes(buf *out, const char *role_class, const diag_list *marks, enum report_table table,
                                  int row, int column)
{
    buf title = BUF_INIT;
    enum severity worst = SEVERITY_WARNING;
    int found = (row >= 0 || column >= 0) ? find_marks(marks, table, row, column, &title, &worst) : 0;
    if (role_class || found) {
        buf_puts(out, " class=\"");
        if (role_class) buf_puts(out, role_class);
        if (found) buf_printf(out, "%s%s", role_class ? " " : "", severity_name(worst));
        buf_putc(out, '"');
    }
    if (found) {
        buf_puts(out, " title=\"");
        html_escape(out, buf_cstr(&title));
        buf_putc(out, '"');
    }
    buf_free(&title);
}

/* ---- tables ---- */

static const char *role_class(enum layout_role role)
{
    switch (role) {
    case LAYOUT_CAPTION: return "caption";
    case LAYOUT_GROUP: return "group";
    case LAYOUT_LABEL: return "label";
    default: return NULL;
    }
}

static void write_cell(const report *r, const layout_cell *c, enum report_table table, const diag_list *marks,
                       buf *out)
{
    const char *tag = c->role == LAYOUT_VALUE ? "td" : "th";
    buf_printf(out, "<%s", tag);
    if (c->rowspan > 1) buf_printf(out, " rowspan=\"%d\"", c->rowspan);
    if (c->colspan > 1) buf_printf(out, " colspan=\"%d\"", c->colspan);
    if (c->role == LAYOUT_LABEL || c->role == LAYOUT_GROUP) buf_puts(out, " scope=\"row\"");
    write_cell_attributes(out, role_class(c->role), marks, table, c->row, c->column);
    buf_putc(out, '>');
    if (c->role == LAYOUT_VALUE) {
        buf text = BUF_INIT;
        export_cell_text(r, c->cell, &text);
        html_escape(out, buf_cstr(&text));
        buf_free(&text);
    } else {
        html_escape(out, c->text);
    }
    buf_printf(out, "</%s>", tag);
}

static void write_table(const report *r, enum report_table table, const diag_list *marks, buf *out)
{
    table_layout layout;
    table_layout_build(r->format, table, &layout);
    buf_printf(out, "<table data-table=\"%d\"", (int)table);
    buf title = BUF_INIT;
    enum severity worst;
    if (find_marks(marks, table, -1, -1, &title, &worst)) {
        buf_printf(out, " class=\"gongkai %s\" title=\"", severity_name(worst));
        html_escape(out, buf_cstr(&title));
        buf_putc(out, '"');
    } else {
        buf_puts(out, " class=\"gongkai\"");
    }
    buf_free(&title);
    buf_puts(out, ">\n<tbody>\n");
    for (int i = 0; i < layout.row_count; i++) {
        buf_puts(out, "<tr>");
        for (int j = 0; j < layout.rows[i].count; j++) write_cell(r, &layout.rows[i].cells[j], table, marks, out);
        buf_puts(out, "</tr>\n");
    }
    buf_puts(out, "</tbody>\n</table>\n");
    table_layout_free(&layout);
}

void export_html_tables(const report *r, const diag_list *marks, buf *out)
{
    for (int s = 0; s < SECTION_COUNT; s++) {
        enum report_table table = export_section_table((enum report_section)s);
        if (table != TABLE_NONE) write_table(r, table, marks, out);
    }
}

/* ---- the page ---- */

/* Each non-empty line of the narrative becomes a paragraph. */
static void write_paragraphs(const char *text, buf *out)
{
    while (*text) {
        const char *end = strchr(text, '\n');
        size_t len = end ? (size_t)(end - text) : strlen(text);
        const char *line = text_trim(text, &len);
        if (len > 0) {
            char *copy = xstrndup(line, len);
            buf_puts(out, "<p>");
            html_escape(out, copy);
            buf_puts(out, "</p>\n");
            free(copy);
        }
        text = end ? end + 1 : text + strlen(text);
    }
}

void export_html(const report *r, const diag_list *marks, buf *out)
{
    buf title = BUF_INIT;
    export_report_title(r, &title);
    buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    html_escape(out, buf_cstr(&title));
    buf_printf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<div class=\"gongkai-report\">\n<h1>",
               REPORT_STYLE);
    html_escape(out, buf_cstr(&title));
    buf_puts(out, "</h1>\n");
    buf_free(&title);
    for (int s = 0; s < SECTION_COUNT; s++) {
        buf_puts(out, "<h2>");
        html_escape(out, r->format->sections[s].heading);
        buf_puts(out, "</h2>\n");
        int text = export_section_text((enum report_section)s);
        enum report_table table = export_section_table((enum report_section)s);
        if (text >= 0 && r->text[text]) write_paragraphs(r->text[text], out);
        if (table != TABLE_NONE) write_table(r, table, marks, out);
    }
    buf_puts(out, "</div>\n</body>\n</html>\n");
}

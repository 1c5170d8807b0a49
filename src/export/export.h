/* export: renderings of a report value: canonical JSON (gongkai.report/1), the official merged-cell HTML layout,
 * Markdown, CSV and the two plain-text layouts the text importer reads back. Every function appends to `out`; the
 * caller owns and frees the buffer. Labels, keys and rows come from the format tables (report/format.c). */
#ifndef GONGKAI_EXPORT_EXPORT_H
#define GONGKAI_EXPORT_EXPORT_H

#include "report/diag.h"
#include "report/report.h"
#include "util/buf.h"

/* Canonical JSON (DESIGN.md §2.4), pretty-printed, UTF-8 unescaped, ending in a newline. A BLANK or ABSENT cell
 * is null; a table, row or block whose cells are all ABSENT is left out, so json_read_report gives it back as
 * ABSENT. */
void export_json(const report *r, buf *out);
/* An array of {rule, severity, table, row, column, expected, actual, message}; row and column are the keys (null
 * when not applicable), expected/actual null when empty. */
void export_diagnostics_json(const diag_list *d, buf *out);
/* The same array as a jansson value (a new reference: the caller decrefs it or hands it on), for callers that put
 * it inside a larger document instead of printing it and reading it back. */
struct json_t *export_diagnostics_value(const diag_list *d);

/* A whole HTML page: title, the six sections with their narrative and the three tables in the official merged-cell
 * layout. marks (nullable): diagnostics whose cells get class="error"/"warning" and a title with the message. */
void export_html(const report *r, const diag_list *marks, buf *out);
/* The three tables only, to embed in another page. */
void export_html_tables(const report *r, const diag_list *marks, buf *out);
/* Appends text HTML-escaped (& < > " '), for element content and attribute values alike. Invalid UTF-8 becomes
 * U+FFFD and control characters other than tab and line breaks are dropped, so the output is always valid UTF-8.
 * The one escaping helper of every HTML writer. */
void html_escape(buf *out, const char *text);
/* The page's inline CSS (scoped to .gongkai-report and table.gongkai), for pages that embed export_html_tables. */
const char *export_html_style(void);

/* The report as Markdown: headings, narrative, pipe tables (merged cells flattened: group labels prefixed to the
 * labels of their sub-rows and columns; table 四 as one row per block). */
void export_markdown(const report *r, buf *out);

/* CSV: header "table,row,column,value", then one line per cell, e.g. "3,received,natural_person,35"; blank and
 * absent cells have an empty value; decimals as printed. RFC 4180 quoting; lines end in "\n". */
void export_csv(const report *r, buf *out);

/* Plain-text renderings read back by the text importer (property tests). */
/* Title, headings, narrative, then every table cell in document order of the merged-cell layout, one per line;
 * a blank or absent cell is an empty line. */
void export_text_cell_per_line(const report *r, buf *out);
/* Like `pdftotext -layout`: each table row on one line, label then values separated by at least two spaces; blank
 * and absent cells print as "/" so that positions survive. */
void export_text_aligned(const report *r, buf *out);


/* "<agency><year>年度政府信息公开工作年度报告" (a part left out when unknown), appended to out unescaped. */
void export_report_title(const report *r, buf *out);
/* Appends the text of a cell as printed: the count, the decimal or amount text, nothing when blank or absent. */
void export_cell_text(const report *r, int cell, buf *out);
/* The narrative that belongs under a section heading, or -1 for the table sections. */
int export_section_text(enum report_section section);

/* ---- The official merged-cell layout of the three tables (layout.c), shared by every renderer ---- */

enum layout_role {
    LAYOUT_CAPTION, /* a sub-table caption spanning the row: "第二十条第（一）项" */
    LAYOUT_HEADER,  /* a column header */
    LAYOUT_GROUP,   /* a label spanning several rows: "三、本年度办理结果", "（三）不予公开" */
    LAYOUT_LABEL,   /* the label of a data row */
    LAYOUT_VALUE    /* a value: a report cell */
};

typedef struct layout_cell {
    enum layout_role role;
    const char *text;   /* static label text (format tables or TEMPLATE_CAPTIONS); NULL for values */
    int cell;           /* LAYOUT_VALUE: the report cell; else -1 */
    int row, column;    /* what a diagnostic names: format row/item/block and column/field, -1 when none */
    int rowspan, colspan;
} layout_cell;

#define LAYOUT_MAX_CELLS (APPEAL_BLOCKS * APPEAL_FIELDS)

typedef struct layout_row {
    layout_cell cells[LAYOUT_MAX_CELLS];
    int count;
} layout_row;

typedef struct table_layout {
    enum report_table table;
    int grid_columns;   /* width of the grid in cells */
    layout_row *rows;   /* owned */
    int row_count, row_cap;
} table_layout;

/* Lays out table 二, 三 or 四 of format f as in the official template: each row lists its cells in document order;
 * a cell spanning rows appears only in its first row. Free with table_layout_free. */
void table_layout_build(const report_format *f, enum report_table table, table_layout *out);
void table_layout_free(table_layout *t);

/* The table printed under a section heading, or TABLE_NONE for the narrative sections. */
enum report_table export_section_table(enum report_section section);

#endif

/* pipeline: the shared stages of every importer: text layout → items (text_layout.c), items → report
 * (assemble.c), glued digit runs → numbers (decode.c). */
#ifndef GONGKAI_IMPORT_PIPELINE_H
#define GONGKAI_IMPORT_PIPELINE_H

#include <stddef.h>

#include "import/items.h"
#include "report/diag.h"
#include "report/report.h"

/* Splits UTF-8 text (any layout: one cell per line, pdftotext -layout, crawler text) into items on s, whose
 * source must be `text`. Page footers ("-4-", "第4页") are dropped; in a one-cell-per-line layout an empty line is
 * a blank cell unless the whole text is double-spaced. */
void text_layout_to_items(const char *text, size_t len, item_stream *s);

/* Builds a report from items. Returns NULL with *error (Chinese, caller frees) when the items hold no report
 * (no table 三). name is used in messages. */
report *assemble_report(const item_stream *s, const char *name, char **error);

/* A run of values the assembler could not split by separators alone: digits glued together. */
typedef struct glued_row {
    enum report_table table;
    int row;               /* application row / proactive item / 0 for table 四 */
    int first_cell;        /* the report cell of the first value */
    int cell_count;        /* how many values the row needs */
    char **chunks;         /* owned: the normalised digit chunks as separated in the source, in order */
    int chunk_count;
} glued_row;

typedef struct glued_rows {
    glued_row *rows;
    size_t count, cap;
} glued_rows;

void glued_rows_free(glued_rows *g);

/* Splits every glued row into its values so that the report satisfies R1–R4 (and, for table 二, plausibility),
 * writing the values into r. Where more than one split survives it writes none of the ambiguous cells, leaves
 * them ABSENT and adds a "D" warning naming the cells and the candidate values to notes. */
void decode_glued(report *r, const glued_rows *g, diag_list *notes);

#endif

/* grid: what the HTML and DOCX importers share. The emitter that turns the text of paragraphs and cells into items
 * (whitespace-separated pieces, explicit blanks for empty cells); and, for DOCX, a table's cells placed on a
 * row × column grid with gridSpan/vMerge resolved, so that a merged cell is read once, at its origin, and the cells
 * it covers emit nothing. HTML needs no placing to get the same: a page prints only the origin of a
 * rowspan/colspan cell, and items carry no column, so each merged cell is read once where it stands. The grid is
 * bounded: spans are clamped and the area they cover has a budget, so hostile spans cost neither quadratic time
 * nor memory. */
#ifndef GONGKAI_IMPORT_GRID_H
#define GONGKAI_IMPORT_GRID_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "import/items.h"
#include "util/buf.h"

#define GRID_MAX_SPAN 1000          /* largest rowspan / colspan honoured */
#define GRID_MAX_COLUMNS 4096       /* cells beyond this column are kept but cover nothing */
#define GRID_MAX_AREA (1u << 22)    /* grid positions covered by one table's spans, at most */

typedef struct grid_cell {
    int row, col;         /* origin, 0-based */
    int rowspan, colspan; /* after clamping, >= 1 */
} grid_cell;

typedef struct grid {
    grid_cell *cells;     /* owned: placed cells, row by row, left to right */
    size_t count, cap;
    int rows;             /* rows begun so far */
    int cols;             /* width: one past the rightmost covered column */
    int *owner;           /* owned, per column: the cell covering it most recently, -1 none */
    int *until;           /* owned, per column: the last row that cell covers, -1 none */
    int col_cap;
    size_t area;          /* positions covered so far, against GRID_MAX_AREA */
    bool clamped;         /* some span was reduced to keep the grid bounded */
} grid;

void grid_init(grid *g);
void grid_free(grid *g);
/* Starts the next row. */
void grid_begin_row(grid *g);
/* Places a cell of the current row at column col (a row's cells come left to right). */
size_t grid_add_at(grid *g, int col, int colspan);
/* DOCX vertical merge: extends the cell of the previous row that covers column col one row down. Returns that
 * cell's index, or -1 when no cell of the previous row starts at col (the caller then places its own cell). */
long grid_extend_down(grid *g, int col);

/* Turns collected text into items: each run of non-space characters becomes one piece; the first piece of a
 * line or table row carries line_start, the first of a cell cell_start; a cell that yields nothing becomes one
 * blank item.
 * Pending text that came in one part (a cell or line that is one text node, nearly every one) is not copied: the
 * emitter keeps the caller's pointer and cuts the pieces from it; only a second part, or a break, copies it into
 * `text`. So text given to emitter_text must stay valid until it is cut (the next emitter call other than
 * emitter_text and emitter_space). */
typedef struct item_emitter {
    item_stream *s;       /* not owned */
    const char *borrowed; /* not owned: the pending text while it is one caller's part, borrowed_len bytes */
    size_t borrowed_len;  /* 0 when the pending text (if any) is in `text` */
    buf text;             /* owned: pending text of the current line or cell, when copied */
    int line;             /* line number given to the pending text */
    bool line_start;      /* the next item starts a line or row */
    bool cell_start;      /* the next piece starts a cell */
    bool in_cell;
    size_t cell_first_item; /* s->count when the current cell began */
} item_emitter;

void emitter_init(item_emitter *e, item_stream *s);
void emitter_free(item_emitter *e);
/* Appends printed text to the pending line or cell (see above for how long `text` must live). */
void emitter_text(item_emitter *e, const char *text, size_t len);
/* True when text is pending: some emitter_text since the pending text was last cut. */
static inline bool emitter_has_pending(const item_emitter *e) { return e->borrowed_len > 0 || e->text.len > 0; }
/* A break inside a line or cell (<br>, a paragraph in a cell): separates pieces. */
void emitter_space(item_emitter *e);
/* Emits the pending text as pieces. */
void emitter_flush(item_emitter *e);
/* Ends the pending line; the next text starts a new line numbered `line`. */
void emitter_new_line(item_emitter *e, int line);
/* Table rows and cells. A row's first item gets line_start. */
void emitter_begin_row(item_emitter *e, int line);
void emitter_begin_cell(item_emitter *e);
void emitter_end_cell(item_emitter *e);
/* A table nested in a cell: emitter_enter_nested before its rows, emitter_leave_nested after, with the same mark;
 * the outer cell then continues (and is not blank when the nested table gave items). */
typedef struct emitter_mark {
    int line;
    bool in_cell, line_start, cell_start;
    size_t cell_first_item;
    size_t items_before;  /* s->count when the nested table began */
} emitter_mark;
void emitter_enter_nested(item_emitter *e, emitter_mark *mark);
void emitter_leave_nested(item_emitter *e, const emitter_mark *mark);

/* Walking the libxml2 tree both importers parse into. */
/* The next node after n in document order within root's subtree; n's children are skipped unless descend. */
xmlNode *subtree_next(const xmlNode *root, xmlNode *n, bool descend);
/* A question subtree_collect asks of a node, with the caller's context. */
typedef bool (*node_test)(const xmlNode *n, const void *context);
/* The nodes under root that keep accepts, in document order, looking neither inside a kept node nor inside one
 * that enter refuses. Returns their count; *out is newly allocated (NULL when none; caller frees). */
size_t subtree_collect(xmlNode *root, node_test keep, node_test enter, const void *context, xmlNode ***out);

#endif

/* grid: DOCX table cells placed with their spans resolved, within fixed bounds, and the emitter that turns
 * paragraph and cell text into items, shared by the HTML and DOCX importers (see grid.h). */
#include "import/grid.h"

#include <stdlib.h>
#include <string.h>

#include "import/byte_scan.h"
#include "util/text.h"

void grid_init(grid *g)
{
    memset(g, 0, sizeof *g);
}

void grid_free(grid *g)
{
    free(g->cells);
    free(g->owner);
    free(g->until);
    memset(g, 0, sizeof *g);
}

void grid_begin_row(grid *g) { g->rows++; }

/* Makes owner[] and until[] hold at least `cols` columns (cols <= GRID_MAX_COLUMNS). */
static void ensure_columns(grid *g, int cols)
{
    if (cols <= g->col_cap) return;
    int cap = g->col_cap ? g->col_cap : 16;
    while (cap < cols) cap *= 2;
    if (cap > GRID_MAX_COLUMNS) cap = GRID_MAX_COLUMNS;
    g->owner = xrealloc(g->owner, (size_t)cap * sizeof *g->owner);
    g->until = xrealloc(g->until, (size_t)cap * sizeof *g->until);
    for (int c = g->col_cap; c < cap; c++) g->owner[c] = g->until[c] = -1;
    g->col_cap = cap;
}

static int current_row(grid *g)
{
    if (g->rows == 0) grid_begin_row(g);
    return g->rows - 1;
}

static int clamp_span(int span)
{
    if (span < 1) return 1;
    return span > GRID_MAX_SPAN ? GRID_MAX_SPAN : span;
}

/* Records a cell at (row, col) covering rowspan × colspan, after fitting it into the bounds. */
static size_t place(grid *g, int row, int col, int rowspan, int colspan)
{
    if (col >= GRID_MAX_COLUMNS) {
        col = GRID_MAX_COLUMNS;
        rowspan = colspan = 1;
        g->clamped = true;
    } else if (col + colspan > GRID_MAX_COLUMNS) {
        colspan = GRID_MAX_COLUMNS - col;
        g->clamped = true;
    }
    if (rowspan > 1 || colspan > 1) {
        size_t cost = (size_t)rowspan * (size_t)colspan;
        if (g->area + cost > GRID_MAX_AREA) {
            rowspan = colspan = 1;
            g->clamped = true;
        } else {
            g->area += cost;
        }
    }
    if (g->count == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 32;
        g->cells = xrealloc(g->cells, g->cap * sizeof *g->cells);
    }
    size_t index = g->count++;
    g->cells[index] = (grid_cell){row, col, rowspan, colspan};
    if (col < GRID_MAX_COLUMNS) {
        ensure_columns(g, col + colspan);
        for (int c = col; c < col + colspan; c++) {
            g->owner[c] = (int)index;
            g->until[c] = row + rowspan - 1;
        }
        if (col + colspan > g->cols) g->cols = col + colspan;
    }
    return index;
}

size_t grid_add_at(grid *g, int col, int colspan)
{
    int row = current_row(g);
    if (col < 0) col = 0;
    return place(g, row, col, 1, clamp_span(colspan));
}

long grid_extend_down(grid *g, int col)
{
    int row = current_row(g);
    if (row == 0 || col < 0 || col >= g->col_cap) return -1;
    int index = g->owner[col];
    if (index < 0 || g->until[col] != row - 1) return -1;
    grid_cell *cell = &g->cells[index];
    if (cell->col != col) return -1;
    if (g->area + (size_t)cell->colspan > GRID_MAX_AREA) {
        g->clamped = true;
        return -1;
    }
    g->area += (size_t)cell->colspan;
    cell->rowspan++;
    for (int c = col; c < col + cell->colspan && c < g->col_cap; c++)
        if (g->owner[c] == index) g->until[c] = row;
    return index;
}

/* ---- emitter ---- */

void emitter_init(item_emitter *e, item_stream *s)
{
    memset(e, 0, sizeof *e);
    e->s = s;
    e->line = 1;
    e->line_start = true;
}

void emitter_free(item_emitter *e)
{
    buf_free(&e->text);
}

/* Moves borrowed pending text into the emitter's own buffer, before more is added to it. */
static void copy_borrowed(item_emitter *e)
{
    buf_append(&e->text, e->borrowed, e->borrowed_len);
    e->borrowed = NULL;
    e->borrowed_len = 0;
}

void emitter_text(item_emitter *e, const char *text, size_t len)
{
    if (len == 0) return;
    if (!emitter_has_pending(e)) { /* the first part: borrowed, cut from where it lies */
        e->borrowed = text;
        e->borrowed_len = len;
        return;
    }
    if (e->borrowed_len) copy_borrowed(e);
    buf_append(&e->text, text, len);
}

void emitter_space(item_emitter *e)
{
    if (e->borrowed_len) {
        if (e->borrowed[e->borrowed_len - 1] == ' ') return;
        copy_borrowed(e);
    }
    if (e->text.len && e->text.data[e->text.len - 1] != ' ') buf_putc(&e->text, ' ');
}

static void add_piece(item_emitter *e, const char *piece, size_t len)
{
    size_t before = e->s->count;
    items_add_piece(e->s, piece, len, e->line, e->line_start, e->cell_start);
    if (e->s->count > before) e->line_start = e->cell_start = false;
}

/* Cuts the pending text at white space into pieces (scan_next_piece). Kept out of line so that emitter_flush,
 * called at every cell's start and end, costs a test when nothing is pending. */
__attribute__((noinline)) static void cut_pending_text(item_emitter *e)
{
    const char *p = e->borrowed_len ? e->borrowed : e->text.data;
    size_t len = e->borrowed_len ? e->borrowed_len : e->text.len, at = 0, piece_len;
    if (scan_piece_stop(p, len, 0) == len) {
        /* No byte of it may begin a space (a number or a label: most cells): it is one piece, the one
         * scan_next_piece would find after the same search, without the searches for a leading space and for a
         * next piece. */
        add_piece(e, p, len);
    } else {
        while ((at = scan_next_piece(p, len, at, &piece_len)), piece_len > 0) {
            add_piece(e, p + at, piece_len);
            at += piece_len;
        }
    }
    e->borrowed = NULL;
    e->borrowed_len = 0;
    if (e->text.len) buf_clear(&e->text);
}

void emitter_flush(item_emitter *e)
{
    if (emitter_has_pending(e)) cut_pending_text(e);
}

void emitter_new_line(item_emitter *e, int line)
{
    emitter_flush(e);
    e->line = line;
    e->line_start = true;
    e->cell_start = false;
}

void emitter_begin_row(item_emitter *e, int line)
{
    emitter_new_line(e, line);
}

void emitter_begin_cell(item_emitter *e)
{
    emitter_flush(e);
    e->cell_start = true;
    e->in_cell = true;
    e->cell_first_item = e->s->count;
}

void emitter_end_cell(item_emitter *e)
{
    emitter_flush(e);
    if (e->s->count == e->cell_first_item) {
        items_add_blank(e->s, e->line, e->line_start);
        e->line_start = false;
    }
    e->cell_start = false;
    e->in_cell = false;
}

void emitter_enter_nested(item_emitter *e, emitter_mark *mark)
{
    emitter_flush(e);
    mark->line = e->line;
    mark->in_cell = e->in_cell;
    mark->cell_first_item = e->cell_first_item;
    mark->line_start = e->line_start;
    mark->cell_start = e->cell_start;
    mark->items_before = e->s->count;
}

void emitter_leave_nested(item_emitter *e, const emitter_mark *mark)
{
    emitter_flush(e);
    e->line = mark->line;
    e->in_cell = mark->in_cell;
    e->cell_first_item = mark->cell_first_item;
    bool emitted = e->s->count > mark->items_before;
    e->line_start = emitted ? false : mark->line_start;
    e->cell_start = emitted ? false : mark->cell_start;
}

/* ---- walking a libxml2 subtree ---- */

xmlNode *subtree_next(const xmlNode *root, xmlNode *n, bool descend)
{
    if (descend && n->children) return n->children;
    while (n && n != root) {
        if (n->next) return n->next;
        n = n->parent;
    }
    return NULL;
}

size_t subtree_collect(xmlNode *root, node_test keep, node_test enter, const void *context, xmlNode ***out)
{
    size_t count = 0, cap = 0;
    *out = NULL;
    xmlNode *n = root->children;
    while (n) {
        bool descend = enter(n, context);
        if (keep(n, context)) {
            if (count == cap) {
                cap = cap ? cap * 2 : 16;
                *out = xrealloc(*out, cap * sizeof **out);
            }
            (*out)[count++] = n;
            descend = false;
        }
        n = subtree_next(root, n, descend);
    }
    return count;
}

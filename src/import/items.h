/* items: the one token stream every importer produces and the assembler reads. A source (lines of text, HTML
 * cells, PDF text, DOCX cells) becomes a sequence of pieces: label text, numbers and explicit blank cells, each
 * normalised (DESIGN.md §2.6) and tagged with where it came from. */
#ifndef GONGKAI_IMPORT_ITEMS_H
#define GONGKAI_IMPORT_ITEMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

enum item_kind {
    ITEM_TEXT,   /* label or narrative text */
    ITEM_NUMBER, /* digits, maybe with sign, thousands separators, decimals and a unit ("251000元") */
    ITEM_BLANK   /* an explicitly empty cell or a placeholder ("/", "—", "-") */
};

typedef struct item {
    uint8_t kind;
    bool line_start;   /* first piece of a line, paragraph or table row */
    bool cell_start;   /* first piece of a table cell (HTML, DOCX) */
    uint32_t norm_off; /* normalised text: stream->norm.data + norm_off, norm_len bytes (NUL-terminated) */
    uint32_t norm_len;
    uint32_t src_off;  /* the piece as printed: stream->source + src_off, src_len bytes */
    uint32_t src_len;
    int line;          /* 1-based line of the source (or table row for HTML/DOCX) */
} item;

typedef struct item_stream {
    const char *source;  /* the UTF-8 text the pieces came from (not owned); NULL when pieces were built */
    buf norm;            /* normalised piece texts, each NUL-terminated */
    buf built_source;    /* pieces' printed text, when source is NULL (HTML, DOCX) */
    item *items;
    size_t count, cap;
    struct folded *scratch; /* owned: reused while cutting pieces */
} item_stream;

void items_init(item_stream *s, const char *source);
/* Makes room for the pieces of a source of source_len bytes at once, instead of growing piece by piece. */
void items_reserve(item_stream *s, size_t source_len);
void items_free(item_stream *s);

/* Adds one whitespace-free piece of printed text. It is normalised and split where digits are glued to text
 * ("数量230" → text "数量", number "230"); an enumerator glued to the digits before it stays with its label
 * ("00000002.其他法律…" → number "0000000", text "2.其他法律…"). src is a pointer into s->source or any text when
 * s->source is NULL. */
void items_add_piece(item_stream *s, const char *src, size_t len, int line, bool line_start, bool cell_start);
/* items_add_piece for a piece known to be its own normal form (scan_next_piece_flags found it not `changed`);
 * numberish: it holds a digit or a sign. Same items as items_add_piece, without folding. */
void items_add_unchanged_piece(item_stream *s, const char *src, size_t len, bool numberish, int line,
                               bool line_start, bool cell_start);
/* items_add_piece for a piece whose bytes normalisation may change are known (scan_maps): byte i of the piece is
 * one when bit first_bit + i of `changed` is set; numberish: the piece holds a digit or a sign. Same items as
 * items_add_piece; the runs between changed bytes are copied without being looked at. */
void items_add_mapped_piece(item_stream *s, const char *src, size_t len, const uint64_t *changed, size_t first_bit,
                            bool numberish, int line, bool line_start, bool cell_start);
/* items_add_piece the plain way, for every piece: fold with a map back to the source, then cut. items_add_piece
 * takes it only for a piece that must be cut; the tests hold the fast way to it. Same items, same streams. */
void items_add_piece_reference(item_stream *s, const char *src, size_t len, int line, bool line_start,
                               bool cell_start);
/* Adds an explicit blank cell. */
void items_add_blank(item_stream *s, int line, bool line_start);

static inline const char *item_norm(const item_stream *s, const item *it) { return s->norm.data + it->norm_off; }
static inline const char *item_source_text(const item_stream *s, const item *it)
{
    return (s->source ? s->source : s->built_source.data) + it->src_off;
}

/* True when the normalised piece is a placeholder for a blank cell. */
bool items_is_placeholder(const char *norm);

#endif

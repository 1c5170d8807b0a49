/* text_layout: plain text of any layout → items. Handles one cell per line (blank lines as blank cells, or as
 * mere spacing when the whole text is double-spaced), `pdftotext -layout` (cells separated by runs of spaces,
 * page footers inside tables) and crawler text with no separators (split later by the decoder). */
#include "import/pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "import/byte_scan.h"
#include "util/text.h"

typedef struct line_span {
    const char *start;
    size_t len;
} line_span;

/* Normalised line without spaces, into scratch. */
static const char *squeezed(line_span l, buf *scratch)
{
    buf_clear(scratch);
    text_normalize(l.start, l.len, scratch, SPACES_DROP);
    return buf_cstr(scratch);
}

/* A page footer or header: "-4-", "— 4 —", "第4页", "第 4 页 共 9 页", "4/9". */
static bool is_page_chrome(const char *s)
{
    const char *p = s;
    if (*p == '-') {
        p++;
        const char *digits = p;
        while (*p >= '0' && *p <= '9') p++;
        return p > digits && *p == '-' && p[1] == '\0';
    }
    if (strncmp(p, "第", strlen("第")) == 0) {
        p += strlen("第");
        const char *digits = p;
        while (*p >= '0' && *p <= '9') p++;
        if (p == digits || strncmp(p, "页", strlen("页")) != 0) return false;
        p += strlen("页");
        if (*p == '\0') return true;
        if (*p == ',') p++;
        if (strncmp(p, "共", strlen("共")) != 0) return false;
        p += strlen("共");
        while (*p >= '0' && *p <= '9') p++;
        return strcmp(p, "页") == 0;
    }
    return false;
}

static bool is_space_byte(unsigned char c) { return c == ' ' || c == '\t' || c == '\v'; }

/* The white-space separated pieces of every line, cut once. */
typedef struct piece_span {
    uint32_t off, len;   /* into the text */
    bool changed;        /* normalisation may change it (scan_next_piece_flags) */
    bool numberish;      /* it holds a digit or a sign */
} piece_span;

/* A line that gives items (not empty, not a footer), with the empty lines before it: the layout's decisions
 * (a cell per line, double spacing, blank cells) look only at these. */
typedef struct kept_line {
    uint32_t start, len;   /* the line in the text */
    int number;            /* 1-based line number */
    uint32_t empty_before; /* lines without pieces (footers not counted) since the kept line before */
    uint32_t first, count; /* into the pieces */
    bool numeric;          /* holds a piece that is a number */
} kept_line;

typedef struct cut_text {
    piece_span *pieces;
    size_t piece_count, piece_cap;
    kept_line *lines;
    size_t line_count, line_cap;
} cut_text;

static bool piece_is_number(const char *s, size_t len)
{
    size_t digits = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9') digits++;
        else if (s[i] != ',' && s[i] != '.' && s[i] != '-') return false;
    }
    return digits > 0;
}

static bool memchr_digit(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] >= '0' && s[i] <= '9') return true;
    return false;
}

/* True when the line holds a CJK ideograph other than those of a page footer (第, 页, 共): normalisation keeps
 * every ideograph, so such a line can never be a footer and need not be normalised to find out. */
static bool has_non_footer_ideograph(const char *s, size_t len)
{
    for (size_t i = 0; i + 2 < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0xE4 || c > 0xE9 || ((unsigned char)s[i + 1] & 0xC0) != 0x80 ||
            ((unsigned char)s[i + 2] & 0xC0) != 0x80)
            continue;
        int32_t cp = ((c & 0x0F) << 12) | (((unsigned char)s[i + 1] & 0x3F) << 6) | ((unsigned char)s[i + 2] & 0x3F);
        if (cp >= 0x4E00 && cp != 0x7B2C && cp != 0x9875 && cp != 0x5171) return true;
        i += 2;
    }
    return false;
}

/* True when the line is ASCII whose first printed character is not '-': normalisation leaves ASCII as it is, so
 * it can be neither "-4-" nor "第4页" (the digit lines of a one-cell-per-line text, most short lines with a digit). */
static bool ascii_not_footer(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
    if (i < len && s[i] == '-') return false;
    for (; i < len; i++)
        if ((unsigned char)s[i] >= 0x80) return false;
    return true;
}

/* True when the line's first printed character (after any white space, Unicode too) is printable ASCII but '-'
 * and the apostrophe: normalisation drops the spaces and keeps that character first, so the normalised line starts
 * with neither "-" nor "第" and is no footer (the cells "\u00A0 0" of a one-cell-per-line text). */
static bool starts_unlike_footer(const char *s, size_t len)
{
    size_t i = 0, space;
    while (i < len && (space = scan_space_length(s + i, len - i)) > 0) i += space;
    unsigned char c = i < len ? (unsigned char)s[i] : 0;
    return c > ' ' && c < 0x7F && c != '-' && c != '\'';
}

/* Cuts the pieces of one line (not a footer) onto cut; returns how many, and sets *numeric when one is a number. */
static size_t cut_line(const char *text, size_t line_start, size_t line_end, const scan_maps *maps, cut_text *cut,
                       bool *numeric)
{
    size_t count = 0;
    scan_piece piece;
    for (size_t at = line_start; scan_mapped_piece(maps, at, line_end, &piece), piece.len > 0;
         at = piece.start + piece.len) {
        if (cut->piece_count == cut->piece_cap) {
            cut->piece_cap = cut->piece_cap ? cut->piece_cap * 2 : 1024;
            cut->pieces = xrealloc(cut->pieces, cut->piece_cap * sizeof *cut->pieces);
        }
        cut->pieces[cut->piece_count++] =
            (piece_span){(uint32_t)piece.start, (uint32_t)piece.len, piece.changed, piece.numberish};
        /* a number piece is digits, ',', '.' and '-': never changed, always numberish */
        *numeric |= !piece.changed && piece.numberish && piece_is_number(text + piece.start, piece.len);
        count++;
    }
    return count;
}

/* True when the line is a page footer. Footers are short lines with a digit (the number map, digits and signs,
 * rules out most at once); the cheap tests come first, normalising the line last. */
static bool is_footer_line(const char *text, line_span l, const scan_maps *maps, buf *scratch)
{
    size_t line_start = (size_t)(l.start - text);
    return l.len <= 64 && scan_bits_any(maps->number, line_start, line_start + l.len) &&
           memchr_digit(l.start, l.len) && !ascii_not_footer(l.start, l.len) &&
           !has_non_footer_ideograph(l.start, l.len) && !starts_unlike_footer(l.start, l.len) &&
           is_page_chrome(squeezed(l, scratch));
}

/* Splits the text into lines ('\n', '\r', '\f', "\r\n") and cuts each into pieces, keeping the lines that have
 * some (footers dropped). */
static void cut_lines(const char *text, size_t len, const scan_maps *maps, cut_text *cut, buf *scratch)
{
    size_t start = 0, empty = 0;
    int number = 0;
    for (size_t i = 0; i <= len; i++) {
        i = scan_line_break(text, len, i); /* a line break, or len: the last line */
        line_span l = {text + start, i - start};
        number++;
        if (i + 1 < len && text[i] == '\r' && text[i + 1] == '\n') i++;
        start = i + 1;
        if (l.len > 0 && is_footer_line(text, l, maps, scratch)) continue;
        bool numeric = false;
        size_t first = cut->piece_count;
        size_t count = l.len ? cut_line(text, (size_t)(l.start - text), (size_t)(l.start - text) + l.len, maps, cut,
                                        &numeric)
                             : 0;
        if (count == 0) {
            empty++;
            continue;
        }
        if (cut->line_count == cut->line_cap) {
            cut->line_cap = cut->line_cap ? cut->line_cap * 2 : 256;
            cut->lines = xrealloc(cut->lines, cut->line_cap * sizeof *cut->lines);
        }
        cut->lines[cut->line_count++] = (kept_line){(uint32_t)(l.start - text), (uint32_t)l.len, number,
                                                    (uint32_t)empty, (uint32_t)first, (uint32_t)count, numeric};
        empty = 0;
    }
}

typedef struct layout_stats {
    size_t numeric_lines;    /* lines holding a number */
    size_t single_cell;      /* … of which hold just one piece */
    size_t gaps, double_gaps;
} layout_stats;

static void gather_stats(const cut_text *cut, layout_stats *st)
{
    memset(st, 0, sizeof *st);
    for (size_t i = 0; i < cut->line_count; i++) {
        const kept_line *kl = &cut->lines[i];
        if (i > 0) {
            st->gaps++;
            st->double_gaps += kl->empty_before >= 1;
        }
        if (kl->numeric) {
            st->numeric_lines++;
            st->single_cell += kl->count == 1;
        }
    }
}

/* A Markdown pipe-table row ("| label | 3 |  |"): each cell is one cell; an empty cell is blank. Separator rows
 * ("| --- | :-: |") give nothing. Returns false when the line is not a table row. */
static bool pipe_row_to_items(line_span l, int line, item_stream *s)
{
    size_t start = 0;
    while (start < l.len && is_space_byte((unsigned char)l.start[start])) start++;
    if (start >= l.len || l.start[start] != '|') return false;
    bool separator = true;
    for (size_t i = start; i < l.len && separator; i++)
        separator = strchr("|-: \t", l.start[i]) != NULL;
    if (separator) return true;
    size_t cell = start + 1;
    bool first = true;
    for (size_t i = cell; i <= l.len; i++) {
        if (i < l.len && (l.start[i] != '|' || l.start[i - 1] == '\\')) continue;
        if (i == l.len && i == cell) break;
        size_t plen, at = cell, pieces = 0;
        while ((at = scan_next_piece(l.start, i, at, &plen)), plen > 0) {
            items_add_piece(s, l.start + at, plen, line, first, pieces == 0);
            first = false;
            pieces++;
            at += plen;
        }
        if (pieces == 0 && i < l.len) {
            items_add_blank(s, line, first);
            first = false;
        }
        cell = i + 1;
    }
    return true;
}

void text_layout_to_items(const char *text, size_t len, item_stream *s)
{
    items_reserve(s, len);
    buf scratch = BUF_INIT;
    cut_text cut = {NULL, 0, 0, NULL, 0, 0};
    scan_maps maps;
    scan_maps_build(text, len, &maps);
    cut_lines(text, len, &maps, &cut, &scratch);
    layout_stats st;
    gather_stats(&cut, &st);
    bool cell_per_line = st.numeric_lines >= 10 && st.single_cell * 10 >= st.numeric_lines * 8;
    bool double_spaced = st.gaps > 0 && st.double_gaps * 10 >= st.gaps * 8;
    for (size_t i = 0; i < cut.line_count; i++) {
        const kept_line *kl = &cut.lines[i];
        /* a pipe-table row's first piece starts with its '|' */
        if (text[cut.pieces[kl->first].off] == '|' &&
            pipe_row_to_items((line_span){text + kl->start, kl->len}, kl->number, s))
            continue;
        if (cell_per_line && kl->empty_before) {
            size_t blanks = double_spaced ? (kl->empty_before - 1) / 2 : kl->empty_before;
            for (size_t b = 0; b < blanks; b++) items_add_blank(s, kl->number, true);
        }
        for (size_t k = 0; k < kl->count; k++) {
            const piece_span *p = &cut.pieces[kl->first + k];
            if (p->changed)
                items_add_mapped_piece(s, text + p->off, p->len, maps.changed, p->off, p->numberish, kl->number,
                                       k == 0, k == 0);
            else items_add_unchanged_piece(s, text + p->off, p->len, p->numberish, kl->number, k == 0, k == 0);
        }
    }
    buf_free(&scratch);
    scan_maps_free(&maps);
    free(cut.pieces);
    free(cut.lines);
}

/* items: building the normalised token stream shared by every importer. A printed piece of text is folded
 * character by character (so each piece keeps its exact source span), then cut where digits meet text. The
 * reference way keeps a span map per piece; the fast ways (items_add_piece, items_add_mapped_piece,
 * items_add_unchanged_piece) fold straight onto the stream and map back only the characters folding changed. */
#include "import/items.h"

#include <stdlib.h>
#include <string.h>

#include "import/byte_scan.h"
#include "util/text.h"

void items_init(item_stream *s, const char *source)
{
    memset(s, 0, sizeof *s);
    s->source = source;
}

void items_reserve(item_stream *s, size_t source_len)
{
    /* normalised text is at most as long as its source plus a NUL per piece; a piece takes 8 bytes or more */
    buf_reserve(&s->norm, source_len + source_len / 4 + 64);
    size_t items = source_len / 8 + 64;
    if (items > s->cap) {
        s->items = xrealloc(s->items, items * sizeof *s->items);
        s->cap = items;
    }
}

static void folded_free(struct folded *f);

void items_free(item_stream *s)
{
    buf_free(&s->norm);
    buf_free(&s->built_source);
    free(s->items);
    folded_free(s->scratch);
    memset(s, 0, sizeof *s);
}

bool items_is_placeholder(const char *norm)
{
    /* in normalised form: — and － are already '-', ／ is '/' */
    static const char *const placeholders[] = {"/", "-", "--", "---", "\\", "无", "*", "\xEF\xBF\xBD"};
    for (size_t i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++)
        if (norm[0] == placeholders[i][0] && strcmp(norm, placeholders[i]) == 0) return true;
    return false;
}

static item *push_item(item_stream *s)
{
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->items = xrealloc(s->items, s->cap * sizeof *s->items);
    }
    item *it = &s->items[s->count++];
    *it = (item){0};
    return it;
}

/* Where the bytes of a folded piece came from, as spans: from norm offset norm_at on, either byte for byte from
 * source offset src_at on (a run copied as it is), or all from the one character at src_at (a folded character,
 * whose output may be longer or shorter than it, or empty). A piece has a span per run and per folded character,
 * so a typical label has a handful, where a map per byte would cost a store per byte. */
typedef struct fold_span {
    uint32_t norm_at, src_at;
    bool copied;
} fold_span;

/* One folded piece. Kept in the stream and reused from piece to piece. */
typedef struct folded {
    const char *text;   /* the normalised piece: `norm`, or the source itself when folding changes nothing */
    size_t len, src_len;
    bool identity;      /* text is the source: byte i came from source offset i */
    bool may_hold_number; /* some byte of text is a digit or a sign: only then is it searched for numbers */
    char *norm;
    size_t cap;         /* of norm */
    fold_span *spans;
    size_t span_count, span_cap;
    size_t cursor;      /* the span folded_source_offset found last: offsets are asked in increasing order */
    struct fold_change *changes; /* the fast path's map (items_add_piece) */
    size_t change_count, change_cap;
    /* The folds of recent characters that fold to at most one (punctuation such as ，（）、 recurs on every line):
     * memo_cp[k] = -1 when empty; memo_to[k] the folded character, -1 when it disappears. */
    int32_t memo_cp[32], memo_to[32];
    /* The fast path's memo of three-byte characters by their bytes (full-width and CJK punctuation): key the
     * three bytes (0 when empty: no valid character is "\0\0\0"), out the folded bytes (at most 4),
     * out_len their count, out_number whether they hold a digit or a sign. */
    uint32_t bytes_key[64], bytes_out[64];
    uint8_t bytes_out_len[64];
    bool bytes_out_number[64];
} folded;

static folded *folded_new(void)
{
    folded *f = xcalloc(1, sizeof *f);
    for (size_t k = 0; k < sizeof f->memo_cp / sizeof f->memo_cp[0]; k++) f->memo_cp[k] = -1;
    return f;
}

/* Folds cp into out (as text_fold_char), through the memo. */
static int fold_char_memo(folded *f, int32_t cp, int32_t out[8])
{
    size_t slot = (size_t)cp % (sizeof f->memo_cp / sizeof f->memo_cp[0]);
    if (f->memo_cp[slot] == cp) {
        if (f->memo_to[slot] < 0) return 0;
        out[0] = f->memo_to[slot];
        return 1;
    }
    int count = text_fold_char(cp, out);
    if (count <= 1) {
        f->memo_cp[slot] = cp;
        f->memo_to[slot] = count ? out[0] : -1;
    }
    return count;
}

/* Source offset (from the piece's start) of byte i of the folded text; i may be its length. Calls for one piece
 * must ask for non-decreasing i (emit does): the span cursor only moves forward. */
static uint32_t folded_source_offset(folded *f, size_t i)
{
    if (f->identity) return (uint32_t)i;
    if (i >= f->len) return (uint32_t)f->src_len;
    size_t k = f->cursor;
    while (k + 1 < f->span_count && f->spans[k + 1].norm_at <= i) k++;
    f->cursor = k;
    const fold_span *sp = &f->spans[k];
    return sp->copied ? sp->src_at + (uint32_t)(i - sp->norm_at) : sp->src_at;
}

static void folded_free(folded *f)
{
    if (!f) return;
    free(f->norm);
    free(f->spans);
    free(f->changes);
    free(f);
}

static inline void folded_reserve(folded *f, size_t extra)
{
    if (f->len + extra + 1 <= f->cap) return;
    size_t cap = f->cap ? f->cap : 256;
    while (cap < f->len + extra + 1) cap *= 2;
    f->norm = xrealloc(f->norm, cap);
    f->cap = cap;
}

static inline void folded_add_span(folded *f, size_t src_at, bool copied)
{
    if (f->span_count == f->span_cap) {
        f->span_cap = f->span_cap ? f->span_cap * 2 : 64;
        f->spans = xrealloc(f->spans, f->span_cap * sizeof *f->spans);
    }
    f->spans[f->span_count++] = (fold_span){(uint32_t)f->len, (uint32_t)src_at, copied};
}

/* Folds the one character at src[i] (not an unchanged one) onto the end of f->norm, with its span. Returns its
 * length in the source. */
static size_t fold_one_char(folded *f, const char *src, size_t len, size_t i)
{
    folded_reserve(f, 32);
    folded_add_span(f, i, false);
    int32_t cp;
    int n = utf8_decode(src + i, len - i, &cp);
    int32_t folded_cps[8];
    int count = cp >= 0 ? fold_char_memo(f, cp, folded_cps) : text_fold_char(cp, folded_cps);
    for (int k = 0; k < count; k++) {
        if (folded_cps[k] == ' ') continue;
        int bytes = utf8_encode(folded_cps[k], f->norm + f->len);
        f->may_hold_number |= bytes == 1 && scan_may_start_number((unsigned char)f->norm[f->len]);
        f->len += (size_t)bytes;
    }
    return (size_t)n;
}

/* Folds a piece character by character (text_fold_char). When nothing changes (most pieces), the folded text is
 * the source itself; otherwise runs that stay as they are are copied whole and the rest folded one character at
 * a time. */
static void fold_piece(const char *src, size_t len, folded *f)
{
    f->may_hold_number = false;
    f->src_len = len;
    f->cursor = 0;
    size_t run = scan_unchanged(src, len, 0, &f->may_hold_number);
    if (run == len) {
        f->text = src;
        f->len = len;
        f->identity = true;
        return;
    }
    f->identity = false;
    f->len = 0;
    f->span_count = 0;
    size_t i = 0;
    for (;;) {
        if (run) {
            folded_reserve(f, run);
            folded_add_span(f, i, true);
            memcpy(f->norm + f->len, src + i, run);
            f->len += run;
            i += run;
        }
        if (i >= len) break;
        i += fold_one_char(f, src, len, i);
        run = scan_unchanged(src, len, i, &f->may_hold_number);
    }
    f->norm[f->len] = '\0';
    f->text = f->norm;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Length of the number starting at p (sign, digits, thousands groups, decimals, a 元/万元 unit); 0 if none. */
static size_t number_length(const char *p, const char *end, bool at_start)
{
    const char *q = p;
    if ((*q == '-' || *q == '+') && at_start && q + 1 < end && is_digit(q[1])) q++;
    if (q >= end || !is_digit(*q)) return 0;
    while (q < end && is_digit(*q)) q++;
    while (q + 3 < end + 0 && *q == ',' && is_digit(q[1]) && is_digit(q[2]) && is_digit(q[3]) &&
           (q + 4 >= end || !is_digit(q[4]))) {
        q += 4;
    }
    if (q + 1 < end && *q == '.' && is_digit(q[1])) {
        q++;
        while (q < end && is_digit(*q)) q++;
    }
    static const char *const units[] = {"万元", "元"};
    for (size_t u = 0; u < 2; u++) {
        size_t ul = strlen(units[u]);
        if ((size_t)(end - q) >= ul && memcmp(q, units[u], ul) == 0) {
            q += ul;
            break;
        }
    }
    return (size_t)(q - p);
}

/* True when p starts an enumerator glued to a label: one digit, '.', then something that is not a digit. */
static bool enumerator_at(const char *p, const char *end)
{
    return p + 2 < end && is_digit(p[0]) && p[1] == '.' && !is_digit(p[2]);
}

/* Where the item's printed text lies: bytes [src_from, src_to) of the piece at src, which points into s->source,
 * or is copied into s->built_source when the stream has no source (HTML, DOCX). */
static inline void item_set_source(item_stream *s, item *it, const char *src, uint32_t src_from, uint32_t src_to)
{
    it->src_len = src_to - src_from;
    if (s->source) {
        it->src_off = (uint32_t)(src - s->source) + src_from;
    } else {
        it->src_off = (uint32_t)s->built_source.len;
        buf_append(&s->built_source, src + src_from, src_to - src_from);
        buf_putc(&s->built_source, '\0');
    }
}

static void emit(item_stream *s, folded *f, const char *src, size_t from, size_t to, enum item_kind kind,
                 int line, bool line_start, bool cell_start)
{
    if (to <= from) return;
    item *it = push_item(s);
    it->kind = (uint8_t)kind;
    it->line = line;
    it->line_start = line_start;
    it->cell_start = cell_start;
    it->norm_off = (uint32_t)s->norm.len;
    it->norm_len = (uint32_t)(to - from);
    buf_append(&s->norm, f->text + from, to - from);
    buf_putc(&s->norm, '\0');
    uint32_t src_from = folded_source_offset(f, from), src_to = folded_source_offset(f, to);
    item_set_source(s, it, src, src_from, src_to);
    if (kind == ITEM_TEXT && to - from <= 3 && items_is_placeholder(s->norm.data + it->norm_off)) it->kind = ITEM_BLANK;
}

/* Where the next number of the folded text p[0..len) starts, searching from text_from, the start of the text
 * that precedes it; *number_to is set to its end. Returns len when there is none. A number here is what
 * number_length reads, less an enumerator glued to a label after it ("00000002.其他" → "0000000"); an
 * enumerator at the start of a label ("2.其他", not after a digit) is text. */
static size_t next_number(const char *p, size_t len, size_t text_from, size_t *number_to)
{
    const char *end = p + len;
    size_t i = text_from;
    while (i < len) {
        if (!scan_may_start_number((unsigned char)p[i])) { /* text: on to the next byte that may start a number */
            i = scan_number_start(p, len, i + 1);
            continue;
        }
        if (enumerator_at(p + i, end) && (i == text_from || !is_digit(p[i - 1]))) {
            i += 2;
            continue;
        }
        size_t n = number_length(p + i, end, i == text_from);
        if (n == 0) {
            i++;
            while (i < len && ((unsigned char)p[i] & 0xC0) == 0x80) i++;
            continue;
        }
        /* A digit run followed by ".<label>": its last digit is the label's enumerator (n >= 2 keeps one digit). */
        size_t digits_end = i + n;
        if (n >= 2 && enumerator_at(p + digits_end - 1, end)) digits_end--;
        *number_to = digits_end;
        return i;
    }
    return len;
}

/* Cuts the folded piece f_ptr (of the printed src) into text and number items. */
static void cut_piece(item_stream *s, folded *f_ptr, const char *src, int line, bool line_start, bool cell_start)
{
    const char *p = f_ptr->text;
    size_t len = f_ptr->len, text_from = 0, number_to = 0;
    bool first = true;
    while (f_ptr->may_hold_number) { /* no digit, no sign: one text item */
        size_t at = next_number(p, len, text_from, &number_to);
        if (at >= len) break;
        emit(s, f_ptr, src, text_from, at, ITEM_TEXT, line, line_start && first, cell_start && first);
        if (at > text_from) first = false;
        emit(s, f_ptr, src, at, number_to, ITEM_NUMBER, line, line_start && first, cell_start && first);
        first = false;
        text_from = number_to;
    }
    emit(s, f_ptr, src, text_from, len, ITEM_TEXT, line, line_start && first, cell_start && first);
}

void items_add_piece_reference(item_stream *s, const char *src, size_t len, int line, bool line_start,
                               bool cell_start)
{
    if (!s->scratch) s->scratch = folded_new();
    folded *f = s->scratch;
    fold_piece(src, len, f);
    cut_piece(s, f, src, line, line_start, cell_start);
}

/* ---- the fast paths ----
 * A piece is folded straight onto the end of s->norm in one pass: runs that normalisation leaves alone are copied
 * (found sixteen bytes at a time by scan_copy_unchanged, or read off the text's bit maps for the text layout),
 * and the map back to the source is kept only for the characters that are folded, one record each (between two,
 * bytes were copied one for one). Nearly every piece is then one item (a label, a number, a stretch of
 * narrative) and is used where it lies; a piece with digits glued to text is copied aside and cut into items like
 * the reference's. Same items, byte for byte: tests/test_items.c. */

/* Copies 8 bytes (unaligned). */
static inline void copy8(char *to, const char *from)
{
    uint64_t word;
    memcpy(&word, from, 8);
    memcpy(to, &word, 8);
}

/* memcpy for the few bytes of most runs and items, without a call: overlapping moves of 8 or 4 bytes from both
 * ends; longer runs go to memcpy. */
static inline void copy_short(char *to, const char *from, size_t n)
{
    if (n >= 8 && n <= 32) {
        copy8(to, from);
        copy8(to + n - 8, from + n - 8);
        if (n > 16) {
            copy8(to + 8, from + 8);
            copy8(to + n - 16, from + n - 16);
        }
    } else if (n >= 4 && n < 8) {
        uint32_t head, tail;
        memcpy(&head, from, 4);
        memcpy(&tail, from + n - 4, 4);
        memcpy(to, &head, 4);
        memcpy(to + n - 4, &tail, 4);
    } else if (n > 0 && n < 4) {
        to[0] = from[0];
        to[n / 2] = from[n / 2];
        to[n - 1] = from[n - 1];
    } else if (n > 0) {
        memcpy(to, from, n);
    }
}

/* A character of the piece that went through text_fold_char: its output norm_at..norm_end (maybe empty, maybe
 * longer than the character) came from the source bytes src_at..src_end. */
typedef struct fold_change {
    uint32_t norm_at, norm_end, src_at, src_end;
} fold_change;

typedef struct quick_piece {
    size_t len;           /* folded bytes at s->norm.data + s->norm.len, not yet counted in s->norm.len */
    bool may_hold_number; /* some folded byte is a digit or a sign */
    fold_change *changes; /* the scratch's array (f->changes) */
    size_t change_count;
} quick_piece;

/* Source offset of byte x of the folded piece (x may be its length), as folded_source_offset gives it: the source
 * offset of the character whose output holds x, or, where x starts a copied run, that run's. Offsets asked for
 * one piece must not decrease: *cursor (the count of changes at or before the last x) only moves forward. */
static uint32_t quick_source_offset(const quick_piece *q, size_t x, size_t *cursor)
{
    size_t k = *cursor;
    while (k < q->change_count && q->changes[k].norm_at <= x) k++;
    *cursor = k;
    if (k == 0) return (uint32_t)x; /* before every change: copied one for one from the start */
    const fold_change *c = &q->changes[k - 1];
    return x < c->norm_end ? c->src_at : c->src_end + (uint32_t)(x - c->norm_end);
}

/* Makes room in s->norm for `more` bytes after the piece's q->len, with the 16 bytes scan_copy_unchanged may
 * store past a run and the NULs that end an item. Returns where the piece starts (it may have moved). */
static inline char *quick_room(item_stream *s, const quick_piece *q, size_t more)
{
    size_t need = q->len + more + 16 + 2;
    if (s->norm.len + need + 1 > s->norm.cap) {
        char first = q->len ? s->norm.data[s->norm.len] : '\0';
        buf_reserve(&s->norm, need); /* which writes a NUL at norm.len, over the piece's first byte */
        s->norm.data[s->norm.len] = first;
    }
    return s->norm.data + s->norm.len;
}

/* Records that the character src[src_at, src_end) folded to the piece's bytes norm_at..q->len. */
static inline void quick_change(folded *f, quick_piece *q, size_t norm_at, size_t src_at, size_t src_end)
{
    if (f->change_count == f->change_cap) {
        f->change_cap = f->change_cap ? f->change_cap * 2 : 64;
        f->changes = xrealloc(f->changes, f->change_cap * sizeof *f->changes);
    }
    f->changes[f->change_count++] = (fold_change){(uint32_t)norm_at, (uint32_t)q->len, (uint32_t)src_at,
                                                  (uint32_t)src_end};
    q->changes = f->changes;
    q->change_count = f->change_count;
}

/* quick_fold_char for a character not in the memo of three-byte characters (key 0 when it is no three-byte
 * form): folded as fold_one_char does, then remembered when it can be. */
static size_t quick_fold_char_slow(item_stream *s, folded *f, quick_piece *q, const char *src, size_t len, size_t i,
                                   uint32_t key, size_t slot)
{
    char *out = quick_room(s, q, 32 + (len - i)); /* 8 code points of 4 bytes, then the rest as it is */
    size_t norm_at = q->len;
    int32_t cp;
    int n = utf8_decode(src + i, len - i, &cp);
    int32_t folded_cps[8];
    int count = cp >= 0 ? fold_char_memo(f, cp, folded_cps) : text_fold_char(cp, folded_cps);
    bool number = false;
    for (int k = 0; k < count; k++) {
        if (folded_cps[k] == ' ') continue;
        int bytes = utf8_encode(folded_cps[k], out + q->len);
        number |= bytes == 1 && scan_may_start_number((unsigned char)out[q->len]);
        q->len += (size_t)bytes;
    }
    q->may_hold_number |= number;
    if (key && n == 3 && cp >= 0 && q->len - norm_at <= 4) {
        f->bytes_key[slot] = key;
        f->bytes_out[slot] = 0;
        memcpy(&f->bytes_out[slot], out + norm_at, q->len - norm_at);
        f->bytes_out_len[slot] = (uint8_t)(q->len - norm_at);
        f->bytes_out_number[slot] = number;
    }
    quick_change(f, q, norm_at, i, i + (size_t)n);
    return (size_t)n;
}

/* Folds the character at src[i] (one scan_unchanged stops at) onto the piece, as fold_one_char does, with its
 * change record. Returns its length in the source. A three-byte character folded before (the full-width and CJK
 * punctuation of every line) is copied from the memo of its bytes. */
static inline __attribute__((always_inline)) size_t quick_fold_char(item_stream *s, folded *f, quick_piece *q,
                                                                    const char *src, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)src + i;
    if (len - i < 3 || (u[0] & 0xF0) != 0xE0) return quick_fold_char_slow(s, f, q, src, len, i, 0, 0);
    uint32_t key = (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16;
    size_t slot = (key * 2654435761u) >> 26;
    if (f->bytes_key[slot] != key) return quick_fold_char_slow(s, f, q, src, len, i, key, slot);
    char *out = quick_room(s, q, 4 + (len - i));
    size_t norm_at = q->len;
    memcpy(out + q->len, &f->bytes_out[slot], 4); /* room: quick_room */
    q->len += f->bytes_out_len[slot];
    q->may_hold_number |= f->bytes_out_number[slot];
    quick_change(f, q, norm_at, i, i + 3);
    return 3;
}

static quick_piece quick_fold(item_stream *s, folded *f, const char *src, size_t len)
{
    quick_piece q = {0, false, f->changes, 0};
    f->change_count = 0;
    size_t i = 0;
    for (;;) {
        char *out = quick_room(s, &q, len - i);
        size_t run = scan_copy_unchanged(src, len, i, out + q.len, &q.may_hold_number);
        q.len += run;
        i += run;
        if (i >= len) break;
        i += quick_fold_char(s, f, &q, src, len, i);
    }
    return q;
}

/* Adds the item [from, to) of the folded text `text` (s->norm's own end for a whole piece, else a copy; s->norm
 * has room for it and its NUL), whose source is src[src_from, src_to). Inlined: it runs for every item. */
static inline __attribute__((always_inline)) void quick_item(item_stream *s, const char *text, size_t from,
                                                             size_t to, const char *src, uint32_t src_from,
                                                             uint32_t src_to, enum item_kind kind, int line,
                                                             bool line_start, bool cell_start)
{
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->items = xrealloc(s->items, s->cap * sizeof *s->items);
    }
    item *it = &s->items[s->count++];
    size_t norm_at = s->norm.len, n = to - from;
    char *norm = s->norm.data + norm_at;
    if (text + from != norm) copy_short(norm, text + from, n);
    norm[n] = '\0';
    norm[n + 1] = '\0';
    s->norm.len += n + 1;
    if (kind == ITEM_TEXT && n <= 3 && items_is_placeholder(norm)) kind = ITEM_BLANK;
    it->kind = (uint8_t)kind;
    it->line_start = line_start;
    it->cell_start = cell_start;
    it->norm_off = (uint32_t)norm_at;
    it->norm_len = (uint32_t)n;
    it->line = line;
    item_set_source(s, it, src, src_from, src_to);
}

/* Cuts a folded piece with digits glued to text into items, as cut_piece does. `text` is the folded piece
 * (not in s->norm, where the items are written); src[0..src_len) the printed piece. */
static void quick_cut(item_stream *s, const quick_piece *q, const char *text, const char *src, size_t src_len,
                      int line, bool line_start, bool cell_start)
{
    buf_reserve(&s->norm, 2 * q->len + 2); /* the items' texts and a NUL each: at most one item per byte */
    size_t text_from = 0, number_to = 0, cursor = 0;
    bool first = true;
    uint32_t src_from = quick_source_offset(q, 0, &cursor);
    for (;;) {
        size_t at = next_number(text, q->len, text_from, &number_to);
        if (at >= q->len) break;
        if (at > text_from) {
            uint32_t src_at = quick_source_offset(q, at, &cursor);
            quick_item(s, text, text_from, at, src, src_from, src_at, ITEM_TEXT, line, line_start && first,
                       cell_start && first);
            src_from = src_at;
            first = false;
        }
        uint32_t src_to = quick_source_offset(q, number_to, &cursor);
        quick_item(s, text, at, number_to, src, src_from, src_to, ITEM_NUMBER, line, line_start && first,
                   cell_start && first);
        src_from = src_to;
        first = false;
        text_from = number_to;
    }
    if (text_from < q->len)
        quick_item(s, text, text_from, q->len, src, src_from, (uint32_t)src_len, ITEM_TEXT, line,
                   line_start && first, cell_start && first);
}

/* The kind of a folded piece that is one item (ITEM_TEXT, ITEM_NUMBER), or -1 when it must be cut. */
static int whole_piece_kind(const char *text, size_t len, bool may_hold_number)
{
    if (!may_hold_number) return ITEM_TEXT;
    size_t digits = 0; /* digits alone (a table's cells): next_number reads them whole, no enumerator after */
    while (digits < len && is_digit(text[digits])) digits++;
    if (digits == len) return ITEM_NUMBER;
    size_t number_to = 0, at = next_number(text, len, 0, &number_to);
    if (at >= len) return ITEM_TEXT;
    return at == 0 && number_to == len ? ITEM_NUMBER : -1;
}

/* Adds the items of a piece folded onto the end of s->norm (q): one where it lies, or, when digits meet text,
 * cut from a copy. */
static void add_folded_piece(item_stream *s, folded *f, const quick_piece *q, const char *src, size_t len, int line,
                             bool line_start, bool cell_start)
{
    if (q->len == 0) return;
    const char *text = s->norm.data + s->norm.len;
    int kind = whole_piece_kind(text, q->len, q->may_hold_number);
    if (kind < 0) { /* the items are written where the folded text lies: cut a copy */
        if (q->len + 1 > f->cap) {
            f->cap = q->len + 256;
            f->norm = xrealloc(f->norm, f->cap);
        }
        memcpy(f->norm, text, q->len);
        quick_cut(s, q, f->norm, src, len, line, line_start, cell_start);
        return;
    }
    size_t cursor = 0;
    quick_item(s, text, 0, q->len, src, quick_source_offset(q, 0, &cursor), (uint32_t)len, (enum item_kind)kind, line,
               line_start, cell_start);
}

void items_add_piece(item_stream *s, const char *src, size_t len, int line, bool line_start, bool cell_start)
{
    if (!s->scratch) s->scratch = folded_new();
    quick_piece q = quick_fold(s, s->scratch, src, len);
    add_folded_piece(s, s->scratch, &q, src, len, line, line_start, cell_start);
}

void items_add_mapped_piece(item_stream *s, const char *src, size_t len, const uint64_t *changed, size_t first_bit,
                            bool numberish, int line, bool line_start, bool cell_start)
{
    if (!s->scratch) s->scratch = folded_new();
    folded *f = s->scratch;
    quick_piece q = {0, numberish, f->changes, 0}; /* every digit and sign of the piece is in a run */
    f->change_count = 0;
    size_t i = 0;
    for (;;) {
        size_t next = scan_bits_find(changed, first_bit + i, first_bit + len, true) - first_bit;
        if (next > i) { /* a run normalisation leaves alone */
            char *out = quick_room(s, &q, len - i);
            copy_short(out + q.len, src + i, next - i);
            q.len += next - i;
            i = next;
        }
        if (i >= len) break;
        i += quick_fold_char(s, f, &q, src, len, i);
    }
    add_folded_piece(s, f, &q, src, len, line, line_start, cell_start);
}

void items_add_unchanged_piece(item_stream *s, const char *src, size_t len, bool numberish, int line,
                               bool line_start, bool cell_start)
{
    if (len == 0) return;
    int kind = ITEM_TEXT;
    if (numberish) {
        kind = whole_piece_kind(src, len, true);
        if (kind < 0) {
            quick_piece q = {len, true, NULL, 0}; /* folding changes nothing: no change records */
            quick_cut(s, &q, src, src, len, line, line_start, cell_start);
            return;
        }
    }
    if (s->norm.len + len + 2 >= s->norm.cap) buf_reserve(&s->norm, len + 2);
    quick_item(s, src, 0, len, src, 0, (uint32_t)len, (enum item_kind)kind, line, line_start, cell_start);
}

void items_add_blank(item_stream *s, int line, bool line_start)
{
    item *it = push_item(s);
    it->kind = ITEM_BLANK;
    it->line = line;
    it->line_start = line_start;
    it->cell_start = true;
    it->norm_off = (uint32_t)s->norm.len;
    buf_putc(&s->norm, '\0');
    if (!s->source) {
        it->src_off = (uint32_t)s->built_source.len;
        buf_putc(&s->built_source, '\0');
    }
}

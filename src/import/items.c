/* items: building the normalised token stream shared by every importer. A printed piece of text is folded
 * character by character (so each piece keeps its exact source span), then cut where digits meet text. */
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
    /* The folds of recent characters that fold to at most one (punctuation such as ，（）、 recurs on every line):
     * memo_cp[k] = -1 when empty; memo_to[k] the folded character, -1 when it disappears. */
    int32_t memo_cp[32], memo_to[32];
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
    if (s->source) {
        it->src_off = (uint32_t)(src - s->source) + src_from;
    } else {
        it->src_off = (uint32_t)s->built_source.len;
        buf_append(&s->built_source, src + src_from, src_to - src_from);
        buf_putc(&s->built_source, '\0');
    }
    it->src_len = src_to - src_from;
    if (kind == ITEM_TEXT && to - from <= 3 && items_is_placeholder(s->norm.data + it->norm_off)) it->kind = ITEM_BLANK;
}

/* Cuts the folded piece f_ptr (of the printed src) into text and number items. */
static void cut_piece(item_stream *s, folded *f_ptr, const char *src, int line, bool line_start, bool cell_start)
{
    const char *p = f_ptr->text;
    const char *end = p + f_ptr->len;
    size_t text_from = 0, i = f_ptr->may_hold_number ? 0 : f_ptr->len; /* no digit, no sign: one text item */
    bool first = true;
    while (i < f_ptr->len) {
        unsigned char c = (unsigned char)p[i];
        if (!scan_may_start_number(c)) { /* text: on to the next character that may start a number */
            i = scan_number_start(p, f_ptr->len, i + 1);
            continue;
        }
        if (enumerator_at(p + i, end) && (i == text_from || !is_digit(p[i - 1]))) {
            i += 2;
            continue;
        }
        size_t n = number_length(p + i, end, i == text_from);
        if (n == 0) {
            i++;
            while (i < f_ptr->len && ((unsigned char)p[i] & 0xC0) == 0x80) i++;
            continue;
        }
        /* A digit run followed by ".<label>": its last digit is the label's enumerator. */
        size_t digits_end = i + n;
        if (n >= 2 && enumerator_at(p + digits_end - 1, end)) digits_end--;
        if (digits_end <= i) { i++; continue; }
        emit(s, f_ptr, src, text_from, i, ITEM_TEXT, line, line_start && first, cell_start && first);
        if (i > text_from) first = false;
        emit(s, f_ptr, src, i, digits_end, ITEM_NUMBER, line, line_start && first, cell_start && first);
        first = false;
        text_from = i = digits_end;
    }
    emit(s, f_ptr, src, text_from, f_ptr->len, ITEM_TEXT, line, line_start && first, cell_start && first);
}

void items_add_piece(item_stream *s, const char *src, size_t len, int line, bool line_start, bool cell_start)
{
    if (!s->scratch) s->scratch = folded_new();
    folded *f = s->scratch;
    fold_piece(src, len, f);
    cut_piece(s, f, src, line, line_start, cell_start);
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

/* narrative: rule X4, the numbers the narrative quotes against the tables (DESIGN.md §2.5). 一、总体情况 says
 * things like "共受理政府信息公开申请859件", "办结69件", "1件结转下年度", "予以公开及部分公开258件", "行政复议7件，
 * 诉讼9件，均获维持", "现行有效规范性文件66件"; each quoted count is read, tied to the table cells it speaks of
 * and compared. The outcome words come from the format's own row and group labels ("（四）无法提供" → "无法提供"),
 * the appeal words from its block and field labels; only the words for the flow of applications (收到, 办结,
 * 结转…) and their everyday synonyms are this file's own vocabulary. A received count that is the table's
 * 一+二, or that the text gives for a narrower body ("区政府办代表区政府受理"), is 口径不一致, a milder warning.
 * The 信息处理费 quoted in 一 is compared with the one in 六. A share quoted with an outcome count ("不予公开35件，
 * 占4.34%") is compared with the rows' share of the applications handled (or of those received, when the words say
 * so), at the precision printed. A year-on-year change quoted right after a count ("申请数量较去年回落12.3%",
 * "同比增加4件", "与上年持平") is compared, when last year's report is given, with the same cells there (the table 三
 * rows, table 四 field or table 二 in-force count the count was tied to, found by key): agreeing at the printed
 * precision, rounded or cut off, as the shares do; a change whose count is unclear (another number or another
 * counted thing between them, a count that differs from this year's table) is not read. Rates (办结率) are
 * not read: DESIGN.md §2 defines no base for them, and agencies divide 办结 by 新收 alone or by 新收+上年结转, or
 * mean 按时办结 (on time), which the tables do not count. Every finding is an X4 warning.
 *
 * Cost: the overview is folded once (fold_text), noting where the units (件, 元 …) stand; each count is read back
 * from its unit, and the words before it are found by walking back from it, trying only the phrases that end in the
 * byte at hand. */
#include "report/narrative.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/check.h"
#include "util/buf.h"
#include "util/text.h"

/* ---- The text, normalised, with a map back to the original ---- */

/* The characters a quoted count ends in (件 起 宗 元, and 万 of 万元) by their three UTF-8 bytes read as a
 * little-endian number, each in the slot its multiplicative hash gives (no two share one). unit_at stays the
 * authority on units; this lets fold_text note where they stand with one multiplication and one look-up, and
 * find_quantities then reads the number before each (a text has far fewer units than numerals and digits). */
#define UNIT_HASH(bytes) ((uint32_t)((bytes) * 0xF1BBCD89u) >> 29)
static const uint32_t UNIT_BY_HASH[8] = {
    [0] = 0x97AEE5, /* 宗 */
    [4] = 0xB6BBE4, /* 件 */
    [5] = 0x87B8E4, /* 万 */
    [6] = 0xB7B5E8, /* 起 */
    [7] = 0x8385E5, /* 元 */
};

/* True when the three bytes (b0 | b1 << 8 | b2 << 16) are one of the unit characters. */
static inline bool is_unit_bytes(uint32_t bytes)
{
    return UNIT_BY_HASH[UNIT_HASH(bytes)] == bytes;
}

static inline uint32_t three_bytes(const unsigned char *u) { return u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16; }

/* three_bytes(u) where four bytes may be read: one load on a little-endian machine. */
static inline uint32_t four_bytes_low_three(const unsigned char *u)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t w;
    memcpy(&w, u, 4);
    return w & 0xFFFFFFu;
#else
    return three_bytes(u);
#endif
}


/* Where the bytes of norm from `norm` up to the next mark came from: the original from `orig` on, byte for byte
 * when `copied` (a run that normalisation leaves unchanged); otherwise all from the one character at `orig`. */
typedef struct origin_mark {
    uint32_t norm;
    uint32_t orig : 31;
    uint32_t copied : 1;
} origin_mark;

typedef struct ntext {
    buf norm;             /* text_normalize(SPACES_DROP) of the original, character by character */
    origin_mark *marks;   /* owned, in order of norm; one per unchanged run and per folded character */
    size_t nmarks, marks_cap;
    uint32_t *units;      /* owned: where in norm a unit character (is_unit_bytes) stands, in order */
    size_t nunits, units_cap;
    const char *original;
    size_t original_len;
} ntext;

/* Length of the run at s[i] that normalisation leaves unchanged: three-byte characters U+4000–U+9FFF (CJK
 * ideographs) and ASCII graphic characters (but the apostrophe). */
static inline size_t unchanged_run(const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)s, *p = u + i, *end = u + len;
    while (p < end) {
        unsigned c = *p;
        if (c - 0xE4u <= 0xE9u - 0xE4u) {
            if (end - p < 3 || ((p[1] | p[2] << 8) & 0xC0C0) != 0x8080) break;
            p += 3;
        } else if (c - 0x21u < 0x7Fu - 0x21u && c != '\'') {
            p++;
        } else {
            break;
        }
    }
    return (size_t)(p - u) - i;
}

static inline void add_mark(ntext *t, size_t norm, size_t orig, bool copied)
{
    if (t->nmarks == t->marks_cap) {
        t->marks_cap = t->marks_cap * 2 + 16;
        t->marks = xrealloc(t->marks, t->marks_cap * sizeof *t->marks);
    }
    t->marks[t->nmarks++] = (origin_mark){(uint32_t)norm, (uint32_t)orig, copied};
}

static inline void add_unit(ntext *t, size_t norm)
{
    if (t->nunits == t->units_cap) {
        t->units_cap = t->units_cap * 2 + 32;
        t->units = xrealloc(t->units, t->units_cap * sizeof *t->units);
    }
    t->units[t->nunits++] = (uint32_t)norm;
}


/* unchanged_run, noting the units of the run, which will stand in norm from norm_at on. Reads four bytes at a time
 * while four are left (a CJK ideograph: lead byte E4–E9, two continuation bytes). */
static size_t unchanged_run_noting_units(const char *s, size_t len, size_t i, size_t norm_at, ntext *t)
{
    const unsigned char *u = (const unsigned char *)s, *p = u + i, *end = u + len;
    size_t to_norm = norm_at - i; /* norm offset = original offset + to_norm (modulo 2^64) */
    for (const unsigned char *stop = end - p >= 4 ? end - 3 : p; p < stop;) { /* while four bytes are left */
        uint32_t bytes = four_bytes_low_three(p);
        /* the lead byte whole and the continuation bytes' top bits: 80 80 E4 … 80 80 E9 in one comparison */
        if ((bytes & 0xC0C0FFu) - 0x8080E4u <= 5u) {
            if (is_unit_bytes(bytes)) add_unit(t, (size_t)(p - u) + to_norm);
            p += 3;
            continue;
        }
        unsigned c = p[0];
        if (!(c - 0x21u < 0x7Fu - 0x21u && c != '\'')) return (size_t)(p - u) - i;
        p++;
    }
    size_t tail = unchanged_run(s, len, (size_t)(p - u));
    for (const unsigned char *q = p; q < p + tail;) { /* the last few bytes */
        if (*q < 0x80) {
            q++;
        } else {
            if (is_unit_bytes(three_bytes(q))) add_unit(t, (size_t)(q - u) + to_norm);
            q += 3;
        }
    }
    return (size_t)(p - u) + tail - i;
}

/* Notes the units among the characters norm[from, to) a folded character became. */
static void note_folded_units(const buf *norm, size_t from, size_t to, ntext *t)
{
    const unsigned char *u = (const unsigned char *)norm->data;
    for (size_t k = from; k < to;) {
        unsigned c = u[k];
        if (c >= 0xE0 && c < 0xF0 && k + 3 <= to && is_unit_bytes(three_bytes(u + k))) add_unit(t, k);
        k += c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    }
}

/* What fold_text makes of one three-byte character, remembered per text by the character's bytes: a few
 * punctuation marks ("，", "。", "、", "（" …) and U+3000 are most of the characters that are folded, and the same
 * bytes always fold the same way, so the decoding, the space test and the fold are done once per kind. */
typedef struct fold_memo {
    uint32_t key;     /* the three bytes (three_bytes), 0: empty */
    uint8_t len;      /* of the folded UTF-8; 0 for a space or a dropped character */
    bool has_unit;    /* the folded text holds a unit character (note_folded_units must look) */
    char bytes[8 * 4];
} fold_memo;
enum { FOLD_MEMO_SLOTS = 16 };

static inline size_t fold_memo_slot(uint32_t key) { return (uint32_t)(key * 0x9E3779B1u) >> 28; }

/* Appends to out the UTF-8 of what normalisation makes of cp (nothing for a space), spaces inside it dropped;
 * returns its length. out has room for 8 characters. */
static size_t fold_char_utf8(int32_t cp, char out[8 * 4])
{
    if (text_is_space(cp)) return 0;
    int32_t folded[8];
    int count = text_fold_char(cp, folded);
    size_t len = 0;
    for (int k = 0; k < count; k++)
        if (folded[k] != ' ') len += (size_t)utf8_encode(folded[k], out + len);
    return len;
}

/* The memo entry for the three-byte character at s (at least 3 bytes left, lead byte E0–EF), filled on first
 * use; NULL when the bytes are not a valid character (utf8_decode does not read them as one: the caller folds
 * them the general way). */
static const fold_memo *fold_memo_for(fold_memo memo[FOLD_MEMO_SLOTS], const char *s)
{
    uint32_t key = three_bytes((const unsigned char *)s);
    fold_memo *m = &memo[fold_memo_slot(key)];
    if (m->key == key) return m;
    int32_t cp;
    if (utf8_decode(s, 3, &cp) != 3) return NULL;
    m->key = key;
    memset(m->bytes, 0, sizeof m->bytes); /* fold_text copies all of them */
    m->len = (uint8_t)fold_char_utf8(cp, m->bytes);
    m->has_unit = false;
    for (size_t k = 0; k + 3 <= m->len; k++)
        m->has_unit |= is_unit_bytes(three_bytes((const unsigned char *)m->bytes + k));
    return m;
}

/* Appends the folded character bytes[0, n) that stood at `orig` to norm, noting its origin and units in t. */
static inline void put_folded(buf *norm, const char *bytes, size_t n, bool has_unit, size_t orig, ntext *t)
{
    if (n == 0) return;
    if (norm->cap - norm->len < 8 * 4 + 1) buf_reserve(norm, 8 * 4);
    size_t before = norm->len;
    memcpy(norm->data + before, bytes, 8 * 4); /* room reserved: a fixed copy; only n bytes count */
    norm->len += n;
    if (t) {
        add_mark(t, before, orig, false);
        if (has_unit) note_folded_units(norm, before, norm->len, t);
    }
}

/* Appends the normalised form of s[0..len) to norm, one character at a time (what text_normalize(…, SPACES_DROP)
 * makes of each); when t is not NULL, notes in it where each stretch came from and where the units stand.
 * len < 2^31 (NTEXT_MAX_BYTES). */
static void fold_text(const char *s, size_t len, buf *norm, ntext *t)
{
    fold_memo memo[FOLD_MEMO_SLOTS];
    for (int k = 0; k < FOLD_MEMO_SLOTS; k++) memo[k].key = 0;
    buf_reserve(norm, len + 32);
    if (t && !t->marks_cap) { /* a run or a punctuation mark every few characters */
        t->marks_cap = len / 8 + 16;
        t->marks = xmalloc(t->marks_cap * sizeof *t->marks);
    }
    size_t i = 0;
    while (i < len) {
        size_t run = t ? unchanged_run_noting_units(s, len, i, norm->len, t) : unchanged_run(s, len, i);
        if (run) {
            if (norm->cap - norm->len < run + 1) buf_reserve(norm, run);
            if (t) add_mark(t, norm->len, i, true);
            memcpy(norm->data + norm->len, s + i, run);
            norm->len += run;
            i += run;
            continue;
        }
        const fold_memo *m = len - i >= 3 && ((unsigned char)s[i] & 0xF0) == 0xE0 ? fold_memo_for(memo, s + i) : NULL;
        if (m) {
            put_folded(norm, m->bytes, m->len, m->has_unit, i, t);
            i += 3;
            continue;
        }
        int32_t cp;
        int n = utf8_decode(s + i, len - i, &cp);
        char folded[8 * 4] = {0};
        size_t folded_len = fold_char_utf8(cp, folded);
        put_folded(norm, folded, folded_len, true, i, t);
        i += (size_t)n;
    }
    norm->data[norm->len] = '\0';
}

/* Texts longer than this are read only this far (the map back to the original has 31 bits). */
#define NTEXT_MAX_BYTES ((size_t)1 << 30)

static void ntext_build(const char *s, ntext *t)
{
    memset(t, 0, sizeof *t);
    t->original = s;
    t->original_len = strnlen(s, NTEXT_MAX_BYTES);
    fold_text(s, t->original_len, &t->norm, t);
}

/* The offset in the original of the character that gave norm[k] (the original's length for k = norm.len). */
static size_t ntext_origin(const ntext *t, size_t k)
{
    if (k >= t->norm.len || t->nmarks == 0) return t->original_len;
    size_t lo = 0, hi = t->nmarks; /* the last mark at or before k */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->marks[mid].norm <= k) lo = mid;
        else hi = mid;
    }
    const origin_mark *m = &t->marks[lo];
    return m->copied ? m->orig + (k - m->norm) : m->orig;
}

static void ntext_free(ntext *t)
{
    buf_free(&t->norm);
    free(t->marks);
    free(t->units);
}

/* The original text behind norm[from, to), without line breaks and spaces, at most ~40 characters (cut at the
 * front with "…"). */
static void quote_original(const ntext *t, size_t from, size_t to, buf *out)
{
    if (to - from > 240) from = to - 240; /* more than the 40 characters shown */
    while (from < to && ((unsigned char)t->norm.data[from] & 0xC0) == 0x80) from++; /* a whole character */
    size_t a = ntext_origin(t, from), b = ntext_origin(t, to);
    buf raw = BUF_INIT;
    buf_reserve(&raw, b - a);
    for (size_t i = a; i < b; i++) { /* room reserved: written in place */
        char ch = t->original[i];
        if (ch != '\n' && ch != '\r' && ch != ' ' && ch != '\t') raw.data[raw.len++] = ch;
    }
    raw.data[raw.len] = '\0';
    const char *q = buf_cstr(&raw);
    size_t len = raw.len, chars = 0;
    for (size_t i = 0; i < len; i++) chars += ((unsigned char)q[i] & 0xC0) != 0x80;
    if (chars > 40) {
        size_t skip = chars - 40;
        while (skip && len) {
            q++;
            len--;
            if (((unsigned char)*q & 0xC0) != 0x80) skip--;
        }
        buf_puts(out, "…");
    }
    buf_append(out, q, len);
    buf_free(&raw);
}

/* ---- What a phrase speaks of ---- */

enum concept {
    C_RECEIVED, C_CARRIED_OVER, C_HANDLED, C_CARRIED_FORWARD, /* table 三 flow */
    C_RESULT,                                                 /* an outcome (arg: result target) */
    C_TOPIC,                                                  /* a kind of appeal (arg: enum topic) */
    C_APPEAL_FIELD,                                           /* an appeal result (arg: field) */
    C_IN_FORCE                                                /* documents in force (table 二) */
};

enum topic { TOPIC_RECONSIDERATION, TOPIC_LITIGATION, TOPIC_LITIGATION_DIRECT, TOPIC_LITIGATION_AFTER };

typedef struct phrase {
    const char *text; /* normalised */
    enum concept concept;
    int arg;
    size_t len;       /* of text */
    int next_same_end; /* the next phrase (by index) whose text ends in the same byte, or -1 */
} phrase;

/* A word of the narrative's own vocabulary; appeal results name their field by key. */
typedef struct word {
    const char *text;
    enum concept concept;
    int arg;
    const char *field_key; /* C_APPEAL_FIELD: the key in APPEAL_FIELD_DEFS */
} word;

/* The narrative's own words; the outcome and appeal labels are added from the format. */
static const word VOCABULARY[] = {
    {"收到", C_RECEIVED, 0, NULL}, {"受理", C_RECEIVED, 0, NULL}, {"新收", C_RECEIVED, 0, NULL},
    {"接收", C_RECEIVED, 0, NULL},
    {"上年结转", C_CARRIED_OVER, 0, NULL}, {"上年度结转", C_CARRIED_OVER, 0, NULL},
    {"上一年度结转", C_CARRIED_OVER, 0, NULL}, {"上一年结转", C_CARRIED_OVER, 0, NULL},
    {"结转上年", C_CARRIED_OVER, 0, NULL}, {"上年转入", C_CARRIED_OVER, 0, NULL},
    {"上年度转入", C_CARRIED_OVER, 0, NULL},
    {"办结", C_HANDLED, 0, NULL}, {"答复", C_HANDLED, 0, NULL}, {"办理完毕", C_HANDLED, 0, NULL},
    {"处理完毕", C_HANDLED, 0, NULL},
    {"结转", C_CARRIED_FORWARD, 0, NULL}, {"结转下年", C_CARRIED_FORWARD, 0, NULL},
    {"结转到下年", C_CARRIED_FORWARD, 0, NULL}, {"结转至下年", C_CARRIED_FORWARD, 0, NULL},
    {"转入下年", C_CARRIED_FORWARD, 0, NULL}, {"顺延到下年", C_CARRIED_FORWARD, 0, NULL},
    {"顺延至下年", C_CARRIED_FORWARD, 0, NULL}, {"延至下年", C_CARRIED_FORWARD, 0, NULL},
    {"复议", C_TOPIC, TOPIC_RECONSIDERATION, NULL}, {"诉讼", C_TOPIC, TOPIC_LITIGATION, NULL},
    {"起诉", C_TOPIC, TOPIC_LITIGATION, NULL}, {"应诉", C_TOPIC, TOPIC_LITIGATION, NULL},
    {"直接起诉", C_TOPIC, TOPIC_LITIGATION_DIRECT, NULL},
    {"维持", C_APPEAL_FIELD, 0, "upheld"}, {"纠正", C_APPEAL_FIELD, 0, "corrected"},
    {"纠错", C_APPEAL_FIELD, 0, "corrected"}, {"未审结", C_APPEAL_FIELD, 0, "pending"},
    {"审理中", C_APPEAL_FIELD, 0, "pending"}, {"正在审理", C_APPEAL_FIELD, 0, "pending"},
    {"现行有效", C_IN_FORCE, 0, NULL},
};

/* Words that put the carried-forward count after the number ("1件结转下年度继续办理"). */
static const char *const CARRIED_FORWARD_AFTER[] = {"结转下年", "结转到下年", "结转至下年", "转入下年", "顺延到下年",
                                                    "顺延至下年", "延至下年", NULL};
/* A received count given for a narrower or another body than the report's. */
static const char *const SCOPE_MARKERS[] = {"代表", "本级", "政府办", "办公室", "本部门", "本单位", NULL};
/* Counts of other things received ("收到群众诉求348件"). */
static const char *const NOT_APPLICATIONS[] = {"诉求", "咨询", "留言", "来电", "来信", "投诉", NULL};
/* "均获维持": the word before 维持 that makes it "all". */
static const char *const ALL_WORDS[] = {"均", "全部", "都", "全", "一律", NULL};
static const char *const FEE_WORD = "信息处理费";
static const char *const NO_FEE_WORDS[] = {"未收取", "无收取", "没有收取", "不收取", "免收", "未产生", "未发生", NULL};

/* The vocabulary, the outcome groups and the appeal labels of a format fit easily. */
enum { MAX_PHRASES = 128 };

/* An outcome the narrative can name: one result row, or a group of them. */
typedef struct result_target {
    const char *label; /* the group or row label, for messages */
    char *phrase;      /* owned: the label normalised, without enumerator and note ("无法提供") */
    int rows[32];
    int nrows;
} result_target;

typedef struct context {
    const report *r;
    const report *previous;         /* last year's report, NULL when not given */
    diag_list *out;
    result_target results[16];
    int nresults;
    phrase phrases[MAX_PHRASES]; /* vocabulary + phrases from the format */
    int nphrases;
    int16_t first_ending[256];   /* per last byte: the first phrase whose text ends in it, or -1 */
    char *owned[16]; /* phrase texts folded from labels */
    int nowned;
    ntext overview;                 /* the normalised overview, kept for the fee comparison */
    struct quantity *overview_q;    /* the quantities found in it */
    size_t overview_nq;
} context;

/* A label in normalised form, folded as the text is, or NULL when folding leaves it as it is (labels are mostly CJK
 * already, which needs no work: the caller then uses the label itself). Caller frees. */
static char *folded_label_or_null(const char *label)
{
    size_t len = strlen(label);
    if (unchanged_run(label, len, 0) == len) return NULL;
    buf b = BUF_INIT;
    fold_text(label, len, &b, NULL);
    return buf_detach(&b);
}

/* The length of the bracket ("(" or "（", ")" or "）") at s, or 0. */
static size_t bracket_at(const char *s, bool open)
{
    if (*s == (open ? '(' : ')')) return 1;
    return memcmp(s, open ? "\xEF\xBC\x88" : "\xEF\xBC\x89", 3) == 0 ? 3 : 0;
}

/* The unchanged run at s[from] (unchanged_run), cut before the first ASCII `stop` in it. */
static size_t unchanged_run_before(const char *s, size_t len, size_t from, char stop)
{
    size_t run = unchanged_run(s, len, from);
    const char *hit = memchr(s + from, stop, run);
    return hit ? (size_t)(hit - (s + from)) : run;
}

/* label_phrase without folding: the label's words between an enumerator "（四）" and a note "（…）" when they and
 * the enumerator's inside are runs folding leaves unchanged and hold no bracket (so the brackets seen here are the
 * ones the folded label has, and the only characters folded before the note). NULL when the label is not of that
 * shape. */
static char *plain_label_phrase(const char *label)
{
    size_t len = strlen(label), at = 0, open = bracket_at(label, true);
    if (open) { /* the enumerator */
        size_t inside = unchanged_run_before(label, len, open, ')');
        size_t close = bracket_at(label + open + inside, false);
        if (!close) return NULL;
        at = open + inside + close;
    }
    size_t words = unchanged_run_before(label, len, at, '(');
    if (at + words < len && !bracket_at(label + at + words, true)) return NULL;
    return xstrndup(label + at, words);
}

/* "（四）无法提供" → "无法提供"; "（二）部分公开（区分处理的，…）" → "部分公开". Caller frees. */
static char *label_phrase(const char *label)
{
    char *plain = plain_label_phrase(label);
    if (plain) return plain;
    char *folded = folded_label_or_null(label);
    const char *n = folded ? folded : label;
    const char *p = n;
    if (*p == '(') {
        const char *close = strchr(p, ')');
        if (close) p = close + 1;
    }
    const char *note = strchr(p, '(');
    char *out = note ? xstrndup(p, (size_t)(note - p)) : xstrdup(p);
    free(folded);
    return out;
}

static void add_phrase(context *c, const char *text, enum concept concept, int arg)
{
    size_t len = strlen(text);
    if (c->nphrases == MAX_PHRASES || len == 0) return;
    c->phrases[c->nphrases++] = (phrase){text, concept, arg, len, -1};
}

/* A phrase from a label of the format tables: the label itself when folding leaves it unchanged, else a folded copy
 * the context owns. */
static void add_label_phrase(context *c, const char *label, enum concept concept, int arg)
{
    char *folded = folded_label_or_null(label);
    if (!folded) {
        add_phrase(c, label, concept, arg);
        return;
    }
    if (c->nowned == (int)(sizeof c->owned / sizeof c->owned[0])) {
        free(folded);
        return;
    }
    c->owned[c->nowned++] = folded;
    add_phrase(c, folded, concept, arg);
}

static int appeal_field(const char *key)
{
    for (int field = 0; field < APPEAL_FIELDS; field++)
        if (strcmp(APPEAL_FIELD_DEFS[field].key, key) == 0) return field;
    return -1;
}

/* The outcome phrases from the format's result rows and groups. */
static void add_result_phrases(context *c)
{
    const report_format *f = c->r->format;
    for (int row = 0; row < f->application_row_count; row++) {
        const application_row_def *def = &f->application_rows[row];
        if (!def->is_result) continue;
        result_target *t = NULL;
        for (int i = 0; i < c->nresults && !t; i++)
            if (def->group && c->results[i].label == def->group) t = &c->results[i];
        if (!t && c->nresults < (int)(sizeof c->results / sizeof c->results[0])) {
            t = &c->results[c->nresults++];
            t->nrows = 0;
            t->label = def->group ? def->group : def->label;
            t->phrase = label_phrase(t->label);
            add_phrase(c, t->phrase, C_RESULT, c->nresults - 1);
        }
        if (t && t->nrows < (int)(sizeof t->rows / sizeof t->rows[0])) t->rows[t->nrows++] = row;
    }
}

/* The appeal phrases from table 四's blocks, their group (行政诉讼) and result fields. */
static void add_appeal_phrases(context *c)
{
    for (int field = 0; field < APPEAL_FIELDS; field++)
        if (field != APPEAL_TOTAL_FIELD)
            add_label_phrase(c, APPEAL_FIELD_DEFS[field].label, C_APPEAL_FIELD, field);
    static const int block_topics[APPEAL_BLOCKS] = {TOPIC_RECONSIDERATION, TOPIC_LITIGATION_DIRECT,
                                                    TOPIC_LITIGATION_AFTER};
    const char *group_added = NULL;
    for (int block = 0; block < APPEAL_BLOCKS; block++) {
        const appeal_block_def *def = &APPEAL_BLOCK_DEFS[block];
        add_label_phrase(c, def->label, C_TOPIC, block_topics[block]);
        if (def->group && def->group != group_added) { /* both litigation blocks */
            add_label_phrase(c, def->group, C_TOPIC, TOPIC_LITIGATION);
            group_added = def->group;
        }
    }
}

static void context_init(context *c, const report *r, const report *previous, diag_list *out)
{
    /* the counts only, not the arrays behind them (8 KB): entries are written as they are added */
    c->r = r;
    c->previous = previous;
    c->out = out;
    c->nresults = c->nphrases = c->nowned = 0;
    c->overview_q = NULL;
    c->overview_nq = 0;
    memset(&c->overview, 0, sizeof c->overview);
    for (size_t i = 0; i < sizeof VOCABULARY / sizeof VOCABULARY[0]; i++) {
        const word *w = &VOCABULARY[i];
        int arg = w->concept == C_APPEAL_FIELD ? appeal_field(w->field_key) : w->arg;
        if (arg >= 0) add_phrase(c, w->text, w->concept, arg);
    }
    add_result_phrases(c);
    add_appeal_phrases(c);
    /* chains by last byte, each in phrase order (the first of equally good phrases wins) */
    for (int i = 0; i < 256; i++) c->first_ending[i] = -1;
    for (int i = c->nphrases - 1; i >= 0; i--) {
        unsigned char last = (unsigned char)c->phrases[i].text[c->phrases[i].len - 1];
        c->phrases[i].next_same_end = c->first_ending[last];
        c->first_ending[last] = (int16_t)i;
    }
}

static void context_free(context *c)
{
    ntext_free(&c->overview);
    free(c->overview_q);
    for (int i = 0; i < c->nresults; i++) free(c->results[i].phrase);
    for (int i = 0; i < c->nowned; i++) free(c->owned[i]);
}

/* ---- Finding things in the normalised text ---- */

/* The last occurrence of needle in s[from, to), or -1. Looks for its last byte (in CJK text the continuation
 * bytes vary far more than the lead bytes, so fewer false starts), then compares the whole. */
static long last_in(const char *s, size_t from, size_t to, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0 || to < from + n) return -1;
    const char *low = s + from + n - 1; /* possible last bytes: [low, s + to) */
    size_t span = (size_t)(s + to - low);
    unsigned char last = (unsigned char)needle[n - 1];
    const char *p;
    while (span > 0 && (p = memrchr(low, last, span)) != NULL) {
        if (memcmp(p - (n - 1), needle, n - 1) == 0) return (long)(p - (n - 1) - s);
        span = (size_t)(p - low);
    }
    return -1;
}

/* The first occurrence of needle[0, n) in s[from, to), or NULL; found like last_in, by its last byte. */
static const char *first_in(const char *s, size_t from, size_t to, const char *needle, size_t n)
{
    if (n == 0 || to < from + n) return NULL;
    const char *p = s + from + n - 1, *end = s + to; /* possible last bytes: [p, end) */
    unsigned char last = (unsigned char)needle[n - 1];
    while (p < end && (p = memchr(p, last, (size_t)(end - p))) != NULL) {
        if (memcmp(p - (n - 1), needle, n - 1) == 0) return p - (n - 1);
        p++;
    }
    return NULL;
}

/* first_in looking first for needle[anchor], a byte the caller knows to be rarer in Chinese text than the last one
 * (fewer false starts to compare). */
static const char *first_in_anchored(const char *s, size_t from, size_t to, const char *needle, size_t n,
                                     size_t anchor)
{
    if (n == 0 || anchor >= n || to < from + n) return NULL;
    const char *p = s + from + anchor, *end = s + to - (n - 1 - anchor); /* possible anchors: [p, end) */
    while (p < end && (p = memchr(p, needle[anchor], (size_t)(end - p))) != NULL) {
        if (memcmp(p - anchor, needle, n) == 0) return p - anchor;
        p++;
    }
    return NULL;
}

/* "维持" (E7 BB B4 E6 8C 81), anchored on its third byte: B4 is rarer than the 81 it ends in. */
static const char *first_upheld_in(const char *s, size_t from, size_t to)
{
    return first_in_anchored(s, from, to, "维持", 6, 2);
}

static bool contains(const char *s, size_t from, size_t to, const char *needle)
{
    return last_in(s, from, to, needle) >= 0;
}

static bool contains_any(const char *s, size_t from, size_t to, const char *const *needles)
{
    for (int i = 0; needles[i]; i++)
        if (contains(s, from, to, needles[i])) return true;
    return false;
}

/* How far before a count its words are looked for, in bytes: a clause, or the kind of appeal a sentence names.
 * Text without punctuation (a bad PDF) must not make the search quadratic. */
enum { PREFIX_WINDOW = 240, TOPIC_WINDOW = 900 };

static size_t window_start(size_t from, size_t to, size_t window) { return to > from + window ? to - window : from; }

/* The phrase (of the given concept, or any when concept < 0) that ends last in s[from, to), the longest among
 * those ending together (the first of them in phrase order); NULL when none. *at is where it starts. Walks back
 * from `to` and, at each byte, tries only the phrases that end in that byte. */
static const phrase *last_phrase_of(const context *c, const char *s, size_t from, size_t to, int concept, size_t *at)
{
    for (size_t end = to; end > from; end--) {
        const phrase *best = NULL;
        for (int i = c->first_ending[(unsigned char)s[end - 1]]; i >= 0; i = c->phrases[i].next_same_end) {
            const phrase *p = &c->phrases[i];
            if (p->len > end - from || (concept >= 0 && (int)p->concept != concept)) continue;
            if (best && p->len <= best->len) continue;
            /* the byte before the last, compared before the call: most candidates differ there already */
            if (p->len >= 2 && s[end - 2] != p->text[p->len - 2]) continue;
            if (memcmp(s + end - p->len, p->text, p->len) != 0) continue;
            best = p;
        }
        if (best) {
            *at = end - best->len;
            return best;
        }
    }
    return NULL;
}

static const phrase *last_phrase(const context *c, const char *s, size_t from, size_t to, size_t *at)
{
    return last_phrase_of(c, s, from, to, -1, at);
}

static inline bool is_sentence_end(const char *s, size_t i)
{
    if (s[i] == '!' || s[i] == '?') return true;
    return (unsigned char)s[i] == 0xE3 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x82; /* 。 */
}

/* The first bytes of a sentence end ('!', '?', 。) and of a subsection marker ('('); any other byte is neither. */
static const char SENTENCE_END_OR_MARKER_BYTES[] = "!?(\xE3";

static inline bool is_clause_end(const char *s, size_t i)
{
    return s[i] == ',' || s[i] == ';' || s[i] == ':' || s[i] == '(' || s[i] == ')' || is_sentence_end(s, i);
}

/* A subsection marker "(一)" … "(十)" at i; returns its length or 0. */
static size_t subsection_marker(const char *s, size_t len, size_t i)
{
    static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    if (s[i] != '(') return 0;
    for (size_t k = 0; k < 10; k++)
        if (i + 1 + 3 < len && memcmp(s + i + 1, numerals[k], 3) == 0 && s[i + 4] == ')') return 5;
    return 0;
}

/* ---- Numbers with units ---- */

enum unit { UNIT_COUNT, UNIT_YUAN };

typedef struct quantity {
    size_t start, end; /* the number in norm */
    size_t unit_end;
    int64_t value;     /* counts; yuan in millionths */
    enum unit unit;
} quantity;

/* The value of the Chinese numeral at s (3 bytes of UTF-8): 0–9, or 10/100/1000 for 十/百/千; -1 otherwise. */
static inline int chinese_digit(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if ((u[0] & 0xF0) != 0xE0 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80) return -1;
    int32_t cp = ((u[0] & 0x0F) << 12) | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    switch (cp) {
    case 0x96F6: case 0x3007: return 0; /* 零 〇 */
    case 0x4E00: return 1;              /* 一 */
    case 0x4E8C: case 0x4E24: return 2; /* 二 两 */
    case 0x4E09: return 3;
    case 0x56DB: return 4;
    case 0x4E94: return 5;
    case 0x516D: return 6;
    case 0x4E03: return 7;
    case 0x516B: return 8;
    case 0x4E5D: return 9;
    case 0x5341: return 10;   /* 十 */
    case 0x767E: return 100;  /* 百 */
    case 0x5343: return 1000; /* 千 */
    default: return -1;
    }
}

/* Reads Chinese numerals in s[from, to) ("十二", "一百零五"); returns -1 when they are not a number. */
static int64_t chinese_number(const char *s, size_t from, size_t to)
{
    int64_t total = 0, current = -1;
    for (size_t i = from; i < to; i += 3) {
        int d = chinese_digit(s + i);
        if (d < 0) return -1;
        if (d >= 10) {
            total += (current < 0 ? 1 : current) * d;
            current = -1;
        } else {
            current = d;
        }
    }
    return total + (current < 0 ? 0 : current);
}

/* The unit after a number at s[i]: 件/件次/起/宗 (counts), 元/万元 (yuan). Returns its length or 0. */
static size_t unit_at(const char *s, size_t len, size_t i, enum unit *unit, bool *wan)
{
    /* each unit is one or two three-byte characters; a longer one before its prefix */
    static const struct { char text[7]; enum unit unit; bool wan; } units[] = {
        {"件次", UNIT_COUNT, false}, {"件", UNIT_COUNT, false}, {"起", UNIT_COUNT, false}, {"宗", UNIT_COUNT, false},
        {"万元", UNIT_YUAN, true},   {"元", UNIT_YUAN, false},
    };
    if (i + 3 > len || (unsigned char)s[i] < 0xE0) return 0;
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        if (memcmp(s + i, units[k].text, 3) != 0) continue;
        size_t n = units[k].text[3] ? 6 : 3;
        if (n == 6 && (i + 6 > len || memcmp(s + i + 3, units[k].text + 3, 3) != 0)) continue;
        *unit = units[k].unit;
        *wan = units[k].wan;
        return n;
    }
    return 0;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads the ASCII number at s[start] ("1,234", "96.5"): its value, *end and *fraction (millionths, or -1 for an
 * integer). A comma counts as a thousands separator only before exactly three digits. */
static int64_t read_ascii_number(const char *s, size_t len, size_t start, size_t *end_out, int64_t *fraction_out)
{
    int64_t value = 0, fraction = 0;
    size_t end = start;
    while (end < len && (is_digit(s[end]) || (s[end] == ',' && end + 3 < len && is_digit(s[end + 1]) &&
                                               is_digit(s[end + 2]) && is_digit(s[end + 3]) &&
                                               (end + 4 >= len || !is_digit(s[end + 4]))))) {
        if (is_digit(s[end]) && value < INT64_MAX / 100) value = value * 10 + (s[end] - '0');
        end++;
    }
    if (end + 1 < len && s[end] == '.' && is_digit(s[end + 1])) {
        int digits = 0;
        for (end++; end < len && is_digit(s[end]); end++)
            if (digits++ < 6) fraction = fraction * 10 + (s[end] - '0');
        while (digits++ < 6) fraction *= 10;
    } else {
        fraction = -1; /* an integer */
    }
    *end_out = end;
    *fraction_out = fraction;
    return value;
}

/* The number that ends right before s[u]: its value, *start and *fraction (-1 for an integer), or -1 when none
 * does. A number is read forward from its first character, which no digit, point or comma (ASCII) or no numeral
 * (Chinese) precedes; walking back over those characters from u finds the only first character whose number can
 * end at u. */
static int64_t number_before(const char *s, size_t len, size_t u, size_t *start, int64_t *fraction)
{
    if (u >= 1 && is_digit(s[u - 1])) {
        size_t first = u - 1, end;
        while (first > 0 && (is_digit(s[first - 1]) || s[first - 1] == '.' || s[first - 1] == ',')) first--;
        if (!is_digit(s[first])) return -1;
        int64_t value = read_ascii_number(s, len, first, &end, fraction);
        *start = first;
        return end == u ? value : -1;
    }
    if (u >= 3 && chinese_digit(s + u - 3) >= 0) { /* the three bytes before u are a numeral only if a whole one */
        size_t first = u - 3;
        while (first >= 3 && chinese_digit(s + first - 3) >= 0) first -= 3;
        *start = first;
        *fraction = -1;
        return chinese_number(s, first, u);
    }
    return -1;
}

/* Every number followed by a unit, in order. Approximations ("300余件", "约20件") and ordinals are left out. Only
 * the units fold_text noted are looked at, each with the number right before it. */
static quantity *find_quantities(const ntext *t, size_t *count)
{
    const char *s = t->norm.data;
    size_t len = t->norm.len;
    quantity *q = NULL;
    size_t n = 0, cap = 0;
    for (size_t k = 0; k < t->nunits; k++) {
        size_t end = t->units[k], start = 0;
        enum unit unit = UNIT_COUNT;
        bool wan = false;
        size_t ulen = unit_at(s, len, end, &unit, &wan);
        if (!ulen) continue;
        int64_t fraction = -1, value = number_before(s, len, end, &start, &fraction);
        if (value < 0) continue;
        bool approximate = false; /* "约20件", "近百件", "超300件", "数十件", and ordinals "第3件" */
        static const char before[][4] = {"约", "近", "超", "逾", "数", "第"};
        for (size_t b = 0; b < sizeof before / sizeof before[0] && start >= 3; b++)
            approximate |= memcmp(s + start - 3, before[b], 3) == 0;
        if (approximate || (unit != UNIT_YUAN && fraction >= 0)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            q = xrealloc(q, cap * sizeof *q);
        }
        int64_t v = value;
        if (unit == UNIT_YUAN) v = value * 1000000 + (fraction > 0 ? fraction : 0);
        if (wan) v *= 10000;
        q[n++] = (quantity){start, end, end + ulen, v, unit};
    }
    *count = n;
    return q;
}

/* ---- Table values ---- */

/* Sum of the total column of rows; false when every cell of them is absent. */
static bool application_sum(const report *r, const int *rows, int nrows, int64_t *out)
{
    bool present = false;
    int64_t sum = 0;
    for (int i = 0; i < nrows; i++) {
        /* a row's cells are consecutive (format.h: table 三 row-major) */
        const report_cell *cells = &r->cells[format_application_cell(r->format, rows[i], 0)];
        for (int col = 0; col < APPLICATION_COLUMNS; col++) present |= cells[col].state != CELL_ABSENT;
        const report_cell *total = &cells[APPLICATION_TOTAL_COLUMN]; /* a printed total is what the rules read */
        sum += total->state == CELL_VALUE ? total->value
                                          : check_effective_application(r, rows[i], APPLICATION_TOTAL_COLUMN);
    }
    *out = sum;
    return present;
}

static int topic_blocks(int topic, int blocks[APPEAL_BLOCKS])
{
    switch (topic) {
    case TOPIC_RECONSIDERATION: blocks[0] = 0; return 1;
    case TOPIC_LITIGATION_DIRECT: blocks[0] = 1; return 1;
    case TOPIC_LITIGATION_AFTER: blocks[0] = 2; return 1;
    default: blocks[0] = 1; blocks[1] = 2; return 2;
    }
}

static bool appeal_sum(const report *r, int topic, int field, int64_t *out)
{
    int blocks[APPEAL_BLOCKS], n = topic_blocks(topic, blocks);
    bool present = false;
    int64_t sum = 0;
    for (int i = 0; i < n; i++) {
        present |= r->cells[format_appeal_cell(r->format, blocks[i], field)].state != CELL_ABSENT;
        sum += report_appeal(r, blocks[i], field);
    }
    *out = sum;
    return present;
}

/* ---- Writing messages (findings are many in a bad report: no printf per piece) ---- */

/* "%lld件" */
static void put_count(buf *out, int64_t v)
{
    buf_put_integer(out, v);
    buf_puts(out, "件");
}

/* “label”, after a "+" unless it is the first. */
static void put_quoted(buf *out, bool first, const char *label)
{
    buf_puts(out, first ? "“" : "+“");
    buf_puts(out, label);
    buf_puts(out, "”");
}

/* "行政复议" / "行政诉讼·未经复议直接起诉" / "行政诉讼" (both litigation blocks). */
static void topic_name(int topic, buf *out)
{
    int blocks[APPEAL_BLOCKS], n = topic_blocks(topic, blocks);
    const appeal_block_def *def = &APPEAL_BLOCK_DEFS[blocks[0]];
    if (n > 1) buf_puts(out, def->group);
    else if (def->group) {
        buf_puts(out, def->group);
        buf_puts(out, "·");
        buf_puts(out, def->label);
    }
    else buf_puts(out, def->label);
}

/* ---- Findings ---- */

/* Adds an X4 warning; the finding takes the text of `message` (left empty) without copying it. */
static diagnostic *add_message(context *c, enum report_table table, int row, int column, const char *row_key,
                               const char *column_key, buf *message)
{
    return diag_add_owned(c->out, "X4", SEVERITY_WARNING, table, row, column, row_key, column_key,
                          buf_detach(message));
}

static void add_finding(context *c, enum report_table table, int row, int column, const char *row_key,
                        const char *column_key, int64_t expected, int64_t actual, buf *message)
{
    diag_set_values(add_message(c, table, row, column, row_key, column_key, message), expected, actual);
}

/* A quoted count against table 三 rows (their 总计 column). */
static int compare_ints(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

/* “（一）予以公开”+“（二）部分公开…”: the rows (sorted) by their labels, a group's rows by the group's label. */
static void name_rows(const report_format *f, const int *rows, int nrows, buf *out)
{
    for (int i = 0; i < nrows; i++) {
        const application_row_def *def = &f->application_rows[rows[i]];
        const char *previous_group = i ? f->application_rows[rows[i - 1]].group : NULL;
        bool grouped = nrows > 1 && def->group && (i == 0 || previous_group != def->group);
        if (grouped) put_quoted(out, i == 0, def->group);
        else if (nrows == 1 || !def->group) put_quoted(out, i == 0, def->label);
    }
}

/* A quoted count against table 三 rows (their 总计 column); the quote is norm[clause, quote_end). */
static void compare_applications(context *c, const ntext *t, size_t clause, size_t quote_end, const quantity *q,
                                 int *rows, int nrows, bool received)
{
    if (nrows > 1) qsort(rows, (size_t)nrows, sizeof *rows, compare_ints);
    const report *r = c->r;
    int64_t table;
    if (!application_sum(r, rows, nrows, &table) || table == q->value) return;
    buf msg = BUF_INIT;
    buf_puts(&msg, "总体情况“");
    quote_original(t, clause, quote_end, &msg);
    buf_puts(&msg, "”");
    const char *total_key = APPLICATION_COLUMN_DEFS[APPLICATION_TOTAL_COLUMN].key;
    int row = nrows == 1 ? rows[0] : -1;
    const char *row_key = nrows == 1 ? r->format->application_rows[rows[0]].key : NULL;
    int over = format_application_row(r->format, "carried_over");
    int64_t carried_over = over >= 0 ? check_effective_application(r, over, APPLICATION_TOTAL_COLUMN) : 0;
    const char *received_label = nrows == 1 ? r->format->application_rows[rows[0]].label : "";
    if (received && carried_over && q->value == table + carried_over) {
        buf_puts(&msg, "与表三口径不一致：文中");
        put_count(&msg, q->value);
        buf_puts(&msg, "等于“");
        buf_puts(&msg, received_label);
        buf_puts(&msg, "”");
        put_count(&msg, table);
        buf_puts(&msg, "加上年结转");
        put_count(&msg, carried_over);
        buf_puts(&msg, "，表中本年新收为");
        put_count(&msg, table);
    } else if (received && contains_any(t->norm.data, window_start(clause, q->start, PREFIX_WINDOW), q->start,
                                        SCOPE_MARKERS)) {
        buf_puts(&msg, "与表三口径不一致：文中所述受理主体与本报告范围不同，表三“");
        buf_puts(&msg, received_label);
        buf_puts(&msg, "”总计为");
        put_count(&msg, table);
        buf_puts(&msg, "，文中为");
        put_count(&msg, q->value);
    } else {
        buf_puts(&msg, "与表三不符：表三");
        name_rows(r->format, rows, nrows, &msg);
        buf_puts(&msg, "总计为");
        put_count(&msg, table);
        buf_puts(&msg, "，文中为");
        put_count(&msg, q->value);
    }
    add_finding(c, TABLE_APPLICATIONS, row, APPLICATION_TOTAL_COLUMN, row_key, total_key, table, q->value,
                &msg);
    buf_free(&msg);
}

static void compare_appeals(context *c, const ntext *t, size_t clause, const quantity *q, int topic, int field)
{
    int64_t table;
    if (!appeal_sum(c->r, topic, field, &table) || table == q->value) return;
    buf msg = BUF_INIT;
    buf_puts(&msg, "总体情况“");
    quote_original(t, clause, q->unit_end, &msg);
    buf_puts(&msg, "”与表四不符：表四“");
    topic_name(topic, &msg);
    buf_puts(&msg, "”");
    buf_puts(&msg, APPEAL_FIELD_DEFS[field].label);
    buf_puts(&msg, "为");
    put_count(&msg, table);
    buf_puts(&msg, "，文中为");
    put_count(&msg, q->value);
    int blocks[APPEAL_BLOCKS], n = topic_blocks(topic, blocks);
    add_finding(c, TABLE_APPEALS, n == 1 ? blocks[0] : -1, field, n == 1 ? APPEAL_BLOCK_DEFS[blocks[0]].key : NULL,
                APPEAL_FIELD_DEFS[field].key, table, q->value, &msg);
    buf_free(&msg);
}

static int field_of(const report_format *f, int item_index, const char *key)
{
    if (item_index < 0) return -1;
    for (int i = 0; i < f->proactive[item_index].field_count; i++)
        if (strcmp(f->proactive[item_index].fields[i].key, key) == 0) return i;
    return -1;
}


/* Where a quoted count stands. */
typedef struct span_info {
    size_t sentence;         /* start of the sentence */
    size_t sentence_end;
    size_t clause, clause_end;
    bool applications;       /* the sentence or its subsection is about applications */
} span_info;

/* ---- Shares: "不予公开35件，占4.34%" ---- */

/* What a share is said to be of. */
enum share_base {
    BASE_UNNAMED,  /* "占33.9%", "占总数的4.3%": the applications handled, or (as some agencies count) received */
    BASE_HANDLED,  /* "占办结总数的…": （七）总计 */
    BASE_RECEIVED  /* "占申请总数的…": 一 or 一+二 — or, as often meant, those handled: 口径 unclear */
};

/* The words that may stand between 占 and the figure, and what they make the base. A share whose words are not
 * all among these ("占全市的", "占评价量的") is of something else and is not read. */
static const struct { const char *text; int base; } SHARE_WORDS[] = {
    {"办结", BASE_HANDLED}, {"答复", BASE_HANDLED}, {"办理", BASE_HANDLED}, {"处理", BASE_HANDLED},
    {"总计", BASE_HANDLED}, {"收到", BASE_RECEIVED}, {"受理", BASE_RECEIVED}, {"新收", BASE_RECEIVED},
    {"接收", BASE_RECEIVED}, {"申请", BASE_RECEIVED}, {"政府信息公开", -1}, {"信息公开", -1}, {"本年度", -1},
    {"本年", -1}, {"全年", -1}, {"年度", -1}, {"全部", -1}, {"总数", -1}, {"总量", -1}, {"数量", -1}, {"件数", -1},
    {"总", -1}, {"已", -1}, {"的", -1}, {"比例", -1}, {"比重", -1}, {"比", -1}, {"为", -1}, {"达", -1}, {"是", -1},
};

typedef struct share {
    size_t end;       /* after the '%' */
    int64_t scaled;   /* the figure times 10^decimals: 33.9 → 339 */
    int decimals;
    enum share_base base;
    char printed[24]; /* "33.9" */
} share;

/* The figure at s[at] ("33.9": at most 10 digits, at most 6 after the point) into out's scaled, decimals and
 * printed, *end just after it. False when there is none or it is longer than that. */
static bool read_figure(const char *s, size_t at, size_t limit, share *out, size_t *end)
{
    size_t i = at;
    int64_t scaled = 0;
    int decimals = -1;
    for (; i < limit && (is_digit(s[i]) || (s[i] == '.' && decimals < 0 && i + 1 < limit && is_digit(s[i + 1]))); i++) {
        if (s[i] == '.') {
            decimals = 0;
            continue;
        }
        if (i - at >= 10) return false;
        scaled = scaled * 10 + (s[i] - '0');
        if (decimals >= 0) decimals++;
    }
    if (i == at || decimals > 6 || i - at >= sizeof out->printed) return false;
    out->scaled = scaled;
    out->decimals = decimals < 0 ? 0 : decimals;
    memcpy(out->printed, s + at, i - at);
    out->printed[i - at] = '\0';
    *end = i;
    return true;
}

/* The share right after a count: ",占" then words naming the base, then the figure and '%', all within the
 * sentence and one clause. False when there is none, it is approximate or its base is something else. */
static bool share_after(const char *s, size_t at, size_t limit, share *out)
{
    if (at < limit && s[at] == ',') at++;
    if (at + 3 > limit || memcmp(s + at, "占", 3) != 0) return false;
    at += 3;
    size_t words = at;
    while (at < limit && at < words + 60 && !is_digit(s[at]) && !is_clause_end(s, at)) at++;
    if (at >= limit || !is_digit(s[at])) return false;
    bool handled = false, received = false;
    for (size_t w = words; w < at;) { /* every word between 占 and the figure must be known */
        size_t k = 0, n = 0;
        for (; k < sizeof SHARE_WORDS / sizeof SHARE_WORDS[0]; k++) {
            n = strlen(SHARE_WORDS[k].text);
            if (w + n <= at && memcmp(s + w, SHARE_WORDS[k].text, n) == 0) break;
        }
        if (k == sizeof SHARE_WORDS / sizeof SHARE_WORDS[0]) return false;
        handled |= SHARE_WORDS[k].base == BASE_HANDLED;
        received |= SHARE_WORDS[k].base == BASE_RECEIVED;
        w += n;
    }
    if (!read_figure(s, at, limit, out, &at) || at >= limit || s[at] != '%') return false;
    out->base = handled ? BASE_HANDLED : received ? BASE_RECEIVED : BASE_UNNAMED;
    out->end = at + 1;
    return true;
}

/* part / whole in percent at `decimals` places, rounded half up (*rounded) and cut off (*truncated), times
 * 10^decimals. False when it cannot be computed. */
static bool percent_of(int64_t part, int64_t whole, int decimals, int64_t *rounded, int64_t *truncated)
{
    if (whole <= 0 || part < 0 || part > 1000000000 || whole > 1000000000) return false;
    int64_t scale = 100;
    for (int i = 0; i < decimals; i++) scale *= 10;
    *truncated = part * scale / whole;
    *rounded = (2 * part * scale + whole) / (2 * whole);
    return true;
}

/* True when the figure is part / whole, rounded or cut off at its own precision. */
static bool share_agrees(const share *sh, int64_t part, int64_t whole)
{
    int64_t rounded, truncated;
    return percent_of(part, whole, sh->decimals, &rounded, &truncated) &&
           (sh->scaled == rounded || sh->scaled == truncated);
}

/* Appends part / whole as a percentage at the figure's precision ("34.2"). */
static void put_percent(const share *sh, int64_t part, int64_t whole, buf *out)
{
    int64_t rounded, truncated;
    if (!percent_of(part, whole, sh->decimals, &rounded, &truncated)) return;
    int64_t unit = 1;
    for (int i = 0; i < sh->decimals; i++) unit *= 10;
    buf_put_integer(out, rounded / unit);
    if (!sh->decimals) return;
    char fraction[8]; /* rounded % unit, zero-padded to the figure's decimals (at most 6) */
    int64_t rest = rounded % unit;
    for (int i = sh->decimals - 1; i >= 0; i--, rest /= 10) fraction[i] = (char)('0' + rest % 10);
    buf_putc(out, '.');
    buf_append(out, fraction, (size_t)sh->decimals);
}

/* "总计275件，占“（七）总计”805件的34.2": the rows' total and its share of a base. */
static void put_share_of(const share *sh, int64_t part, const char *base_label, int64_t base, buf *out)
{
    buf_puts(out, "总计");
    put_count(out, part);
    buf_puts(out, "，占“");
    buf_puts(out, base_label);
    buf_puts(out, "”");
    put_count(out, base);
    buf_puts(out, "的");
    put_percent(sh, part, base, out);
}

/* "予以公开及部分公开258件，占33.9%": the share the quoted outcome rows have of the applications handled (or of
 * the base the words name), from the table or from the quoted count; either agreeing is enough. A figure that
 * agrees with none is a finding: a contradiction when the base is clear, 口径不一致 when it is not. */
static void compare_share(context *c, const ntext *t, const span_info *where, const quantity *q, const int *rows,
                          int nrows)
{
    const report *r = c->r;
    const report_format *f = r->format;
    const char *s = t->norm.data;
    share sh;
    if (!share_after(s, q->unit_end, where->sentence_end, &sh)) return;
    int64_t part;
    if (!application_sum(r, rows, nrows, &part)) return;
    int total_row = format_application_row(f, "total"), received_row = format_application_row(f, "received"),
        over_row = format_application_row(f, "carried_over");
    if (total_row < 0 || received_row < 0) return;
    int64_t handled = check_effective_application(r, total_row, APPLICATION_TOTAL_COLUMN);
    int64_t received = check_effective_application(r, received_row, APPLICATION_TOTAL_COLUMN);
    int64_t received_all = received;
    if (over_row >= 0) received_all += check_effective_application(r, over_row, APPLICATION_TOTAL_COLUMN);
    /* the bases the words allow, the first being the one the message computes with */
    int64_t bases[3];
    int nbases = 0;
    if (sh.base != BASE_RECEIVED) bases[nbases++] = handled;
    if (sh.base != BASE_HANDLED) {
        bases[nbases++] = received;
        bases[nbases++] = received_all;
        if (sh.base == BASE_RECEIVED) bases[nbases++] = handled;
    }
    bool computable = false;
    for (int i = 0; i < nbases; i++) {
        int64_t unused_r, unused_t;
        computable |= percent_of(part, bases[i], sh.decimals, &unused_r, &unused_t);
        if (share_agrees(&sh, part, bases[i]) || share_agrees(&sh, q->value, bases[i])) return;
    }
    if (!computable) return;
    buf msg = BUF_INIT;
    buf_puts(&msg, "总体情况“");
    quote_original(t, where->clause, sh.end, &msg);
    const char *handled_label = f->application_rows[total_row].label;
    const char *received_label = f->application_rows[received_row].label;
    if (sh.base == BASE_RECEIVED) {
        buf_puts(&msg, "”所述比例与表三口径不一致：表三");
        name_rows(f, rows, nrows, &msg);
        put_share_of(&sh, part, received_label, received, &msg);
        buf_puts(&msg, "%，占新收加上年结转");
        put_count(&msg, received_all);
        buf_puts(&msg, "的");
        put_percent(&sh, part, received_all, &msg);
        buf_puts(&msg, "%，占“");
        buf_puts(&msg, handled_label);
        buf_puts(&msg, "”");
        put_count(&msg, handled);
        buf_puts(&msg, "的");
        put_percent(&sh, part, handled, &msg);
        buf_puts(&msg, "%，文中为");
        buf_puts(&msg, sh.printed);
        buf_puts(&msg, "%");
    } else {
        buf_puts(&msg, "”所述比例与表三不符：表三");
        name_rows(f, rows, nrows, &msg);
        put_share_of(&sh, part, handled_label, handled, &msg);
        buf_puts(&msg, "%");
        if (q->value != part) {
            buf_puts(&msg, "（按文中所述");
            put_count(&msg, q->value);
            buf_puts(&msg, "计为");
            put_percent(&sh, q->value, handled, &msg);
            buf_puts(&msg, "%）");
        }
        buf_puts(&msg, "，文中为");
        buf_puts(&msg, sh.printed);
        buf_puts(&msg, "%");
    }
    diagnostic *d = add_message(c, TABLE_APPLICATIONS, nrows == 1 ? rows[0] : -1, APPLICATION_TOTAL_COLUMN,
                                nrows == 1 ? f->application_rows[rows[0]].key : NULL,
                                APPLICATION_COLUMN_DEFS[APPLICATION_TOTAL_COLUMN].key, &msg);
    buf expected = BUF_INIT;
    put_percent(&sh, part, sh.base == BASE_RECEIVED ? received : handled, &expected);
    snprintf(d->expected, sizeof d->expected, "%s%%", buf_cstr(&expected));
    snprintf(d->actual, sizeof d->actual, "%s%%", sh.printed);
    buf_free(&expected);
    buf_free(&msg);
}

/* ---- Year-on-year changes: "比上年增长12.5%", "较2022年减少3件", "同比下降5%" ---- */

/* What a quoted count was tied to: table 三 rows (their 总计 column), a table 四 field of a kind of appeal, or the
 * in-force count of table 二 document rows. */
typedef struct count_target {
    enum report_table table; /* TABLE_APPLICATIONS, TABLE_APPEALS or TABLE_PROACTIVE */
    const int *rows;         /* table 三: rows of the report's format, sorted; table 二: items */
    int nrows;
    int topic, field;        /* table 四 */
} count_target;

/* The in-force field of a table 二 item, or -1. */
static int in_force_field(const report_format *f, int item) { return field_of(f, item, "in_force"); }

/* "表二“规章”+“行政规范性文件”现行有效件数": the items and their in-force field's label. */
static void put_in_force_name(const report_format *f, const int *items, int n, buf *out)
{
    buf_puts(out, "表二");
    for (int i = 0; i < n; i++) put_quoted(out, i == 0, f->proactive[items[i]].label);
    buf_puts(out, f->proactive[items[0]].fields[in_force_field(f, items[0])].label);
}

/* The in-force count of the items (rows of r's format) in `in`, found there by key: blank reads 0; false when an
 * item or its field is missing there or every cell is absent. */
static bool in_force_value(const report *r, const report *in, const int *items, int n, int64_t *out)
{
    bool present = false;
    int64_t sum = 0;
    for (int i = 0; i < n; i++) {
        int item = format_proactive_item(in->format, r->format->proactive[items[i]].key);
        int field = item >= 0 ? in_force_field(in->format, item) : -1;
        if (field < 0) return false;
        const report_cell *cell = &in->cells[format_proactive_cell(in->format, item, field)];
        present |= cell->state != CELL_ABSENT;
        sum += cell->state == CELL_VALUE ? cell->value : 0;
    }
    *out = sum;
    return present;
}

/* The target's value in `in` (this year's report or last year's), the rows found by key in its format; false when
 * a row is missing there or every cell of the target is absent. */
static bool target_value(const report *r, const report *in, const count_target *target, int64_t *out)
{
    if (target->table == TABLE_APPEALS) return appeal_sum(in, target->topic, target->field, out);
    if (target->table == TABLE_PROACTIVE) return in_force_value(r, in, target->rows, target->nrows, out);
    int rows[64], n = 0;
    for (int i = 0; i < target->nrows && n < 64; i++) {
        int row = format_application_row(in->format, r->format->application_rows[target->rows[i]].key);
        if (row < 0) return false;
        rows[n++] = row;
    }
    return application_sum(in, rows, n, out);
}

/* The words that compare with last year: "比" / "较" / "与" then the year, or "同比". */
static const char *const CHANGE_COMPARERS[] = {"比", "较", "与", "和", NULL};
static const char *const CHANGE_LAST_YEAR[] = {"上一年度", "上一年", "上年度", "上年", "去年", NULL};
static const char *const CHANGE_FILLERS[] = {"同期", "相比", "相较", ",", "的", "有所", "了", NULL};
static const struct { const char *text; int direction; } CHANGE_WORDS[] = {
    {"增长", 1}, {"增加", 1}, {"上升", 1}, {"提高", 1}, {"提升", 1}, {"多", 1},
    {"下降", -1}, {"减少", -1}, {"回落", -1}, {"降低", -1}, {"少", -1}, {"持平", 0},
};

/* A change as quoted. */
typedef struct change {
    size_t start, end;  /* from the comparing word to after the figure */
    int direction;      /* +1, -1, or 0 for 持平 (no figure) */
    const char *word;   /* the direction word ("回落") */
    bool percent;       /* a percentage, else a count (件) */
    share figure;       /* the figure: scaled value, decimals, as printed */
} change;

/* The phrase of `list` at s[at] (the longest first in the list wins ties by order); its length or 0. */
static size_t word_at(const char *s, size_t at, size_t limit, const char *const *list)
{
    for (int i = 0; list[i]; i++) {
        size_t n = strlen(list[i]);
        if (at + n <= limit && memcmp(s + at, list[i], n) == 0) return n;
    }
    return 0;
}

/* "2023年" or "2023年度" naming `year` at s[at]; its length or 0. */
static size_t year_at(const char *s, size_t at, size_t limit, int year)
{
    size_t i = at;
    int value = 0;
    while (i < limit && i < at + 4 && is_digit(s[i])) value = value * 10 + (s[i++] - '0');
    if (i != at + 4 || value != year || i + 3 > limit || memcmp(s + i, "年", 3) != 0) return 0;
    i += 3;
    if (i + 3 <= limit && memcmp(s + i, "度", 3) == 0) i += 3;
    return i - at;
}

/* The change quoted at s[at]: a comparing word naming last year (previous_year: the year of last year's report, 0
 * when unknown, which then only the words for last year name), a direction and a figure with '%' or 件. */
static bool change_at(const char *s, size_t at, size_t limit, int previous_year, change *out)
{
    size_t i = at, n;
    if (at + 6 <= limit && memcmp(s + at, "同比", 6) == 0) {
        i += 6;
    } else {
        if (!(n = word_at(s, i, limit, CHANGE_COMPARERS))) return false;
        i += n;
        n = word_at(s, i, limit, CHANGE_LAST_YEAR);
        if (!n && previous_year) n = year_at(s, i, limit, previous_year);
        if (!n) return false;
        i += n;
    }
    while ((n = word_at(s, i, limit, CHANGE_FILLERS)) != 0) i += n;
    size_t k = 0;
    for (; k < sizeof CHANGE_WORDS / sizeof CHANGE_WORDS[0]; k++) {
        n = strlen(CHANGE_WORDS[k].text);
        if (i + n <= limit && memcmp(s + i, CHANGE_WORDS[k].text, n) == 0) break;
    }
    if (k == sizeof CHANGE_WORDS / sizeof CHANGE_WORDS[0]) return false;
    i += n;
    memset(out, 0, sizeof *out);
    out->start = at;
    out->direction = CHANGE_WORDS[k].direction;
    out->word = CHANGE_WORDS[k].text;
    if (out->direction == 0) {
        out->end = i;
        return true;
    }
    if (i + 3 <= limit && memcmp(s + i, "了", 3) == 0) i += 3;
    if (!read_figure(s, i, limit, &out->figure, &i)) return false;
    if (i < limit && s[i] == '%') {
        out->percent = true;
        out->end = i + 1;
        return true;
    }
    enum unit unit;
    bool wan;
    size_t ulen = unit_at(s, limit, i, &unit, &wan);
    if (!ulen || unit != UNIT_COUNT || strchr(out->figure.printed, '.')) return false; /* a count has no point */
    out->end = i + ulen;
    return true;
}

/* True when the change from `last` to `now` is the one quoted, at the figure's precision (rounded or cut off). */
static bool change_agrees(const change *ch, int64_t last, int64_t now)
{
    int64_t diff = now - last, size = diff < 0 ? -diff : diff;
    int sign = diff > 0 ? 1 : diff < 0 ? -1 : 0;
    if (ch->direction == 0) return diff == 0;
    if (sign != ch->direction && !(sign == 0 && ch->figure.scaled == 0)) return false; /* "增长0%" when equal */
    if (!ch->percent) return ch->figure.scaled == size;
    return share_agrees(&ch->figure, size, last);
}

/* Appends the change from last to now as the text would put it: "下降12.4%", "增加3件", "持平". */
static void put_change(const change *ch, int64_t last, int64_t now, buf *out)
{
    int64_t diff = now - last, size = diff < 0 ? -diff : diff;
    if (diff == 0) {
        buf_puts(out, "持平");
    } else if (ch->percent) {
        buf_puts(out, diff > 0 ? "增长" : "下降");
        put_percent(&ch->figure, size, last, out);
        buf_puts(out, "%");
    } else {
        buf_printf(out, "%s%lld件", diff > 0 ? "增加" : "减少", (long long)size);
    }
}

/* "申请数量较去年回落12.3%": the change quoted after count q, compared with the same cells of last year's report.
 * It belongs to q only when nothing stands between them that could own it: no other number, no word of the
 * vocabulary. It is read only when q agrees with this year's table (else which figure changed is unclear), and a
 * percentage only when last year's value is not 0. */
static void compare_change(context *c, const ntext *t, const span_info *where, const quantity *q,
                           const count_target *target)
{
    const report *r = c->r, *previous = c->previous;
    if (!previous) return;
    if (r->year && previous->year && previous->year != r->year - 1) return; /* not last year's */
    const char *s = t->norm.data;
    size_t limit = where->sentence_end;
    if (q->unit_end + PREFIX_WINDOW < limit) limit = q->unit_end + PREFIX_WINDOW;
    change ch;
    size_t at = q->unit_end;
    int previous_year = previous->year ? previous->year : r->year ? r->year - 1 : 0;
    for (; at < limit; at++) {
        if (is_digit(s[at]) || (is_sentence_end(s, at))) return; /* another number first: not q's */
        if (change_at(s, at, limit, previous_year, &ch)) break;
    }
    if (at >= limit) return;
    size_t unused;
    if (last_phrase(c, s, q->unit_end, at, &unused)) return; /* the words between name something else */
    int64_t now, last;
    if (!target_value(r, r, target, &now) || now != q->value || !target_value(r, previous, target, &last)) return;
    if (ch.percent && last <= 0) return;
    if (change_agrees(&ch, last, now)) return;
    buf msg = BUF_INIT;
    buf_puts(&msg, "总体情况“");
    quote_original(t, where->clause, ch.end, &msg);
    buf_puts(&msg, "”与上年度报告不符：");
    if (target->table == TABLE_APPEALS) {
        buf_puts(&msg, "表四“");
        topic_name(target->topic, &msg);
        buf_printf(&msg, "”%s", APPEAL_FIELD_DEFS[target->field].label);
    } else if (target->table == TABLE_PROACTIVE) {
        put_in_force_name(r->format, target->rows, target->nrows, &msg);
    } else {
        buf_puts(&msg, "表三"); /* the rows' 总计 column, as in the other table 三 findings */
        name_rows(r->format, target->rows, target->nrows, &msg);
    }
    buf_printf(&msg, "上年为%lld件，本年为%lld件，", (long long)last, (long long)now);
    buf expected = BUF_INIT;
    put_change(&ch, last, now, &expected);
    buf_printf(&msg, "实为%s，文中为%s%s%s", buf_cstr(&expected), ch.word, ch.figure.printed,
               ch.direction == 0 ? "" : ch.percent ? "%" : "件");
    int row = -1, column = -1;
    const char *row_key = NULL, *column_key = NULL;
    if (target->table == TABLE_APPEALS) {
        int blocks[APPEAL_BLOCKS], n = topic_blocks(target->topic, blocks);
        row = n == 1 ? blocks[0] : -1;
        row_key = n == 1 ? APPEAL_BLOCK_DEFS[blocks[0]].key : NULL;
        column = target->field;
        column_key = APPEAL_FIELD_DEFS[target->field].key;
    } else if (target->table == TABLE_PROACTIVE) {
        int item = target->nrows == 1 ? target->rows[0] : -1;
        int first = target->rows[0];
        const field_def *field = &r->format->proactive[first].fields[in_force_field(r->format, first)];
        row = item;
        row_key = item >= 0 ? r->format->proactive[item].key : NULL;
        column = item >= 0 ? in_force_field(r->format, item) : -1;
        column_key = field->key;
    } else {
        row = target->nrows == 1 ? target->rows[0] : -1;
        row_key = target->nrows == 1 ? r->format->application_rows[target->rows[0]].key : NULL;
        column = APPLICATION_TOTAL_COLUMN;
        column_key = APPLICATION_COLUMN_DEFS[APPLICATION_TOTAL_COLUMN].key;
    }
    diagnostic *d = add_message(c, target->table, row, column, row_key, column_key, &msg);
    snprintf(d->expected, sizeof d->expected, "%s", buf_cstr(&expected));
    snprintf(d->actual, sizeof d->actual, "%s%s%s", ch.word, ch.figure.printed,
             ch.direction == 0 ? "" : ch.percent ? "%" : "件");
    buf_free(&expected);
    buf_free(&msg);
}

static void compare_application_change(context *c, const ntext *t, const span_info *where, const quantity *q,
                                       const int *rows, int nrows)
{
    count_target target = {.table = TABLE_APPLICATIONS, .rows = rows, .nrows = nrows};
    compare_change(c, t, where, q, &target);
}

static void compare_appeal_change(context *c, const ntext *t, const span_info *where, const quantity *q, int topic,
                                  int field)
{
    count_target target = {.table = TABLE_APPEALS, .topic = topic, .field = field};
    compare_change(c, t, where, q, &target);
}

/* The in-force document rows (at most two) a clause speaks of: those it names, or all when it names none ("规范性
 * 文件" also matches inside "行政规范性文件"; "规章" is its own word). Returns their count; *named: it named some. */
static int in_force_items(const report_format *f, const ntext *t, size_t clause, size_t clause_end, int items[2],
                          bool *named)
{
    int all[2], n = 0, used = 0;
    bool names[2] = {false, false};
    for (int i = 0; i < f->proactive_count && n < 2; i++) {
        if (in_force_field(f, i) < 0) continue;
        for (int m = 0; f->proactive[i].match[m]; m++)
            names[n] |= contains(t->norm.data, clause, clause_end, f->proactive[i].match[m]);
        all[n++] = i;
    }
    *named = names[0] || names[1];
    for (int i = 0; i < n; i++)
        if (!*named || names[i]) items[used++] = all[i];
    return used;
}

/* "现行有效规范性文件66件": the in-force count of the document rows the clause names (both when it names none),
 * then the change quoted after it ("比上年增加6件"). */
static void compare_in_force(context *c, const ntext *t, const span_info *where, size_t clause_end, const quantity *q)
{
    const report *r = c->r;
    const report_format *f = r->format;
    int items[2];
    bool named;
    int n = in_force_items(f, t, where->clause, clause_end, items, &named);
    int64_t table;
    if (n == 0 || !in_force_value(r, r, items, n, &table)) return;
    if (table != q->value) {
        buf msg = BUF_INIT;
        buf_puts(&msg, "总体情况“");
        quote_original(t, where->clause, q->unit_end, &msg);
        buf_puts(&msg, "”与表二不符：");
        put_in_force_name(f, items, n, &msg);
        buf_puts(&msg, "为");
        put_count(&msg, table);
        buf_puts(&msg, "，文中为");
        put_count(&msg, q->value);
        int single = named && n == 1 ? items[0] : -1;
        const field_def *field = &f->proactive[items[0]].fields[in_force_field(f, items[0])];
        add_finding(c, TABLE_PROACTIVE, single, single >= 0 ? in_force_field(f, single) : -1,
                    single >= 0 ? f->proactive[single].key : NULL, field->key, table, q->value, &msg);
        buf_free(&msg);
    }
    count_target target = {.table = TABLE_PROACTIVE, .rows = items, .nrows = n};
    compare_change(c, t, where, q, &target);
}

/* ---- Reading the overview ---- */

/* The bytes at which is_clause_end can hold (the ASCII marks it knows, the lead byte of "。") and the last byte of
 * "。" (clause_start looks back at it). Any other byte is stepped over at once. */
static const bool MAY_END_CLAUSE[256] = {
    [','] = true, [';'] = true, [':'] = true, ['('] = true, [')'] = true, ['!'] = true, ['?'] = true,
    [0xE3] = true, [0x82] = true,
};

static size_t clause_start(const char *s, size_t from, size_t floor)
{
    while (from > floor) {
        if (MAY_END_CLAUSE[(unsigned char)s[from - 1]]) {
            if (is_clause_end(s, from - 1)) break;
            if (from >= floor + 3 && (unsigned char)s[from - 3] == 0xE3 && is_sentence_end(s, from - 3)) break;
        }
        from--;
    }
    return from;
}

/* A clause right after "(二)" may begin with the subsection's heading run into its text ("依申请公开情况全年共…",
 * line breaks being gone): the clause then starts after the heading's "情况" / "方面". */
static size_t after_subheading(const char *s, size_t len, size_t clause, size_t limit)
{
    if (clause < 5 || subsection_marker(s, len, clause - 5) != 5) return clause;
    static const char *const ends[] = {"情况", "方面"};
    size_t window = clause + 36 < limit ? clause + 36 : limit;
    for (size_t i = 0; i < 2; i++) {
        const char *hit = first_in(s, clause, window, ends[i], 6);
        if (hit) return (size_t)(hit - s) + 6;
    }
    return clause;
}

static size_t clause_finish(const char *s, size_t len, size_t from)
{
    while (from < len && (!MAY_END_CLAUSE[(unsigned char)s[from]] || !is_clause_end(s, from))) from++;
    return from;
}

/* What the count q speaks of, and the comparison. prev_end: where the previous count ended. */
static void read_quantity(context *c, const ntext *t, const span_info *where, size_t prev_end, const quantity *q,
                          const quantity *next)
{
    const char *s = t->norm.data;
    size_t from = where->clause > prev_end ? where->clause : prev_end;
    from = window_start(from, q->start, PREFIX_WINDOW);
    size_t to = next && next->start < where->clause_end ? next->start : where->clause_end;
    size_t at = 0;
    const phrase *p = last_phrase(c, s, from, q->start, &at);
    if (q->unit == UNIT_YUAN) return; /* amounts: only 信息处理费, read elsewhere */
    if (!p) {
        if (contains_any(s, q->unit_end, to, CARRIED_FORWARD_AFTER) && where->applications) {
            int row = format_application_row(c->r->format, "carried_forward");
            if (row >= 0) compare_applications(c, t, where->clause, to, q, &row, 1, false);
        }
        return;
    }
    const report_format *f = c->r->format;
    switch (p->concept) {
    case C_RECEIVED: {
        bool application = contains(s, at, q->start, "申请") || (q->unit_end + 6 <= t->norm.len &&
                                                                 memcmp(s + q->unit_end, "申请", 6) == 0);
        if (!where->applications || !application || contains_any(s, where->clause, to, NOT_APPLICATIONS)) return;
        int row = format_application_row(f, "received");
        if (row < 0) return;
        compare_applications(c, t, where->clause, q->unit_end, q, &row, 1, true);
        compare_application_change(c, t, where, q, &row, 1);
        return;
    }
    case C_CARRIED_OVER:
    case C_HANDLED:
    case C_CARRIED_FORWARD: {
        if (!where->applications) return;
        const char *key = p->concept == C_CARRIED_OVER ? "carried_over" : p->concept == C_HANDLED ? "total"
                                                                                                  : "carried_forward";
        int row = format_application_row(f, key);
        if (row < 0) return;
        compare_applications(c, t, where->clause, q->unit_end, q, &row, 1, false);
        compare_application_change(c, t, where, q, &row, 1);
        return;
    }
    case C_RESULT: {
        if (!where->applications) return;
        /* "予以公开及部分公开258件": outcomes joined by 及/和/与/或/、 count together */
        int rows[64], nrows = 0;
        bool used[16] = {false};
        const phrase *cur = p;
        size_t cur_at = at;
        for (;;) {
            const result_target *target = &c->results[cur->arg];
            if (!used[cur->arg])
                for (int i = 0; i < target->nrows && nrows < 64; i++) rows[nrows++] = target->rows[i];
            used[cur->arg] = true;
            size_t before = cur_at, prev_at = 0;
            static const char *const joins[] = {"以及", "及", "和", "与", "或", ".", "/"};
            size_t join_len = 0;
            for (size_t j = 0; j < sizeof joins / sizeof joins[0] && !join_len; j++) {
                size_t l = strlen(joins[j]);
                if (before >= from + l && memcmp(s + before - l, joins[j], l) == 0) join_len = l;
            }
            if (!join_len) break;
            const phrase *prev = last_phrase(c, s, from, before - join_len, &prev_at);
            if (!prev || prev->concept != C_RESULT || prev_at + strlen(prev->text) != before - join_len) break;
            cur = prev;
            cur_at = prev_at;
        }
        compare_applications(c, t, where->clause, q->unit_end, q, rows, nrows, false);
        compare_share(c, t, where, q, rows, nrows);
        compare_application_change(c, t, where, q, rows, nrows);
        return;
    }
    case C_TOPIC:
        compare_appeals(c, t, where->clause, q, p->arg, APPEAL_TOTAL_FIELD);
        compare_appeal_change(c, t, where, q, p->arg, APPEAL_TOTAL_FIELD);
        return;
    case C_APPEAL_FIELD: {
        /* the kind of appeal is the last one the sentence named before the count */
        size_t topic_at = 0;
        const phrase *topic = last_phrase_of(c, s, window_start(where->sentence, q->start, TOPIC_WINDOW), q->start,
                                             C_TOPIC, &topic_at);
        if (!topic) return;
        compare_appeals(c, t, where->clause, q, topic->arg, p->arg);
        compare_appeal_change(c, t, where, q, topic->arg, p->arg);
        return;
    }
    case C_IN_FORCE:
        compare_in_force(c, t, where, to, q);
        return;
    }
}

/* "复议7件，诉讼9件，均获维持" while table 四 has cases corrected, otherwise ended or pending. */
/* *next_upheld: where the first "维持" at or after an earlier sentence stands (the text's length when none); kept
 * from sentence to sentence, so that the text is searched once, not once per sentence. */
static void check_all_upheld(context *c, const ntext *t, size_t sentence, size_t sentence_end, size_t *next_upheld)
{
    const char *s = t->norm.data;
    if (*next_upheld < sentence) {
        const char *hit = first_upheld_in(s, sentence, t->norm.len);
        *next_upheld = hit ? (size_t)(hit - s) : t->norm.len;
    }
    if (*next_upheld + 6 > sentence_end) return; /* none in this sentence */
    for (size_t i = sentence; i + 6 <= sentence_end; i++) {
        const char *upheld = first_in(s, i, sentence_end, "维持", 6);
        if (!upheld) return;
        i = (size_t)(upheld - s);
        if (i + 6 < sentence_end && is_digit(s[i + 6])) continue;
        size_t look = i >= sentence + 9 ? i - 9 : sentence; /* three characters before */
        if (!contains_any(s, look, i, ALL_WORDS)) continue;
        bool topics[4] = {false};
        bool any = false;
        size_t named_from = window_start(sentence, i, TOPIC_WINDOW);
        for (int k = 0; k < c->nphrases; k++)
            if (c->phrases[k].concept == C_TOPIC && contains(s, named_from, i, c->phrases[k].text)) {
                topics[c->phrases[k].arg] = true;
                any = true;
            }
        if (topics[TOPIC_LITIGATION_DIRECT] || topics[TOPIC_LITIGATION_AFTER]) topics[TOPIC_LITIGATION] = true;
        if (!any) topics[TOPIC_RECONSIDERATION] = topics[TOPIC_LITIGATION] = true;
        static const int checked[] = {TOPIC_RECONSIDERATION, TOPIC_LITIGATION};
        for (size_t k = 0; k < 2; k++) {
            int topic = checked[k];
            if (!topics[topic]) continue;
            buf why = BUF_INIT;
            int64_t not_upheld = 0;
            int first_field = -1;
            for (int field = 1; field < APPEAL_TOTAL_FIELD; field++) {
                int64_t v;
                if (!appeal_sum(c->r, topic, field, &v) || v == 0) continue;
                if (why.len) buf_puts(&why, "、");
                buf_puts(&why, APPEAL_FIELD_DEFS[field].label);
                put_count(&why, v);
                not_upheld += v;
                if (first_field < 0) first_field = field;
            }
            if (not_upheld) {
                buf msg = BUF_INIT;
                size_t from = clause_start(s, i, named_from), first_topic = i; /* quote from the first appeal named */
                for (int kk = 0; kk < c->nphrases; kk++)
                    if (c->phrases[kk].concept == C_TOPIC) {
                        const char *hit = first_in(s, named_from, i, c->phrases[kk].text, c->phrases[kk].len);
                        if (hit && (size_t)(hit - s) < first_topic) first_topic = (size_t)(hit - s);
                    }
                if (first_topic < from) from = clause_start(s, first_topic, named_from);
                buf_puts(&msg, "总体情况“");
                quote_original(t, from, i + 6, &msg);
                buf_puts(&msg, "”与表四不符：表四“");
                topic_name(topic, &msg);
                buf_puts(&msg, "”有");
                buf_append(&msg, why.data, why.len);
                buf_puts(&msg, "，并非全部维持");
                int blocks[APPEAL_BLOCKS], n = topic_blocks(topic, blocks);
                add_finding(c, TABLE_APPEALS, n == 1 ? blocks[0] : -1, first_field,
                            n == 1 ? APPEAL_BLOCK_DEFS[blocks[0]].key : NULL, APPEAL_FIELD_DEFS[first_field].key, 0,
                            not_upheld, &msg);
                buf_free(&msg);
            }
            buf_free(&why);
        }
        return; /* one "all upheld" per sentence */
    }
}

static void read_overview(context *c, const char *overview)
{
    ntext_build(overview, &c->overview);
    const ntext t = c->overview;
    const char *s = t.norm.data;
    size_t len = t.norm.len, nq = 0;
    quantity *q = c->overview_q = find_quantities(&c->overview, &nq);
    c->overview_nq = nq;
    size_t qi = 0, sentence = 0;
    const char *first_upheld = first_upheld_in(s, 0, len);
    size_t next_upheld = first_upheld ? (size_t)(first_upheld - s) : len;
    bool subsection_applications = false;
    while (sentence < len) {
        size_t end = sentence, marker;
        for (;; end++) { /* strcspn stops at the bytes that may end a sentence or open a marker, and at the end */
            end += strcspn(s + end, SENTENCE_END_OR_MARKER_BYTES);
            if (end >= len) {
                end = len;
                break;
            }
            if (is_sentence_end(s, end) || (end > sentence && subsection_marker(s, len, end))) break;
        }
        if ((marker = subsection_marker(s, len, sentence)) != 0) {
            size_t head_end = sentence + marker + 30 < end ? sentence + marker + 30 : end;
            subsection_applications = contains(s, sentence + marker, head_end, "申请");
        }
        span_info where = {.sentence = sentence, .sentence_end = end};
        bool has_counts = qi < nq && q[qi].start < end; /* the words are looked for only where they are read */
        where.applications = has_counts && (subsection_applications || contains(s, sentence, end, "申请"));
        size_t prev_end = sentence;
        for (; qi < nq && q[qi].start < end; qi++) {
            size_t floor = window_start(sentence, q[qi].start, PREFIX_WINDOW);
            where.clause = after_subheading(s, len, clause_start(s, q[qi].start, floor), q[qi].start);
            size_t ceiling = q[qi].unit_end + PREFIX_WINDOW < len ? q[qi].unit_end + PREFIX_WINDOW : len;
            where.clause_end = clause_finish(s, ceiling, q[qi].unit_end);
            if (where.clause_end > end) where.clause_end = end;
            read_quantity(c, &t, &where, prev_end, &q[qi], qi + 1 < nq ? &q[qi + 1] : NULL);
            prev_end = q[qi].unit_end;
        }
        check_all_upheld(c, &t, sentence, end, &next_upheld);
        sentence = end < len && is_sentence_end(s, end) ? end + (s[end] == '!' || s[end] == '?' ? 1 : 3) : end;
    }
}

/* ---- 信息处理费 ---- */

/* The information processing fee a text states, in millionths of a yuan; false when it states none. */
/* The information-processing fee a normalised text states, from its quantities. */
static bool stated_fee(const ntext *t, const quantity *q, size_t nq, int64_t *fee)
{
    const char *s = t->norm.data;
    size_t len = t->norm.len;
    bool found = false;
    const char *hit = s;
    /* anchored on the second byte of 处 (E5 A4 84): A4 is rarer in Chinese text than the B9 费 ends in */
    while (!found && (hit = first_in_anchored(s, (size_t)(hit - s), len, FEE_WORD, strlen(FEE_WORD), 7)) != NULL) {
        size_t at = (size_t)(hit - s), after = at + strlen(FEE_WORD);
        size_t from = clause_start(s, at, window_start(0, at, PREFIX_WINDOW));
        size_t to = clause_finish(s, after + PREFIX_WINDOW < len ? after + PREFIX_WINDOW : len, after);
        for (size_t i = 0; i < nq && !found; i++)
            if (q[i].unit == UNIT_YUAN && q[i].start >= from && q[i].unit_end <= to) {
                *fee = q[i].value;
                found = true;
            }
        if (!found && contains_any(s, from, to, NO_FEE_WORDS)) {
            *fee = 0;
            found = true;
        }
        hit = s + after;
    }
    return found;
}

static void compare_fees(context *c)
{
    const report *r = c->r;
    int64_t in_overview, in_other;
    if (!r->text[TEXT_OVERVIEW] || !r->text[TEXT_OTHER] ||
        !stated_fee(&c->overview, c->overview_q, c->overview_nq, &in_overview))
        return;
    ntext other;
    ntext_build(r->text[TEXT_OTHER], &other);
    size_t nq = 0;
    quantity *q = find_quantities(&other, &nq);
    bool stated = stated_fee(&other, q, nq, &in_other);
    free(q);
    ntext_free(&other);
    if (!stated || in_overview == in_other) return;
    char a[32], b[32];
    format_millionths(in_overview, a);
    format_millionths(in_other, b);
    diagnostic *d = diag_add(c->out, "X4", SEVERITY_WARNING, TABLE_NONE, -1, -1, NULL, NULL,
                             "总体情况所述信息处理费%s元，与“%s”所述%s元不一致", a,
                             r->format->sections[SECTION_OTHER].heading, b);
    snprintf(d->expected, sizeof d->expected, "%s", b);
    snprintf(d->actual, sizeof d->actual, "%s", a);
}

void narrative_check(const report *r, const report *previous, diag_list *out)
{
    if (!r || !out || !r->text[TEXT_OVERVIEW]) return;
    context c;
    context_init(&c, r, previous, out);
    read_overview(&c, r->text[TEXT_OVERVIEW]);
    compare_fees(&c);
    context_free(&c);
}

/* decode: the glued-digit decoder. Crawler text prints table values with no separators ("640020470" is
 * 64,0,0,2,0,4,70). For every glued row this file enumerates the ways to split its digit chunks into the
 * row's values and keeps the splits that satisfy the consistency rules (DESIGN.md §2.5): R2 and R4 inside a
 * row first, then R1 and R3 across the rows of table 三, chosen jointly by a bounded search. Table 二 has no
 * such rules; there the plausibility relations of proactive_relations() apply. When several splits survive,
 * the cells they disagree on stay ABSENT and a "D" warning names them and the candidates; when no split
 * satisfies every rule (the printed report is itself inconsistent), the splits that break the fewest rules
 * are taken and a "D" warning says so. Nothing here knows any particular report.
 * It runs for every crawler-text report of a bulk import, so it is kept cheap without changing what it finds:
 * one arena per call instead of an allocation per candidate, counts read one digit longer at a time, each rule
 * reduced to rest + coefficient × value once per node of the enumeration, rows printed alike under the same rules
 * enumerated once, warnings written without printf. The step limits count the same steps as ever. */
#include "import/pipeline.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

enum {
    MAX_ROW_VALUES = 32,       /* a glued row longer than this is not a report row */
    MAX_CHUNKS = 64,
    MAX_INTEGER_DIGITS = 12,   /* a count of a trillion is not a report value */
    MAX_FRACTION_DIGITS = 6,   /* decimals are kept in millionths */
    MAX_CANDIDATES = 256,      /* splits kept per row; more is "too ambiguous" */
    ROW_STEP_LIMIT = 200000,   /* enumeration steps per row */
    SEARCH_STEP_LIMIT = 1000000, /* joint search steps per report */
    MAX_TERMS = 32,            /* cells in one rule (R3 of the 2021 format has 22) */
    SHOWN_CANDIDATES = 4,      /* candidates quoted in a warning */
    ARENA_BLOCK_BYTES = 32768  /* one block holds a whole report's rows, rules and search */
};

/* ---- Memory: what one decode_glued call allocates comes from its arena and is freed at its end ---- */

typedef struct arena_block {
    struct arena_block *next;
    size_t used, size; /* bytes of data */
    max_align_t data[];
} arena_block;

typedef struct arena {
    arena_block *head; /* the block being filled; older and dedicated blocks follow */
} arena;

/* Room for count objects of size bytes, aligned for any type, not initialised; valid until arena_free. */
static void *arena_alloc(arena *a, size_t count, size_t size)
{
    size_t bytes = count * size;
    bytes = (bytes + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    arena_block *b = a->head;
    if (!b || b->size - b->used < bytes) {
        size_t room = bytes > ARENA_BLOCK_BYTES / 2 ? bytes : ARENA_BLOCK_BYTES;
        arena_block *fresh = xmalloc(sizeof *fresh + room);
        fresh->used = 0;
        fresh->size = room;
        if (b && room == bytes) { /* a large request gets a block of its own; the current one stays in use */
            fresh->next = b->next;
            b->next = fresh;
        } else {
            fresh->next = b;
            a->head = fresh;
        }
        b = fresh;
    }
    void *p = (unsigned char *)b->data + b->used;
    b->used += bytes;
    return p;
}

/* The same, zeroed. */
static void *arena_calloc(arena *a, size_t count, size_t size)
{
    void *p = arena_alloc(a, count, size);
    memset(p, 0, count * size);
    return p;
}

static void arena_free(arena *a)
{
    for (arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->head = NULL;
}

/* ---- Rows and their candidate splits ---- */

/* A run of characters no number may cross: a chunk, or the part of a chunk after a minus sign. */
typedef struct segment {
    const char *text;
    int len;
    bool negative; /* the first number of the segment carries a minus sign */
} segment;

/* Where one value of a candidate sits in the segments. */
typedef struct span {
    short segment, start, len;
} span;

enum row_status {
    ROW_OK,         /* has candidates */
    ROW_BAD_SHAPE,  /* the assembler's description is out of range or overlaps another row */
    ROW_UNREADABLE, /* a chunk holds something other than digits, '.', '-' */
    ROW_NO_SPLIT,   /* no split into cell_count values exists */
    ROW_TOO_MANY    /* enumeration hit a limit */
};

/* A rule as a linear equation over report cells: sum(coef * cell) = 0. */
typedef struct rule_eq {
    const char *rule;
    int cells[MAX_TERMS];
    int coefs[MAX_TERMS];
    int nterms;
    bool active;      /* every cell is known or belongs to a decodable row */
    int64_t constant; /* the known cells' part */
    int nrows;        /* how many glued rows it touches */
    int only_row;     /* the row, when nrows == 1 */
} rule_eq;

typedef struct row_state {
    const glued_row *src;
    enum report_table table;
    int n;                              /* values */
    uint8_t kinds[MAX_ROW_VALUES];      /* enum value_kind */
    segment *segs;                      /* in the arena */
    int *seg_chars;                     /* in the arena: characters from segment i to the end, nseg + 1 entries */
    int nseg;
    enum row_status status;
    /* Candidates: count × n values and spans, and per candidate the number of the row's own rules it breaks
     * (in the arena, copied there from the decoder's scratch once the row is enumerated; read-only from then
     * on, and shared by rows with the same digits and rules). */
    int64_t *values;
    span *spans;
    int *violations;
    int count;
    int best_violations;
    bool overflow;       /* more than MAX_CANDIDATES at the best level */
    bool *marked;        /* in the arena, per candidate: part of some surviving assignment */
    const char *unit;    /* unit printed after the last amount ("元"), "" when none */
    /* Rules touching only this row (R2, R4, and R1/R3 when the other rows are known), in the arena. */
    struct row_rule *unary;
    int nunary;
    uint64_t digest;     /* of n, the kinds and the segments: rows printed alike meet in decoder.twins */
} row_state;

/* A rule touching only one row, over the row's value indexes. */
typedef struct row_rule {
    int64_t constant;  /* the known cells' part */
    int check_at;      /* the last value index it reads: it is decided when that value is assigned */
    int nterms;
    int index[MAX_TERMS];
    int coef[MAX_TERMS];
} row_rule;

/* Candidates of the row being enumerated, reused from row to row (owned by the decoder, grown as needed). */
typedef struct candidate_scratch {
    int64_t *values; /* cap × MAX_ROW_VALUES */
    span *spans;     /* cap × MAX_ROW_VALUES */
    int *violations; /* cap */
    int cap;
} candidate_scratch;

typedef struct decoder {
    report *r;
    diag_list *notes;
    arena mem;       /* everything below but the scratch */
    row_state *rows;
    int nrows;
    int *cell_row;   /* per report cell: the glued row covering it, or -1 */
    int *row_stamp;  /* per row: 1 + the last rule that counted it (classify_rules) */
    rule_eq *rules;
    int nrules, rules_cap;
    candidate_scratch scratch;
    /* Rows already enumerated, by digest (open addressing, -1 = free): a row printed like an earlier one and
     * bound by the same rules has the same splits, so a crawler report's many "0000000" are split once. */
    int *twins;
    size_t twins_mask;
} decoder;

static int64_t pow10_i(int k)
{
    int64_t p = 1;
    while (k-- > 0) p *= 10;
    return p;
}

/* Reads one token as a value of the given kind. Returns false when the token is not such a value. */
static bool token_value(const char *t, int len, bool negative, enum value_kind kind, int64_t *out)
{
    if (negative && kind != VALUE_CHANGE) return false;
    if (kind == VALUE_COUNT || kind == VALUE_CHANGE) { /* the common case: digits only */
        if (len > MAX_INTEGER_DIGITS || (t[0] == '0' && len > 1) || (negative && t[0] == '0')) return false;
        int64_t v = 0;
        for (int i = 0; i < len; i++) {
            if (t[i] == '.') return false;
            v = v * 10 + (t[i] - '0');
        }
        *out = negative ? -v : v;
        return true;
    }
    int dot = -1;
    for (int i = 0; i < len; i++)
        if (t[i] == '.') {
            if (dot >= 0) return false;
            dot = i;
        }
    bool decimal = kind == VALUE_DECIMAL || kind == VALUE_AMOUNT_TEXT;
    if (dot >= 0 && !decimal) return false;
    int int_len = dot >= 0 ? dot : len;
    int frac_len = dot >= 0 ? len - dot - 1 : 0;
    if (int_len < 1 || int_len > MAX_INTEGER_DIGITS || (dot >= 0 && (frac_len < 1 || frac_len > MAX_FRACTION_DIGITS)))
        return false;
    if (t[0] == '0' && int_len > 1) return false; /* no leading zero */
    int64_t v = 0;
    for (int i = 0; i < int_len; i++) v = v * 10 + (t[i] - '0');
    if (negative && v == 0) return false;
    if (decimal) {
        int64_t frac = 0;
        for (int i = 0; i < frac_len; i++) frac = frac * 10 + (t[dot + 1 + i] - '0');
        v = v * 1000000 + frac * pow10_i(MAX_FRACTION_DIGITS - frac_len);
    }
    *out = negative ? -v : v;
    return true;
}

/* Length of a unit printed after the last amount ("元", "万元"), or 0. */
static size_t unit_suffix(const char *chunk)
{
    static const char *const units[] = {"万元", "元"};
    size_t len = strlen(chunk);
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t u = strlen(units[i]);
        if (len > u && strcmp(chunk + len - u, units[i]) == 0) return u;
    }
    return 0;
}

/* FNV-1a over what the splits of a row depend on besides its rules. */
static uint64_t row_digest(int n, const uint8_t *kinds, const segment *segs, int nseg)
{
    uint64_t h = 0xcbf29ce484222325ULL;
#define DIGEST_BYTE(b) (h = (h ^ (uint8_t)(b)) * 0x100000001b3ULL)
    DIGEST_BYTE(n);
    for (int v = 0; v < n; v++) DIGEST_BYTE(kinds[v]);
    for (int i = 0; i < nseg; i++) {
        DIGEST_BYTE(segs[i].len);
        DIGEST_BYTE(segs[i].len >> 8);
        DIGEST_BYTE(segs[i].negative);
        for (int c = 0; c < segs[i].len; c++) DIGEST_BYTE(segs[i].text[c]);
    }
#undef DIGEST_BYTE
    return h;
}

/* Splits the chunks into segments; a minus sign starts a new, negative segment. An amount's unit after the
 * last chunk is kept aside in row->unit. */
static enum row_status row_segments(decoder *d, row_state *row)
{
    const glued_row *g = row->src;
    segment segs[MAX_CHUNKS * 2];
    enum value_kind last_kind = row->kinds[row->n - 1];
    int total = 0;
    row->nseg = 0;
    row->unit = "";
    for (int c = 0; c < g->chunk_count; c++) {
        const char *s = g->chunks[c];
        if (!s || !*s) continue;
        size_t chunk_len = strlen(s);
        if (c == g->chunk_count - 1 && (last_kind == VALUE_DECIMAL || last_kind == VALUE_AMOUNT_TEXT)) {
            size_t u = unit_suffix(s);
            row->unit = s + chunk_len - u;
            chunk_len -= u;
        }
        const char *start = s, *end = s + chunk_len;
        bool negative = false;
        for (const char *p = s;; p++) {
            if (p == end || *p == '-') {
                int len = (int)(p - start);
                total += len;
                if (total > MAX_ROW_VALUES * (MAX_INTEGER_DIGITS + 1 + MAX_FRACTION_DIGITS)) return ROW_NO_SPLIT;
                if (len > 0) {
                    if (row->nseg == MAX_CHUNKS * 2) return ROW_NO_SPLIT;
                    segs[row->nseg++] = (segment){start, len, negative};
                } else if (negative || (p != end && p != s)) {
                    return ROW_UNREADABLE; /* "--" or a minus with no digits after it */
                }
                if (p == end) break;
                negative = true;
                start = p + 1;
            } else if (!((*p >= '0' && *p <= '9') || *p == '.')) {
                return ROW_UNREADABLE;
            }
        }
    }
    if (!row->nseg) return ROW_NO_SPLIT;
    row->digest = row_digest(row->n, row->kinds, segs, row->nseg);
    row->segs = arena_alloc(&d->mem, (size_t)row->nseg, sizeof *row->segs);
    memcpy(row->segs, segs, (size_t)row->nseg * sizeof *segs);
    row->seg_chars = arena_alloc(&d->mem, (size_t)row->nseg + 1, sizeof *row->seg_chars);
    row->seg_chars[row->nseg] = 0;
    for (int i = row->nseg - 1; i >= 0; i--) row->seg_chars[i] = row->seg_chars[i + 1] + row->segs[i].len;
    return ROW_OK;
}

/* ---- Rules ---- */

/* A new rule in the array build_rules sized for the format; classify_rules fills in the rest. */
static rule_eq *rule_new(decoder *d, const char *name)
{
    rule_eq *e = &d->rules[d->nrules++];
    e->rule = name;
    e->nterms = 0;
    return e;
}

static void rule_term(rule_eq *e, int cell, int coef)
{
    if (e->nterms < MAX_TERMS) {
        e->cells[e->nterms] = cell;
        e->coefs[e->nterms++] = coef;
    }
}

/* R1–R4 of the report's format, as equations over cells: R2 per row, R1 and R3 per column, R4 per block. */
static void build_rules(decoder *d)
{
    const report_format *f = d->r->format;
    d->rules_cap = f->application_row_count + 2 * APPLICATION_COLUMNS + APPEAL_BLOCKS;
    d->rules = arena_alloc(&d->mem, (size_t)d->rules_cap, sizeof *d->rules); /* not zeroed: rule_new and classify_rules set what is read */
    int received = format_application_row(f, "received"), carried_over = format_application_row(f, "carried_over");
    int total = format_application_row(f, "total"), carried_forward = format_application_row(f, "carried_forward");
    for (int row = 0; row < f->application_row_count; row++) { /* R2 */
        rule_eq *e = rule_new(d, "R2");
        for (int col = 0; col < APPLICATION_COLUMNS; col++)
            rule_term(e, format_application_cell(f, row, col), col == APPLICATION_TOTAL_COLUMN ? -1 : 1);
    }
    for (int col = 0; col < APPLICATION_COLUMNS; col++) {
        if (received >= 0 && carried_over >= 0 && total >= 0 && carried_forward >= 0) { /* R1 */
            rule_eq *e = rule_new(d, "R1");
            rule_term(e, format_application_cell(f, received, col), 1);
            rule_term(e, format_application_cell(f, carried_over, col), 1);
            rule_term(e, format_application_cell(f, total, col), -1);
            rule_term(e, format_application_cell(f, carried_forward, col), -1);
        }
        if (total >= 0) { /* R3 */
            rule_eq *e = rule_new(d, "R3");
            for (int row = 0; row < f->application_row_count; row++)
                if (f->application_rows[row].is_result) rule_term(e, format_application_cell(f, row, col), 1);
            rule_term(e, format_application_cell(f, total, col), -1);
        }
    }
    for (int block = 0; block < APPEAL_BLOCKS; block++) { /* R4 */
        rule_eq *e = rule_new(d, "R4");
        for (int field = 0; field < APPEAL_FIELDS; field++)
            rule_term(e, format_appeal_cell(f, block, field), field == APPEAL_TOTAL_FIELD ? -1 : 1);
    }
}

static bool is_total_cell(const report_format *f, int cell)
{
    cell_address a;
    format_cell_address(f, cell, &a);
    return (a.table == TABLE_APPLICATIONS && a.column == APPLICATION_TOTAL_COLUMN) ||
           (a.table == TABLE_APPEALS && a.column == APPEAL_TOTAL_FIELD);
}

/* Decides which rules can be used: a known cell adds to the constant, a blank one counts 0 (a blank total
 * makes the rule unusable, as the checker does not apply it either), an absent one makes the rule unusable. */
static void classify_rules(decoder *d)
{
    for (int i = 0; i < d->nrules; i++) {
        rule_eq *e = &d->rules[i];
        e->active = true;
        e->constant = 0;
        e->nrows = 0;
        e->only_row = -1;
        for (int t = 0; t < e->nterms && e->active; t++) {
            int cell = e->cells[t], g = d->cell_row[cell];
            if (g >= 0) {
                if (d->rows[g].status != ROW_OK) {
                    e->active = false;
                    break;
                }
                if (d->row_stamp[g] != i + 1) {
                    d->row_stamp[g] = i + 1;
                    e->only_row = g;
                    e->nrows++;
                }
                continue;
            }
            const report_cell *c = &d->r->cells[cell];
            if (c->state == CELL_VALUE) e->constant += e->coefs[t] * c->value;
            else if (c->state == CELL_ABSENT || is_total_cell(d->r->format, cell)) e->active = false;
        }
        if (!e->active || e->nrows != 1) e->only_row = -1;
    }
    for (int g = 0; g < d->nrows; g++) d->row_stamp[g] = 0;
}

/* ---- Enumerating one row's splits ---- */

typedef struct enumeration {
    row_state *row;
    candidate_scratch *scratch; /* receives the candidates */
    int allowed;       /* how many of the row's rules a split may break in this pass */
    int64_t values[MAX_ROW_VALUES];
    span spans[MAX_ROW_VALUES];
    int max_len[MAX_ROW_VALUES + 1]; /* suffix sums of the longest token each value can be */
    /* The row's rules by the value that decides them (row->unary is ordered so): rules first_rule[k] to
     * first_rule[k + 1] - 1 are decided at value k. Per rule, what its terms before that value add up to and
     * the coefficient of that value, found once per node of the search rather than once per token. */
    int first_rule[MAX_ROW_VALUES + 1];
    int64_t *rest, *coef; /* nunary each, in the arena */
    /* A rule "sum of parts = total" whose total is the row's last value: the total is a suffix of the last
     * segment, one per length, and every part is at most the total. -1 when the row has none. */
    int tail_rule;
    int64_t tail_total[MAX_INTEGER_DIGITS + 1]; /* by length */
    int tail_lengths[MAX_INTEGER_DIGITS];        /* the lengths whose suffix is a count, shortest first */
    int ntail_lengths;
    int tail_mult[MAX_ROW_VALUES];            /* how often value k is a part of the tail rule */
    int tail_parts_left[MAX_ROW_VALUES + 1];  /* parts from value k on */
    int64_t tail_sum[MAX_ROW_VALUES + 1];     /* the rule's constant plus the parts among values 0..k-1 */
    long steps;
    bool out_of_steps;
} enumeration;

static int longest_token(enum value_kind kind)
{
    return kind == VALUE_DECIMAL || kind == VALUE_AMOUNT_TEXT ? MAX_INTEGER_DIGITS + 1 + MAX_FRACTION_DIGITS
                                                               : MAX_INTEGER_DIGITS;
}

static void record_candidate(enumeration *en, int violations)
{
    row_state *row = en->row;
    if (violations < row->best_violations) {
        row->best_violations = violations;
        row->count = 0;
        row->overflow = false;
    }
    if (row->count == MAX_CANDIDATES) {
        row->overflow = true;
        return;
    }
    candidate_scratch *c = en->scratch;
    if (row->count == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->values = xrealloc(c->values, (size_t)c->cap * MAX_ROW_VALUES * sizeof *c->values);
        c->spans = xrealloc(c->spans, (size_t)c->cap * MAX_ROW_VALUES * sizeof *c->spans);
        c->violations = xrealloc(c->violations, (size_t)c->cap * sizeof *c->violations);
    }
    memcpy(c->values + (size_t)row->count * (size_t)row->n, en->values, (size_t)row->n * sizeof *en->values);
    memcpy(c->spans + (size_t)row->count * (size_t)row->n, en->spans, (size_t)row->n * sizeof *en->spans);
    c->violations[row->count++] = violations;
}

/* Characters left from segment s, position p on. */
static int chars_left(const row_state *row, int s, int p) { return row->seg_chars[s] - p; }

/* For the rules decided at value k, with values 0..k-1 assigned: en->rest (the rest of the sum) and en->coef
 * (the coefficient of value k), so that the rule holds when rest + coef × value = 0. */
static void decided_rules_prepare(enumeration *en, int k)
{
    const row_state *row = en->row;
    for (int i = en->first_rule[k]; i < en->first_rule[k + 1]; i++) {
        const row_rule *u = &row->unary[i];
        int64_t rest = u->constant, coef = 0;
        for (int t = 0; t < u->nterms; t++) {
            if (u->index[t] == k) coef += u->coef[t];
            else rest += u->coef[t] * en->values[u->index[t]];
        }
        en->rest[i] = rest;
        en->coef[i] = coef;
    }
}

/* How many of the rules decided at value k the value v breaks. */
static int decided_rules_broken(const enumeration *en, int k, int64_t v)
{
    int broken = 0;
    for (int i = en->first_rule[k]; i < en->first_rule[k + 1]; i++) broken += en->rest[i] + en->coef[i] * v != 0;
    return broken;
}

/* Digits of |v|, counted by comparison rather than division. */
static int decimal_length(int64_t v)
{
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    int len = 1;
    for (uint64_t p = 10; len < 19 && u >= p; p *= 10) len++;
    return len;
}

/* When no rule may be broken any more, the rules decided at value k fix it: returns 1 and *len, the only token
 * length worth trying; 0 when nothing is fixed; -1 when the rules cannot all hold. */
static int forced_length(const enumeration *en, int k, int broken, int *len)
{
    const row_state *row = en->row;
    if (broken < en->allowed || row->kinds[k] == VALUE_DECIMAL || row->kinds[k] == VALUE_AMOUNT_TEXT) return 0;
    bool forced = false;
    int64_t need = 0;
    for (int i = en->first_rule[k]; i < en->first_rule[k + 1]; i++) {
        int64_t rest = en->rest[i], coef = en->coef[i];
        if (coef == 0 || rest % coef != 0) return -1; /* no value satisfies the rule */
        int64_t v = -rest / coef;
        if (forced && v != need) return -1;
        forced = true;
        need = v;
    }
    if (!forced) return 0;
    *len = decimal_length(need);
    return 1;
}

/* Finds a rule of the form "parts = total" (parts +1, the total −1 and the row's last value, all counts, known
 * cells adding nothing negative) and the totals the last segment's suffixes would make. */
static void find_tail_rule(enumeration *en)
{
    const row_state *row = en->row;
    en->tail_rule = -1;
    int last = row->n - 1;
    for (int i = en->first_rule[last]; i < en->first_rule[last + 1] && en->tail_rule < 0; i++) {
        const row_rule *r = &row->unary[i];
        bool shape = r->constant >= 0;
        for (int t = 0; t < r->nterms && shape; t++)
            shape = row->kinds[r->index[t]] == VALUE_COUNT && r->coef[t] == (r->index[t] == last ? -1 : 1);
        if (shape) en->tail_rule = i;
    }
    if (en->tail_rule < 0) return;
    const row_rule *r = &row->unary[en->tail_rule];
    memset(en->tail_mult, 0, (size_t)row->n * sizeof *en->tail_mult);
    for (int t = 0; t < r->nterms; t++)
        if (r->index[t] != last) en->tail_mult[r->index[t]]++;
    en->tail_parts_left[last] = en->tail_parts_left[last + 1] = 0;
    for (int k = last - 1; k >= 0; k--) en->tail_parts_left[k] = en->tail_parts_left[k + 1] + en->tail_mult[k];
    en->tail_sum[0] = r->constant;
    /* the suffixes of the last segment read as counts, one digit longer each time */
    const segment *seg = &row->segs[row->nseg - 1];
    int64_t total = 0, scale = 1;
    bool dot = false;
    en->ntail_lengths = 0;
    for (int len = 1; len <= MAX_INTEGER_DIGITS && len <= seg->len; len++) {
        char c = seg->text[seg->len - len];
        if (c == '.') dot = true;
        else total += (c - '0') * scale;
        scale *= 10;
        en->tail_total[len] = total;
        if (!dot && (len < seg->len || !seg->negative) && !(c == '0' && len > 1))
            en->tail_lengths[en->ntail_lengths++] = len;
    }
}

static const int64_t POW10[MAX_INTEGER_DIGITS + 1] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 10000000000, 100000000000,
    1000000000000,
};

/* With values 0..k-1 assigned and the rest to start at segment s, position p: can the tail rule still hold? */
static bool tail_rule_viable(const enumeration *en, int k, int s, int p)
{
    const row_state *row = en->row;
    int last = row->n - 1, before_total = last - k, parts_left = en->tail_parts_left[k];
    int64_t sum = en->tail_sum[k];
    int left = chars_left(row, s, p);
    for (int i = 0; i < en->ntail_lengths; i++) {
        int len = en->tail_lengths[i];
        if (sum > en->tail_total[len]) continue;
        int chars = left - len; /* for the values before the total */
        if (chars < before_total) break;
        if (chars > parts_left * len + (before_total - parts_left) * MAX_INTEGER_DIGITS) continue;
        /* the parts still to come are too short to reach this total? */
        int longest = chars - (before_total - 1) < len ? chars - (before_total - 1) : len;
        if (parts_left > 0 && sum + parts_left * (POW10[longest] - 1) < en->tail_total[len]) continue;
        if (parts_left == 0 && sum != en->tail_total[len]) continue;
        return true;
    }
    return false;
}

/* Assigns value k starting at segment s, position p; `broken` counts the row's rules broken so far. */
static void enumerate(enumeration *en, int k, int s, int p, int broken)
{
    row_state *row = en->row;
    if (++en->steps > ROW_STEP_LIMIT) {
        en->out_of_steps = true;
        return;
    }
    if (k == row->n) {
        if (s == row->nseg) record_candidate(en, broken);
        return;
    }
    int values_left = row->n - k, left = chars_left(row, s, p);
    if (s >= row->nseg || values_left < row->nseg - s || values_left > left || en->max_len[k] < left) return;
    if (en->tail_rule >= 0 && broken == en->allowed && k < row->n - 1 && !tail_rule_viable(en, k, s, p)) return;
    bool decides = en->first_rule[k] < en->first_rule[k + 1];
    if (decides) decided_rules_prepare(en, k);
    const segment *seg = &row->segs[s];
    int first_len = 1, last_len = seg->len - p, fixed_len = 0;
    switch (forced_length(en, k, broken, &fixed_len)) {
    case -1: return;
    case 1: first_len = last_len = fixed_len <= last_len ? fixed_len : 0; break;
    default: break;
    }
    enum value_kind kind = row->kinds[k];
    if (last_len > longest_token(kind)) last_len = longest_token(kind);
    if (last_len > left - (values_left - 1)) last_len = left - (values_left - 1); /* leave a character per value */
    if (first_len < left - en->max_len[k + 1]) first_len = left - en->max_len[k + 1]; /* the rest cannot hold more */
    if (first_len < 1 || first_len > last_len) return;
    const char *t = seg->text + p;
    bool negative = seg->negative && p == 0;
    /* A count or change is read one digit longer each time (token_value's rules, without re-reading): no
     * leading zero, no point, a minus sign only on a change and not before a zero. */
    bool integer = kind == VALUE_COUNT || kind == VALUE_CHANGE;
    bool sign_ok = !negative || (kind == VALUE_CHANGE && t[0] != '0');
    int64_t digits = 0;
    bool dot = false;
    if (integer)
        for (int i = 0; i < first_len - 1; i++) {
            if (t[i] == '.') dot = true;
            else digits = digits * 10 + (t[i] - '0');
        }
    for (int len = first_len; len <= last_len && !en->out_of_steps; len++) {
        int64_t v;
        bool valid;
        if (integer) {
            if (t[len - 1] == '.') dot = true;
            else digits = digits * 10 + (t[len - 1] - '0');
            valid = sign_ok && !dot && !(t[0] == '0' && len > 1);
            v = negative ? -digits : digits;
        } else {
            valid = token_value(t, len, negative, kind, &v);
        }
        if (!valid) {
            if (t[0] == '0' && t[len - 1] != '.') break; /* "0" then more digits: never valid */
            continue;
        }
        en->values[k] = v;
        en->spans[k] = (span){(short)s, (short)p, (short)len};
        if (en->tail_rule >= 0) en->tail_sum[k + 1] = en->tail_sum[k] + en->tail_mult[k] * v;
        int now_broken = decides ? broken + decided_rules_broken(en, k, v) : broken;
        if (now_broken > en->allowed) continue;
        bool segment_done = p + len == seg->len;
        enumerate(en, k + 1, segment_done ? s + 1 : s, segment_done ? 0 : p + len, now_broken);
    }
}

/* The rules that touch only one row, rewritten over that row's value indexes, for every row at once; each row's
 * are ordered by the value that decides them (the last they read), in rule order among equals. */
static void collect_row_rules(decoder *d)
{
    for (int i = 0; i < d->nrules; i++)
        if (d->rules[i].active && d->rules[i].only_row >= 0) d->rows[d->rules[i].only_row].nunary++;
    for (int g = 0; g < d->nrows; g++) {
        row_state *row = &d->rows[g];
        if (row->nunary) row->unary = arena_alloc(&d->mem, (size_t)row->nunary, sizeof *row->unary);
        row->nunary = 0;
    }
    for (int i = 0; i < d->nrules; i++) {
        const rule_eq *e = &d->rules[i];
        if (!e->active || e->only_row < 0) continue;
        row_state *row = &d->rows[e->only_row];
        row_rule *u = &row->unary[row->nunary];
        u->constant = e->constant;
        u->check_at = -1;
        u->nterms = 0;
        for (int t = 0; t < e->nterms; t++) {
            if (d->cell_row[e->cells[t]] != e->only_row) continue;
            int k = e->cells[t] - row->src->first_cell;
            u->index[u->nterms] = k;
            u->coef[u->nterms++] = e->coefs[t];
            if (k > u->check_at) u->check_at = k;
        }
        /* insertion by check_at keeps the order stable and the rule lists are short */
        int at = row->nunary++;
        while (at > 0 && row->unary[at - 1].check_at > u->check_at) at--;
        if (at < row->nunary - 1) {
            row_rule moved = *u;
            memmove(&row->unary[at + 1], &row->unary[at], (size_t)(row->nunary - 1 - at) * sizeof *row->unary);
            row->unary[at] = moved;
        }
    }
}

/* True when rows a and b have the same splits: the same values to find, digits and rules. */
static bool same_split_problem(const row_state *a, const row_state *b)
{
    if (a->digest != b->digest || a->n != b->n || a->nseg != b->nseg || a->nunary != b->nunary ||
        memcmp(a->kinds, b->kinds, (size_t)a->n) != 0)
        return false;
    for (int i = 0; i < a->nseg; i++)
        if (a->segs[i].len != b->segs[i].len || a->segs[i].negative != b->segs[i].negative ||
            memcmp(a->segs[i].text, b->segs[i].text, (size_t)a->segs[i].len) != 0)
            return false;
    for (int i = 0; i < a->nunary; i++) {
        const row_rule *x = &a->unary[i], *y = &b->unary[i];
        if (x->constant != y->constant || x->check_at != y->check_at || x->nterms != y->nterms ||
            memcmp(x->index, y->index, (size_t)x->nterms * sizeof *x->index) != 0 ||
            memcmp(x->coef, y->coef, (size_t)x->nterms * sizeof *x->coef) != 0)
            return false;
    }
    return true;
}

/* The slot of decoder.twins for row g: the one holding an earlier row with its digest, or a free one. */
static size_t twin_slot(const decoder *d, int g)
{
    size_t slot = (size_t)d->rows[g].digest & d->twins_mask;
    while (d->twins[slot] >= 0 && d->rows[d->twins[slot]].digest != d->rows[g].digest)
        slot = (slot + 1) & d->twins_mask;
    return slot;
}

/* Finds the splits that break the fewest of the row's own rules: first those breaking none, then one, …
 * Returns false when the row turned out not to be decodable (no split, or too many). */
static bool enumerate_row(decoder *d, int g)
{
    row_state *row = &d->rows[g];
    size_t slot = twin_slot(d, g);
    if (d->twins[slot] >= 0 && same_split_problem(&d->rows[d->twins[slot]], row)) {
        const row_state *twin = &d->rows[d->twins[slot]];
        row->status = twin->status;
        row->count = twin->count;
        row->best_violations = twin->best_violations;
        row->overflow = twin->overflow;
        row->values = twin->values;
        row->spans = twin->spans;
        row->violations = twin->violations;
        return row->status == ROW_OK;
    }
    d->twins[slot] = g;
    enumeration en; /* not zeroed (1.5 KB): every field is set before it is read */
    en.row = row;
    en.scratch = &d->scratch;
    en.steps = 0;
    en.out_of_steps = false;
    en.max_len[row->n] = 0;
    for (int k = row->n - 1; k >= 0; k--) en.max_len[k] = en.max_len[k + 1] + longest_token(row->kinds[k]);
    for (int i = 0, k = 0; k <= row->n; k++) { /* first_rule[k]: the first rule decided at k or later */
        while (i < row->nunary && row->unary[i].check_at < k) i++;
        en.first_rule[k] = i;
    }
    en.rest = arena_alloc(&d->mem, (size_t)row->nunary + 1, sizeof *en.rest); /* written before read */
    en.coef = arena_alloc(&d->mem, (size_t)row->nunary + 1, sizeof *en.coef);
    find_tail_rule(&en);
    row->best_violations = INT_MAX;
    for (en.allowed = 0; en.allowed <= row->nunary && row->count == 0 && !en.out_of_steps; en.allowed++)
        enumerate(&en, 0, 0, 0, 0);
    if (en.out_of_steps || row->overflow) row->status = ROW_TOO_MANY;
    else if (row->count == 0) row->status = ROW_NO_SPLIT;
    if (row->status != ROW_OK) row->count = 0;
    if (row->count) {
        size_t values = (size_t)row->count * (size_t)row->n;
        row->values = arena_alloc(&d->mem, values, sizeof *row->values);
        row->spans = arena_alloc(&d->mem, values, sizeof *row->spans);
        row->violations = arena_alloc(&d->mem, (size_t)row->count, sizeof *row->violations);
        memcpy(row->values, d->scratch.values, values * sizeof *row->values);
        memcpy(row->spans, d->scratch.spans, values * sizeof *row->spans);
        memcpy(row->violations, d->scratch.violations, (size_t)row->count * sizeof *row->violations);
    }
    return row->status == ROW_OK;
}

/* ---- Choosing jointly across rows ---- */

typedef struct search {
    decoder *d;
    int *order;        /* rows in search order */
    int norder;
    int *joint;        /* rules touching two or more rows */
    int njoint;
    /* Per order position: the joint rules (indexes into joint, ascending) its row has a term in, with the
     * candidates' contributions to them, candidate-major: contrib[pos][k × ntouch[pos] + i]; and the others,
     * to which every candidate of the row adds 0. */
    int **touch, *ntouch;
    int **untouched, *nuntouched;
    int64_t **contrib;
    int64_t *sufmin, *sufmax; /* (norder + 1) × njoint: bounds of what the rows from a position on can add */
    int64_t *partial;  /* njoint: each rule's constant plus what the assigned rows add */
    int *assign, *found; /* per order position */
    int *least_violations; /* per order position: the fewest rules a candidate of the row breaks on its own */
    int *least_from;       /* per order position (and norder): the sum of least_violations from it on */
    int budget;
    int forced_pos, forced_candidate;
    long steps;
    bool aborted;
} search;

/* Rule j's sum cannot come back to 0, whatever the rows still to come add (between least[j] and most[j]). */
static bool sure_to_break(const int64_t *least, const int64_t *most, int j, int64_t partial)
{
    return partial + least[j] > 0 || partial + most[j] < 0;
}

/* Assigns the rows from position pos on, breaking at most budget rules in all (the rows' own and the joint
 * ones already sure to break count against it). */
static bool dfs(search *s, int pos, int violations)
{
    if (++s->steps > SEARCH_STEP_LIMIT) {
        s->aborted = true;
        return false;
    }
    if (pos == s->norder) {
        memcpy(s->found, s->assign, (size_t)s->norder * sizeof *s->found);
        return true;
    }
    const row_state *row = &s->d->rows[s->order[pos]];
    /* every row still to come breaks at least its fewest own rules: no assignment of them fits the budget */
    if (violations + s->least_from[pos] > s->budget) return false;
    /* The rules this row has no term in are sure to break or not whichever candidate it takes. */
    const int64_t *least = s->sufmin + (size_t)(pos + 1) * (size_t)s->njoint;
    const int64_t *most = s->sufmax + (size_t)(pos + 1) * (size_t)s->njoint;
    int64_t *partial = s->partial;
    int sure_elsewhere = 0;
    for (int i = 0; i < s->nuntouched[pos]; i++) {
        int j = s->untouched[pos][i];
        sure_elsewhere += sure_to_break(least, most, j, partial[j]);
    }
    if (violations + s->least_from[pos] + sure_elsewhere > s->budget) return false;
    int first = 0, last = row->count;
    if (pos == s->forced_pos) first = s->forced_candidate, last = s->forced_candidate + 1;
    const int *touch = s->touch[pos];
    int ntouch = s->ntouch[pos];
    for (int k = first; k < last; k++) {
        int v = violations + row->violations[k];
        /* joint rules this row may still make sure to break, leaving the later rows their fewest own ones */
        int allowed = s->budget - v - sure_elsewhere - s->least_from[pos + 1];
        if (allowed < 0) continue;
        const int64_t *c = s->contrib[pos] + (size_t)k * (size_t)ntouch;
        int sure = 0;
        for (int i = 0; i < ntouch && sure <= allowed; i++)
            sure += sure_to_break(least, most, touch[i], partial[touch[i]] + c[i]);
        if (sure > allowed) continue;
        for (int i = 0; i < ntouch; i++) partial[touch[i]] += c[i];
        s->assign[pos] = k;
        bool found = dfs(s, pos + 1, v);
        for (int i = 0; i < ntouch; i++) partial[touch[i]] -= c[i];
        if (found) return true;
        if (s->aborted) return false;
    }
    return false;
}

static bool search_run(search *s, int forced_pos, int forced_candidate)
{
    s->forced_pos = forced_pos;
    s->forced_candidate = forced_candidate;
    for (int j = 0; j < s->njoint; j++) s->partial[j] = s->d->rules[s->joint[j]].constant;
    return dfs(s, 0, 0);
}

/* Sorts rows (given in increasing order) by their number of candidates, fewest first, ties by row: by
 * insertion, as most rows have one candidate and a report has some thirty rows. */
static void order_by_count(int *order, int n, const row_state *rows)
{
    for (int i = 1; i < n; i++) {
        int g = order[i], at = i;
        for (; at > 0 && rows[order[at - 1]].count > rows[g].count; at--) order[at] = order[at - 1];
        order[at] = g;
    }
}

/* Lists, per order position, the joint rules its row has a term in and those it has none in, and sums each
 * candidate's terms per rule. */
static void search_contributions(search *s, const int *position)
{
    decoder *d = s->d;
    arena *mem = &d->mem;
    size_t nj = (size_t)s->njoint, npos = (size_t)s->norder + 1;
    s->ntouch = arena_calloc(mem, npos, sizeof *s->ntouch);
    int *stamp = arena_calloc(mem, npos, sizeof *stamp); /* per position: 1 + the last rule counted or listed */
    for (size_t j = 0; j < nj; j++) {
        const rule_eq *e = &d->rules[s->joint[j]];
        for (int t = 0; t < e->nterms; t++) {
            int g = d->cell_row[e->cells[t]];
            if (g < 0 || !position[g] || stamp[position[g] - 1] == (int)j + 1) continue;
            stamp[position[g] - 1] = (int)j + 1;
            s->ntouch[position[g] - 1]++;
        }
    }
    s->touch = arena_alloc(mem, npos, sizeof *s->touch);
    s->untouched = arena_alloc(mem, npos, sizeof *s->untouched);
    s->nuntouched = arena_alloc(mem, npos, sizeof *s->nuntouched);
    s->contrib = arena_alloc(mem, npos, sizeof *s->contrib);
    size_t contributions = 0;
    for (int pos = 0; pos < s->norder; pos++)
        contributions += (size_t)s->ntouch[pos] * (size_t)d->rows[s->order[pos]].count;
    int64_t *contrib = arena_calloc(mem, contributions + 1, sizeof *contrib);
    int *lists = arena_alloc(mem, (size_t)s->norder * nj + 1, sizeof *lists); /* touched, then untouched */
    for (int pos = 0; pos < s->norder; pos++) {
        s->contrib[pos] = contrib;
        contrib += (size_t)s->ntouch[pos] * (size_t)d->rows[s->order[pos]].count;
        s->touch[pos] = lists + (size_t)pos * nj;
        s->untouched[pos] = s->touch[pos] + s->ntouch[pos];
        s->nuntouched[pos] = 0;
        stamp[pos] = 0;
    }
    int *listed = arena_calloc(mem, npos, sizeof *listed); /* per position: touched rules listed so far */
    for (size_t j = 0; j < nj; j++) { /* each term adds its cell's value to the candidates of its row */
        const rule_eq *e = &d->rules[s->joint[j]];
        for (int t = 0; t < e->nterms; t++) {
            int g = d->cell_row[e->cells[t]];
            if (g < 0 || !position[g]) continue;
            int pos = position[g] - 1;
            if (stamp[pos] != (int)j + 1) {
                stamp[pos] = (int)j + 1;
                s->touch[pos][listed[pos]++] = (int)j;
            }
            const row_state *row = &d->rows[g];
            int i = listed[pos] - 1, value = e->cells[t] - row->src->first_cell;
            for (int k = 0; k < row->count; k++)
                s->contrib[pos][(size_t)k * (size_t)s->ntouch[pos] + (size_t)i] +=
                    e->coefs[t] * row->values[(size_t)k * (size_t)row->n + (size_t)value];
        }
        for (int pos = 0; pos < s->norder; pos++)
            if (stamp[pos] != (int)j + 1) s->untouched[pos][s->nuntouched[pos]++] = (int)j;
    }
}

/* Sets up the search; its arrays live in the decoder's arena. */
static void search_init(search *s, decoder *d)
{
    memset(s, 0, sizeof *s);
    s->d = d;
    arena *mem = &d->mem;
    s->order = arena_alloc(mem, (size_t)d->nrows + 1, sizeof *s->order);
    for (int g = 0; g < d->nrows; g++)
        if (d->rows[g].status == ROW_OK && d->rows[g].table != TABLE_PROACTIVE) s->order[s->norder++] = g;
    order_by_count(s->order, s->norder, d->rows);
    s->joint = arena_alloc(mem, (size_t)d->nrules + 1, sizeof *s->joint);
    for (int i = 0; i < d->nrules; i++)
        if (d->rules[i].active && d->rules[i].nrows >= 2) s->joint[s->njoint++] = i;
    size_t nj = (size_t)s->njoint, npos = (size_t)s->norder + 1;
    int *position = arena_calloc(mem, (size_t)d->nrows + 1, sizeof *position); /* row → 1 + its place in the order */
    for (int pos = 0; pos < s->norder; pos++) position[s->order[pos]] = pos + 1;
    search_contributions(s, position);
    s->sufmin = arena_alloc(mem, npos * nj + 1, sizeof *s->sufmin);
    s->sufmax = arena_alloc(mem, npos * nj + 1, sizeof *s->sufmax);
    for (size_t j = 0; j < nj; j++) /* past the last row nothing is added */
        s->sufmin[(size_t)s->norder * nj + j] = s->sufmax[(size_t)s->norder * nj + j] = 0;
    s->least_violations = arena_alloc(mem, npos, sizeof *s->least_violations);
    for (int pos = s->norder - 1; pos >= 0; pos--) {
        const row_state *row = &d->rows[s->order[pos]];
        int64_t *lo = s->sufmin + (size_t)pos * nj, *hi = s->sufmax + (size_t)pos * nj;
        memcpy(lo, lo + nj, nj * sizeof *lo); /* the rules the row has no term in get 0 from it */
        memcpy(hi, hi + nj, nj * sizeof *hi);
        int ntouch = s->ntouch[pos];
        for (int i = 0; i < ntouch; i++) {
            int64_t least = INT64_MAX, most = INT64_MIN;
            for (int k = 0; k < row->count; k++) {
                int64_t c = s->contrib[pos][(size_t)k * (size_t)ntouch + (size_t)i];
                if (c < least) least = c;
                if (c > most) most = c;
            }
            lo[s->touch[pos][i]] += least;
            hi[s->touch[pos][i]] += most;
        }
        s->least_violations[pos] = INT_MAX / 2;
        for (int k = 0; k < row->count; k++)
            if (row->violations[k] < s->least_violations[pos]) s->least_violations[pos] = row->violations[k];
    }
    s->least_from = arena_alloc(mem, npos, sizeof *s->least_from);
    s->least_from[s->norder] = 0;
    for (int pos = s->norder - 1; pos >= 0; pos--) {
        int sum = s->least_from[pos + 1] + s->least_violations[pos];
        s->least_from[pos] = sum < INT_MAX / 2 ? sum : INT_MAX / 2; /* a row without candidates stays "never" */
    }
    s->partial = arena_alloc(mem, nj + 1, sizeof *s->partial);
    s->assign = arena_alloc(mem, npos, sizeof *s->assign);
    s->found = arena_alloc(mem, npos, sizeof *s->found);
}

static void mark_found(search *s)
{
    for (int pos = 0; pos < s->norder; pos++) s->d->rows[s->order[pos]].marked[s->found[pos]] = true;
}

/* How many rules the found assignment breaks, per table (index by enum report_table). */
static void count_broken(const search *s, int broken[5])
{
    memset(broken, 0, 5 * sizeof *broken);
    for (int pos = 0; pos < s->norder; pos++) {
        const row_state *row = &s->d->rows[s->order[pos]];
        broken[row->table] += row->violations[s->found[pos]];
    }
    int64_t *sum = arena_alloc(&s->d->mem, (size_t)s->njoint + 1, sizeof *sum);
    for (int j = 0; j < s->njoint; j++) sum[j] = s->d->rules[s->joint[j]].constant;
    for (int pos = 0; pos < s->norder; pos++) {
        const int64_t *c = s->contrib[pos] + (size_t)s->found[pos] * (size_t)s->ntouch[pos];
        for (int i = 0; i < s->ntouch[pos]; i++) sum[s->touch[pos][i]] += c[i];
    }
    for (int j = 0; j < s->njoint; j++)
        if (sum[j] != 0) broken[strcmp(s->d->rules[s->joint[j]].rule, "R4") == 0 ? TABLE_APPEALS : TABLE_APPLICATIONS]++;
}

/* Finds the fewest rules any assignment must break, then every candidate that takes part in an assignment
 * breaking no more. Returns false when the step limit was reached first. *least is the fewest. */
static bool choose_jointly(decoder *d, int broken[5])
{
    search s;
    search_init(&s, d);
    memset(broken, 0, 5 * sizeof *broken);
    int max_budget = s.njoint;
    for (int pos = 0; pos < s.norder; pos++) {
        const row_state *row = &d->rows[s.order[pos]];
        int worst = 0;
        for (int k = 0; k < row->count; k++)
            if (row->violations[k] > worst) worst = row->violations[k];
        max_budget += worst;
    }
    bool found = false;
    for (s.budget = 0; s.budget <= max_budget && !found && !s.aborted; s.budget++)
        found = search_run(&s, -1, 0);
    s.budget--;
    if (found) {
        mark_found(&s);
        count_broken(&s, broken);
        for (int pos = 0; pos < s.norder && !s.aborted; pos++) {
            row_state *row = &d->rows[s.order[pos]];
            for (int k = 0; k < row->count && !s.aborted; k++)
                if (!row->marked[k] && search_run(&s, pos, k)) mark_found(&s);
        }
    }
    return found && !s.aborted;
}

/* ---- Table 二: plausibility instead of rules ---- */

static int field_index(const report_format *f, int item_index, const char *key)
{
    for (int i = 0; i < f->proactive[item_index].field_count; i++)
        if (strcmp(f->proactive[item_index].fields[i].key, key) == 0) return i;
    return -1;
}

/* Where the fields the relations read sit in a table 二 item, -1 for those it lacks; found once per row. */
typedef struct proactive_fields {
    const field_def *defs;
    int issued, repealed, in_force;    /* 2021 */
    int made, published, public_total; /* 2019 */
    int previous, change;              /* 2019 */
} proactive_fields;

static proactive_fields proactive_fields_of(const report_format *f, int item_index)
{
    return (proactive_fields){
        .defs = f->proactive[item_index].fields,
        .issued = field_index(f, item_index, "issued"),
        .repealed = field_index(f, item_index, "repealed"),
        .in_force = field_index(f, item_index, "in_force"),
        .made = field_index(f, item_index, "made"),
        .published = field_index(f, item_index, "published"),
        .public_total = field_index(f, item_index, "public_total"),
        .previous = field_index(f, item_index, "previous_items"),
        .change = field_index(f, item_index, "change"),
    };
}

/* The relations table 二 customarily satisfies, none of them a rule of the format:
 *  - hard (a split breaking it is dropped): last year's item count plus this year's change is not negative;
 *  - preferred (the splits satisfying most of them are kept): documents in force are at least as many as those
 *    issued and those repealed this year, and more are issued than repealed (2021); documents published this
 *    year equal those made, and the public total is at least either (2019).
 * Returns the number of preferred relations a candidate satisfies, or -1 when it breaks a hard one; `why`, when
 * not NULL, receives the preferred relations in words, built from the format's field labels. */
static int proactive_relations(const proactive_fields *x, const int64_t *v, buf *why)
{
    const field_def *fields = x->defs;
    if (x->previous >= 0 && x->change >= 0 && v[x->previous] + v[x->change] < 0) return -1;
    int score = 0;
    if (x->issued >= 0 && x->repealed >= 0 && x->in_force >= 0) {
        score += (v[x->in_force] >= v[x->issued]) + (v[x->in_force] >= v[x->repealed]) + (v[x->issued] >= v[x->repealed]);
        if (why)
            buf_printf(why, "“%s”不少于“%s”和“%s”，“%s”不少于“%s”", fields[x->in_force].label, fields[x->issued].label,
                       fields[x->repealed].label, fields[x->issued].label, fields[x->repealed].label);
    }
    if (x->made >= 0 && x->published >= 0 && x->public_total >= 0) {
        score += (v[x->made] == v[x->published]) + (v[x->public_total] >= v[x->published]) +
                 (v[x->public_total] >= v[x->made]);
        if (why)
            buf_printf(why, "“%s”等于“%s”，“%s”不少于二者", fields[x->published].label, fields[x->made].label,
                       fields[x->public_total].label);
    }
    return score;
}

/* Marks the plausible candidates of a table 二 row that satisfy the most preferred relations. Returns true, with
 * the relations in `why`, when a preference (not only the hard relations) was needed to come down to one. */
static bool choose_proactive(decoder *d, row_state *row, buf *why)
{
    const report_format *f = d->r->format;
    int item_index = row->src->row, best = -1, plausible = 0;
    if (item_index < 0 || item_index >= f->proactive_count || row->n != f->proactive[item_index].field_count ||
        row->src->first_cell != format_proactive_cell(f, item_index, 0)) {
        for (int k = 0; k < row->count; k++) row->marked[k] = true;
        return false;
    }
    proactive_fields fields = proactive_fields_of(f, item_index);
    int *score = arena_alloc(&d->mem, (size_t)row->count + 1, sizeof *score);
    for (int k = 0; k < row->count; k++) {
        score[k] = proactive_relations(&fields, row->values + (size_t)k * (size_t)row->n, NULL);
        if (score[k] >= 0) plausible++;
        if (score[k] > best) best = score[k];
    }
    int kept = 0;
    for (int k = 0; k < row->count; k++)
        if (score[k] == best) { /* best < 0: every split breaks a hard relation; all stay candidates */
            row->marked[k] = true;
            kept++;
        }
    if (kept != 1 || plausible < 2) return false;
    proactive_relations(&fields, row->values, why);
    return why->len > 0;
}

/* ---- Writing values and warnings ---- */
/* A report with glued digits often gets several warnings, each quoting up to five candidates: they are built
 * with buf_puts and append_int; printf would cost more than the search that found the candidates. */

static void append_int(buf *out, long long v)
{
    char digits[24];
    size_t at = sizeof digits;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do digits[--at] = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0) digits[--at] = '-';
    buf_append(out, digits + at, sizeof digits - at);
}

/* Appends value `value` of candidate k as printed: its digits, a minus sign where the source has one, the unit
 * after the row's last amount. */
static void append_token(const row_state *row, int k, int value, buf *out)
{
    const span *sp = &row->spans[(size_t)k * (size_t)row->n + (size_t)value];
    const segment *seg = &row->segs[sp->segment];
    if (seg->negative && sp->start == 0) buf_putc(out, '-');
    buf_append(out, seg->text + sp->start, (size_t)sp->len);
    if (value == row->n - 1 && row->unit && *row->unit) buf_puts(out, row->unit);
}

static void write_value(decoder *d, const row_state *row, int k, int value)
{
    int cell = row->src->first_cell + value;
    if (row->kinds[value] == VALUE_DECIMAL || row->kinds[value] == VALUE_AMOUNT_TEXT) {
        buf text = BUF_INIT;
        append_token(row, k, value, &text);
        report_set_decimal_text(d->r, cell, buf_cstr(&text));
        buf_free(&text);
    } else {
        report_set_count(d->r, cell, row->values[(size_t)k * (size_t)row->n + (size_t)value]);
    }
}

static void append_candidate(const row_state *row, int k, buf *out)
{
    for (int v = 0; v < row->n; v++) {
        if (v) buf_putc(out, ',');
        append_token(row, k, v, out);
    }
}

/* "表三 “（一）予以公开”行" / "表四 “行政复议”“未经复议直接起诉”栏" / "表二 “规章”行". */
static void describe_row(const decoder *d, const row_state *row, buf *out)
{
    const report_format *f = d->r->format;
    if (row->n == 0) {
        buf_printf(out, "粘连数字（单元格%d起%d个）", row->src->first_cell, row->src->cell_count);
        return;
    }
    cell_address first, last;
    format_cell_address(f, row->src->first_cell, &first);
    format_cell_address(f, row->src->first_cell + row->n - 1, &last);
    buf_puts(out, table_short_name(first.table));
    buf_putc(out, ' ');
    if (first.table == TABLE_APPEALS) {
        for (int b = first.row; b <= last.row; b++) {
            const appeal_block_def *def = &APPEAL_BLOCK_DEFS[b];
            buf_puts(out, "“");
            if (def->group) {
                buf_puts(out, def->group);
                buf_puts(out, "·");
            }
            buf_puts(out, def->label);
            buf_puts(out, "”");
        }
        buf_puts(out, "栏");
    } else {
        buf_puts(out, "“");
        buf_puts(out, first.row_label);
        buf_puts(out, "”行");
    }
}

static void append_digits(const row_state *row, buf *out)
{
    for (int c = 0; c < row->src->chunk_count; c++)
        if (row->src->chunks[c]) {
            if (c) buf_putc(out, ' ');
            buf_puts(out, row->src->chunks[c]);
        }
}

/* Adds a D warning about a row (about one of its values when value >= 0); takes the message from msg. */
static diagnostic *add_row_warning(decoder *d, const row_state *row, int value, buf *msg)
{
    char *text = buf_detach(msg);
    if (row->n == 0) return diag_add_owned(d->notes, "D", SEVERITY_WARNING, TABLE_NONE, -1, -1, NULL, NULL, text);
    cell_address a;
    format_cell_address(d->r->format, row->src->first_cell + (value >= 0 ? value : 0), &a);
    return diag_add_owned(d->notes, "D", SEVERITY_WARNING, a.table, a.row, value >= 0 ? a.column : -1, a.row_key,
                          value >= 0 ? a.column_key : NULL, text);
}

static void warn_row_failure(decoder *d, const row_state *row)
{
    buf msg = BUF_INIT;
    describe_row(d, row, &msg);
    buf_puts(&msg, "：数字“");
    append_digits(row, &msg);
    switch (row->status) {
    case ROW_UNREADABLE: buf_puts(&msg, "”含有数字以外的字符，无法拆分，该行按缺失处理"); break;
    case ROW_NO_SPLIT:
        buf_puts(&msg, "”无法拆分为");
        append_int(&msg, row->n);
        buf_puts(&msg, "个数，该行按缺失处理");
        break;
    case ROW_TOO_MANY: buf_puts(&msg, "”可能的拆分过多，无法确定，该行按缺失处理"); break;
    case ROW_BAD_SHAPE: buf_puts(&msg, "”与其他行重叠或超出表格范围，未读取"); break;
    case ROW_OK: break;
    }
    add_row_warning(d, row, -1, &msg);
}

/* Writes the cells every surviving candidate agrees on; warns about the others. */
static void finish_row(decoder *d, row_state *row, bool search_complete, const char *preference)
{
    bool by_preference = preference != NULL;
    int marked = 0, first = -1;
    for (int k = 0; k < row->count; k++)
        if (row->marked[k]) {
            marked++;
            if (first < 0) first = k;
        }
    if (!search_complete && row->count > 1) marked = 0; /* nothing proven */
    bool agree[MAX_ROW_VALUES];
    int disagreeing = 0, first_disagreeing = -1;
    for (int v = 0; v < row->n; v++) {
        agree[v] = marked > 0;
        for (int k = 0; k < row->count && agree[v]; k++)
            if (row->marked[k] && (row->values[(size_t)k * (size_t)row->n + (size_t)v] !=
                                   row->values[(size_t)first * (size_t)row->n + (size_t)v]))
                agree[v] = false;
        if (agree[v]) write_value(d, row, first, v);
        else if (disagreeing++ == 0) first_disagreeing = v;
    }
    if (marked == 1 && !by_preference) return;
    buf msg = BUF_INIT;
    describe_row(d, row, &msg);
    buf_puts(&msg, "：数字“");
    append_digits(row, &msg);
    if (marked == 0) {
        buf_puts(&msg, "”有");
        append_int(&msg, row->count);
        buf_puts(&msg, "种拆分，组合过多，无法唯一确定（");
    } else if (by_preference) {
        buf_puts(&msg, "”有多种拆分，按表二的常见关系（");
        buf_puts(&msg, preference);
        buf_puts(&msg, "）取“");
        append_candidate(row, first, &msg);
        buf_puts(&msg, "”，请核对原文（其他可能：");
    } else {
        buf_puts(&msg, "”可拆分为多种结果（");
    }
    int shown = 0, listed = 0;
    for (int k = 0; k < row->count; k++) {
        bool candidate = marked == 0 || (by_preference ? k != first : row->marked[k]);
        if (!candidate) continue;
        listed++;
        if (shown == SHOWN_CANDIDATES) continue;
        if (shown++) buf_puts(&msg, " / ");
        append_candidate(row, k, &msg);
    }
    if (listed > shown) {
        buf_puts(&msg, " 等共");
        append_int(&msg, listed);
        buf_puts(&msg, "种");
    }
    if (by_preference) {
        buf_puts(&msg, "）");
    } else if (marked == 0 || disagreeing == row->n) {
        buf_puts(&msg, "），无法唯一确定，该行按缺失处理");
    } else {
        buf_puts(&msg, "），其中");
        append_int(&msg, disagreeing);
        buf_puts(&msg, "个数无法唯一确定，按缺失处理");
    }
    add_row_warning(d, row, disagreeing == 1 ? first_disagreeing : -1, &msg);
}

static void warn_inconsistent(decoder *d, const int broken[5])
{
    static const enum report_table tables[] = {TABLE_APPLICATIONS, TABLE_APPEALS};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        if (!broken[tables[i]]) continue;
        diag_add(d->notes, "D", SEVERITY_WARNING, tables[i], -1, -1, NULL, NULL,
                 "%s：粘连数字的任何拆分都不能同时满足全部勾稽关系（至少%d处不符），已采用不符之处最少的拆分，"
                 "不符之处见核对结果，请对照原表",
                 table_short_name(tables[i]), broken[tables[i]]);
    }
}

/* ---- Entry points ---- */

static void row_init(decoder *d, int g, const glued_row *src)
{
    row_state *row = &d->rows[g];
    *row = (row_state){.src = src, .n = src->cell_count, .status = ROW_OK};
    const report_format *f = d->r->format;
    if (src->cell_count < 1 || src->cell_count > MAX_ROW_VALUES || src->first_cell < 0 ||
        src->first_cell > f->cell_count - src->cell_count || src->chunk_count < 0 || src->chunk_count > MAX_CHUNKS ||
        (src->chunk_count > 0 && !src->chunks)) {
        row->status = ROW_BAD_SHAPE;
        row->n = 0;
        return;
    }
    cell_address a;
    format_cell_address(f, src->first_cell, &a);
    row->table = a.table;
    for (int v = 0; v < row->n; v++) {
        int cell = src->first_cell + v;
        format_cell_address(f, cell, &a);
        row->kinds[v] = a.kind;
        if (d->cell_row[cell] >= 0) row->status = ROW_BAD_SHAPE;
    }
    if (row->status == ROW_OK)
        for (int v = 0; v < row->n; v++) d->cell_row[src->first_cell + v] = g;
    if (row->status == ROW_OK) row->status = row_segments(d, row);
}

void decode_glued(report *r, const glued_rows *g, diag_list *notes)
{
    if (!r || !g || !g->count || !notes) return;
    decoder d = {.r = r, .notes = notes, .nrows = (int)g->count};
    d.rows = arena_alloc(&d.mem, g->count, sizeof *d.rows); /* each set by row_init */
    d.cell_row = arena_alloc(&d.mem, (size_t)r->format->cell_count, sizeof *d.cell_row);
    d.row_stamp = arena_calloc(&d.mem, g->count, sizeof *d.row_stamp);
    for (int c = 0; c < r->format->cell_count; c++) d.cell_row[c] = -1;
    for (int i = 0; i < d.nrows; i++) row_init(&d, i, &g->rows[i]);
    build_rules(&d);
    classify_rules(&d); /* unary rules are known before enumeration: they only depend on the row itself */
    collect_row_rules(&d);
    size_t twins = 16;
    while (twins < 2 * g->count) twins *= 2;
    d.twins = arena_alloc(&d.mem, twins, sizeof *d.twins);
    memset(d.twins, 0xff, twins * sizeof *d.twins); /* -1 */
    d.twins_mask = twins - 1;
    bool some_row_failed = false;
    size_t candidates = 0;
    for (int i = 0; i < d.nrows; i++) {
        if (d.rows[i].status == ROW_OK) some_row_failed |= !enumerate_row(&d, i);
        candidates += d.rows[i].count ? (size_t)d.rows[i].count : 1;
    }
    bool *marked = arena_calloc(&d.mem, candidates, sizeof *marked);
    for (int i = 0; i < d.nrows; i++) {
        d.rows[i].marked = marked;
        marked += d.rows[i].count ? d.rows[i].count : 1;
    }
    if (some_row_failed) classify_rules(&d); /* rows that could not be split make the rules touching them unusable */
    int broken[5];
    bool complete = choose_jointly(&d, broken);
    if (complete) warn_inconsistent(&d, broken);
    for (int i = 0; i < d.nrows; i++) {
        row_state *row = &d.rows[i];
        if (row->status != ROW_OK) {
            warn_row_failure(&d, row);
        } else if (row->table == TABLE_PROACTIVE) {
            buf why = BUF_INIT;
            bool by_preference = choose_proactive(&d, row, &why);
            finish_row(&d, row, true, by_preference ? buf_cstr(&why) : NULL);
            buf_free(&why);
        } else {
            finish_row(&d, row, complete, NULL);
        }
    }
    free(d.scratch.values);
    free(d.scratch.spans);
    free(d.scratch.violations);
    arena_free(&d.mem);
}

/* Weak: src/import/assemble.c carries an identical definition for now; either one serves. */
void glued_rows_free(glued_rows *g)
{
    if (!g) return;
    for (size_t i = 0; i < g->count; i++) {
        for (int c = 0; c < g->rows[i].chunk_count; c++) free(g->rows[i].chunks[c]);
        free(g->rows[i].chunks);
    }
    free(g->rows);
    g->rows = NULL;
    g->count = g->cap = 0;
}

/* assemble: items → report. Finds the format from its signature labels, the title's agency and year, the six
 * section headings, then reads each table by matching row labels from the format tables (in order, forward
 * only) and taking the values that follow each label. Values glued together go to the decoder.
 * Cost: the row labels of a table are found in one pass over each run's characters (an index of the table's
 * phrases by first character), the headings by their shared ASCII anchor with memchr; no per-row strstr. */
#include "import/pipeline.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* What the search knows of one match phrase. */
typedef struct phrase_info {
    uint32_t len;
    int32_t anchor; /* offset of its first ASCII byte ("一.总体情况": the '.'), -1 when it has none */
} phrase_info;

/* The infos of the phrases of each list of match phrases find_phrase searches with, built the first time a list
 * is used, found again by the list's address. One assembly uses a handful (the six sections', the first row's of
 * table 三); a list that finds the cache full is searched without them. */
#define PHRASE_CACHE_SLOTS 32
typedef struct phrase_cache {
    const char *const *lists[PHRASE_CACHE_SLOTS];
    uint32_t first_info[PHRASE_CACHE_SLOTS]; /* into infos: one per phrase of the list */
    int32_t shared_anchor[PHRASE_CACHE_SLOTS]; /* the anchor, when every phrase has the same byte there; else -1 */
    phrase_info *infos;
    size_t info_count, info_cap;
} phrase_cache;

/* A run: consecutive text items, read as one normalised string (labels wrap across lines and cells). */
typedef struct run {
    size_t first, end;   /* items [first, end) */
    size_t text_off;     /* into assembler.run_text */
    size_t text_len;
} run;

typedef struct assembler {
    const item_stream *s;
    run *runs;
    size_t run_count;
    buf run_text;
    report *r;
    glued_rows glued;
    diag_list *notes;
    long section_run[SECTION_COUNT]; /* run holding each heading, -1 when absent */
    size_t section_start[SECTION_COUNT]; /* byte offset of the heading phrase in that run */
    size_t section_end[SECTION_COUNT];   /* byte offset just after it */
    phrase_cache *phrases;               /* owned */
} assembler;

static const char *run_str(const assembler *a, size_t k) { return a->run_text.data + a->runs[k].text_off; }

static void build_runs(assembler *a)
{
    const item_stream *s = a->s;
    size_t cap = 0;
    buf_reserve(&a->run_text, s->norm.len);
    for (size_t i = 0; i < s->count;) {
        if (s->items[i].kind != ITEM_TEXT) { i++; continue; }
        if (a->run_count == cap) {
            cap = cap ? cap * 2 : 64;
            a->runs = xrealloc(a->runs, cap * sizeof *a->runs);
        }
        run *r = &a->runs[a->run_count++];
        r->first = i;
        r->text_off = a->run_text.len;
        while (i < s->count && s->items[i].kind == ITEM_TEXT) {
            buf_append(&a->run_text, item_norm(s, &s->items[i]), s->items[i].norm_len);
            i++;
        }
        r->end = i;
        r->text_len = a->run_text.len - r->text_off;
        buf_putc(&a->run_text, '\0');
    }
}

static void phrase_info_init(phrase_info *info, const char *phrase)
{
    size_t len = strlen(phrase);
    info->len = (uint32_t)len;
    info->anchor = -1;
    for (size_t i = 0; i < len && info->anchor < 0; i++)
        if ((unsigned char)phrase[i] < 0x80) info->anchor = (int32_t)i;
}

/* The cache slot of `list` (NULL-terminated), its infos built now on first use; -1 when the cache is full. */
static int phrase_slot(assembler *a, const char *const *list)
{
    phrase_cache *c = a->phrases;
    size_t slot = ((uintptr_t)list >> 3) % PHRASE_CACHE_SLOTS;
    for (size_t probe = 0; probe < PHRASE_CACHE_SLOTS; probe++, slot = (slot + 1) % PHRASE_CACHE_SLOTS) {
        if (c->lists[slot] == list) return (int)slot;
        if (c->lists[slot]) continue;
        size_t count = 0;
        while (list[count]) count++;
        if (c->info_count + count > c->info_cap) {
            c->info_cap = (c->info_count + count) * 2;
            c->infos = xrealloc(c->infos, c->info_cap * sizeof *c->infos);
        }
        c->lists[slot] = list;
        c->first_info[slot] = (uint32_t)c->info_count;
        phrase_info *first = &c->infos[c->info_count];
        for (size_t p = 0; p < count; p++) phrase_info_init(&c->infos[c->info_count++], list[p]);
        c->shared_anchor[slot] = count ? first->anchor : -1;
        for (size_t p = 1; p < count && c->shared_anchor[slot] >= 0; p++)
            if (first[p].anchor != first->anchor || list[p][first->anchor] != list[0][first->anchor])
                c->shared_anchor[slot] = -1;
        return (int)slot;
    }
    return -1;
}

/* Position just after the first of the phrases found in run k at or after byte `from`; 0 when none. Of two
 * phrases starting at the same place, the one listed first counts. */
static size_t search_phrases(const assembler *a, size_t k, size_t from, const char *const *phrases,
                             size_t *match_start)
{
    size_t best = 0, best_start = 0;
    const char *str = run_str(a, k);
    for (size_t p = 0; phrases && phrases[p]; p++) {
        const char *hit = strstr(str + from, phrases[p]);
        if (!hit) continue;
        size_t start = (size_t)(hit - str);
        if (!best || start < best_start) {
            best_start = start;
            best = start + strlen(phrases[p]);
        }
    }
    if (match_start) *match_start = best_start;
    return best;
}

/* search_phrases for phrases that all have the same anchor byte at the same offset (the section headings: "四." and
 * what follows): one memchr pass finds the anchors in order of the phrases' starts, and at each the phrases are
 * tried in their order, so the first found is the earliest start, the first listed at that start. */
static size_t search_shared_anchor(const assembler *a, size_t k, size_t from, const char *const *phrases,
                                   const phrase_info *infos, size_t anchor, size_t *match_start)
{
    const char *str = run_str(a, k);
    size_t len = a->runs[k].text_len;
    const char *at = str + from + anchor, *end = str + len, *hit;
    if (match_start) *match_start = 0;
    while (at < end && (hit = memchr(at, phrases[0][anchor], (size_t)(end - at))) != NULL) {
        size_t start = (size_t)(hit - str) - anchor;
        for (size_t p = 0; phrases[p]; p++) {
            if (infos[p].len > len - start || str[start] != phrases[p][0]) continue;
            if (memcmp(str + start, phrases[p], infos[p].len) != 0) continue;
            if (match_start) *match_start = start;
            return start + infos[p].len;
        }
        at = hit + 1;
    }
    return 0;
}

/* The same, by the shared anchor when the phrases have one (the section headings), else by strstr (the first row
 * of table 三, looked for when its heading is missing). */
static size_t find_phrase(assembler *a, size_t k, size_t from, const char *const *phrases, size_t *match_start)
{
    if (!phrases) return 0;
    int slot = phrase_slot(a, phrases);
    const phrase_info *infos = slot < 0 ? NULL : &a->phrases->infos[a->phrases->first_info[slot]];
    if (slot >= 0 && a->phrases->shared_anchor[slot] >= 0)
        return search_shared_anchor(a, k, from, phrases, infos, (size_t)a->phrases->shared_anchor[slot], match_start);
    return search_phrases(a, k, from, phrases, match_start);
}

/* ---- labels, found in one pass over each run ---- */

/* Lists of match phrases (a table's rows', and the single （六）其他处理 row's), in buckets by their first four
 * bytes: one pass over a run, looking up the four bytes at each character start, finds every label the run holds,
 * instead of a strstr per row and phrase. Four bytes, not the first character: many labels start with the same
 * character ("(" of "(一)…", "(二)…"), which would put them all in one bucket. The pass stops only at character
 * starts: the text is normalised UTF-8, where a phrase (which starts with a whole character) cannot match inside
 * another character, so it finds what strstr finds. */
#define LABEL_BUCKETS 256

typedef struct label_phrase {
    const char *text;
    uint32_t len;
    uint32_t prefix; /* its first four bytes as prefix_at reads them (fewer, zero-padded, when it is shorter) */
    int owner;       /* the list it comes from */
    int order;       /* its place in the owner's list: of two starting at the same byte, the first listed counts */
    int next;        /* next phrase of its bucket, -1 at the end */
} label_phrase;

/* One place a phrase stands in a run. */
typedef struct label_hit {
    size_t start, end;
    int owner, order;
} label_hit;

typedef struct label_index {
    label_phrase *phrases; /* owned */
    int count;
    int bucket[LABEL_BUCKETS]; /* phrases of four bytes or more, by their prefix: first of each, -1 when empty */
    int shorter;               /* phrases of fewer than four bytes (the formats have none): first, -1 when none */
    label_hit *hits;           /* owned: the labels of the run being read */
    size_t hit_count, hit_cap;
} label_index;

/* The (up to) four bytes at s, `left` of them readable, as one number; missing bytes read as 0. */
static inline uint32_t prefix_at(const unsigned char *s, size_t left)
{
    uint32_t w = 0;
    if (left >= 4) memcpy(&w, s, 4); /* one load */
    else memcpy(&w, s, left);
    return w;
}

/* Bytes of the UTF-8 character whose first byte is `lead`; a stray byte counts as a character of its own. */
static inline size_t char_length(unsigned char lead)
{
    static const uint8_t LENGTH_BY_HIGH_NIBBLE[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
    return LENGTH_BY_HIGH_NIBBLE[lead >> 4];
}

static unsigned label_bucket(uint32_t prefix) { return (prefix * 0x9E3779B1u) >> 24; }

static void label_index_add(label_index *x, const char *const *list, int owner)
{
    for (int p = 0; list && list[p]; p++) {
        label_phrase *ph = &x->phrases[x->count];
        ph->text = list[p];
        ph->len = (uint32_t)strlen(list[p]);
        if (ph->len == 0) continue; /* the formats have none */
        ph->prefix = prefix_at((const unsigned char *)list[p], ph->len);
        ph->owner = owner;
        ph->order = p;
        int *chain = ph->len >= 4 ? &x->bucket[label_bucket(ph->prefix)] : &x->shorter;
        ph->next = *chain;
        *chain = x->count++;
    }
}

/* The index of the phrases of lists [0, list_count) (NULL-terminated, or NULL), each phrase owned by its list's
 * index. Hits are read by (start, owner, order), not in bucket order. */
static void label_index_init(label_index *x, const char *const *const *lists, int list_count)
{
    memset(x, 0, sizeof *x);
    for (int b = 0; b < LABEL_BUCKETS; b++) x->bucket[b] = -1;
    x->shorter = -1;
    size_t total = 0;
    for (int l = 0; l < list_count; l++)
        for (int p = 0; lists[l] && lists[l][p]; p++) total++;
    x->phrases = xmalloc((total ? total : 1) * sizeof *x->phrases);
    for (int l = 0; l < list_count; l++) label_index_add(x, lists[l], l);
}

static void label_index_free(label_index *x)
{
    free(x->phrases);
    free(x->hits);
}

static void label_hit_add(label_index *x, size_t start, const label_phrase *ph)
{
    if (x->hit_count == x->hit_cap) {
        x->hit_cap = x->hit_cap ? x->hit_cap * 2 : 16;
        x->hits = xrealloc(x->hits, x->hit_cap * sizeof *x->hits);
    }
    x->hits[x->hit_count++] = (label_hit){start, start + ph->len, ph->owner, ph->order};
}

/* The phrases of `chain` standing at byte i of str (len bytes), into x->hits. */
static inline void label_hits_at(label_index *x, int chain, const unsigned char *str, size_t len, size_t i,
                                 uint32_t prefix)
{
    for (int p = chain; p >= 0; p = x->phrases[p].next) {
        const label_phrase *ph = &x->phrases[p];
        if (ph->len > len - i) continue;
        if (ph->len >= 4 ? ph->prefix == prefix && memcmp(str + i + 4, ph->text + 4, ph->len - 4) == 0
                         : memcmp(str + i, ph->text, ph->len) == 0)
            label_hit_add(x, i, ph);
    }
}

/* Every place at or after byte `from` of run k where a phrase of the index stands, into x->hits: all of them, so
 * that the searches from later points of the run (after each label read) are answered from the same hits. */
static void label_index_scan(label_index *x, const assembler *a, size_t k, size_t from)
{
    x->hit_count = 0;
    if (!x->count) return;
    const unsigned char *str = (const unsigned char *)run_str(a, k);
    size_t len = a->runs[k].text_len;
    for (size_t i = from; i < len;) {
        uint32_t prefix = prefix_at(str + i, len - i);
        int chain = x->bucket[label_bucket(prefix)];
        if (chain >= 0) label_hits_at(x, chain, str, len, i, prefix);
        if (x->shorter >= 0) label_hits_at(x, x->shorter, str, len, i, prefix);
        size_t n = char_length(str[i]);
        i += n < len - i ? n : len - i;
    }
}

/* Where the first phrase of `owner` found at or after `from` ends (the earliest start; at the same start, the
 * phrase listed first); 0 when none. */
static size_t label_find(const label_index *x, int owner, size_t from)
{
    const label_hit *best = NULL;
    for (size_t h = 0; h < x->hit_count; h++) {
        const label_hit *hit = &x->hits[h];
        if (hit->owner != owner || hit->start < from) continue;
        if (!best || hit->start < best->start || (hit->start == best->start && hit->order < best->order)) best = hit;
    }
    return best ? best->end : 0;
}

/* The first list of [next, end) with a phrase at or after `from`; -1 when none. */
static int label_first_owner(const label_index *x, int next, int end, size_t from)
{
    int first = -1;
    for (size_t h = 0; h < x->hit_count; h++) {
        const label_hit *hit = &x->hits[h];
        if (hit->owner >= next && hit->owner < end && hit->start >= from && (first < 0 || hit->owner < first))
            first = hit->owner;
    }
    return first;
}

/* ---- format, title ---- */

/* Signature labels stand in tables 二 and 三: runs [first, end) cover them. */
static int count_signature(const assembler *a, const report_format *f, size_t first, size_t end)
{
    /* The runs lie one after the other in run_text, each ended by '\0': one memmem over them all finds a label
     * exactly when strstr finds it in one of the runs (a label never holds '\0', so never spans two). memmem reads
     * the span faster than the label index's pass over its characters would (measured: 22 K against 43 K
     * instructions per report). */
    if (end > a->run_count) end = a->run_count;
    if (first >= end) return 0;
    const char *from = run_str(a, first);
    size_t span = (end < a->run_count ? a->runs[end].text_off : a->run_text.len) - a->runs[first].text_off;
    int hits = 0;
    for (size_t p = 0; f->signature[p]; p++)
        if (memmem(from, span, f->signature[p], strlen(f->signature[p]))) hits++;
    return hits;
}

static const report_format *detect_format(const assembler *a, size_t first, size_t end, unsigned *flags)
{
    const report_format *best = NULL;
    int best_hits = 0, formats_seen = 0;
    for (int i = 0; REPORT_FORMATS[i]; i++) {
        int hits = count_signature(a, REPORT_FORMATS[i], first, end);
        formats_seen += hits > 0;
        if (hits > best_hits) { best_hits = hits; best = REPORT_FORMATS[i]; }
    }
    if (formats_seen > 1) *flags |= REPORT_FORMAT_MIXED;
    return best;
}

static bool starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static char *strip_suffix(const char *s, const char *suffix)
{
    return ends_with(s, suffix) ? xstrndup(s, strlen(s) - strlen(suffix)) : xstrdup(s);
}

/* The title: "<agency><year>年度政府信息公开工作年度报告", "<year>年<agency>政府信息公开工作年度报告", or
 * the agency on the line above "<year>年…年度报告". */
static void read_title(assembler *a)
{
    const item_stream *s = a->s;
    for (size_t i = 0; i < s->count; i++) {
        const item *it = &s->items[i];
        const char *t = item_norm(s, it);
        if (it->kind != ITEM_TEXT || !strstr(t, TEMPLATE_CAPTIONS.title)) continue;
        if (!(starts_with(t, "年") && i > 0 && s->items[i - 1].kind == ITEM_NUMBER)) continue;
        long year = strtol(item_norm(s, &s->items[i - 1]), NULL, 10);
        if (year < 2000 || year > 2100) continue;
        a->r->year = (int)year;
        char *rest = strip_suffix(t + strlen("年"), TEMPLATE_CAPTIONS.title);
        char *agency = strip_suffix(starts_with(rest, "度") ? rest + strlen("度") : rest, "");
        if (!agency[0] && i >= 2 && s->items[i - 2].kind == ITEM_TEXT && !ends_with(item_norm(s, &s->items[i - 2]), ":"))
            report_set_agency(a->r, item_norm(s, &s->items[i - 2]));
        else if (agency[0])
            report_set_agency(a->r, agency);
        free(rest);
        free(agency);
        return;
    }
}

static bool is_place_suffix(const char *s)
{
    static const char *const suffixes[] = {"市", "省", "州", "盟", "县", "区", "自治区"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
        if (ends_with(s, suffixes[i])) return true;
    return false;
}

/* "洪泽区人民政府" in the title, "本报告由淮安市洪泽区人民政府办公室…" in the text: take the fuller name. */
static void complete_agency(assembler *a)
{
    const char *agency = a->r->agency;
    if (!agency) return;
    /* Characters that end the place name before the agency: each three bytes in UTF-8. */
    static const char STOPS[][4] = {"由", "的", "在", "向", "为", "是", "和", "与", "对", "及", "。", "《", "》"};
    size_t agency_len = strlen(agency);
    for (size_t k = 0; k < a->run_count; k++) {
        /* A run no longer than the name holds it at its start or not at all: nothing to complete. */
        if (a->runs[k].text_len <= agency_len) continue;
        const char *str = run_str(a, k), *hit = strstr(str, agency);
        if (!hit || hit == str) continue;
        const char *start = hit;
        int chars = 0;
        while (start > str && chars < 8) {
            const char *prev = start - 1;
            while (prev > str && ((unsigned char)*prev & 0xC0) == 0x80) prev--;
            bool stop = (unsigned char)*prev < 0x80;
            for (size_t i = 0; i < sizeof STOPS / sizeof STOPS[0] && !stop; i++)
                stop = prev[0] == STOPS[i][0] && prev[1] == STOPS[i][1] && prev[2] == STOPS[i][2];
            if (stop) break;
            start = prev;
            chars++;
        }
        char *prefix = xstrndup(start, (size_t)(hit - start));
        if (chars >= 2 && is_place_suffix(prefix)) {
            char *full = xmalloc(strlen(prefix) + strlen(agency) + 1);
            strcpy(full, prefix);
            strcat(full, agency);
            report_set_agency(a->r, full);
            free(full);
            free(prefix);
            return;
        }
        free(prefix);
    }
}

/* The statistics period "统计期限自2023年1月1日" or the first "YYYY年" when the title has no year. */
static void read_year_fallback(assembler *a)
{
    const item_stream *s = a->s;
    for (size_t i = 0; i + 1 < s->count && !a->r->year; i++) {
        if (s->items[i].kind != ITEM_NUMBER || s->items[i + 1].kind != ITEM_TEXT) continue;
        long year = strtol(item_norm(s, &s->items[i]), NULL, 10);
        if (year >= 2008 && year <= 2100 && starts_with(item_norm(s, &s->items[i + 1]), "年")) a->r->year = (int)year;
    }
}

/* ---- sections ---- */

static void find_sections(assembler *a)
{
    const report_format *f = a->r->format;
    size_t k = 0, from = 0;
    for (int sec = 0; sec < SECTION_COUNT; sec++) {
        a->section_run[sec] = -1;
        for (size_t j = k; j < a->run_count; j++) {
            size_t start = 0;
            size_t end = find_phrase(a, j, j == k ? from : 0, f->sections[sec].match, &start);
            if (!end) continue;
            a->section_run[sec] = (long)j;
            a->section_start[sec] = start;
            a->section_end[sec] = end;
            k = j;
            from = end;
            break;
        }
    }
}

/* First run of the section, or of the next section found after it, or the end. */
static size_t section_start_run(const assembler *a, int sec)
{
    for (int s = sec; s < SECTION_COUNT; s++)
        if (a->section_run[s] >= 0) return (size_t)a->section_run[s];
    return a->run_count;
}

/* ---- values ---- */

typedef struct row_spec {
    const char *const *match; /* NULL: the row starts at the region's start (table 四) */
    enum report_table table;
    int row;
    int first_cell;
    int cell_count;
} row_spec;

static bool digits_only(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

/* A count as printed: the digits before any '.', with a '-' kept only in front of them, the rest (thousands
 * separators, units) skipped. At most 31 characters are kept; more than 16 is too large to be a count. */
typedef struct printed_count {
    size_t kept;       /* characters kept, the sign included */
    bool negative;
    bool stopped_at_dot;
    int64_t value;     /* meaningful when 0 < kept <= 16 and not just a sign */
} printed_count;

static printed_count read_count(const char *text)
{
    printed_count c = {0, false, false, 0};
    uint64_t magnitude = 0; /* wraps harmlessly past 16 digits: the value is not used then */
    const char *p = text;
    for (; *p && c.kept < 31; p++) {
        if (*p == '.') break;
        if (*p >= '0' && *p <= '9') {
            magnitude = magnitude * 10 + (uint64_t)(*p - '0');
            c.kept++;
        } else if (*p == '-' && c.kept == 0) {
            c.negative = true;
            c.kept++;
        }
    }
    c.stopped_at_dot = *p == '.';
    if (c.kept <= 16) c.value = c.negative ? -(int64_t)magnitude : (int64_t)magnitude;
    return c;
}

static void warn_count(assembler *a, int cell, const char *fmt, const char *text)
{
    cell_address addr;
    format_cell_address(a->r->format, cell, &addr);
    diag_add(a->notes, "S", SEVERITY_WARNING, addr.table, addr.row, addr.column, addr.row_key, addr.column_key, fmt,
             table_short_name(addr.table), addr.row_label, addr.column_label, text);
}

/* Column `column` of the row `spec` reads `text`. */
static void set_value(assembler *a, const row_spec *spec, int column, const char *text)
{
    int cell = spec->first_cell + column;
    enum value_kind kind = spec->table == TABLE_PROACTIVE ? a->r->format->proactive[spec->row].fields[column].kind
                                                          : VALUE_COUNT;
    if (kind == VALUE_DECIMAL || kind == VALUE_AMOUNT_TEXT) {
        if (report_set_decimal_text(a->r, cell, text) == 0) return;
    } else {
        printed_count c = read_count(text);
        if (c.kept > 16) {
            warn_count(a, cell, "%s “%s”行 “%s”栏：数值“%s”过大，按缺失处理", text);
        } else if (c.kept && !(c.negative && c.kept == 1)) {
            report_set_count(a->r, cell, c.value);
            /* The scan stops at '\0' or at the first '.' when it kept no more than 16 characters. */
            if (c.stopped_at_dot) warn_count(a, cell, "%s “%s”行 “%s”栏：件数“%s”不是整数，只取整数部分", text);
            return;
        }
    }
    report_set_blank(a->r, cell);
}

static void push_glued(assembler *a, const row_spec *spec, const size_t *values, size_t count)
{
    glued_rows *g = &a->glued;
    if (g->count == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 8;
        g->rows = xrealloc(g->rows, g->cap * sizeof *g->rows);
    }
    glued_row *row = &g->rows[g->count++];
    row->table = spec->table;
    row->row = spec->row;
    row->first_cell = spec->first_cell;
    row->cell_count = spec->cell_count;
    row->chunk_count = (int)count;
    row->chunks = xcalloc(count, sizeof *row->chunks);
    for (size_t i = 0; i < count; i++) row->chunks[i] = xstrdup(item_norm(a->s, &a->s->items[values[i]]));
}

static bool looks_glued(const assembler *a, const row_spec *spec, const size_t *values, size_t count)
{
    size_t digits = 0;
    for (size_t i = 0; i < count; i++) {
        const item *it = &a->s->items[values[i]];
        if (it->kind != ITEM_NUMBER) return false;
        const char *t = item_norm(a->s, it);
        if (!digits_only(t)) {
            cell_address addr;
            format_cell_address(a->r->format, spec->first_cell + spec->cell_count - 1, &addr);
            if (addr.kind == VALUE_COUNT) return false; /* a sign or a decimal in a count row */
        }
        digits += strlen(t);
    }
    return digits >= (size_t)spec->cell_count;
}

static void finish_row(assembler *a, const row_spec *spec, const size_t *values, size_t count)
{
    if (count >= (size_t)spec->cell_count) {
        for (int c = 0; c < spec->cell_count; c++) {
            const item *it = &a->s->items[values[c]];
            if (it->kind == ITEM_BLANK) report_set_blank(a->r, spec->first_cell + c);
            else set_value(a, spec, c, item_norm(a->s, it));
        }
    } else if (count == 0) {
        for (int c = 0; c < spec->cell_count; c++) report_set_blank(a->r, spec->first_cell + c);
    } else if (looks_glued(a, spec, values, count)) {
        push_glued(a, spec, values, count);
    } else {
        cell_address addr;
        format_cell_address(a->r->format, spec->first_cell, &addr);
        diag_add(a->notes, "S", SEVERITY_WARNING, spec->table, spec->row, -1, addr.row_key, NULL,
                 "%s “%s”行只读到%zu个数值，应有%d个；该行按缺失处理", table_short_name(spec->table), addr.row_label,
                 count, spec->cell_count);
    }
}

/* Most rows a table has (table 三 of the 2021 format has 25). */
#define ROW_SPECS_MAX 32

/* ---- reading a table ---- */

typedef struct row_reader {
    const row_spec *specs;
    int spec_count;
    int current;     /* spec being filled, -1 before the first */
    int next;        /* first spec a later label may match */
    size_t *values;  /* item indexes of the values read for the current spec */
    size_t value_count, value_cap;
    int first_other; /* format_application_row(format, "other_no_correction"), looked up once per table */
    label_index labels;
} row_reader;

static void reader_switch(assembler *a, row_reader *rd, int spec)
{
    if (rd->current >= 0) finish_row(a, &rd->specs[rd->current], rd->values, rd->value_count);
    rd->current = spec;
    rd->value_count = 0;
    if (spec >= 0) rd->next = spec + 1;
}

static void reader_take_values(assembler *a, row_reader *rd, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        if (rd->current < 0 || rd->value_count >= (size_t)rd->specs[rd->current].cell_count * 4) return;
        if (rd->value_count == rd->value_cap) {
            rd->value_cap = rd->value_cap ? rd->value_cap * 2 : 16;
            rd->values = xrealloc(rd->values, rd->value_cap * sizeof *rd->values);
        }
        rd->values[rd->value_count++] = i;
    }
}

/* A 2021-format report printing （六）其他处理 as a single row: its values go to the catch-all row. Table 三's
 * specs are the format's rows in order, so a row's phrases are those of the spec of the same index. */
static int single_other_row(assembler *a, const row_reader *rd, size_t from)
{
    const report_format *f = a->r->format;
    if (!f->other_single_row_match || rd->specs[0].table != TABLE_APPLICATIONS) return -1;
    int first_other = rd->first_other;
    if (first_other < 0 || rd->next > first_other) return -1;
    if (!label_find(&rd->labels, rd->spec_count, from)) return -1; /* the list after the specs' */
    int catch_all = format_other_catch_all_row(f);
    for (int row = first_other; row <= catch_all; row++)
        if (label_find(&rd->labels, row, from)) return -1;
    return catch_all;
}

/* Labels in run k: switch to each matched row in turn. */
static void reader_match_run(assembler *a, row_reader *rd, size_t k, size_t from)
{
    if (from >= a->runs[k].text_len) return; /* nothing left to hold a label */
    label_index_scan(&rd->labels, a, k, from);
    for (;;) {
        int hit = label_first_owner(&rd->labels, rd->next, rd->spec_count, from);
        size_t hit_end = hit >= 0 ? label_find(&rd->labels, hit, from) : 0;
        int single = single_other_row(a, rd, from);
        if (single >= 0 && (hit < 0 || rd->specs[hit].row > single)) {
            reader_switch(a, rd, single);
            a->r->flags |= REPORT_OTHER_NOT_SPLIT;
            for (int row = rd->first_other; row < single; row++)
                for (int c = 0; c < APPLICATION_COLUMNS; c++)
                    report_set_count(a->r, format_application_cell(a->r->format, row, c), 0);
            return;
        }
        if (hit < 0) return;
        reader_switch(a, rd, hit);
        from = hit_end;
    }
}

static bool only_blanks(const assembler *a, const row_reader *rd)
{
    for (size_t i = 0; i < rd->value_count; i++)
        if (a->s->items[rd->values[i]].kind != ITEM_BLANK) return false;
    return true;
}

/* True when run k holds a column header of table 四 ("结果维持", "尚未审结", "总计" …). */
static bool run_is_appeal_header(const assembler *a, size_t k)
{
    for (int field = 0; field < APPEAL_FIELDS; field++)
        if (strstr(run_str(a, k), APPEAL_FIELD_DEFS[field].label)) return true;
    return false;
}

/* Reads the rows of one table from runs [first_run, end_run); `from` skips the heading inside the first run. */
static void read_table(assembler *a, const row_spec *specs, int spec_count, size_t first_run, size_t from,
                       size_t end_run)
{
    bool applications = specs[0].table == TABLE_APPLICATIONS; /* only table 三 has a （六）其他处理 */
    row_reader rd = {.specs = specs, .spec_count = spec_count, .current = -1,
                     .first_other = applications ? format_application_row(a->r->format, "other_no_correction") : -1};
    /* The index's lists: each spec's phrases, then those of the format's single （六）其他处理 row. */
    const char *const *lists[ROW_SPECS_MAX + 1];
    int list_count = 0;
    for (; list_count < spec_count && list_count < ROW_SPECS_MAX; list_count++) lists[list_count] = specs[list_count].match;
    bool single_other = a->r->format->other_single_row_match && applications;
    lists[list_count++] = single_other ? a->r->format->other_single_row_match : NULL;
    label_index_init(&rd.labels, lists, list_count);
    if (specs[0].match == NULL) reader_switch(a, &rd, 0);
    for (size_t k = first_run; k < end_run && k < a->run_count; k++) {
        if (specs[0].match == NULL && only_blanks(a, &rd) && run_is_appeal_header(a, k))
            rd.value_count = 0; /* spacing before the header, not blank cells */
        reader_match_run(a, &rd, k, k == first_run ? from : 0);
        size_t values_end = k + 1 < a->run_count ? a->runs[k + 1].first : a->s->count;
        reader_take_values(a, &rd, a->runs[k].end, values_end);
    }
    reader_switch(a, &rd, -1);
    free(rd.values);
    label_index_free(&rd.labels);
}

static void read_proactive(assembler *a, size_t first, size_t from, size_t end)
{
    const report_format *f = a->r->format;
    row_spec specs[16];
    int n = 0;
    for (int i = 0; i < f->proactive_count && n < 16; i++)
        specs[n++] = (row_spec){f->proactive[i].match, TABLE_PROACTIVE, i, format_proactive_cell(f, i, 0),
                                f->proactive[i].field_count};
    read_table(a, specs, n, first, from, end);
}

static void read_applications(assembler *a, size_t first, size_t from, size_t end)
{
    const report_format *f = a->r->format;
    row_spec specs[ROW_SPECS_MAX];
    int n = 0;
    for (int i = 0; i < f->application_row_count && n < ROW_SPECS_MAX; i++)
        specs[n++] = (row_spec){f->application_rows[i].match, TABLE_APPLICATIONS, i,
                                format_application_cell(f, i, 0), APPLICATION_COLUMNS};
    read_table(a, specs, n, first, from, end);
}

static void read_appeals(assembler *a, size_t first, size_t from, size_t end)
{
    row_spec spec = {NULL, TABLE_APPEALS, 0, format_appeal_cell(a->r->format, 0, 0), APPEAL_BLOCKS * APPEAL_FIELDS};
    read_table(a, &spec, 1, first, from, end);
}

/* ---- narrative ---- */

static bool ends_sentence(const char *s, size_t len)
{
    static const struct { char text[4]; size_t len; } marks[] = {
        {"。", 3}, {"：", 3}, {":", 1}, {"；", 3}, {"！", 3}, {"？", 3}};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        size_t m = marks[i].len, j = 0;
        while (j < m && m <= len && s[len - m + j] == marks[i].text[j]) j++;
        if (j == m && m <= len) return true;
    }
    return false;
}

/* The item of run k that holds byte `offset` of the run's string. */
static size_t item_at_offset(const assembler *a, size_t k, size_t offset)
{
    const run *r = &a->runs[k];
    size_t at = r->first, pos = 0;
    while (at + 1 < r->end && pos + a->s->items[at].norm_len <= offset) pos += a->s->items[at++].norm_len;
    return at;
}

static void collect_text(assembler *a, enum report_text which, int sec, int next_sec)
{
    if (a->section_run[sec] < 0) return;
    const item_stream *s = a->s;
    /* From the item after the one where the heading phrase ends, to the item where the next heading starts. */
    size_t at = item_at_offset(a, (size_t)a->section_run[sec], a->section_end[sec] - 1) + 1;
    size_t stop = s->count;
    for (int n = next_sec; n < SECTION_COUNT; n++)
        if (a->section_run[n] >= 0) {
            stop = item_at_offset(a, (size_t)a->section_run[n], a->section_start[n]);
            break;
        }
    buf out = BUF_INIT;
    size_t room = 0; /* every piece and a line break before each: the text is built without growing */
    for (size_t i = at; i < stop; i++) room += s->items[i].src_len + 1;
    buf_reserve(&out, room);
    const char *prev = NULL;
    size_t prev_len = 0;
    for (size_t i = at; i < stop; i++) {
        const item *it = &s->items[i];
        if (it->kind == ITEM_BLANK || it->src_len == 0) continue;
        const char *t = item_source_text(s, it);
        if (prev && it->line_start && ends_sentence(prev, prev_len)) buf_putc(&out, '\n');
        buf_append(&out, t, it->src_len);
        prev = t;
        prev_len = it->src_len;
    }
    if (out.len) { /* the report owns its texts (report.h): it takes the buffer instead of a copy */
        free(a->r->text[which]);
        a->r->text[which] = buf_detach(&out);
    }
    buf_free(&out);
}

/* ---- the whole ---- */

static void read_tables(assembler *a)
{
    const report_format *f = a->r->format;
    long sec2 = a->section_run[SECTION_PROACTIVE], sec3 = a->section_run[SECTION_APPLICATIONS];
    long sec4 = a->section_run[SECTION_APPEALS];
    if (sec3 < 0) {
        /* No heading: the table starts at its first row label. */
        for (size_t k = 0; k < a->run_count && sec3 < 0; k++)
            if (find_phrase(a, k, 0, f->application_rows[0].match, NULL)) sec3 = (long)k;
        if (sec3 >= 0) { a->section_run[SECTION_APPLICATIONS] = sec3; a->section_end[SECTION_APPLICATIONS] = 0; }
    }
    if (sec2 >= 0)
        read_proactive(a, (size_t)sec2, a->section_end[SECTION_PROACTIVE], section_start_run(a, SECTION_APPLICATIONS));
    if (sec3 >= 0)
        read_applications(a, (size_t)sec3, a->section_end[SECTION_APPLICATIONS], section_start_run(a, SECTION_APPEALS));
    if (sec4 >= 0)
        read_appeals(a, (size_t)sec4, a->section_end[SECTION_APPEALS], section_start_run(a, SECTION_PROBLEMS));
}

static void assembler_free(assembler *a)
{
    free(a->runs);
    buf_free(&a->run_text);
    if (a->phrases) free(a->phrases->infos);
    free(a->phrases);
    glued_rows_free(&a->glued);
}

/* A report without one of its three tables, or whose table 三 stops before its last row, is not read: it is
 * not a report, or the file was cut short. Returns the Chinese message, or NULL when the report is whole. */
static char *incomplete_report(const report *r, const char *name)
{
    const report_format *f = r->format;
    static const struct { enum report_table table; enum report_section section; } tables[] = {
        {TABLE_APPLICATIONS, SECTION_APPLICATIONS}, {TABLE_PROACTIVE, SECTION_PROACTIVE}, {TABLE_APPEALS, SECTION_APPEALS}};
    buf msg = BUF_INIT;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        if (!report_table_absent(r, tables[i].table)) continue;
        if (tables[i].table == TABLE_APPLICATIONS)
            buf_printf(&msg, "%s：不是政府信息公开工作年度报告，或缺少表格“%s”", name, f->sections[tables[i].section].heading);
        else
            buf_printf(&msg, "%s：报告不完整，缺少表格“%s”（文件可能被截断）", name, f->sections[tables[i].section].heading);
        return buf_detach(&msg);
    }
    int last = f->application_row_count - 1;
    bool last_row_absent = true;
    for (int col = 0; col < APPLICATION_COLUMNS; col++)
        last_row_absent &= r->cells[format_application_cell(f, last, col)].state == CELL_ABSENT;
    if (!last_row_absent) return NULL;
    buf_printf(&msg, "%s：报告不完整，表三缺少“%s”行（文件可能被截断）", name, f->application_rows[last].label);
    return buf_detach(&msg);
}

report *assemble_report(const item_stream *s, const char *name, char **error)
{
    assembler a;
    memset(&a, 0, sizeof a);
    a.s = s;
    a.phrases = xcalloc(1, sizeof *a.phrases);
    build_runs(&a);
    /* Both formats' headings are found by the same phrases: find them, then the format from the labels
     * between table 二's heading and section 五. */
    a.r = report_new(&FORMAT_2021);
    a.r->notes = xcalloc(1, sizeof *a.r->notes);
    a.notes = a.r->notes;
    find_sections(&a);
    size_t tables_first = a.section_run[SECTION_PROACTIVE] >= 0 ? (size_t)a.section_run[SECTION_PROACTIVE] : 0;
    size_t tables_end = section_start_run(&a, SECTION_PROBLEMS);
    if (tables_end < a.run_count) tables_end++;
    const report_format *format = detect_format(&a, tables_first, tables_end, &a.r->flags);
    if (format) report_set_format(a.r, format);
    read_title(&a);
    read_year_fallback(&a);
    if (!format && format_for_year(a.r->year)) {
        report_set_format(a.r, format_for_year(a.r->year));
        a.r->flags |= REPORT_FORMAT_FROM_YEAR;
    }
    complete_agency(&a);
    read_tables(&a);
    if (a.glued.count) decode_glued(a.r, &a.glued, a.notes);
    char *incomplete = incomplete_report(a.r, name);
    if (incomplete) {
        *error = incomplete;
        report_free(a.r);
        assembler_free(&a);
        return NULL;
    }
    collect_text(&a, TEXT_OVERVIEW, SECTION_OVERVIEW, SECTION_PROACTIVE);
    collect_text(&a, TEXT_PROBLEMS, SECTION_PROBLEMS, SECTION_OTHER);
    collect_text(&a, TEXT_OTHER, SECTION_OTHER, SECTION_COUNT);
    report_set_source(a.r, name);
    assembler_free(&a);
    return a.r;
}

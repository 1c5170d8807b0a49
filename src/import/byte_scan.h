/* byte_scan: the byte searches the text importers run over every byte of a report — line breaks, the end of a
 * piece, the next number, the run of characters normalisation leaves alone — sixteen bytes at a time with SSE2
 * (every x86-64 has it), each beside a portable byte-wise twin that gives the same answer. The twins are what
 * other machines build, and what tests/test_byte_scan.c holds the fast forms to, at every block position. The
 * text layout reads its pieces off bit maps of the whole text (scan_maps), built once, sixteen bytes at a time. */
#ifndef GONGKAI_IMPORT_BYTE_SCAN_H
#define GONGKAI_IMPORT_BYTE_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SCAN_HAVE_AVX2 1 /* compiled for AVX2 function by function, run where the CPU has it */
#include <immintrin.h>
#endif

#include "util/buf.h"
#include "util/text.h"

/* ---- line breaks: the first j >= i with s[j] one of '\n', '\r', '\f'; len when none ---- */

static inline bool scan_is_break(unsigned char c) { return c == '\n' || c == '\r' || c == '\f'; }

static inline size_t scan_line_break_portable(const char *s, size_t len, size_t i)
{
    /* the three are all below 0x0E: skip eight bytes at a time while none is */
    while (i + 8 <= len) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        if ((word - 0x0E0E0E0E0E0E0E0EULL) & ~word & 0x8080808080808080ULL) break;
        i += 8;
    }
    while (i < len && !scan_is_break((unsigned char)s[i])) i++;
    return i;
}

static inline size_t scan_line_break(const char *s, size_t len, size_t i)
{
#ifdef __SSE2__
    const __m128i newline = _mm_set1_epi8('\n'), carriage = _mm_set1_epi8('\r'), feed = _mm_set1_epi8('\f');
    while (i + 16 <= len) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(x, newline),
                                   _mm_or_si128(_mm_cmpeq_epi8(x, carriage), _mm_cmpeq_epi8(x, feed)));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask) return i + (size_t)__builtin_ctz(mask);
        i += 16;
    }
#endif
    return scan_line_break_portable(s, len, i);
}

/* ---- inside a piece: the first j >= i whose byte is not printable ASCII (0x21–0x7F), a continuation byte or
 * the lead byte of a CJK ideograph (E4–E9); len when none. None of those can be or start a space, so the search
 * for the end of a piece need look only at the bytes this stops at (in valid UTF-8 always a character's start). */

static inline bool scan_never_space(unsigned char c)
{
    return (c > ' ' && c < 0xC0) || (c >= 0xE4 && c <= 0xE9);
}

static inline size_t scan_piece_stop_portable(const char *s, size_t len, size_t i)
{
    while (i < len && scan_never_space((unsigned char)s[i])) i++;
    return i;
}

static inline size_t scan_piece_stop(const char *s, size_t len, size_t i)
{
#ifdef __SSE2__
    const __m128i space = _mm_set1_epi8(' '), top_two = _mm_set1_epi8((char)0xC0);
    const __m128i continuation = _mm_set1_epi8((char)0x80), lead_min = _mm_set1_epi8((char)0xE4);
    const __m128i lead_span = _mm_set1_epi8(0xE9 - 0xE4);
    while (i + 16 <= len) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i ascii = _mm_cmpgt_epi8(x, space); /* signed: 0x21–0x7F; every byte >= 0x80 is negative */
        __m128i cont = _mm_cmpeq_epi8(_mm_and_si128(x, top_two), continuation);
        __m128i from_lead = _mm_sub_epi8(x, lead_min);
        __m128i lead = _mm_cmpeq_epi8(_mm_min_epu8(from_lead, lead_span), from_lead);
        unsigned pass = (unsigned)_mm_movemask_epi8(_mm_or_si128(ascii, _mm_or_si128(cont, lead)));
        if (pass != 0xFFFF) return i + (size_t)__builtin_ctz(~pass);
        i += 16;
    }
#endif
    return scan_piece_stop_portable(s, len, i);
}

/* ---- white space and the pieces between it ---- */

/* Length of the white-space character at p (as text_is_space: ASCII or Unicode), 0 when p starts none. Every
 * non-ASCII one (U+0085, U+00A0, U+1680, U+2000–U+206F, U+3000, U+FEFF) starts with C2, E1, E2, E3 or EF, so a
 * CJK character is told apart without decoding. */
static inline size_t scan_space_length(const char *p, size_t left)
{
    unsigned char c = (unsigned char)*p;
    if (c < 0x80) return (c == ' ' || (c >= '\t' && c <= '\r')) ? 1 : 0;
    if (c != 0xC2 && (c < 0xE1 || c > 0xE3) && c != 0xEF) return 0;
    if ((c == 0xE3 || c == 0xEF) && left >= 3) { /* CJK punctuation, full-width forms: only U+3000 and U+FEFF */
        unsigned char c1 = (unsigned char)p[1], c2 = (unsigned char)p[2];
        return (c == 0xE3 && c1 == 0x80 && c2 == 0x80) || (c == 0xEF && c1 == 0xBB && c2 == 0xBF) ? 3 : 0;
    }
    int32_t cp;
    int n = utf8_decode(p, left, &cp);
    return text_is_space(cp) ? (size_t)n : 0;
}

/* The next white-space separated piece of s[0..len) at or after `from`: returns its start and sets *piece_len
 * (0 when there is none). The end is searched with scan_piece_stop, which passes every byte that cannot begin a
 * space, so a space is decoded only at the bytes it stops at; runs of ASCII spaces (`pdftotext -layout` columns)
 * are skipped eight at a time. s is UTF-8 cut at character boundaries. */
static inline size_t scan_next_piece(const char *s, size_t len, size_t from, size_t *piece_len)
{
    size_t i = from;
    while (i < len) {
        while (i + 8 <= len) {
            uint64_t word;
            memcpy(&word, s + i, 8);
            if (word != 0x2020202020202020ULL) break;
            i += 8;
        }
        size_t space = i < len ? scan_space_length(s + i, len - i) : 0;
        if (space == 0) break;
        i += space;
    }
    size_t start = i;
    for (;;) {
        i = scan_piece_stop(s, len, i);
        if (i >= len || scan_space_length(s + i, len - i)) break;
        i++; /* a byte that is no space: its continuation bytes, if any, pass scan_piece_stop */
    }
    *piece_len = i - start;
    return start;
}

/* ---- numbers: the first j >= i whose byte may start a number (a digit, '+' or '-'); len when none ---- */

static inline bool scan_may_start_number(unsigned char c)
{
    return (c >= '0' && c <= '9') || c == '+' || c == '-';
}

static inline size_t scan_number_start_portable(const char *s, size_t len, size_t i)
{
    while (i < len && !scan_may_start_number((unsigned char)s[i])) i++;
    return i;
}

#ifdef __SSE2__
/* Byte mask of the digits, '+' and '-' of a block. */
static inline unsigned scan_number_mask(__m128i x)
{
    const __m128i zero = _mm_set1_epi8('0'), nine_span = _mm_set1_epi8(9);
    const __m128i plus = _mm_set1_epi8('+'), minus = _mm_set1_epi8('-');
    __m128i from_zero = _mm_sub_epi8(x, zero);
    __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(from_zero, nine_span), from_zero);
    return (unsigned)_mm_movemask_epi8(
        _mm_or_si128(digit, _mm_or_si128(_mm_cmpeq_epi8(x, plus), _mm_cmpeq_epi8(x, minus))));
}
#endif

static inline size_t scan_number_start(const char *s, size_t len, size_t i)
{
#ifdef __SSE2__
    while (i + 16 <= len) {
        unsigned mask = scan_number_mask(_mm_loadu_si128((const __m128i *)(s + i)));
        if (mask) return i + (size_t)__builtin_ctz(mask);
        i += 16;
    }
#endif
    return scan_number_start_portable(s, len, i);
}

/* ---- what normalisation leaves alone: the length of the run of s[i..len) made of printable ASCII but the
 * apostrophe, and whole CJK ideographs U+4000–U+9FFF (lead E4–E9 and two continuation bytes) — nearly all of a
 * report. *numberish is set when the run holds a digit, '+' or '-' (left alone otherwise). Any input, valid
 * UTF-8 or not. */

static inline size_t scan_unchanged_portable(const char *s, size_t len, size_t i, bool *numberish)
{
    size_t from = i;
    bool seen = false;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c > ' ' && c < 0x80 && c != '\'') {
            seen |= scan_may_start_number(c);
            i++;
        } else if (c >= 0xE4 && c <= 0xE9 && i + 2 < len && ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
                   ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
            i += 3;
        } else {
            break;
        }
    }
    *numberish |= seen;
    return i - from;
}

#ifdef __SSE2__
/* The first n < 16 bytes at p as a block, the rest NUL, read without touching a byte past p + n: two overlapping
 * loads of 8 or 4 bytes, or three single bytes (little-endian, as every SSE2 machine is). */
static inline __m128i scan_load_partial(const char *p, size_t n)
{
    uint64_t low = 0, high = 0;
    if (n >= 8) {
        memcpy(&low, p, 8);
        if (n > 8) {
            memcpy(&high, p + n - 8, 8);
            high >>= (16 - n) * 8; /* keep bytes 8..n-1 */
        }
    } else if (n >= 4) {
        uint32_t first, last;
        memcpy(&first, p, 4);
        memcpy(&last, p + n - 4, 4);
        low = first | (((uint64_t)last >> ((8 - n) * 8)) << 32);
    } else if (n > 0) {
        const unsigned char *u = (const unsigned char *)p;
        low = u[0] | ((uint64_t)u[n / 2] << (n / 2 * 8)) | ((uint64_t)u[n - 1] << ((n - 1) * 8));
    }
    return _mm_set_epi64x((long long)high, (long long)low);
}

/* Bit mask of the bytes of a block that scan_unchanged takes: printable ASCII but the apostrophe, and each lead
 * E4–E9 followed in the block by two continuation bytes, with those two. A lead in the last two bytes is not
 * taken (its continuation bytes are not in view). A run from byte 0 is the mask's trailing ones: a byte taken
 * as a continuation always follows its own lead, so the run never starts a character inside another. */
static inline unsigned scan_unchanged_mask(__m128i x)
{
    const __m128i space = _mm_set1_epi8(' '), apostrophe = _mm_set1_epi8('\'');
    const __m128i lead_min = _mm_set1_epi8((char)0xE4), lead_span = _mm_set1_epi8(0xE9 - 0xE4);
    const __m128i top_two = _mm_set1_epi8((char)0xC0), continuation = _mm_set1_epi8((char)0x80);
    unsigned ascii = (unsigned)_mm_movemask_epi8(
        _mm_andnot_si128(_mm_cmpeq_epi8(x, apostrophe), _mm_cmpgt_epi8(x, space)));
    __m128i from_lead = _mm_sub_epi8(x, lead_min);
    unsigned lead = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(from_lead, lead_span), from_lead));
    unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(x, top_two), continuation));
    unsigned whole = lead & (cont >> 1) & (cont >> 2);
    return (ascii | whole | (whole << 1) | (whole << 2)) & 0xFFFF;
}

/* Takes the run at the start of block x: returns its length, at most 16, and adds
 * its digits and signs to *numbers. */
static inline size_t scan_block_run(__m128i x, unsigned *numbers)
{
    unsigned taken = scan_unchanged_mask(x);
    size_t run = (size_t)__builtin_ctz(~taken); /* bit 16 of ~taken is set: at most 16 */
    *numbers |= scan_number_mask(x) & ((1u << run) - 1);
    return run;
}
#endif

static inline size_t scan_unchanged(const char *s, size_t len, size_t i, bool *numberish)
{
    size_t from = i;
#ifdef __SSE2__
    unsigned numbers = 0;
    while (i + 16 <= len) {
        size_t run = scan_block_run(_mm_loadu_si128((const __m128i *)(s + i)), &numbers);
        i += run;
        if (run < 14) break; /* only a stop in the last two bytes may be an ideograph that crosses into the next */
    }
    *numberish |= numbers != 0;
#endif
    return i - from + scan_unchanged_portable(s, len, i, numberish);
}


/* ---- the same run, copied: scan_unchanged's length, and its bytes copied to out, in one pass. out must have
 * room for the run and 16 bytes more (the fast form stores whole blocks, garbage past the run). A short run, or
 * the last bytes of s, is read as a block padded with NUL bytes, which never belong to a run. */

static inline size_t scan_copy_unchanged_portable(const char *s, size_t len, size_t i, char *out, bool *numberish)
{
    size_t run = scan_unchanged_portable(s, len, i, numberish);
    memcpy(out, s + i, run);
    return run;
}


static inline size_t scan_copy_unchanged(const char *s, size_t len, size_t i, char *out, bool *numberish)
{
#ifdef __SSE2__
    size_t from = i;
    unsigned numbers = 0;
    for (;;) {
        size_t left = len - i, run;
        __m128i x = left >= 16 ? _mm_loadu_si128((const __m128i *)(s + i)) : scan_load_partial(s + i, left);
        _mm_storeu_si128((__m128i *)(out + (i - from)), x);
        run = scan_block_run(x, &numbers);
        i += run;
        /* a run stopped in the last two bytes of a whole block may be an ideograph that crosses into the next:
         * look again from there; any other stop is the end */
        if (run < 14 || left <= 16) break;
    }
    *numberish |= numbers != 0;
    return i - from;
#else
    return scan_copy_unchanged_portable(s, len, i, out, numberish);
#endif
}

/* ---- pieces with what normalisation will do to them: scan_next_piece's piece (same start, same end), and
 * whether it holds a character that scan_unchanged does not take (`changed`: normalisation may change it) and
 * whether it holds a digit or a sign (`numberish`). An unchanged piece is its own normal form. */

typedef struct scan_piece {
    size_t start, len;
    bool changed, numberish;
} scan_piece;

/* The definition: scan_next_piece, then the piece's bytes looked at again. */
static inline void scan_next_piece_flags(const char *s, size_t len, size_t from, scan_piece *piece)
{
    piece->start = scan_next_piece(s, len, from, &piece->len);
    bool numberish = false;
    piece->changed = scan_unchanged_portable(s + piece->start, piece->len, 0, &numberish) != piece->len;
    piece->numberish = scan_number_start_portable(s + piece->start, piece->len, 0) < piece->len;
}

/* ---- bit maps of a whole text: for each byte, whether it belongs to a white-space character, to a character
 * normalisation may change, or is a digit or a sign; bit i of word i / 64 for byte i. Built 16 or 32 bytes at a
 * time, then pieces are read off the maps a word at a time (scan_mapped_piece), with scan_next_piece_flags'
 * answers: the tests hold the one to the other, line by line. */

typedef struct scan_maps {
    uint64_t *space;   /* a byte of a white-space character (ASCII, or Unicode as scan_space_length finds it) */
    uint64_t *changed; /* a byte of no space that scan_unchanged does not take */
    uint64_t *number;  /* '0'–'9', '+', '-' */
    size_t words;
} scan_maps;

/* The bytes of 64 (fewer at the end of the text) as five masks, before words are joined. */
typedef struct scan_raw {
    uint64_t ascii;  /* printable ASCII but the apostrophe */
    uint64_t lead;   /* E4–E9 */
    uint64_t cont;   /* 80–BF */
    uint64_t space;  /* ' ', '\t'–'\r' */
    uint64_t number;
} scan_raw;

static inline void scan_raw_portable(const char *s, size_t n, scan_raw *raw)
{
    *raw = (scan_raw){0, 0, 0, 0, 0};
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        uint64_t bit = (uint64_t)1 << k;
        if (c > ' ' && c < 0x80 && c != '\'') raw->ascii |= bit;
        if (c >= 0xE4 && c <= 0xE9) raw->lead |= bit;
        if ((c & 0xC0) == 0x80) raw->cont |= bit;
        if (c == ' ' || (c >= '\t' && c <= '\r')) raw->space |= bit;
        if (scan_may_start_number(c)) raw->number |= bit;
    }
}

#ifdef __SSE2__
/* The five masks of one block of sixteen, each in 16 bits. Ranges are tested with one signed comparison: adding
 * 0x80 - low moves low..high to -128..-128 + (high - low). */
typedef struct scan_block_masks {
    unsigned ascii, lead, cont, space, number;
} scan_block_masks;

static inline __m128i scan_in_range(__m128i x, char low, int span)
{
    __m128i moved = _mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - (unsigned char)low)));
    return _mm_cmpgt_epi8(_mm_set1_epi8((char)(-128 + span + 1)), moved);
}

static inline scan_block_masks scan_block(__m128i x)
{
    __m128i printable = _mm_cmpgt_epi8(x, _mm_set1_epi8(' ')); /* signed: 0x21–0x7F */
    __m128i apostrophe = _mm_cmpeq_epi8(x, _mm_set1_epi8('\''));
    __m128i cont = _mm_cmpgt_epi8(_mm_set1_epi8((char)0xC0), x); /* signed: 0x80–0xBF */
    __m128i blank = _mm_or_si128(scan_in_range(x, '\t', '\r' - '\t'), _mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
    __m128i sign = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('+')), _mm_cmpeq_epi8(x, _mm_set1_epi8('-')));
    return (scan_block_masks){
        (unsigned)_mm_movemask_epi8(_mm_andnot_si128(apostrophe, printable)),
        (unsigned)_mm_movemask_epi8(scan_in_range(x, (char)0xE4, 0xE9 - 0xE4)),
        (unsigned)_mm_movemask_epi8(cont),
        (unsigned)_mm_movemask_epi8(blank),
        (unsigned)_mm_movemask_epi8(_mm_or_si128(scan_in_range(x, '0', 9), sign)),
    };
}

/* Adds a block's masks at bit `shift` of raw. */
static inline void scan_raw_add(scan_raw *raw, scan_block_masks b, unsigned shift)
{
    raw->ascii |= (uint64_t)b.ascii << shift;
    raw->lead |= (uint64_t)b.lead << shift;
    raw->cont |= (uint64_t)b.cont << shift;
    raw->space |= (uint64_t)b.space << shift;
    raw->number |= (uint64_t)b.number << shift;
}
#endif

/* The masks of s[0..n), n <= 64. */
static inline void scan_raw_word(const char *s, size_t n, scan_raw *raw)
{
#ifdef __SSE2__
    scan_raw word = {0, 0, 0, 0, 0};
    if (n == 64) { /* a whole word: four blocks, kept in registers */
        scan_block_masks b0 = scan_block(_mm_loadu_si128((const __m128i *)s));
        scan_block_masks b1 = scan_block(_mm_loadu_si128((const __m128i *)(s + 16)));
        scan_block_masks b2 = scan_block(_mm_loadu_si128((const __m128i *)(s + 32)));
        scan_block_masks b3 = scan_block(_mm_loadu_si128((const __m128i *)(s + 48)));
        scan_raw_add(&word, b0, 0);
        scan_raw_add(&word, b1, 16);
        scan_raw_add(&word, b2, 32);
        scan_raw_add(&word, b3, 48);
    } else {
        unsigned shift = 0;
        for (; shift + 16 <= n; shift += 16)
            scan_raw_add(&word, scan_block(_mm_loadu_si128((const __m128i *)(s + shift))), shift);
        if (shift < n) scan_raw_add(&word, scan_block(scan_load_partial(s + shift, n - shift)), shift);
        /* past n: NUL bytes, which set no mask */
    }
    *raw = word;
#else
    scan_raw_portable(s, n, raw);
#endif
}

static inline void scan_set_bit(uint64_t *bits, size_t i) { bits[i / 64] |= (uint64_t)1 << (i % 64); }

/* Marks the Unicode spaces of word `word` in m->space: each byte of `starts` (bytes neither ASCII space, nor
 * taken by scan_unchanged, nor a continuation byte) is where scan_next_piece would call scan_space_length, and a
 * space found there covers its continuation bytes too (into the next word, maybe). A continuation byte never
 * starts a space, so scan_next_piece stepping over some unlooked changes nothing. */
static inline void scan_maps_resolve(const char *s, size_t len, size_t word, uint64_t starts, scan_maps *m)
{
    while (starts) {
        size_t i = word * 64 + (size_t)__builtin_ctzll(starts);
        starts &= starts - 1;
        size_t space = scan_space_length(s + i, len - i);
        for (size_t k = 0; k < space; k++) scan_set_bit(m->space, i + k);
    }
}

/* How the five masks of every word are found: byte by byte, sixteen bytes at a time (every x86-64), or 32 at a
 * time where the CPU has AVX2 (checked when asked). The maps are the same; the tests build them every way. */
enum scan_engine { SCAN_ENGINE_PORTABLE, SCAN_ENGINE_SSE2, SCAN_ENGINE_AVX2 };

#ifdef SCAN_HAVE_AVX2
__attribute__((target("avx2"))) static inline __m256i scan_in_range_avx2(__m256i x, char low, int span)
{
    __m256i moved = _mm256_add_epi8(x, _mm256_set1_epi8((char)(0x80 - (unsigned char)low)));
    return _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(-128 + span + 1)), moved);
}

/* The five masks of 32 bytes (ascii, lead, cont, space, number), 32 bits each. */
typedef struct scan_half_masks {
    uint32_t mask[5];
} scan_half_masks;

__attribute__((target("avx2"))) static inline scan_half_masks scan_raw_half_avx2(__m256i x)
{
    __m256i printable = _mm256_cmpgt_epi8(x, _mm256_set1_epi8(' '));
    __m256i apostrophe = _mm256_cmpeq_epi8(x, _mm256_set1_epi8('\''));
    __m256i blank = _mm256_or_si256(scan_in_range_avx2(x, '\t', '\r' - '\t'),
                                    _mm256_cmpeq_epi8(x, _mm256_set1_epi8(' ')));
    __m256i sign = _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('+')),
                                   _mm256_cmpeq_epi8(x, _mm256_set1_epi8('-')));
    return (scan_half_masks){{
        (uint32_t)_mm256_movemask_epi8(_mm256_andnot_si256(apostrophe, printable)),
        (uint32_t)_mm256_movemask_epi8(scan_in_range_avx2(x, (char)0xE4, 0xE9 - 0xE4)),
        (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(_mm256_set1_epi8((char)0xC0), x)),
        (uint32_t)_mm256_movemask_epi8(blank),
        (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(scan_in_range_avx2(x, '0', 9), sign)),
    }};
}

/* The masks of the first `words` whole words of s into masks[k][w] (ascii, lead, cont, space, number). */
__attribute__((target("avx2"))) static inline void scan_raw_words_avx2(const char *s, size_t words,
                                                                      uint64_t *const masks[5])
{
    uint64_t *ascii = masks[0], *lead = masks[1], *cont = masks[2], *space = masks[3], *number = masks[4];
    for (size_t w = 0; w < words; w++) {
        scan_half_masks low = scan_raw_half_avx2(_mm256_loadu_si256((const __m256i *)(s + w * 64)));
        scan_half_masks high = scan_raw_half_avx2(_mm256_loadu_si256((const __m256i *)(s + w * 64 + 32)));
        ascii[w] = low.mask[0] | (uint64_t)high.mask[0] << 32;
        lead[w] = low.mask[1] | (uint64_t)high.mask[1] << 32;
        cont[w] = low.mask[2] | (uint64_t)high.mask[2] << 32;
        space[w] = low.mask[3] | (uint64_t)high.mask[3] << 32;
        number[w] = low.mask[4] | (uint64_t)high.mask[4] << 32;
    }
}
#endif

static inline bool scan_engine_supported(enum scan_engine engine)
{
    switch (engine) {
    case SCAN_ENGINE_PORTABLE: return true;
#ifdef __SSE2__
    case SCAN_ENGINE_SSE2: return true;
#endif
#ifdef SCAN_HAVE_AVX2
    case SCAN_ENGINE_AVX2: return __builtin_cpu_supports("avx2");
#endif
    default: return false;
    }
}

/* The masks of every word of s[0..len) into masks[k][w], with `engine` (supported: scan_engine_supported). */
static inline void scan_raw_text(const char *s, size_t len, size_t words, uint64_t *const masks[5],
                                 enum scan_engine engine)
{
    size_t w = 0;
#ifdef SCAN_HAVE_AVX2
    if (engine == SCAN_ENGINE_AVX2) {
        scan_raw_words_avx2(s, len / 64, masks);
        w = len / 64;
    }
#endif
    for (; w < words; w++) {
        size_t at = w * 64, n = at < len ? (len - at < 64 ? len - at : 64) : 0;
        scan_raw raw;
        if (engine == SCAN_ENGINE_PORTABLE) scan_raw_portable(s + at, n, &raw);
        else scan_raw_word(s + at, n, &raw);
        masks[0][w] = raw.ascii;
        masks[1][w] = raw.lead;
        masks[2][w] = raw.cont;
        masks[3][w] = raw.space;
        masks[4][w] = raw.number;
    }
}

/* Fills m (arrays newly allocated: scan_maps_free) for s[0..len), the masks found with `engine` (supported). An
 * ideograph is taken when its lead and two continuation bytes are all there, across words too. */
static inline void scan_maps_build_with(const char *s, size_t len, scan_maps *m, enum scan_engine engine)
{
    m->words = len / 64 + 1;
    m->space = (uint64_t *)xmalloc(5 * m->words * sizeof *m->space);
    m->changed = m->space + m->words; /* holds the printable ASCII mask until the word is done */
    m->number = m->changed + m->words;
    uint64_t *lead = m->number + m->words, *cont = lead + m->words;
    uint64_t *const masks[5] = {m->changed, lead, cont, m->space, m->number};
    scan_raw_text(s, len, m->words, masks, engine);
    uint64_t whole_before = 0; /* ideographs whose lead is in the word before */
    for (size_t w = 0; w < m->words; w++) {
        uint64_t next_cont = w + 1 < m->words ? cont[w + 1] : 0;
        uint64_t whole = lead[w] & (cont[w] >> 1 | next_cont << 63) & (cont[w] >> 2 | next_cont << 62);
        uint64_t taken = m->changed[w] | whole | whole << 1 | whole << 2 | whole_before >> 63 | whole_before >> 62;
        size_t valid = len - w * 64 < 64 ? len - w * 64 : 64;
        uint64_t in_text = valid == 64 ? ~(uint64_t)0 : ((uint64_t)1 << valid) - 1;
        uint64_t other = in_text & ~(taken | m->space[w]);
        scan_maps_resolve(s, len, w, other & ~cont[w], m); /* into space[w] and maybe space[w + 1] */
        m->changed[w] = other & ~m->space[w];
        whole_before = whole;
    }
}

static inline void scan_maps_build(const char *s, size_t len, scan_maps *m)
{
    scan_maps_build_with(s, len, m, scan_engine_supported(SCAN_ENGINE_AVX2) ? SCAN_ENGINE_AVX2 : SCAN_ENGINE_SSE2);
}

static inline void scan_maps_free(scan_maps *m)
{
    free(m->space);
    *m = (scan_maps){NULL, NULL, NULL, 0};
}

/* The first i in [from, to) whose bit is `value`; to when none. */
static inline size_t scan_bits_find(const uint64_t *bits, size_t from, size_t to, bool value)
{
    uint64_t flip = value ? 0 : ~(uint64_t)0;
    uint64_t word = (bits[from / 64] ^ flip) >> (from % 64);
    if (word) { /* nearly always: in the word of `from` */
        size_t i = from + (size_t)__builtin_ctzll(word);
        return i < to ? i : to;
    }
    for (size_t w = from / 64 + 1; w * 64 < to; w++) {
        word = bits[w] ^ flip;
        if (word) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(word);
            return i < to ? i : to;
        }
    }
    return to;
}

/* True when a bit of [from, to) is set. */
static inline bool scan_bits_any(const uint64_t *bits, size_t from, size_t to)
{
    return from < to && scan_bits_find(bits, from, to, true) < to;
}

/* The next piece of the line that ends at line_end, from `from` (the line's start or the end of a piece of it),
 * as scan_next_piece_flags finds it in the line, read off the maps of the text; offsets are the text's. */
static inline void scan_mapped_piece(const scan_maps *m, size_t from, size_t line_end, scan_piece *piece)
{
    size_t start = scan_bits_find(m->space, from, line_end, false);
    size_t end = start < line_end ? scan_bits_find(m->space, start, line_end, true) : line_end;
    piece->start = start;
    piece->len = end - start;
    if (start < end && start / 64 == (end - 1) / 64) { /* within one word: one mask */
        uint64_t mask = (~(uint64_t)0 >> (64 - (end - start))) << (start % 64);
        piece->changed = (m->changed[start / 64] & mask) != 0;
        piece->numberish = (m->number[start / 64] & mask) != 0;
        return;
    }
    piece->changed = scan_bits_any(m->changed, start, end);
    piece->numberish = scan_bits_any(m->number, start, end);
}

#endif

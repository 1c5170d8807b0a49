/* byte_scan: the byte searches the text importers run over every byte of a report — line breaks, the end of a
 * piece, the next number, the run of characters normalisation leaves alone — sixteen bytes at a time with SSE2
 * (every x86-64 has it), each beside a portable byte-wise twin that gives the same answer. The twins are what
 * other machines build, and what tests/test_byte_scan.c holds the fast forms to, at every block position. */
#ifndef GONGKAI_IMPORT_BYTE_SCAN_H
#define GONGKAI_IMPORT_BYTE_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

static inline size_t scan_unchanged(const char *s, size_t len, size_t i, bool *numberish)
{
    size_t from = i;
#ifdef __SSE2__
    /* a block is taken whole when each byte is printable ASCII but the apostrophe or belongs to an ideograph
     * whose lead is in the block and whose two continuation bytes follow it (exactly those bytes are
     * continuation bytes); a block whose last ideograph runs past it is taken up to that ideograph */
    const __m128i space = _mm_set1_epi8(' '), apostrophe = _mm_set1_epi8('\'');
    const __m128i lead_min = _mm_set1_epi8((char)0xE4), lead_span = _mm_set1_epi8(0xE9 - 0xE4);
    const __m128i top_two = _mm_set1_epi8((char)0xC0), continuation = _mm_set1_epi8((char)0x80);
    unsigned numbers = 0;
    while (i + 16 <= len) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
        unsigned ascii = (unsigned)_mm_movemask_epi8(
            _mm_andnot_si128(_mm_cmpeq_epi8(x, apostrophe), _mm_cmpgt_epi8(x, space)));
        __m128i from_lead = _mm_sub_epi8(x, lead_min);
        unsigned lead = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(from_lead, lead_span), from_lead));
        unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(x, top_two), continuation));
        if ((ascii | lead | cont) != 0xFFFF || cont != (((lead << 1) | (lead << 2)) & 0xFFFF)) break;
        numbers |= scan_number_mask(x);
        if (lead & 0x4000) i += 14;      /* its second continuation byte is in the next block */
        else if (lead & 0x8000) i += 15; /* both are */
        else i += 16;
    }
    *numberish |= numbers != 0;
#endif
    return i - from + scan_unchanged_portable(s, len, i, numberish);
}

#endif

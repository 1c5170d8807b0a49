/* text: UTF-8 validation, encoding repair (GB18030) and the normalisation that makes labels comparable
 * (DESIGN.md §2.6): NFKC, Unicode spaces, bracket / enumerator / quote / dash variants. */
#ifndef GONGKAI_UTIL_TEXT_H
#define GONGKAI_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Returns true when s[0..len) is valid UTF-8; otherwise false and *bad_offset is the first bad byte. Runs the
 * fastest engine the CPU has (checked on each call). */
bool utf8_validate(const char *s, size_t len, size_t *bad_offset);

/* The engines utf8_validate chooses among; the tests run each one on its own. The SIMD engines check whole
 * blocks and hand the tail, and any block with an error, to the portable DFA. */
enum utf8_engine {
    UTF8_ENGINE_PORTABLE, /* a byte-at-a-time DFA: every CPU */
    UTF8_ENGINE_SSSE3,    /* 16-byte blocks (x86 with SSSE3) */
    UTF8_ENGINE_AVX2      /* 32-byte blocks (x86 with AVX2) */
};
/* True when this build and this CPU can run `engine`. */
bool utf8_engine_supported(enum utf8_engine engine);
/* utf8_validate with the given engine; an unsupported engine falls back to the portable one. */
bool utf8_validate_with(enum utf8_engine engine, const char *s, size_t len, size_t *bad_offset);

/* Makes `in` UTF-8. Valid UTF-8 (a BOM is dropped) is copied; otherwise the bytes are converted from
 * GB18030 when that succeeds whole. Returns 0, or -1 with *bad_offset set when neither works. */
int text_to_utf8(const char *in, size_t len, buf *out, size_t *bad_offset, bool *was_gb18030);

/* How text_normalize treats white space. */
enum space_mode {
    SPACES_DROP,     /* remove every space: for comparing labels */
    SPACES_COLLAPSE, /* every run of spaces (and line breaks) becomes one ' ' */
    SPACES_KEEP_LINES /* runs of spaces become ' ', line breaks stay '\n' */
};

/* Appends the normalised form of s[0..len) to out: NFKC per character; U+00A0, U+3000 and every other
 * Unicode space per `mode`; zero-width characters dropped; 、 → '.'; （）〔〕 → (); “”‘’「」 → '"';
 * dashes (— – ― − ─ －) → '-'. Invalid UTF-8 bytes become U+FFFD. */
void text_normalize(const char *s, size_t len, buf *out, enum space_mode mode);

/* The normalised form of one code point (NFKC, then the folds above); a space becomes ' '. Writes up to 8 code
 * points; returns the count (0 for a dropped character). */
int text_fold_char(int32_t cp, int32_t out[8]);

/* Convenience: the normalised form (SPACES_DROP) of a C string, newly allocated. */
char *text_normalized(const char *s);

/* Decodes one UTF-8 code point at s (len bytes left). Returns its length in bytes (>= 1); *cp is the code
 * point, or -1 for an invalid byte. The common forms are decoded inline; the rest by utf8proc. */
int utf8_decode_slow(const char *s, size_t len, int32_t *cp);
static inline int utf8_decode(const char *s, size_t len, int32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 1 && u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if (len >= 3 && (u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        int32_t c = ((u[0] & 0x0F) << 12) | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F);
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            *cp = c;
            return 3;
        }
    } else if (len >= 2 && (u[0] & 0xE0) == 0xC0 && u[0] >= 0xC2 && (u[1] & 0xC0) == 0x80) {
        *cp = ((u[0] & 0x1F) << 6) | (u[1] & 0x3F);
        return 2;
    }
    return utf8_decode_slow(s, len, cp);
}
int utf8_encode_slow(int32_t cp, char *out);
/* Encodes cp into out (4 bytes room); returns the length. One- to three-byte forms inline (nearly every
 * character of a report); the rest through utf8proc. */
static inline int utf8_encode(int32_t cp, char *out)
{
    if (cp >= 0 && cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp >= 0x80 && cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0x800 && cp < 0x10000 && (cp < 0xD800 || cp > 0xDFFF)) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    return utf8_encode_slow(cp, out);
}

/* True for a Unicode white-space character (Zs, Zl, Zp, the ASCII controls \t…\r) or a zero-width one. */
static inline bool text_is_space(int32_t cp)
{
    if (cp < 0x80) return cp == ' ' || (cp >= '\t' && cp <= '\r');
    if (cp < 0x2000) return cp == 0x85 || cp == 0xA0 || cp == 0x1680;
    if (cp <= 0x200D || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x2060) return true;
    return cp == 0x3000 || cp == 0xFEFF;
}

/* Trims ASCII and Unicode spaces at both ends of s[0..*len), in place; returns the new start. */
const char *text_trim(const char *s, size_t *len);

#endif

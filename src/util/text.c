/* text: UTF-8 validation, GB18030 repair and label normalisation (DESIGN.md §2.6). */
#include "util/text.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int utf8_decode_slow(const char *s, size_t len, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &c);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    *cp = c;
    return (int)n;
}

int utf8_encode_slow(int32_t cp, char *out)
{
    return (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

/* UTF-8 validation as a shift-based DFA: each state is a bit offset (a multiple of 6), and for each byte one
 * 64-bit word holds, at every state's offset, the offset of the state it leads to. A step is one load, one shift
 * and one mask, with no branch. The error state is offset 0, which every word leaves 0: once in error, always. */
enum {
    U8_ERROR = 0,
    U8_ACCEPT = 6,   /* between characters */
    U8_NEED1 = 12,   /* one continuation byte (80–BF) to go */
    U8_NEED2 = 18,
    U8_NEED3 = 24,
    U8_AFTER_E0 = 30, /* A0–BF next: no overlong three-byte form */
    U8_AFTER_ED = 36, /* 80–9F next: no surrogate */
    U8_AFTER_F0 = 42, /* 90–BF next: no overlong four-byte form */
    U8_AFTER_F4 = 48  /* 80–8F next: nothing past U+10FFFF */
};
#define U8_STEP(from, to) ((uint64_t)(to) << (from))
#define U8_CONTINUATION U8_STEP(U8_NEED1, U8_ACCEPT) | U8_STEP(U8_NEED2, U8_NEED1) | U8_STEP(U8_NEED3, U8_NEED2)

static const uint64_t UTF8_DFA[256] = {
    [0x00 ... 0x7F] = U8_STEP(U8_ACCEPT, U8_ACCEPT),
    [0x80 ... 0x8F] = U8_CONTINUATION | U8_STEP(U8_AFTER_ED, U8_NEED1) | U8_STEP(U8_AFTER_F4, U8_NEED2),
    [0x90 ... 0x9F] = U8_CONTINUATION | U8_STEP(U8_AFTER_ED, U8_NEED1) | U8_STEP(U8_AFTER_F0, U8_NEED2),
    [0xA0 ... 0xBF] = U8_CONTINUATION | U8_STEP(U8_AFTER_E0, U8_NEED1) | U8_STEP(U8_AFTER_F0, U8_NEED2),
    [0xC2 ... 0xDF] = U8_STEP(U8_ACCEPT, U8_NEED1),
    [0xE0] = U8_STEP(U8_ACCEPT, U8_AFTER_E0),
    [0xE1 ... 0xEC] = U8_STEP(U8_ACCEPT, U8_NEED2),
    [0xED] = U8_STEP(U8_ACCEPT, U8_AFTER_ED),
    [0xEE ... 0xEF] = U8_STEP(U8_ACCEPT, U8_NEED2),
    [0xF0] = U8_STEP(U8_ACCEPT, U8_AFTER_F0),
    [0xF1 ... 0xF3] = U8_STEP(U8_ACCEPT, U8_NEED3),
    [0xF4] = U8_STEP(U8_ACCEPT, U8_AFTER_F4),
};

/* The first byte at which s stops being UTF-8, found character by character (only run once the DFA said no). */
static size_t first_invalid_byte(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        int n = utf8_decode(s + i, len - i, &cp);
        if (cp < 0) return i;
        i += (size_t)n;
    }
    return len; /* a sequence cut short by the end */
}

bool utf8_validate(const char *s, size_t len, size_t *bad_offset)
{
    const unsigned char *u = (const unsigned char *)s;
    uint64_t state = U8_ACCEPT;
    size_t i = 0;
    /* Eight bytes at a time: a word of ASCII between characters is skipped whole, any other word goes through the
     * DFA byte by byte. */
    for (; i + 8 <= len; i += 8) {
        uint64_t word;
        memcpy(&word, u + i, 8);
        if (!(word & 0x8080808080808080ULL) && state == U8_ACCEPT) continue;
        for (size_t k = 0; k < 8; k++) state = (UTF8_DFA[u[i + k]] >> state) & 63;
        if (state == U8_ERROR) break;
    }
    for (; i < len && state != U8_ERROR; i++) state = (UTF8_DFA[u[i]] >> state) & 63;
    if (state == U8_ACCEPT) return true;
    if (bad_offset) *bad_offset = first_invalid_byte(s, len);
    return false;
}

static int convert_gb18030(const char *in, size_t len, buf *out)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return -1;
    buf_reserve(out, len * 2 + 16);
    char *src = (char *)in;
    size_t src_left = len;
    int rc = 0;
    while (src_left > 0) {
        buf_reserve(out, src_left * 2 + 16);
        char *dst = out->data + out->len;
        size_t dst_left = out->cap - out->len - 1;
        size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
        out->len = (size_t)(dst - out->data);
        if (r == (size_t)-1 && errno != E2BIG) { rc = -1; break; }
    }
    out->data[out->len] = '\0';
    iconv_close(cd);
    return rc;
}

int text_to_utf8(const char *in, size_t len, buf *out, size_t *bad_offset, bool *was_gb18030)
{
    if (was_gb18030) *was_gb18030 = false;
    if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) { in += 3; len -= 3; }
    size_t bad = 0;
    if (utf8_validate(in, len, &bad)) {
        buf_append(out, in, len);
        return 0;
    }
    size_t start = out->len;
    if (convert_gb18030(in, len, out) == 0) {
        if (was_gb18030) *was_gb18030 = true;
        return 0;
    }
    out->len = start;
    if (out->data) out->data[start] = '\0';
    if (bad_offset) *bad_offset = bad;
    return -1;
}


/* Folds the variants the report labels are written with onto one form; applied after NFKC. */
static int32_t fold_variant(int32_t cp)
{
    switch (cp) {
    case 0x3001: /* 、 */ return '.';
    case 0x3014: /* 〔 */ return '(';
    case 0x3015: /* 〕 */ return ')';
    case 0x201C: case 0x201D: case 0x2018: case 0x2019:
    case 0x300C: case 0x300D: case 0x300E: case 0x300F: case '\'':
        return '"';
    case 0x2014: case 0x2013: case 0x2015: case 0x2212: case 0x2500: case 0x2010: case 0x2011:
        return '-';
    default:
        return cp;
    }
}

/* NFKC of one code point, without allocating. Writes up to 8 code points to out; returns the count. */
static int nfkc_char(int32_t cp, int32_t out[8])
{
    if (cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF)) {
        out[0] = cp;
        return 1;
    }
    int last_boundclass = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, out, 8, UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE, &last_boundclass);
    if (n <= 0 || n > 8) {
        out[0] = cp;
        return 1;
    }
    if (n > 1) {
        utf8proc_ssize_t m = utf8proc_normalize_utf32(out, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
        if (m > 0) n = m;
    }
    return (int)n;
}

/* Folds of the BMP that map to zero or one code point, computed per block of 256 code points on first use:
 * FOLD_NONE marks a code point that folds to more than one (looked up each time), FOLD_DROPPED one that
 * disappears. Blocks are published with atomics under a lock, so threads may share them. */
#define FOLD_NONE (-1)
#define FOLD_DROPPED (-2)
static int32_t *fold_blocks[256];
static pthread_mutex_t fold_blocks_lock = PTHREAD_MUTEX_INITIALIZER;

static int fold_char_uncached(int32_t cp, int32_t out[8]);

static const int32_t *fold_block(int32_t cp)
{
    int index = cp >> 8;
    int32_t *block = __atomic_load_n(&fold_blocks[index], __ATOMIC_ACQUIRE);
    if (block) return block;
    pthread_mutex_lock(&fold_blocks_lock);
    block = fold_blocks[index];
    if (!block && (block = malloc(256 * sizeof *block)) != NULL) {
        for (int k = 0; k < 256; k++) {
            int32_t c = (index << 8) | k, out[8];
            int n = (c >= 0xD800 && c <= 0xDFFF) ? -1 : fold_char_uncached(c, out);
            block[k] = n == 1 ? out[0] : n == 0 ? FOLD_DROPPED : FOLD_NONE;
        }
        __atomic_store_n(&fold_blocks[index], block, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&fold_blocks_lock);
    return block;
}

int text_fold_char(int32_t cp, int32_t out[8])
{
    if (cp < 0) cp = 0xFFFD;
    if (cp < 0x80 && cp > ' ' && cp != '\'') {
        out[0] = cp;
        return 1;
    }
    if (cp >= 0x4E00 && cp <= 0x9FFF) {
        out[0] = cp;
        return 1;
    }
    if (cp < 0x10000) {
        const int32_t *block = fold_block(cp);
        if (block && block[cp & 0xFF] != FOLD_NONE) {
            if (block[cp & 0xFF] == FOLD_DROPPED) return 0;
            out[0] = block[cp & 0xFF];
            return 1;
        }
    }
    return fold_char_uncached(cp, out);
}

static int fold_char_uncached(int32_t cp, int32_t out[8])
{
    if (cp < 0x80 && cp > ' ' && cp != '\'') {
        out[0] = cp;
        return 1;
    }
    int32_t mapped[8];
    int count = nfkc_char(cp, mapped), n = 0;
    for (int k = 0; k < count; k++) {
        int32_t m = mapped[k];
        if (m == 0xAD) continue; /* soft hyphen */
        out[n++] = text_is_space(m) ? ' ' : fold_variant(m);
    }
    return n;
}

void text_normalize(const char *s, size_t len, buf *out, enum space_mode mode)
{
    bool pending_space = false, pending_newline = false;
    size_t i = 0;
    buf_reserve(out, len);
    while (i < len) {
        int32_t cp;
        unsigned char c = (unsigned char)s[i];
        int n;
        if (c < 0x80) { cp = c; n = 1; }
        else n = utf8_decode(s + i, len - i, &cp);
        i += (size_t)n;
        if (text_is_space(cp)) {
            if (mode == SPACES_KEEP_LINES && cp == '\n') pending_newline = true;
            else if (mode != SPACES_DROP) pending_space = true;
            continue;
        }
        int32_t folded[8];
        int count = text_fold_char(cp, folded);
        for (int k = 0; k < count; k++) {
            int32_t m = folded[k];
            if (m == ' ') {
                if (mode != SPACES_DROP) pending_space = true;
                continue;
            }
            if (pending_newline) {
                if (out->len) buf_putc(out, '\n');
            } else if (pending_space && out->len && out->data[out->len - 1] != '\n') {
                buf_putc(out, ' ');
            }
            pending_space = pending_newline = false;
            if (m < 0x80) {
                buf_putc(out, (char)m);
            } else {
                char enc[4];
                buf_append(out, enc, (size_t)utf8_encode(m, enc));
            }
        }
    }
    if (!out->data) buf_reserve(out, 0);
}

char *text_normalized(const char *s)
{
    buf b = BUF_INIT;
    text_normalize(s, strlen(s), &b, SPACES_DROP);
    return buf_detach(&b);
}

const char *text_trim(const char *s, size_t *len)
{
    size_t start = 0, end = *len;
    while (start < end) {
        int32_t cp;
        int n = utf8_decode(s + start, end - start, &cp);
        if (!text_is_space(cp)) break;
        start += (size_t)n;
    }
    while (end > start) {
        size_t k = end - 1;
        while (k > start && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
        int32_t cp;
        utf8_decode(s + k, end - k, &cp);
        if (!text_is_space(cp)) break;
        end = k;
    }
    *len = end - start;
    return s + start;
}

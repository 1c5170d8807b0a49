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

/* The DFA over s[start..len), where start is the first byte of a character and s[0..start) is known valid. */
static bool validate_dfa_from(const char *s, size_t len, size_t start, size_t *bad_offset)
{
    const unsigned char *u = (const unsigned char *)s;
    uint64_t state = U8_ACCEPT;
    size_t i = start;
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
    if (bad_offset) *bad_offset = start + first_invalid_byte(s + start, len - start);
    return false;
}

/* Where the DFA resumes after a SIMD pass found s[0..end) free of errors: the start of the last character begun in
 * the three bytes before end (it may run on past end, unchecked), or end itself. Every earlier character is whole:
 * a non-continuation byte checked by the pass proves the character before it complete. */
static size_t last_character_start(const unsigned char *u, size_t end)
{
    for (size_t back = 1; back <= 3 && back <= end; back++)
        if ((u[end - back] & 0xC0) != 0x80) return end - back;
    return end;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TEXT_X86_SIMD 1
#include <immintrin.h>

/* SIMD validation by lookup tables (Keiser & Lemire, "Validating UTF-8 In Less Than One Instruction Per Byte", 2021).
 * Every error of UTF-8 but one shows in a pair of adjacent bytes, and is decided by three nibbles: the high and low
 * nibble of the first byte and the high nibble of the second. Each nibble looks up a byte whose bits are the error
 * kinds that nibble allows; a pair is bad when one bit survives the AND of its three lookups. The remaining error —
 * the count of continuation bytes — is the TWO_CONTINUATIONS bit: a continuation after a continuation is right
 * exactly when the byte two back is a three- or four-byte lead (E0–FF) or the byte three back a four-byte one
 * (F0–FF), so that bit is XORed with that condition. */
enum {
    U8E_TOO_SHORT = 1 << 0,         /* a lead byte (C0–FF) then no continuation */
    U8E_TOO_LONG = 1 << 1,          /* ASCII then a continuation */
    U8E_OVERLONG_3 = 1 << 2,        /* E0 80–9F */
    U8E_TOO_LARGE = 1 << 3,         /* F4 90–BF, F5–FF 90–BF: past U+10FFFF */
    U8E_SURROGATE = 1 << 4,         /* ED A0–BF */
    U8E_OVERLONG_2 = 1 << 5,        /* C0–C1 then a continuation */
    U8E_TOO_LARGE_1000 = 1 << 6,    /* F5–FF 80–8F */
    U8E_OVERLONG_4 = 1 << 6,        /* F0 80–8F (shares the bit: both are an F lead then 8x) */
    U8E_TWO_CONTINUATIONS = 1 << 7, /* a continuation then a continuation: right only inside a 3- or 4-byte form */
    /* the kinds decided by the high nibbles alone: every low nibble of the first byte allows them */
    U8E_ANY_LOW_NIBBLE = U8E_TOO_SHORT | U8E_TOO_LONG | U8E_TWO_CONTINUATIONS
};

static const uint8_t FIRST_BYTE_HIGH_NIBBLE[16] = {
    [0x0 ... 0x7] = U8E_TOO_LONG,
    [0x8 ... 0xB] = U8E_TWO_CONTINUATIONS,
    [0xC] = U8E_TOO_SHORT | U8E_OVERLONG_2,
    [0xD] = U8E_TOO_SHORT,
    [0xE] = U8E_TOO_SHORT | U8E_OVERLONG_3 | U8E_SURROGATE,
    [0xF] = U8E_TOO_SHORT | U8E_TOO_LARGE | U8E_TOO_LARGE_1000 | U8E_OVERLONG_4,
};
static const uint8_t FIRST_BYTE_LOW_NIBBLE[16] = {
    [0x0] = U8E_ANY_LOW_NIBBLE | U8E_OVERLONG_2 | U8E_OVERLONG_3 | U8E_OVERLONG_4, /* C0 E0 F0 */
    [0x1] = U8E_ANY_LOW_NIBBLE | U8E_OVERLONG_2,                                   /* C1 */
    [0x2 ... 0x3] = U8E_ANY_LOW_NIBBLE,
    [0x4] = U8E_ANY_LOW_NIBBLE | U8E_TOO_LARGE,                                    /* F4 */
    [0x5 ... 0xC] = U8E_ANY_LOW_NIBBLE | U8E_TOO_LARGE | U8E_TOO_LARGE_1000,       /* F5–FC */
    [0xD] = U8E_ANY_LOW_NIBBLE | U8E_TOO_LARGE | U8E_TOO_LARGE_1000 | U8E_SURROGATE, /* ED FD */
    [0xE ... 0xF] = U8E_ANY_LOW_NIBBLE | U8E_TOO_LARGE | U8E_TOO_LARGE_1000,       /* FE FF */
};
static const uint8_t SECOND_BYTE_HIGH_NIBBLE[16] = {
    [0x0 ... 0x7] = U8E_TOO_SHORT,
    [0x8] = U8E_TOO_LONG | U8E_TWO_CONTINUATIONS | U8E_OVERLONG_2 | U8E_OVERLONG_3 | U8E_OVERLONG_4
            | U8E_TOO_LARGE_1000,
    [0x9] = U8E_TOO_LONG | U8E_TWO_CONTINUATIONS | U8E_OVERLONG_2 | U8E_OVERLONG_3 | U8E_TOO_LARGE,
    [0xA ... 0xB] = U8E_TOO_LONG | U8E_TWO_CONTINUATIONS | U8E_OVERLONG_2 | U8E_SURROGATE | U8E_TOO_LARGE,
    [0xC ... 0xF] = U8E_TOO_SHORT,
};

/* Subtracting these with unsigned saturation leaves the top bit set exactly for bytes >= E0 (resp. >= F0). */
#define U8_THREE_BYTE_LEAD_BIAS (0xE0 - 0x80)
#define U8_FOUR_BYTE_LEAD_BIAS (0xF0 - 0x80)

/* A 16-entry table in a register, for _mm_shuffle_epi8 to look up. */
__attribute__((target("ssse3"))) static inline __m128i ssse3_table(const uint8_t table[16])
{
    return _mm_loadu_si128((const __m128i *)table);
}

/* The error bits of the 16 bytes of `input`, `previous` being the 16 bytes before them (zero at the start). */
__attribute__((target("ssse3"))) static inline __m128i ssse3_block_errors(__m128i input, __m128i previous)
{
    const __m128i nibble = _mm_set1_epi8(0x0F);
    __m128i prev1 = _mm_alignr_epi8(input, previous, 15), prev2 = _mm_alignr_epi8(input, previous, 14),
            prev3 = _mm_alignr_epi8(input, previous, 13);
    __m128i first_high = _mm_shuffle_epi8(ssse3_table(FIRST_BYTE_HIGH_NIBBLE),
                                          _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble));
    __m128i first_low = _mm_shuffle_epi8(ssse3_table(FIRST_BYTE_LOW_NIBBLE),
                                         _mm_and_si128(prev1, nibble));
    __m128i second_high = _mm_shuffle_epi8(ssse3_table(SECOND_BYTE_HIGH_NIBBLE),
                                           _mm_and_si128(_mm_srli_epi16(input, 4), nibble));
    __m128i pair_errors = _mm_and_si128(_mm_and_si128(first_high, first_low), second_high);
    __m128i after_long_lead = _mm_or_si128(_mm_subs_epu8(prev2, _mm_set1_epi8(U8_THREE_BYTE_LEAD_BIAS)),
                                           _mm_subs_epu8(prev3, _mm_set1_epi8(U8_FOUR_BYTE_LEAD_BIAS)));
    return _mm_xor_si128(pair_errors, _mm_and_si128(after_long_lead, _mm_set1_epi8((char)0x80)));
}

/* Checks 16-byte blocks from the start while they are free of errors; returns where the DFA takes over. */
__attribute__((target("ssse3"))) static size_t ssse3_valid_prefix(const unsigned char *u, size_t len)
{
    __m128i previous = _mm_setzero_si128();
    size_t i = 0, blocks_end = len - len % 16;
    for (; i < blocks_end; i += 16) {
        __m128i input = _mm_loadu_si128((const __m128i *)(u + i));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(ssse3_block_errors(input, previous), _mm_setzero_si128())) != 0xFFFF)
            break;
        previous = input;
    }
    return last_character_start(u, i);
}

/* A 16-entry table in both lanes, for _mm256_shuffle_epi8 (which looks up within each lane). */
__attribute__((target("avx2"))) static inline __m256i avx2_table(const uint8_t table[16])
{
    return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)table));
}

/* The byte constants of the AVX2 check, built once per call. */
struct avx2_constants {
    __m256i first_high, first_low, second_high; /* the three tables */
    __m256i nibble, three_byte_lead_bias, four_byte_lead_bias, top_bit;
};

/* Hides a value's origin from the optimiser: GCC 12 otherwise builds the lead biases anew (three instructions each)
 * for every block instead of keeping them in a register. */
__attribute__((target("avx2"))) static inline __m256i avx2_opaque(__m256i value)
{
    __asm__("" : "+x"(value));
    return value;
}

__attribute__((target("avx2"))) static inline struct avx2_constants avx2_constants(void)
{
    return (struct avx2_constants){
        .first_high = avx2_table(FIRST_BYTE_HIGH_NIBBLE),
        .first_low = avx2_table(FIRST_BYTE_LOW_NIBBLE),
        .second_high = avx2_table(SECOND_BYTE_HIGH_NIBBLE),
        .nibble = _mm256_set1_epi8(0x0F),
        .three_byte_lead_bias = avx2_opaque(_mm256_set1_epi8(U8_THREE_BYTE_LEAD_BIAS)),
        .four_byte_lead_bias = avx2_opaque(_mm256_set1_epi8(U8_FOUR_BYTE_LEAD_BIAS)),
        .top_bit = _mm256_set1_epi8((char)0x80),
    };
}

/* The AVX2 form of ssse3_block_errors on 32 bytes. Shuffles and byte shifts work within each 16-byte lane, so the
 * bytes before each lane are first gathered into one register: the upper lane of `previous` and the lower of
 * `input`. */
__attribute__((target("avx2"))) static inline __m256i avx2_block_errors(__m256i input, __m256i previous,
                                                                          const struct avx2_constants *k)
{
    __m256i before_lanes = _mm256_permute2x128_si256(previous, input, 0x21);
    __m256i prev1 = _mm256_alignr_epi8(input, before_lanes, 15), prev2 = _mm256_alignr_epi8(input, before_lanes, 14),
            prev3 = _mm256_alignr_epi8(input, before_lanes, 13);
    __m256i first_high = _mm256_shuffle_epi8(k->first_high,
                                             _mm256_and_si256(_mm256_srli_epi16(prev1, 4), k->nibble));
    __m256i first_low = _mm256_shuffle_epi8(k->first_low, _mm256_and_si256(prev1, k->nibble));
    __m256i second_high = _mm256_shuffle_epi8(k->second_high,
                                              _mm256_and_si256(_mm256_srli_epi16(input, 4), k->nibble));
    __m256i pair_errors = _mm256_and_si256(_mm256_and_si256(first_high, first_low), second_high);
    __m256i after_long_lead = _mm256_or_si256(_mm256_subs_epu8(prev2, k->three_byte_lead_bias),
                                              _mm256_subs_epu8(prev3, k->four_byte_lead_bias));
    return _mm256_xor_si256(pair_errors, _mm256_and_si256(after_long_lead, k->top_bit));
}

/* Checks 32-byte blocks from the start while they are free of errors; returns where the DFA takes over. */
__attribute__((target("avx2"))) static size_t avx2_valid_prefix(const unsigned char *u, size_t len)
{
    const struct avx2_constants k = avx2_constants();
    __m256i previous = _mm256_setzero_si256();
    size_t i = 0, blocks_end = len - len % 32;
    for (; i < blocks_end; i += 32) {
        __m256i input = _mm256_loadu_si256((const __m256i *)(u + i));
        __m256i errors = avx2_block_errors(input, previous, &k);
        if (!_mm256_testz_si256(errors, errors)) break;
        previous = input;
    }
    return last_character_start(u, i);
}
#endif

bool utf8_engine_supported(enum utf8_engine engine)
{
    switch (engine) {
    case UTF8_ENGINE_PORTABLE: return true;
#ifdef TEXT_X86_SIMD
    case UTF8_ENGINE_SSSE3: return __builtin_cpu_supports("ssse3");
    case UTF8_ENGINE_AVX2: return __builtin_cpu_supports("avx2");
#endif
    default: return false;
    }
}

/* How much of s a SIMD engine proves valid before the DFA takes over (0 for the portable engine). */
static size_t simd_valid_prefix(enum utf8_engine engine, const unsigned char *u, size_t len)
{
#ifdef TEXT_X86_SIMD
    if (engine == UTF8_ENGINE_AVX2) return avx2_valid_prefix(u, len);
    if (engine == UTF8_ENGINE_SSSE3) return ssse3_valid_prefix(u, len);
#endif
    return 0;
}

bool utf8_validate_with(enum utf8_engine engine, const char *s, size_t len, size_t *bad_offset)
{
    if (!utf8_engine_supported(engine)) engine = UTF8_ENGINE_PORTABLE;
    return validate_dfa_from(s, len, simd_valid_prefix(engine, (const unsigned char *)s, len), bad_offset);
}

/* A SIMD pass proves a prefix valid and stops at the first block with an error, or after the last whole block; the
 * DFA takes over from the start of the last character before that point, so the rest — the tail, or the exact
 * first bad byte — is the DFA's answer, as without SIMD. Strings shorter than a block skip the CPU check. */
bool utf8_validate(const char *s, size_t len, size_t *bad_offset)
{
    enum utf8_engine engine = UTF8_ENGINE_PORTABLE;
    if (len >= 16) {
        if (utf8_engine_supported(UTF8_ENGINE_AVX2)) engine = UTF8_ENGINE_AVX2;
        else if (utf8_engine_supported(UTF8_ENGINE_SSSE3)) engine = UTF8_ENGINE_SSSE3;
    }
    return validate_dfa_from(s, len, simd_valid_prefix(engine, (const unsigned char *)s, len), bad_offset);
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

/* test_text: normalisation (NFKC, spaces, bracket/enumerator/quote/dash variants), encoding repair, and how the
 * item stream cuts printed pieces (glued digits, enumerators, units, placeholders). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "import/items.h"
#include "import/pipeline.h"
#include "util/text.h"

static void assert_normalized(const char *in, const char *expected)
{
    char *got = text_normalized(in);
    assert_string_equal(got, expected);
    free(got);
}

static void test_normalize_variants(void **state)
{
    (void)state;
    assert_normalized("（七）总计", "(七)总计");
    assert_normalized("1、申请人", "1.申请人");
    assert_normalized("社会公益\u3000组织", "社会公益组织");
    assert_normalized("0\u00a0", "0");
    assert_normalized("危及“三安全一稳定”", "危及\"三安全一稳定\"");
    assert_normalized("〔2021〕", "(2021)");
    assert_normalized("—", "-");
    assert_normalized("－", "-");
    assert_normalized("３，４７０", "3,470");
    assert_normalized("a\u200bb", "ab");
}

static void test_normalize_collapse(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    text_normalize("  3001 \t  53\n 0 ", strlen("  3001 \t  53\n 0 "), &b, SPACES_COLLAPSE);
    assert_string_equal(buf_cstr(&b), "3001 53 0");
    buf_clear(&b);
    text_normalize("a \n b", 5, &b, SPACES_KEEP_LINES);
    assert_string_equal(buf_cstr(&b), "a\nb");
    buf_free(&b);
}

static void test_utf8_validation_and_gb18030(void **state)
{
    (void)state;
    size_t bad = 0;
    assert_true(utf8_validate("政府", strlen("政府"), &bad));
    assert_false(utf8_validate("ab\xff", 3, &bad));
    assert_int_equal(bad, 2);
    /* "政府" in GB18030 */
    const char gb[] = "\xd5\xfe\xb8\xae";
    buf out = BUF_INIT;
    bool was_gb = false;
    assert_int_equal(text_to_utf8(gb, 4, &out, &bad, &was_gb), 0);
    assert_true(was_gb);
    assert_string_equal(buf_cstr(&out), "政府");
    buf_free(&out);
    buf bom = BUF_INIT;
    assert_int_equal(text_to_utf8("\xEF\xBB\xBFok", 5, &bom, &bad, &was_gb), 0);
    assert_string_equal(buf_cstr(&bom), "ok");
    buf_free(&bom);
}

/* The reference: a byte string is valid UTF-8 exactly when utf8proc decodes it whole (shortest forms, no
 * surrogates, nothing past U+10FFFF); the first byte it fails on is the bad offset. */
static bool reference_valid(const unsigned char *s, size_t len, size_t *bad)
{
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) { *bad = i; return false; }
        i += (size_t)n;
    }
    return true;
}

static const enum utf8_engine ENGINES[] = {UTF8_ENGINE_PORTABLE, UTF8_ENGINE_SSSE3, UTF8_ENGINE_AVX2};
static const char *const ENGINE_NAMES[] = {"portable", "SSSE3", "AVX2"};
#define ENGINE_COUNT (sizeof ENGINES / sizeof ENGINES[0])

/* Checks one string with every engine this CPU has (and with utf8_validate) against the utf8proc reference. */
static void assert_validates_like_utf8proc(const char *s, size_t len)
{
    size_t want_bad = 99;
    bool want = reference_valid((const unsigned char *)s, len, &want_bad);
    for (size_t e = 0; e <= ENGINE_COUNT; e++) {
        size_t bad = 99;
        bool got = e < ENGINE_COUNT ? utf8_validate_with(ENGINES[e], s, len, &bad) : utf8_validate(s, len, &bad);
        if (got != want || (!want && bad != want_bad))
            fail_msg("%s: %zu bytes, valid %d (want %d), bad offset %zu (want %zu)",
                     e < ENGINE_COUNT ? ENGINE_NAMES[e] : "utf8_validate", len, got, want, bad, want_bad);
    }
}

static void test_utf8_engines_available(void **state)
{
    (void)state;
    assert_true(utf8_engine_supported(UTF8_ENGINE_PORTABLE));
#if defined(__x86_64__)
    /* every x86-64 machine this runs on has SSSE3; say which engines the SIMD tests below really exercised */
    assert_true(utf8_engine_supported(UTF8_ENGINE_SSSE3));
    print_message("AVX2 engine %s\n", utf8_engine_supported(UTF8_ENGINE_AVX2) ? "tested" : "not on this CPU");
#endif
}

/* the edges of every sequence length, overlong forms, surrogates and past U+10FFFF */
static const char *const UTF8_EDGES[] = {"\xC2\x80", "\xC1\xBF", "\xDF\xBF", "\xE0\xA0\x80", "\xE0\x9F\xBF",
    "\xED\x9F\xBF", "\xED\xA0\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF0\x8F\xBF\xBF",
    "\xF4\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xE4\xB8", "\x80", "abc\xE6\x94\xBF",
    "\xC0\x80", "\xC0\xAF", "\xE0\x80\xAF", "\xF0\x80\x80\xAF", "\xED\xBF\xBF", "\xEE\x80\x80", "\xF4\x80\x80\x80",
    "\xF7\xBF\xBF\xBF", "\xF8\x88\x80\x80\x80", "\xFE", "\xFF", "\xE6\x94\xBF\xBF", "\xF0\x9F\x98\x80\x80",
    "\xF1\x80\x80", "\xF3\xBF\xBF\xBF", "\xC2\xC2\x80", "\xE6\xE6\x94\xBF"};

static void test_utf8_validation_matches_utf8proc(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof UTF8_EDGES / sizeof UTF8_EDGES[0]; i++)
        assert_validates_like_utf8proc(UTF8_EDGES[i], strlen(UTF8_EDGES[i]));
    /* random mixtures of ASCII, CJK, other sequences and stray bytes, at every alignment */
    static const char *const parts[] = {"a", " ", "12", "政", "府", "（", "\xC2\xA0", "\xF0\x9F\x98\x80",
                                        "\xE3\x80\x80", "\xFF", "\x80", "\xE6\x94", "\xED\xA0\x80"};
    unsigned seed = 12345;
    char text[200];
    for (int round = 0; round < 20000; round++) {
        size_t len = 0;
        int count = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 40;
        for (int k = 0; k < count; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t kinds = sizeof parts / sizeof parts[0];
            size_t pick = (seed >> 16) % (round % 3 ? kinds - 4 : kinds); /* two rounds in three stay valid */
            size_t n = strlen(parts[pick]);
            if (len + n > sizeof text) break;
            memcpy(text + len, parts[pick], n);
            len += n;
        }
        assert_validates_like_utf8proc(text, len);
    }
}

/* Fills text[0..len) with valid characters of 1 to 4 bytes (kind picks the mix), cut off cleanly at len. */
static void fill_valid(char *text, size_t len, int kind)
{
    static const char *const fillers[] = {"a", "政", "\xC2\xA0", "\xF0\x9F\x98\x80"};
    size_t i = 0, k = 0;
    while (i < len) {
        const char *f = fillers[kind < 4 ? (size_t)kind : (k++ * 7 + (size_t)kind) % 4];
        size_t n = strlen(f);
        if (i + n > len) f = "a", n = 1;
        memcpy(text + i, f, n);
        i += n;
    }
}

/* Every edge sequence, and every valid sequence cut short, at every position across the 16- and 32-byte block
 * boundaries, amid ASCII, CJK and mixed text, with the string ending right after it or a block or two later (so
 * errors land in whole blocks and in the last partial one). */
static void test_utf8_sequences_at_every_block_position(void **state)
{
    (void)state;
    static const char *const whole[] = {"\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xE6\x94\xBF", "\xEF\xBF\xBF",
                                        "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\xF3\xBF\xBF\xBF"};
    char text[160], seq[8];
    for (size_t e = 0; e < sizeof UTF8_EDGES / sizeof UTF8_EDGES[0] + 3 * (sizeof whole / sizeof whole[0]); e++) {
        size_t seq_len;
        if (e < sizeof UTF8_EDGES / sizeof UTF8_EDGES[0]) {
            seq_len = strlen(UTF8_EDGES[e]);
            memcpy(seq, UTF8_EDGES[e], seq_len);
        } else { /* a valid sequence without its last one, two or three bytes */
            size_t w = (e - sizeof UTF8_EDGES / sizeof UTF8_EDGES[0]) / 3, cut = 1 + (e % 3);
            seq_len = strlen(whole[w]);
            if (cut >= seq_len) continue;
            seq_len -= cut;
            memcpy(seq, whole[w], seq_len);
        }
        for (int kind = 0; kind < 5; kind++)
            for (size_t pos = 0; pos <= 70; pos++)
                for (size_t after = 0; after <= 40; after += (after < 4 ? 1 : 9)) {
                    size_t len = pos + seq_len + after;
                    fill_valid(text, pos, kind);
                    memcpy(text + pos, seq, seq_len);
                    fill_valid(text + pos + seq_len, after, kind);
                    assert_validates_like_utf8proc(text, len);
                }
    }
}

/* Every lead byte with every pair of interesting following bytes, straddling a block boundary in turn. */
static void test_utf8_every_lead_and_followers(void **state)
{
    (void)state;
    static const unsigned char followers[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0,
                                              0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
    const size_t nf = sizeof followers;
    char text[80];
    size_t round = 0;
    for (int lead = 0; lead < 256; lead++)
        for (size_t a = 0; a < nf; a++)
            for (size_t b = 0; b < nf; b++)
                for (size_t c = 0; c < nf; c += 3, round++) {
                    size_t pos = 10 + round % 27; /* the four bytes start from 10 to 36: across 16 and 32 */
                    fill_valid(text, sizeof text, 1);
                    memset(text + pos, 'x', 4);
                    text[pos] = (char)lead;
                    text[pos + 1] = (char)followers[a];
                    text[pos + 2] = (char)followers[b];
                    text[pos + 3] = (char)followers[c];
                    assert_validates_like_utf8proc(text, pos + 4 + round % 41);
                }
}

/* Long valid text with one byte changed at each place in turn. */
static void test_utf8_single_byte_damage(void **state)
{
    (void)state;
    char text[700];
    fill_valid(text, sizeof text, 9);
    memcpy(text + 100, "本年新收政府信息公开申请数量 35 件", strlen("本年新收政府信息公开申请数量 35 件"));
    assert_validates_like_utf8proc(text, sizeof text);
    static const unsigned char damage[] = {0x20, 0x80, 0xA0, 0xBF, 0xC0, 0xC3, 0xE0, 0xED, 0xF0, 0xF4, 0xF8, 0xFF};
    for (size_t at = 0; at < sizeof text; at++)
        for (size_t d = 0; d < sizeof damage; d++) {
            char saved = text[at];
            text[at] = (char)damage[d];
            assert_validates_like_utf8proc(text, sizeof text - at % 5);
            text[at] = saved;
        }
}

/* Every corpus report is valid whole, and its first bad byte is found after damage spread through it. */
static void test_utf8_corpus_reports(void **state)
{
    (void)state;
    const char *dir = test_corpus_dir();
    if (!dir) skip();
    static const char *const names[] = {"001_kuancheng-xianzhengfuban_2023.txt", "002_huaian-shizhengfu_2024.txt",
                                        "005_shanghai-shizhengfubangongting_2019.txt"};
    for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[f]);
        size_t len = 0;
        char *text = test_read_file(path, &len);
        assert_true(len > 5000);
        assert_validates_like_utf8proc(text, len);
        for (size_t at = 0; at < len; at += 61) {
            char saved = text[at];
            text[at] = (char)(at % 2 ? 0xBF : 0xE6);
            assert_validates_like_utf8proc(text, len);
            text[at] = saved;
        }
        free(text);
    }
}

static void test_utf8_encode_matches_utf8proc(void **state)
{
    (void)state;
    for (int32_t cp = 0; cp <= 0x10FFFF; cp++) {
        char ours[4], theirs[4];
        int n = utf8_encode(cp, ours);
        assert_int_equal(n, (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)theirs));
        assert_memory_equal(ours, theirs, (size_t)n);
    }
}

/* The kinds and normalised texts of the items cut from one piece, as "T:text N:123 B:" joined by spaces. */
static char *cut(const char *piece)
{
    item_stream s;
    items_init(&s, piece);
    items_add_piece(&s, piece, strlen(piece), 1, true, true);
    buf out = BUF_INIT;
    for (size_t i = 0; i < s.count; i++) {
        if (i) buf_putc(&out, ' ');
        buf_printf(&out, "%c:%s", "TNB"[s.items[i].kind], item_norm(&s, &s.items[i]));
    }
    items_free(&s);
    return buf_detach(&out);
}

static void assert_cut(const char *piece, const char *expected)
{
    char *got = cut(piece);
    assert_string_equal(got, expected);
    free(got);
}

static void test_items_cut_pieces(void **state)
{
    (void)state;
    assert_cut("一、本年新收政府信息公开申请数量640020470", "T:一.本年新收政府信息公开申请数量 N:640020470");
    assert_cut("00000002.其他法律行政法规禁止公开", "N:0000000 T:2.其他法律行政法规禁止公开");
    assert_cut("1.属于国家秘密", "T:1.属于国家秘密");
    assert_cut("3、其他", "T:3.其他");
    assert_cut("96171.6", "N:96171.6");
    assert_cut("251000元", "N:251000元");
    assert_cut("3,470", "N:3,470");
    assert_cut("-3", "N:-3");
    assert_cut("/", "B:/");
    assert_cut("—", "B:-");
    assert_cut("（七）总计23", "T:(七)总计 N:23");
    assert_cut("政府集中采购13575394432.52元", "T:政府集中采购 N:13575394432.52元");
}

static void test_items_keep_source_spans(void **state)
{
    (void)state;
    const char *piece = "（七）总计２３";
    item_stream s;
    items_init(&s, piece);
    items_add_piece(&s, piece, strlen(piece), 1, true, true);
    assert_int_equal(s.count, 2);
    assert_int_equal(s.items[1].kind, ITEM_NUMBER);
    assert_string_equal(item_norm(&s, &s.items[1]), "23");
    assert_memory_equal(item_source_text(&s, &s.items[1]), "２３", s.items[1].src_len);
    assert_memory_equal(item_source_text(&s, &s.items[0]), "（七）总计", s.items[0].src_len);
    items_free(&s);
}

static size_t count_kind(const item_stream *s, enum item_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < s->count; i++) n += s->items[i].kind == kind;
    return n;
}

static void test_layout_blank_lines(void **state)
{
    (void)state;
    /* One cell per line, single spaced: an empty line is a blank cell. */
    buf text = BUF_INIT;
    for (int i = 0; i < 12; i++) buf_printf(&text, "标签%d\n%d\n\n%d\n", i, i, i);
    item_stream s;
    items_init(&s, text.data);
    text_layout_to_items(text.data, text.len, &s);
    assert_int_equal(count_kind(&s, ITEM_BLANK), 12);
    items_free(&s);
    /* Double spaced: single empty lines are spacing, three make one blank cell. */
    buf spaced = BUF_INIT;
    for (int i = 0; i < 12; i++) buf_printf(&spaced, "标签%d\n\n%d\n\n\n\n%d\n\n", i, i, i);
    items_init(&s, spaced.data);
    text_layout_to_items(spaced.data, spaced.len, &s);
    assert_int_equal(count_kind(&s, ITEM_BLANK), 12);
    items_free(&s);
    buf_free(&text);
    buf_free(&spaced);
}

static void test_layout_drops_page_footers(void **state)
{
    (void)state;
    const char *text = "行政许可  447228\n                -3-\n第 4 页\n行政处罚  12\n";
    item_stream s;
    items_init(&s, text);
    text_layout_to_items(text, strlen(text), &s);
    assert_int_equal(count_kind(&s, ITEM_NUMBER), 2);
    items_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_variants),
        cmocka_unit_test(test_normalize_collapse),
        cmocka_unit_test(test_utf8_validation_and_gb18030),
        cmocka_unit_test(test_utf8_engines_available),
        cmocka_unit_test(test_utf8_validation_matches_utf8proc),
        cmocka_unit_test(test_utf8_sequences_at_every_block_position),
        cmocka_unit_test(test_utf8_every_lead_and_followers),
        cmocka_unit_test(test_utf8_single_byte_damage),
        cmocka_unit_test(test_utf8_corpus_reports),
        cmocka_unit_test(test_utf8_encode_matches_utf8proc),
        cmocka_unit_test(test_items_cut_pieces),
        cmocka_unit_test(test_items_keep_source_spans),
        cmocka_unit_test(test_layout_blank_lines),
        cmocka_unit_test(test_layout_drops_page_footers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

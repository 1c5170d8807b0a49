/* test_byte_scan: each sixteen-bytes-at-a-time search of import/byte_scan.h gives the same answer as its
 * byte-wise twin, from every start offset, over random mixtures of the bytes that matter (ASCII, spaces, line
 * breaks, digits and signs, CJK ideographs, punctuation, full-width forms, stray and truncated sequences), so the
 * answer falls at every position of a block and in the tail; and the pieces read off a text's bit maps are the
 * pieces the byte-wise definition cuts, line by line. */
#include <string.h>

#include "import/byte_scan.h"
#include "testutil.h"

static unsigned next_random(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 16;
}

/* Random text of up to `room` bytes; sparse > 0 makes most of it plain CJK and ASCII letters so that the searched
 * bytes are rare and the fast paths run over whole blocks. */
static size_t random_bytes(char *text, size_t room, unsigned *seed, unsigned sparse)
{
    static const char *const common[] = {"政", "府", "a", "Z", "信息"};
    static const char *const rare[] = {"0",  "9",  "+",  "-",  ",",  ".",  "'",  " ",  "\t", "\n", "\r", "\f",
                                       "\x7F", "\x01", "（", "、", "\xE3\x80\x80", "\xEF\xBB\xBF", "\xC2\xA0",
                                       "\xE2\x80\x83", "\xE2\x80", "\xF0\x9F\x98\x80", "\xFF", "\x80",
                                       "\xE6\x94", "\xE6", "\xED\xA0\x80"};
    size_t len = 0, target = next_random(seed) % room;
    while (len < target) {
        bool pick_rare = sparse == 0 || next_random(seed) % sparse == 0;
        const char *part = pick_rare ? rare[next_random(seed) % (sizeof rare / sizeof rare[0])]
                                     : common[next_random(seed) % (sizeof common / sizeof common[0])];
        size_t n = strlen(part);
        if (len + n > room) break;
        memcpy(text + len, part, n);
        len += n;
    }
    return len;
}

static void test_fast_searches_match_bytewise_twins(void **state)
{
    (void)state;
    unsigned seed = 4242;
    char text[200];
    for (int round = 0; round < 20000; round++) {
        size_t len = random_bytes(text, sizeof text, &seed, (unsigned)(round % 4) * 6);
        for (size_t from = 0; from <= len; from++) {
            assert_int_equal(scan_line_break(text, len, from), scan_line_break_portable(text, len, from));
            assert_int_equal(scan_piece_stop(text, len, from), scan_piece_stop_portable(text, len, from));
            assert_int_equal(scan_number_start(text, len, from), scan_number_start_portable(text, len, from));
            bool fast_numberish = false, slow_numberish = false;
            assert_int_equal(scan_unchanged(text, len, from, &fast_numberish),
                             scan_unchanged_portable(text, len, from, &slow_numberish));
            assert_int_equal(fast_numberish, slow_numberish);
        }
    }
}

/* scan_copy_unchanged takes scan_unchanged's run and copies exactly its bytes, whether the run ends inside a
 * block, in a block read in part (the last bytes) or runs on over whole blocks. */
static void test_copy_unchanged_matches_definition(void **state)
{
    (void)state;
    unsigned seed = 77;
    char text[200], fast[200 + 16], slow[200 + 16];
    for (int round = 0; round < 20000; round++) {
        size_t len = random_bytes(text, sizeof text, &seed, (unsigned)(round % 4) * 6);
        for (size_t from = 0; from <= len; from++) {
            bool fast_numberish = false, slow_numberish = false, plain_numberish = false;
            size_t run = scan_copy_unchanged(text, len, from, fast, &fast_numberish);
            assert_int_equal(run, scan_copy_unchanged_portable(text, len, from, slow, &slow_numberish));
            assert_int_equal(run, scan_unchanged_portable(text, len, from, &plain_numberish));
            assert_memory_equal(fast, text + from, run);
            assert_memory_equal(slow, text + from, run);
            assert_int_equal(fast_numberish, plain_numberish);
            assert_int_equal(slow_numberish, plain_numberish);
        }
    }
}

/* The sixteen-byte masks of a word against the byte-wise ones, for every length of a word. */
static void test_raw_masks_match_bytewise(void **state)
{
    (void)state;
    unsigned seed = 404;
    char text[200];
    for (int round = 0; round < 5000; round++) {
        size_t len = random_bytes(text, sizeof text, &seed, (unsigned)(round % 4) * 6);
        size_t at = len ? next_random(&seed) % len : 0, n = len - at < 64 ? len - at : 64;
        for (size_t k = 0; k <= n; k++) {
            scan_raw fast, slow;
            scan_raw_word(text + at, k, &fast);
            scan_raw_portable(text + at, k, &slow);
            assert_int_equal(fast.ascii, slow.ascii);
            assert_int_equal(fast.lead, slow.lead);
            assert_int_equal(fast.cont, slow.cont);
            assert_int_equal(fast.space, slow.space);
            assert_int_equal(fast.number, slow.number);
        }
    }
}

/* Pieces read off the maps of a whole text are scan_next_piece_flags' pieces of each line, piece after piece as
 * text_layout reads them, whatever the bytes (stray continuation bytes, truncated and invalid sequences, Unicode
 * spaces across word boundaries, ideographs across blocks and words). */
static void test_mapped_pieces_match_definition(void **state)
{
    (void)state;
    unsigned seed = 9001;
    char text[200];
    for (int round = 0; round < 20000; round++) {
        size_t len = random_bytes(text, sizeof text, &seed, (unsigned)(round % 4) * 6);
        scan_maps maps;
        scan_maps_build(text, len, &maps);
        for (size_t line = 0; line <= len;) {
            size_t end = scan_line_break(text, len, line);
            scan_piece fast, slow;
            for (size_t at = line;; at = fast.start + fast.len) {
                scan_mapped_piece(&maps, at, end, &fast);
                scan_next_piece_flags(text + line, end - line, at - line, &slow);
                if (slow.len == 0) {
                    assert_int_equal(fast.len, 0);
                    break;
                }
                assert_int_equal(fast.start, slow.start + line);
                assert_int_equal(fast.len, slow.len);
                assert_int_equal(fast.changed, slow.changed);
                assert_int_equal(fast.numberish, slow.numberish);
            }
            line = end + 1;
        }
        scan_maps_free(&maps);
    }
}

/* The maps are the same whichever engine finds the masks (byte by byte, SSE2, AVX2 where the CPU has it), for
 * texts of every length around the 64-byte words. */
static void test_map_engines_agree(void **state)
{
    (void)state;
    static const enum scan_engine engines[] = {SCAN_ENGINE_SSE2, SCAN_ENGINE_AVX2};
    unsigned seed = 123;
    char text[200];
    int compared = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = random_bytes(text, sizeof text, &seed, (unsigned)(round % 4) * 6);
        scan_maps plain;
        scan_maps_build_with(text, len, &plain, SCAN_ENGINE_PORTABLE);
        for (size_t e = 0; e < sizeof engines / sizeof engines[0]; e++) {
            if (!scan_engine_supported(engines[e])) continue;
            scan_maps fast;
            scan_maps_build_with(text, len, &fast, engines[e]);
            assert_int_equal(fast.words, plain.words);
            assert_memory_equal(fast.space, plain.space, plain.words * sizeof *plain.space);
            assert_memory_equal(fast.changed, plain.changed, plain.words * sizeof *plain.changed);
            assert_memory_equal(fast.number, plain.number, plain.words * sizeof *plain.number);
            scan_maps_free(&fast);
            compared++;
        }
        scan_maps_free(&plain);
    }
    assert_true(compared >= 20000); /* SSE2 at least */
}

/* The byte-wise twins against the definitions they stand for, on the bytes one at a time. */
static void test_twins_keep_their_definitions(void **state)
{
    (void)state;
    for (unsigned c = 0; c < 256; c++) {
        char one[1] = {(char)c};
        bool is_break = c == '\n' || c == '\r' || c == '\f';
        assert_int_equal(scan_line_break_portable(one, 1, 0), is_break ? 0 : 1);
        bool passes = (c >= 0x21 && c <= 0xBF) || (c >= 0xE4 && c <= 0xE9);
        assert_int_equal(scan_piece_stop_portable(one, 1, 0), passes ? 1 : 0);
        bool number = (c >= '0' && c <= '9') || c == '+' || c == '-';
        assert_int_equal(scan_number_start_portable(one, 1, 0), number ? 0 : 1);
        bool numberish = false;
        bool unchanged = c > ' ' && c < 0x80 && c != '\'';
        assert_int_equal(scan_unchanged_portable(one, 1, 0, &numberish), unchanged ? 1 : 0);
        assert_int_equal(numberish, unchanged && number);
    }
    /* an ideograph is taken whole, a truncated one or a lead outside E4–E9 is not */
    bool numberish = false;
    assert_int_equal(scan_unchanged_portable("政府", 6, 0, &numberish), 6);
    assert_int_equal(scan_unchanged_portable("政\xE6\x94", 5, 0, &numberish), 3);
    assert_int_equal(scan_unchanged_portable("政（", 6, 0, &numberish), 3);
    assert_false(numberish);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_searches_match_bytewise_twins),
        cmocka_unit_test(test_twins_keep_their_definitions),
        cmocka_unit_test(test_copy_unchanged_matches_definition),
        cmocka_unit_test(test_raw_masks_match_bytewise),
        cmocka_unit_test(test_mapped_pieces_match_definition),
        cmocka_unit_test(test_map_engines_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_byte_scan: each sixteen-bytes-at-a-time search of import/byte_scan.h gives the same answer as its
 * byte-wise twin, from every start offset, over random mixtures of the bytes that matter (ASCII, spaces, line
 * breaks, digits and signs, CJK ideographs, punctuation, full-width forms, stray and truncated sequences), so the
 * answer falls at every position of a block and in the tail. */
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
                                       "\xF0\x9F\x98\x80", "\xFF", "\x80", "\xE6\x94", "\xE6", "\xED\xA0\x80"};
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

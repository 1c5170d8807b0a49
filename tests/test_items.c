/* test_items: properties of the item stream that must hold whatever the piece, so that the fast paths of
 * items.c and text_layout.c (sixteen bytes at a time) agree with the plain definition at every block position:
 * the items of a piece tile its source in order, each item's normalised text is text_normalize of its source
 * span, their concatenation is the normalised piece, and a number item is a number. Pieces are random mixtures of
 * ASCII, CJK, punctuation, full-width forms, spaces and (for items_add_piece) invalid bytes, 0–120 bytes long. */
#include <stdlib.h>
#include <string.h>

#include "import/items.h"
#include "import/pipeline.h"
#include "testutil.h"
#include "util/text.h"

static unsigned next_random(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 16;
}

/* Fills text with a random mixture of parts (the last `invalid` parts are bytes that are no UTF-8); returns its
 * length. */
static size_t random_text(char *text, size_t room, unsigned *seed, bool with_invalid, bool with_spaces)
{
    static const char *const parts[] = {
        "政", "府", "信", "息", "公", "开", "申请", "数量", "a", "Z", "0", "7", "12", "3,470", "0.5", "-", "+", "/",
        ".", ",", "'", "（", "）", "、", "，", "：", "１", "２", "—", "－", "元", "万元", "第", "页", "\x7F", "\x01",
        "\xE3\x80\x81", "\xEF\xBC\x88", "\xE2\x80\x9C", "\xC2\xB7", "\xF0\x9F\x98\x80",
        /* spaces: */ " ", "\t", "\xE3\x80\x80", "\xC2\xA0", "\xE2\x80\x83",
        /* invalid: */ "\xFF", "\x80", "\xE6\x94", "\xED\xA0\x80"};
    const size_t spaces = 5, invalid = 4, all = sizeof parts / sizeof parts[0];
    size_t kinds = all - invalid - spaces, len = 0, count = next_random(seed) % 40;
    for (size_t k = 0; k < count; k++) {
        size_t pick = next_random(seed) % (kinds + (with_spaces ? spaces : 0));
        if (with_invalid && next_random(seed) % 8 == 0) pick = all - invalid + next_random(seed) % invalid;
        size_t n = strlen(parts[pick]);
        if (len + n + 1 > room) break;
        memcpy(text + len, parts[pick], n);
        len += n;
    }
    text[len] = '\0';
    return len;
}

/* A number item starts with a digit or a sign (a sign alone when the digit after it is an enumerator glued to
 * its label: "-7.其他" → number "-", text "7.其他"). */
static bool is_number_text(const char *s)
{
    if (*s == '-' || *s == '+') return true;
    return *s >= '0' && *s <= '9';
}

/* The items from `first` on tile source[from..to) in order, and each is the normalised form of its span. */
static void assert_items_tile(const item_stream *s, size_t first, const char *source, size_t from, size_t to)
{
    buf whole = BUF_INIT, part = BUF_INIT;
    text_normalize(source + from, to - from, &whole, SPACES_DROP);
    buf joined = BUF_INIT;
    size_t at = from;
    for (size_t k = first; k < s->count; k++) {
        const item *it = &s->items[k];
        const char *span = item_source_text(s, it);
        if (s->source) {
            assert_true((size_t)(span - source) >= at);
            at = (size_t)(span - source) + it->src_len;
            assert_true(at <= to);
        }
        buf_clear(&part);
        text_normalize(span, it->src_len, &part, SPACES_DROP);
        assert_string_equal(buf_cstr(&part), item_norm(s, it));
        assert_int_equal(strlen(item_norm(s, it)), it->norm_len);
        if (it->kind == ITEM_NUMBER && !is_number_text(item_norm(s, it))) fail_msg("number item \"%s\" of \"%.*s\"", item_norm(s, it), (int)(to - from), source + from);
        buf_append(&joined, item_norm(s, it), it->norm_len);
    }
    assert_string_equal(buf_cstr(&whole), buf_cstr(&joined));
    buf_free(&whole);
    buf_free(&part);
    buf_free(&joined);
}

static void test_pieces_tile_their_source(void **state)
{
    (void)state;
    unsigned seed = 2026;
    char text[160];
    for (int round = 0; round < 30000; round++) {
        size_t len = random_text(text, sizeof text, &seed, round % 2 == 0, false);
        item_stream s;
        items_init(&s, text);
        items_add_piece(&s, text, len, 1, true, true);
        assert_items_tile(&s, 0, text, 0, len);
        items_free(&s);
    }
}

/* Built pieces (HTML and DOCX cells: no source text) keep their printed spans too. */
static void test_built_pieces_tile_their_source(void **state)
{
    (void)state;
    unsigned seed = 7;
    char text[160];
    for (int round = 0; round < 5000; round++) {
        size_t len = random_text(text, sizeof text, &seed, false, false);
        item_stream s;
        items_init(&s, NULL);
        items_add_piece(&s, text, len, 1, true, true);
        buf joined = BUF_INIT;
        for (size_t k = 0; k < s.count; k++) buf_append(&joined, item_source_text(&s, &s.items[k]), s.items[k].src_len);
        buf a = BUF_INIT, b = BUF_INIT;
        text_normalize(text, len, &a, SPACES_DROP);
        text_normalize(joined.data ? joined.data : "", joined.len, &b, SPACES_DROP);
        assert_string_equal(buf_cstr(&a), buf_cstr(&b));
        buf_free(&a);
        buf_free(&b);
        buf_free(&joined);
        items_free(&s);
    }
}

/* A line of valid UTF-8 cut by text_layout: the items of its pieces tile it, spaces (Unicode ones too) fall
 * between items and never inside one. */
static void test_layout_lines_tile_their_source(void **state)
{
    (void)state;
    unsigned seed = 99;
    char text[170];
    for (int round = 0; round < 20000; round++) {
        /* an ideograph first, so that the line is never a page footer ("-4-", "第4页") and dropped */
        memcpy(text, "政", 3);
        size_t len = 3 + random_text(text + 3, sizeof text - 3, &seed, false, true);
        item_stream s;
        items_init(&s, text);
        text_layout_to_items(text, len, &s);
        assert_items_tile(&s, 0, text, 0, len);
        for (size_t k = 0; k < s.count; k++) {
            const char *span = item_source_text(&s, &s.items[k]);
            for (size_t i = 0; i < s.items[k].src_len;) {
                int32_t cp;
                int n = utf8_decode(span + i, s.items[k].src_len - i, &cp);
                assert_false(text_is_space(cp));
                i += (size_t)n;
            }
        }
        items_free(&s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pieces_tile_their_source),
        cmocka_unit_test(test_built_pieces_tile_their_source),
        cmocka_unit_test(test_layout_lines_tile_their_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_items: properties of the item stream that must hold whatever the piece, so that the fast paths of
 * items.c and text_layout.c (sixteen bytes at a time) agree with the plain definition at every block position:
 * the items of a piece tile its source in order, each item's normalised text is text_normalize of its source
 * span, their concatenation is the normalised piece, and a number item is a number. Pieces are random mixtures of
 * ASCII, CJK, punctuation, full-width forms, spaces and (for items_add_piece) invalid bytes, 0–120 bytes long.
 * The fast ways to add a piece (folded in one pass, unchanged, mapped) are held to items_add_piece_reference:
 * the same items, byte for byte. */
#include <stdlib.h>
#include <string.h>

#include "import/byte_scan.h"
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

/* Two streams hold the same items: kinds, flags, lines, normalised texts and source spans. */
static void assert_same_items(const item_stream *fast, const item_stream *slow, const char *piece, size_t len)
{
    if (fast->count != slow->count)
        fail_msg("%zu items, reference %zu, for \"%.*s\"", fast->count, slow->count, (int)len, piece);
    for (size_t k = 0; k < fast->count; k++) {
        const item *a = &fast->items[k], *b = &slow->items[k];
        if (a->kind != b->kind || a->line_start != b->line_start || a->cell_start != b->cell_start ||
            a->line != b->line || a->norm_len != b->norm_len || a->src_len != b->src_len ||
            strcmp(item_norm(fast, a), item_norm(slow, b)) != 0 ||
            memcmp(item_source_text(fast, a), item_source_text(slow, b), a->src_len) != 0 ||
            (fast->source && a->src_off != b->src_off))
            fail_msg("item %zu of \"%.*s\": kind %d \"%s\" at %u+%u, reference kind %d \"%s\" at %u+%u", k,
                     (int)len, piece, a->kind, item_norm(fast, a), a->src_off, a->src_len, b->kind,
                     item_norm(slow, b), b->src_off, b->src_len);
    }
}

/* items_add_piece (folded in one pass onto the stream, cut only when digits meet text) gives the items of the
 * reference (folded with a span map, then cut), on pieces of every kind, into a stream already holding some, in
 * text and built streams. */
static void test_fast_pieces_match_reference(void **state)
{
    (void)state;
    unsigned seed = 31337;
    char text[160];
    for (int round = 0; round < 40000; round++) {
        size_t len = random_text(text, sizeof text, &seed, round % 2 == 0, false);
        size_t cut = len ? next_random(&seed) % (len + 1) : 0; /* two pieces: any split, even inside a character */
        bool built = round % 3 == 0;
        item_stream fast, slow;
        items_init(&fast, built ? NULL : text);
        items_init(&slow, built ? NULL : text);
        items_add_piece(&fast, text, cut, 1, true, false);
        items_add_piece_reference(&slow, text, cut, 1, true, false);
        items_add_piece(&fast, text + cut, len - cut, 2, false, true);
        items_add_piece_reference(&slow, text + cut, len - cut, 2, false, true);
        assert_same_items(&fast, &slow, text, len);
        items_free(&fast);
        items_free(&slow);
    }
}

/* items_add_unchanged_piece, for a piece scan_unchanged takes whole, gives items_add_piece's items. */
static void test_unchanged_pieces_match_reference(void **state)
{
    (void)state;
    unsigned seed = 5;
    char text[160];
    int tried = 0;
    for (int round = 0; round < 40000; round++) {
        size_t len = random_text(text, sizeof text, &seed, false, false);
        bool numberish = false;
        if (scan_unchanged_portable(text, len, 0, &numberish) != len) continue;
        tried++;
        item_stream fast, slow;
        items_init(&fast, text);
        items_init(&slow, text);
        items_add_unchanged_piece(&fast, text, len, numberish, 3, true, true);
        items_add_piece_reference(&slow, text, len, 3, true, true);
        assert_same_items(&fast, &slow, text, len);
        items_free(&fast);
        items_free(&slow);
    }
    assert_true(tried > 1000);
}

/* A text's pieces as text_layout cuts them (scan_mapped_piece over each line) give the reference's items through
 * items_add_mapped_piece (changed pieces: runs between changed bytes copied unlooked) and
 * items_add_unchanged_piece (the rest), invalid bytes and Unicode spaces included. */
static void test_mapped_pieces_match_reference(void **state)
{
    (void)state;
    unsigned seed = 424242;
    char text[400];
    for (int round = 0; round < 8000; round++) {
        size_t len = 0;
        for (int part = 0; part < 3; part++) { /* lines of random parts, spaces within them */
            len += random_text(text + len, 130, &seed, round % 2 == 0, true);
            text[len++] = '\n';
        }
        scan_maps maps;
        scan_maps_build(text, len, &maps);
        item_stream fast, slow;
        items_init(&fast, text);
        items_init(&slow, text);
        for (size_t line = 0; line < len;) {
            size_t end = scan_line_break(text, len, line);
            scan_piece p;
            for (size_t at = line; scan_mapped_piece(&maps, at, end, &p), p.len > 0; at = p.start + p.len) {
                if (p.changed)
                    items_add_mapped_piece(&fast, text + p.start, p.len, maps.changed, p.start, p.numberish, 1,
                                           at == line, false);
                else
                    items_add_unchanged_piece(&fast, text + p.start, p.len, p.numberish, 1, at == line, false);
                items_add_piece_reference(&slow, text + p.start, p.len, 1, at == line, false);
            }
            line = end + 1;
        }
        assert_same_items(&fast, &slow, text, len);
        items_free(&fast);
        items_free(&slow);
        scan_maps_free(&maps);
    }
}

/* Page footers are dropped whatever white space comes before them; a cell after a no-break space is kept (the
 * layout tells it from a footer by its first printed character without normalising the line). */
static void test_layout_footers_after_spaces(void **state)
{
    (void)state;
    const char *text = "政府信息 1\n\xC2\xA0 0\n\xC2\xA0-4-\n\xE3\x80\x80第 4 页\n\xC2\xA0 7,\n\xC2\xA0 '5\n";
    item_stream s;
    items_init(&s, text);
    text_layout_to_items(text, strlen(text), &s);
    const char *expected[] = {"政府信息", "1", "0", "7", ",", "\"", "5"};
    int lines[] = {1, 1, 2, 5, 5, 6, 6};
    assert_int_equal(s.count, sizeof expected / sizeof expected[0]);
    for (size_t k = 0; k < s.count; k++) {
        assert_string_equal(item_norm(&s, &s.items[k]), expected[k]);
        assert_int_equal(s.items[k].line, lines[k]);
    }
    items_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pieces_tile_their_source),
        cmocka_unit_test(test_built_pieces_tile_their_source),
        cmocka_unit_test(test_layout_lines_tile_their_source),
        cmocka_unit_test(test_fast_pieces_match_reference),
        cmocka_unit_test(test_unchanged_pieces_match_reference),
        cmocka_unit_test(test_mapped_pieces_match_reference),
        cmocka_unit_test(test_layout_footers_after_spaces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

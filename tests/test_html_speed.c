/* test_html_speed: the fast paths of the HTML/DOCX emitter (src/import/grid.c) held to the slow ones. Pending text
 * that arrives in one part is borrowed from the caller and cut where it lies; text in several parts, or followed
 * by a break, is copied first. Whatever the path, the items (kind, flags, line, normalised and printed text) must
 * be those of the same text given whole, for every way of cutting it into parts and at every place of a break. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "import/grid.h"

/* Every field of every item, one item a line: kind, line, line_start, cell_start, normalised | printed text. */
static char *render_items(const item_stream *s)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < s->count; i++) {
        const item *it = &s->items[i];
        buf_printf(&b, "%d %d %d %d %s|%s\n", it->kind, it->line, it->line_start, it->cell_start, item_norm(s, it),
                   item_source_text(s, it));
    }
    return buf_detach(&b);
}

/* How the text reaches the emitter. */
typedef struct delivery {
    size_t cut;      /* text given as [0, cut) and [cut, len): cut 0 or len gives it whole */
    bool space_at;   /* an emitter_space after the first part */
    bool in_cell;    /* inside a table cell (begin_row, begin_cell … end_cell) rather than a line */
} delivery;

/* Emits `text` as `d` says, in a copy of its own so that a borrowed pointer is one into that copy, and returns
 * the rendered items (caller frees). */
static char *emit(const char *text, delivery d)
{
    size_t len = strlen(text);
    char *own = xstrdup(text);
    item_stream s;
    items_init(&s, NULL);
    item_emitter e;
    emitter_init(&e, &s);
    if (d.in_cell) {
        emitter_begin_row(&e, 7);
        emitter_begin_cell(&e);
    } else {
        emitter_new_line(&e, 3);
    }
    emitter_text(&e, own, d.cut);
    if (d.space_at) emitter_space(&e);
    emitter_text(&e, own + d.cut, len - d.cut);
    if (d.in_cell) emitter_end_cell(&e);
    else emitter_new_line(&e, 4);
    emitter_flush(&e);
    emitter_free(&e);
    free(own);
    char *out = render_items(&s);
    items_free(&s);
    return out;
}

static const char *const SAMPLES[] = {
    "",
    "   ",
    "12",
    "一、本年新收政府信息公开申请数量 640 0 2",
    " 自然人\xC2\xA0商业企业\xE3\x80\x80科研机构 ",
    "（七）总计\t35\n0\r\n/  —  251000元",
    "数量230 00000002.其他法律行政法规禁止公开",
    "\xEF\xBB\xBF" "a b\xE2\x80\x83" "c ",
};

/* A text cut in two anywhere gives the items of the whole text: the borrowed first part is copied when the
 * second arrives. */
static void test_parts_give_the_items_of_the_whole(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof SAMPLES / sizeof SAMPLES[0]; k++) {
        for (int cell = 0; cell < 2; cell++) {
            char *whole = emit(SAMPLES[k], (delivery){.cut = 0, .in_cell = cell});
            char *whole_at_end = emit(SAMPLES[k], (delivery){.cut = strlen(SAMPLES[k]), .in_cell = cell});
            assert_string_equal(whole, whole_at_end);
            for (size_t cut = 1; cut < strlen(SAMPLES[k]); cut++) {
                char *parts = emit(SAMPLES[k], (delivery){.cut = cut, .in_cell = cell});
                assert_string_equal(whole, parts);
                free(parts);
            }
            free(whole);
            free(whole_at_end);
        }
    }
}

/* Builds the text a break at `cut` stands for: the two parts with one space between them. */
static char *spaced(const char *text, size_t cut)
{
    size_t len = strlen(text);
    char *out = xmalloc(len + 2);
    memcpy(out, text, cut);
    out[cut] = ' ';
    memcpy(out + cut + 1, text + cut, len - cut + 1);
    return out;
}

/* A break after borrowed text separates pieces exactly as a space written into the text. */
static void test_break_after_borrowed_text_is_a_space(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof SAMPLES / sizeof SAMPLES[0]; k++) {
        for (int cell = 0; cell < 2; cell++) {
            for (size_t cut = 0; cut <= strlen(SAMPLES[k]); cut++) {
                char *with_space = spaced(SAMPLES[k], cut);
                char *expected = emit(with_space, (delivery){.cut = 0, .in_cell = cell});
                char *got = emit(SAMPLES[k], (delivery){.cut = cut, .space_at = true, .in_cell = cell});
                assert_string_equal(expected, got);
                free(with_space);
                free(expected);
                free(got);
            }
        }
    }
}

/* Text with no space in it is cut as one piece without searching for a space (the fast path); with a space
 * added before or after, the general cut runs. Both must give the same items, whatever the length (the search
 * goes sixteen bytes at a time) and the characters. */
static void test_one_piece_fast_path_matches_general_cut(void **state)
{
    (void)state;
    static const char *const words[] = {"0", "35", "251000元", "自然人", "（七）总计", "“三安全一稳定”", "0.5%", "/",
                                        "—", "1.属于国家秘密", "a\xC2", "\xE4\xB8"};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        buf text = BUF_INIT;
        for (int repeat = 0; repeat < 12; repeat++) {
            buf_puts(&text, words[(w + (size_t)repeat) % (sizeof words / sizeof words[0])]);
            buf spaced_after = BUF_INIT, spaced_before = BUF_INIT;
            buf_printf(&spaced_after, "%s ", text.data);
            buf_printf(&spaced_before, "\xE3\x80\x80%s", text.data); /* U+3000 */
            for (int cell = 0; cell < 2; cell++) {
                char *fast = emit(text.data, (delivery){.cut = 0, .in_cell = cell});
                char *after = emit(spaced_after.data, (delivery){.cut = 0, .in_cell = cell});
                char *before = emit(spaced_before.data, (delivery){.cut = 0, .in_cell = cell});
                assert_string_equal(fast, after);
                assert_string_equal(fast, before);
                free(fast);
                free(after);
                free(before);
            }
            buf_free(&spaced_after);
            buf_free(&spaced_before);
        }
        buf_free(&text);
    }
}

/* Real values: a cell that is one text node gives its pieces with the row's line and flags; an empty cell a
 * blank; the borrowed text is cut before the next cell begins, so the caller may reuse its buffer then. */
static void test_borrowed_cells(void **state)
{
    (void)state;
    item_stream s;
    items_init(&s, NULL);
    item_emitter e;
    emitter_init(&e, &s);
    char cell_text[32];
    emitter_begin_row(&e, 12);
    const char *cells[] = {"自然人 35", "", "0"};
    for (size_t i = 0; i < 3; i++) {
        strcpy(cell_text, cells[i]); /* one buffer for every cell: each must be cut before the next is written */
        emitter_begin_cell(&e);
        emitter_text(&e, cell_text, strlen(cell_text));
        assert_int_equal(emitter_has_pending(&e), cell_text[0] != '\0');
        emitter_end_cell(&e);
        assert_false(emitter_has_pending(&e));
        memset(cell_text, 'x', sizeof cell_text - 1);
        cell_text[sizeof cell_text - 1] = '\0';
    }
    emitter_flush(&e);
    emitter_free(&e);
    char *out = render_items(&s);
    assert_string_equal(out, "0 12 1 1 自然人|自然人\n"
                             "1 12 0 0 35|35\n"
                             "2 12 0 1 |\n"
                             "1 12 0 1 0|0\n");
    free(out);
    items_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parts_give_the_items_of_the_whole),
        cmocka_unit_test(test_break_after_borrowed_text_is_a_space),
        cmocka_unit_test(test_one_piece_fast_path_matches_general_cut),
        cmocka_unit_test(test_borrowed_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

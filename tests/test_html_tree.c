/* test_html_tree: the compact tree built from libxml2's HTML SAX events (src/import/html_tree.c): its shape for
 * pages with implied and unclosed elements, adjacent text in one node, no text outside elements, element kinds
 * and tags, spans read as browsers read them, script content kept apart, and pages that are no page at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "import/html_tree.h"

static html_tree parse(const char *page)
{
    char *error = NULL;
    const libxml2_api *xml = xmllib_libxml2(&error);
    assert_non_null(xml);
    html_tree t;
    assert_int_equal(html_tree_parse(xml, page, strlen(page), "UTF-8", HTML_TREE_OPTIONS | HTML_PARSE_IGNORE_ENC, &t),
                     0);
    return t;
}

/* The tree as text: elements by tag letter (T table, R tr, D td, H th, C caption, I title, e other), text in
 * quotes, children in brackets. */
static void describe(const html_tree *t, uint32_t at, char *out, size_t room)
{
    for (uint32_t c = t->nodes[at].first_child; c; c = t->nodes[c].next) {
        const html_node *n = &t->nodes[c];
        size_t len = strlen(out);
        if (n->is_text) {
            snprintf(out + len, room - len, "%s\"%.*s\"", n->is_text == 2 ? "cdata" : "", (int)n->text_len,
                     html_node_text(t, n));
            continue;
        }
        static const char letters[] = {'e', 'T', 'R', 'D', 'H', 'C', 'I'};
        snprintf(out + len, room - len, "%c[", letters[n->tag]);
        describe(t, c, out, room);
        len = strlen(out);
        snprintf(out + len, room - len, "]");
    }
}

static void assert_tree(const char *page, const char *expected)
{
    html_tree t = parse(page);
    char got[2048] = "";
    describe(&t, 0, got, sizeof got);
    assert_string_equal(got, expected);
    html_tree_free(&t);
}

static void test_shape(void **state)
{
    (void)state;
    /* unclosed cells and rows are closed by libxml2; entities decoded; adjacent text one node */
    assert_tree("<html><body><table><tr><td>a<td>b &amp; c</table></body></html>",
                "e[e[T[R[D[\"a\"]D[\"b & c\"]]]]]");
    /* text before any element is dropped, as libxml2's tree builder drops it */
    assert_tree("\n<p>x</p>", "e[\"x\"]");
    /* caption, th, title (libxml2 with no implied elements gives a <head> at the very start no event of its own) */
    assert_tree("<head><title>t</title></head><table><caption>c</caption><tr><th>h</th></tr></table>",
                "I[\"t\"]T[C[\"c\"]R[H[\"h\"]]]");
    /* script content is CDATA to libxml2: kept apart from text */
    assert_tree("<div>a<script>x<y</script>b</div>", "e[\"a\"e[cdata\"x<y\"]\"b\"]");
}

static void test_kinds_and_spans(void **state)
{
    (void)state;
    html_tree t = parse("<div><span>s</span><br><script>x</script><table><tr>"
                        "<td rowspan=\" 3x\" COLSPAN=2>a</td><td rowspan=\"x\">b</td><td>c</td></tr></table></div>");
    const html_node *div = &t.nodes[t.nodes[0].first_child];
    assert_int_equal(div->kind, HTML_BLOCK);
    const html_node *span = &t.nodes[div->first_child];
    assert_int_equal(span->kind, HTML_INLINE);
    const html_node *br = &t.nodes[span->next];
    assert_int_equal(br->kind, HTML_BREAK);
    const html_node *script = &t.nodes[br->next];
    assert_int_equal(script->kind, HTML_SKIP);
    const html_node *table = &t.nodes[script->next];
    assert_int_equal(table->kind, HTML_TABLE);
    assert_int_equal(table->tag, TAG_TABLE);
    const html_node *row = &t.nodes[table->first_child];
    assert_int_equal(row->tag, TAG_TR);
    const html_node *a = &t.nodes[row->first_child], *b = &t.nodes[a->next], *c = &t.nodes[b->next];
    assert_int_equal(a->rowspan, 3); /* leading spaces skipped, digits read up to the first other character */
    assert_int_equal(a->colspan, 2); /* attribute names in any case */
    assert_int_equal(b->rowspan, 1); /* not a number */
    assert_int_equal(c->rowspan, 1);
    assert_int_equal(c->colspan, 1);
    assert_true(a->line >= 1);
    html_tree_free(&t);
}

static void test_not_a_page(void **state)
{
    (void)state;
    html_tree t = parse("just text, no markup");
    /* libxml2 wraps stray text in an implied paragraph: a tree with one element and its text */
    assert_true(t.count >= 1);
    html_tree_free(&t);
    t = parse("");
    assert_int_equal(t.count, 1); /* the document alone */
    html_tree_free(&t);
}

/* Thousands of nested elements: the tree is built without recursion and stays consistent. */
static void test_deep_nesting(void **state)
{
    (void)state;
    size_t depth = 5000;
    char *page = malloc(depth * 11 + 16);
    size_t len = 0;
    for (size_t i = 0; i < depth; i++) len += (size_t)sprintf(page + len, "<div>");
    len += (size_t)sprintf(page + len, "x");
    for (size_t i = 0; i < depth; i++) len += (size_t)sprintf(page + len, "</div>");
    html_tree t = parse(page);
    size_t elements = 0, texts = 0;
    for (size_t i = 1; i < t.count; i++) {
        elements += !t.nodes[i].is_text;
        texts += t.nodes[i].is_text != 0;
        assert_true(t.nodes[i].parent < i); /* a parent comes before its children */
    }
    assert_true(elements >= 256); /* libxml2 may cap the depth it builds; what it builds is kept */
    assert_int_equal(texts, 1);
    html_tree_free(&t);
    free(page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape),
        cmocka_unit_test(test_kinds_and_spans),
        cmocka_unit_test(test_not_a_page),
        cmocka_unit_test(test_deep_nesting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

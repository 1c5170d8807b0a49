/* test_html_tree: the compact tree built from libxml2's HTML SAX events (src/import/html_tree.c): its shape for
 * pages with implied and unclosed elements, adjacent text in one node, no text outside elements, element kinds
 * and tags, script content kept apart, and pages that are no page at all; a UTF-8
 * page read directly gives the tree libxml2's UTF-8 encoder gives; more element names than the name cache holds;
 * each table's own cells and nested tables counted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "import/html_tree.h"

/* Parses len bytes told to be in `encoding`: "UTF-8" as the importer says it (the parser then reads the bytes
 * directly), any other spelling through libxml2's encoder for that name. */
static html_tree parse_as(const char *page, size_t len, const char *encoding)
{
    char *error = NULL;
    const libxml2_api *xml = xmllib_libxml2(&error);
    assert_non_null(xml);
    html_tree t;
    assert_int_equal(html_tree_parse(xml, page, len, encoding, HTML_TREE_OPTIONS | HTML_PARSE_IGNORE_ENC, &t), 0);
    return t;
}

static html_tree parse(const char *page)
{
    return parse_as(page, strlen(page), "UTF-8");
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

static void test_kinds(void **state)
{
    (void)state;
    html_tree t = parse("<div><span>s</span><br><script>x</script><table><tr>"
                        "<td rowspan=\" 3x\" COLSPAN=2>a</td><td rowspan=\"x\">b</td><TH>c</TH></tr></table></div>");
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
    assert_int_equal(a->tag, TAG_TD); /* attributes change nothing */
    assert_int_equal(b->tag, TAG_TD);
    assert_int_equal(c->tag, TAG_TH); /* names in any case */
    assert_int_equal(c->kind, HTML_BLOCK);
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

/* Every field of every node, for comparing two trees. */
static void assert_same_tree(const html_tree *a, const html_tree *b)
{
    assert_int_equal(a->count, b->count);
    for (size_t i = 0; i < a->count; i++) {
        const html_node *x = &a->nodes[i], *y = &b->nodes[i];
        assert_int_equal(x->parent, y->parent);
        assert_int_equal(x->first_child, y->first_child);
        assert_int_equal(x->next, y->next);
        assert_int_equal(x->line, y->line);
        assert_int_equal(x->is_text, y->is_text);
        assert_int_equal(x->tag, y->tag);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->text_len, y->text_len);
        assert_memory_equal(html_node_text(a, x), html_node_text(b, y), x->text_len);
    }
}

/* A UTF-8 page read directly gives the tree libxml2's UTF-8 encoder gives ("utf-8" spelled otherwise takes that
 * path), also for the openings the direct reading leaves to the encoder: a byte order mark (skipped, and a second
 * one too), an XML declaration, and NUL bytes from which libxml2 guesses UTF-16 or UCS-4. */
static void test_direct_utf8_as_encoder(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
    } pages[] = {
        {"<p>\xE7\x94\xB2 a</p><table><tr><td>1</td></tr></table>", 0},
        {"\xEF\xBB\xBF<p>bom</p>", 0},
        {"\xEF\xBB\xBF\xEF\xBB\xBF<p>two boms</p>", 0},
        {"<?xml version=\"1.0\"?><html><body><p>x</p></body></html>", 0},
        {"<\0?\0<p>utf-16 guessed</p>", 22},
        {"\0\0\0<p>ucs-4 guessed</p>", 21},
        {"<p>", 0},
        {"ab", 0},
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        size_t len = pages[i].len ? pages[i].len : strlen(pages[i].bytes);
        html_tree direct = parse_as(pages[i].bytes, len, "UTF-8");
        html_tree encoded = parse_as(pages[i].bytes, len, "utf-8");
        assert_same_tree(&direct, &encoded);
        html_tree_free(&direct);
        html_tree_free(&encoded);
    }
    html_tree t = parse("\xEF\xBB\xBF<p>bom</p>");
    char got[256] = "";
    describe(&t, 0, got, sizeof got);
    assert_string_equal(got, "e[\"bom\"]");
    html_tree_free(&t);
}

/* The same corpus page (005) read directly and through the encoder: the same tree, node for node. */
static void test_direct_utf8_corpus(void **state)
{
    (void)state;
    if (!test_corpus_dir()) skip();
    buf path = BUF_INIT;
    buf_printf(&path, "%s/005_shanghai-shizhengfubangongting_2019.html", test_corpus_dir());
    size_t len = 0;
    char *page = test_read_file(buf_cstr(&path), &len);
    buf_free(&path);
    html_tree direct = parse_as(page, len, "UTF-8");
    html_tree encoded = parse_as(page, len, "utf-8");
    assert_true(direct.count > 500);
    assert_same_tree(&direct, &encoded);
    html_tree_free(&direct);
    html_tree_free(&encoded);
    free(page);
}

/* More distinct element names than the name cache keeps: every element still gets its kind and tag. */
static void test_many_element_names(void **state)
{
    (void)state;
    buf page = BUF_INIT;
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 150; i++) buf_printf(&page, "<x%d>t</x%d>", i, i);
        buf_puts(&page, "<div><table><tr><th>h</th><td colspan=3>d</td></tr></table><br><script>s</script></div>");
    }
    html_tree t = parse(buf_cstr(&page));
    size_t inline_elements = 0, tables = 0, cells = 0, blocks = 0, breaks = 0, skipped = 0;
    for (size_t i = 1; i < t.count; i++) {
        const html_node *n = &t.nodes[i];
        if (n->is_text) continue;
        inline_elements += n->kind == HTML_INLINE;
        tables += n->tag == TAG_TABLE && n->kind == HTML_TABLE;
        cells += n->tag == TAG_TH || n->tag == TAG_TD;
        blocks += n->kind == HTML_BLOCK;
        breaks += n->kind == HTML_BREAK;
        skipped += n->kind == HTML_SKIP;
    }
    assert_int_equal(inline_elements, 300);
    assert_int_equal(tables, 2);
    assert_int_equal(cells, 4);
    assert_int_equal(blocks, 2 * 4); /* div, tr, th, td (libxml2 adds no tbody) */
    assert_int_equal(breaks, 2);
    assert_int_equal(skipped, 2);
    html_tree_free(&t);
    buf_free(&page);
}

/* Each table counts its own cells (not those of tables inside it) and knows whether it holds a table, through
 * implied rows, wrappers and unclosed cells. */
static void test_table_counts(void **state)
{
    (void)state;
    html_tree t = parse("<table id=outer><tr><td>a<td><form><table><tr><th>x<td>y<td>z</table></form>"
                        "<td><div><table><tr><td>p</td></tr></table></div></td></tr>"
                        "<tr><td>b</td></tr></table><table><tr><td>single</td></tr></table><td>stray</td>");
    uint32_t tables[4], found = 0;
    for (uint32_t i = 1; i < t.count; i++)
        if (!t.nodes[i].is_text && t.nodes[i].tag == TAG_TABLE && found < 4) tables[found++] = i;
    assert_int_equal(found, 4);
    const html_node *outer = &t.nodes[tables[0]], *inner = &t.nodes[tables[1]], *deep = &t.nodes[tables[2]],
                    *single = &t.nodes[tables[3]];
    assert_int_equal(outer->cells, 4); /* a, the cell with the form, the cell with the div, b */
    assert_int_equal(outer->holds_table, 1);
    assert_int_equal(outer->outer_table, HTML_NONE);
    assert_int_equal(inner->cells, 3);
    assert_int_equal(inner->holds_table, 0);
    assert_int_equal(inner->outer_table, tables[0]);
    assert_int_equal(deep->cells, 1);
    assert_int_equal(deep->outer_table, tables[0]);
    assert_int_equal(single->cells, 1);
    assert_int_equal(single->holds_table, 0);
    assert_int_equal(single->outer_table, HTML_NONE); /* the stray cell after it belongs to no table */
    html_tree_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_not_a_page),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_direct_utf8_as_encoder),
        cmocka_unit_test(test_direct_utf8_corpus),
        cmocka_unit_test(test_many_element_names),
        cmocka_unit_test(test_table_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

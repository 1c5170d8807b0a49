/* test_import_html: the HTML importer (src/import/html.c) and the grid it shares with DOCX (src/import/grid.c).
 * Item-level tests: text outside tables as lines, script/style/head skipped, rowspan/colspan resolved with each
 * cell emitted once and empty cells as blanks, GB2312/GBK pages, hostile spans and nesting bounded, bad input
 * refused. With ../shared/corpus: 005's page gives 135 blank cells and, through the assembler, every cell of
 * 005.expected.json. */
#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

#include "export/export.h"
#include "import/grid.h"
#include "import/html.h"
#include "import/import.h"
#include "import/json_reader.h"

/* ---- helpers ---- */

static void parse_ok(const char *html, item_stream *s)
{
    items_init(s, NULL);
    char *error = NULL;
    int rc = html_to_items(html, strlen(html), s, &error);
    if (rc != 0) fprintf(stderr, "html_to_items: %s\n", error ? error : "(no message)");
    assert_int_equal(rc, 0);
    assert_null(error);
}

/* Renders the stream compactly for comparison: "/" before a line start, "|" before a cell start, then the
 * normalised piece, "_" for a blank; pieces separated by spaces. */
static char *render(const item_stream *s)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < s->count; i++) {
        const item *it = &s->items[i];
        if (i) buf_putc(&b, ' ');
        if (it->line_start) buf_putc(&b, '/');
        if (it->cell_start) buf_putc(&b, '|');
        buf_puts(&b, it->kind == ITEM_BLANK && it->norm_len == 0 ? "_" : item_norm(s, it));
    }
    return buf_detach(&b);
}

static void assert_items(const char *html, const char *expected)
{
    item_stream s;
    parse_ok(html, &s);
    char *got = render(&s);
    if (strcmp(got, expected) != 0) fprintf(stderr, "expected: %s\n     got: %s\n", expected, got);
    assert_string_equal(got, expected);
    free(got);
    items_free(&s);
}

static size_t count_kind(const item_stream *s, enum item_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < s->count; i++) n += s->items[i].kind == kind;
    return n;
}

/* The first file of dir whose name starts with prefix and ends with suffix (caller frees), or NULL. */
static char *corpus_path(const char *dir, const char *prefix, const char *suffix)
{
    DIR *d = opendir(dir);
    if (!d) return NULL;
    char *found = NULL;
    struct dirent *e;
    while (!found && (e = readdir(d))) {
        size_t n = strlen(e->d_name), p = strlen(prefix), q = strlen(suffix);
        if (n >= p + q && strncmp(e->d_name, prefix, p) == 0 && strcmp(e->d_name + n - q, suffix) == 0) {
            buf b = BUF_INIT;
            buf_printf(&b, "%s/%s", dir, e->d_name);
            found = buf_detach(&b);
        }
    }
    closedir(d);
    return found;
}

/* UTF-8 → another encoding with iconv, as a web page may be stored. */
static char *convert_to(const char *encoding, const char *utf8, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open(encoding, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t cap = len * 4 + 16, left = len, room = cap;
    char *out = xmalloc(cap), *dst = out, *src = (char *)utf8;
    size_t r = iconv(cd, &src, &left, &dst, &room);
    assert_true(r != (size_t)-1);
    iconv_close(cd);
    *out_len = (size_t)(dst - out);
    return out;
}

static char *to_gb18030(const char *utf8, size_t len, size_t *out_len)
{
    return convert_to("GB18030", utf8, len, out_len);
}

/* ---- text outside tables ---- */

static void test_text_lines(void **state)
{
    (void)state;
    assert_items("<html><head><title>标题 甲</title><script>var x = 1;</script><style>p { color: red }</style>"
                 "<meta charset=\"utf-8\"></head><body><p>第一段 文字</p><div>第二<b>段</b><br>第三段</div>"
                 "<script>document.write('隐藏')</script><span>行内</span>尾</body></html>",
                 "/标题 甲 /第一段 文字 /第二段 /第三段 /行内尾");
}

static void test_text_line_numbers(void **state)
{
    (void)state;
    item_stream s;
    parse_ok("<html><body>\n<p>一</p>\n\n<p>二</p>\n</body></html>", &s);
    assert_int_equal(s.count, 2);
    assert_int_equal(s.items[0].line, 2);
    assert_int_equal(s.items[1].line, 4);
    items_free(&s);
}

static void test_entities_and_spaces(void **state)
{
    (void)state;
    /* &nbsp;, U+3000 and U+00A0 split pieces; entities are decoded; digits glued to text are split by items. */
    assert_items("<p>甲&nbsp;乙\xE3\x80\x80丙\xC2\xA0&lt;丁&gt; 数量230</p>", "/甲 乙 丙 <丁> 数量 230");
}

/* Pieces are cut at every kind of white space wherever it falls against the 16-byte blocks the emitter scans in,
 * and never at the characters that share a space's first byte (“ 。 ， · begin like U+2003, U+3000, U+FEFF and
 * U+00A0): each page reads as the same page with an ASCII space there. */
static void test_spaces_at_every_offset(void **state)
{
    (void)state;
    static const char *const spaces[] = {" ", "\t", "\n", "\xC2\xA0", "&nbsp;", "\xE3\x80\x80", "\xE2\x80\x83",
                                         "\xE2\x80\x8B", "\xEF\xBB\xBF", "\xE1\x9A\x80"};
    static const char *const units[] = {"a", "\xE7\x94\xB2", "\xE2\x80\x9C", "\xE3\x80\x82", "\xEF\xBC\x8C",
                                        "\xC2\xB7", "\xE4\xB8\x80"};
    /* long enough that the space falls inside a whole block, not only in the bytes scanned one by one at the end */
    static const char after[] = "\xE4\xB9\x99\xE4\xB9\x99\xE4\xB9\x99\xE4\xB9\x99\xE4\xB9\x99\xE4\xB9\x99" "bcdefgh";
    for (size_t k = 1; k <= 24; k++) {
        buf prefix = BUF_INIT;
        for (size_t u = 0; u < k; u++) buf_puts(&prefix, units[(u * 3 + k) % (sizeof units / sizeof units[0])]);
        buf page = BUF_INIT;
        buf_printf(&page, "<p>%s %s</p>", buf_cstr(&prefix), after);
        item_stream with_ascii;
        parse_ok(buf_cstr(&page), &with_ascii);
        assert_int_equal(with_ascii.count, 2);
        char *expected = render(&with_ascii);
        items_free(&with_ascii);
        for (size_t sp = 0; sp < sizeof spaces / sizeof spaces[0]; sp++) {
            buf_clear(&page);
            buf_printf(&page, "<p>%s%s%s</p>", buf_cstr(&prefix), spaces[sp], after);
            assert_items(buf_cstr(&page), expected);
        }
        buf_clear(&page);
        buf_printf(&page, "<p>%s%s</p>", buf_cstr(&prefix), after);
        item_stream joined;
        parse_ok(buf_cstr(&page), &joined);
        assert_int_equal(joined.count, 1);
        items_free(&joined);
        free(expected);
        buf_free(&page);
        buf_free(&prefix);
    }
}

/* ---- tables ---- */

static void test_table_cells_and_blanks(void **state)
{
    (void)state;
    assert_items("<table><tr><td>甲</td><td>12</td><td>&nbsp;</td><td> </td><td>/</td></tr>"
                 "<tr><th>乙 丙</th><td><p>3</p></td><td></td></tr></table>",
                 "/|甲 |12 |_ |_ |/ /|乙 丙 |3 |_");
}

static void test_table_rowspan_colspan(void **state)
{
    (void)state;
    /* The rowspan cell is emitted once, in its first row; the covered positions below emit nothing, and the
     * row below starts with its own first cell. */
    assert_items("<table>"
                 "<tr><td rowspan=\"3\">甲</td><td colspan=\"2\">乙</td><td>1</td></tr>"
                 "<tr><td>丙</td><td>&nbsp;</td><td>2</td></tr>"
                 "<tr><td colspan=\"2\">&nbsp;</td><td>3</td></tr>"
                 "<tr><td>丁</td><td>4</td><td>5</td><td>6</td></tr>"
                 "</table>",
                 "/|甲 |乙 |1 /|丙 |_ |2 /|_ |3 /|丁 |4 |5 |6");
}

static void test_table_row_numbers_and_text_around(void **state)
{
    (void)state;
    item_stream s;
    parse_ok("<p>前</p><table><caption>表题</caption><tbody><tr><td>甲</td></tr><tr><td>&nbsp;</td></tr></tbody>"
             "</table><p>后</p>",
             &s);
    char *got = render(&s);
    assert_string_equal(got, "/前 /表题 /|甲 /|_ /后");
    free(got);
    assert_int_equal(s.items[2].line, 1); /* table row numbers */
    assert_int_equal(s.items[3].line, 2);
    items_free(&s);
}

static void test_layout_tables(void **state)
{
    (void)state;
    /* A table holding another table is page layout: its cells are read as blocks (lines), the table inside as
     * a data table. So is a table of one cell. */
    assert_items("<table><tr><td>外<table><tr><td>内甲</td><td></td></tr></table>后</td><td>9</td></tr>"
                 "<tr><td><table></table></td></tr></table>",
                 "/外 /|内甲 |_ /后 /9");
    assert_items("<table><tr><td><p>一段</p><p>二段 文字</p></td></tr></table>", "/一段 /二段 文字");
    assert_items("<table class=\"layout\"><tr><td>页眉</td></tr><tr><td><p>一段</p>"
                 "<table><tr><td>甲</td><td>&nbsp;</td></tr><tr><td rowspan=\"2\">乙</td><td>1</td></tr>"
                 "<tr><td>2</td></tr></table><p>二段</p></td></tr></table>",
                 "/页眉 /一段 /|甲 |_ /|乙 |1 /|2 /二段");
}

static void test_nested_data_table(void **state)
{
    (void)state;
    /* A data table (20 cells of its own) with a small table in one cell keeps its cells: the inner table's rows
     * come in place, the outer cell goes on after it, and an outer cell holding only an empty table is blank. */
    buf html = BUF_INIT;
    buf_puts(&html, "<table><tr><td>外<table><tr><td>内甲</td><td></td></tr></table>后</td><td>9</td></tr>"
                    "<tr><td><table></table></td><td>8</td></tr>");
    for (int r = 0; r < 8; r++) buf_puts(&html, "<tr><td>行</td><td>&nbsp;</td></tr>");
    buf_puts(&html, "</table>");
    item_stream s;
    parse_ok(html.data, &s);
    char *got = render(&s);
    const char *want = "/|外 /|内甲 |_ 后 |9 /|_ |8 /|行 |_";
    if (strncmp(got, want, strlen(want)) != 0) fprintf(stderr, "got: %s\n", got);
    assert_true(strncmp(got, want, strlen(want)) == 0);
    free(got);
    items_free(&s);
    buf_free(&html);

    /* Beyond the nesting limit tables are read as text: no crash, every piece kept. */
    for (int i = 0; i < 40; i++) {
        buf_puts(&html, "<table><tr><td>x</td><td>");
        for (int c = 0; c < 20; c++) buf_puts(&html, "<td>y</td>");
        buf_puts(&html, "<td>");
    }
    buf_puts(&html, "底");
    parse_ok(html.data, &s);
    got = render(&s);
    assert_non_null(strstr(got, "底"));
    free(got);
    items_free(&s);
    buf_free(&html);
}

static void test_grid_vertical_merge(void **state)
{
    (void)state;
    grid g;
    grid_init(&g);
    grid_begin_row(&g);
    size_t a = grid_add_at(&g, 0, 2);
    grid_add_at(&g, 2, 1);
    grid_begin_row(&g);
    assert_int_equal(grid_extend_down(&g, 0), (long)a);
    assert_int_equal(grid_extend_down(&g, 1), -1); /* no cell starts at column 1 */
    grid_begin_row(&g);
    assert_int_equal(grid_extend_down(&g, 0), (long)a);
    assert_int_equal(g.cells[a].rowspan, 3);
    assert_int_equal(grid_extend_down(&g, 2), -1); /* the cell above column 2 ended a row earlier */
    grid_free(&g);
}

static void test_hostile_spans_bounded(void **state)
{
    (void)state;
    buf html = BUF_INIT;
    buf_puts(&html, "<table>");
    for (int r = 0; r < 3000; r++) {
        buf_puts(&html, "<tr>");
        for (int c = 0; c < 40; c++) buf_puts(&html, "<td rowspan=\"65534\" colspan=\"99999\">x</td>");
        buf_puts(&html, "</tr>");
    }
    buf_puts(&html, "</table>");
    clock_t start = clock();
    item_stream s;
    parse_ok(html.data, &s);
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    assert_int_equal(s.count, 3000 * 40); /* every cell once */
    assert_true(seconds < 10.0);
    items_free(&s);
    buf_free(&html);

    /* the DOCX grid: huge spans merged down every row stay within the area budget and the column bound */
    grid g;
    grid_init(&g);
    for (int r = 0; r < 2000; r++) {
        grid_begin_row(&g);
        for (int c = 0; c < 50; c++)
            if (grid_extend_down(&g, c * 1000) < 0) grid_add_at(&g, c * 1000, 1000);
    }
    assert_true(g.clamped);
    assert_true(g.area <= GRID_MAX_AREA);
    assert_true(g.cols <= GRID_MAX_COLUMNS);
    grid_free(&g);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    /* Within libxml2's depth limit (256) the text is kept; far beyond it the page is still read, without crash. */
    for (int depth = 20; depth <= 20000; depth += 19980) {
        buf html = BUF_INIT;
        for (int i = 0; i < depth; i++) buf_puts(&html, "<div><span>");
        buf_puts(&html, "深处");
        for (int i = 0; i < 60; i++) buf_puts(&html, "<table><tr><td>");
        buf_puts(&html, "甲");
        item_stream s;
        parse_ok(html.data, &s);
        if (depth == 20) {
            char *got = render(&s);
            assert_non_null(strstr(got, "深处"));
            assert_non_null(strstr(got, "甲"));
            free(got);
        }
        items_free(&s);
        buf_free(&html);
    }
}

/* ---- encodings ---- */

static const char GB_PAGE[] =
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><title>年度报告</title>"
    "</head><body><p>政府信息公开“三安全一稳定”</p><table><tr><td>申请人　情况</td><td>12</td><td>&nbsp;</td>"
    "</tr></table><p>镕</p></body></html>";

static void test_gbk_meta_charset(void **state)
{
    (void)state;
    item_stream utf8;
    parse_ok(GB_PAGE, &utf8);
    char *want = render(&utf8);
    items_free(&utf8);
    assert_non_null(strstr(want, "镕"));

    size_t gb_len;
    char *gb = to_gb18030(GB_PAGE, strlen(GB_PAGE), &gb_len);
    assert_true(gb_len < strlen(GB_PAGE)); /* really GB: two bytes per Chinese character */
    item_stream s;
    items_init(&s, NULL);
    char *error = NULL;
    assert_int_equal(html_to_items(gb, gb_len, &s, &error), 0);
    char *got = render(&s);
    assert_string_equal(got, want);
    free(got);
    items_free(&s);

    /* The same bytes with no declaration at all: invalid UTF-8, read as GB18030. */
    char *meta = strstr(gb, "charset=gb2312");
    assert_non_null(meta);
    memcpy(meta, "charset=xxxxxx", 14);
    items_init(&s, NULL);
    assert_int_equal(html_to_items(gb, gb_len, &s, &error), 0);
    got = render(&s);
    assert_string_equal(got, want);
    free(got);
    items_free(&s);
    free(gb);
    free(want);
}

static void assert_encoded_items(const char *data, size_t len, const char *expected)
{
    item_stream s;
    items_init(&s, NULL);
    char *error = NULL;
    assert_int_equal(html_to_items(data, len, &s, &error), 0);
    char *got = render(&s);
    assert_string_equal(got, expected);
    free(got);
    items_free(&s);
}

static void test_other_declared_encodings(void **state)
{
    (void)state;
    /* A Big5 page declared as such goes through libxml2's own conversion. */
    static const char big5_page[] = "<html><head><meta charset=\"big5\"></head><body><p>政府 資訊</p></body></html>";
    size_t len;
    char *big5 = convert_to("BIG5", big5_page, strlen(big5_page), &len);
    assert_encoded_items(big5, len, "/政府 資訊");
    free(big5);
    /* UTF-16 with a byte-order mark. */
    static const char page[] = "\xEF\xBB\xBF<p>政府 12</p>";
    assert_encoded_items(page, strlen(page), "/政府 12");
    char *utf16 = convert_to("UTF-16", page + 3, strlen(page) - 3, &len); /* iconv writes a BOM */
    assert_encoded_items(utf16, len, "/政府 12");
    free(utf16);
    /* Invalid UTF-8 in a page declared UTF-8 that is not GB18030 either: bad bytes become U+FFFD, the rest stays. */
    static const char broken[] = "<meta charset=\"utf-8\"><p>政府\xFF\xFE\x80 信息</p>";
    item_stream s;
    items_init(&s, NULL);
    char *error = NULL;
    assert_int_equal(html_to_items(broken, strlen(broken), &s, &error), 0);
    char *got = render(&s);
    assert_non_null(strstr(got, "信息"));
    free(got);
    items_free(&s);
}

static void test_utf8_page_with_stale_gb_declaration(void **state)
{
    (void)state;
    assert_items("<meta charset=\"GBK\"><p>政府信息</p>", "/政府信息");
}

static void test_corpus_005_in_gbk(void **state)
{
    (void)state;
    const char *dir = test_corpus_dir();
    if (!dir) skip();
    char *path = corpus_path(dir, "005_", ".html");
    assert_non_null(path);
    size_t len;
    char *page = test_read_file(path, &len);
    item_stream utf8;
    items_init(&utf8, NULL);
    char *error = NULL;
    assert_int_equal(html_to_items(page, len, &utf8, &error), 0);
    char *want = render(&utf8);

    /* As the agency's server might have stored it: GB18030 bytes, declared gb2312. */
    char *meta = strstr(page, "charset=\"utf-8\"");
    assert_non_null(meta);
    memcpy(meta, "charset=\"GBK\"  ", 15);
    size_t gb_len;
    char *gb = to_gb18030(page, len, &gb_len);
    item_stream s;
    items_init(&s, NULL);
    assert_int_equal(html_to_items(gb, gb_len, &s, &error), 0);
    char *got = render(&s);
    assert_string_equal(got, want);
    free(got);
    free(want);
    free(gb);
    free(page);
    free(path);
    items_free(&s);
    items_free(&utf8);
}

/* ---- bad input ---- */

static void test_bad_input(void **state)
{
    (void)state;
    item_stream s;
    items_init(&s, NULL);
    char *error = NULL;
    assert_int_equal(html_to_items("", 0, &s, &error), -1);
    assert_non_null(error);
    assert_non_null(strstr(error, "空"));
    free(error);

    size_t huge = IMPORT_MAX_BYTES + 1;
    char *big = calloc(huge, 1); /* untouched zero pages: cheap */
    assert_non_null(big);
    error = NULL;
    assert_int_equal(html_to_items(big, huge, &s, &error), -1);
    assert_non_null(strstr(error, "过大"));
    free(error);
    free(big);

    /* Binary junk and broken markup: read without crashing, whatever comes out. */
    char junk[4096];
    unsigned seed = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        seed = seed * 1103515245u + 12345u;
        junk[i] = (char)(seed >> 16);
    }
    error = NULL;
    int rc = html_to_items(junk, sizeof junk, &s, &error);
    assert_true(rc == 0 || error != NULL);
    free(error);
    items_free(&s);

    items_init(&s, NULL);
    error = NULL;
    const char *broken = "<table><tr><td rowspan=x colspan=-3>甲<td rowspan=99999999999>乙</tr><tr><td>丙";
    assert_int_equal(html_to_items(broken, strlen(broken), &s, &error), 0);
    char *got = render(&s);
    assert_string_equal(got, "/|甲 |乙 /|丙");
    free(got);
    items_free(&s);
}

/* ---- the corpus page, through the assembler ---- */

static void test_corpus_005_blank_cells(void **state)
{
    (void)state;
    const char *dir = test_corpus_dir();
    if (!dir) skip();
    char *path = corpus_path(dir, "005_", ".html");
    assert_non_null(path);
    size_t len;
    char *page = test_read_file(path, &len);
    item_stream s;
    items_init(&s, NULL);
    char *error = NULL;
    assert_int_equal(html_to_items(page, len, &s, &error), 0);
    assert_int_equal(count_kind(&s, ITEM_BLANK), 135); /* the &nbsp; cells */
    /* The row after the rowspan=20 cell starts with its own label cell; the first result row's values follow
     * its two labels: 258 12 _ _ 1 1 _. */
    size_t i = 0;
    while (i < s.count && !(s.items[i].cell_start && strcmp(item_norm(&s, &s.items[i]), "258") == 0)) i++;
    assert_true(i + 7 <= s.count);
    const char *want[] = {"258", "12", "", "", "1", "1", ""};
    for (int k = 0; k < 7; k++) assert_string_equal(item_norm(&s, &s.items[i + (size_t)k]), want[k]);
    assert_true(s.items[i - 2].line_start && s.items[i - 2].cell_start);
    assert_true(s.items[i - 1].cell_start && !s.items[i - 1].line_start);
    assert_true(s.items[i + 7].line_start);
    free(page);
    free(path);
    items_free(&s);
}

/* Prints where two JSON values differ, cell by cell; returns the number of differences. */
static int json_diff(const char *where, const json_t *want, const json_t *got)
{
    if (json_is_object(want)) {
        int n = 0;
        const char *key;
        const json_t *value;
        json_object_foreach((json_t *)want, key, value) {
            char sub[512];
            snprintf(sub, sizeof sub, "%s.%s", where, key);
            n += json_diff(sub, value, json_object_get(got, key));
        }
        return n;
    }
    if (json_is_array(want)) {
        int n = 0;
        for (size_t i = 0; i < json_array_size(want); i++) {
            char sub[512];
            snprintf(sub, sizeof sub, "%s[%zu]", where, i);
            n += json_diff(sub, json_array_get(want, i), json_array_get(got, i));
        }
        return n;
    }
    if (got && json_equal((json_t *)want, (json_t *)got)) return 0;
    char *w = json_dumps(want, JSON_ENCODE_ANY), *g = got ? json_dumps(got, JSON_ENCODE_ANY) : xstrdup("(missing)");
    fprintf(stderr, "  %s: expected %s, got %s\n", where, w, g);
    free(w);
    free(g);
    return 1;
}

static void test_corpus_005_cells(void **state)
{
    (void)state;
    const char *dir = test_corpus_dir();
    if (!dir) skip();
    char *path = corpus_path(dir, "005_", ".html");
    char expected_path[4096];
    snprintf(expected_path, sizeof expected_path, "%s/005.expected.json", dir);
    size_t len;
    char *page = test_read_file(path, &len);
    char *error = NULL;
    report *r = import_buffer(page, len, path, &error);
    if (!r) fprintf(stderr, "%s\n", error);
    assert_non_null(r);
    buf out = BUF_INIT;
    export_json(r, &out);
    json_error_t jerr;
    json_t *got = json_loads(out.data, 0, &jerr);
    json_t *want = json_load_file(expected_path, 0, &jerr);
    assert_non_null(got);
    assert_non_null(want);
    const char *sections[] = {REPORT_JSON_KEY_FORMAT, REPORT_JSON_KEY_YEAR, REPORT_JSON_KEY_AGENCY,
                              REPORT_JSON_KEY_PROACTIVE, REPORT_JSON_KEY_APPLICATIONS, REPORT_JSON_KEY_APPEALS};
    int differences = 0;
    for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++) {
        const json_t *w = json_object_get(want, sections[k]);
        if (w) differences += json_diff(sections[k], w, json_object_get(got, sections[k]));
    }
    assert_int_equal(differences, 0);
    json_decref(got);
    json_decref(want);
    buf_free(&out);
    report_free(r);
    free(page);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_lines),
        cmocka_unit_test(test_text_line_numbers),
        cmocka_unit_test(test_entities_and_spaces),
        cmocka_unit_test(test_spaces_at_every_offset),
        cmocka_unit_test(test_table_cells_and_blanks),
        cmocka_unit_test(test_table_rowspan_colspan),
        cmocka_unit_test(test_table_row_numbers_and_text_around),
        cmocka_unit_test(test_layout_tables),
        cmocka_unit_test(test_nested_data_table),
            cmocka_unit_test(test_grid_vertical_merge),
        cmocka_unit_test(test_hostile_spans_bounded),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_gbk_meta_charset),
        cmocka_unit_test(test_utf8_page_with_stale_gb_declaration),
        cmocka_unit_test(test_other_declared_encodings),
        cmocka_unit_test(test_corpus_005_in_gbk),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_corpus_005_blank_cells),
        cmocka_unit_test(test_corpus_005_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

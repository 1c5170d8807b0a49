/* html: web pages → items. libxml2's HTML parser builds the tree (lenient, no network); this file makes the page
 * UTF-8 first (honouring <meta charset>), then walks the tree in document order: text outside tables as lines,
 * data tables row by row and cell by cell through the emitter shared with DOCX (grid.h), layout tables (one cell,
 * or a few cells around other tables) as blocks of text. No label is known here: the assembler matches rows. */
#include "import/html.h"

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/grid.h"
#include "import/html_tree.h"
#include "import/import.h"
#include "import/xmllib.h"
#include "util/buf.h"
#include "util/text.h"

/* Tables nested deeper than this are read as plain blocks of text. */
#define HTML_MAX_TABLE_DEPTH 16
/* A table holding another table is taken for page layout when it has fewer cells of its own than this. */
#define LAYOUT_MAX_CELLS 20
/* How far into the page a <meta charset> is looked for. */
#define HTML_CHARSET_PROBE 65536

/* ---- encoding ---- */

enum charset_family { CHARSET_NONE, CHARSET_UTF8, CHARSET_GB, CHARSET_OTHER };

static bool starts_with_ci(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(end - p) >= n && strncasecmp(p, word, n) == 0;
}

/* True when position `at` lies inside a <meta ...> tag (looking back at most 1 KB). */
static bool inside_meta_tag(const char *data, size_t at)
{
    size_t stop = at > 1024 ? at - 1024 : 0;
    for (size_t i = at; i-- > stop;) {
        if (data[i] == '>') return false;
        if (data[i] == '<') return starts_with_ci(data + i + 1, data + at, "meta");
    }
    return false;
}

static enum charset_family classify_charset(const char *name)
{
    if (!strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8")) return CHARSET_UTF8;
    static const char *const gb_prefixes[] = {"gb", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "csgb",
                                              "x-euc-cn", "hz-gb"};
    for (size_t i = 0; i < sizeof gb_prefixes / sizeof gb_prefixes[0]; i++)
        if (!strncasecmp(name, gb_prefixes[i], strlen(gb_prefixes[i]))) return CHARSET_GB;
    return CHARSET_OTHER;
}

/* The charset a <meta charset=…> or <meta http-equiv content="…; charset=…"> declares; its name goes to name. */
static enum charset_family declared_charset(const char *data, size_t len, char name[32])
{
    static const char key[] = "charset";
    size_t probe = len < HTML_CHARSET_PROBE ? len : HTML_CHARSET_PROBE;
    const char *end = data + probe;
    for (size_t i = 0; i + sizeof key - 1 < probe; i++) {
        if ((data[i] | 0x20) != 'c' || !starts_with_ci(data + i, end, key) || !inside_meta_tag(data, i)) continue;
        const char *p = data + i + sizeof key - 1;
        while (p < end && (*p == ' ' || *p == '\t')) p++;
        if (p >= end || *p != '=') continue;
        p++;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'')) p++;
        size_t n = 0;
        while (p + n < end && n < 31 &&
               ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= '0' && p[n] <= '9') ||
                p[n] == '-' || p[n] == '_' || p[n] == '.' || p[n] == ':'))
            n++;
        if (n == 0) continue;
        memcpy(name, p, n);
        name[n] = '\0';
        return classify_charset(name);
    }
    name[0] = '\0';
    return CHARSET_NONE;
}

static void append_replacement(buf *out)
{
    buf_append(out, "\xEF\xBF\xBD", 3);
}

/* Copies UTF-8, replacing each invalid byte with U+FFFD. */
static void repair_utf8(const char *in, size_t len, buf *out)
{
    buf_reserve(out, len);
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)in[i] < 0x80) {
            buf_putc(out, in[i++]);
            continue;
        }
        int32_t cp;
        int n = utf8_decode(in + i, len - i, &cp);
        if (cp < 0) append_replacement(out);
        else buf_append(out, in + i, (size_t)n);
        i += (size_t)n;
    }
}

/* GB18030 → UTF-8 with iconv; an invalid or truncated sequence becomes U+FFFD and reading goes on. */
static void gb18030_lenient(const char *in, size_t len, buf *out)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        repair_utf8(in, len, out);
        return;
    }
    char *src = (char *)in;
    size_t left = len;
    while (left > 0) {
        buf_reserve(out, left * 2 + 16);
        char *dst = out->data + out->len;
        size_t room = out->cap - out->len - 1;
        size_t r = iconv(cd, &src, &left, &dst, &room);
        out->len = (size_t)(dst - out->data);
        out->data[out->len] = '\0';
        if (r != (size_t)-1) break;
        if (errno == E2BIG) continue;
        append_replacement(out);
        src++;
        left--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    buf_reserve(out, 0);
    iconv_close(cd);
}

/* The page as the parser should see it: UTF-8 text (maybe converted into `converted`), or the original bytes
 * with the name of an encoding libxml2 converts itself. */
typedef struct page_text {
    const char *data;
    size_t len;
    const char *encoding;   /* for htmlReadMemory */
    bool utf8;              /* data is UTF-8: the page's own declaration is then ignored */
    buf converted;          /* owned */
    char declared[32];
} page_text;

static void page_from_utf8(page_text *p, const char *data, size_t len)
{
    p->utf8 = true;
    p->encoding = "UTF-8";
    if (utf8_validate(data, len, NULL)) {
        p->data = data;
        p->len = len;
        return;
    }
    repair_utf8(data, len, &p->converted);
    p->data = buf_cstr(&p->converted);
    p->len = p->converted.len;
}

static void page_from_gb18030(page_text *p, const char *data, size_t len)
{
    gb18030_lenient(data, len, &p->converted);
    p->data = buf_cstr(&p->converted);
    p->len = p->converted.len;
    p->utf8 = true;
    p->encoding = "UTF-8";
}

static void page_decode(const libxml2_api *xml, page_text *p, const char *data, size_t len)
{
    memset(p, 0, sizeof *p);
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        page_from_utf8(p, data + 3, len - 3);
        return;
    }
    if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0)) {
        p->data = data;
        p->len = len;
        p->encoding = data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
        return;
    }
    enum charset_family family = declared_charset(data, len, p->declared);
    if (utf8_validate(data, len, NULL)) {
        /* Valid UTF-8 is UTF-8 whatever the page says: GB text is practically never valid UTF-8, while pages
         * re-encoded to UTF-8 with a stale gb2312 declaration are common. */
        p->utf8 = true;
        p->encoding = "UTF-8";
        p->data = data;
        p->len = len;
        return;
    }
    if (family == CHARSET_OTHER) {
        xmlCharEncodingHandlerPtr handler = xml->find_char_encoding_handler(p->declared);
        if (handler) {
            xml->char_enc_close_func(handler);
            p->data = data;
            p->len = len;
            p->encoding = p->declared;
            return;
        }
    }
    if (family == CHARSET_UTF8) {
        size_t bad = 0;
        if (text_to_utf8(data, len, &p->converted, &bad, NULL) == 0) { /* a GB page declared UTF-8 */
            p->data = buf_cstr(&p->converted);
            p->len = p->converted.len;
            p->utf8 = true;
            p->encoding = "UTF-8";
        } else {
            buf_clear(&p->converted);
            page_from_utf8(p, data, len);
        }
        return;
    }
    page_from_gb18030(p, data, len);
}

/* ---- walking ---- */

typedef struct html_walker {
    const html_tree *tree;
    item_emitter em;
    int table_depth;
    bool in_cell;          /* text goes into a table cell (breaks separate pieces) or into lines */
} html_walker;

static const html_node *node_at(const html_walker *w, uint32_t index) { return &w->tree->nodes[index]; }

static bool is_tag(const html_node *n, enum html_tag tag) { return !n->is_text && n->tag == tag; }

static bool is_cell(const html_node *n) { return is_tag(n, TAG_TD) || is_tag(n, TAG_TH); }

/* The next node after `at` in document order within root's subtree; at's children are skipped unless descend.
 * HTML_NONE at the end. */
static uint32_t subtree_after(const html_walker *w, uint32_t root, uint32_t at, bool descend)
{
    if (descend && node_at(w, at)->first_child) return node_at(w, at)->first_child;
    while (at != HTML_NONE && at != root) {
        if (node_at(w, at)->next) return node_at(w, at)->next;
        at = node_at(w, at)->parent;
    }
    return HTML_NONE;
}

static void walk_children(html_walker *w, uint32_t root);

/* A block boundary or <br>: a new line outside tables, a piece separator inside a cell. */
static void block_break(html_walker *w, const html_node *n)
{
    if (w->in_cell) emitter_space(&w->em);
    else emitter_new_line(&w->em, n->line);
}

static void add_text(html_walker *w, const html_node *n)
{
    if (!w->in_cell && !emitter_has_pending(&w->em)) w->em.line = n->line;
    emitter_text(&w->em, html_node_text(w->tree, n), n->text_len);
}

/* Reads the children of `parent` that are `tag` elements, each as a line (or piece) of its own: the <title> of
 * <head>, the <caption>s of a table. */
static void read_blocks_of(html_walker *w, uint32_t parent, enum html_tag tag)
{
    for (uint32_t c = node_at(w, parent)->first_child; c; c = node_at(w, c)->next) {
        if (!is_tag(node_at(w, c), tag)) continue;
        block_break(w, node_at(w, c));
        walk_children(w, c);
        block_break(w, node_at(w, c));
    }
}

static void read_cell(html_walker *w, uint32_t cell)
{
    emitter_begin_cell(&w->em);
    walk_children(w, cell);
    emitter_end_cell(&w->em);
}

static void read_row(html_walker *w, uint32_t row, int row_number)
{
    emitter_begin_row(&w->em, row_number);
    uint32_t at = node_at(w, row)->first_child;
    while (at) {
        const html_node *n = node_at(w, at);
        bool descend = !n->is_text && !is_tag(n, TAG_TABLE);
        if (is_cell(n)) {
            read_cell(w, at);
            descend = false;
        }
        at = subtree_after(w, row, at, descend);
    }
}

/* A table: its captions, then its rows, every cell once where the page prints it. The rows are the <tr> inside the
 * table (through thead/tbody/tfoot and stray wrappers such as <form>), not those of tables nested in its cells.
 * Spans need no placing: a spanned cell is printed once, and the items carry no column. */
static void read_table(html_walker *w, uint32_t table)
{
    bool outer_in_cell = w->in_cell;
    emitter_mark mark;
    if (outer_in_cell) emitter_enter_nested(&w->em, &mark);
    else emitter_new_line(&w->em, node_at(w, table)->line);
    w->in_cell = false;
    read_blocks_of(w, table, TAG_CAPTION);

    w->table_depth++;
    w->in_cell = true;
    int row_number = 0;
    uint32_t at = node_at(w, table)->first_child;
    while (at) {
        const html_node *n = node_at(w, at);
        bool descend = !n->is_text && !is_tag(n, TAG_TABLE) && !is_cell(n);
        if (is_tag(n, TAG_TR)) {
            if (row_number < INT_MAX) row_number++;
            read_row(w, at, row_number);
            descend = false;
        }
        at = subtree_after(w, table, at, descend);
    }
    w->table_depth--;

    w->in_cell = outer_in_cell;
    if (outer_in_cell) emitter_leave_nested(&w->em, &mark);
    else emitter_new_line(&w->em, node_at(w, table)->line);
}

/* A table used for page layout rather than data: one of a single cell, or one that holds another table and has
 * few cells of its own (sites that put their whole body, report tables included, in a layout table). Its cells
 * are read as blocks of text. A data table with a table in one of its cells keeps its cells. */
static bool is_layout_table(const html_walker *w, uint32_t table)
{
    const html_node *t = node_at(w, table); /* cells and holds_table counted by the tree builder */
    return t->cells == 1 || (t->holds_table && t->cells < LAYOUT_MAX_CELLS);
}

/* Handles entering a node; returns true when its children are to be walked. */
static bool enter_node(html_walker *w, uint32_t at)
{
    const html_node *n = node_at(w, at);
    if (n->is_text) {
        add_text(w, n);
        return false;
    }
    switch (n->kind) {
    case HTML_SKIP: return false;
    case HTML_HEAD: read_blocks_of(w, at, TAG_TITLE); return false;
    case HTML_BREAK: block_break(w, n); return false;
    case HTML_TABLE:
        if (w->table_depth < HTML_MAX_TABLE_DEPTH && !is_layout_table(w, at)) {
            read_table(w, at);
            return false;
        }
        block_break(w, n);
        return true;
    case HTML_BLOCK: block_break(w, n); return true;
    default: return true;
    }
}

static void leave_node(html_walker *w, const html_node *n)
{
    if (!n->is_text && n->kind == HTML_BLOCK) block_break(w, n);
}

/* Walks root's descendants in document order without recursion (pages can nest deeply). */
static void walk_children(html_walker *w, uint32_t root)
{
    uint32_t at = node_at(w, root)->first_child;
    while (at) {
        if (enter_node(w, at) && node_at(w, at)->first_child) {
            at = node_at(w, at)->first_child;
            continue;
        }
        for (;;) {
            leave_node(w, node_at(w, at));
            if (node_at(w, at)->next) {
                at = node_at(w, at)->next;
                break;
            }
            at = node_at(w, at)->parent;
            if (at == HTML_NONE || at == root) {
                at = HTML_NONE;
                break;
            }
        }
    }
}

static void ignore_libxml_message(void *context, const char *format, ...)
{
    (void)context;
    (void)format;
}

static int fail(char **error, const char *message)
{
    *error = xstrdup(message);
    return -1;
}

static bool has_element(const html_tree *t)
{
    for (uint32_t c = t->nodes[0].first_child; c; c = t->nodes[c].next)
        if (!t->nodes[c].is_text) return true;
    return false;
}

int html_to_items(const char *data, size_t len, item_stream *s, char **error)
{
    *error = NULL;
    if (len == 0) return fail(error, "网页为空");
    if (len > IMPORT_MAX_BYTES) return fail(error, "网页过大（超过 64 MB），不像是一份年度报告");
    const libxml2_api *xml = xmllib_libxml2(error);
    if (!xml) return -1;
    page_text page;
    page_decode(xml, &page, data, len);
    int options = HTML_TREE_OPTIONS | (page.utf8 ? HTML_PARSE_IGNORE_ENC : 0);
    /* libxml2 reports encoding failures through its generic handler even with NOERROR: silence it meanwhile
     * (the handler is per thread). */
    xmlGenericErrorFunc saved_handler = *xml->generic_error();
    void *saved_context = *xml->generic_error_context();
    xml->set_generic_error_func(NULL, ignore_libxml_message);
    html_tree tree;
    int parsed = html_tree_parse(xml, page.data, page.len, page.encoding, options, &tree);
    xml->set_generic_error_func(saved_context, saved_handler);
    buf_free(&page.converted);
    if (parsed != 0 || !has_element(&tree)) {
        html_tree_free(&tree);
        return fail(error, "网页无法解析：没有可读的内容");
    }
    items_reserve(s, tree.text.len);
    html_walker w = {.tree = &tree, .table_depth = 0, .in_cell = false};
    emitter_init(&w.em, s);
    walk_children(&w, 0);
    emitter_flush(&w.em);
    emitter_free(&w.em);
    html_tree_free(&tree);
    return 0;
}

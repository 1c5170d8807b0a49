/* html: web pages → items. libxml2's HTML parser builds the tree (lenient, no network); this file makes the page
 * UTF-8 first (honouring <meta charset>), then walks the tree in document order: text outside tables as lines,
 * data tables through the shared grid and emitter (grid.h), layout tables (one cell, or a few cells around other
 * tables) as blocks of text. No label is known here: the assembler matches rows. */
#include "import/html.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/grid.h"
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

/* ---- element kinds ---- */

enum element_kind { ELEMENT_INLINE, ELEMENT_BLOCK, ELEMENT_SKIP, ELEMENT_BREAK, ELEMENT_TABLE, ELEMENT_HEAD };

typedef struct element_entry {
    const char *name;
    enum element_kind kind;
} element_entry;

/* Sorted by name for bsearch. Elements not listed are inline. */
static const element_entry ELEMENTS[] = {
    {"address", ELEMENT_BLOCK}, {"article", ELEMENT_BLOCK}, {"aside", ELEMENT_BLOCK},
    {"blockquote", ELEMENT_BLOCK}, {"body", ELEMENT_BLOCK}, {"br", ELEMENT_BREAK},
    {"caption", ELEMENT_BLOCK}, {"center", ELEMENT_BLOCK}, {"dd", ELEMENT_BLOCK},
    {"details", ELEMENT_BLOCK}, {"dialog", ELEMENT_BLOCK}, {"dir", ELEMENT_BLOCK}, {"div", ELEMENT_BLOCK},
    {"dl", ELEMENT_BLOCK}, {"dt", ELEMENT_BLOCK}, {"fieldset", ELEMENT_BLOCK}, {"figcaption", ELEMENT_BLOCK},
    {"figure", ELEMENT_BLOCK}, {"footer", ELEMENT_BLOCK}, {"form", ELEMENT_BLOCK}, {"frameset", ELEMENT_BLOCK},
    {"h1", ELEMENT_BLOCK}, {"h2", ELEMENT_BLOCK}, {"h3", ELEMENT_BLOCK}, {"h4", ELEMENT_BLOCK},
    {"h5", ELEMENT_BLOCK}, {"h6", ELEMENT_BLOCK}, {"head", ELEMENT_HEAD}, {"header", ELEMENT_BLOCK},
    {"hr", ELEMENT_BREAK}, {"html", ELEMENT_BLOCK}, {"iframe", ELEMENT_SKIP}, {"legend", ELEMENT_BLOCK},
    {"li", ELEMENT_BLOCK}, {"main", ELEMENT_BLOCK}, {"menu", ELEMENT_BLOCK}, {"nav", ELEMENT_BLOCK},
    {"noframes", ELEMENT_SKIP}, {"noscript", ELEMENT_SKIP}, {"object", ELEMENT_SKIP}, {"ol", ELEMENT_BLOCK},
    {"option", ELEMENT_BLOCK}, {"p", ELEMENT_BLOCK}, {"pre", ELEMENT_BLOCK}, {"script", ELEMENT_SKIP},
    {"section", ELEMENT_BLOCK}, {"select", ELEMENT_BLOCK}, {"style", ELEMENT_SKIP}, {"summary", ELEMENT_BLOCK},
    {"table", ELEMENT_TABLE}, {"tbody", ELEMENT_BLOCK}, {"td", ELEMENT_BLOCK}, {"template", ELEMENT_SKIP},
    {"textarea", ELEMENT_BLOCK}, {"tfoot", ELEMENT_BLOCK}, {"th", ELEMENT_BLOCK}, {"thead", ELEMENT_BLOCK},
    {"title", ELEMENT_BLOCK}, {"tr", ELEMENT_BLOCK}, {"ul", ELEMENT_BLOCK},
};

static int compare_element(const void *key, const void *entry)
{
    return strcmp((const char *)key, ((const element_entry *)entry)->name);
}

static enum element_kind element_kind_of(const xmlNode *n)
{
    if (!n->name) return ELEMENT_INLINE;
    const element_entry *e = bsearch(n->name, ELEMENTS, sizeof ELEMENTS / sizeof ELEMENTS[0], sizeof ELEMENTS[0],
                                     compare_element);
    return e ? e->kind : ELEMENT_INLINE;
}

static bool is_element(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static bool is_cell(const xmlNode *n)
{
    return is_element(n, "td") || is_element(n, "th");
}

/* An integer attribute as browsers read it: leading digits; `fallback` when absent or not a number. */
static int int_attribute(const xmlNode *n, const char *name, int fallback)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (!a->name || strcasecmp((const char *)a->name, name) != 0) continue;
        const char *v = (a->children && a->children->content) ? (const char *)a->children->content : "";
        while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r') v++;
        if (*v < '0' || *v > '9') return fallback;
        long value = 0;
        while (*v >= '0' && *v <= '9' && value < 1000000) value = value * 10 + (*v++ - '0');
        return (int)value;
    }
    return fallback;
}

/* ---- walking ---- */

typedef struct html_walker {
    const libxml2_api *xml;
    item_emitter em;
    int table_depth;
    bool in_cell;          /* text goes into a table cell (breaks separate pieces) or into lines */
} html_walker;

static void walk_children(html_walker *w, xmlNode *root);

static int node_line(const html_walker *w, const xmlNode *n)
{
    long line = w->xml->get_line_no(n);
    return line > 0 && line < 0x7fffffff ? (int)line : 0;
}

/* A block boundary or <br>: a new line outside tables, a piece separator inside a cell. */
static void block_break(html_walker *w, const xmlNode *n)
{
    if (w->in_cell) emitter_space(&w->em);
    else emitter_new_line(&w->em, node_line(w, n));
}

static void add_text(html_walker *w, const xmlNode *n)
{
    if (!n->content) return;
    if (!w->in_cell && w->em.text.len == 0) w->em.line = node_line(w, n);
    emitter_text(&w->em, (const char *)n->content, strlen((const char *)n->content));
}

/* <head>: only its <title> is read, as a line of its own. */
static void read_head(html_walker *w, xmlNode *head)
{
    for (xmlNode *c = head->children; c; c = c->next) {
        if (!is_element(c, "title")) continue;
        block_break(w, c);
        walk_children(w, c);
        block_break(w, c);
    }
}

/* Collects the rows of a table: <tr> inside it (through thead/tbody/tfoot and stray wrappers such as <form>),
 * not those of tables nested in its cells. Caller frees *rows. */
static bool is_row(const xmlNode *n, const void *context)
{
    (void)context;
    return is_element(n, "tr");
}

static bool holds_rows(const xmlNode *n, const void *context)
{
    (void)context;
    return n->type == XML_ELEMENT_NODE && !is_element(n, "table") && !is_cell(n);
}

static size_t collect_rows(xmlNode *table, xmlNode ***rows)
{
    return subtree_collect(table, is_row, holds_rows, NULL, rows);
}

/* <caption>s of a table, read before its rows. */
static void read_captions(html_walker *w, xmlNode *table)
{
    for (xmlNode *c = table->children; c; c = c->next) {
        if (!is_element(c, "caption")) continue;
        block_break(w, c);
        walk_children(w, c);
        block_break(w, c);
    }
}

static void read_cell(html_walker *w, grid *g, xmlNode *cell)
{
    grid_add_flow(g, int_attribute(cell, "rowspan", 1), int_attribute(cell, "colspan", 1));
    emitter_begin_cell(&w->em);
    walk_children(w, cell);
    emitter_end_cell(&w->em);
}

static void read_row(html_walker *w, grid *g, xmlNode *row, int row_number)
{
    grid_begin_row(g);
    emitter_begin_row(&w->em, row_number);
    xmlNode *n = row->children;
    while (n) {
        bool descend = n->type == XML_ELEMENT_NODE && !is_element(n, "table");
        if (is_cell(n)) {
            read_cell(w, g, n);
            descend = false;
        }
        n = subtree_next(row, n, descend);
    }
}

/* A table: every cell once, at its origin in the grid, row by row. */
static void read_table(html_walker *w, xmlNode *table)
{
    bool outer_in_cell = w->in_cell;
    emitter_mark mark;
    if (outer_in_cell) emitter_enter_nested(&w->em, &mark);
    else emitter_new_line(&w->em, node_line(w, table));
    w->in_cell = false;
    read_captions(w, table);

    xmlNode **rows;
    size_t row_count = collect_rows(table, &rows);
    grid g;
    grid_init(&g, row_count > 0x7fffffff ? 0 : (int)row_count);
    w->table_depth++;
    w->in_cell = true;
    for (size_t r = 0; r < row_count; r++) read_row(w, &g, rows[r], (int)(r + 1));
    w->table_depth--;
    grid_free(&g);
    free(rows);

    w->in_cell = outer_in_cell;
    if (outer_in_cell) emitter_leave_nested(&w->em, &mark);
    else emitter_new_line(&w->em, node_line(w, table));
}

/* A table used for page layout rather than data: one of a single cell, or one that holds another table and has
 * few cells of its own (sites that put their whole body, report tables included, in a layout table). Its cells
 * are read as blocks of text. A data table with a table in one of its cells keeps its cells. */
static bool is_layout_table(xmlNode *table)
{
    size_t cells = 0;
    bool holds_table = false;
    xmlNode *n = table->children;
    while (n) {
        bool descend = n->type == XML_ELEMENT_NODE;
        if (is_element(n, "table")) {
            holds_table = true;
            descend = false;
        } else if (is_cell(n)) {
            cells++;
        }
        n = subtree_next(table, n, descend);
    }
    return cells == 1 || (holds_table && cells < LAYOUT_MAX_CELLS);
}

/* Handles entering a node; returns true when its children are to be walked. */
static bool enter_node(html_walker *w, xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        add_text(w, n);
        return false;
    }
    if (n->type != XML_ELEMENT_NODE) return false;
    switch (element_kind_of(n)) {
    case ELEMENT_SKIP: return false;
    case ELEMENT_HEAD: read_head(w, n); return false;
    case ELEMENT_BREAK: block_break(w, n); return false;
    case ELEMENT_TABLE:
        if (w->table_depth < HTML_MAX_TABLE_DEPTH && !is_layout_table(n)) {
            read_table(w, n);
            return false;
        }
        block_break(w, n);
        return true;
    case ELEMENT_BLOCK: block_break(w, n); return true;
    default: return true;
    }
}

static void leave_node(html_walker *w, xmlNode *n)
{
    if (n->type == XML_ELEMENT_NODE && element_kind_of(n) == ELEMENT_BLOCK) block_break(w, n);
}

/* Walks root's descendants in document order without recursion (pages can nest deeply). */
static void walk_children(html_walker *w, xmlNode *root)
{
    xmlNode *n = root->children;
    while (n) {
        if (enter_node(w, n) && n->children) {
            n = n->children;
            continue;
        }
        for (;;) {
            leave_node(w, n);
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (!n || n == root) {
                n = NULL;
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

int html_to_items(const char *data, size_t len, item_stream *s, char **error)
{
    *error = NULL;
    if (len == 0) return fail(error, "网页为空");
    if (len > IMPORT_MAX_BYTES) return fail(error, "网页过大（超过 64 MB），不像是一份年度报告");
    const libxml2_api *xml = xmllib_libxml2(error);
    if (!xml) return -1;
    page_text page;
    page_decode(xml, &page, data, len);
    int options = HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_RECOVER |
                  HTML_PARSE_COMPACT | HTML_PARSE_NOIMPLIED;
    if (page.utf8) options |= HTML_PARSE_IGNORE_ENC;
    /* libxml2 reports encoding failures through its generic handler even with NOERROR: silence it meanwhile
     * (the handler is per thread). */
    xmlGenericErrorFunc saved_handler = *xml->generic_error();
    void *saved_context = *xml->generic_error_context();
    xml->set_generic_error_func(NULL, ignore_libxml_message);
    htmlDocPtr doc = xml->html_read_memory(page.data, (int)page.len, NULL, page.encoding, options);
    xml->set_generic_error_func(saved_context, saved_handler);
    xmlNode *root = doc ? xml->doc_get_root_element(doc) : NULL;
    if (!root) {
        if (doc) xml->free_doc(doc);
        buf_free(&page.converted);
        return fail(error, "网页无法解析：没有可读的内容");
    }
    html_walker w = {.xml = xml, .table_depth = 0, .in_cell = false};
    emitter_init(&w.em, s);
    walk_children(&w, (xmlNode *)doc);
    emitter_flush(&w.em);
    emitter_free(&w.em);
    xml->free_doc(doc);
    buf_free(&page.converted);
    return 0;
}

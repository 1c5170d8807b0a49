/* html_tree: libxml2's HTML SAX events → the compact tree of html_tree.h. */
#include "import/html_tree.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct element_entry {
    const char *name;
    uint8_t kind; /* enum html_element_kind */
    uint8_t tag;  /* enum html_tag */
} element_entry;

/* Sorted by name for bsearch. Elements not listed are inline. libxml2 gives element names in lower case. */
static const element_entry ELEMENTS[] = {
    {"address", HTML_BLOCK, TAG_OTHER}, {"article", HTML_BLOCK, TAG_OTHER}, {"aside", HTML_BLOCK, TAG_OTHER},
    {"blockquote", HTML_BLOCK, TAG_OTHER}, {"body", HTML_BLOCK, TAG_OTHER}, {"br", HTML_BREAK, TAG_OTHER},
    {"caption", HTML_BLOCK, TAG_CAPTION}, {"center", HTML_BLOCK, TAG_OTHER}, {"dd", HTML_BLOCK, TAG_OTHER},
    {"details", HTML_BLOCK, TAG_OTHER}, {"dialog", HTML_BLOCK, TAG_OTHER}, {"dir", HTML_BLOCK, TAG_OTHER},
    {"div", HTML_BLOCK, TAG_OTHER}, {"dl", HTML_BLOCK, TAG_OTHER}, {"dt", HTML_BLOCK, TAG_OTHER},
    {"fieldset", HTML_BLOCK, TAG_OTHER}, {"figcaption", HTML_BLOCK, TAG_OTHER}, {"figure", HTML_BLOCK, TAG_OTHER},
    {"footer", HTML_BLOCK, TAG_OTHER}, {"form", HTML_BLOCK, TAG_OTHER}, {"frameset", HTML_BLOCK, TAG_OTHER},
    {"h1", HTML_BLOCK, TAG_OTHER}, {"h2", HTML_BLOCK, TAG_OTHER}, {"h3", HTML_BLOCK, TAG_OTHER},
    {"h4", HTML_BLOCK, TAG_OTHER}, {"h5", HTML_BLOCK, TAG_OTHER}, {"h6", HTML_BLOCK, TAG_OTHER},
    {"head", HTML_HEAD, TAG_OTHER}, {"header", HTML_BLOCK, TAG_OTHER}, {"hr", HTML_BREAK, TAG_OTHER},
    {"html", HTML_BLOCK, TAG_OTHER}, {"iframe", HTML_SKIP, TAG_OTHER}, {"legend", HTML_BLOCK, TAG_OTHER},
    {"li", HTML_BLOCK, TAG_OTHER}, {"main", HTML_BLOCK, TAG_OTHER}, {"menu", HTML_BLOCK, TAG_OTHER},
    {"nav", HTML_BLOCK, TAG_OTHER}, {"noframes", HTML_SKIP, TAG_OTHER}, {"noscript", HTML_SKIP, TAG_OTHER},
    {"object", HTML_SKIP, TAG_OTHER}, {"ol", HTML_BLOCK, TAG_OTHER}, {"option", HTML_BLOCK, TAG_OTHER},
    {"p", HTML_BLOCK, TAG_OTHER}, {"pre", HTML_BLOCK, TAG_OTHER}, {"script", HTML_SKIP, TAG_OTHER},
    {"section", HTML_BLOCK, TAG_OTHER}, {"select", HTML_BLOCK, TAG_OTHER}, {"style", HTML_SKIP, TAG_OTHER},
    {"summary", HTML_BLOCK, TAG_OTHER}, {"table", HTML_TABLE, TAG_TABLE}, {"tbody", HTML_BLOCK, TAG_OTHER},
    {"td", HTML_BLOCK, TAG_TD}, {"template", HTML_SKIP, TAG_OTHER}, {"textarea", HTML_BLOCK, TAG_OTHER},
    {"tfoot", HTML_BLOCK, TAG_OTHER}, {"th", HTML_BLOCK, TAG_TH}, {"thead", HTML_BLOCK, TAG_OTHER},
    {"title", HTML_BLOCK, TAG_TITLE}, {"tr", HTML_BLOCK, TAG_TR}, {"ul", HTML_BLOCK, TAG_OTHER},
};

static int compare_element(const void *key, const void *entry)
{
    return strcmp((const char *)key, ((const element_entry *)entry)->name);
}

/* Element names come from the parser's dictionary, one pointer per name for the whole parse: the entry found for a
 * name is kept by pointer in a small open-addressed table, so the sorted table is searched once per name and page
 * rather than per element. The slot comes from the pointer's high product bits (dictionary strings lie a few
 * bytes apart, so its low bits alone collide). */
#define NAME_CACHE_BITS 7
#define NAME_CACHE_SLOTS (1u << NAME_CACHE_BITS)
typedef struct name_cache {
    const xmlChar *names[NAME_CACHE_SLOTS];          /* NULL: a free slot */
    const element_entry *entries[NAME_CACHE_SLOTS];  /* NULL: not listed, an inline element */
    unsigned used;
} name_cache;

typedef struct builder {
    html_tree *tree;
    htmlParserCtxtPtr ctxt;
    uint32_t current; /* the element text and new elements go into; HTML_NONE (the document) at top level */
    uint32_t table;   /* the innermost open table, HTML_NONE when none */
    name_cache names;
} builder;

static unsigned name_slot(const xmlChar *name)
{
    return (unsigned)(((uint64_t)(uintptr_t)name * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - NAME_CACHE_BITS));
}

static const element_entry *element_of(builder *b, const xmlChar *name)
{
    name_cache *c = &b->names;
    unsigned slot = name_slot(name);
    for (; c->names[slot]; slot = (slot + 1) % NAME_CACHE_SLOTS)
        if (c->names[slot] == name) return c->entries[slot];
    const element_entry *e = bsearch(name, ELEMENTS, sizeof ELEMENTS / sizeof ELEMENTS[0], sizeof ELEMENTS[0],
                                     compare_element);
    if (c->used < NAME_CACHE_SLOTS / 2) { /* half full at most: probes stay short and a free slot always ends them */
        c->names[slot] = name;
        c->entries[slot] = e;
        c->used++;
    }
    return e;
}

static int current_line(const builder *b)
{
    const xmlParserInput *in = b->ctxt ? b->ctxt->input : NULL;
    return in && in->line > 0 ? in->line : 0;
}

/* Doubles the node array; out of line, as it runs a few times per page at most. */
__attribute__((noinline)) static void grow_nodes(html_tree *t)
{
    t->cap *= 2;
    t->nodes = xrealloc(t->nodes, t->cap * sizeof *t->nodes);
}

/* Appends a node under the current element (or the document); returns its index. Inline in the two callbacks:
 * it runs for every element and text of the page. */
static inline uint32_t add_node(builder *b, uint8_t is_text)
{
    html_tree *t = b->tree;
    if (t->count == t->cap) grow_nodes(t);
    uint32_t index = (uint32_t)t->count++;
    html_node *nodes = t->nodes;
    nodes[index] = (html_node){.parent = b->current, .line = current_line(b), .is_text = is_text};
    html_node *parent = &nodes[b->current];
    if (parent->last_child) nodes[parent->last_child].next = index;
    else parent->first_child = index;
    parent->last_child = index;
    return index;
}

/* Counts what the walker asks of each table (layout or data?) as the cells and tables arrive, instead of walking
 * every table's subtree again: a cell counts for the innermost table open around it, a table makes the table
 * open around it one that holds a table. */
static void note_table_parts(builder *b, uint32_t index)
{
    html_node *nodes = b->tree->nodes;
    if (nodes[index].tag == TAG_TD || nodes[index].tag == TAG_TH) {
        if (b->table != HTML_NONE) nodes[b->table].cells++;
    } else if (nodes[index].tag == TAG_TABLE) {
        if (b->table != HTML_NONE) nodes[b->table].holds_table = 1;
        nodes[index].outer_table = b->table;
        b->table = index;
    }
}

static void on_start_element(void *context, const xmlChar *name, const xmlChar **attrs)
{
    (void)attrs; /* nothing the importer takes from a page depends on an attribute (a spanned cell is read once) */
    builder *b = context;
    uint32_t index = add_node(b, 0);
    html_node *n = &b->tree->nodes[index];
    const element_entry *e = name ? element_of(b, name) : NULL;
    n->kind = e ? e->kind : HTML_INLINE;
    n->tag = e ? e->tag : TAG_OTHER;
    b->current = index;
    if (n->tag != TAG_OTHER) note_table_parts(b, index);
}

/* libxml2 ends every element it opened, in order, whether the page closed it or not. */
static void on_end_element(void *context, const xmlChar *name)
{
    (void)name;
    builder *b = context;
    if (b->current == HTML_NONE) return;
    if (b->current == b->table) b->table = b->tree->nodes[b->table].outer_table;
    b->current = b->tree->nodes[b->current].parent;
}

/* Text (kind 1) or the raw content of script and style (kind 2, a CDATA node to libxml2). As libxml2's tree
 * builder: none outside elements; adjacent text of one kind is one node; a text node has the line where its first
 * part ended, a CDATA node that of the node before it or else of its parent. */
static void add_text(builder *b, const xmlChar *chars, int len, uint8_t kind)
{
    html_tree *t = b->tree;
    if (b->current == HTML_NONE || len <= 0) return;
    uint32_t last = t->nodes[b->current].last_child;
    if (last && t->nodes[last].is_text == kind && t->nodes[last].text_off + t->nodes[last].text_len == t->text.len) {
        buf_append(&t->text, chars, (size_t)len);
        t->nodes[last].text_len += (uint32_t)len;
        return;
    }
    uint32_t index = add_node(b, kind); /* may move t->nodes */
    html_node *n = &t->nodes[index];
    if (kind == 2) n->line = last ? t->nodes[last].line : t->nodes[b->current].line;
    n->text_off = (uint32_t)t->text.len;
    n->text_len = (uint32_t)len;
    buf_append(&t->text, chars, (size_t)len);
}

static void on_characters(void *context, const xmlChar *chars, int len)
{
    add_text(context, chars, len, 1);
}

static void on_cdata(void *context, const xmlChar *chars, int len)
{
    add_text(context, chars, len, 2);
}

/* True when the parser can read `data` as UTF-8 without an encoder. htmlCtxtReadMemory, told "UTF-8", plugs in
 * libxml2's UTF-8 → UTF-8 encoder: a second copy of the page, byte for byte the same, whose one side effect is to
 * skip a byte order mark. So the encoder is left out unless the page begins with one, or with bytes from which
 * htmlParseDocument would guess another encoding (UTF-16, UCS-4: NUL bytes around a '<'). */
static bool readable_as_utf8(const libxml2_api *xml, const char *data, size_t len, const char *encoding, int options)
{
    if (!encoding || strcmp(encoding, "UTF-8") != 0 || !(options & HTML_PARSE_IGNORE_ENC) || len < 4 ||
        len > INT_MAX)
        return false;
    const unsigned char *u = (const unsigned char *)data;
    if (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) return false;
    xmlCharEncoding guessed = xml->detect_char_encoding(u, 4);
    return guessed == XML_CHAR_ENCODING_NONE || guessed == XML_CHAR_ENCODING_UTF8;
}

/* Runs the parser over UTF-8 `data` with no encoder: the same input stream htmlCtxtReadMemory would push, marked
 * UTF-8. Returns 0, or -1 when libxml2 could not make the input (out of memory). */
static int parse_utf8(const libxml2_api *xml, htmlParserCtxtPtr ctxt, const char *data, size_t len, int options)
{
    xmlParserInputBufferPtr input = xml->parser_input_buffer_create_mem(data, (int)len, XML_CHAR_ENCODING_UTF8);
    if (!input) return -1;
    xmlParserInputPtr stream = xml->new_io_input_stream(ctxt, input, XML_CHAR_ENCODING_UTF8);
    if (!stream) {
        xml->free_parser_input_buffer(input);
        return -1;
    }
    if (xml->input_push(ctxt, stream) < 0) return -1; /* inputPush frees the stream when it fails */
    xml->html_ctxt_use_options(ctxt, options);
    xml->html_parse_document(ctxt);
    return 0;
}

int html_tree_parse(const libxml2_api *xml, const char *data, size_t len, const char *encoding, int options,
                    html_tree *tree)
{
    memset(tree, 0, sizeof *tree);
    tree->cap = 64 + len / 16;
    tree->nodes = xmalloc(tree->cap * sizeof *tree->nodes);
    tree->count = 1;
    memset(&tree->nodes[0], 0, sizeof tree->nodes[0]);
    buf_reserve(&tree->text, len / 2 + 64);

    htmlParserCtxtPtr ctxt = xml->html_new_parser_ctxt();
    if (!ctxt) return -1;
    htmlSAXHandler *sax = (htmlSAXHandler *)ctxt->sax;
    memset(sax, 0, sizeof *sax);
    sax->startElement = on_start_element;
    sax->endElement = on_end_element;
    sax->characters = on_characters;
    sax->cdataBlock = on_cdata;
    builder b = {.tree = tree, .ctxt = ctxt, .current = HTML_NONE, .table = HTML_NONE};
    ctxt->userData = &b;
    int rc = 0;
    if (readable_as_utf8(xml, data, len, encoding, options)) {
        rc = parse_utf8(xml, ctxt, data, len, options);
    } else {
        htmlDocPtr doc = xml->html_ctxt_read_memory(ctxt, data, (int)len, NULL, encoding, options);
        if (doc) xml->free_doc(doc); /* none is built without the tree builder's callbacks; to be sure */
    }
    if (ctxt->myDoc) xml->free_doc(ctxt->myDoc);
    ctxt->myDoc = NULL;
    xml->html_free_parser_ctxt(ctxt);
    return rc;
}

void html_tree_free(html_tree *tree)
{
    free(tree->nodes);
    buf_free(&tree->text);
    memset(tree, 0, sizeof *tree);
}

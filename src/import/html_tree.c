/* html_tree: libxml2's HTML SAX events → the compact tree of html_tree.h. */
#include "import/html_tree.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* An integer attribute as browsers read it: leading digits; `fallback` when absent or not a number. The first
 * attribute of that name counts. */
static int int_attribute(const xmlChar **attrs, const char *name, int fallback)
{
    for (size_t i = 0; attrs && attrs[i]; i += 2) {
        if (strcasecmp((const char *)attrs[i], name) != 0) continue;
        const char *v = attrs[i + 1] ? (const char *)attrs[i + 1] : "";
        while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r') v++;
        if (*v < '0' || *v > '9') return fallback;
        long value = 0;
        while (*v >= '0' && *v <= '9' && value < 1000000) value = value * 10 + (*v++ - '0');
        return (int)value;
    }
    return fallback;
}

/* Element names come from the parser's dictionary, one pointer per name for the whole parse: the entries found
 * for recent names are kept by pointer, so the table is searched about once per name rather than per element. */
#define NAME_CACHE_SLOTS 64
typedef struct name_cache {
    const xmlChar *names[NAME_CACHE_SLOTS];
    const element_entry *entries[NAME_CACHE_SLOTS]; /* NULL: not listed, an inline element */
} name_cache;

typedef struct builder {
    html_tree *tree;
    htmlParserCtxtPtr ctxt;
    uint32_t current; /* the element text and new elements go into; HTML_NONE (the document) at top level */
    name_cache names;
} builder;

static const element_entry *element_of(builder *b, const xmlChar *name)
{
    size_t slot = ((uintptr_t)name >> 4) % NAME_CACHE_SLOTS;
    if (b->names.names[slot] == name) return b->names.entries[slot];
    const element_entry *e = bsearch(name, ELEMENTS, sizeof ELEMENTS / sizeof ELEMENTS[0], sizeof ELEMENTS[0],
                                     compare_element);
    b->names.names[slot] = name;
    b->names.entries[slot] = e;
    return e;
}

static int current_line(const builder *b)
{
    const xmlParserInput *in = b->ctxt ? b->ctxt->input : NULL;
    return in && in->line > 0 ? in->line : 0;
}

/* Appends a node under the current element (or the document). */
static html_node *add_node(builder *b)
{
    html_tree *t = b->tree;
    if (t->count == t->cap) {
        t->cap *= 2;
        t->nodes = xrealloc(t->nodes, t->cap * sizeof *t->nodes);
    }
    uint32_t index = (uint32_t)t->count++;
    html_node *n = &t->nodes[index];
    memset(n, 0, sizeof *n);
    n->parent = b->current;
    n->line = current_line(b);
    html_node *parent = &t->nodes[b->current];
    if (parent->last_child) t->nodes[parent->last_child].next = index;
    else parent->first_child = index;
    parent->last_child = index;
    return n;
}

static void on_start_element(void *context, const xmlChar *name, const xmlChar **attrs)
{
    builder *b = context;
    html_node *n = add_node(b);
    const element_entry *e = name ? element_of(b, name) : NULL;
    n->kind = e ? e->kind : HTML_INLINE;
    n->tag = e ? e->tag : TAG_OTHER;
    n->rowspan = n->colspan = 1;
    if (n->tag == TAG_TD || n->tag == TAG_TH) {
        n->rowspan = int_attribute(attrs, "rowspan", 1);
        n->colspan = int_attribute(attrs, "colspan", 1);
    }
    b->current = (uint32_t)(n - b->tree->nodes);
}

/* libxml2 ends every element it opened, in order, whether the page closed it or not. */
static void on_end_element(void *context, const xmlChar *name)
{
    (void)name;
    builder *b = context;
    if (b->current != HTML_NONE) b->current = b->tree->nodes[b->current].parent;
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
    html_node *n = add_node(b);
    n->is_text = kind;
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
    builder b = {.tree = tree, .ctxt = ctxt, .current = HTML_NONE};
    ctxt->userData = &b;
    htmlDocPtr doc = xml->html_ctxt_read_memory(ctxt, data, (int)len, NULL, encoding, options);
    if (doc) xml->free_doc(doc); /* none is built without the tree builder's callbacks; to be sure */
    xml->html_free_parser_ctxt(ctxt);
    return 0;
}

void html_tree_free(html_tree *tree)
{
    free(tree->nodes);
    buf_free(&tree->text);
    memset(tree, 0, sizeof *tree);
}

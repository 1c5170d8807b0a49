/* html_tree: a web page as a compact tree, built from the SAX events of libxml2's HTML parser. libxml2 does all
 * of the parsing (tokens, entities, implied and auto-closed elements, encodings); this keeps only what the HTML
 * importer reads — elements with their kind and tag, and text — in one array of nodes and one text buffer,
 * instead of a libxml2 tree of separately allocated nodes that must be freed one by one. The shape is the one
 * libxml2's own tree builder would give for the same events: adjacent text is one node, text outside every
 * element is dropped. */
#ifndef GONGKAI_IMPORT_HTML_TREE_H
#define GONGKAI_IMPORT_HTML_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "import/xmllib.h"
#include "util/buf.h"

/* How an element takes part in reading the page. */
enum html_element_kind {
    HTML_INLINE,  /* its text flows on (span, a, b …, and every element not listed) */
    HTML_BLOCK,   /* starts and ends a line (p, div, h1, li, td …) */
    HTML_SKIP,    /* never read (script, style, iframe …) */
    HTML_BREAK,   /* br, hr */
    HTML_TABLE,
    HTML_HEAD     /* only its title is read */
};

/* The elements the importer tells apart by name. */
enum html_tag { TAG_OTHER, TAG_TABLE, TAG_TR, TAG_TD, TAG_TH, TAG_CAPTION, TAG_TITLE };

#define HTML_NONE 0u /* "no node": node 0 is the document, never anyone's child, next or parent */

typedef struct html_node {
    uint32_t parent, first_child, last_child, next; /* HTML_NONE when absent */
    uint32_t text_off, text_len; /* a text node's text, in tree->text */
    int line;                    /* source line where the element's start tag or the text ended (1-based) */
    uint32_t cells;              /* a table: the td and th inside it, not counting those of tables inside it */
    uint32_t outer_table;        /* a table: the table it lies in, HTML_NONE when none */
    uint8_t holds_table;         /* a table: 1 when another table lies inside it */
    uint8_t is_text;             /* 1 text, 2 the raw content of script or style; 0 an element */
    uint8_t tag;                 /* enum html_tag */
    uint8_t kind;                /* enum html_element_kind */
} html_node;

typedef struct html_tree {
    html_node *nodes; /* owned; nodes[0] is the document */
    size_t count, cap;
    buf text;         /* owned: the text of every text node */
} html_tree;

/* How the importer runs libxml2's HTML parser: lenient, silent, no network, no implied html/body elements (plus
 * HTML_PARSE_IGNORE_ENC when the page is already UTF-8). */
#define HTML_TREE_OPTIONS                                                                                             \
    (HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_COMPACT |        \
     HTML_PARSE_NOIMPLIED)

/* Parses a page with libxml2's HTML parser (`encoding` as htmlReadMemory takes it, `options` HTML_PARSE_*).
 * Returns 0, or -1 when libxml2 could not start a parse (out of memory). The tree may hold no element at all
 * when the bytes are not a page. */
int html_tree_parse(const libxml2_api *xml, const char *data, size_t len, const char *encoding, int options,
                    html_tree *tree);
void html_tree_free(html_tree *tree);

static inline const char *html_node_text(const html_tree *t, const html_node *n) { return t->text.data + n->text_off; }

#endif

/* docx: Word documents → items. libzip opens the archive from memory (sizes checked before anything is
 * decompressed, encrypted entries refused); libxml2 reads the main part without network access or entity
 * substitution; the walk turns w:p into lines and w:tbl into grid rows (gridSpan, vMerge, gridBefore) through the
 * emitter shared with the HTML importer (grid.h); a layout table (one cell, or a few cells around other tables) is
 * read as paragraphs. No label is known here: the assembler matches rows. */
#include "import/docx.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/grid.h"
#include "import/import.h"
#include "import/xmllib.h"
#include "util/buf.h"

/* Entries in the archive, at most (a Word document has a few dozen). */
#define DOCX_MAX_ENTRIES 20000
/* A table holding another table is taken for layout when it has fewer cells of its own than this. */
#define LAYOUT_MAX_CELLS 20
/* Tables nested deeper than this are read as plain paragraphs. */
#define DOCX_MAX_TABLE_DEPTH 16

static const char W_MAIN[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
static const char W_STRICT[] = "http://purl.oclc.org/ooxml/wordprocessingml/main";
static const char MC_NS[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";
static const char OFFICE_DOCUMENT_REL[] = "/officeDocument";
static const char DEFAULT_MAIN_PART[] = "word/document.xml";

static int fail(char **error, const char *message)
{
    if (!*error) *error = xstrdup(message);
    return -1;
}

/* ---- archive ---- */

/* The open archive and the libraries that read it. */
typedef struct docx_archive {
    const libzip_api *zip;
    const libxml2_api *xml;
    zip_t *za;
} docx_archive;

/* Checks every entry before anything is decompressed: count, declared sizes (zip bombs), encryption. */
static int check_entries(const docx_archive *a, char **error)
{
    zip_int64_t count = a->zip->get_num_entries(a->za, 0);
    if (count < 0) return fail(error, "不是有效的 DOCX 文件：压缩包目录无法读取");
    if (count > DOCX_MAX_ENTRIES) return fail(error, "压缩包中的文件过多，不像是 Word 文档");
    uint64_t total = 0;
    for (zip_int64_t i = 0; i < count; i++) {
        zip_stat_t st;
        a->zip->stat_init(&st);
        if (a->zip->stat_index(a->za, (zip_uint64_t)i, 0, &st) != 0) return fail(error, "不是有效的 DOCX 文件：压缩包已损坏");
        if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
            return fail(error, "文档已加密（设有密码），请在 Word 中取消密码、另存为 .docx 后再导入");
        if (st.valid & ZIP_STAT_SIZE) {
            if (st.size > DOCX_MAX_TOTAL_BYTES - total) return fail(error, "压缩包解压后过大，疑似压缩炸弹，拒绝读取");
            total += st.size;
        }
    }
    return 0;
}

/* Reads one part whole into out (NUL-terminated). *missing is set when the archive has no such part. */
static int read_part(const docx_archive *a, const char *name, buf *out, bool *missing, char **error)
{
    *missing = false;
    while (*name == '/') name++;
    zip_int64_t index = a->zip->name_locate(a->za, name, ZIP_FL_NOCASE);
    if (index < 0) {
        *missing = true;
        return -1;
    }
    zip_stat_t st;
    a->zip->stat_init(&st);
    if (a->zip->stat_index(a->za, (zip_uint64_t)index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return fail(error, "不是有效的 DOCX 文件：压缩包已损坏");
    if (st.size > DOCX_MAX_PART_BYTES) return fail(error, "压缩包解压后过大，疑似压缩炸弹，拒绝读取");
    if ((st.valid & ZIP_STAT_COMP_METHOD) && !a->zip->compression_method_supported((zip_int32_t)st.comp_method, 0))
        return fail(error, "DOCX 文件使用了不支持的压缩方式，请在 Word 中重新保存后再导入");
    zip_file_t *file = a->zip->fopen_index(a->za, (zip_uint64_t)index, 0);
    if (!file) return fail(error, "不是有效的 DOCX 文件：压缩包中的正文无法打开（可能已损坏或加密）");
    buf_clear(out);
    buf_reserve(out, (size_t)st.size);
    zip_int64_t got = st.size ? a->zip->fread(file, out->data, st.size) : 0;
    char extra;
    /* One more read reaches the end of the entry, where libzip checks the CRC. */
    zip_int64_t tail = a->zip->fread(file, &extra, 1);
    a->zip->fclose(file);
    if (got < 0 || (zip_uint64_t)got != st.size || tail != 0)
        return fail(error, "不是有效的 DOCX 文件：压缩包已损坏（数据不完整或校验失败）");
    out->len = (size_t)got;
    out->data[out->len] = '\0';
    return 0;
}

static void ignore_libxml_message(void *context, const char *format, ...)
{
    (void)context;
    (void)format;
}

static xmlDocPtr parse_xml(const libxml2_api *xml, const buf *part, const char *name)
{
    if (part->len > INT32_MAX) return NULL;
    /* libxml2 reports encoding failures through its generic handler even with NOERROR: silence it meanwhile
     * (the handler is per thread). */
    xmlGenericErrorFunc saved_handler = *xml->generic_error();
    void *saved_context = *xml->generic_error_context();
    xml->set_generic_error_func(NULL, ignore_libxml_message);
    /* No XML_PARSE_NOENT (entities stay unexpanded), no DTD loading, no network. */
    xmlDocPtr doc = xml->read_memory(part->data ? part->data : "", (int)part->len, name, NULL,
                                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
    xml->set_generic_error_func(saved_context, saved_handler);
    return doc;
}

static const char *attribute(const xmlNode *n, const char *local)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && strcmp((const char *)a->name, local) == 0)
            return (a->children && a->children->content) ? (const char *)a->children->content : "";
    return NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The main document part named by _rels/.rels (word/document.xml when the relationship is missing). */
static char *main_part_name(const docx_archive *a, char **error)
{
    buf rels = BUF_INIT;
    bool missing = false;
    char *name = NULL;
    if (read_part(a, "_rels/.rels", &rels, &missing, error) == 0) {
        xmlDocPtr doc = parse_xml(a->xml, &rels, "_rels/.rels");
        xmlNode *root = doc ? a->xml->doc_get_root_element(doc) : NULL;
        for (xmlNode *n = root ? root->children : NULL; n && !name; n = n->next) {
            if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "Relationship") != 0) continue;
            const char *type = attribute(n, "Type"), *target = attribute(n, "Target");
            const char *mode = attribute(n, "TargetMode");
            if (type && target && *target && ends_with(type, OFFICE_DOCUMENT_REL) && !(mode && strcmp(mode, "External") == 0))
                name = xstrdup(target);
        }
        if (doc) a->xml->free_doc(doc);
    }
    buf_free(&rels);
    if (*error) {
        free(name);
        return NULL;
    }
    return name ? name : xstrdup(DEFAULT_MAIN_PART);
}

/* ---- the document tree ---- */

static bool in_ns(const xmlNode *n, const char *href)
{
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, href) == 0;
}

static bool is_w(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0 &&
           (in_ns(n, W_MAIN) || in_ns(n, W_STRICT));
}

/* A child element w:<local> of n, or NULL. */
static xmlNode *w_child(const xmlNode *n, const char *local)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_w(c, local)) return c;
    return NULL;
}

/* The integer w:val of property w:<local> under props; fallback when absent or not a number. */
static int w_int_value(const xmlNode *props, const char *local, int fallback)
{
    const xmlNode *p = w_child(props, local);
    const char *v = p ? attribute(p, "val") : NULL;
    if (!v || *v < '0' || *v > '9') return fallback;
    long value = 0;
    while (*v >= '0' && *v <= '9' && value < 1000000) value = value * 10 + (*v++ - '0');
    return (int)value;
}

static int compare_name(const void *key, const void *entry)
{
    return strcmp((const char *)key, *(const char *const *)entry);
}

/* Content Word does not show or shows twice: deleted runs, field codes, the fallback copy of drawings; and the
 * property elements, which hold no text. */
static bool is_hidden_content(const xmlNode *n)
{
    static const char *const hidden[] = {"del",     "delInstrText", "instrText", "moveFrom", "pPr",  "rPr",
                                         "sectPr",  "tblGrid",      "tblPr",     "tblPrEx",  "tcPr", "trPr"};
    if (n->type != XML_ELEMENT_NODE) return true;
    if (!in_ns(n, W_MAIN) && !in_ns(n, W_STRICT)) return in_ns(n, MC_NS) && strcmp((const char *)n->name, "Fallback") == 0;
    return bsearch(n->name, hidden, sizeof hidden / sizeof hidden[0], sizeof hidden[0], compare_name) != NULL;
}

typedef struct docx_reader {
    item_emitter em;
    int table_depth;
    bool in_cell;
    int paragraph;       /* paragraphs outside tables so far: their line numbers */
} docx_reader;

static void walk_blocks(docx_reader *d, xmlNode *root);

/* Appends a paragraph's visible text (runs' w:t, tabs and breaks as spaces) to the emitter. */
static void paragraph_text(docx_reader *d, xmlNode *p)
{
    xmlNode *n = p->children;
    while (n) {
        bool descend = false;
        if (n->type == XML_ELEMENT_NODE && !is_hidden_content(n)) {
            if (is_w(n, "t")) {
                for (xmlNode *t = n->children; t; t = t->next)
                    if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
                        emitter_text(&d->em, (const char *)t->content, strlen((const char *)t->content));
            } else if (is_w(n, "tab") || is_w(n, "ptab") || is_w(n, "br") || is_w(n, "cr")) {
                emitter_space(&d->em);
            } else if (is_w(n, "noBreakHyphen")) {
                emitter_text(&d->em, "-", 1);
            } else {
                if (is_w(n, "p") || is_w(n, "tbl") || is_w(n, "tc")) emitter_space(&d->em); /* text boxes */
                descend = true;
            }
        }
        n = subtree_next(p, n, descend);
    }
}

static void read_paragraph(docx_reader *d, xmlNode *p)
{
    if (d->in_cell) {
        emitter_space(&d->em);
        paragraph_text(d, p);
        emitter_space(&d->em);
        return;
    }
    emitter_new_line(&d->em, ++d->paragraph);
    paragraph_text(d, p);
    emitter_new_line(&d->em, d->paragraph);
}

/* Collects the w:<local> elements under root, looking through wrappers (w:sdt, w:customXml, …) but not into
 * nested tables or hidden content. Caller frees *out. */
static bool is_w_named(const xmlNode *n, const void *local) { return is_w(n, local); }

static bool is_wrapper(const xmlNode *n, const void *context)
{
    (void)context;
    return !is_hidden_content(n) && !is_w(n, "tbl") && !is_w(n, "p");
}

static size_t collect(xmlNode *root, const char *local, xmlNode ***out)
{
    return subtree_collect(root, is_w_named, is_wrapper, local, out);
}

enum merge { MERGE_NONE, MERGE_RESTART, MERGE_CONTINUE };

static enum merge merge_state(const xmlNode *props, const char *local)
{
    const xmlNode *m = w_child(props, local);
    if (!m) return MERGE_NONE;
    const char *v = attribute(m, "val");
    return (v && strcmp(v, "restart") == 0) ? MERGE_RESTART : MERGE_CONTINUE;
}

static void read_cell(docx_reader *d, xmlNode *tc)
{
    emitter_begin_cell(&d->em);
    walk_blocks(d, tc);
    emitter_end_cell(&d->em);
}

static void read_row(docx_reader *d, grid *g, xmlNode *tr, int row_number)
{
    grid_begin_row(g);
    emitter_begin_row(&d->em, row_number);
    int col = w_int_value(w_child(tr, "trPr"), "gridBefore", 0);
    if (col > GRID_MAX_SPAN) col = GRID_MAX_SPAN;
    xmlNode **cells;
    size_t count = collect(tr, "tc", &cells);
    for (size_t i = 0; i < count; i++) {
        xmlNode *props = w_child(cells[i], "tcPr");
        int span = w_int_value(props, "gridSpan", 1);
        span = span < 1 ? 1 : span > GRID_MAX_SPAN ? GRID_MAX_SPAN : span;
        /* A cell merged into the one above or (old Word) the one to its left is covered: it emits nothing. */
        bool covered = (merge_state(props, "vMerge") == MERGE_CONTINUE && grid_extend_down(g, col) >= 0) ||
                       merge_state(props, "hMerge") == MERGE_CONTINUE;
        if (!covered) {
            grid_add_at(g, col, span);
            read_cell(d, cells[i]);
        }
        if (col < GRID_MAX_COLUMNS) col += span;
    }
    free(cells);
}

static void read_table(docx_reader *d, xmlNode *tbl)
{
    bool outer_in_cell = d->in_cell;
    emitter_mark mark;
    if (outer_in_cell) emitter_enter_nested(&d->em, &mark);
    else emitter_new_line(&d->em, d->paragraph);
    xmlNode **rows;
    size_t count = collect(tbl, "tr", &rows);
    grid g;
    grid_init(&g);
    d->table_depth++;
    d->in_cell = true;
    for (size_t r = 0; r < count; r++) read_row(d, &g, rows[r], (int)(r + 1));
    d->table_depth--;
    d->in_cell = outer_in_cell;
    grid_free(&g);
    free(rows);
    if (outer_in_cell) emitter_leave_nested(&d->em, &mark);
    else emitter_new_line(&d->em, d->paragraph);
}

/* A table used for layout rather than data: one of a single cell, or one that holds another table and has few
 * cells of its own. Its paragraphs are read as lines and the tables inside it as tables. A data table with a table
 * in one of its cells keeps its cells. */
static bool is_layout_table(xmlNode *tbl)
{
    size_t cells = 0;
    bool holds_table = false;
    xmlNode *n = tbl->children;
    while (n) {
        bool descend = n->type == XML_ELEMENT_NODE && !is_w(n, "p");
        if (is_w(n, "tbl")) {
            holds_table = true;
            descend = false;
        } else if (is_w(n, "tc")) {
            cells++;
        }
        n = subtree_next(tbl, n, descend);
    }
    return cells == 1 || (holds_table && cells < LAYOUT_MAX_CELLS);
}

/* Walks the block content under root (the body or a cell) in document order: paragraphs and tables. */
static void walk_blocks(docx_reader *d, xmlNode *root)
{
    xmlNode *n = root->children;
    while (n) {
        bool descend = false;
        if (is_w(n, "p")) {
            read_paragraph(d, n);
        } else if (is_w(n, "tbl") && d->table_depth < DOCX_MAX_TABLE_DEPTH && !is_layout_table(n)) {
            read_table(d, n);
        } else if (!is_hidden_content(n)) {
            descend = true;
        }
        n = subtree_next(root, n, descend);
    }
}

static int read_document(const libxml2_api *xml, const buf *part, const char *name, item_stream *s, char **error)
{
    xmlDocPtr doc = parse_xml(xml, part, name);
    if (!doc) return fail(error, "Word 正文（document.xml）不是有效的 XML，文件可能已损坏");
    xmlNode *root = xml->doc_get_root_element(doc);
    xmlNode *body = root && is_w(root, "document") ? w_child(root, "body") : NULL;
    if (!body) {
        xml->free_doc(doc);
        return fail(error, "不是 Word 文档：正文中没有 w:body");
    }
    docx_reader d = {.table_depth = 0, .in_cell = false, .paragraph = 0};
    emitter_init(&d.em, s);
    walk_blocks(&d, body);
    emitter_flush(&d.em);
    emitter_free(&d.em);
    xml->free_doc(doc);
    return 0;
}

static bool is_ole_compound(const char *data, size_t len)
{
    return len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

int docx_to_items(const char *data, size_t len, item_stream *s, char **error)
{
    *error = NULL;
    if (len == 0) return fail(error, "文件为空");
    if (len > IMPORT_MAX_BYTES) return fail(error, "文件过大（超过 64 MB），不像是一份年度报告");
    if (is_ole_compound(data, len))
        return fail(error, "这是旧版 Word（.doc）文件或设有密码的文档，请在 Word 中另存为不加密的 .docx 后再导入");
    docx_archive a = {.zip = xmllib_libzip(error), .xml = NULL, .za = NULL};
    if (a.zip) a.xml = xmllib_libxml2(error);
    if (!a.xml) return -1;
    zip_error_t zerr;
    a.zip->error_init(&zerr);
    zip_source_t *src = a.zip->source_buffer_create(data, len, 0, &zerr);
    a.za = src ? a.zip->open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
    a.zip->error_fini(&zerr);
    if (!a.za) {
        if (src) a.zip->source_free(src);
        return fail(error, "不是有效的 DOCX 文件：压缩包已损坏或不完整");
    }
    int rc = check_entries(&a, error);
    char *name = rc == 0 ? main_part_name(&a, error) : NULL;
    buf part = BUF_INIT;
    if (name) {
        bool missing = false;
        rc = read_part(&a, name, &part, &missing, error);
        if (rc != 0 && missing) rc = fail(error, "不是 Word 文档：压缩包中没有正文（word/document.xml）");
        if (rc == 0) rc = read_document(a.xml, &part, name, s, error);
    } else {
        rc = -1;
    }
    free(name);
    buf_free(&part);
    a.zip->discard(a.za);
    return rc;
}

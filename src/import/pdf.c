/* pdf: the text layer of a PDF, read with poppler-glib and laid out again like `pdftotext -layout`, so that the
 * one text importer reads PDF reports as it reads any text (DESIGN.md §2.6).
 *
 * poppler gives, per page, the text in its reading order and one box per character. From these:
 *  1. glyphs: every non-space character with its box; a flag says whether poppler ended a word before it;
 *  2. the page's writing direction: when most neighbouring glyphs follow each other downwards (a page turned by
 *     /Rotate or drawn sideways), the boxes are turned so that the text runs left to right;
 *  3. fragments: characters that follow each other in poppler's order on one line, with no gap wider than a
 *     character, print together (a space where poppler saw a word break, none between the CJK characters of one
 *     word); characters stacked one under the other (a vertical table label such as "三、本年度办理结果") print
 *     as one word on a line of their own;
 *  4. order, as pdftotext -layout orders its line fragments: by top edge; the fragments whose baselines lie
 *     within half a character of the first one's share the line, left to right;
 *  5. spacing: two or more spaces between fragments of a line (placed in proportion to their position on the
 *     page), blank lines in proportion to the distance between baselines (at most four), a form feed after each
 *     page. */
#include "import/pdf.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <dlfcn.h>
#include <poppler.h>
#include <pthread.h>

#include "import/import.h"
#include "import/pipeline.h"
#include "util/text.h"

/* fmin and fmax (a NaN argument loses), here so that the check of a report does not need libm. */
static inline double smaller(double a, double b)
{
    if (a != a) return b;
    if (b != b) return a;
    return a < b ? a : b;
}

static inline double larger(double a, double b)
{
    if (a != a) return b;
    if (b != b) return a;
    return a > b ? a : b;
}

/* ---- poppler, loaded when the first PDF arrives ----
 * poppler-glib with glib and its C++ core is most of the process's size and start-up time; a check of text or HTML
 * reports never needs it, so it is opened with dlopen on first use instead of linked. */
#define POPPLER_LIBRARY "libpoppler-glib.so.8"

static struct poppler_api {
    PopplerDocument *(*document_new_from_bytes)(GBytes *, const char *, GError **);
    int (*document_get_n_pages)(PopplerDocument *);
    PopplerPage *(*document_get_page)(PopplerDocument *, int);
    char *(*page_get_text)(PopplerPage *);
    gboolean (*page_get_text_layout)(PopplerPage *, PopplerRectangle **, guint *);
    GList *(*page_get_image_mapping)(PopplerPage *);
    void (*page_free_image_mapping)(GList *);
    GQuark (*error_quark)(void);
    GBytes *(*bytes_new_static)(gconstpointer, gsize);
    void (*bytes_unref)(GBytes *);
    void (*free)(gpointer);
    void (*object_unref)(gpointer);
    void (*error_free)(GError *);
    gboolean (*unichar_isspace)(gunichar);
    const char *missing; /* the library or symbol that could not be had, NULL when loaded */
} poppler;
static pthread_once_t poppler_once = PTHREAD_ONCE_INIT;

static void *poppler_symbol(void *library, const char *name)
{
    void *symbol = dlsym(library, name);
    if (!symbol && !poppler.missing) poppler.missing = name;
    return symbol;
}

static void load_poppler(void)
{
    /* lazy binding: poppler drags in cairo, glib and libstdc++; binding all their functions at once (RTLD_NOW)
     * costs 3.5 M instructions per process (2.5% of checking a corpus PDF) */
    void *library = dlopen(POPPLER_LIBRARY, RTLD_LAZY | RTLD_LOCAL);
    if (!library) {
        poppler.missing = POPPLER_LIBRARY;
        return;
    }
    *(void **)&poppler.document_new_from_bytes = poppler_symbol(library, "poppler_document_new_from_bytes");
    *(void **)&poppler.document_get_n_pages = poppler_symbol(library, "poppler_document_get_n_pages");
    *(void **)&poppler.document_get_page = poppler_symbol(library, "poppler_document_get_page");
    *(void **)&poppler.page_get_text = poppler_symbol(library, "poppler_page_get_text");
    *(void **)&poppler.page_get_text_layout = poppler_symbol(library, "poppler_page_get_text_layout");
    *(void **)&poppler.page_get_image_mapping = poppler_symbol(library, "poppler_page_get_image_mapping");
    *(void **)&poppler.page_free_image_mapping = poppler_symbol(library, "poppler_page_free_image_mapping");
    *(void **)&poppler.error_quark = poppler_symbol(library, "poppler_error_quark");
    *(void **)&poppler.bytes_new_static = poppler_symbol(library, "g_bytes_new_static");
    *(void **)&poppler.bytes_unref = poppler_symbol(library, "g_bytes_unref");
    *(void **)&poppler.free = poppler_symbol(library, "g_free");
    *(void **)&poppler.object_unref = poppler_symbol(library, "g_object_unref");
    *(void **)&poppler.error_free = poppler_symbol(library, "g_error_free");
    *(void **)&poppler.unichar_isspace = poppler_symbol(library, "g_unichar_isspace");
}

/* The rest of this file calls poppler and glib by their own names. */
#define poppler_document_new_from_bytes poppler.document_new_from_bytes
#define poppler_document_get_n_pages poppler.document_get_n_pages
#define poppler_document_get_page poppler.document_get_page
#define poppler_page_get_text poppler.page_get_text
#define poppler_page_get_text_layout poppler.page_get_text_layout
#define poppler_page_get_image_mapping poppler.page_get_image_mapping
#define poppler_page_free_image_mapping poppler.page_free_image_mapping
#undef POPPLER_ERROR
#define POPPLER_ERROR (poppler.error_quark())
#define g_bytes_new_static poppler.bytes_new_static
#define g_bytes_unref poppler.bytes_unref
#define g_free poppler.free
#define g_object_unref poppler.object_unref
#define g_error_free poppler.error_free
#define g_unichar_isspace poppler.unichar_isspace

/* A gap between two characters wider than this many character heights starts a new table cell. */
#define CELL_GAP 1.0
/* Fragments whose baselines differ by less than this many character heights share a line. */
#define SAME_LINE 0.5
/* At most this many line breaks between two lines (pdftotext prints up to five). */
#define MAX_LINE_BREAKS 5
/* Assumed descent below the baseline, as a fraction of the character box. */
#define BASELINE_DESCENT 0.15

typedef struct glyph {
    double x1, y1, x2, y2; /* box, page coordinates with y growing downwards */
    uint32_t text_off;     /* the character's UTF-8 bytes in the page text */
    uint8_t text_len;
    bool word_start;       /* poppler printed a space or a line break right before it */
    bool line_start;       /* poppler printed a line break right before it */
} glyph;

/* Characters printed together: a run of one line (a cell's text, a word) or a vertical run, glyphs
 * [first, first + count). */
typedef struct fragment {
    double x1, y1, x2, y2;
    double base;           /* baseline of its typical character (top edge for a vertical run) */
    double size;           /* height of its typical character (width for a vertical run) */
    uint32_t first, count;
    bool vertical;
} fragment;

typedef struct page_layout {
    const char *text;      /* poppler's text of the page (not owned here) */
    glyph *glyphs;
    size_t glyph_count;
    fragment *frags;
    size_t frag_count;
    size_t unmapped;       /* characters poppler could not map to Unicode (U+FFFD), left out */
} page_layout;

static double box_height(const glyph *g) { return g->y2 - g->y1; }
static double box_centre_x(const glyph *g) { return 0.5 * (g->x1 + g->x2); }
static double box_centre_y(const glyph *g) { return 0.5 * (g->y1 + g->y2); }

/* ---- 1. glyphs ---- */

static bool is_blank_char(gunichar c)
{
    return c < 0x20 || c == 0x7f || g_unichar_isspace(c) || c == 0x200b || c == 0xfeff || c == 0x3000 ||
           c == 0xa0;
}

/* Collects the page's characters; returns false when the page holds more than PDF_MAX_CHARS_PER_PAGE. */
static bool collect_glyphs(page_layout *pl, const PopplerRectangle *rects, guint rect_count)
{
    size_t text_len = strlen(pl->text), chars = 0;
    for (size_t k = 0; k < text_len; k++) chars += ((unsigned char)pl->text[k] & 0xC0) != 0x80;
    size_t n = chars < rect_count ? chars : rect_count;
    if (n > PDF_MAX_CHARS_PER_PAGE) return false;
    pl->glyphs = xmalloc((n ? n : 1) * sizeof *pl->glyphs);
    const char *p = pl->text;
    bool word_start = true, line_start = true;
    for (size_t i = 0; i < n; i++) {
        int32_t decoded;
        const char *next = p + utf8_decode(p, strlen(p), &decoded);
        gunichar c = decoded < 0 ? 0xfffd : (gunichar)decoded;
        const PopplerRectangle *r = &rects[i];
        if (c == '\n' || c == '\r') {
            word_start = line_start = true;
        } else if (c == 0xfffd) {
            pl->unmapped++;
            word_start = true;
        } else if (is_blank_char(c)) {
            word_start = true;
        } else if (isfinite(r->x1) && isfinite(r->y1) && isfinite(r->x2) && isfinite(r->y2) &&
                   fabs(r->x1) < 1e6 && fabs(r->y1) < 1e6 && fabs(r->x2) < 1e6 && fabs(r->y2) < 1e6) {
            glyph *g = &pl->glyphs[pl->glyph_count++];
            g->x1 = smaller(r->x1, r->x2);
            g->x2 = larger(r->x1, r->x2);
            g->y1 = smaller(r->y1, r->y2);
            g->y2 = larger(r->y1, r->y2);
            if (g->y2 - g->y1 < 0.5) g->y2 = g->y1 + 0.5; /* degenerate boxes still get a height */
            g->text_off = (uint32_t)(p - pl->text);
            g->text_len = (uint8_t)(next - p);
            g->word_start = word_start;
            g->line_start = line_start;
            word_start = line_start = false;
        }
        p = next;
    }
    return true;
}

/* ---- 2. writing direction ---- */

enum direction { DIR_RIGHT, DIR_DOWN, DIR_LEFT, DIR_UP };

/* The direction from glyph a to the next glyph b of the same poppler line. */
static enum direction step_direction(const glyph *a, const glyph *b)
{
    double dx = box_centre_x(b) - box_centre_x(a), dy = box_centre_y(b) - box_centre_y(a);
    if (fabs(dx) >= fabs(dy)) return dx >= 0 ? DIR_RIGHT : DIR_LEFT;
    return dy >= 0 ? DIR_DOWN : DIR_UP;
}

static enum direction dominant_direction(const page_layout *pl)
{
    size_t votes[4] = {0, 0, 0, 0};
    for (size_t i = 1; i < pl->glyph_count; i++)
        if (!pl->glyphs[i].line_start) votes[step_direction(&pl->glyphs[i - 1], &pl->glyphs[i])]++;
    enum direction best = DIR_RIGHT;
    for (int d = 1; d < 4; d++)
        if (votes[d] > votes[best]) best = (enum direction)d;
    return best;
}

/* Turns every box so that text written in direction `dir` runs left to right. Only relative positions matter,
 * so no page size is needed. */
static void turn_page(page_layout *pl, enum direction dir)
{
    for (size_t i = 0; i < pl->glyph_count; i++) {
        glyph *g = &pl->glyphs[i];
        double x1 = g->x1, y1 = g->y1, x2 = g->x2, y2 = g->y2;
        switch (dir) {
        case DIR_DOWN: /* lines stack from right to left */
            g->x1 = y1, g->x2 = y2, g->y1 = -x2, g->y2 = -x1;
            break;
        case DIR_UP: /* lines stack from left to right */
            g->x1 = -y2, g->x2 = -y1, g->y1 = x1, g->y2 = x2;
            break;
        case DIR_LEFT: /* upside down */
            g->x1 = -x2, g->x2 = -x1, g->y1 = -y2, g->y2 = -y1;
            break;
        case DIR_RIGHT:
            break;
        }
    }
}

/* ---- 3. fragments: runs of characters printed together ---- */

/* A full-width character (CJK): its box is about as wide as it is high. */
static bool is_square(const glyph *g) { return g->x2 - g->x1 >= 0.7 * box_height(g); }

/* True when b sits right under (or right above) a, touching it, as the next character of a vertical run of
 * full-width characters. (Digits of one table column that poppler happens to give in a row are not a run.) */
static bool stacked(const glyph *a, const glyph *b, bool down)
{
    if (!is_square(a) || !is_square(b)) return false;
    double width = larger(a->x2 - a->x1, b->x2 - b->x1);
    if (fabs(box_centre_x(a) - box_centre_x(b)) > 0.3 * width) return false;
    double size = larger(box_height(a), box_height(b));
    double gap = down ? b->y1 - a->y2 : a->y1 - b->y2;
    return gap > -0.3 * size && gap < 0.25 * size;
}

/* True when b continues a's line to the right, close enough to belong to the same cell. */
static bool continues_line(const glyph *a, const glyph *b)
{
    double size = smaller(box_height(a), box_height(b));
    double overlap = smaller(a->y2, b->y2) - larger(a->y1, b->y1);
    double gap = b->x1 - a->x2;
    return overlap > 0.5 * size && gap > -0.5 * size && gap <= CELL_GAP * size;
}

/* The end of the fragment that starts at glyph i, and whether it is a vertical run. */
static size_t fragment_end(const page_layout *pl, size_t i, bool *vertical)
{
    const glyph *g = pl->glyphs;
    size_t end = i + 1;
    *vertical = false;
    if (end >= pl->glyph_count || g[end].line_start) return end;
    for (int down = 1; down >= 0; down--) {
        if (!stacked(&g[i], &g[end], down)) continue;
        while (end < pl->glyph_count && !g[end].line_start && stacked(&g[end - 1], &g[end], down)) end++;
        *vertical = true;
        return end;
    }
    while (end < pl->glyph_count && !g[end].line_start && continues_line(&g[end - 1], &g[end])) end++;
    return end;
}

static int compare_heights(const void *a, const void *b)
{
    double x = box_height(*(const glyph *const *)a), y = box_height(*(const glyph *const *)b);
    return x < y ? -1 : x > y;
}

/* The glyph of median height among glyphs[0..n). */
static const glyph *median_height_glyph(const glyph *glyphs, size_t n)
{
    if (n <= 2) return &glyphs[n - 1];
    const glyph **sorted = xmalloc(n * sizeof *sorted);
    for (size_t k = 0; k < n; k++) sorted[k] = &glyphs[k];
    qsort(sorted, n, sizeof *sorted, compare_heights);
    const glyph *median = sorted[n / 2];
    free(sorted);
    return median;
}

static void build_fragments(page_layout *pl)
{
    pl->frags = xmalloc((pl->glyph_count ? pl->glyph_count : 1) * sizeof *pl->frags);
    size_t i = 0;
    while (i < pl->glyph_count) {
        bool vertical;
        size_t end = fragment_end(pl, i, &vertical);
        const glyph *g = &pl->glyphs[i];
        fragment *f = &pl->frags[pl->frag_count++];
        *f = (fragment){g->x1, g->y1, g->x2, g->y2, 0, box_height(g), (uint32_t)i, (uint32_t)(end - i), vertical};
        for (size_t k = i + 1; k < end; k++) {
            const glyph *h = &pl->glyphs[k];
            f->x1 = smaller(f->x1, h->x1), f->x2 = larger(f->x2, h->x2);
            f->y1 = smaller(f->y1, h->y1), f->y2 = larger(f->y2, h->y2);
        }
        if (vertical) {
            f->base = f->y1;
            f->size = f->x2 - f->x1;
        } else {
            /* Size and baseline of the fragment's typical character (a larger "5." before a label does not
             * count); the descent below the baseline is not known: about 15% of the box. */
            const glyph *typical = median_height_glyph(pl->glyphs + i, end - i);
            f->size = box_height(typical);
            f->base = typical->y2 - BASELINE_DESCENT * f->size;
        }
        i = end;
    }
}

/* ---- 4. order: top to bottom, then left to right within a line ---- */

static int compare_tops(const void *a, const void *b)
{
    const fragment *p = a, *q = b;
    if (fabs(p->y1 - q->y1) >= 0.01) return p->y1 < q->y1 ? -1 : 1;
    if (p->x1 != q->x1) return p->x1 < q->x1 ? -1 : 1;
    return p->first < q->first ? -1 : p->first > q->first;
}

static int compare_lefts(const void *a, const void *b)
{
    const fragment *p = a, *q = b;
    if (p->x1 != q->x1) return p->x1 < q->x1 ? -1 : 1;
    return p->first < q->first ? -1 : p->first > q->first;
}

/* Orders the fragments as pdftotext -layout does: by top edge; fragments whose baselines lie within half a
 * character of the first one's share a line and are ordered left to right. A vertical run stays alone. */
static void order_fragments(page_layout *pl)
{
    qsort(pl->frags, pl->frag_count, sizeof *pl->frags, compare_tops);
    size_t i = 0;
    while (i < pl->frag_count) {
        const fragment *head = &pl->frags[i];
        size_t j = i + 1;
        if (!head->vertical)
            while (j < pl->frag_count && !pl->frags[j].vertical &&
                   fabs(pl->frags[j].base - head->base) < SAME_LINE * head->size)
                j++;
        qsort(pl->frags + i, j - i, sizeof *pl->frags, compare_lefts);
        i = j;
    }
}

/* ---- 5. printing ---- */

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Width of one printed column: half the median character height (a CJK character spans about two). */
static double column_unit(const page_layout *pl)
{
    if (pl->glyph_count == 0) return 1;
    double *heights = xmalloc(pl->glyph_count * sizeof *heights);
    for (size_t i = 0; i < pl->glyph_count; i++) heights[i] = box_height(&pl->glyphs[i]);
    qsort(heights, pl->glyph_count, sizeof *heights, compare_doubles);
    double unit = 0.5 * heights[pl->glyph_count / 2];
    free(heights);
    return unit > 0.5 ? unit : 0.5;
}

static void put_spaces(buf *out, size_t n)
{
    static const char spaces[] = "                                                                ";
    while (n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        buf_append(out, spaces, k);
        n -= k;
    }
}

/* Prints a fragment's characters: a space where poppler saw a word break, none inside a vertical run. Returns
 * the number of characters printed. */
static size_t put_fragment(const page_layout *pl, const fragment *f, buf *out)
{
    size_t printed = 0;
    for (uint32_t k = f->first; k < f->first + f->count; k++) {
        const glyph *g = &pl->glyphs[k];
        if (k > f->first && g->word_start && !f->vertical) {
            buf_putc(out, ' ');
            printed++;
        }
        buf_append(out, pl->text + g->text_off, g->text_len);
        printed++;
    }
    return printed;
}

/* True when fragment b goes on a new line after a. */
static bool breaks_line(const fragment *a, const fragment *b)
{
    return a->vertical || b->vertical || b->x1 < a->x2 || fabs(b->base - a->base) > SAME_LINE * a->size;
}

/* How many line breaks separate a from b: one per character height between their baselines (at most
 * MAX_LINE_BREAKS); one around a vertical run. */
static int line_breaks(const fragment *a, const fragment *b)
{
    if (a->vertical || b->vertical) return 1;
    double d = (b->base - a->base) / a->size;
    return d < 1 ? 1 : d > MAX_LINE_BREAKS ? MAX_LINE_BREAKS : (int)d;
}

static void put_page(const page_layout *pl, buf *out)
{
    double left = INFINITY;
    for (size_t i = 0; i < pl->frag_count; i++) left = smaller(left, pl->frags[i].x1);
    double unit = column_unit(pl);
    size_t column = 0;
    for (size_t i = 0; i < pl->frag_count; i++) {
        const fragment *f = &pl->frags[i];
        double target = (f->x1 - left) / unit;
        size_t wanted = target > 0 && target < 4096 ? (size_t)(target + 0.5) : 0; /* rounded, as lround */
        size_t spaces = column == 0 ? wanted : wanted >= column + 2 ? wanted - column : 2;
        put_spaces(out, spaces);
        column += spaces + put_fragment(pl, f, out);
        if (i + 1 == pl->frag_count || breaks_line(f, &pl->frags[i + 1])) {
            int breaks = i + 1 < pl->frag_count ? line_breaks(f, &pl->frags[i + 1]) : 1;
            for (int b = 0; b < breaks; b++) buf_putc(out, '\n');
            column = 0;
        }
    }
    buf_putc(out, '\f');
}

static void page_layout_free(page_layout *pl)
{
    free(pl->glyphs);
    free(pl->frags);
    memset(pl, 0, sizeof *pl);
}

/* Lays out one page into out. Returns the number of characters found, or -1 when the page has too many;
 * *unmapped counts the characters that have no Unicode value. */
static long layout_page(PopplerPage *page, buf *out, size_t *unmapped)
{
    page_layout pl = {0};
    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint rect_count = 0;
    if (!text || !poppler_page_get_text_layout(page, &rects, &rect_count)) rect_count = 0;
    pl.text = text ? text : "";
    long found;
    if (!collect_glyphs(&pl, rects, rect_count)) {
        found = -1;
    } else {
        enum direction dir = dominant_direction(&pl);
        if (dir != DIR_RIGHT) turn_page(&pl, dir);
        build_fragments(&pl);
        order_fragments(&pl);
        put_page(&pl, out);
        found = (long)pl.glyph_count;
    }
    *unmapped += pl.unmapped;
    page_layout_free(&pl);
    g_free(rects);
    g_free(text);
    return found;
}

/* ---- the document ---- */

static PopplerDocument *open_document(const char *data, size_t len, char **error)
{
    if (len < 8 || len > IMPORT_MAX_BYTES) {
        *error = len < 8 ? xasprintf("PDF文件不完整，无法读取")
                         : xasprintf("PDF文件过大（%zu字节，上限%zu字节）", len, (size_t)IMPORT_MAX_BYTES);
        return NULL;
    }
    GBytes *bytes = g_bytes_new_static(data, len);
    GError *gerror = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerror);
    g_bytes_unref(bytes);
    if (doc) return doc;
    if (gerror && gerror->domain == POPPLER_ERROR && gerror->code == POPPLER_ERROR_ENCRYPTED)
        *error = xasprintf("PDF已加密，无法读取（需要打开密码）");
    else
        *error = xasprintf("PDF文件已损坏或不完整，无法读取");
    if (gerror) g_error_free(gerror);
    return NULL;
}

/* ---- scanned pages ---- */

/* True when the page draws at least one image: with no text, a scanned page. */
static bool page_has_images(PopplerPage *page)
{
    GList *images = poppler_page_get_image_mapping(page);
    if (!images) return false;
    poppler_page_free_image_mapping(images);
    return true;
}

/* The pages (1-based, ascending) of a PDF that hold images but no text. */
typedef struct page_list {
    int *pages;
    size_t count, cap;
} page_list;

static void page_list_add(page_list *l, int page)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->pages = xrealloc(l->pages, l->cap * sizeof *l->pages);
    }
    l->pages[l->count++] = page;
}

/* "第3–5页", "第1、3–5页". */
static void put_pages(const page_list *l, buf *out)
{
    buf_puts(out, "第");
    for (size_t i = 0; i < l->count;) {
        size_t j = i;
        while (j + 1 < l->count && l->pages[j + 1] == l->pages[j] + 1) j++;
        if (i) buf_puts(out, "、");
        if (j > i) buf_printf(out, "%d–%d", l->pages[i], l->pages[j]);
        else buf_printf(out, "%d", l->pages[i]);
        i = j + 1;
    }
    buf_puts(out, "页");
}

/* True when the text of the pages that have one holds a whole report (its three tables): read as the text
 * importer reads it. Only asked of a PDF with scanned pages. */
static bool text_holds_report(const buf *text)
{
    buf utf8 = BUF_INIT;
    size_t bad;
    bool gb18030;
    if (text_to_utf8(text->data ? text->data : "", text->len, &utf8, &bad, &gb18030) != 0) {
        buf_free(&utf8);
        return true; /* the importer will say what is wrong with it */
    }
    item_stream s;
    items_init(&s, buf_cstr(&utf8));
    text_layout_to_items(buf_cstr(&utf8), utf8.len, &s);
    char *error = NULL;
    report *r = assemble_report(&s, "PDF", &error);
    bool whole = r != NULL;
    report_free(r);
    free(error);
    items_free(&s);
    buf_free(&utf8);
    return whole;
}

int pdf_to_text(const char *data, size_t len, buf *text, char **error)
{
    return pdf_to_text_noting_scans(data, len, text, NULL, error);
}

int pdf_to_text_noting_scans(const char *data, size_t len, buf *text, char **scanned_note, char **error)
{
    *error = NULL;
    if (scanned_note) *scanned_note = NULL;
    pthread_once(&poppler_once, load_poppler);
    if (poppler.missing) {
        *error = xasprintf("无法读取 PDF：缺少 PDF 组件（%s），请安装 libpoppler-glib8", poppler.missing);
        return -1;
    }
    PopplerDocument *doc = open_document(data, len, error);
    if (!doc) return -1;
    int pages = poppler_document_get_n_pages(doc);
    if (pages > PDF_MAX_PAGES) {
        *error = xasprintf("PDF共%d页，超过上限%d页，不像一份年度报告", pages, PDF_MAX_PAGES);
        g_object_unref(doc);
        return -1;
    }
    buf out = BUF_INIT;
    int last_text_page = 0; /* 1-based; 0 when no page has text */
    size_t unmapped = 0;
    page_list scanned = {0};
    for (int i = 0; i < pages && !*error; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        if (!page) continue;
        size_t unmapped_before = unmapped;
        long found = layout_page(page, &out, &unmapped);
        if (found == 0 && unmapped == unmapped_before && page_has_images(page)) page_list_add(&scanned, i + 1);
        g_object_unref(page);
        if (found < 0) *error = xasprintf("PDF第%d页的字符超过%d个，无法读取", i + 1, PDF_MAX_CHARS_PER_PAGE);
        else if (found > 0) last_text_page = i + 1;
        if (!*error && out.len > PDF_MAX_TEXT_BYTES)
            *error = xasprintf("PDF的文字超过%zu字节，无法读取", PDF_MAX_TEXT_BYTES);
    }
    g_object_unref(doc);
    if (!*error && last_text_page == 0 && unmapped > 0)
        *error = xasprintf("PDF的文字无法识别（字体缺少文字编码，%zu个字符无法转换），无法读取", unmapped);
    else if (!*error && last_text_page == 0)
        *error = xasprintf("扫描件，无文字层，无法读取（第%d页起无文字）", last_text_page + 1);
    else if (!*error && scanned.count) {
        /* some pages are scans: fine when the tables are all on the others, else say which pages hide them */
        buf why = BUF_INIT;
        put_pages(&scanned, &why);
        if (!text_holds_report(&out)) {
            buf_puts(&why, "是扫描件，无文字层，表格无法读取（请提供带文字层的 PDF 或文字版）");
            *error = buf_detach(&why);
        } else if (scanned_note) {
            buf_puts(&why, "是扫描件，无文字层，该页内容未能读取（表格均在有文字的页上，已读取）");
            *scanned_note = buf_detach(&why);
        }
        buf_free(&why);
    }
    free(scanned.pages);
    if (*error) {
        buf_free(&out);
        return -1;
    }
    buf_append(text, out.data, out.len);
    buf_free(&out);
    return 0;
}

/* pdf: the text layer of a PDF (read with poppler-glib) laid out like `pdftotext -layout`: one line per visual
 * line of the page, runs of two or more spaces between table cells, pages separated by a form feed. The text
 * importer (text_layout_to_items) reads the result like any other text. */
#ifndef GONGKAI_IMPORT_PDF_H
#define GONGKAI_IMPORT_PDF_H

#include <stddef.h>

#include "util/buf.h"

/* A PDF with more pages is refused (an annual report has a few dozen at most). */
#define PDF_MAX_PAGES 300
/* A page with more characters is refused (a dense printed page holds about 3,000). */
#define PDF_MAX_CHARS_PER_PAGE 100000
/* The text produced is refused beyond this size. */
#define PDF_MAX_TEXT_BYTES ((size_t)16 << 20)

/* Appends the laid-out text of the PDF data[0..len) to `text` (UTF-8, lines ending in '\n', each page ending in
 * '\f'). Returns 0; or -1 with *error set to a Chinese message (the caller frees it and adds the file name):
 * not a PDF or damaged, encrypted ("PDF已加密，无法读取"), no text layer ("扫描件，无文字层，无法读取（第N页起
 * 无文字）"), too large. On failure `text` is left as it was. Safe to call from several threads at once. */
int pdf_to_text(const char *data, size_t len, buf *text, char **error);

/* pdf_to_text, minding pages that are scans (images but no text, as a scanner makes them): when the tables are on
 * such pages it fails with "第3–5页是扫描件，无文字层，表格无法读取（…）"; when they are all on pages with text it
 * succeeds and, if scanned_note is not NULL, sets *scanned_note (the caller frees it; NULL when no page is a
 * scan) to a Chinese warning naming the scanned pages, for the report's notes. A page with neither text nor
 * image (a blank page) is not a scan. A PDF with no text at all is refused as pdf_to_text says. */
int pdf_to_text_noting_scans(const char *data, size_t len, buf *text, char **scanned_note, char **error);

#endif

/* docx: a Word document (.docx) → items (import/items.h). The archive is opened in memory with libzip under
 * size limits (zip bombs and encrypted entries refused); the main part (word/document.xml) is read with libxml2
 * without network or entity expansion. Paragraphs outside tables become lines; each table (w:tbl) is resolved
 * into a grid (gridSpan, vMerge) and emitted like an HTML table: every cell once, an empty cell as a blank. */
#ifndef GONGKAI_IMPORT_DOCX_H
#define GONGKAI_IMPORT_DOCX_H

#include <stddef.h>

#include "import/items.h"

/* Uncompressed size of a part read (word/document.xml, _rels/.rels), at most. Real reports' document.xml is a
 * few hundred KB; the parsed tree takes about 15 times the part, so this bounds memory near 250 MB even for a
 * small, highly compressed file. */
#define DOCX_MAX_PART_BYTES ((size_t)16 << 20)
/* Uncompressed size of all entries together, at most: beyond it the file is taken for a zip bomb. */
#define DOCX_MAX_TOTAL_BYTES ((size_t)256 << 20)

/* Appends the document's items to s (initialised by the caller with items_init(s, NULL)). Returns 0, or -1 with
 * *error set to a Chinese message (the caller frees it and prefixes the file name). */
int docx_to_items(const char *data, size_t len, item_stream *s, char **error);

#endif

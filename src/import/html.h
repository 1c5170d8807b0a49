/* html: a published web page → items (import/items.h). Text outside tables becomes lines of pieces; each table
 * is emitted row by row, every cell once where the page prints it (a spanned cell too), an empty cell as an
 * explicit blank. The page's <meta charset> is honoured (GB2312/GBK/GB18030 pages read as GB18030). */
#ifndef GONGKAI_IMPORT_HTML_H
#define GONGKAI_IMPORT_HTML_H

#include <stddef.h>

#include "import/items.h"

/* Appends the page's items to s (initialised by the caller with items_init(s, NULL)). Returns 0, or -1 with
 * *error set to a Chinese message (the caller frees it and prefixes the file name). Bounded: input over
 * IMPORT_MAX_BYTES is refused; rowspan and colspan are never expanded, so hostile spans cost nothing. */
int html_to_items(const char *data, size_t len, item_stream *s, char **error);

#endif

/* import: published reports in any form (text, HTML, PDF, DOCX, canonical JSON) → a report value.
 * The form is found from the content, not the file name. */
#ifndef GONGKAI_IMPORT_IMPORT_H
#define GONGKAI_IMPORT_IMPORT_H

#include <stddef.h>

#include "report/report.h"

enum source_kind { SOURCE_UNKNOWN, SOURCE_TEXT, SOURCE_HTML, SOURCE_PDF, SOURCE_DOCX, SOURCE_JSON };

/* Largest input accepted, in bytes. */
#define IMPORT_MAX_BYTES ((size_t)64 << 20)

enum source_kind import_detect(const char *data, size_t len);
const char *source_kind_name(enum source_kind kind); /* "text", "html", "pdf", "docx", "json" */

/* Reads a report. On failure returns NULL and sets *error to a Chinese message that names the file and, where it
 * can, the place (line, byte offset) — the caller frees it. `name` is used in messages and kept as the source. */
report *import_buffer(const char *data, size_t len, const char *name, char **error);
/* The same, also telling the form the content was found to be in (*found; SOURCE_UNKNOWN when not sniffed). */
report *import_buffer_kind(const char *data, size_t len, const char *name, enum source_kind *found, char **error);
report *import_file(const char *path, char **error);

#endif

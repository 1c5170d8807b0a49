/* json_reader: canonical JSON (gongkai.report/1, DESIGN.md §2.4) → a report value. The inverse of export_json. */
#ifndef GONGKAI_IMPORT_JSON_READER_H
#define GONGKAI_IMPORT_JSON_READER_H

#include <stddef.h>

#include "report/report.h"

/* The value of the "schema" key. */
#define REPORT_JSON_SCHEMA "gongkai.report/1"
/* A VALUE_AMOUNT_TEXT field "amount" has the printed text; "amount" REPORT_JSON_YUAN_SUFFIX has the parsed amount in
 * yuan as a decimal string (written by export_json, read only when the printed text is missing). */
#define REPORT_JSON_YUAN_SUFFIX "_yuan"

/* The top-level keys, in the order export_json writes them; shared by the reader and the writer. */
#define REPORT_JSON_KEY_SCHEMA "schema"
#define REPORT_JSON_KEY_FORMAT "format"
#define REPORT_JSON_KEY_YEAR "year"
#define REPORT_JSON_KEY_AGENCY "agency"
#define REPORT_JSON_KEY_SOURCE "source"
#define REPORT_JSON_KEY_PROACTIVE "proactive"
#define REPORT_JSON_KEY_APPLICATIONS "applications"
#define REPORT_JSON_KEY_COLUMNS "columns" /* inside applications */
#define REPORT_JSON_KEY_ROWS "rows"       /* inside applications */
#define REPORT_JSON_KEY_APPEALS "appeals"
#define REPORT_JSON_KEY_TEXT "text"       /* {overview, problems, other}: REPORT_TEXT_KEYS */

/* Reads canonical JSON (DESIGN.md §2.4) into a report. The format comes from "format" (or from "year" when it is
 * missing); unknown keys are ignored (e.g. expected_errors); null → CELL_BLANK, a missing key → CELL_ABSENT;
 * "source" is kept when present. On failure returns NULL and sets *error (Chinese, naming `name`, the JSON line
 * and column or the key path; the caller frees it). The caller frees the report with report_free. */
report *json_read_report(const char *data, size_t len, const char *name, char **error);

#endif

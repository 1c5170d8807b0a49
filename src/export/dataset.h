/* dataset: the output of a bulk import (`gongkai import`): one record per report — source file, agency, year, format,
 * every table cell and the number of findings per rule — written as CSV, JSON Lines or XLSX (libxlsxwriter),
 * streaming: records go to the file as they come, nothing but the current record is kept in memory.
 *
 * Columns, in this fixed order: source (the file), source_format (text, html, pdf, docx or json: what the file
 * was found to be), agency, year, format (of the report: 2019 or 2021); then every cell of both official formats (the union of
 * their keys, table by table, 2021 format first): "t2.<item>.<field>" (t2.fees.amount_wan_yuan),
 * "t3.<row>.<column>" (t3.received.natural_person), "t4.<block>.<field>" (t4.reconsideration.total); then errors,
 * warnings and "rule.<R>" for each rule of DATASET_RULES (rule.R1 … rule.D). A cell the report's format lacks, or
 * that is blank or missing in the report, is empty (CSV, XLSX) or null (JSON Lines). Decimals are numbers in the
 * unit of their column (万元 for amount_wan_yuan, 元 for the 2019 procurement amount). Names come from the format
 * tables only.
 *
 * Records are rendered on any thread (dataset_render, pure) and written in order by the thread that owns the
 * dataset (dataset_write), so a parallel import renders in parallel: a CSV or JSON Lines record is rendered as the
 * very bytes of its line, which the writer only copies to the file; an XLSX record (libxlsxwriter is not
 * thread-safe) is rendered as typed cells ready for the library, which the writer hands over cell by cell. */
#ifndef GONGKAI_EXPORT_DATASET_H
#define GONGKAI_EXPORT_DATASET_H

#include <stdbool.h>
#include <stddef.h>

#include "report/diag.h"
#include "report/report.h"
#include "util/buf.h"

enum dataset_kind { DATASET_CSV, DATASET_JSONL, DATASET_XLSX };

/* The rules whose findings are counted per report, in column order. */
#define DATASET_RULE_COUNT 9
extern const char *const DATASET_RULES[DATASET_RULE_COUNT]; /* "R1" … "R5", "B", "S", "X4", "D" */
/* The index of rule in DATASET_RULES, or -1 when the dataset does not count it. */
int dataset_rule_index(const char *rule);

/* The kind named by the file's extension (.csv, .jsonl or .ndjson, .xlsx; any case). Returns false when none. */
bool dataset_kind_from_path(const char *path, enum dataset_kind *kind);

typedef struct dataset_column {
    char name[96];              /* "t3.received.natural_person" */
    char json_key[100];         /* the name as a JSON Lines key and its colon: "\"t3.received.natural_person\":" */
    unsigned char json_key_len;
    enum report_table table;    /* TABLE_NONE for the columns that are not cells */
    const char *row_label;      /* static, from the format tables; NULL for the other columns */
    const char *column_label;
} dataset_column;

/* The report cell that fills a cell column in one format: cell -1 when the format has none there (always empty). */
typedef struct dataset_cell {
    int cell;
    bool decimal; /* a decimal (万元, 元) rather than an integer count or change */
} dataset_cell;

/* The columns and, per format, where each report cell goes. Built once, then only read (any thread). */
typedef struct dataset_schema {
    dataset_column *columns;    /* owned */
    int column_count;
    int first_cell_column;      /* columns [first_cell_column, first_rule_column) are cells */
    int first_rule_column;      /* errors, warnings, then one per DATASET_RULES */
    int format_count;
    const report_format **formats; /* owned array: REPORT_FORMATS in order */
    int **cell_column;          /* owned: cell_column[format][cell] = column */
    dataset_cell **column_cell; /* owned: column_cell[format][column - first_cell_column], what fills that column */
} dataset_schema;

void dataset_schema_init(dataset_schema *schema);
void dataset_schema_free(dataset_schema *schema);

/* What a record is made of. */
typedef struct dataset_record {
    const char *source;           /* the file, as named on the command line or found in a folder */
    const char *source_format;    /* source_kind_name() of the file: "pdf" … */
    const report *report;
    const diag_list *diagnostics; /* the findings of report_check */
} dataset_record;

/* Renders one record for a dataset of `kind` into `out` (appended), in the form dataset_write takes: for CSV and
 * JSON Lines the record's whole line as it goes into the file; for XLSX typed cells in column order. Pure: safe on
 * any thread, so each worker of a parallel import renders its own records. */
void dataset_render(const dataset_schema *schema, enum dataset_kind kind, const dataset_record *record, buf *out);

typedef struct dataset dataset;

/* Creates the file and writes the header. schema must outlive the dataset. Returns NULL with *error (Chinese,
 * naming the file; the caller frees it) when the file cannot be created. */
dataset *dataset_create(const char *path, enum dataset_kind kind, const dataset_schema *schema, char **error);
/* Writes one record rendered by dataset_render for this dataset's kind. Returns 0, or -1 with *error set when
 * writing failed (the dataset stays usable only for dataset_finish). */
int dataset_write(dataset *d, const char *rendered, size_t len, char **error);
/* Records written so far. */
size_t dataset_record_count(const dataset *d);
/* Completes the file (XLSX: also a sheet "字段说明" naming each column's table, row and column in Chinese) and frees
 * d. Returns 0, or -1 with *error set. */
int dataset_finish(dataset *d, char **error);

#endif

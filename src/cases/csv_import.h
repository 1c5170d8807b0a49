/* csv_import: reading the CSV files a disclosure office loads (historical applications, the registers of
 * DESIGN.md §4): an RFC 4180 reader (quoted fields, doubled quotes, CRLF; UTF-8 or GB18030 as Excel writes it)
 * and the row parsers that turn records into validated values. No database here: the store writes what these
 * return, all or nothing, and the fuzz target calls them directly. */
#ifndef GONGKAI_CASES_CSV_IMPORT_H
#define GONGKAI_CASES_CSV_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cases/application.h"
#include "util/buf.h"

/* ---- the reader ---- */

typedef struct gk_csv_record {
    char **fields;  /* owned by the reader; valid until the next call */
    size_t count;
    int line;       /* line where the record starts (1-based) */
} gk_csv_record;

typedef struct gk_csv_reader {
    buf text;          /* the input as UTF-8 */
    size_t pos;
    int line;
    buf field;         /* scratch */
    char **fields;
    size_t count, cap;
} gk_csv_reader;

/* Takes a copy of data, converted to UTF-8 (a BOM is dropped, GB18030 is converted). Returns 0, or -1 with
 * *error (caller frees) when the bytes are neither. */
int gk_csv_open(gk_csv_reader *r, const char *data, size_t len, char **error);
/* The next record: 1 one read, 0 end of input, -1 malformed (unterminated quote) with *error naming the line.
 * Blank lines are skipped. */
int gk_csv_next(gk_csv_reader *r, gk_csv_record *rec, char **error);
void gk_csv_close(gk_csv_reader *r);

/* Problems found in a file: one line each, "第N行 字段“x”：…", at most `limit` kept (the count goes on). */
typedef struct gk_import_errors {
    buf text;
    size_t count;
    size_t limit;
} gk_import_errors;
void gk_import_errors_init(gk_import_errors *e, size_t limit);
void gk_import_error(gk_import_errors *e, int line, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void gk_import_errors_free(gk_import_errors *e);
/* The whole report, Chinese, newly allocated: "文件 F 有 N 处错误，未写入任何数据：\n…". */
char *gk_import_errors_message(const gk_import_errors *e, const char *source_name);

/* ---- historical applications ---- */

/* Columns: tracking_no,applicant_type,applicant_name,received_on,outcome,decided_on (required, any order), and
 * optionally id_document, phone, address, channel, request, form_wanted, basis. */
typedef struct gk_application_rows {
    gk_application *rows; /* owned */
    int *lines;           /* owned: line of each row */
    size_t count, cap;
} gk_application_rows;

/* Parses and validates the whole file into *out (caller frees with gk_application_rows_free, also on errors).
 * Checks: header, field counts, keys, dates, decided_on ≥ received_on, outcome and decided_on together,
 * duplicate tracking numbers within the file. Returns the number of errors (0 = all rows valid). */
size_t gk_parse_application_csv(const char *data, size_t len, gk_application_rows *out, gk_import_errors *errors);
void gk_application_rows_free(gk_application_rows *rows);

/* ---- registers ---- */

/* Normative documents: item,title,doc_no,issued_on,repealed_on (item: a document item key of table 二). */
typedef struct gk_document_row {
    int item;
    char *title, *doc_no;
    gk_date issued_on, repealed_on;
    int line;
} gk_document_row;

/* Yearly register: year,item,field,value (value: a count, or an amount in 万元 for the fee field). */
typedef struct gk_yearly_row {
    int year, cell;
    int64_t value; /* count, or millionths of 万元 */
    int line;
} gk_yearly_row;

/* Channel counts: year,channel,count. */
typedef struct gk_channel_row {
    int year;
    char *channel;
    int64_t count;
    int line;
} gk_channel_row;

/* Appeals: block,case_no,filed_on,result,concluded_on,tracking_no (result empty = pending; tracking_no links an
 * application, may be empty). */
typedef struct gk_appeal_row {
    int block, result;
    char *case_no, *tracking_no;
    gk_date filed_on, concluded_on;
    int line;
} gk_appeal_row;

typedef struct gk_register_rows {
    gk_document_row *documents;
    gk_yearly_row *yearly;
    gk_channel_row *channels;
    gk_appeal_row *appeals;
    size_t count, cap;
} gk_register_rows;

enum gk_register_kind { GK_REGISTER_DOCUMENTS, GK_REGISTER_YEARLY, GK_REGISTER_CHANNELS, GK_REGISTER_APPEALS };

/* Parses a register CSV of the given kind into *out (one of the four arrays). Returns the number of errors. */
size_t gk_parse_register_csv(enum gk_register_kind kind, const char *data, size_t len, gk_register_rows *out,
                             gk_import_errors *errors);
void gk_register_rows_free(gk_register_rows *rows);

/* Field parsers shared with the command line; each returns 0 or -1. */
int gk_parse_count(const char *text, int64_t *out);       /* non-negative integer */
int gk_parse_year(const char *text, int *out);            /* 1990..2199 */
/* "<item>.<field>" or item and field separately → FORMAT_2021 proactive cell that is not a document cell. */
int gk_yearly_cell(const char *item, const char *field, int *cell);
int gk_appeal_block_from_key(const char *key);  /* APPEAL_BLOCK_DEFS index or -1 */
int gk_appeal_result_from_key(const char *key); /* upheld/corrected/other → APPEAL_FIELD_DEFS index, else -1 */
int gk_document_item_from_key(const char *key); /* a document register item of table 二, or -1 */

#endif

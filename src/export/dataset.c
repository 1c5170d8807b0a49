/* dataset: one record per report in CSV, JSON Lines or XLSX, written as the records come (see dataset.h).
 *
 * The worker that read a report renders its record (dataset_render) in the form the writer needs least work on: a
 * CSV or JSON Lines record is its finished line, which dataset_write only copies to the file; an XLSX record is
 * the row's cells ready for libxlsxwriter (which only the writing thread may call): for each column a type byte,
 * then for 'S' the text and a NUL, for 'F' the number as a double (8 bytes, host order), for 'N' (empty) nothing.
 * Text is made valid UTF-8 without control characters when it is rendered, so no writer has to check it again. */
#include "export/dataset.h"

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xlsxwriter.h>

#include "util/text.h"

const char *const DATASET_RULES[DATASET_RULE_COUNT] = {"R1", "R2", "R3", "R4", "R5", "B", "S", "X4", "D"};

/* The columns before the cells, with what the XLSX description sheet says of them. */
static const char *const LEADING_COLUMNS[][2] = {
    {"source", "来源文件"},
    {"source_format", "来源文件的格式（text、html、pdf、docx、json）"},
    {"agency", "机关"},
    {"year", "年度"},
    {"format", "报告格式（2019 或 2021）"}};
#define LEADING_COUNT 5
static const char *const COUNT_COLUMNS[][2] = {{"errors", "错误总数"}, {"warnings", "警告总数"}};
#define COUNT_COUNT 2
#define RULE_PREFIX "rule."

/* Type bytes of an XLSX record's cells. */
#define XLSX_CELL_TEXT 'S'
#define XLSX_CELL_NUMBER 'F'
#define XLSX_CELL_EMPTY 'N'
/* Longest text an XLSX cell holds, in bytes (Excel: 32,767 characters). */
#define XLSX_MAX_TEXT 32000
#define XLSX_RECORD_SHEET "报告"
#define XLSX_COLUMNS_SHEET "字段说明"

bool dataset_kind_from_path(const char *path, enum dataset_kind *kind)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/')) return false;
    if (strcasecmp(dot, ".csv") == 0) *kind = DATASET_CSV;
    else if (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0) *kind = DATASET_JSONL;
    else if (strcasecmp(dot, ".xlsx") == 0) *kind = DATASET_XLSX;
    else return false;
    return true;
}

/* ---- schema ---- */

static dataset_column *add_column(dataset_schema *s, int *cap, const char *name)
{
    if (s->column_count == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        s->columns = xrealloc(s->columns, (size_t)*cap * sizeof *s->columns);
    }
    dataset_column *c = &s->columns[s->column_count++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    c->json_key_len = (unsigned char)snprintf(c->json_key, sizeof c->json_key, "\"%s\":", c->name);
    return c;
}

static int find_cell_column(const dataset_schema *s, const char *name)
{
    for (int i = s->first_cell_column; i < s->column_count; i++)
        if (strcmp(s->columns[i].name, name) == 0) return i;
    return -1;
}

/* Inverts cell_column: for each format, which of its cells fills each cell column, and whether it is a decimal. */
static void map_column_cells(dataset_schema *s)
{
    int cell_columns = s->first_rule_column - s->first_cell_column;
    s->column_cell = xcalloc((size_t)s->format_count, sizeof *s->column_cell);
    for (int f = 0; f < s->format_count; f++) {
        const report_format *fmt = s->formats[f];
        dataset_cell *cells = xcalloc((size_t)(cell_columns > 0 ? cell_columns : 1), sizeof *cells);
        for (int i = 0; i < cell_columns; i++) cells[i].cell = -1;
        for (int cell = 0; cell < fmt->cell_count; cell++) {
            cell_address a;
            format_cell_address(fmt, cell, &a);
            cells[s->cell_column[f][cell] - s->first_cell_column] =
                (dataset_cell){cell, a.kind != VALUE_COUNT && a.kind != VALUE_CHANGE};
        }
        s->column_cell[f] = cells;
    }
}

void dataset_schema_init(dataset_schema *s)
{
    memset(s, 0, sizeof *s);
    int cap = 0;
    while (REPORT_FORMATS[s->format_count]) s->format_count++;
    s->formats = xcalloc((size_t)s->format_count, sizeof *s->formats);
    s->cell_column = xcalloc((size_t)s->format_count, sizeof *s->cell_column);
    for (int f = 0; f < s->format_count; f++) {
        s->formats[f] = REPORT_FORMATS[f];
        s->cell_column[f] = xcalloc((size_t)s->formats[f]->cell_count, sizeof **s->cell_column);
    }
    for (int i = 0; i < LEADING_COUNT; i++) add_column(s, &cap, LEADING_COLUMNS[i][0]);
    s->first_cell_column = s->column_count;
    static const enum report_table tables[] = {TABLE_PROACTIVE, TABLE_APPLICATIONS, TABLE_APPEALS};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        for (int f = 0; f < s->format_count; f++) {
            const report_format *fmt = s->formats[f];
            for (int cell = 0; cell < fmt->cell_count; cell++) {
                cell_address a;
                format_cell_address(fmt, cell, &a);
                if (a.table != tables[t]) continue;
                char name[sizeof s->columns[0].name];
                snprintf(name, sizeof name, "t%d.%s.%s", (int)a.table, a.row_key, a.column_key);
                int column = find_cell_column(s, name);
                if (column < 0) {
                    dataset_column *c = add_column(s, &cap, name);
                    c->table = a.table;
                    c->row_label = a.row_label;
                    c->column_label = a.column_label;
                    column = s->column_count - 1;
                }
                s->cell_column[f][cell] = column;
            }
        }
    }
    s->first_rule_column = s->column_count;
    map_column_cells(s);
    for (int i = 0; i < COUNT_COUNT; i++) add_column(s, &cap, COUNT_COLUMNS[i][0]);
    for (int i = 0; i < DATASET_RULE_COUNT; i++) {
        char name[32];
        snprintf(name, sizeof name, RULE_PREFIX "%s", DATASET_RULES[i]);
        add_column(s, &cap, name);
    }
}

void dataset_schema_free(dataset_schema *s)
{
    for (int f = 0; f < s->format_count; f++) {
        free(s->cell_column[f]);
        free(s->column_cell[f]);
    }
    free(s->cell_column);
    free(s->column_cell);
    free(s->formats);
    free(s->columns);
    memset(s, 0, sizeof *s);
}

/* ---- rendering (any thread) ---- */

/* A report has a few dozen findings, each looked up for the dataset: the first letters are compared before strcmp
 * is called for the rest. */
int dataset_rule_index(const char *rule)
{
    for (int k = 0; k < DATASET_RULE_COUNT; k++)
        if (rule[0] == DATASET_RULES[k][0] && strcmp(rule, DATASET_RULES[k]) == 0) return k;
    return -1;
}

/* Appends text as valid UTF-8: invalid bytes become U+FFFD, control characters a space. */
static void put_clean_text(buf *out, const char *text)
{
    size_t len = strlen(text), i = 0;
    while (i < len) {
        int32_t cp;
        int n = utf8_decode(text + i, len - i, &cp);
        if (cp < 0) buf_puts(out, "\xEF\xBF\xBD");
        else if (cp < 0x20 || cp == 0x7f) buf_putc(out, ' ');
        else buf_append(out, text + i, (size_t)n);
        i += (size_t)n;
    }
}

/* A CSV field: quoted (with its quotes doubled) when it holds a comma, a quote or a line break. */
static void csv_value(buf *out, const char *text, size_t len)
{
    bool quote = false;
    for (size_t i = 0; i < len && !quote; i++) quote = text[i] == ',' || text[i] == '"' || text[i] == '\r' || text[i] == '\n';
    if (!quote) {
        buf_append(out, text, len);
        return;
    }
    buf_putc(out, '"');
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '"') buf_putc(out, '"');
        buf_putc(out, text[i]);
    }
    buf_putc(out, '"');
}

/* Appends text as a JSON string, escaped by jansson. jansson writes at most 6 bytes per byte of text (\u00XX) and
 * the two quotes, so one dump into that much room does; a second dump with the exact size is only a safeguard. */
static void json_text(buf *out, const char *text, size_t len)
{
    const size_t flags = JSON_ENCODE_ANY | JSON_COMPACT;
    json_t *s = json_stringn_nocheck(text, len);
    size_t room = 6 * len + 2;
    buf_reserve(out, room);
    size_t need = json_dumpb(s, out->data + out->len, room, flags);
    if (need > room) {
        buf_reserve(out, need);
        need = json_dumpb(s, out->data + out->len, need, flags);
    }
    out->len += need;
    out->data[out->len] = '\0';
    json_decref(s);
}

/* A record being rendered for one kind of dataset: the kind decides each field's syntax. */
typedef struct record_writer {
    const dataset_schema *schema;
    enum dataset_kind kind;
    buf *out;
    buf text;   /* owned scratch: the current text field made clean */
    int column; /* the next column */
} record_writer;

/* Starts the next field: in CSV the comma before it, in JSON Lines the comma and the column's key. */
static inline void begin_field(record_writer *w)
{
    int column = w->column++;
    if (w->kind == DATASET_XLSX) return;
    if (column > 0) buf_putc(w->out, ',');
    if (w->kind == DATASET_JSONL) buf_append(w->out, w->schema->columns[column].json_key, w->schema->columns[column].json_key_len);
}

/* An XLSX text cell: cut to what a cell holds, on a character boundary, and ended by a NUL for libxlsxwriter. */
static void xlsx_text_cell(buf *out, const char *text, size_t len)
{
    if (len > XLSX_MAX_TEXT) {
        len = XLSX_MAX_TEXT;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80) len--;
    }
    buf_putc(out, XLSX_CELL_TEXT);
    buf_append(out, text, len);
    buf_putc(out, '\0');
}

static void xlsx_number_cell(buf *out, double value)
{
    buf_putc(out, XLSX_CELL_NUMBER);
    buf_append(out, &value, sizeof value);
}

static void put_text(record_writer *w, const char *text)
{
    begin_field(w);
    buf_clear(&w->text);
    put_clean_text(&w->text, text);
    const char *clean = buf_cstr(&w->text);
    switch (w->kind) {
    case DATASET_CSV: csv_value(w->out, clean, w->text.len); break;
    case DATASET_JSONL: json_text(w->out, clean, w->text.len); break;
    case DATASET_XLSX: xlsx_text_cell(w->out, clean, w->text.len); break;
    }
}

/* Appends the few bytes of a number one by one: for so few, cheaper than memcpy's call (a report has ~170). */
static void append_short(buf *out, const char *text, size_t len)
{
    if (out->len + len + 1 > out->cap) buf_reserve(out, len);
    for (size_t i = 0; i < len; i++) out->data[out->len++] = text[i];
    out->data[out->len] = '\0';
}

/* An integer. In XLSX the double it converts to is the one strtod would read from its digits: both round the
 * exact value to the nearest double. */
static void put_integer(record_writer *w, long long value)
{
    begin_field(w);
    if (w->kind == DATASET_XLSX) {
        xlsx_number_cell(w->out, (double)value);
        return;
    }
    char digits[24], *end = digits + sizeof digits;
    char *start = decimal_digits(value, end);
    append_short(w->out, start, (size_t)(end - start));
}

/* A decimal held in millionths, printed shortest ("96171.6"); in XLSX the number those digits read as. */
static void put_decimal(record_writer *w, int64_t millionths)
{
    char decimal[32];
    format_millionths(millionths, decimal);
    begin_field(w);
    if (w->kind == DATASET_XLSX) xlsx_number_cell(w->out, strtod(decimal, NULL));
    else buf_puts(w->out, decimal);
}

static void put_empty(record_writer *w)
{
    begin_field(w);
    if (w->kind == DATASET_JSONL) buf_append(w->out, "null", 4);
    else if (w->kind == DATASET_XLSX) buf_putc(w->out, XLSX_CELL_EMPTY);
}

/* The cell columns: each filled from the report's cell there in its format, empty when the format has no such cell
 * or the report leaves it blank. */
static void put_cells(record_writer *w, const report *r)
{
    const dataset_schema *s = w->schema;
    const dataset_cell *cells = NULL;
    for (int f = 0; f < s->format_count; f++)
        if (s->formats[f] == r->format) cells = s->column_cell[f];
    for (int i = 0; i < s->first_rule_column - s->first_cell_column; i++) {
        const report_cell *value = cells && cells[i].cell >= 0 ? report_cell_at(r, cells[i].cell) : NULL;
        if (!value || value->state != CELL_VALUE) put_empty(w);
        else if (cells[i].decimal) put_decimal(w, value->value);
        else put_integer(w, (long long)value->value);
    }
}

/* errors, warnings and the findings under each rule of DATASET_RULES, counted in one pass. */
static void put_counts(record_writer *w, const diag_list *d)
{
    long long errors = 0, warnings = 0, per_rule[DATASET_RULE_COUNT] = {0};
    for (size_t i = 0; d && i < d->count; i++) {
        errors += d->items[i].severity == SEVERITY_ERROR;
        warnings += d->items[i].severity == SEVERITY_WARNING;
        int k = dataset_rule_index(d->items[i].rule);
        if (k >= 0) per_rule[k]++;
    }
    put_integer(w, errors);
    put_integer(w, warnings);
    for (int k = 0; k < DATASET_RULE_COUNT; k++) put_integer(w, per_rule[k]);
}

void dataset_render(const dataset_schema *s, enum dataset_kind kind, const dataset_record *rec, buf *out)
{
    record_writer w = {s, kind, out, BUF_INIT, 0};
    const report *r = rec->report;
    if (kind == DATASET_JSONL) buf_putc(out, '{');
    put_text(&w, rec->source ? rec->source : "");
    if (rec->source_format) put_text(&w, rec->source_format);
    else put_empty(&w);
    if (r->agency) put_text(&w, r->agency);
    else put_empty(&w);
    if (r->year) put_integer(&w, r->year);
    else put_empty(&w);
    put_text(&w, r->format->name);
    put_cells(&w, r);
    put_counts(&w, rec->diagnostics);
    if (kind == DATASET_CSV) buf_putc(out, '\n');
    else if (kind == DATASET_JSONL) buf_append(out, "}\n", 2);
    buf_free(&w.text);
}

/* ---- libxlsxwriter, loaded when the first XLSX dataset is created ----
 * Only `gongkai import --out X.xlsx` writes XLSX: libxlsxwriter (with its own zip and zlib) is opened with dlopen
 * then instead of linked, so that checking or converting reports does not map it. The table is filled once. */
#define XLSXWRITER_LIBRARY "libxlsxwriter.so.4"

typedef struct xlsxwriter_api {
    lxw_workbook *(*workbook_new_opt)(const char *filename, lxw_workbook_options *options);
    lxw_worksheet *(*workbook_add_worksheet)(lxw_workbook *workbook, const char *sheetname);
    lxw_error (*workbook_close)(lxw_workbook *workbook);
    lxw_error (*worksheet_write_string)(lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col, const char *string,
                                        lxw_format *format);
    lxw_error (*worksheet_write_number)(lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col, double number,
                                        lxw_format *format);
    void (*worksheet_freeze_panes)(lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col);
    char *(*strerror)(lxw_error error);
} xlsxwriter_api;

static xlsxwriter_api xlsxwriter;
static const char *xlsxwriter_missing; /* the library or function that could not be had, NULL when loaded */
static pthread_once_t xlsxwriter_once = PTHREAD_ONCE_INIT;

static void *xlsxwriter_symbol(void *library, const char *name)
{
    void *symbol = library ? dlsym(library, name) : NULL;
    if (!symbol && !xlsxwriter_missing) xlsxwriter_missing = name;
    return symbol;
}

/* Stores the library's function into field; the unevaluated comparison makes the compiler check the field's type
 * against libxlsxwriter's header. */
#define XLSX_BIND(library, field, symbol)                                                                              \
    do {                                                                                                               \
        (void)sizeof(xlsxwriter.field == symbol);                                                                      \
        *(void **)&xlsxwriter.field = xlsxwriter_symbol(library, #symbol);                                             \
    } while (0)

static void load_xlsxwriter(void)
{
    void *library = dlopen(XLSXWRITER_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (!library) xlsxwriter_missing = XLSXWRITER_LIBRARY;
    XLSX_BIND(library, workbook_new_opt, workbook_new_opt);
    XLSX_BIND(library, workbook_add_worksheet, workbook_add_worksheet);
    XLSX_BIND(library, workbook_close, workbook_close);
    XLSX_BIND(library, worksheet_write_string, worksheet_write_string);
    XLSX_BIND(library, worksheet_write_number, worksheet_write_number);
    XLSX_BIND(library, worksheet_freeze_panes, worksheet_freeze_panes);
    XLSX_BIND(library, strerror, lxw_strerror);
}

/* libxlsxwriter's table, opened by the first call; NULL with *error (caller frees) when it cannot be had. */
static const xlsxwriter_api *load_xlsx_api(const char *path, char **error)
{
    pthread_once(&xlsxwriter_once, load_xlsxwriter);
    if (!xlsxwriter_missing) return &xlsxwriter;
    *error = xasprintf("无法写入数据集 %s：缺少 XLSX 组件（%s），请安装 libxlsxwriter4 软件包，或改用 .csv、.jsonl",
                       path, xlsxwriter_missing);
    return NULL;
}

/* ---- writing (the thread that owns the dataset) ---- */

struct dataset {
    enum dataset_kind kind;
    const dataset_schema *schema;
    char *path;
    size_t records;
    FILE *file;               /* CSV, JSON Lines */
    const xlsxwriter_api *xlsx; /* XLSX */
    lxw_workbook *workbook;
    lxw_worksheet *sheet;
    uint32_t row;             /* next row of the current sheet */
    int sheet_number;
};

static char *write_error(const dataset *d, const char *what)
{
    buf b = BUF_INIT;
    buf_printf(&b, "无法写入数据集 %s（%s）", d->path, what);
    return buf_detach(&b);
}

static int write_bytes(dataset *d, const char *bytes, size_t len, char **error)
{
    if (fwrite(bytes, 1, len, d->file) != len) {
        *error = write_error(d, strerror(errno));
        return -1;
    }
    return 0;
}

static int xlsx_start_sheet(dataset *d, char **error)
{
    char name[32];
    d->sheet_number++;
    if (d->sheet_number == 1) snprintf(name, sizeof name, "%s", XLSX_RECORD_SHEET);
    else snprintf(name, sizeof name, "%s%d", XLSX_RECORD_SHEET, d->sheet_number);
    d->sheet = d->xlsx->workbook_add_worksheet(d->workbook, name);
    if (!d->sheet) {
        *error = write_error(d, "无法新建工作表");
        return -1;
    }
    for (int i = 0; i < d->schema->column_count; i++)
        d->xlsx->worksheet_write_string(d->sheet, 0, (uint16_t)i, d->schema->columns[i].name, NULL);
    d->xlsx->worksheet_freeze_panes(d->sheet, 1, 1);
    d->row = 1;
    return 0;
}

/* Hands one cell of an XLSX record (at *at, see the top of this file) to libxlsxwriter and moves *at past it.
 * Returns -1 when the record is cut short or the type unknown (an internal error). */
static int xlsx_cell(dataset *d, uint16_t column, const char **at, const char *end, lxw_error *e)
{
    if (*at >= end) return -1;
    char type = *(*at)++;
    if (type == XLSX_CELL_TEXT) {
        size_t len = strnlen(*at, (size_t)(end - *at));
        if (len == (size_t)(end - *at)) return -1;
        *e = d->xlsx->worksheet_write_string(d->sheet, d->row, column, *at, NULL);
        *at += len + 1;
    } else if (type == XLSX_CELL_NUMBER) {
        double value;
        if ((size_t)(end - *at) < sizeof value) return -1;
        memcpy(&value, *at, sizeof value);
        *e = d->xlsx->worksheet_write_number(d->sheet, d->row, column, value, NULL);
        *at += sizeof value;
    } else if (type != XLSX_CELL_EMPTY) {
        return -1;
    }
    return 0;
}

static int xlsx_record(dataset *d, const char *rendered, size_t len, char **error)
{
    if (d->row >= LXW_ROW_MAX && xlsx_start_sheet(d, error) != 0) return -1;
    const char *at = rendered, *end = rendered + len;
    int column = 0;
    for (; column < d->schema->column_count; column++) {
        lxw_error e = LXW_NO_ERROR;
        if (xlsx_cell(d, (uint16_t)column, &at, end, &e) != 0) break;
        if (e != LXW_NO_ERROR) {
            *error = write_error(d, d->xlsx->strerror(e));
            return -1;
        }
    }
    if (column < d->schema->column_count || at != end) {
        *error = write_error(d, "记录的栏数不对，内部错误");
        return -1;
    }
    d->row++;
    return 0;
}

static void header_line(const dataset_schema *s, buf *out)
{
    for (int i = 0; i < s->column_count; i++) {
        if (i) buf_putc(out, ',');
        buf_puts(out, s->columns[i].name);
    }
    buf_putc(out, '\n');
}

dataset *dataset_create(const char *path, enum dataset_kind kind, const dataset_schema *schema, char **error)
{
    *error = NULL;
    dataset *d = xcalloc(1, sizeof *d);
    d->kind = kind;
    d->schema = schema;
    d->path = xstrdup(path);
    /* Every kind opens the file now, so that a path that cannot be written is refused before any work. */
    d->file = fopen(path, "wb");
    if (!d->file) {
        buf b = BUF_INIT;
        buf_printf(&b, "无法创建数据集文件 %s（%s）", path, strerror(errno));
        *error = buf_detach(&b);
        free(d->path);
        free(d);
        return NULL;
    }
    if (kind == DATASET_XLSX) {
        fclose(d->file);
        d->file = NULL;
        lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
        d->xlsx = load_xlsx_api(path, error);
        d->workbook = d->xlsx ? d->xlsx->workbook_new_opt(path, &options) : NULL;
        if (!d->workbook || xlsx_start_sheet(d, error) != 0) {
            if (!*error) *error = write_error(d, "无法新建工作簿");
            if (d->workbook) d->xlsx->workbook_close(d->workbook);
            free(d->path);
            free(d);
            return NULL;
        }
        return d;
    }
    setvbuf(d->file, NULL, _IOFBF, (size_t)1 << 20);
    if (kind == DATASET_CSV) {
        buf header = BUF_INIT;
        header_line(schema, &header);
        int status = write_bytes(d, header.data, header.len, error);
        buf_free(&header);
        if (status != 0) {
            fclose(d->file);
            free(d->path);
            free(d);
            return NULL;
        }
    }
    return d;
}

int dataset_write(dataset *d, const char *rendered, size_t len, char **error)
{
    *error = NULL;
    int status;
    if (d->kind == DATASET_XLSX) {
        status = xlsx_record(d, rendered, len, error);
    } else if (len == 0 || rendered[len - 1] != '\n') { /* every CSV or JSON Lines record is a whole line */
        *error = write_error(d, "记录不完整，内部错误");
        status = -1;
    } else {
        status = write_bytes(d, rendered, len, error);
    }
    if (status == 0) d->records++;
    return status;
}

size_t dataset_record_count(const dataset *d) { return d->records; }

/* The XLSX sheet that says what each column holds, in Chinese: table, row and column labels from the formats. */
static void xlsx_columns_sheet(dataset *d)
{
    const xlsxwriter_api *x = d->xlsx;
    lxw_worksheet *sheet = x->workbook_add_worksheet(d->workbook, XLSX_COLUMNS_SHEET);
    if (!sheet) return;
    static const char *const headers[] = {"列名", "表", "行", "栏"};
    for (int i = 0; i < 4; i++) x->worksheet_write_string(sheet, 0, (uint16_t)i, headers[i], NULL);
    const dataset_schema *s = d->schema;
    for (int i = 0; i < s->column_count; i++) {
        const dataset_column *c = &s->columns[i];
        uint32_t row = (uint32_t)i + 1;
        x->worksheet_write_string(sheet, row, 0, c->name, NULL);
        if (c->table != TABLE_NONE) {
            x->worksheet_write_string(sheet, row, 1, table_short_name(c->table), NULL);
            x->worksheet_write_string(sheet, row, 2, c->row_label, NULL);
            x->worksheet_write_string(sheet, row, 3, c->column_label, NULL);
        } else if (i < LEADING_COUNT) {
            x->worksheet_write_string(sheet, row, 2, LEADING_COLUMNS[i][1], NULL);
        } else if (i < s->first_rule_column + COUNT_COUNT) {
            x->worksheet_write_string(sheet, row, 2, COUNT_COLUMNS[i - s->first_rule_column][1], NULL);
        } else {
            char text[64];
            snprintf(text, sizeof text, "规则 %s 的发现数", DATASET_RULES[i - s->first_rule_column - COUNT_COUNT]);
            x->worksheet_write_string(sheet, row, 2, text, NULL);
        }
    }
}

int dataset_finish(dataset *d, char **error)
{
    *error = NULL;
    int status = 0;
    if (d->kind == DATASET_XLSX) {
        xlsx_columns_sheet(d);
        lxw_error e = d->xlsx->workbook_close(d->workbook);
        if (e != LXW_NO_ERROR) {
            *error = write_error(d, d->xlsx->strerror(e));
            status = -1;
        }
    } else if (fclose(d->file) != 0) {
        *error = write_error(d, strerror(errno));
        status = -1;
    }
    free(d->path);
    free(d);
    return status;
}

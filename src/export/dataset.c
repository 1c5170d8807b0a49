/* dataset: one record per report in CSV, JSON Lines or XLSX, written as the records come (see dataset.h).
 *
 * A record travels from the worker that read the report to the writer in a neutral form: for each column, a type
 * byte ('S' text, 'I' integer, 'D' decimal, 'N' empty) and the value, ended by the unit separator 0x1f. Text is
 * made valid UTF-8 without control characters when it is rendered, so no writer has to check it again. */
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

#define FIELD_END '\x1f'
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
    return c;
}

static int find_cell_column(const dataset_schema *s, const char *name)
{
    for (int i = s->first_cell_column; i < s->column_count; i++)
        if (strcmp(s->columns[i].name, name) == 0) return i;
    return -1;
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
    for (int i = 0; i < COUNT_COUNT; i++) add_column(s, &cap, COUNT_COLUMNS[i][0]);
    for (int i = 0; i < DATASET_RULE_COUNT; i++) {
        char name[32];
        snprintf(name, sizeof name, RULE_PREFIX "%s", DATASET_RULES[i]);
        add_column(s, &cap, name);
    }
}

void dataset_schema_free(dataset_schema *s)
{
    for (int f = 0; f < s->format_count; f++) free(s->cell_column[f]);
    free(s->cell_column);
    free(s->formats);
    free(s->columns);
    memset(s, 0, sizeof *s);
}

/* ---- rendering ---- */

/* Appends text as valid UTF-8: invalid bytes become U+FFFD, control characters a space. */
static void put_clean_text(buf *out, const char *text)
{
    size_t len = strlen(text), i = 0;
    while (i < len) {
        int32_t cp;
        int n = utf8_decode(text + i, len - i, &cp);
        if (cp < 0) buf_puts(out, "\xEF\xBF\xBD");
        else if (cp < 0x20 || cp == 0x7f || cp == FIELD_END) buf_putc(out, ' ');
        else buf_append(out, text + i, (size_t)n);
        i += (size_t)n;
    }
}

static void field_text(buf *out, const char *text)
{
    buf_putc(out, 'S');
    put_clean_text(out, text);
    buf_putc(out, FIELD_END);
}

/* "I<value>" and the field end, as "I%lld%c" would print it, without printf's cost for every cell. */
static void field_integer(buf *out, long long value)
{
    char digits[24];
    size_t at = sizeof digits;
    unsigned long long magnitude = value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;
    do {
        digits[--at] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (value < 0) digits[--at] = '-';
    buf_putc(out, 'I');
    buf_append(out, digits + at, sizeof digits - at);
    buf_putc(out, FIELD_END);
}

static void field_empty(buf *out)
{
    buf_putc(out, 'N');
    buf_putc(out, FIELD_END);
}

static void field_cell(buf *out, const report *r, int cell)
{
    const report_cell *c = report_cell_at(r, cell);
    if (c->state != CELL_VALUE) {
        field_empty(out);
        return;
    }
    cell_address a;
    format_cell_address(r->format, cell, &a);
    if (a.kind == VALUE_COUNT || a.kind == VALUE_CHANGE) {
        field_integer(out, (long long)c->value);
    } else {
        char decimal[32];
        format_millionths(c->value, decimal);
        buf_putc(out, 'D');
        buf_puts(out, decimal);
        buf_putc(out, FIELD_END);
    }
}

void dataset_render(const dataset_schema *s, const dataset_record *rec, buf *out)
{
    const report *r = rec->report;
    field_text(out, rec->source ? rec->source : "");
    if (rec->source_format) field_text(out, rec->source_format);
    else field_empty(out);
    if (r->agency) field_text(out, r->agency);
    else field_empty(out);
    if (r->year) field_integer(out, r->year);
    else field_empty(out);
    field_text(out, r->format->name);
    int cell_columns = s->first_rule_column - s->first_cell_column;
    int *cell_of = xmalloc((size_t)(cell_columns > 0 ? cell_columns : 1) * sizeof *cell_of);
    for (int i = 0; i < cell_columns; i++) cell_of[i] = -1;
    for (int f = 0; f < s->format_count; f++) {
        if (s->formats[f] != r->format) continue;
        for (int cell = 0; cell < r->format->cell_count; cell++) cell_of[s->cell_column[f][cell] - s->first_cell_column] = cell;
    }
    for (int i = 0; i < cell_columns; i++) {
        if (cell_of[i] < 0) field_empty(out);
        else field_cell(out, r, cell_of[i]);
    }
    free(cell_of);
    const diag_list *d = rec->diagnostics;
    field_integer(out, d ? (long long)diag_count_severity(d, SEVERITY_ERROR) : 0);
    field_integer(out, d ? (long long)diag_count_severity(d, SEVERITY_WARNING) : 0);
    for (int i = 0; i < DATASET_RULE_COUNT; i++) field_integer(out, d ? (long long)diag_count_rule(d, DATASET_RULES[i]) : 0);
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

/* ---- writing ---- */

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
    buf line;                 /* scratch */
};

/* One field of a rendered record. */
typedef struct field {
    char type;
    const char *value; /* not NUL-terminated */
    size_t len;
} field;

/* Splits a rendered record; returns the number of fields (at most max), or -1 when it is not well formed. */
static int split_fields(const char *rendered, size_t len, field *fields, int max)
{
    int n = 0;
    size_t i = 0;
    while (i < len) {
        const char *end = memchr(rendered + i, FIELD_END, len - i);
        if (!end || n == max) return -1;
        fields[n++] = (field){rendered[i], rendered + i + 1, (size_t)(end - rendered) - i - 1};
        i = (size_t)(end - rendered) + 1;
    }
    return n;
}

static char *write_error(const dataset *d, const char *what)
{
    buf b = BUF_INIT;
    buf_printf(&b, "无法写入数据集 %s（%s）", d->path, what);
    return buf_detach(&b);
}

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

static void csv_record(const dataset *d, const field *fields, int n, buf *out)
{
    (void)d;
    for (int i = 0; i < n; i++) {
        if (i) buf_putc(out, ',');
        if (fields[i].type != 'N') csv_value(out, fields[i].value, fields[i].len);
    }
    buf_putc(out, '\n');
}

/* Appends text as a JSON string, escaped by jansson. */
static void json_text(buf *out, const char *text, size_t len)
{
    json_t *s = json_stringn_nocheck(text, len);
    size_t need = json_dumpb(s, NULL, 0, JSON_ENCODE_ANY | JSON_COMPACT);
    buf_reserve(out, need + 1);
    out->len += json_dumpb(s, out->data + out->len, need, JSON_ENCODE_ANY | JSON_COMPACT);
    out->data[out->len] = '\0';
    json_decref(s);
}

static void jsonl_record(const dataset *d, const field *fields, int n, buf *out)
{
    buf_putc(out, '{');
    for (int i = 0; i < n; i++) {
        if (i) buf_putc(out, ',');
        buf_printf(out, "\"%s\":", d->schema->columns[i].name);
        if (fields[i].type == 'N') buf_puts(out, "null");
        else if (fields[i].type == 'S') json_text(out, fields[i].value, fields[i].len);
        else buf_append(out, fields[i].value, fields[i].len);
    }
    buf_puts(out, "}\n");
}

static int write_line(dataset *d, char **error)
{
    if (fwrite(d->line.data, 1, d->line.len, d->file) != d->line.len) {
        *error = write_error(d, strerror(errno));
        return -1;
    }
    return 0;
}

static lxw_error xlsx_text(dataset *d, uint32_t row, uint16_t column, const char *text, size_t len)
{
    if (len > XLSX_MAX_TEXT) {
        len = XLSX_MAX_TEXT;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80) len--; /* cut on a character boundary */
    }
    buf_clear(&d->line);
    buf_append(&d->line, text, len);
    return d->xlsx->worksheet_write_string(d->sheet, row, column, buf_cstr(&d->line), NULL);
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
    for (int i = 0; i < d->schema->column_count; i++) {
        const char *column_name = d->schema->columns[i].name;
        xlsx_text(d, 0, (uint16_t)i, column_name, strlen(column_name));
    }
    d->xlsx->worksheet_freeze_panes(d->sheet, 1, 1);
    d->row = 1;
    return 0;
}

static int xlsx_record(dataset *d, const field *fields, int n, char **error)
{
    if (d->row >= LXW_ROW_MAX && xlsx_start_sheet(d, error) != 0) return -1;
    for (int i = 0; i < n; i++) {
        lxw_error e = LXW_NO_ERROR;
        if (fields[i].type == 'S') {
            e = xlsx_text(d, d->row, (uint16_t)i, fields[i].value, fields[i].len);
        } else if (fields[i].type != 'N') {
            char number[48];
            size_t len = fields[i].len < sizeof number - 1 ? fields[i].len : sizeof number - 1;
            memcpy(number, fields[i].value, len);
            number[len] = '\0';
            e = d->xlsx->worksheet_write_number(d->sheet, d->row, (uint16_t)i, strtod(number, NULL), NULL);
        }
        if (e != LXW_NO_ERROR) {
            *error = write_error(d, d->xlsx->strerror(e));
            return -1;
        }
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
            buf_free(&d->line);
            free(d);
            return NULL;
        }
        return d;
    }
    setvbuf(d->file, NULL, _IOFBF, (size_t)1 << 20);
    if (kind == DATASET_CSV) {
        header_line(schema, &d->line);
        if (write_line(d, error) != 0) {
            fclose(d->file);
            free(d->path);
            buf_free(&d->line);
            free(d);
            return NULL;
        }
    }
    return d;
}

int dataset_write(dataset *d, const char *rendered, size_t len, char **error)
{
    *error = NULL;
    int max = d->schema->column_count;
    field *fields = xmalloc((size_t)max * sizeof *fields);
    int n = split_fields(rendered, len, fields, max);
    int status = 0;
    if (n != max) {
        *error = write_error(d, "记录的栏数不对，内部错误");
        status = -1;
    } else if (d->kind == DATASET_XLSX) {
        status = xlsx_record(d, fields, n, error);
    } else {
        buf_clear(&d->line);
        if (d->kind == DATASET_CSV) csv_record(d, fields, n, &d->line);
        else jsonl_record(d, fields, n, &d->line);
        status = write_line(d, error);
    }
    free(fields);
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
    buf_free(&d->line);
    free(d->path);
    free(d);
    return status;
}

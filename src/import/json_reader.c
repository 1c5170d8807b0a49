/* json_reader: canonical JSON (gongkai.report/1, DESIGN.md §2.4) → a report value, with jansson. The inverse of
 * export_json: null → CELL_BLANK, a missing key → CELL_ABSENT, unknown keys ignored, a wrong type is an error that
 * names the key path ("applications.rows.received[3]"). */
#include "import/json_reader.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* Years a report can have. */
#define YEAR_MIN 1900
#define YEAR_MAX 9999

/* State of one read: the report being filled and where the first error goes. */
typedef struct json_reader {
    const char *name;
    report *r;
    char *error; /* owned until handed to the caller */
} json_reader;

static void fail(json_reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(json_reader *rd, const char *fmt, ...)
{
    if (rd->error) return;
    buf message = BUF_INIT;
    buf_printf(&message, "%s：", rd->name);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&message, fmt, ap);
    va_end(ap);
    rd->error = buf_detach(&message);
}

/* The JSON type of v as a clerk reads it. */
static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "对象";
    case JSON_ARRAY: return "数组";
    case JSON_STRING: return "字符串";
    case JSON_INTEGER: return "整数";
    case JSON_REAL: return "小数";
    case JSON_TRUE:
    case JSON_FALSE: return "布尔值";
    default: return "null";
    }
}

static bool wrong_type(json_reader *rd, const char *path, const char *wanted, const json_t *v)
{
    fail(rd, "“%s”应为%s，实际为%s", path, wanted, type_name(v));
    return false;
}

/* ---- cells ---- */

static bool read_count(json_reader *rd, const json_t *v, int cell, const char *path)
{
    if (json_is_null(v)) {
        report_set_blank(rd->r, cell);
        return true;
    }
    if (!json_is_integer(v)) return wrong_type(rd, path, "整数或 null", v);
    report_set_count(rd->r, cell, (int64_t)json_integer_value(v));
    return true;
}

/* llround for |x| < 2^53, without libm (the check of a report links no more than it needs): the fraction left
 * after truncation is exact there. */
static int64_t round_half_away(double x)
{
    int64_t whole = (int64_t)x;
    double fraction = x - (double)whole;
    return whole + (fraction >= 0.5) - (fraction <= -0.5);
}

/* A decimal or amount: the printed text (a string), or a JSON number written as the shortest decimal. */
static bool read_decimal(json_reader *rd, const json_t *v, int cell, const char *path)
{
    char printed[64];
    const char *text = printed;
    if (json_is_null(v)) {
        report_set_blank(rd->r, cell);
        return true;
    } else if (json_is_string(v)) {
        text = json_string_value(v);
    } else if (json_is_integer(v)) {
        snprintf(printed, sizeof printed, "%lld", (long long)json_integer_value(v));
    } else if (json_is_real(v) && fabs(json_real_value(v)) < 9e12) {
        format_millionths(round_half_away(json_real_value(v) * 1e6), printed);
    } else {
        return wrong_type(rd, path, "数字文本（如 \"96171.6\"）或 null", v);
    }
    if (report_set_decimal_text(rd->r, cell, text) != 0) {
        fail(rd, "“%s”的值“%s”不是数字", path, text);
        return false;
    }
    return true;
}

static bool read_cell(json_reader *rd, const json_t *v, int cell, enum value_kind kind, const char *path)
{
    if (kind == VALUE_COUNT || kind == VALUE_CHANGE) return read_count(rd, v, cell, path);
    return read_decimal(rd, v, cell, path);
}

/* ---- objects of fields: table 二 items and table 四 blocks ---- */

/* Reads `object` (an object of fields, null or missing) into the cells first… of the fields. */
static bool read_fields(json_reader *rd, const json_t *object, int first, const field_def *fields, int field_count,
                        const char *path)
{
    if (!object) return true;
    if (!json_is_object(object) && !json_is_null(object)) return wrong_type(rd, path, "对象或 null", object);
    bool ok = true;
    buf key = BUF_INIT, field_path = BUF_INIT;
    for (int i = 0; ok && i < field_count; i++) {
        if (json_is_null(object)) {
            report_set_blank(rd->r, first + i);
            continue;
        }
        buf_clear(&key);
        buf_puts(&key, fields[i].key);
        const json_t *v = json_object_get(object, buf_cstr(&key));
        if (!v && fields[i].kind == VALUE_AMOUNT_TEXT) {
            /* No printed text: fall back on the parsed yuan amount. */
            buf_puts(&key, REPORT_JSON_YUAN_SUFFIX);
            v = json_object_get(object, buf_cstr(&key));
        }
        if (!v) continue;
        buf_clear(&field_path);
        buf_printf(&field_path, "%s.%s", path, buf_cstr(&key));
        ok = read_cell(rd, v, first + i, fields[i].kind, buf_cstr(&field_path));
    }
    buf_free(&key);
    buf_free(&field_path);
    return ok;
}

/* The value of a top-level table: an object, or NULL when missing or null. */
static bool table_object(json_reader *rd, const json_t *root, const char *key, const json_t **out)
{
    *out = json_object_get(root, key);
    if (*out && json_is_null(*out)) *out = NULL;
    if (*out && !json_is_object(*out)) return wrong_type(rd, key, "对象", *out);
    return true;
}

static bool read_proactive(json_reader *rd, const json_t *root)
{
    const json_t *items;
    if (!table_object(rd, root, REPORT_JSON_KEY_PROACTIVE, &items)) return false;
    if (!items) return true;
    const report_format *f = rd->r->format;
    bool ok = true;
    buf path = BUF_INIT;
    for (int item = 0; ok && item < f->proactive_count; item++) {
        const proactive_item_def *def = &f->proactive[item];
        buf_clear(&path);
        buf_printf(&path, "%s.%s", REPORT_JSON_KEY_PROACTIVE, def->key);
        ok = read_fields(rd, json_object_get(items, def->key), format_proactive_cell(f, item, 0), def->fields,
                         def->field_count, buf_cstr(&path));
    }
    buf_free(&path);
    return ok;
}

static bool read_appeals(json_reader *rd, const json_t *root)
{
    const json_t *blocks;
    if (!table_object(rd, root, REPORT_JSON_KEY_APPEALS, &blocks)) return false;
    if (!blocks) return true;
    bool ok = true;
    buf path = BUF_INIT;
    for (int block = 0; ok && block < APPEAL_BLOCKS; block++) {
        buf_clear(&path);
        buf_printf(&path, "%s.%s", REPORT_JSON_KEY_APPEALS, APPEAL_BLOCK_DEFS[block].key);
        ok = read_fields(rd, json_object_get(blocks, APPEAL_BLOCK_DEFS[block].key),
                         format_appeal_cell(rd->r->format, block, 0), APPEAL_FIELD_DEFS, APPEAL_FIELDS,
                         buf_cstr(&path));
    }
    buf_free(&path);
    return ok;
}

/* ---- table 三 ---- */

static int column_index(const char *key)
{
    for (int col = 0; col < APPLICATION_COLUMNS; col++)
        if (strcmp(APPLICATION_COLUMN_DEFS[col].key, key) == 0) return col;
    return -1;
}

/* Fills order[i] with the column index of the i-th value of each row; *count is how many values a row has. */
static bool read_columns(json_reader *rd, const json_t *applications, int order[APPLICATION_COLUMNS], size_t *count)
{
    const char *path = REPORT_JSON_KEY_APPLICATIONS "." REPORT_JSON_KEY_COLUMNS;
    const json_t *columns = json_object_get(applications, REPORT_JSON_KEY_COLUMNS);
    if (!columns || json_is_null(columns)) {
        for (int col = 0; col < APPLICATION_COLUMNS; col++) order[col] = col;
        *count = APPLICATION_COLUMNS;
        return true;
    }
    if (!json_is_array(columns)) return wrong_type(rd, path, "数组", columns);
    if (json_array_size(columns) > APPLICATION_COLUMNS) {
        fail(rd, "“%s”最多 %d 列，实际 %zu 列", path, APPLICATION_COLUMNS, json_array_size(columns));
        return false;
    }
    bool seen[APPLICATION_COLUMNS] = {false};
    for (size_t i = 0; i < json_array_size(columns); i++) {
        const json_t *key = json_array_get(columns, i);
        if (!json_is_string(key)) {
            fail(rd, "“%s[%zu]”应为列名字符串，实际为%s", path, i, type_name(key));
            return false;
        }
        int col = column_index(json_string_value(key));
        if (col < 0 || seen[col]) {
            fail(rd, "“%s[%zu]”：%s列名“%s”", path, i, col < 0 ? "未知的" : "重复的", json_string_value(key));
            return false;
        }
        seen[col] = true;
        order[i] = col;
    }
    *count = json_array_size(columns);
    return true;
}

static bool read_application_row(json_reader *rd, const json_t *values, int row, const int *order, size_t count,
                                 const char *path)
{
    const report_format *f = rd->r->format;
    if (json_is_null(values)) {
        for (size_t i = 0; i < count; i++) report_set_blank(rd->r, format_application_cell(f, row, order[i]));
        return true;
    }
    if (!json_is_array(values)) return wrong_type(rd, path, "数组或 null", values);
    if (json_array_size(values) != count) {
        fail(rd, "“%s”应有 %zu 个值，实际 %zu 个", path, count, json_array_size(values));
        return false;
    }
    bool ok = true;
    buf cell_path = BUF_INIT;
    for (size_t i = 0; ok && i < count; i++) {
        buf_clear(&cell_path);
        buf_printf(&cell_path, "%s[%zu]", path, i);
        ok = read_count(rd, json_array_get(values, i), format_application_cell(f, row, order[i]),
                        buf_cstr(&cell_path));
    }
    buf_free(&cell_path);
    return ok;
}

static bool read_applications(json_reader *rd, const json_t *root)
{
    const json_t *applications;
    if (!table_object(rd, root, REPORT_JSON_KEY_APPLICATIONS, &applications)) return false;
    if (!applications) return true;
    int order[APPLICATION_COLUMNS];
    size_t count;
    if (!read_columns(rd, applications, order, &count)) return false;
    const json_t *rows = json_object_get(applications, REPORT_JSON_KEY_ROWS);
    if (!rows || json_is_null(rows)) return true;
    const char *rows_path = REPORT_JSON_KEY_APPLICATIONS "." REPORT_JSON_KEY_ROWS;
    if (!json_is_object(rows)) return wrong_type(rd, rows_path, "对象", rows);
    const report_format *f = rd->r->format;
    bool ok = true;
    buf path = BUF_INIT;
    for (int row = 0; ok && row < f->application_row_count; row++) {
        const json_t *values = json_object_get(rows, f->application_rows[row].key);
        if (!values) continue;
        buf_clear(&path);
        buf_printf(&path, "%s.%s", rows_path, f->application_rows[row].key);
        ok = read_application_row(rd, values, row, order, count, buf_cstr(&path));
    }
    buf_free(&path);
    return ok;
}

/* ---- the rest ---- */

/* A string or null member; *out is NULL when missing or null. */
static bool optional_string(json_reader *rd, const json_t *object, const char *key, const char *path,
                            const char **out)
{
    const json_t *v = json_object_get(object, key);
    *out = NULL;
    if (!v || json_is_null(v)) return true;
    if (!json_is_string(v)) return wrong_type(rd, path, "字符串或 null", v);
    *out = json_string_value(v);
    return true;
}

static bool read_text(json_reader *rd, const json_t *root)
{
    const json_t *sections = json_object_get(root, REPORT_JSON_KEY_TEXT);
    if (!sections || json_is_null(sections)) return true;
    if (!json_is_object(sections)) return wrong_type(rd, REPORT_JSON_KEY_TEXT, "对象", sections);
    buf path = BUF_INIT;
    bool ok = true;
    for (int i = 0; ok && i < TEXT_COUNT; i++) {
        buf_clear(&path);
        buf_printf(&path, "%s.%s", REPORT_JSON_KEY_TEXT, REPORT_TEXT_KEYS[i]);
        const char *text;
        ok = optional_string(rd, sections, REPORT_TEXT_KEYS[i], buf_cstr(&path), &text);
        if (ok && text) report_set_text(rd->r, (enum report_text)i, text);
    }
    buf_free(&path);
    return ok;
}

/* "year": an integer in range, null or missing (0). */
static bool read_year(json_reader *rd, const json_t *root, int *year)
{
    const json_t *v = json_object_get(root, REPORT_JSON_KEY_YEAR);
    *year = 0;
    if (!v || json_is_null(v)) return true;
    if (!json_is_integer(v)) return wrong_type(rd, REPORT_JSON_KEY_YEAR, "整数年份", v);
    json_int_t value = json_integer_value(v);
    if (value < YEAR_MIN || value > YEAR_MAX) {
        fail(rd, "“%s”的值 %lld 不是合理的年份", REPORT_JSON_KEY_YEAR, (long long)value);
        return false;
    }
    *year = (int)value;
    return true;
}

static void list_format_names(buf *out)
{
    for (int i = 0; REPORT_FORMATS[i]; i++) buf_printf(out, "%s%s", i ? "、" : "", REPORT_FORMATS[i]->name);
}

/* The format named by "format" (a string, or an integer such as 2021), else the one in force for the year. */
static const report_format *read_format(json_reader *rd, const json_t *root, int year)
{
    const json_t *v = json_object_get(root, REPORT_JSON_KEY_FORMAT);
    char number[24];
    const char *name = NULL;
    if (json_is_string(v)) {
        name = json_string_value(v);
    } else if (json_is_integer(v)) {
        snprintf(number, sizeof number, "%lld", (long long)json_integer_value(v));
        name = number;
    } else if (v && !json_is_null(v)) {
        wrong_type(rd, REPORT_JSON_KEY_FORMAT, "格式名（如 \"2021\"）", v);
        return NULL;
    }
    const report_format *f = name ? format_by_name(name) : format_for_year(year);
    if (f) return f;
    buf known = BUF_INIT;
    list_format_names(&known);
    if (name) fail(rd, "未知的报告格式“%s”（应为 %s 之一）", name, buf_cstr(&known));
    else fail(rd, "无法确定报告格式：没有“%s”，年份也不在已知格式（%s）的适用范围内", REPORT_JSON_KEY_FORMAT,
              buf_cstr(&known));
    buf_free(&known);
    return NULL;
}

static bool check_schema(json_reader *rd, const json_t *root)
{
    const json_t *v = json_object_get(root, REPORT_JSON_KEY_SCHEMA);
    if (!v || (json_is_string(v) && strcmp(json_string_value(v), REPORT_JSON_SCHEMA) == 0)) return true;
    if (!json_is_string(v)) return wrong_type(rd, REPORT_JSON_KEY_SCHEMA, "字符串 \"" REPORT_JSON_SCHEMA "\"", v);
    fail(rd, "不是 %s 格式的年度报告（“%s”为“%s”）", REPORT_JSON_SCHEMA, REPORT_JSON_KEY_SCHEMA, json_string_value(v));
    return false;
}

/* Everything but the format: agency, source, the three tables and the narrative. */
static bool read_body(json_reader *rd, const json_t *root)
{
    const char *agency, *source;
    if (!optional_string(rd, root, REPORT_JSON_KEY_AGENCY, REPORT_JSON_KEY_AGENCY, &agency)) return false;
    if (!optional_string(rd, root, REPORT_JSON_KEY_SOURCE, REPORT_JSON_KEY_SOURCE, &source)) return false;
    report_set_agency(rd->r, agency);
    report_set_source(rd->r, source);
    return read_proactive(rd, root) && read_applications(rd, root) && read_appeals(rd, root) && read_text(rd, root);
}

static report *read_root(json_reader *rd, const json_t *root)
{
    if (!json_is_object(root)) {
        fail(rd, "JSON 顶层应为对象（{…}），实际为%s", type_name(root));
        return NULL;
    }
    int year;
    if (!check_schema(rd, root) || !read_year(rd, root, &year)) return NULL;
    const report_format *f = read_format(rd, root, year);
    if (!f) return NULL;
    rd->r = report_new(f);
    rd->r->year = year;
    if (read_body(rd, root)) return rd->r;
    report_free(rd->r);
    rd->r = NULL;
    return NULL;
}

report *json_read_report(const char *data, size_t len, const char *name, char **error)
{
    json_reader rd = {name ? name : "JSON", NULL, NULL};
    json_error_t parse_error;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &parse_error);
    report *r = NULL;
    if (!root)
        fail(&rd, "第 %d 行第 %d 列：JSON 格式错误（%s）", parse_error.line, parse_error.column, parse_error.text);
    else
        r = read_root(&rd, root);
    json_decref(root);
    if (error) *error = rd.error;
    else free(rd.error);
    return r;
}

/* json_writer: the canonical JSON of a report (gongkai.report/1, DESIGN.md §2.4) and of a diagnostic list,
 * built with jansson in the key order of the format tables. json_reader.c reads it back. */
#include "export/export.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/json_reader.h"
#include "util/text.h"

/* Flags of every dump: pretty, keys in insertion order, UTF-8 written as is. */
#define JSON_DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

/* The value of one cell: an integer for counts, the printed text for decimals and amounts, null when blank or
 * absent. */
static json_t *cell_json(const report *r, int cell, enum value_kind kind)
{
    const report_cell *c = report_cell_at(r, cell);
    if (c->state != CELL_VALUE) return json_null();
    if (kind == VALUE_COUNT || kind == VALUE_CHANGE) return json_integer((json_int_t)c->value);
    if (c->text) return json_string(c->text);
    char printed[32];
    format_millionths(c->value, printed);
    return json_string(printed);
}

static bool cells_absent(const report *r, int first, int count)
{
    for (int i = first; i < first + count; i++)
        if (r->cells[i].state != CELL_ABSENT) return false;
    return true;
}

/* Sets key → value, and for an amount its parsed yuan value under key + "_yuan". */
static void set_field(json_t *object, const report *r, int cell, const field_def *field)
{
    json_object_set_new(object, field->key, cell_json(r, cell, field->kind));
    if (field->kind != VALUE_AMOUNT_TEXT || !report_cell_has_value(r, cell)) return;
    char yuan[32];
    format_millionths(report_cell_at(r, cell)->value, yuan);
    buf key = BUF_INIT;
    buf_printf(&key, "%s%s", field->key, REPORT_JSON_YUAN_SUFFIX);
    json_object_set_new(object, buf_cstr(&key), json_string(yuan));
    buf_free(&key);
}

static json_t *proactive_json(const report *r)
{
    const report_format *f = r->format;
    json_t *items = json_object();
    for (int item = 0; item < f->proactive_count; item++) {
        const proactive_item_def *def = &f->proactive[item];
        int first = format_proactive_cell(f, item, 0);
        if (cells_absent(r, first, def->field_count)) continue;
        json_t *fields = json_object();
        for (int field = 0; field < def->field_count; field++)
            set_field(fields, r, first + field, &def->fields[field]);
        json_object_set_new(items, def->key, fields);
    }
    return items;
}

static json_t *applications_json(const report *r)
{
    const report_format *f = r->format;
    json_t *columns = json_array();
    for (int col = 0; col < APPLICATION_COLUMNS; col++)
        json_array_append_new(columns, json_string(APPLICATION_COLUMN_DEFS[col].key));
    json_t *rows = json_object();
    for (int row = 0; row < f->application_row_count; row++) {
        int first = format_application_cell(f, row, 0);
        if (cells_absent(r, first, APPLICATION_COLUMNS)) continue;
        json_t *values = json_array();
        for (int col = 0; col < APPLICATION_COLUMNS; col++)
            json_array_append_new(values, cell_json(r, first + col, VALUE_COUNT));
        json_object_set_new(rows, f->application_rows[row].key, values);
    }
    json_t *applications = json_object();
    json_object_set_new(applications, REPORT_JSON_KEY_COLUMNS, columns);
    json_object_set_new(applications, REPORT_JSON_KEY_ROWS, rows);
    return applications;
}

static json_t *appeals_json(const report *r)
{
    const report_format *f = r->format;
    json_t *blocks = json_object();
    for (int block = 0; block < APPEAL_BLOCKS; block++) {
        int first = format_appeal_cell(f, block, 0);
        if (cells_absent(r, first, APPEAL_FIELDS)) continue;
        json_t *fields = json_object();
        for (int field = 0; field < APPEAL_FIELDS; field++)
            set_field(fields, r, first + field, &APPEAL_FIELD_DEFS[field]);
        json_object_set_new(blocks, APPEAL_BLOCK_DEFS[block].key, fields);
    }
    return blocks;
}

static json_t *text_json(const report *r)
{
    json_t *sections = json_object();
    for (int i = 0; i < TEXT_COUNT; i++)
        if (r->text[i]) json_object_set_new(sections, REPORT_TEXT_KEYS[i], json_string(r->text[i]));
    return sections;
}

/* A string, or null when s is NULL. jansson refuses invalid UTF-8; such text is written with U+FFFD in its place. */
static json_t *string_or_null(const char *s)
{
    if (!s) return json_null();
    json_t *value = json_string(s);
    if (value) return value;
    buf repaired = BUF_INIT;
    for (size_t i = 0, len = strlen(s); i < len;) {
        int32_t cp;
        int n = utf8_decode(s + i, len - i, &cp);
        if (cp < 0) buf_puts(&repaired, "\xEF\xBF\xBD");
        else buf_append(&repaired, s + i, (size_t)n);
        i += (size_t)n;
    }
    value = json_string(buf_cstr(&repaired));
    buf_free(&repaired);
    return value ? value : json_null();
}

static void set_unless_empty(json_t *root, const char *key, json_t *object)
{
    if (json_object_size(object) > 0) json_object_set_new(root, key, object);
    else json_decref(object);
}

static void dump(json_t *value, buf *out)
{
    char *text = json_dumps(value, JSON_DUMP_FLAGS);
    if (text) {
        buf_puts(out, text);
        buf_putc(out, '\n');
        free(text);
    }
    json_decref(value);
}

void export_json(const report *r, buf *out)
{
    json_t *root = json_object();
    json_object_set_new(root, REPORT_JSON_KEY_SCHEMA, json_string(REPORT_JSON_SCHEMA));
    json_object_set_new(root, REPORT_JSON_KEY_FORMAT, json_string(r->format->name));
    json_object_set_new(root, REPORT_JSON_KEY_YEAR, r->year > 0 ? json_integer(r->year) : json_null());
    json_object_set_new(root, REPORT_JSON_KEY_AGENCY, string_or_null(r->agency));
    if (r->source) json_object_set_new(root, REPORT_JSON_KEY_SOURCE, string_or_null(r->source));
    if (!report_table_absent(r, TABLE_PROACTIVE))
        json_object_set_new(root, REPORT_JSON_KEY_PROACTIVE, proactive_json(r));
    if (!report_table_absent(r, TABLE_APPLICATIONS))
        json_object_set_new(root, REPORT_JSON_KEY_APPLICATIONS, applications_json(r));
    if (!report_table_absent(r, TABLE_APPEALS)) json_object_set_new(root, REPORT_JSON_KEY_APPEALS, appeals_json(r));
    set_unless_empty(root, REPORT_JSON_KEY_TEXT, text_json(r));
    dump(root, out);
}

/* "12" → 12; other non-empty text stays a string; "" → null. */
static json_t *diag_value_json(const char *value)
{
    if (!value[0]) return json_null();
    char *end;
    long long number = strtoll(value, &end, 10);
    if (*end == '\0' && end != value) return json_integer(number);
    return string_or_null(value);
}

json_t *export_diagnostics_value(const diag_list *d)
{
    json_t *list = json_array();
    for (size_t i = 0; d && i < d->count; i++) {
        const diagnostic *item = &d->items[i];
        json_t *o = json_object();
        json_object_set_new(o, "rule", json_string(item->rule));
        json_object_set_new(o, "severity", json_string(severity_name(item->severity)));
        json_object_set_new(o, "table", item->table == TABLE_NONE ? json_null() : json_integer(item->table));
        json_object_set_new(o, "row", string_or_null(item->row_key));
        json_object_set_new(o, "column", string_or_null(item->column_key));
        json_object_set_new(o, "expected", diag_value_json(item->expected));
        json_object_set_new(o, "actual", diag_value_json(item->actual));
        json_object_set_new(o, "message", string_or_null(item->message));
        json_array_append_new(list, o);
    }
    return list;
}

void export_diagnostics_json(const diag_list *d, buf *out) { dump(export_diagnostics_value(d), out); }

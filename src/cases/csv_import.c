/* csv_import: the RFC 4180 reader and the row parsers of the application and register CSV files. Every problem
 * becomes one Chinese line naming the line number and the column, so a clerk can fix the file in a spreadsheet. */
#include "cases/csv_import.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/build.h"
#include "cases/outcome.h"
#include "report/format.h"
#include "util/text.h"

/* ---- the reader ---- */

int gk_csv_open(gk_csv_reader *r, const char *data, size_t len, char **error)
{
    memset(r, 0, sizeof *r);
    r->line = 1;
    size_t bad = 0;
    bool was_gb = false;
    if (text_to_utf8(data, len, &r->text, &bad, &was_gb) != 0) {
        if (error) {
            buf b = BUF_INIT;
            buf_printf(&b, "文件既不是 UTF-8 也不是 GB18030 编码（第 %zu 字节无法识别）。", bad + 1);
            *error = buf_detach(&b);
        }
        buf_free(&r->text);
        return -1;
    }
    buf_reserve(&r->text, 1);
    return 0;
}

void gk_csv_close(gk_csv_reader *r)
{
    buf_free(&r->text);
    buf_free(&r->field);
    for (size_t i = 0; i < r->count; i++) free(r->fields[i]);
    free(r->fields);
    memset(r, 0, sizeof *r);
}

static void push_field(gk_csv_reader *r)
{
    if (r->count == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
    }
    size_t n = r->field.len;
    const char *s = buf_cstr(&r->field);
    r->fields[r->count++] = xstrndup(s, n);
    buf_clear(&r->field);
}

static void drop_fields(gk_csv_reader *r)
{
    for (size_t i = 0; i < r->count; i++) free(r->fields[i]);
    r->count = 0;
}

int gk_csv_next(gk_csv_reader *r, gk_csv_record *rec, char **error)
{
    const char *s = r->text.data ? r->text.data : "";
    size_t len = r->text.len;
    drop_fields(r);
    buf_clear(&r->field);
    /* skip blank lines */
    while (r->pos < len && (s[r->pos] == '\n' || s[r->pos] == '\r')) {
        if (s[r->pos] == '\n') r->line++;
        r->pos++;
    }
    if (r->pos >= len) return 0;
    rec->line = r->line;
    bool quoted = false, was_quoted = false;
    while (r->pos < len) {
        char c = s[r->pos++];
        if (quoted) {
            if (c == '"') {
                if (r->pos < len && s[r->pos] == '"') {
                    buf_putc(&r->field, '"');
                    r->pos++;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') r->line++;
                buf_putc(&r->field, c);
            }
            continue;
        }
        if (c == '"' && r->field.len == 0 && !was_quoted) {
            quoted = was_quoted = true;
        } else if (c == ',') {
            push_field(r);
            was_quoted = false;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && r->pos < len && s[r->pos] == '\n') r->pos++;
            r->line++;
            break;
        } else {
            buf_putc(&r->field, c);
        }
    }
    if (quoted) {
        if (error) {
            buf b = BUF_INIT;
            buf_printf(&b, "第%d行：引号没有闭合（字段以 \" 开始，但到文件末尾也没有结束的 \"）。", rec->line);
            *error = buf_detach(&b);
        }
        return -1;
    }
    push_field(r);
    rec->fields = r->fields;
    rec->count = r->count;
    return 1;
}

/* ---- errors ---- */

void gk_import_errors_init(gk_import_errors *e, size_t limit)
{
    memset(e, 0, sizeof *e);
    e->limit = limit ? limit : 50;
}

void gk_import_error(gk_import_errors *e, int line, const char *field, const char *fmt, ...)
{
    e->count++;
    if (e->count > e->limit) return;
    if (line > 0) buf_printf(&e->text, "第%d行", line);
    if (field) buf_printf(&e->text, " 字段“%s”", field);
    if (line > 0 || field) buf_puts(&e->text, "：");
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&e->text, fmt, ap);
    va_end(ap);
    buf_putc(&e->text, '\n');
}

void gk_import_errors_free(gk_import_errors *e) { buf_free(&e->text); }

char *gk_import_errors_message(const gk_import_errors *e, const char *source_name)
{
    buf b = BUF_INIT;
    buf_printf(&b, "文件“%s”有 %zu 处错误，未写入任何数据：\n%s", source_name ? source_name : "(输入)", e->count,
               buf_cstr(&e->text));
    if (e->count > e->limit) buf_printf(&b, "……另有 %zu 处错误未列出。\n", e->count - e->limit);
    return buf_detach(&b);
}

/* ---- field parsers ---- */

int gk_parse_count(const char *text, int64_t *out)
{
    if (!text || !*text) return -1;
    int64_t v = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        if (v > (INT64_MAX - 9) / 10) return -1;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return 0;
}

int gk_parse_year(const char *text, int *out)
{
    int64_t v;
    if (gk_parse_count(text, &v) != 0 || v < 1990 || v > 2199) return -1;
    *out = (int)v;
    return 0;
}

int gk_document_item_from_key(const char *key)
{
    const report_format *f = gk_outcome_format();
    int item = key ? format_proactive_item(f, key) : -1;
    return item >= 0 && gk_build_item_is_document(item, NULL, NULL, NULL) ? item : -1;
}

int gk_yearly_cell(const char *item_key, const char *field_key, int *cell)
{
    const report_format *f = gk_outcome_format();
    if (!item_key) return -1;
    int item = format_proactive_item(f, item_key);
    if (item < 0 || gk_build_item_is_document(item, NULL, NULL, NULL)) return -1;
    const proactive_item_def *def = &f->proactive[item];
    for (int field = 0; field < def->field_count; field++)
        if ((field_key && strcmp(def->fields[field].key, field_key) == 0) ||
            ((!field_key || !*field_key) && def->field_count == 1)) {
            *cell = format_proactive_cell(f, item, field);
            return 0;
        }
    return -1;
}

int gk_appeal_block_from_key(const char *key)
{
    for (int i = 0; key && i < APPEAL_BLOCKS; i++)
        if (strcmp(APPEAL_BLOCK_DEFS[i].key, key) == 0 || strcmp(APPEAL_BLOCK_DEFS[i].label, key) == 0) return i;
    return -1;
}

int gk_appeal_result_from_key(const char *key)
{
    for (int i = 0; key && i < APPEAL_FIELDS; i++) {
        if (i == APPEAL_TOTAL_FIELD || strcmp(APPEAL_FIELD_DEFS[i].key, "pending") == 0) continue;
        if (strcmp(APPEAL_FIELD_DEFS[i].key, key) == 0 || strcmp(APPEAL_FIELD_DEFS[i].label, key) == 0) return i;
    }
    return -1;
}

/* ---- header handling ---- */

typedef struct column_spec {
    const char *name;
    bool required;
} column_spec;

/* Maps header fields to spec indexes: index[spec] = field position or -1. Returns false (errors added) when the
 * header is not usable. */
static bool read_header(const gk_csv_record *rec, const column_spec *spec, size_t n_spec, int *index,
                        gk_import_errors *errors)
{
    bool ok = true;
    for (size_t k = 0; k < n_spec; k++) index[k] = -1;
    for (size_t i = 0; i < rec->count; i++) {
        size_t len = strlen(rec->fields[i]);
        const char *name = text_trim(rec->fields[i], &len);
        bool known = false;
        for (size_t k = 0; k < n_spec; k++) {
            if (strlen(spec[k].name) != len || strncmp(spec[k].name, name, len) != 0) continue;
            known = true;
            if (index[k] >= 0) {
                gk_import_error(errors, rec->line, spec[k].name, "表头中重复出现。");
                ok = false;
            }
            index[k] = (int)i;
        }
        if (!known) {
            gk_import_error(errors, rec->line, rec->fields[i], "不认识的列名。");
            ok = false;
        }
    }
    for (size_t k = 0; k < n_spec; k++)
        if (spec[k].required && index[k] < 0) {
            gk_import_error(errors, rec->line, spec[k].name, "表头缺少这一必需的列。");
            ok = false;
        }
    return ok;
}

/* The trimmed value of spec column k in rec, "" when the column is absent. Newly allocated. */
static char *field_value(const gk_csv_record *rec, const int *index, size_t k)
{
    if (index[k] < 0 || (size_t)index[k] >= rec->count) return xstrdup("");
    size_t len = strlen(rec->fields[index[k]]);
    const char *s = text_trim(rec->fields[index[k]], &len);
    return xstrndup(s, len);
}

static char *nonempty_or_null(char *s)
{
    if (s && !*s) {
        free(s);
        return NULL;
    }
    return s;
}

static int parse_date_field(const char *text, gk_date *out, int line, const char *field, bool required,
                            gk_import_errors *errors)
{
    if (!*text) {
        if (!required) return 0;
        gk_import_error(errors, line, field, "不能为空，应为 YYYY-MM-DD 格式的日期。");
        return -1;
    }
    if (gk_date_parse(text, out) != 0) {
        gk_import_error(errors, line, field, "“%s”不是有效日期，应为 YYYY-MM-DD（例如 2024-03-05）。", text);
        return -1;
    }
    return 0;
}

/* Iterates the data records after the header; calls row(rec, index, ctx) for each. Returns false when the
 * header or the CSV syntax failed. */
typedef void (*row_fn)(const gk_csv_record *rec, const int *index, void *ctx, gk_import_errors *errors);

static void for_each_row(const char *data, size_t len, const column_spec *spec, size_t n_spec, row_fn row, void *ctx,
                         gk_import_errors *errors)
{
    gk_csv_reader reader;
    char *why = NULL;
    if (gk_csv_open(&reader, data, len, &why) != 0) {
        gk_import_error(errors, 0, NULL, "%s", why);
        free(why);
        return;
    }
    gk_csv_record rec;
    int rc = gk_csv_next(&reader, &rec, &why);
    int index[32];
    if (rc == 0) {
        gk_import_error(errors, 0, NULL, "文件是空的，没有表头。");
    } else if (rc > 0 && read_header(&rec, spec, n_spec, index, errors)) {
        size_t header_fields = rec.count;
        while ((rc = gk_csv_next(&reader, &rec, &why)) > 0) {
            if (rec.count != header_fields) {
                gk_import_error(errors, rec.line, NULL, "这一行有 %zu 个字段，表头有 %zu 个（逗号多了或少了？）。",
                                rec.count, header_fields);
                continue;
            }
            row(&rec, index, ctx, errors);
        }
    }
    if (rc < 0) {
        gk_import_error(errors, 0, NULL, "%s", why);
        free(why);
    }
    gk_csv_close(&reader);
}

/* ---- historical applications ---- */

enum {
    APP_TRACKING_NO, APP_APPLICANT_TYPE, APP_APPLICANT_NAME, APP_RECEIVED_ON, APP_OUTCOME, APP_DECIDED_ON,
    APP_ID_DOCUMENT, APP_PHONE, APP_ADDRESS, APP_CHANNEL, APP_REQUEST, APP_FORM_WANTED, APP_BASIS, APP__COUNT
};

static const column_spec APPLICATION_COLUMNS_SPEC[APP__COUNT] = {
    {"tracking_no", true},  {"applicant_type", true}, {"applicant_name", true}, {"received_on", true},
    {"outcome", true},      {"decided_on", true},     {"id_document", false},   {"phone", false},
    {"address", false},     {"channel", false},       {"request", false},       {"form_wanted", false},
    {"basis", false},
};

static gk_application *push_application(gk_application_rows *out, int line)
{
    if (out->count == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 64;
        out->rows = xrealloc(out->rows, out->cap * sizeof *out->rows);
        out->lines = xrealloc(out->lines, out->cap * sizeof *out->lines);
    }
    gk_application *a = &out->rows[out->count];
    gk_application_init(a);
    out->lines[out->count++] = line;
    return a;
}

static int parse_application_keys(gk_application *a, char **v, int line, gk_import_errors *errors)
{
    int bad = 0;
    a->applicant_type = gk_applicant_type_from_key(v[APP_APPLICANT_TYPE]);
    if (a->applicant_type < 0) {
        gk_import_error(errors, line, "applicant_type",
                        "“%s”不是申请人类型的规范键（natural_person、commercial_enterprise、research_institution、"
                        "public_welfare_org、legal_service_org、other_org 之一）。",
                        v[APP_APPLICANT_TYPE]);
        bad++;
    }
    a->channel = GK_CHANNEL_OTHER;
    if (*v[APP_CHANNEL]) {
        a->channel = gk_channel_from_key(v[APP_CHANNEL]);
        if (a->channel < 0) {
            gk_import_error(errors, line, "channel",
                            "“%s”不是收到申请的渠道（in_person、registered_post、ordinary_post、online、fax、other）。",
                            v[APP_CHANNEL]);
            bad++;
        }
    }
    if (*v[APP_OUTCOME]) {
        gk_outcome o;
        if (!gk_outcome_by_key(v[APP_OUTCOME], &o)) {
            gk_import_error(errors, line, "outcome", "“%s”不是办理结果的规范键（表三的21种结果之一，如 disclosed）。",
                            v[APP_OUTCOME]);
            bad++;
        } else {
            a->outcome_row = o.row;
        }
    }
    return bad;
}

static int parse_application_dates(gk_application *a, char **v, int line, gk_import_errors *errors)
{
    int bad = 0;
    if (parse_date_field(v[APP_RECEIVED_ON], &a->received_on, line, "received_on", true, errors) != 0) bad++;
    if (parse_date_field(v[APP_DECIDED_ON], &a->decided_on, line, "decided_on", false, errors) != 0) bad++;
    if (bad) return bad;
    if (*v[APP_OUTCOME] && !*v[APP_DECIDED_ON]) {
        gk_import_error(errors, line, "decided_on", "填写了办理结果 outcome，就必须填写办结日期。");
        bad++;
    } else if (!*v[APP_OUTCOME] && *v[APP_DECIDED_ON]) {
        gk_import_error(errors, line, "outcome", "填写了办结日期，却没有办理结果（尚未办结的申请两列都应留空）。");
        bad++;
    } else if (*v[APP_DECIDED_ON] && gk_date_cmp(a->decided_on, a->received_on) < 0) {
        gk_import_error(errors, line, "decided_on", "办结日期 %s 早于收到申请日期 %s。", v[APP_DECIDED_ON],
                        v[APP_RECEIVED_ON]);
        bad++;
    }
    return bad;
}

static void application_row(const gk_csv_record *rec, const int *index, void *ctx, gk_import_errors *errors)
{
    gk_application_rows *out = ctx;
    char *v[APP__COUNT];
    for (size_t k = 0; k < APP__COUNT; k++) v[k] = field_value(rec, index, k);
    int bad = 0;
    if (!*v[APP_TRACKING_NO]) {
        gk_import_error(errors, rec->line, "tracking_no", "申请编号不能为空。");
        bad++;
    }
    gk_application a;
    gk_application_init(&a);
    bad += parse_application_keys(&a, v, rec->line, errors);
    bad += parse_application_dates(&a, v, rec->line, errors);
    if (bad) {
        for (size_t k = 0; k < APP__COUNT; k++) free(v[k]);
        return;
    }
    gk_application *slot = push_application(out, rec->line);
    *slot = a;
    slot->tracking_no = v[APP_TRACKING_NO];
    slot->applicant_name = nonempty_or_null(v[APP_APPLICANT_NAME]);
    slot->id_document = nonempty_or_null(v[APP_ID_DOCUMENT]);
    slot->phone = nonempty_or_null(v[APP_PHONE]);
    slot->address = nonempty_or_null(v[APP_ADDRESS]);
    slot->request = nonempty_or_null(v[APP_REQUEST]);
    slot->form_wanted = nonempty_or_null(v[APP_FORM_WANTED]);
    slot->basis = nonempty_or_null(v[APP_BASIS]);
    free(v[APP_APPLICANT_TYPE]);
    free(v[APP_RECEIVED_ON]);
    free(v[APP_OUTCOME]);
    free(v[APP_DECIDED_ON]);
    free(v[APP_CHANNEL]);
}

static int compare_tracking(const void *a, const void *b, void *ctx)
{
    const gk_application_rows *rows = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(rows->rows[i].tracking_no, rows->rows[j].tracking_no);
    return c ? c : (i < j ? -1 : i > j);
}

static void find_duplicate_tracking(const gk_application_rows *rows, gk_import_errors *errors)
{
    if (rows->count < 2) return;
    size_t *order = xmalloc(rows->count * sizeof *order);
    for (size_t i = 0; i < rows->count; i++) order[i] = i;
    qsort_r(order, rows->count, sizeof *order, compare_tracking, (void *)rows);
    for (size_t k = 1; k < rows->count; k++) {
        const gk_application *prev = &rows->rows[order[k - 1]], *cur = &rows->rows[order[k]];
        if (strcmp(prev->tracking_no, cur->tracking_no) == 0)
            gk_import_error(errors, rows->lines[order[k]], "tracking_no", "申请编号“%s”与第%d行重复。",
                            cur->tracking_no, rows->lines[order[k - 1]]);
    }
    free(order);
}

size_t gk_parse_application_csv(const char *data, size_t len, gk_application_rows *out, gk_import_errors *errors)
{
    memset(out, 0, sizeof *out);
    size_t before = errors->count;
    for_each_row(data, len, APPLICATION_COLUMNS_SPEC, APP__COUNT, application_row, out, errors);
    find_duplicate_tracking(out, errors);
    return errors->count - before;
}

void gk_application_rows_free(gk_application_rows *rows)
{
    for (size_t i = 0; i < rows->count; i++) gk_application_clear(&rows->rows[i]);
    free(rows->rows);
    free(rows->lines);
    memset(rows, 0, sizeof *rows);
}

/* ---- registers ---- */

static void *grow_register(gk_register_rows *out, void **array, size_t size)
{
    if (out->count == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 32;
        *array = xrealloc(*array, out->cap * size);
    }
    char *slot = (char *)*array + out->count++ * size;
    memset(slot, 0, size);
    return slot;
}

enum { DOC_ITEM, DOC_TITLE, DOC_NO, DOC_ISSUED_ON, DOC_REPEALED_ON, DOC__COUNT };
static const column_spec DOCUMENT_SPEC[DOC__COUNT] = {
    {"item", true}, {"title", true}, {"doc_no", false}, {"issued_on", true}, {"repealed_on", false}};

static void document_row(const gk_csv_record *rec, const int *index, void *ctx, gk_import_errors *errors)
{
    gk_register_rows *out = ctx;
    char *v[DOC__COUNT];
    for (size_t k = 0; k < DOC__COUNT; k++) v[k] = field_value(rec, index, k);
    gk_document_row d = {.line = rec->line};
    int bad = 0;
    d.item = gk_document_item_from_key(v[DOC_ITEM]);
    if (d.item < 0) {
        gk_import_error(errors, rec->line, "item", "“%s”不是文件类别（regulations 规章 或 normative_documents 行政规范性文件）。",
                        v[DOC_ITEM]);
        bad++;
    }
    if (!*v[DOC_TITLE]) {
        gk_import_error(errors, rec->line, "title", "文件标题不能为空。");
        bad++;
    }
    if (parse_date_field(v[DOC_ISSUED_ON], &d.issued_on, rec->line, "issued_on", true, errors) != 0) bad++;
    if (parse_date_field(v[DOC_REPEALED_ON], &d.repealed_on, rec->line, "repealed_on", false, errors) != 0) bad++;
    if (!bad && *v[DOC_REPEALED_ON] && gk_date_cmp(d.repealed_on, d.issued_on) < 0) {
        gk_import_error(errors, rec->line, "repealed_on", "废止日期 %s 早于制发日期 %s。", v[DOC_REPEALED_ON],
                        v[DOC_ISSUED_ON]);
        bad++;
    }
    if (!bad) {
        gk_document_row *slot = grow_register(out, (void **)&out->documents, sizeof *slot);
        *slot = d;
        slot->title = v[DOC_TITLE];
        slot->doc_no = nonempty_or_null(v[DOC_NO]);
        v[DOC_TITLE] = v[DOC_NO] = NULL;
    }
    for (size_t k = 0; k < DOC__COUNT; k++) free(v[k]);
}

enum { YR_YEAR, YR_ITEM, YR_FIELD, YR_VALUE, YR__COUNT };
static const column_spec YEARLY_SPEC[YR__COUNT] = {{"year", true}, {"item", true}, {"field", false}, {"value", true}};

static void yearly_row(const gk_csv_record *rec, const int *index, void *ctx, gk_import_errors *errors)
{
    gk_register_rows *out = ctx;
    char *v[YR__COUNT];
    for (size_t k = 0; k < YR__COUNT; k++) v[k] = field_value(rec, index, k);
    gk_yearly_row y = {.line = rec->line};
    int bad = 0;
    if (gk_parse_year(v[YR_YEAR], &y.year) != 0) {
        gk_import_error(errors, rec->line, "year", "“%s”不是有效年份。", v[YR_YEAR]);
        bad++;
    }
    if (gk_yearly_cell(v[YR_ITEM], v[YR_FIELD], &y.cell) != 0) {
        gk_import_error(errors, rec->line, "item", "“%s%s%s”不是表二中按年登记的项目（licensing、penalty、enforcement 的 "
                        "decisions，或 fees 的 amount_wan_yuan）。",
                        v[YR_ITEM], *v[YR_FIELD] ? "." : "", v[YR_FIELD]);
        bad++;
    } else {
        cell_address where;
        format_cell_address(gk_outcome_format(), y.cell, &where);
        int rc = where.kind == VALUE_DECIMAL ? parse_decimal_millionths(v[YR_VALUE], false, &y.value)
                                             : gk_parse_count(v[YR_VALUE], &y.value);
        if (rc != 0 || y.value < 0) {
            gk_import_error(errors, rec->line, "value", "“%s”不是有效的%s。", v[YR_VALUE],
                            where.kind == VALUE_DECIMAL ? "金额（万元，如 12.5）" : "非负整数");
            bad++;
        }
    }
    if (!bad) *(gk_yearly_row *)grow_register(out, (void **)&out->yearly, sizeof y) = y;
    for (size_t k = 0; k < YR__COUNT; k++) free(v[k]);
}

enum { CH_YEAR, CH_CHANNEL, CH_COUNT, CH__COUNT };
static const column_spec CHANNEL_SPEC[CH__COUNT] = {{"year", true}, {"channel", true}, {"count", true}};

static void channel_row(const gk_csv_record *rec, const int *index, void *ctx, gk_import_errors *errors)
{
    gk_register_rows *out = ctx;
    char *v[CH__COUNT];
    for (size_t k = 0; k < CH__COUNT; k++) v[k] = field_value(rec, index, k);
    gk_channel_row c = {.line = rec->line};
    int bad = 0;
    if (gk_parse_year(v[CH_YEAR], &c.year) != 0) {
        gk_import_error(errors, rec->line, "year", "“%s”不是有效年份。", v[CH_YEAR]);
        bad++;
    }
    if (!*v[CH_CHANNEL]) {
        gk_import_error(errors, rec->line, "channel", "渠道名称不能为空（如 门户网站、微信公众号、微博）。");
        bad++;
    }
    if (gk_parse_count(v[CH_COUNT], &c.count) != 0) {
        gk_import_error(errors, rec->line, "count", "“%s”不是非负整数。", v[CH_COUNT]);
        bad++;
    }
    if (!bad) {
        gk_channel_row *slot = grow_register(out, (void **)&out->channels, sizeof c);
        *slot = c;
        slot->channel = v[CH_CHANNEL];
        v[CH_CHANNEL] = NULL;
    }
    for (size_t k = 0; k < CH__COUNT; k++) free(v[k]);
}

enum { AP_BLOCK, AP_CASE_NO, AP_FILED_ON, AP_RESULT, AP_CONCLUDED_ON, AP_TRACKING_NO, AP__COUNT };
static const column_spec APPEAL_SPEC[AP__COUNT] = {{"block", true},       {"case_no", false},
                                                   {"filed_on", true},    {"result", false},
                                                   {"concluded_on", false}, {"tracking_no", false}};

static void appeal_row(const gk_csv_record *rec, const int *index, void *ctx, gk_import_errors *errors)
{
    gk_register_rows *out = ctx;
    char *v[AP__COUNT];
    for (size_t k = 0; k < AP__COUNT; k++) v[k] = field_value(rec, index, k);
    gk_appeal_row a = {.line = rec->line, .result = -1};
    int bad = 0;
    a.block = gk_appeal_block_from_key(v[AP_BLOCK]);
    if (a.block < 0) {
        gk_import_error(errors, rec->line, "block", "“%s”不是案件类别（reconsideration 行政复议、litigation_direct "
                        "未经复议直接起诉、litigation_after_reconsideration 复议后起诉）。",
                        v[AP_BLOCK]);
        bad++;
    }
    if (*v[AP_RESULT]) {
        a.result = gk_appeal_result_from_key(v[AP_RESULT]);
        if (a.result < 0) {
            gk_import_error(errors, rec->line, "result", "“%s”不是审结结果（upheld 维持、corrected 纠正、other 其他；"
                            "尚未审结请留空）。", v[AP_RESULT]);
            bad++;
        }
    }
    if (parse_date_field(v[AP_FILED_ON], &a.filed_on, rec->line, "filed_on", true, errors) != 0) bad++;
    if (parse_date_field(v[AP_CONCLUDED_ON], &a.concluded_on, rec->line, "concluded_on", false, errors) != 0) bad++;
    if (!bad && (*v[AP_RESULT] != 0) != (*v[AP_CONCLUDED_ON] != 0)) {
        gk_import_error(errors, rec->line, "concluded_on", "审结结果与审结日期须同时填写或同时留空。");
        bad++;
    } else if (!bad && *v[AP_CONCLUDED_ON] && gk_date_cmp(a.concluded_on, a.filed_on) < 0) {
        gk_import_error(errors, rec->line, "concluded_on", "审结日期 %s 早于立案日期 %s。", v[AP_CONCLUDED_ON],
                        v[AP_FILED_ON]);
        bad++;
    }
    if (!bad) {
        gk_appeal_row *slot = grow_register(out, (void **)&out->appeals, sizeof a);
        *slot = a;
        slot->case_no = nonempty_or_null(v[AP_CASE_NO]);
        slot->tracking_no = nonempty_or_null(v[AP_TRACKING_NO]);
        v[AP_CASE_NO] = v[AP_TRACKING_NO] = NULL;
    }
    for (size_t k = 0; k < AP__COUNT; k++) free(v[k]);
}

size_t gk_parse_register_csv(enum gk_register_kind kind, const char *data, size_t len, gk_register_rows *out,
                             gk_import_errors *errors)
{
    memset(out, 0, sizeof *out);
    size_t before = errors->count;
    switch (kind) {
    case GK_REGISTER_DOCUMENTS: for_each_row(data, len, DOCUMENT_SPEC, DOC__COUNT, document_row, out, errors); break;
    case GK_REGISTER_YEARLY: for_each_row(data, len, YEARLY_SPEC, YR__COUNT, yearly_row, out, errors); break;
    case GK_REGISTER_CHANNELS: for_each_row(data, len, CHANNEL_SPEC, CH__COUNT, channel_row, out, errors); break;
    case GK_REGISTER_APPEALS: for_each_row(data, len, APPEAL_SPEC, AP__COUNT, appeal_row, out, errors); break;
    }
    return errors->count - before;
}

void gk_register_rows_free(gk_register_rows *rows)
{
    for (size_t i = 0; rows->documents && i < rows->count; i++) {
        free(rows->documents[i].title);
        free(rows->documents[i].doc_no);
    }
    for (size_t i = 0; rows->channels && i < rows->count; i++) free(rows->channels[i].channel);
    for (size_t i = 0; rows->appeals && i < rows->count; i++) {
        free(rows->appeals[i].case_no);
        free(rows->appeals[i].tracking_no);
    }
    free(rows->documents);
    free(rows->yearly);
    free(rows->channels);
    free(rows->appeals);
    memset(rows, 0, sizeof *rows);
}

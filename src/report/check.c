/* check: the hard consistency rules R1–R5 and the warnings B, S, X1–X3 (DESIGN.md §2.5). Every message names
 * table, row, column, the expected and the printed value, in words a clerk understands. */
#include "report/check.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report/narrative.h"
#include "util/buf.h"

/* Sums saturate: a hostile file may print numbers near the limits of int64. */
static int64_t add(int64_t a, int64_t b)
{
    int64_t sum;
    if (!__builtin_add_overflow(a, b, &sum)) return sum;
    return b > 0 ? INT64_MAX : INT64_MIN;
}

static int64_t subtract(int64_t a, int64_t b)
{
    int64_t difference;
    if (!__builtin_sub_overflow(a, b, &difference)) return difference;
    return b < 0 ? INT64_MAX : INT64_MIN;
}

static const column_def *column_def_at(int column) { return &APPLICATION_COLUMN_DEFS[column]; }

/* The seven values of one table 三 row as the rules read them: a value as printed, an absent or blank cell as 0,
 * and an absent total as the sum of the row's other cells. Read straight from the row's consecutive cells. */
static void effective_row(const report *r, int row, int64_t out[APPLICATION_COLUMNS])
{
    const report_cell *cells = &r->cells[format_application_cell(r->format, row, 0)];
    int64_t sum = 0;
    for (int col = 0; col < APPLICATION_TOTAL_COLUMN; col++) {
        out[col] = cells[col].state == CELL_VALUE ? cells[col].value : 0;
        sum = add(sum, out[col]);
    }
    const report_cell *total = &cells[APPLICATION_TOTAL_COLUMN];
    out[APPLICATION_TOTAL_COLUMN] = total->state == CELL_VALUE ? total->value : sum;
}

int64_t check_effective_application(const report *r, int row, int column)
{
    int64_t values[APPLICATION_COLUMNS];
    effective_row(r, row, values);
    return values[column];
}

static int row_index(const report *r, const char *key) { return format_application_row(r->format, key); }

int check_r1_balance(const report *r, diag_list *out)
{
    int64_t received[APPLICATION_COLUMNS], carried_over[APPLICATION_COLUMNS];
    int64_t total[APPLICATION_COLUMNS], carried_forward[APPLICATION_COLUMNS];
    effective_row(r, row_index(r, "received"), received);
    effective_row(r, row_index(r, "carried_over"), carried_over);
    effective_row(r, row_index(r, "total"), total);
    effective_row(r, row_index(r, "carried_forward"), carried_forward);
    int errors = 0;
    for (int col = 0; col < APPLICATION_COLUMNS; col++) {
        int64_t in = add(received[col], carried_over[col]);
        int64_t outv = add(total[col], carried_forward[col]);
        if (in == outv) continue;
        diagnostic *d = diag_add(out, "R1", SEVERITY_ERROR, TABLE_APPLICATIONS, -1, col, NULL, column_def_at(col)->key,
                                 "表三 第%d列(%s)：第一项+第二项=%lld，第三项+第四项=%lld", col + 1,
                                 column_def_at(col)->label, (long long)in, (long long)outv);
        diag_set_values(d, in, outv);
        errors++;
    }
    return errors;
}

int check_r2_row_totals(const report *r, diag_list *out)
{
    const report_format *f = r->format;
    int errors = 0;
    for (int row = 0; row < f->application_row_count; row++) {
        const report_cell *total = &r->cells[format_application_cell(f, row, APPLICATION_TOTAL_COLUMN)];
        if (total->state != CELL_VALUE) continue;
        int64_t values[APPLICATION_COLUMNS];
        effective_row(r, row, values);
        int64_t sum = 0;
        for (int col = 0; col < APPLICATION_TOTAL_COLUMN; col++) sum = add(sum, values[col]);
        if (sum == total->value) continue;
        const application_row_def *def = &f->application_rows[row];
        diagnostic *d = diag_add(out, "R2", SEVERITY_ERROR, TABLE_APPLICATIONS, row, APPLICATION_TOTAL_COLUMN, def->key,
                                 "total", "表三 “%s”行：六类申请人之和=%lld，总计栏=%lld", def->label, (long long)sum,
                                 (long long)total->value);
        diag_set_values(d, sum, total->value);
        errors++;
    }
    return errors;
}

int check_r3_result_totals(const report *r, diag_list *out)
{
    const report_format *f = r->format;
    int total_row = row_index(r, "total");
    /* Each column summed over the result rows in row order, as the rule reads them. */
    int64_t sums[APPLICATION_COLUMNS] = {0}, printed_row[APPLICATION_COLUMNS], values[APPLICATION_COLUMNS];
    for (int row = 0; row < f->application_row_count; row++) {
        if (!f->application_rows[row].is_result) continue;
        effective_row(r, row, values);
        for (int col = 0; col < APPLICATION_COLUMNS; col++) sums[col] = add(sums[col], values[col]);
    }
    effective_row(r, total_row, printed_row);
    int errors = 0;
    for (int col = 0; col < APPLICATION_COLUMNS; col++) {
        int64_t sum = sums[col], printed = printed_row[col];
        if (sum == printed) continue;
        diagnostic *d = diag_add(out, "R3", SEVERITY_ERROR, TABLE_APPLICATIONS, total_row, col, "total",
                                 column_def_at(col)->key, "表三 第%d列(%s)：各项办理结果之和=%lld，（七）总计=%lld",
                                 col + 1, column_def_at(col)->label, (long long)sum, (long long)printed);
        diag_set_values(d, sum, printed);
        errors++;
    }
    return errors;
}

int check_r4_appeal_totals(const report *r, diag_list *out)
{
    int errors = 0;
    for (int block = 0; block < APPEAL_BLOCKS; block++) {
        const report_cell *total = &r->cells[format_appeal_cell(r->format, block, APPEAL_TOTAL_FIELD)];
        int64_t sum = 0;
        bool any = false;
        for (int field = 0; field < APPEAL_TOTAL_FIELD; field++) {
            sum = add(sum, report_appeal(r, block, field));
            any |= report_cell_has_value(r, format_appeal_cell(r->format, block, field));
        }
        if (total->state != CELL_VALUE && !any) continue;
        int64_t printed = total->state == CELL_VALUE ? total->value : 0;
        if (total->state != CELL_VALUE || sum == printed) continue;
        const appeal_block_def *def = &APPEAL_BLOCK_DEFS[block];
        diagnostic *d = diag_add(out, "R4", SEVERITY_ERROR, TABLE_APPEALS, block, APPEAL_TOTAL_FIELD, def->key, "total",
                                 "表四 %s%s%s：结果维持+结果纠正+其他结果+尚未审结=%lld，总计=%lld",
                                 def->group ? def->group : "", def->group ? "·" : "", def->label, (long long)sum,
                                 (long long)printed);
        diag_set_values(d, sum, printed);
        errors++;
    }
    return errors;
}

static char *put(char *at, const char *text, size_t len)
{
    memcpy(at, text, len);
    return at + len;
}

/* "表三 “<row>”行 “<column>”栏<tail>", built in one allocation of the exact size (the caller owns it, or hands it
 * to the diagnostic list). No printf and no growing buffer: a report may have a hundred blank cells, each with its
 * message. */
static char *cell_message(const cell_address *a, const char *tail, size_t tail_len)
{
    static const char open_row[] = " “", open_column[] = "”行 “", close_column[] = "”栏";
    const char *table = table_short_name(a->table);
    size_t table_len = strlen(table), row_len = strlen(a->row_label), column_len = strlen(a->column_label);
    size_t total = table_len + sizeof open_row - 1 + row_len + sizeof open_column - 1 + column_len +
                   sizeof close_column - 1 + tail_len;
    char *message = xmalloc(total + 1), *at = message;
    at = put(at, table, table_len);
    at = put(at, open_row, sizeof open_row - 1);
    at = put(at, a->row_label, row_len);
    at = put(at, open_column, sizeof open_column - 1);
    at = put(at, a->column_label, column_len);
    at = put(at, close_column, sizeof close_column - 1);
    at = put(at, tail, tail_len);
    *at = '\0';
    return message;
}

int check_r5_signs(const report *r, diag_list *out)
{
    int errors = 0;
    for (int cell = 0; cell < r->format->cell_count; cell++) {
        const report_cell *c = &r->cells[cell];
        if (c->state != CELL_VALUE || c->value >= 0) continue;
        cell_address a;
        format_cell_address(r->format, cell, &a);
        if (a.kind == VALUE_CHANGE) continue;
        char printed[32];
        if (a.kind == VALUE_COUNT) snprintf(printed, sizeof printed, "%lld", (long long)c->value);
        else format_millionths(c->value, printed);
        char tail[64];
        int tail_len = snprintf(tail, sizeof tail, "：数值不能为负数（%s）", printed);
        diagnostic *d = diag_add_owned(out, "R5", SEVERITY_ERROR, a.table, a.row, a.column, a.row_key, a.column_key,
                                       cell_message(&a, tail, (size_t)tail_len));
        snprintf(d->expected, sizeof d->expected, ">=0");
        snprintf(d->actual, sizeof d->actual, "%s", printed);
        errors++;
    }
    return errors;
}

void check_blanks(const report *r, diag_list *out)
{
    size_t blanks = 0;
    for (int cell = 0; cell < r->format->cell_count; cell++) blanks += r->cells[cell].state == CELL_BLANK;
    diag_list_reserve(out, blanks);
    static const char tail[] = "：空白或占位符，按缺失处理（核对时按0计）";
    for (int cell = 0; cell < r->format->cell_count; cell++) {
        if (r->cells[cell].state != CELL_BLANK) continue;
        cell_address a;
        format_cell_address(r->format, cell, &a);
        diagnostic *d = diag_add_owned(out, "B", SEVERITY_WARNING, a.table, a.row, a.column, a.row_key, a.column_key,
                                       cell_message(&a, tail, sizeof tail - 1));
        memcpy(d->actual, "null", sizeof "null");
    }
}

static void check_missing_rows(const report *r, diag_list *out)
{
    const report_format *f = r->format;
    for (int row = 0; row < f->application_row_count; row++) {
        bool absent = true;
        for (int col = 0; col < APPLICATION_COLUMNS && absent; col++)
            absent = r->cells[format_application_cell(f, row, col)].state == CELL_ABSENT;
        if (!absent || report_table_absent(r, TABLE_APPLICATIONS)) continue;
        diag_add(out, "S", SEVERITY_WARNING, TABLE_APPLICATIONS, row, -1, f->application_rows[row].key, NULL,
                 "表三 缺少“%s”行", f->application_rows[row].label);
    }
    for (int item = 0; item < f->proactive_count; item++) {
        bool absent = true;
        for (int field = 0; field < f->proactive[item].field_count && absent; field++)
            absent = r->cells[format_proactive_cell(f, item, field)].state == CELL_ABSENT;
        if (!absent || report_table_absent(r, TABLE_PROACTIVE)) continue;
        diag_add(out, "S", SEVERITY_WARNING, TABLE_PROACTIVE, item, -1, f->proactive[item].key, NULL,
                 "表二 缺少“%s”行", f->proactive[item].label);
    }
}

void check_structure(const report *r, diag_list *out)
{
    const report_format *f = r->format;
    const report_format *official = format_for_year(r->year);
    if (r->year && official && official != f)
        diag_add(out, "S", SEVERITY_WARNING, TABLE_NONE, -1, -1, NULL, NULL,
                 "%d年度报告应使用%s年格式（%s），实际按%s年格式填报", r->year, official->name, official->document,
                 f->name);
    if (r->flags & REPORT_OTHER_NOT_SPLIT)
        diag_add(out, "S", SEVERITY_WARNING, TABLE_APPLICATIONS, format_other_catch_all_row(f), -1, "other_other", NULL,
                 "表三 “（六）其他处理”只填了一行，未按2021年格式分为三项；数值计入“3.其他”");
    if (r->flags & REPORT_FORMAT_MIXED)
        diag_add(out, "S", SEVERITY_WARNING, TABLE_NONE, -1, -1, NULL, NULL,
                 "报告同时出现2019年和2021年格式的栏目，按%s年格式读取", f->name);
    static const struct { enum report_table table; enum report_section section; } tables[] = {
        {TABLE_PROACTIVE, SECTION_PROACTIVE},
        {TABLE_APPLICATIONS, SECTION_APPLICATIONS},
        {TABLE_APPEALS, SECTION_APPEALS},
    };
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (report_table_absent(r, tables[i].table))
            diag_add(out, "S", SEVERITY_WARNING, tables[i].table, -1, -1, NULL, NULL, "缺少%s表格",
                     f->sections[tables[i].section].heading);
    check_missing_rows(r, out);
}

/* X1 (2021 format): in_force(Y) = in_force(Y−1) + issued(Y) − repealed(Y). */
static void check_x1(const report *r, const report *previous, diag_list *out)
{
    static const char *const documents[] = {"regulations", "normative_documents"};
    for (size_t i = 0; i < 2; i++) {
        int item = format_proactive_item(r->format, documents[i]);
        int prev_item = format_proactive_item(previous->format, documents[i]);
        if (item < 0 || prev_item < 0 || r->format != &FORMAT_2021 || previous->format != &FORMAT_2021) continue;
        int issued = format_proactive_cell(r->format, item, 0), repealed = format_proactive_cell(r->format, item, 1);
        int in_force = format_proactive_cell(r->format, item, 2);
        int prev_in_force = format_proactive_cell(previous->format, prev_item, 2);
        if (!report_cell_has_value(r, in_force) || !report_cell_has_value(previous, prev_in_force)) continue;
        int64_t expected =
            subtract(add(previous->cells[prev_in_force].value, r->cells[issued].value), r->cells[repealed].value);
        int64_t actual = r->cells[in_force].value;
        if (expected == actual) continue;
        const proactive_item_def *def = &r->format->proactive[item];
        diagnostic *d = diag_add(out, "X1", SEVERITY_WARNING, TABLE_PROACTIVE, item, 2, def->key, "in_force",
                                 "表二 “%s”现行有效件数：上年%lld+本年制发%lld−本年废止%lld=%lld，本年报告为%lld",
                                 def->label, (long long)previous->cells[prev_in_force].value,
                                 (long long)r->cells[issued].value, (long long)r->cells[repealed].value,
                                 (long long)expected, (long long)actual);
        diag_set_values(d, expected, actual);
    }
}

/* X2: carried_over(Y) = carried_forward(Y−1), per column. */
static void check_x2(const report *r, const report *previous, diag_list *out)
{
    int over = row_index(r, "carried_over");
    int prev_forward = format_application_row(previous->format, "carried_forward");
    for (int col = 0; col < APPLICATION_COLUMNS; col++) {
        int64_t expected = check_effective_application(previous, prev_forward, col);
        int64_t actual = check_effective_application(r, over, col);
        if (expected == actual) continue;
        diagnostic *d = diag_add(out, "X2", SEVERITY_WARNING, TABLE_APPLICATIONS, over, col, "carried_over",
                                 column_def_at(col)->key,
                                 "表三 第%d列(%s)：上年结转=%lld，但上年度报告“结转下年度继续办理”为%lld", col + 1,
                                 column_def_at(col)->label, (long long)actual, (long long)expected);
        diag_set_values(d, expected, actual);
    }
}

/* X3 (2019 format): previous_items(Y) = previous_items(Y−1) + change(Y−1). */
static void check_x3(const report *r, const report *previous, diag_list *out)
{
    if (r->format != &FORMAT_2019 || previous->format != &FORMAT_2019) return;
    const report_format *f = r->format;
    for (int item = 0; item < f->proactive_count; item++) {
        const proactive_item_def *def = &f->proactive[item];
        if (def->field_count < 2 || strcmp(def->fields[0].key, "previous_items") != 0) continue;
        int now = format_proactive_cell(f, item, 0);
        int before = format_proactive_cell(f, item, 0), change = format_proactive_cell(f, item, 1);
        if (!report_cell_has_value(r, now) || !report_cell_has_value(previous, before)) continue;
        int64_t expected = add(previous->cells[before].value, previous->cells[change].value);
        int64_t actual = r->cells[now].value;
        if (expected == actual) continue;
        diagnostic *d = diag_add(out, "X3", SEVERITY_WARNING, TABLE_PROACTIVE, item, 0, def->key, "previous_items",
                                 "表二 “%s”上一年项目数量=%lld，但上年度报告为%lld%+lld=%lld", def->label,
                                 (long long)actual, (long long)previous->cells[before].value,
                                 (long long)previous->cells[change].value, (long long)expected);
        diag_set_values(d, expected, actual);
    }
}

void check_against_previous(const report *r, const report *previous, diag_list *out)
{
    if (r->year && previous->year && previous->year != r->year - 1)
        diag_add(out, "S", SEVERITY_WARNING, TABLE_NONE, -1, -1, NULL, NULL,
                 "用于跨年核对的上年度报告是%d年度，不是%d年度", previous->year, r->year - 1);
    check_x1(r, previous, out);
    check_x2(r, previous, out);
    check_x3(r, previous, out);
}

void report_check(const report *r, const report *previous, diag_list *out)
{
    if (r->notes) diag_list_copy(out, r->notes);
    check_structure(r, out);
    check_blanks(r, out);
    if (!report_table_absent(r, TABLE_APPLICATIONS)) {
        check_r1_balance(r, out);
        check_r2_row_totals(r, out);
        check_r3_result_totals(r, out);
    }
    check_r4_appeal_totals(r, out);
    check_r5_signs(r, out);
    narrative_check(r, previous, out);
    if (previous) check_against_previous(r, previous, out);
}

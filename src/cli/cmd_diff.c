/* cmd_diff: `gongkai diff OLD NEW`: what changed, cell by cell, between two annual reports — typically one agency's
 * two years — with the difference for each number, then the cross-year rules X1–X3 applied to NEW with OLD as the
 * previous year. Reports of different formats (2019 / 2021) are compared on the cells both formats have, matched by
 * their keys. Exit 0 when both were read, 2 when one cannot be read, 64 on a usage error. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_util.h"
#include "cli/cmd.h"
#include "export/export.h"
#include "import/import.h"
#include "report/check.h"

static const char DIFF_USAGE[] =
    "用法: gongkai diff [--json] 旧报告 新报告\n"
    "逐项比较两份政府信息公开工作年度报告（通常是同一机关的上一年度和本年度）：列出每个数值的变化及增减，\n"
    "再以旧报告为上一年度核对新报告的跨年勾稽关系（X1 现行有效件数、X2 结转、X3 项目数量）。\n"
    "两份报告格式不同（2019 年格式与 2021 年格式）时，只比较两种格式共有的单元格。\n\n"
    "选项:\n"
    "  --json        以 JSON 输出 {old, new, changes, diagnostics}\n"
    "  -h, --help    显示本说明\n\n"
    "退出码: 0 比较完成；2 有报告无法读取；64 用法错误。\n";

/* One cell of NEW with the cell of OLD that has the same keys (-1 when OLD's format lacks it). */
typedef struct cell_change {
    int new_cell, old_cell;
} cell_change;

typedef struct change_list {
    cell_change *items;
    size_t count, cap;
    size_t only_in_new; /* cells NEW's format has and OLD's lacks */
} change_list;

static bool same_value(const report_cell *a, const report_cell *b)
{
    if (a->state != b->state) return false;
    return a->state != CELL_VALUE || a->value == b->value;
}

/* The cell of format f at the same table, row key and column key as `at`; -1 when none. */
static int matching_cell(const report_format *f, const cell_address *at)
{
    for (int cell = 0; cell < f->cell_count; cell++) {
        cell_address b;
        format_cell_address(f, cell, &b);
        if (b.table == at->table && strcmp(b.row_key, at->row_key) == 0 && strcmp(b.column_key, at->column_key) == 0)
            return cell;
    }
    return -1;
}

static void find_changes(const report *old, const report *new, change_list *out)
{
    for (int cell = 0; cell < new->format->cell_count; cell++) {
        int old_cell = cell;
        if (old->format != new->format) {
            cell_address at;
            format_cell_address(new->format, cell, &at);
            old_cell = matching_cell(old->format, &at);
            if (old_cell < 0) {
                out->only_in_new++;
                continue;
            }
        }
        if (same_value(report_cell_at(old, old_cell), report_cell_at(new, cell))) continue;
        if (out->count == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 64;
            out->items = xrealloc(out->items, out->cap * sizeof *out->items);
        }
        out->items[out->count++] = (cell_change){cell, old_cell};
    }
}

/* ---- words ---- */

/* "表三 （三）不予公开 1.属于国家秘密 × 法人或其他组织·商业企业" — where a cell sits, in the report's words. */
static void describe_place(const report_format *f, int cell, buf *out)
{
    cell_address a;
    format_cell_address(f, cell, &a);
    buf_printf(out, "%s ", table_short_name(a.table));
    const char *row_group = NULL, *column_group = NULL;
    if (a.table == TABLE_APPLICATIONS) {
        row_group = f->application_rows[a.row].group;
        column_group = APPLICATION_COLUMN_DEFS[a.column].group;
    } else if (a.table == TABLE_APPEALS) {
        row_group = APPEAL_BLOCK_DEFS[a.row].group;
    }
    if (row_group) buf_printf(out, "%s ", row_group);
    buf_printf(out, "%s × ", a.row_label);
    if (column_group) buf_printf(out, "%s·", column_group);
    buf_puts(out, a.column_label);
}

static void describe_value(const report *r, int cell, buf *out)
{
    const report_cell *c = report_cell_at(r, cell);
    if (c->state == CELL_ABSENT) {
        buf_puts(out, "（缺失）");
    } else if (c->state == CELL_BLANK) {
        buf_puts(out, "（空白）");
    } else {
        export_cell_text(r, cell, out);
    }
}

/* The signed difference new − old as text ("+5", "-0.3"); false when either is not a number. */
static bool describe_delta(const report *old, int old_cell, const report *new, int new_cell, char *out, size_t size)
{
    const report_cell *a = report_cell_at(old, old_cell), *b = report_cell_at(new, new_cell);
    if (a->state != CELL_VALUE || b->state != CELL_VALUE) return false;
    cell_address at;
    format_cell_address(new->format, new_cell, &at);
    int64_t delta = b->value - a->value;
    if (at.kind == VALUE_COUNT || at.kind == VALUE_CHANGE) {
        snprintf(out, size, "%+lld", (long long)delta);
    } else {
        char decimal[32];
        format_millionths(delta < 0 ? -delta : delta, decimal);
        snprintf(out, size, "%s%s", delta < 0 ? "-" : "+", decimal);
    }
    return true;
}

/* ---- text output ---- */

static void print_header(const char *which, const char *path, const report *r, buf *out)
{
    buf_printf(out, "%s：%s  ", which, path);
    cli_describe_report(r, out);
    buf_putc(out, '\n');
}

static void text_output(const char *old_path, const report *old, const char *new_path, const report *new,
                        const change_list *changes, const diag_list *diags, buf *out)
{
    print_header("旧", old_path, old, out);
    print_header("新", new_path, new, out);
    if (old->agency && new->agency && strcmp(old->agency, new->agency) != 0)
        buf_puts(out, "注意：两份报告的机关名称不同。\n");
    if (old->format != new->format)
        buf_printf(out, "注意：两份报告格式不同（%s年格式 → %s年格式），只比较两种格式共有的单元格（新格式另有 %zu 个单元格未比较）。\n",
                   old->format->name, new->format->name, changes->only_in_new);
    buf_putc(out, '\n');
    if (changes->count == 0) {
        buf_puts(out, "表格数值没有变化。\n");
    } else {
        buf_printf(out, "有变化的单元格（%zu 个）：\n", changes->count);
        for (size_t i = 0; i < changes->count; i++) {
            const cell_change *c = &changes->items[i];
            buf_puts(out, "  ");
            describe_place(new->format, c->new_cell, out);
            buf_puts(out, "：");
            describe_value(old, c->old_cell, out);
            buf_puts(out, " → ");
            describe_value(new, c->new_cell, out);
            char delta[40];
            if (describe_delta(old, c->old_cell, new, c->new_cell, delta, sizeof delta)) buf_printf(out, "（%s）", delta);
            buf_putc(out, '\n');
        }
    }
    buf_puts(out, "\n跨年核对（以旧报告为上一年度）：");
    if (diags->count == 0) {
        buf_puts(out, "无发现。\n");
        return;
    }
    buf_putc(out, '\n');
    for (size_t i = 0; i < diags->count; i++) {
        buf_puts(out, "  ");
        cli_format_diagnostic(&diags->items[i], out);
    }
}

/* ---- JSON output ---- */

static json_t *cell_json(const report *r, int cell)
{
    const report_cell *c = report_cell_at(r, cell);
    if (c->state != CELL_VALUE) return json_null();
    cell_address a;
    format_cell_address(r->format, cell, &a);
    if (a.kind == VALUE_COUNT || a.kind == VALUE_CHANGE) return json_integer((json_int_t)c->value);
    char decimal[32];
    format_millionths(c->value, decimal);
    return json_string(decimal);
}

static const char *state_name(const report *r, int cell)
{
    static const char *const names[] = {"absent", "blank", "value"};
    return names[report_cell_at(r, cell)->state];
}

static json_t *report_summary_json(const char *path, const report *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", json_string(path));
    json_object_set_new(o, "agency", r->agency ? json_string(r->agency) : json_null());
    json_object_set_new(o, "year", r->year ? json_integer(r->year) : json_null());
    json_object_set_new(o, "format", json_string(r->format->name));
    return o;
}

static void json_output(const char *old_path, const report *old, const char *new_path, const report *new,
                        const change_list *changes, const diag_list *diags, buf *out)
{
    json_t *root = json_object();
    json_object_set_new(root, "old", report_summary_json(old_path, old));
    json_object_set_new(root, "new", report_summary_json(new_path, new));
    json_t *list = json_array();
    for (size_t i = 0; i < changes->count; i++) {
        const cell_change *c = &changes->items[i];
        cell_address a;
        format_cell_address(new->format, c->new_cell, &a);
        json_t *item = json_object();
        json_object_set_new(item, "table", json_integer(a.table));
        json_object_set_new(item, "row", json_string(a.row_key));
        json_object_set_new(item, "column", json_string(a.column_key));
        json_object_set_new(item, "row_label", json_string(a.row_label));
        json_object_set_new(item, "column_label", json_string(a.column_label));
        json_object_set_new(item, "old", cell_json(old, c->old_cell));
        json_object_set_new(item, "new", cell_json(new, c->new_cell));
        json_object_set_new(item, "old_state", json_string(state_name(old, c->old_cell)));
        json_object_set_new(item, "new_state", json_string(state_name(new, c->new_cell)));
        char delta[40];
        if (describe_delta(old, c->old_cell, new, c->new_cell, delta, sizeof delta)) {
            if (a.kind == VALUE_COUNT || a.kind == VALUE_CHANGE) json_object_set_new(item, "delta", json_integer(strtoll(delta, NULL, 10)));
            else json_object_set_new(item, "delta", json_string(delta[0] == '+' ? delta + 1 : delta));
        } else {
            json_object_set_new(item, "delta", json_null());
        }
        json_array_append_new(list, item);
    }
    json_object_set_new(root, "changes", list);
    buf diag_text = BUF_INIT;
    export_diagnostics_json(diags, &diag_text);
    json_t *diag_array = json_loads(buf_cstr(&diag_text), 0, NULL);
    buf_free(&diag_text);
    json_object_set_new(root, "diagnostics", diag_array ? diag_array : json_array());
    char *text = json_dumps(root, JSON_INDENT(2));
    if (text) {
        buf_puts(out, text);
        buf_putc(out, '\n');
        free(text);
    }
    json_decref(root);
}

/* ---- the command ---- */

static report *read_report(const char *path)
{
    char *error = NULL;
    report *r = import_file(path, &error);
    if (!r) fprintf(stderr, "gongkai diff: %s\n", error ? error : path);
    free(error);
    return r;
}

int cmd_diff(int argc, char **argv)
{
    if (cmd_wants_help(argc, argv)) {
        fputs(DIFF_USAGE, stdout);
        return 0;
    }
    bool json = false, options_done = false;
    const char *paths[2];
    int path_count = 0;
    for (int i = 1; i < argc; i++) {
        if (!options_done && strcmp(argv[i], "--") == 0) options_done = true;
        else if (!options_done && strcmp(argv[i], "--json") == 0) json = true;
        else if (!options_done && argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("diff", "不认识的选项“%s”", argv[i]);
        else if (path_count == 2) return cli_usage_error("diff", "只能比较两份报告：旧报告 新报告");
        else paths[path_count++] = argv[i];
    }
    if (path_count != 2) return cli_usage_error("diff", "请给出两份报告：旧报告 新报告");
    report *old = read_report(paths[0]);
    report *new = old ? read_report(paths[1]) : NULL;
    if (!old || !new) {
        report_free(old);
        return EXIT_UNREADABLE;
    }
    change_list changes = {0};
    find_changes(old, new, &changes);
    diag_list diags = DIAG_LIST_INIT;
    check_against_previous(new, old, &diags);
    buf out = BUF_INIT;
    if (json) json_output(paths[0], old, paths[1], new, &changes, &diags, &out);
    else text_output(paths[0], old, paths[1], new, &changes, &diags, &out);
    int status = cli_write_output("diff", NULL, &out);
    buf_free(&out);
    diag_list_free(&diags);
    free(changes.items);
    report_free(old);
    report_free(new);
    return status;
}

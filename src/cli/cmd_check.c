/* cmd_check: `gongkai check`: imports annual reports, checks them against the consistency rules (R1–R5 errors,
 * B/S/X warnings; X1–X3 with --previous) and prints the findings in Chinese or as JSON. Exit 0 clean, 1 a hard
 * rule fails, 2 an input is unreadable or not a report (DESIGN.md §6). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_util.h"
#include "cli/cmd.h"
#include "export/export.h"
#include "import/import.h"
#include "report/check.h"

static const char CHECK_USAGE[] =
    "用法: gongkai check [选项] 文件…\n"
    "导入政府信息公开工作年度报告（文本、网页、PDF、DOCX 或 JSON），核对勾稽关系，逐条列出错误与警告。\n\n"
    "选项:\n"
    "  --json            以 JSON 输出：每个文件一项 {file, agency, year, format, diagnostics}\n"
    "  --previous 文件   同一机关上一年度的报告，用于跨年核对（X1 现行有效件数、X2 结转、X3 项目数量）\n"
    "  -j N              用 N 个线程同时核对多个文件（默认 1，0 表示全部处理器核心）；输出仍按输入顺序\n"
    "  --quiet           只列出有错误或无法读取的文件及其错误\n"
    "  -h, --help        显示本说明\n\n"
    "退出码: 0 无错误（可有警告）；1 有勾稽关系错误；2 有文件无法读取或不是年度报告；64 用法错误。\n";

typedef struct check_options {
    bool json, quiet;
    int jobs;
    const char *previous_path;
    report *previous; /* owned, NULL without --previous */
    char **files;     /* point into argv; owned array */
    size_t file_count;
} check_options;

/* What the emitter keeps across files. */
typedef struct check_totals {
    const check_options *options;
    size_t failed, unreadable;
} check_totals;

static int parse_check_options(int argc, char **argv, check_options *o)
{
    o->files = xcalloc((size_t)argc, sizeof *o->files);
    o->jobs = 1;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            o->files[o->file_count++] = argv[i];
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "--json") == 0) {
            o->json = true;
        } else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
            o->quiet = true;
        } else if (cli_option_is(arg, "--previous")) {
            if (!(o->previous_path = cli_option_value("check", argc, argv, &i, "--previous"))) return EXIT_USAGE;
        } else if (cli_option_is(arg, "-j") || cli_option_is(arg, "--jobs")) {
            const char *value = cli_option_value("check", argc, argv, &i, arg[1] == 'j' ? "-j" : "--jobs");
            if (!value) return EXIT_USAGE;
            if ((o->jobs = cli_parse_jobs(value)) < 0)
                return cli_usage_error("check", "-j 的取值“%s”不是 0 到 1024 之间的整数", value);
        } else {
            return cli_usage_error("check", "不认识的选项“%s”", arg);
        }
    }
    if (o->file_count == 0) return cli_usage_error("check", "请给出至少一个要核对的报告文件");
    return 0;
}

static void append_text_result(const check_options *o, const char *path, const report *r, const diag_list *diags,
                               buf *out)
{
    size_t errors = diag_count_severity(diags, SEVERITY_ERROR);
    size_t warnings = diag_count_severity(diags, SEVERITY_WARNING);
    if (o->quiet && errors == 0) return;
    buf_printf(out, "%s  ", path);
    cli_describe_report(r, out);
    buf_putc(out, '\n');
    for (size_t i = 0; i < diags->count; i++) {
        if (o->quiet && diags->items[i].severity != SEVERITY_ERROR) continue;
        buf_puts(out, "  ");
        cli_format_diagnostic(&diags->items[i], out);
    }
    buf_puts(out, "  共 ");
    cli_format_counts(errors, warnings, out);
    buf_puts(out, "\n\n");
}

/* json_dump_callback's sink: appends the text to the buffer `data`, each line after the first indented by two
 * spaces (the value is an element of the top-level array). */
static int append_indented(const char *text, size_t size, void *data)
{
    buf *out = data;
    const char *end = text + size;
    while (text < end) {
        const char *newline = memchr(text, '\n', (size_t)(end - text));
        const char *stop = newline ? newline + 1 : end;
        buf_append(out, text, (size_t)(stop - text));
        if (newline) buf_puts(out, "  ");
        text = stop;
    }
    return 0;
}

/* Dumps one JSON value (stolen) into out, indented as an element of the top-level array. */
static void append_json_value(json_t *value, buf *out)
{
    size_t before = out->len;
    buf_puts(out, "  ");
    if (json_dump_callback(value, append_indented, out, JSON_INDENT(2)) != 0) { /* leave nothing half written */
        out->len = before;
        out->data[before] = '\0';
    }
    json_decref(value);
}

static void append_json_result(const char *path, const report *r, const diag_list *diags, buf *out)
{
    json_t *entry = json_object();
    json_object_set_new(entry, "file", json_string(path));
    json_object_set_new(entry, "agency", r->agency ? json_string(r->agency) : json_null());
    json_object_set_new(entry, "year", r->year ? json_integer(r->year) : json_null());
    json_object_set_new(entry, "format", json_string(r->format->name));
    json_object_set_new(entry, "errors", json_integer((json_int_t)diag_count_severity(diags, SEVERITY_ERROR)));
    json_object_set_new(entry, "warnings", json_integer((json_int_t)diag_count_severity(diags, SEVERITY_WARNING)));
    json_object_set_new(entry, "diagnostics", export_diagnostics_value(diags));
    append_json_value(entry, out);
}

static void append_json_failure(const char *path, const char *error, buf *out)
{
    json_t *entry = json_object();
    json_object_set_new(entry, "file", json_string(path));
    json_object_set_new(entry, "error", json_string(error));
    append_json_value(entry, out);
}

/* One job: import and check files[index]. Runs on a worker thread; reads the options only. */
static void check_one_file(const void *context, size_t index, cli_job_result *result)
{
    const check_options *o = context;
    const char *path = o->files[index];
    char *error = NULL;
    report *r = import_file(path, &error);
    if (!r) {
        const char *message = error ? error : "无法读取，原因不明";
        buf_printf(&result->err, "gongkai check: %s\n", message);
        if (o->json) append_json_failure(path, message, &result->out);
        result->status = EXIT_UNREADABLE;
        free(error);
        return;
    }
    diag_list diags = DIAG_LIST_INIT;
    report_check(r, o->previous, &diags);
    if (o->json) append_json_result(path, r, &diags, &result->out);
    else append_text_result(o, path, r, &diags, &result->out);
    result->status = diag_count_severity(&diags, SEVERITY_ERROR) ? EXIT_RULE_FAILED : EXIT_CLEAN;
    diag_list_free(&diags);
    report_free(r);
}

static void emit_check_result(void *state, size_t index, const cli_job_result *result)
{
    check_totals *totals = state;
    if (totals->options->json) fputs(index == 0 ? "[\n" : ",\n", stdout);
    fputs(buf_cstr(&result->out), stdout);
    fflush(stdout);
    fputs(buf_cstr(&result->err), stderr);
    totals->failed += result->status == EXIT_RULE_FAILED;
    totals->unreadable += result->status == EXIT_UNREADABLE;
}

static void print_closing(const check_totals *totals, size_t file_count)
{
    const check_options *o = totals->options;
    if (o->json) {
        fputs("\n]\n", stdout);
        return;
    }
    if (file_count < 2 || (o->quiet && totals->failed + totals->unreadable == 0)) return;
    printf("共核对 %zu 个文件：%zu 个有勾稽关系错误，%zu 个无法读取\n", file_count, totals->failed, totals->unreadable);
}

static int load_previous(check_options *o)
{
    if (!o->previous_path) return 0;
    char *error = NULL;
    o->previous = import_file(o->previous_path, &error);
    if (o->previous) return 0;
    fprintf(stderr, "gongkai check: 上年度报告（--previous）无法读取：%s\n", error ? error : o->previous_path);
    free(error);
    return EXIT_UNREADABLE;
}

int cmd_check(int argc, char **argv)
{
    if (cmd_wants_help(argc, argv)) {
        fputs(CHECK_USAGE, stdout);
        return 0;
    }
    check_options o = {0};
    int status = parse_check_options(argc, argv, &o);
    if (status == 0) status = load_previous(&o);
    if (status == 0) {
        check_totals totals = {&o, 0, 0};
        status = cli_run_jobs(o.file_count, o.jobs, check_one_file, &o, emit_check_result, &totals);
        print_closing(&totals, o.file_count);
    }
    report_free(o.previous);
    free(o.files);
    return status;
}

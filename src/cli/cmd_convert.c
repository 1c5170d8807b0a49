/* cmd_convert: `gongkai convert --to json|html|md|csv|txt [-o OUT] FILE`: reads a report in any form the importers
 * know and writes it as canonical JSON, the official HTML layout, Markdown, CSV or one-cell-per-line text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_util.h"
#include "cli/cmd.h"
#include "export/export.h"
#include "import/import.h"
#include "report/check.h"

static const char CONVERT_USAGE[] =
    "用法: gongkai convert --to 格式 [-o 输出文件] 报告文件\n"
    "把政府信息公开工作年度报告（文本、网页、PDF、DOCX 或 JSON）转换为另一种格式。\n\n"
    "格式:\n"
    "  json   规范 JSON（gongkai.report/1），空白单元格为 null\n"
    "  html   官方表格样式的网页（含合并单元格），勾稽关系有误的单元格加标记\n"
    "  md     Markdown\n"
    "  csv    每个单元格一行：table,row,column,value，可用 Excel 或 pandas 打开\n"
    "  txt    纯文本，每个单元格一行\n\n"
    "选项:\n"
    "  --to 格式         输出格式（必需）\n"
    "  -o 文件           写入该文件（默认写到标准输出）\n"
    "  -h, --help        显示本说明\n\n"
    "退出码: 0 成功；2 输入无法读取或不是年度报告；64 用法错误；74 输出无法写入。\n";

typedef void (*render_fn)(const report *r, const diag_list *marks, buf *out);

static void render_json(const report *r, const diag_list *marks, buf *out) { export_json(r, out); }
static void render_html(const report *r, const diag_list *marks, buf *out) { export_html(r, marks, out); }
static void render_markdown(const report *r, const diag_list *marks, buf *out) { export_markdown(r, out); }
static void render_csv(const report *r, const diag_list *marks, buf *out) { export_csv(r, out); }
static void render_text(const report *r, const diag_list *marks, buf *out) { export_text_cell_per_line(r, out); }

static const struct output_kind {
    const char *name;
    const char *alias;
    render_fn render;
} OUTPUT_KINDS[] = {
    {"json", NULL, render_json},
    {"html", "htm", render_html},
    {"md", "markdown", render_markdown},
    {"csv", NULL, render_csv},
    {"txt", "text", render_text},
};

static const struct output_kind *output_kind_named(const char *name)
{
    for (size_t i = 0; i < sizeof OUTPUT_KINDS / sizeof OUTPUT_KINDS[0]; i++)
        if (strcmp(name, OUTPUT_KINDS[i].name) == 0 || (OUTPUT_KINDS[i].alias && strcmp(name, OUTPUT_KINDS[i].alias) == 0))
            return &OUTPUT_KINDS[i];
    return NULL;
}

typedef struct convert_options {
    const struct output_kind *kind;
    const char *output; /* NULL: stdout */
    const char *input;
} convert_options;

static int parse_convert_options(int argc, char **argv, convert_options *o)
{
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (o->input) return cli_usage_error("convert", "一次只能转换一个文件（多给了“%s”）", arg);
            o->input = arg;
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (cli_option_is(arg, "--to")) {
            const char *name = cli_option_value("convert", argc, argv, &i, "--to");
            if (!name) return EXIT_USAGE;
            if (!(o->kind = output_kind_named(name)))
                return cli_usage_error("convert", "不支持输出格式“%s”（可用：json html md csv txt）", name);
        } else if (cli_option_is(arg, "-o") || cli_option_is(arg, "--output")) {
            if (!(o->output = cli_option_value("convert", argc, argv, &i, arg[1] == 'o' ? "-o" : "--output")))
                return EXIT_USAGE;
        } else {
            return cli_usage_error("convert", "不认识的选项“%s”", arg);
        }
    }
    if (!o->kind) return cli_usage_error("convert", "请用 --to 指定输出格式（json html md csv txt）");
    if (!o->input) return cli_usage_error("convert", "请给出要转换的报告文件");
    return 0;
}

int cmd_convert(int argc, char **argv)
{
    if (cmd_wants_help(argc, argv)) {
        fputs(CONVERT_USAGE, stdout);
        return 0;
    }
    convert_options o = {0};
    int status = parse_convert_options(argc, argv, &o);
    if (status) return status;

    char *error = NULL;
    report *r = import_file(o.input, &error);
    if (!r) {
        fprintf(stderr, "gongkai convert: %s\n", error ? error : o.input);
        free(error);
        return EXIT_UNREADABLE;
    }
    diag_list diags = DIAG_LIST_INIT;
    report_check(r, NULL, &diags);
    size_t errors = diag_count_severity(&diags, SEVERITY_ERROR);
    if (errors)
        fprintf(stderr, "gongkai convert: 注意：%s 有 %zu 处勾稽关系错误，运行 gongkai check 查看详情\n", o.input, errors);
    buf out = BUF_INIT;
    o.kind->render(r, &diags, &out);
    status = cli_write_output("convert", o.output, &out);
    buf_free(&out);
    diag_list_free(&diags);
    report_free(r);
    return status;
}

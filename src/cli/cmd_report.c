/* cmd_report: `gongkai report …` — the annual report built from the records (DESIGN.md §3 "Counting", §4):
 * build it for a year as of 31 Dec and check it (X2 against the year before, built the same way); lock the
 * published version; a later change becomes a new revision with its reason; show the locked version. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_store.h"
#include "cli/cli_util.h"
#include "cli/cmd.h"
#include "export/export.h"
#include "report/check.h"

static const char REPORT_HELP[] =
    "用法: gongkai report build --year 年份 [--agency 编号] [--to json|html|md|csv] [-o 输出文件]\n"
    "      gongkai report lock --year 年份 [--agency 编号]\n"
    "      gongkai report revise --year 年份 --reason 理由 [--agency 编号]\n"
    "      gongkai report show --year 年份 [--agency 编号] [--to json|html|md|csv] [-o 输出文件]\n"
    "由登记记录生成政府信息公开工作年度报告（截至该年12月31日）：\n"
    "  表三：申请按办理结果作出之年计数，12月31日尚未办结的结转下年度，上年结转的计入本年；\n"
    "  表二：由文件登记簿和按年登记的数计算；表四：复议、诉讼案件按12月31日的状态计数。\n\n"
    "  build    生成并核对报告（与上一年的报告比对结转数），输出到标准输出或 -o 文件（默认 json）\n"
    "  lock     锁定已发布的报告（第1版）；此后记录再有变化，须用 revise 发布修订版\n"
    "  revise   把按当前记录生成的报告保存为新的版本，须用 --reason 说明修订理由\n"
    "  show     输出最近锁定的版本\n\n"
    "选项:\n"
    "  --to 格式     json（默认）、html、md、csv\n"
    "  -o, --output 文件  输出文件（默认标准输出）\n"
    "  --agency 编号 机构（数据库只有一个机构时可省略）\n"
    "  --db 文件     数据库文件\n";

typedef void (*render_fn)(const report *r, const diag_list *marks, buf *out);
static void render_json(const report *r, const diag_list *marks, buf *out) { export_json(r, out); }
static void render_html(const report *r, const diag_list *marks, buf *out) { export_html(r, marks, out); }
static void render_markdown(const report *r, const diag_list *marks, buf *out) { export_markdown(r, out); }
static void render_csv(const report *r, const diag_list *marks, buf *out) { export_csv(r, out); }

static render_fn renderer(const char *name)
{
    if (!name || strcmp(name, "json") == 0) return render_json;
    if (strcmp(name, "html") == 0) return render_html;
    if (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0) return render_markdown;
    if (strcmp(name, "csv") == 0) return render_csv;
    return NULL;
}

typedef struct report_ctx {
    const cli_opts *o;
    gk_store *s;
    int64_t agency;
    int year;
} report_ctx;

static int write_report(report_ctx *c, const report *r, const diag_list *marks)
{
    render_fn render = renderer(cli_opt(c->o, "--to"));
    buf out = BUF_INIT;
    render(r, marks, &out);
    int rc = cli_write_output("report", cli_opt(c->o, "--output"), &out);
    buf_free(&out);
    return rc;
}

/* Builds year Y from the records and checks it against year Y-1 built the same way. */
static int build_checked(report_ctx *c, report **out, diag_list *diags)
{
    char *error = NULL;
    report *previous = NULL;
    if (store_build_report(c->s, c->agency, c->year, out, &error) != 0 ||
        store_build_report(c->s, c->agency, c->year - 1, &previous, &error) != 0) {
        report_free(*out);
        *out = NULL;
        return cli_store_error("report", error);
    }
    report_check(*out, previous, diags);
    report_free(previous);
    return 0;
}

static void print_diagnostics(const diag_list *diags)
{
    buf line = BUF_INIT;
    for (size_t i = 0; i < diags->count; i++) {
        buf_clear(&line);
        cli_format_diagnostic(&diags->items[i], &line);
        fputs(buf_cstr(&line), stderr);
        if (line.len && line.data[line.len - 1] != '\n') fputc('\n', stderr);
    }
    buf_clear(&line);
    cli_format_counts(diag_count_severity(diags, SEVERITY_ERROR), diag_count_severity(diags, SEVERITY_WARNING), &line);
    fprintf(stderr, "核对结果：%s\n", buf_cstr(&line));
    buf_free(&line);
}

/* Number of cells where a and b differ. */
static int changed_cells(const report *a, const report *b)
{
    if (a->format != b->format) return a->format->cell_count;
    int n = 0;
    for (int cell = 0; cell < a->format->cell_count; cell++)
        if (a->cells[cell].state != b->cells[cell].state || a->cells[cell].value != b->cells[cell].value) n++;
    return n;
}

static int report_build(report_ctx *c)
{
    report *r = NULL;
    diag_list diags = DIAG_LIST_INIT;
    int rc = build_checked(c, &r, &diags);
    if (rc) return rc;
    report *locked = NULL;
    store_revision meta;
    char *error = NULL;
    int found = store_report_latest(c->s, c->agency, c->year, &locked, &meta, &error);
    if (found < 0) {
        free(error);
    } else if (found > 0) {
        int changed = changed_cells(r, locked);
        if (changed)
            fprintf(stderr, "注意：%d 年度报告已锁定（第 %d 版，%s）。按当前记录生成的报告有 %d 格与之不同；"
                    "如需发布修订版，运行 gongkai report revise --year %d --reason 理由。\n",
                    c->year, meta.revision, meta.created_at, changed, c->year);
        report_free(locked);
        store_revision_clear(&meta);
    }
    print_diagnostics(&diags);
    rc = write_report(c, r, &diags);
    if (rc == 0 && diag_count_severity(&diags, SEVERITY_ERROR)) rc = EXIT_RULE_FAILED;
    diag_list_free(&diags);
    report_free(r);
    return rc;
}

static int report_save(report_ctx *c, const char *reason)
{
    report *r = NULL;
    diag_list diags = DIAG_LIST_INIT;
    int rc = build_checked(c, &r, &diags);
    if (rc) return rc;
    char *error = NULL;
    if (diag_count_severity(&diags, SEVERITY_ERROR)) {
        print_diagnostics(&diags);
        fprintf(stderr, "gongkai report: 报告有错误，不能锁定。\n");
        rc = EXIT_RULE_FAILED;
    } else if (reason) {
        report *locked = NULL;
        store_revision meta;
        int found = store_report_latest(c->s, c->agency, c->year, &locked, &meta, &error);
        if (found < 0) rc = cli_store_error("report", error);
        else if (found == 0) rc = cli_usage_error("report", "%d 年度报告尚未锁定：请先用 report lock 锁定第1版", c->year);
        else if (changed_cells(r, locked) == 0)
            rc = cli_usage_error("report", "按当前记录生成的报告与第 %d 版相同，无需修订", meta.revision);
        report_free(locked);
        if (found > 0) store_revision_clear(&meta);
    }
    int revision = 0;
    if (rc == 0 && store_report_save_revision(c->s, c->agency, r, reason, cli_actor(), &revision, &error) != 0)
        rc = cli_store_error("report", error);
    if (rc == 0)
        printf(revision == 1 ? "已锁定 %d 年度报告（第 %d 版）。\n" : "已保存 %d 年度报告修订版（第 %d 版）。\n", c->year,
               revision);
    diag_list_free(&diags);
    report_free(r);
    return rc;
}

static int report_lock(report_ctx *c) { return report_save(c, NULL); }

static int report_revise(report_ctx *c)
{
    const char *reason = cli_opt(c->o, "--reason");
    if (!reason || !*reason) return cli_usage_error("report", "修订须用 --reason 说明理由");
    return report_save(c, reason);
}

static int report_show(report_ctx *c)
{
    report *r = NULL;
    store_revision meta;
    char *error = NULL;
    int found = store_report_latest(c->s, c->agency, c->year, &r, &meta, &error);
    if (found < 0) return cli_store_error("report", error);
    if (found == 0) {
        fprintf(stderr, "gongkai report: %d 年度报告尚未锁定（report build 可按当前记录生成）。\n", c->year);
        return 1;
    }
    fprintf(stderr, "%d 年度报告第 %d 版，%s 由 %s 保存%s%s。\n", c->year, meta.revision, meta.created_at, meta.actor,
            meta.reason ? "，修订理由：" : "", meta.reason ? meta.reason : "");
    int rc = write_report(c, r, NULL);
    store_revision_clear(&meta);
    report_free(r);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    if (cmd_wants_help(argc, argv)) {
        fputs(REPORT_HELP, stdout);
        return 0;
    }
    /* -o takes a value; cli_parse_opts knows long options only, so it is read as --output. */
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-o") == 0) argv[i] = (char *)"--output";
    static const char *const values[] = {"--db", "--agency", "--year", "--to", "--output", "--reason", NULL};
    cli_opts o = {.value_names = values};
    if (cli_parse_opts("report", argc, argv, 1, &o) != 0) return EXIT_USAGE;
    if (o.positional_count != 1) return cli_usage_error("report", "请给出动作：build、lock、revise 或 show");
    static const struct { const char *name; int (*run)(report_ctx *); } actions[] = {
        {"build", report_build}, {"lock", report_lock}, {"revise", report_revise}, {"show", report_show}};
    int (*run)(report_ctx *) = NULL;
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (strcmp(o.positional[0], actions[i].name) == 0) run = actions[i].run;
    if (!run) return cli_usage_error("report", "不认识的动作“%s”（可用：build、lock、revise、show）", o.positional[0]);
    if (!renderer(cli_opt(&o, "--to")))
        return cli_usage_error("report", "输出格式“%s”无效（json、html、md、csv）", cli_opt(&o, "--to"));
    long long year;
    if (!cli_opt(&o, "--year")) return cli_usage_error("report", "请用 --year 指明报告年度");
    if (cli_parse_int("report", "--year", cli_opt(&o, "--year"), 1990, 2199, &year)) return EXIT_USAGE;
    report_ctx c = {.o = &o, .year = (int)year};
    int rc = cli_open_store("report", cli_opt(&o, "--db"), &c.s);
    if (rc) return rc;
    if ((rc = cli_pick_agency("report", c.s, cli_opt(&o, "--agency"), &c.agency)) == 0) rc = run(&c);
    store_close(c.s);
    return rc;
}

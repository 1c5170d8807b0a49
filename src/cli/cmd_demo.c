/* cmd_demo: `gongkai demo` — simulates one year of a demo county office's disclosure work (applications with
 * their applicant type, outcome and whether they are still open at 31 Dec, registers, appeals), builds the annual
 * report from those records, renders it in every format and checks it. `gongkai demo --db FILE` instead creates
 * the demo database of the web application (cli/demo_store.c), which the README's run command serves. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cases/build.h"
#include "cases/outcome.h"
#include "cli/cli_store.h"
#include "cli/cli_util.h"
#include "cli/cmd.h"
#include "cli/demo_store.h"
#include "export/export.h"
#include "report/check.h"

static const char DEMO_AGENCY[] = "示范县人民政府办公室";

/* A small deterministic generator, so the demo is the same on every machine. */
static uint32_t next_random(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*state >> 33);
}

static void simulate_applications(gk_year_counts *c, uint64_t *seed, int applications)
{
    static const int type_weights[GK_APPLICANT_TYPES] = {80, 9, 1, 1, 5, 4};
    size_t outcomes = gk_outcome_count();
    for (int i = 0; i < applications; i++) {
        uint32_t pick = next_random(seed) % 100, type = 0;
        while (type + 1 < GK_APPLICANT_TYPES && pick >= (uint32_t)type_weights[type]) pick -= (uint32_t)type_weights[type++];
        bool carried_over = i < applications / 20;
        if (carried_over) c->carried_over[type]++;
        else c->received[type]++;
        if (next_random(seed) % 100 < 6) {
            c->carried_forward[type]++;
            continue;
        }
        /* Most applications are disclosed or not held; the rest spread over every outcome. */
        uint32_t roll = next_random(seed) % 100;
        gk_outcome o;
        size_t index = roll < 40 ? 0 : roll < 65 ? 1 : next_random(seed) % outcomes;
        if (roll >= 40 && roll < 65) {
            if (!gk_outcome_by_key("unable_not_held", &o)) continue;
        } else if (!gk_outcome_at(index, &o)) {
            continue;
        }
        c->decided[o.row][type]++;
    }
}

static void simulate_registers(gk_year_counts *c)
{
    const report_format *f = gk_outcome_format();
    for (int item = 0; item < f->proactive_count; item++) {
        int issued, repealed, in_force;
        if (gk_build_item_is_document(item, &issued, &repealed, &in_force)) {
            c->docs_issued[item] = item == 0 ? 0 : 12;
            c->docs_repealed[item] = item == 0 ? 0 : 3;
            c->docs_in_force[item] = item == 0 ? 0 : 57;
            continue;
        }
        for (int field = 0; field < f->proactive[item].field_count; field++) {
            int cell = format_proactive_cell(f, item, field);
            c->yearly_known[cell] = true;
            c->yearly_value[cell] = f->proactive[item].fields[field].kind == VALUE_DECIMAL ? 1234500000 : 100 + 37 * item;
        }
    }
    static const int64_t appeals[APPEAL_BLOCKS][APPEAL_FIELDS - 1] = {{3, 1, 0, 1}, {2, 0, 1, 1}, {1, 0, 0, 0}};
    for (int b = 0; b < APPEAL_BLOCKS; b++)
        for (int k = 0; k < APPEAL_FIELDS - 1; k++) c->appeals[b][k] = appeals[b][k];
    c->processing_fees_yuan = 300;
}

static int write_file(const char *dir, const char *name, const buf *content)
{
    buf path = BUF_INIT;
    buf_printf(&path, "%s/%s", dir, name);
    int rc = cli_write_output("demo", path.data, content);
    if (rc == 0) printf("  %s\n", path.data);
    buf_free(&path);
    return rc;
}

static int render_all(const report *r, const diag_list *diags, const char *dir)
{
    buf out = BUF_INIT;
    int rc = 0;
    export_json(r, &out);
    rc |= write_file(dir, "demo-report.json", &out);
    buf_clear(&out);
    export_html(r, diags, &out);
    rc |= write_file(dir, "demo-report.html", &out);
    buf_clear(&out);
    export_markdown(r, &out);
    rc |= write_file(dir, "demo-report.md", &out);
    buf_clear(&out);
    export_csv(r, &out);
    rc |= write_file(dir, "demo-report.csv", &out);
    buf_free(&out);
    return rc;
}

/* `gongkai demo --db FILE`: the web application's demo database. */
static int demo_database(const char *path, const char *today_text)
{
    gk_date today;
    int rc = cli_today("demo", today_text, &today);
    if (rc) return rc;
    char *error = NULL;
    if (demo_store_create(path, today, stdout, &error) != 0) {
        fprintf(stderr, "gongkai demo: %s\n", error ? error : "无法建立演示数据库。");
        free(error);
        return 1;
    }
    printf("已建立演示数据库 %s。\n", path);
    demo_print_logins(stdout);
    printf("启动网页服务：gongkai serve --db %s\n", path);
    return 0;
}

static void usage(FILE *out)
{
    fputs("用法: gongkai demo [--year 年度] [--out 目录]\n"
          "      gongkai demo --db 文件 [--today 日期]\n"
          "模拟“示范县人民政府办公室”一年的政府信息公开工作记录（申请、登记册、复议诉讼），\n"
          "由记录生成该年度的年度报告，写出 json/html/md/csv 四种格式并进行勾稽核对。\n"
          "  --year 年度   报告年度（默认 2025）\n"
          "  --out 目录    输出目录（默认 ./demo）\n\n"
          "--db 文件：建立网页服务的演示数据库（文件须尚不存在）：示范县人民政府及其教育局、自然资源和规划局，\n"
          "每种角色的演示用户，上年1月1日至今的申请及办理过程、规范性文件、年度数据、复议诉讼，\n"
          "以及已锁定（教育局并已发布）的上年度报告。随后运行 gongkai serve --db 文件。\n"
          "  --today 日期  把“今天”当作这一天（默认今天；也可用 $GONGKAI_TODAY）\n",
          out);
}

int cmd_demo(int argc, char **argv)
{
    if (cmd_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    int year = 2025;
    const char *dir = "demo", *db = NULL, *today_text = NULL;
    for (int i = 1; i < argc; i++) {
        const char *value;
        if (cli_option_is(argv[i], "--year")) {
            if (!(value = cli_option_value("demo", argc, argv, &i, "--year"))) return EXIT_USAGE;
            year = atoi(value);
            if (year < 2021 || year > 2100) return cli_usage_error("demo", "年度“%s”无效（2021 年格式起）", value);
        } else if (cli_option_is(argv[i], "--out")) {
            if (!(dir = cli_option_value("demo", argc, argv, &i, "--out"))) return EXIT_USAGE;
        } else if (cli_option_is(argv[i], "--db")) {
            if (!(db = cli_option_value("demo", argc, argv, &i, "--db"))) return EXIT_USAGE;
        } else if (cli_option_is(argv[i], "--today")) {
            if (!(today_text = cli_option_value("demo", argc, argv, &i, "--today"))) return EXIT_USAGE;
        } else {
            return cli_usage_error("demo", "不认识的参数“%s”", argv[i]);
        }
    }
    if (db) return demo_database(db, today_text);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "gongkai demo: 无法创建目录 %s（%s）\n", dir, strerror(errno));
        return EXIT_UNREADABLE;
    }
    gk_year_counts counts;
    gk_year_counts_init(&counts, year);
    uint64_t seed = 20260131;
    simulate_applications(&counts, &seed, 240);
    simulate_registers(&counts);
    report *r = gk_report_build(&counts, DEMO_AGENCY);
    diag_list diags = DIAG_LIST_INIT;
    report_check(r, NULL, &diags);
    printf("由模拟记录生成 %s %d 年度报告，写出：\n", DEMO_AGENCY, year);
    int rc = render_all(r, &diags, dir);
    buf summary = BUF_INIT;
    cli_format_counts(diag_count_severity(&diags, SEVERITY_ERROR), diag_count_severity(&diags, SEVERITY_WARNING),
                      &summary);
    printf("勾稽核对：%s\n", summary.data);
    buf_free(&summary);
    int errors = (int)diag_count_severity(&diags, SEVERITY_ERROR);
    diag_list_free(&diags);
    report_free(r);
    return rc ? rc : errors ? EXIT_RULE_FAILED : EXIT_CLEAN;
}

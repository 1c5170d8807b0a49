/* cmd_register: `gongkai register …` — the registers behind tables 二 and 四 (DESIGN.md §4): normative documents
 * (规章 / 行政规范性文件) with issue and repeal dates, the yearly register of decision counts and fee amounts,
 * publication counts per channel, and reconsideration / litigation cases. Each by command and by CSV import. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/csv_import.h"
#include "cases/outcome.h"
#include "cli/cli_store.h"
#include "cli/cli_util.h"
#include "cli/cmd.h"

static const char REGISTER_HELP[] =
    "用法: gongkai register document add --item 类别 --title 标题 --issued 日期 [--doc-no 文号] [--repealed 日期]\n"
    "      gongkai register document repeal 编号 --date 日期\n"
    "      gongkai register yearly set --year 年份 --item 项目 [--field 栏目] --value 数值\n"
    "      gongkai register channel set --year 年份 --channel 渠道 --count 条数\n"
    "      gongkai register appeal add --block 类别 --filed 日期 [--case-no 案号] [--application 申请]\n"
    "                                  [--result 结果 --concluded 日期]\n"
    "      gongkai register appeal conclude 编号 --result 结果 --date 日期\n"
    "      gongkai register 登记簿 list\n"
    "      gongkai register 登记簿 import 文件.csv\n"
    "登记簿（document、yearly、channel、appeal）是年度报告表二、表四的来源，报告由它们计算生成。\n\n"
    "  document  规章、行政规范性文件：--item regulations（规章）或 normative_documents（行政规范性文件）\n"
    "            CSV 列：item,title,doc_no,issued_on,repealed_on\n"
    "  yearly    按年登记的数：--item licensing/penalty/enforcement（本年处理决定数量），\n"
    "            --item fees（本年收费金额，单位万元，如 12.5）\n"
    "            CSV 列：year,item,field,value\n"
    "  channel   各渠道发布信息条数（门户网站、微信公众号、微博……）。CSV 列：year,channel,count\n"
    "  appeal    行政复议、行政诉讼案件：--block reconsideration（行政复议）、litigation_direct（未经复议直接起诉）、\n"
    "            litigation_after_reconsideration（复议后起诉）；--result upheld（维持）、corrected（纠正）、other（其他）；\n"
    "            尚未审结的不填结果。CSV 列：block,case_no,filed_on,result,concluded_on,tracking_no\n\n"
    "通用选项:  --agency 编号   --db 文件\n";

static const char *const REGISTER_VALUES[] = {"--db", "--agency", "--item", "--title", "--issued", "--doc-no",
                                              "--repealed", "--date", "--year", "--field", "--value", "--channel",
                                              "--count", "--block", "--filed", "--case-no", "--application", "--result",
                                              "--concluded", NULL};

typedef struct reg_ctx {
    const cli_opts *o;
    gk_store *s;
    int64_t agency;
} reg_ctx;

static int need(const cli_opts *o, const char *name, const char **out)
{
    *out = cli_opt(o, name);
    if (*out && **out) return 0;
    return cli_usage_error("register", "缺少选项 %s", name);
}

static int parse_year_option(const cli_opts *o, int *year)
{
    const char *text;
    long long v;
    if (need(o, "--year", &text) || cli_parse_int("register", "--year", text, 1990, 2199, &v)) return EXIT_USAGE;
    *year = (int)v;
    return 0;
}

static int done(const char *what, int rc, char *error)
{
    if (rc != 0) return cli_store_error("register", error);
    puts(what);
    return 0;
}

/* ---- documents ---- */

static int document_add(reg_ctx *c)
{
    const char *item, *title, *issued;
    if (need(c->o, "--item", &item) || need(c->o, "--title", &title) || need(c->o, "--issued", &issued)) return EXIT_USAGE;
    store_document d = {.item = gk_document_item_from_key(item), .title = (char *)title,
                        .doc_no = (char *)cli_opt(c->o, "--doc-no")};
    if (d.item < 0) return cli_usage_error("register", "文件类别“%s”无效（regulations 或 normative_documents）", item);
    if (cli_parse_date("register", "--issued", issued, &d.issued_on)) return EXIT_USAGE;
    if (cli_opt(c->o, "--repealed") && cli_parse_date("register", "--repealed", cli_opt(c->o, "--repealed"), &d.repealed_on))
        return EXIT_USAGE;
    char *error = NULL;
    if (store_document_add(c->s, c->agency, &d, &error) != 0) return cli_store_error("register", error);
    printf("已登记文件 %lld：%s\n", (long long)d.id, title);
    return 0;
}

static int document_repeal(reg_ctx *c)
{
    long long id;
    gk_date day;
    const char *date;
    if (c->o->positional_count != 3) return cli_usage_error("register", "用法：register document repeal 编号 --date 日期");
    if (cli_parse_int("register", "文件编号", c->o->positional[2], 1, INT64_MAX, &id) || need(c->o, "--date", &date) ||
        cli_parse_date("register", "--date", date, &day))
        return EXIT_USAGE;
    char *error = NULL;
    int rc = store_document_repeal(c->s, c->agency, id, day, &error);
    return done("已登记废止。", rc, error);
}

static int document_list(reg_ctx *c)
{
    store_document *list;
    size_t n;
    char *error = NULL;
    if (store_document_list(c->s, c->agency, &list, &n, &error) != 0) return cli_store_error("register", error);
    if (n == 0) puts("（没有登记文件）");
    for (size_t i = 0; i < n; i++) {
        char issued[11], repealed[16] = "现行有效";
        gk_date_format(list[i].issued_on, issued);
        if (gk_date_valid(list[i].repealed_on)) gk_date_format(list[i].repealed_on, repealed);
        printf("%-5lld %s  %s  %s  %s %s\n", (long long)list[i].id,
               list[i].item >= 0 ? gk_outcome_format()->proactive[list[i].item].label : "?", issued, repealed,
               list[i].doc_no ? list[i].doc_no : "", list[i].title);
    }
    store_document_list_free(list, n);
    return 0;
}

/* ---- yearly register ---- */

static int yearly_set(reg_ctx *c)
{
    int year, cell;
    const char *item, *value_text;
    if (parse_year_option(c->o, &year) || need(c->o, "--item", &item) || need(c->o, "--value", &value_text)) return EXIT_USAGE;
    if (gk_yearly_cell(item, cli_opt(c->o, "--field"), &cell) != 0)
        return cli_usage_error("register", "“%s”不是按年登记的项目（licensing、penalty、enforcement、fees）", item);
    cell_address where;
    format_cell_address(gk_outcome_format(), cell, &where);
    int64_t value;
    int rc = where.kind == VALUE_DECIMAL ? parse_decimal_millionths(value_text, false, &value)
                                         : gk_parse_count(value_text, &value);
    if (rc != 0 || value < 0) return cli_usage_error("register", "数值“%s”无效", value_text);
    char *error = NULL;
    if (store_yearly_set(c->s, c->agency, year, cell, value, &error) != 0) return cli_store_error("register", error);
    printf("已登记 %d 年 %s %s：%s\n", year, where.row_label, where.column_label, value_text);
    return 0;
}

static int yearly_list(reg_ctx *c)
{
    store_yearly *list;
    size_t n;
    char *error = NULL;
    if (store_yearly_list(c->s, c->agency, &list, &n, &error) != 0) return cli_store_error("register", error);
    if (n == 0) puts("（没有按年登记的数）");
    for (size_t i = 0; i < n; i++) {
        cell_address where;
        format_cell_address(gk_outcome_format(), list[i].cell, &where);
        char value[32];
        if (where.kind == VALUE_DECIMAL) format_millionths(list[i].value, value);
        else snprintf(value, sizeof value, "%lld", (long long)list[i].value);
        printf("%d  %s  %s  %s\n", list[i].year, where.row_label, where.column_label, value);
    }
    free(list);
    return 0;
}

/* ---- channels ---- */

static int channel_set(reg_ctx *c)
{
    int year;
    const char *channel, *count_text;
    int64_t count;
    if (parse_year_option(c->o, &year) || need(c->o, "--channel", &channel) || need(c->o, "--count", &count_text))
        return EXIT_USAGE;
    if (gk_parse_count(count_text, &count) != 0) return cli_usage_error("register", "条数“%s”无效", count_text);
    char *error = NULL;
    int rc = store_channel_set(c->s, c->agency, year, channel, count, &error);
    return done("已登记。", rc, error);
}

static int channel_list(reg_ctx *c)
{
    store_channel_count *list;
    size_t n;
    char *error = NULL;
    if (store_channel_list(c->s, c->agency, &list, &n, &error) != 0) return cli_store_error("register", error);
    if (n == 0) puts("（没有登记渠道发布条数）");
    for (size_t i = 0; i < n; i++) printf("%d  %s  %lld\n", list[i].year, list[i].channel, (long long)list[i].count);
    store_channel_list_free(list, n);
    return 0;
}

/* ---- appeals ---- */

static int appeal_result(const cli_opts *o, int *result, gk_date *day, const char *date_option)
{
    const char *text = cli_opt(o, "--result");
    if (!text) return 0;
    *result = gk_appeal_result_from_key(text);
    if (*result < 0) return cli_usage_error("register", "审结结果“%s”无效（upheld、corrected、other）", text);
    const char *date;
    if (need(o, date_option, &date) || cli_parse_date("register", date_option, date, day)) return EXIT_USAGE;
    return 0;
}

static int appeal_add(reg_ctx *c)
{
    const char *block, *filed;
    if (need(c->o, "--block", &block) || need(c->o, "--filed", &filed)) return EXIT_USAGE;
    store_appeal a = {.block = gk_appeal_block_from_key(block), .result = -1, .case_no = (char *)cli_opt(c->o, "--case-no")};
    if (a.block < 0)
        return cli_usage_error("register", "案件类别“%s”无效（reconsideration、litigation_direct、"
                               "litigation_after_reconsideration）", block);
    if (cli_parse_date("register", "--filed", filed, &a.filed_on) || appeal_result(c->o, &a.result, &a.concluded_on, "--concluded"))
        return EXIT_USAGE;
    char *error = NULL;
    const char *app = cli_opt(c->o, "--application");
    if (app) {
        int found = store_application_find(c->s, c->agency, app, &a.application_id, &error);
        if (found == 0) {
            gk_application got;
            found = store_application_get(c->s, c->agency, strtoll(app, NULL, 10), &got, &error);
            a.application_id = got.id;
            gk_application_clear(&got);
        }
        if (found != 1) {
            if (found == 0) error = xstrdup("没有这一申请（--application 给登记号或申请编号）。");
            return cli_store_error("register", error);
        }
    }
    if (store_appeal_add(c->s, c->agency, &a, &error) != 0) return cli_store_error("register", error);
    printf("已登记%s案件 %lld。\n", APPEAL_BLOCK_DEFS[a.block].label, (long long)a.id);
    return 0;
}

static int appeal_conclude(reg_ctx *c)
{
    long long id;
    int result = -1;
    gk_date day = {0, 0, 0};
    if (c->o->positional_count != 3) return cli_usage_error("register", "用法：register appeal conclude 编号 --result 结果 --date 日期");
    if (cli_parse_int("register", "案件编号", c->o->positional[2], 1, INT64_MAX, &id)) return EXIT_USAGE;
    if (!cli_opt(c->o, "--result")) return cli_usage_error("register", "缺少选项 --result");
    if (appeal_result(c->o, &result, &day, "--date")) return EXIT_USAGE;
    char *error = NULL;
    int rc = store_appeal_conclude(c->s, c->agency, id, result, day, &error);
    return done("已登记审结。", rc, error);
}

static int appeal_list(reg_ctx *c)
{
    store_appeal *list;
    size_t n;
    char *error = NULL;
    if (store_appeal_list(c->s, c->agency, &list, &n, &error) != 0) return cli_store_error("register", error);
    if (n == 0) puts("（没有登记复议、诉讼案件）");
    for (size_t i = 0; i < n; i++) {
        char filed[11], concluded[11] = "";
        gk_date_format(list[i].filed_on, filed);
        if (gk_date_valid(list[i].concluded_on)) gk_date_format(list[i].concluded_on, concluded);
        printf("%-5lld %s  %s  %s  %s %s", (long long)list[i].id,
               list[i].block >= 0 ? APPEAL_BLOCK_DEFS[list[i].block].label : "?", list[i].case_no ? list[i].case_no : "-",
               filed, list[i].result >= 0 ? APPEAL_FIELD_DEFS[list[i].result].label : "尚未审结", concluded);
        if (list[i].application_id) printf("  关联申请 %lld", (long long)list[i].application_id);
        putchar('\n');
    }
    store_appeal_list_free(list, n);
    return 0;
}

/* ---- import ---- */

static int register_import(reg_ctx *c, enum gk_register_kind kind)
{
    if (c->o->positional_count != 3) return cli_usage_error("register", "import 需要一个 CSV 文件");
    const char *path = c->o->positional[2];
    buf data = BUF_INIT;
    int err = buf_read_file(&data, path, (size_t)512 << 20);
    if (err) {
        buf_free(&data);
        fprintf(stderr, "gongkai register: 无法读取文件“%s”：%s\n", path, strerror(err));
        return EXIT_UNREADABLE;
    }
    size_t count = 0;
    char *error = NULL;
    int rc = store_import_register_csv(c->s, c->agency, kind, buf_cstr(&data), data.len, path, &count, &error);
    buf_free(&data);
    if (rc != 0) return cli_store_error("register", error);
    printf("已从“%s”导入 %zu 行。\n", path, count);
    return 0;
}

typedef struct reg_action {
    const char *book, *action;
    int (*run)(reg_ctx *);
} reg_action;

static const reg_action ACTIONS[] = {
    {"document", "add", document_add}, {"document", "repeal", document_repeal}, {"document", "list", document_list},
    {"yearly", "set", yearly_set},     {"yearly", "list", yearly_list},         {"channel", "set", channel_set},
    {"channel", "list", channel_list}, {"appeal", "add", appeal_add},           {"appeal", "conclude", appeal_conclude},
    {"appeal", "list", appeal_list},
};

static const struct { const char *book; enum gk_register_kind kind; } BOOKS[] = {
    {"document", GK_REGISTER_DOCUMENTS}, {"yearly", GK_REGISTER_YEARLY},
    {"channel", GK_REGISTER_CHANNELS},   {"appeal", GK_REGISTER_APPEALS},
};

int cmd_register(int argc, char **argv)
{
    if (cmd_wants_help(argc, argv)) {
        fputs(REGISTER_HELP, stdout);
        return 0;
    }
    cli_opts o = {.value_names = REGISTER_VALUES};
    if (cli_parse_opts("register", argc, argv, 1, &o) != 0) return EXIT_USAGE;
    if (o.positional_count < 2) return cli_usage_error("register", "请给出登记簿（document、yearly、channel、appeal）和动作");
    int (*run)(reg_ctx *) = NULL;
    int import_kind = -1;
    for (size_t i = 0; i < sizeof ACTIONS / sizeof ACTIONS[0]; i++)
        if (strcmp(ACTIONS[i].book, o.positional[0]) == 0 && strcmp(ACTIONS[i].action, o.positional[1]) == 0)
            run = ACTIONS[i].run;
    for (size_t i = 0; i < sizeof BOOKS / sizeof BOOKS[0]; i++)
        if (strcmp(BOOKS[i].book, o.positional[0]) == 0 && strcmp(o.positional[1], "import") == 0) import_kind = (int)BOOKS[i].kind;
    if (!run && import_kind < 0)
        return cli_usage_error("register", "不认识“%s %s”（gongkai register --help 列出全部用法）", o.positional[0], o.positional[1]);
    reg_ctx c = {.o = &o};
    int rc = cli_open_store("register", cli_opt(&o, "--db"), &c.s);
    if (rc) return rc;
    if ((rc = cli_pick_agency("register", c.s, cli_opt(&o, "--agency"), &c.agency)) == 0)
        rc = run ? run(&c) : register_import(&c, (enum gk_register_kind)import_kind);
    store_close(c.s);
    return rc;
}

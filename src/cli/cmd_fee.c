/* cmd_fee: `gongkai fee` — 信息处理费 by the progressive bands of 国办函〔2020〕109号: per item (按件, the N-th
 * application of an applicant in a calendar month, or counted from the store) and per page (按量). */
#include <stdio.h>
#include <string.h>

#include "cases/fee.h"
#include "cli/cli_store.h"
#include "cli/cli_util.h"
#include "cli/cmd.h"

static const char FEE_HELP[] =
    "用法: gongkai fee --per-item N\n"
    "      gongkai fee --per-page P\n"
    "      gongkai fee --applicant 姓名 --month YYYY-MM [--id-document 证件号] [--agency 编号] [--db 文件]\n"
    "按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）计算信息处理费，累进计算：\n"
    "  按件：同一申请人一个自然月内第1–10件免费，11–30件每件100元，31–40件每件200元，此后每10件每件再加100元\n"
    "  按量：每件申请30页以内免费，31–100页每页10元，101–200页每页20元，201页以上每页40元\n\n"
    "选项:\n"
    "  --per-item N      本月第 N 件申请应收的费用，以及本月 N 件合计\n"
    "  --per-page P      一件申请提供 P 页信息应收的费用\n"
    "  --applicant 姓名  从数据库中数出该申请人在 --month 月份提交的申请件数，再按件计算\n";

static void print_per_item(int n)
{
    printf("按件：本月第 %d 件申请收费 %ld 元；本月 %d 件合计 %ld 元%s。\n", n, gk_fee_per_item(n), n,
           gk_fee_per_item_total(n), gk_fee_applies_per_item(n) ? "" : "（未超过每月10件的免费额度）");
}

static int fee_from_store(const cli_opts *o)
{
    const char *month = cli_opt(o, "--month");
    gk_date first;
    char day[16];
    if (!month || strlen(month) != 7) return cli_usage_error("fee", "--applicant 需要 --month YYYY-MM");
    snprintf(day, sizeof day, "%s-01", month);
    if (gk_date_parse(day, &first) != 0) return cli_usage_error("fee", "月份“%s”无效，应为 YYYY-MM", month);
    gk_store *s = NULL;
    int64_t agency = 0;
    int rc = cli_open_store("fee", cli_opt(o, "--db"), &s);
    if (rc == 0) rc = cli_pick_agency("fee", s, cli_opt(o, "--agency"), &agency);
    int count = 0;
    char *error = NULL;
    if (rc == 0 && store_applicant_month_count(s, agency, cli_opt(o, "--applicant"), cli_opt(o, "--id-document"),
                                               first.year, first.month, &count, &error) != 0)
        rc = cli_store_error("fee", error);
    if (rc == 0) {
        printf("申请人“%s”在 %s 共提交 %d 件申请。\n", cli_opt(o, "--applicant"), month, count);
        if (count > 0) print_per_item(count);
    }
    store_close(s);
    return rc;
}

int cmd_fee(int argc, char **argv)
{
    if (cmd_wants_help(argc, argv)) {
        fputs(FEE_HELP, stdout);
        return 0;
    }
    static const char *const values[] = {"--per-item", "--per-page", "--applicant", "--month", "--id-document",
                                         "--agency", "--db", NULL};
    cli_opts o = {.value_names = values};
    if (cli_parse_opts("fee", argc, argv, 1, &o) != 0) return EXIT_USAGE;
    if (o.positional_count) return cli_usage_error("fee", "多余的参数“%s”", o.positional[0]);
    int modes = !!cli_opt(&o, "--per-item") + !!cli_opt(&o, "--per-page") + !!cli_opt(&o, "--applicant");
    if (modes != 1) return cli_usage_error("fee", "请给出 --per-item、--per-page、--applicant 三者之一");
    long long n;
    if (cli_opt(&o, "--per-item")) {
        if (cli_parse_int("fee", "--per-item", cli_opt(&o, "--per-item"), 1, 1000000, &n) != 0) return EXIT_USAGE;
        print_per_item((int)n);
        return 0;
    }
    if (cli_opt(&o, "--per-page")) {
        if (cli_parse_int("fee", "--per-page", cli_opt(&o, "--per-page"), 1, 100000000, &n) != 0) return EXIT_USAGE;
        printf("按量：%lld 页收费 %ld 元%s。\n", n, gk_fee_per_page((int)n),
               gk_fee_applies_per_page((int)n) ? "" : "（未超过30页的免费额度）");
        return 0;
    }
    return fee_from_store(&o);
}

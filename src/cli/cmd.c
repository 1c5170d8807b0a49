/* cmd: the table of subcommands and the dispatcher. Add a subcommand by adding a line here and a cmd_<name>.c.
 *
 * The same table makes two programs. The full one (gongkai-store) runs every subcommand itself. The lean one,
 * `gongkai`, built with GONGKAI_LEAN, holds only what reads and writes report files (check, convert, import, diff):
 * it links neither SQLite, libsodium nor libmicrohttpd, so that checking a report maps a few hundred kilobytes of
 * libraries instead of megabytes. Its entries for the store and web subcommands are empty, and running one of
 * them replaces the process (exec, same argv, same pid) with the full program found next to it. */
#include "cli/cmd.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef GONGKAI_LEAN
#define STORE_COMMAND(run) NULL
#else
#define STORE_COMMAND(run) run
#endif

/* The full program's file name, beside the lean one (CMake passes the target's file name). */
#ifndef GONGKAI_FULL_PROGRAM
#define GONGKAI_FULL_PROGRAM "gongkai-store"
#endif

static const command COMMANDS[] = {
    /* COMMANDS-BEGIN (one line per subcommand; keep this order) */
    {"check", cmd_check, "导入并核对年度报告，列出勾稽关系错误与警告"},
    {"convert", cmd_convert, "把年度报告转换为 json/html/md/csv 等格式"},
    {"import", cmd_import, "批量导入年度报告，生成数据集（csv/jsonl/xlsx）"},
    {"diff", cmd_diff, "逐项比较两份年度报告（通常是同一机关的两个年度）"},
    {"demo", STORE_COMMAND(cmd_demo), "生成示范年度报告（由模拟的一年工作记录生成并核对）"},
    {"db", STORE_COMMAND(cmd_db), "建立或检查记录数据库（SQLite）"},
    {"agency", STORE_COMMAND(cmd_agency), "登记机构及其上级机构"},
    {"case", STORE_COMMAND(cmd_case), "依申请公开案件登记、事件与期限"},
    {"calendar", STORE_COMMAND(cmd_calendar), "工作日日历：推算工作日、载入放假安排、登记本机构假日"},
    {"fee", STORE_COMMAND(cmd_fee), "计算信息处理费（按件、按量）"},
    {"register", STORE_COMMAND(cmd_register), "登记簿：规范性文件、按年数据、渠道发布、复议诉讼案件"},
    {"report", STORE_COMMAND(cmd_report), "由登记记录生成、锁定、修订年度报告"},
    {"serve", STORE_COMMAND(cmd_serve), "启动网页服务（工作人员工作台、主管部门视图、公众门户、JSON API）"},
    {"user", STORE_COMMAND(cmd_user), "管理用户（新增、重置密码、停用）"},
    /* COMMANDS-END */
};

#define COMMAND_COUNT (sizeof COMMANDS / sizeof COMMANDS[0])

static void print_usage(FILE *out)
{
    fputs("用法: gongkai <子命令> [选项]…\n"
          "政府信息公开工作系统：年度报告的导入、核对、生成，依申请公开案件登记与期限管理。\n\n子命令:\n",
          out);
    for (size_t i = 0; i < COMMAND_COUNT; i++) fprintf(out, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fputs("\n每个子命令都支持 --help。\n", out);
}

int cmd_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) return 0;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) return 1;
    }
    return 0;
}

/* Runs argv in the full program beside this one's executable; returns only when it cannot be started. */
static int run_in_full_program(char **argv)
{
    char path[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", path, sizeof path - 1);
    if (len < 0) {
        fprintf(stderr, "gongkai: 无法确定本程序所在的目录（%s），子命令“%s”无法运行。\n", strerror(errno), argv[1]);
        return EXIT_USAGE;
    }
    path[len] = '\0';
    char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    if (dir_len + sizeof GONGKAI_FULL_PROGRAM > sizeof path) {
        fprintf(stderr, "gongkai: 本程序所在的目录名过长，子命令“%s”无法运行。\n", argv[1]);
        return EXIT_USAGE;
    }
    memcpy(path + dir_len, GONGKAI_FULL_PROGRAM, sizeof GONGKAI_FULL_PROGRAM);
    fflush(NULL);
    execv(path, argv);
    fprintf(stderr,
            "gongkai: 子命令“%s”由完整程序 %s 执行，但无法启动它（%s）。请把 gongkai 和 %s 安装在同一目录，或重新构建。\n",
            argv[1], path, strerror(errno), GONGKAI_FULL_PROGRAM);
    return EXIT_USAGE;
}

int cmd_dispatch(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        print_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("gongkai 0.1");
        return 0;
    }
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        if (strcmp(argv[1], COMMANDS[i].name) != 0) continue;
        return COMMANDS[i].run ? COMMANDS[i].run(argc - 1, argv + 1) : run_in_full_program(argv);
    }
    fprintf(stderr, "gongkai: 未知子命令“%s”。运行 gongkai --help 查看全部子命令。\n", argv[1]);
    return EXIT_USAGE;
}

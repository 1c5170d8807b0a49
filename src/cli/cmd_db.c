/* cmd_db: `gongkai db init [--db FILE]` creates the record store (SQLite, WAL) or brings an existing one to the
 * current schema; `gongkai db check` runs the integrity check. */
#include <stdio.h>
#include <string.h>

#include "cli/cli_store.h"
#include "cli/cli_util.h"
#include "cli/cmd.h"

static const char DB_HELP[] =
    "用法: gongkai db init [--db 文件]\n"
    "      gongkai db check [--db 文件]\n"
    "建立或检查记录数据库（SQLite，默认 ./gongkai.db，也可用环境变量 GONGKAI_DB 指定）。\n\n"
    "  init    建立数据库；已有的数据库会升级到本程序的结构版本，数据不变\n"
    "  check   检查数据库文件的完整性（PRAGMA integrity_check），无问题时输出 ok\n\n"
    "选项:\n"
    "  --db 文件   数据库文件\n";

static int db_init(const cli_opts *o)
{
    const char *location = cli_db_location(cli_opt(o, "--db"));
    gk_store *s = NULL;
    char *error = NULL;
    if (store_open(location, true, &s, &error) != 0) return cli_store_error("db", error);
    int before = store_schema_version(s), version = 0;
    int rc = store_migrate(s, &version, &error);
    store_close(s);
    if (rc != 0) return cli_store_error("db", error);
    if (before == version)
        printf("数据库“%s”已是最新结构（第 %d 版），未做改动。\n", location, version);
    else if (before == 0)
        printf("已建立数据库“%s”（结构第 %d 版）。下一步：gongkai agency add 机构名称\n", location, version);
    else
        printf("数据库“%s”已从结构第 %d 版升级到第 %d 版。\n", location, before, version);
    return 0;
}

static int db_check(const cli_opts *o)
{
    gk_store *s = NULL;
    int rc = cli_open_store("db", cli_opt(o, "--db"), &s);
    if (rc) return rc;
    char *error = NULL;
    rc = store_integrity_check(s, &error);
    store_close(s);
    if (rc != 0) return cli_store_error("db", error);
    puts("ok");
    return 0;
}

int cmd_db(int argc, char **argv)
{
    if (cmd_wants_help(argc, argv)) {
        fputs(DB_HELP, stdout);
        return 0;
    }
    static const char *const values[] = {"--db", NULL};
    cli_opts o = {.value_names = values};
    if (cli_parse_opts("db", argc, argv, 1, &o) != 0) return EXIT_USAGE;
    if (o.positional_count != 1) return cli_usage_error("db", "请给出动作：init 或 check");
    if (strcmp(o.positional[0], "init") == 0) return db_init(&o);
    if (strcmp(o.positional[0], "check") == 0) return db_check(&o);
    return cli_usage_error("db", "不认识的动作“%s”（可用：init、check）", o.positional[0]);
}

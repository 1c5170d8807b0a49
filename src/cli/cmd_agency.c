/* cmd_agency: `gongkai agency add NAME [--parent ID]` and `gongkai agency list`: the agencies whose records the
 * store keeps, a county government over its departments. */
#include <stdio.h>
#include <string.h>

#include "cli/cli_store.h"
#include "cli/cli_util.h"
#include "cli/cmd.h"

static const char AGENCY_HELP[] =
    "用法: gongkai agency add 名称 [--parent 上级机构编号] [--db 文件]\n"
    "      gongkai agency list [--db 文件]\n"
    "登记机构（如县政府办公室及其所属部门）。每件申请、每本登记簿都属于一个机构，各机构的记录互不可见。\n\n"
    "选项:\n"
    "  --parent 编号   上级机构（例如县政府对其部门）\n"
    "  --db 文件       数据库文件（默认 ./gongkai.db 或 $GONGKAI_DB）\n";

static int agency_add(gk_store *s, const cli_opts *o)
{
    if (o->positional_count != 2) return cli_usage_error("agency", "agency add 需要一个机构名称");
    long long parent = 0;
    const char *parent_text = cli_opt(o, "--parent");
    if (parent_text && cli_parse_int("agency", "上级机构编号", parent_text, 1, INT64_MAX, &parent) != 0) return EXIT_USAGE;
    int64_t id = 0;
    char *error = NULL;
    if (store_agency_add(s, o->positional[1], parent, &id, &error) != 0) return cli_store_error("agency", error);
    printf("已登记机构 %lld：%s\n", (long long)id, o->positional[1]);
    return 0;
}

static int agency_list(gk_store *s)
{
    store_agency *list = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_agency_list(s, &list, &n, &error) != 0) return cli_store_error("agency", error);
    if (n == 0) puts("（还没有机构。用 gongkai agency add 名称 登记。）");
    else puts("编号   上级     名称");
    for (size_t i = 0; i < n; i++) {
        char parent[24] = "-";
        if (list[i].parent_id) snprintf(parent, sizeof parent, "%lld", (long long)list[i].parent_id);
        printf("%-6lld %-8s %s\n", (long long)list[i].id, parent, list[i].name);
    }
    store_agency_list_free(list, n);
    return 0;
}

int cmd_agency(int argc, char **argv)
{
    if (cmd_wants_help(argc, argv)) {
        fputs(AGENCY_HELP, stdout);
        return 0;
    }
    static const char *const values[] = {"--db", "--parent", NULL};
    cli_opts o = {.value_names = values};
    if (cli_parse_opts("agency", argc, argv, 1, &o) != 0) return EXIT_USAGE;
    if (o.positional_count < 1) return cli_usage_error("agency", "请给出动作：add 或 list");
    const char *action = o.positional[0];
    if (strcmp(action, "add") != 0 && strcmp(action, "list") != 0)
        return cli_usage_error("agency", "不认识的动作“%s”（可用：add、list）", action);
    gk_store *s = NULL;
    int rc = cli_open_store("agency", cli_opt(&o, "--db"), &s);
    if (rc) return rc;
    rc = strcmp(action, "add") == 0 ? agency_add(s, &o) : agency_list(s);
    store_close(s);
    return rc;
}

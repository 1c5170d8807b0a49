/* cli_store: shared pieces of the record-keeping subcommands: option parsing, opening the store, the acting
 * agency and user, today's date, and argument parsing with Chinese errors. */
#include "cli/cli_store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli_util.h"
#include "cli/cmd.h"

static int name_index(const char *const *names, const char *arg, size_t *len)
{
    for (int i = 0; names && names[i]; i++) {
        size_t n = strlen(names[i]);
        if (strncmp(arg, names[i], n) == 0 && (arg[n] == '\0' || arg[n] == '=')) {
            *len = n;
            return i;
        }
    }
    return -1;
}

int cli_parse_opts(const char *subcommand, int argc, char **argv, int first, cli_opts *o)
{
    memset(o->values, 0, sizeof o->values);
    memset(o->flags, 0, sizeof o->flags);
    o->positional_count = 0;
    bool options_done = false;
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        size_t len = 0;
        int k;
        if (!options_done && strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (!options_done && arg[0] == '-' && arg[1] == '-' && (k = name_index(o->value_names, arg, &len)) >= 0) {
            if (arg[len] == '=') o->values[k] = arg + len + 1;
            else if (i + 1 < argc) o->values[k] = argv[++i];
            else return cli_usage_error(subcommand, "选项 %s 后面缺少取值", o->value_names[k]);
        } else if (!options_done && arg[0] == '-' && arg[1] == '-' && (k = name_index(o->flag_names, arg, &len)) >= 0 &&
                   arg[len] == '\0') {
            o->flags[k] = true;
        } else if (!options_done && arg[0] == '-' && arg[1] != '\0' && !(arg[1] >= '0' && arg[1] <= '9')) {
            return cli_usage_error(subcommand, "不认识的选项“%s”", arg);
        } else {
            if (o->positional_count == CLI_MAX_POSITIONAL) return cli_usage_error(subcommand, "参数太多");
            o->positional[o->positional_count++] = arg;
        }
    }
    return 0;
}

const char *cli_opt(const cli_opts *o, const char *name)
{
    for (int i = 0; o->value_names && o->value_names[i]; i++)
        if (strcmp(o->value_names[i], name) == 0) return o->values[i];
    return NULL;
}

bool cli_flag(const cli_opts *o, const char *name)
{
    for (int i = 0; o->flag_names && o->flag_names[i]; i++)
        if (strcmp(o->flag_names[i], name) == 0) return o->flags[i];
    return false;
}

const char *cli_db_location(const char *option_value)
{
    if (option_value && *option_value) return option_value;
    const char *env = getenv("GONGKAI_DB");
    return env && *env ? env : "gongkai.db";
}

int cli_store_error(const char *subcommand, char *message)
{
    fprintf(stderr, "gongkai %s: %s\n", subcommand, message ? message : "未知错误");
    free(message);
    return 1;
}

int cli_open_store(const char *subcommand, const char *option_value, gk_store **out)
{
    char *error = NULL;
    if (store_open_existing(cli_db_location(option_value), out, &error) == 0) return 0;
    return cli_store_error(subcommand, error);
}

int cli_parse_int(const char *subcommand, const char *what, const char *text, long long min, long long max,
                  long long *out)
{
    char *end = NULL;
    errno = 0;
    long long v = text ? strtoll(text, &end, 10) : 0;
    if (!text || !*text || *end || errno || v < min || v > max)
        return cli_usage_error(subcommand, "%s“%s”无效：应为 %lld 到 %lld 之间的整数", what, text ? text : "", min,
                               max);
    *out = v;
    return 0;
}

int cli_pick_agency(const char *subcommand, gk_store *s, const char *option_value, int64_t *agency)
{
    if (option_value) {
        long long id;
        if (cli_parse_int(subcommand, "机构编号", option_value, 1, INT64_MAX, &id) != 0) return EXIT_USAGE;
        char *error = NULL;
        int found = store_agency_exists(s, id, &error);
        if (found != 1) return cli_store_error(subcommand, error);
        *agency = id;
        return 0;
    }
    store_agency *list = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_agency_list(s, &list, &n, &error) != 0) return cli_store_error(subcommand, error);
    int rc = 0;
    if (n == 1) *agency = list[0].id;
    else if (n == 0)
        rc = cli_usage_error(subcommand, "数据库中还没有机构：先用 gongkai agency add 名称 登记本机构");
    else
        rc = cli_usage_error(subcommand, "数据库中有 %zu 个机构，请用 --agency 编号 指明是哪一个（gongkai agency list 可查看）", n);
    store_agency_list_free(list, n);
    return rc;
}

int cli_parse_date(const char *subcommand, const char *what, const char *text, gk_date *out)
{
    if (text && gk_date_parse(text, out) == 0) return 0;
    return cli_usage_error(subcommand, "%s“%s”不是有效日期，应为 YYYY-MM-DD（例如 2024-03-05）", what, text ? text : "");
}

int cli_today(const char *subcommand, const char *option_value, gk_date *out)
{
    const char *text = option_value ? option_value : getenv("GONGKAI_TODAY");
    if (text && *text) return cli_parse_date(subcommand, "今天的日期", text, out);
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    *out = (gk_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return 0;
}

const char *cli_actor(void)
{
    const char *actor = getenv("GONGKAI_ACTOR");
    if (actor && *actor) return actor;
    actor = getenv("USER");
    return actor && *actor ? actor : "unknown";
}

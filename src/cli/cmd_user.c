/* cmd_user: `gongkai user …` — the users of the web application: add one to an agency with a role, reset a
 * password, disable or enable a user, list the users. The password is read from standard input (one line) or, on
 * a terminal, from a prompt without echo (asked twice); it is stored only as an argon2id hash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli_store.h"
#include "cli/cli_util.h"
#include "cli/cmd.h"
#include "web/auth.h"

static const char USER_HELP[] =
    "用法: gongkai user add --agency 编号 --role 角色 [--name 姓名] 用户名\n"
    "      gongkai user password 用户名\n"
    "      gongkai user disable 用户名 | gongkai user enable 用户名\n"
    "      gongkai user list [--agency 编号]\n"
    "管理网页服务（gongkai serve）的用户。密码从标准输入读取一行；在终端上则提示输入两次（不回显）。\n"
    "密码至少 10 个字符，只以 argon2id 散列保存。重设密码或停用用户会使其已登录的会话失效。\n\n"
    "角色:\n"
    "  clerk       经办人：登记申请、记录办理过程、维护登记簿、生成年度报告\n"
    "  head        负责人：经办人的一切，另批准延期和答复决定、锁定和发布年度报告\n"
    "  admin       系统管理员：管理本机关用户和本机关假日\n"
    "  supervisor  主管部门：查看下级机关的办理情况和年度报告\n"
    "  auditor     审计员：查看审计日志\n\n"
    "选项:\n"
    "  --agency 编号   机构（数据库只有一个机构时可省略；gongkai agency list 可查看）\n"
    "  --role 角色     见上\n"
    "  --name 姓名     显示的姓名（默认同用户名）\n"
    "  --db 文件       数据库文件（默认 ./gongkai.db 或 $GONGKAI_DB）\n";

static const char *const USER_VALUES[] = {"--db", "--agency", "--role", "--name", NULL};

/* Reads one line without echo when stdin is a terminal. Returns a newly allocated string or NULL at EOF. */
static char *read_line(const char *prompt)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fputs(prompt, stderr);
        fflush(stderr);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= (tcflag_t)~ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (n < 0) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
    return line;
}

static void forget(char *secret)
{
    if (!secret) return;
    sodium_memzero(secret, strlen(secret));
    free(secret);
}

/* The new password's hash (caller frees), or NULL after printing why. */
static char *ask_password_hash(void)
{
    char *first = read_line("新密码：");
    if (!first) {
        fputs("gongkai user: 没有读到密码（标准输入为空）。\n", stderr);
        return NULL;
    }
    const char *problem = web_password_problem(first);
    if (problem) {
        fprintf(stderr, "gongkai user: %s\n", problem);
        forget(first);
        return NULL;
    }
    if (isatty(STDIN_FILENO)) {
        char *again = read_line("再输入一次：");
        bool same = again && strcmp(first, again) == 0;
        forget(again);
        if (!same) {
            fputs("gongkai user: 两次输入的密码不一致。\n", stderr);
            forget(first);
            return NULL;
        }
    }
    char *hash = web_password_hash(first);
    forget(first);
    if (!hash) fputs("gongkai user: 密码散列失败（内存不足？）。\n", stderr);
    return hash;
}

static int user_add(const cli_opts *o, gk_store *s)
{
    if (o->positional_count != 2) return cli_usage_error("user", "user add 需要一个用户名");
    const char *username = o->positional[1], *role = cli_opt(o, "--role");
    if (!role || !web_role_bit_of(role))
        return cli_usage_error("user", "请用 --role 指明角色：clerk、head、admin、supervisor 或 auditor");
    int64_t agency;
    int rc = cli_pick_agency("user", s, cli_opt(o, "--agency"), &agency);
    if (rc) return rc;
    char *hash = ask_password_hash();
    if (!hash) return 1;
    int64_t id = 0;
    char *error = NULL;
    rc = store_user_add(s, agency, username, cli_opt(o, "--name"), role, hash, &id, NULL, &error);
    free(hash);
    if (rc != 0) return cli_store_error("user", error);
    if (store_audit(s, agency, cli_actor(), "create", "users", id, "gongkai user add", &error) != 0)
        return cli_store_error("user", error);
    printf("已添加用户 %s（编号 %lld，角色 %s，机构 %lld）。\n", username, (long long)id, role, (long long)agency);
    return 0;
}

/* The user named in argv (any agency). */
static int find_user(const cli_opts *o, gk_store *s, store_user *u)
{
    if (o->positional_count != 2) return cli_usage_error("user", "请给出用户名");
    char *error = NULL;
    int found = store_user_by_name(s, o->positional[1], u, &error);
    if (found < 0) return cli_store_error("user", error);
    if (!found) {
        fprintf(stderr, "gongkai user: 没有名为“%s”的用户（gongkai user list 可查看）。\n", o->positional[1]);
        return 1;
    }
    return 0;
}

static int user_password(const cli_opts *o, gk_store *s)
{
    store_user u;
    int rc = find_user(o, s, &u);
    if (rc) return rc;
    char *hash = ask_password_hash(), *error = NULL;
    if (!hash) rc = 1;
    else if (store_user_set_password(s, u.agency_id, u.id, hash, &error) != 1 ||
             store_audit(s, u.agency_id, cli_actor(), "password", "users", u.id, "gongkai user password", &error) != 0)
        rc = cli_store_error("user", error);
    else printf("已重设用户 %s 的密码，其已登录的会话均已失效。\n", u.username);
    free(hash);
    store_user_clear(&u);
    return rc;
}

static int user_set_disabled(const cli_opts *o, gk_store *s, bool disabled)
{
    store_user u;
    int rc = find_user(o, s, &u);
    if (rc) return rc;
    char *error = NULL;
    if (store_user_set_disabled(s, u.agency_id, u.id, disabled, &error) != 1 ||
        store_audit(s, u.agency_id, cli_actor(), disabled ? "disable" : "enable", "users", u.id, "gongkai user", &error) != 0)
        rc = cli_store_error("user", error);
    else printf(disabled ? "已停用用户 %s。\n" : "已启用用户 %s。\n", u.username);
    store_user_clear(&u);
    return rc;
}

static int user_list(const cli_opts *o, gk_store *s)
{
    store_agency *agencies = NULL;
    size_t n = 0;
    char *error = NULL;
    if (store_agency_list(s, &agencies, &n, &error) != 0) return cli_store_error("user", error);
    long long only = 0;
    if (cli_opt(o, "--agency") && cli_parse_int("user", "--agency", cli_opt(o, "--agency"), 1, INT64_MAX, &only)) {
        store_agency_list_free(agencies, n);
        return EXIT_USAGE;
    }
    int rc = 0;
    size_t shown = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (only && agencies[i].id != only) continue;
        store_user *users = NULL;
        size_t m = 0;
        if (store_user_list(s, agencies[i].id, &users, &m, &error) != 0) {
            rc = cli_store_error("user", error);
            break;
        }
        for (size_t k = 0; k < m; k++, shown++)
            printf("%-5lld %-16s %-10s %-12s %s%s\n", (long long)users[k].id, users[k].username, users[k].role,
                   users[k].display_name, agencies[i].name, users[k].disabled ? "（已停用）" : "");
        store_user_list_free(users, m);
    }
    if (rc == 0 && shown == 0) puts("（还没有用户：用 gongkai user add 添加）");
    store_agency_list_free(agencies, n);
    return rc;
}

int cmd_user(int argc, char **argv)
{
    if (cmd_wants_help(argc, argv)) {
        fputs(USER_HELP, stdout);
        return 0;
    }
    cli_opts o = {.value_names = USER_VALUES};
    if (cli_parse_opts("user", argc, argv, 1, &o) != 0) return EXIT_USAGE;
    if (o.positional_count < 1) return cli_usage_error("user", "请给出动作：add、password、disable、enable 或 list");
    const char *action = o.positional[0];
    if (strcmp(action, "add") && strcmp(action, "password") && strcmp(action, "disable") && strcmp(action, "enable") &&
        strcmp(action, "list"))
        return cli_usage_error("user", "不认识的动作“%s”（可用：add、password、disable、enable、list）", action);
    if (sodium_init() < 0) {
        fputs("gongkai user: libsodium 初始化失败。\n", stderr);
        return 1;
    }
    if (getenv("GONGKAI_TEST_FAST_PASSWORD_HASH"))
        fputs("gongkai user: 警告：GONGKAI_TEST_FAST_PASSWORD_HASH 已设置，密码以最低强度散列——仅供测试使用！\n", stderr);
    gk_store *s = NULL;
    int rc = cli_open_store("user", cli_opt(&o, "--db"), &s);
    if (rc) return rc;
    if (strcmp(action, "add") == 0) rc = user_add(&o, s);
    else if (strcmp(action, "password") == 0) rc = user_password(&o, s);
    else if (strcmp(action, "disable") == 0) rc = user_set_disabled(&o, s, true);
    else if (strcmp(action, "enable") == 0) rc = user_set_disabled(&o, s, false);
    else rc = user_list(&o, s);
    store_close(s);
    return rc;
}

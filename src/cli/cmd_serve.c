/* cmd_serve: `gongkai serve` — starts the web application (web/server.h): the staff workspace, the supervisor
 * view, the public portal and the JSON API of docs/api.md, over one store, until SIGINT or SIGTERM. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_store.h"
#include "cli/cli_util.h"
#include "cli/cmd.h"
#include "web/server.h"

static const char SERVE_HELP[] =
    "用法: gongkai serve [--db 文件] [--listen 地址:端口] [选项]\n"
    "启动网页服务：工作人员工作台（/）、公众门户（/portal）和 JSON API（/api/v1，见 docs/api.md）。\n"
    "数据库须先用 gongkai db init 或 gongkai demo --db 建立；用户用 gongkai user add 添加。\n\n"
    "选项:\n"
    "  --db 文件             数据库文件（默认 ./gongkai.db 或 $GONGKAI_DB）\n"
    "  --listen 地址:端口    监听地址（默认 127.0.0.1:8080；IPv6 写作 [::1]:8080；端口 0 表示任选空闲端口）\n"
    "  --threads N           工作线程数（2–16，默认 4）\n"
    "  --max-connections N   同时连接数上限（默认 256）\n"
    "  --timeout 秒          客户端空闲超时（默认 15）\n"
    "  --request-timeout 秒  一个请求（请求头和请求内容）最长接收时间（默认 30）\n"
    "  --session-ttl 秒      登录会话有效期（默认 28800，即 8 小时）\n"
    "  --secure-cookie       会话 Cookie 加 Secure（经 HTTPS 反向代理提供服务时使用）\n"
    "  --portal-rate N       公众门户每个地址每分钟的请求上限（默认 30）\n"
    "  --today 日期          把“今天”当作这一天计算期限（也可用 $GONGKAI_TODAY；用于演示和测试）\n";

static const char *const SERVE_VALUES[] = {"--db", "--listen", "--threads", "--max-connections", "--timeout",
                                           "--request-timeout", "--session-ttl", "--portal-rate", "--today", NULL};
static const char *const SERVE_FLAGS[] = {"--secure-cookie", NULL};

/* "HOST:PORT", "[V6]:PORT" or ":PORT" into host (static storage of the caller) and port. */
static int parse_listen(const char *text, char *host, size_t host_size, unsigned *port)
{
    const char *colon = strrchr(text, ':');
    if (!colon) return -1;
    const char *h = text;
    size_t len = (size_t)(colon - text);
    if (len >= 2 && h[0] == '[' && h[len - 1] == ']') {
        h++;
        len -= 2;
    }
    if (len == 0) h = "127.0.0.1", len = strlen(h);
    if (len >= host_size) return -1;
    memcpy(host, h, len);
    host[len] = '\0';
    char *end = NULL;
    long p = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || p < 0 || p > 65535) return -1;
    *port = (unsigned)p;
    return 0;
}

static int read_number(const cli_opts *o, const char *name, long long min, long long max, long long *out)
{
    const char *v = cli_opt(o, name);
    if (!v) return 0;
    return cli_parse_int("serve", name, v, min, max, out);
}

int cmd_serve(int argc, char **argv)
{
    if (cmd_wants_help(argc, argv)) {
        fputs(SERVE_HELP, stdout);
        return 0;
    }
    cli_opts o = {.value_names = SERVE_VALUES, .flag_names = SERVE_FLAGS};
    if (cli_parse_opts("serve", argc, argv, 1, &o) != 0) return EXIT_USAGE;
    if (o.positional_count) return cli_usage_error("serve", "多余的参数“%s”", o.positional[0]);
    web_config config;
    web_config_defaults(&config);
    config.db_location = cli_db_location(cli_opt(&o, "--db"));
    char host[256];
    if (cli_opt(&o, "--listen")) {
        if (parse_listen(cli_opt(&o, "--listen"), host, sizeof host, &config.port) != 0)
            return cli_usage_error("serve", "监听地址“%s”无效，应为 地址:端口（如 127.0.0.1:8080）", cli_opt(&o, "--listen"));
        config.host = host;
    }
    long long v;
    if (read_number(&o, "--threads", 2, 16, &v)) return EXIT_USAGE;
    if (cli_opt(&o, "--threads")) config.threads = (int)v;
    if (read_number(&o, "--max-connections", 4, 100000, &v)) return EXIT_USAGE;
    if (cli_opt(&o, "--max-connections")) config.max_connections = (unsigned)v;
    if (read_number(&o, "--timeout", 1, 3600, &v)) return EXIT_USAGE;
    if (cli_opt(&o, "--timeout")) config.timeout_seconds = (unsigned)v;
    if (read_number(&o, "--request-timeout", 1, 3600, &v)) return EXIT_USAGE;
    if (cli_opt(&o, "--request-timeout")) config.request_seconds = (unsigned)v;
    if (read_number(&o, "--session-ttl", 1, 30LL * 86400, &v)) return EXIT_USAGE;
    if (cli_opt(&o, "--session-ttl")) config.session_seconds = v;
    if (read_number(&o, "--portal-rate", 1, 100000, &v)) return EXIT_USAGE;
    if (cli_opt(&o, "--portal-rate")) config.portal_requests_per_minute = (int)v;
    config.secure_cookie = cli_flag(&o, "--secure-cookie");
    if (cli_opt(&o, "--today") || getenv("GONGKAI_TODAY")) {
        int rc = cli_today("serve", cli_opt(&o, "--today"), &config.today);
        if (rc) return rc;
    }
    if (getenv("GONGKAI_TEST_FAST_PASSWORD_HASH"))
        fputs("gongkai serve: 警告：GONGKAI_TEST_FAST_PASSWORD_HASH 已设置，新密码以最低强度散列——仅供测试使用！\n", stderr);

    /* Signals are taken by this thread with sigwait: block them before the server's threads start. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    web_server *server = NULL;
    char *error = NULL;
    if (web_server_start(&config, &server, &error) != 0) {
        fprintf(stderr, "gongkai serve: %s\n", error ? error : "无法启动网页服务。");
        free(error);
        return 1;
    }
    bool v6 = strchr(config.host, ':') != NULL;
    printf("gongkai serve：正在 http://%s%s%s:%u/ 提供服务（数据库 %s；Ctrl-C 停止）\n", v6 ? "[" : "", config.host,
           v6 ? "]" : "", web_server_port(server), config.db_location);
    printf("  工作人员工作台 http://%s%s%s:%u/   公众门户 http://%s%s%s:%u/portal\n", v6 ? "[" : "", config.host,
           v6 ? "]" : "", web_server_port(server), v6 ? "[" : "", config.host, v6 ? "]" : "", web_server_port(server));
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    printf("gongkai serve：收到%s，正在停止……\n", sig == SIGINT ? " SIGINT" : " SIGTERM");
    fflush(stdout);
    web_server_stop(server);
    return 0;
}

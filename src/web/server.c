/* server: the HTTP server of `gongkai serve` on libmicrohttpd — a pool of worker threads (epoll), limits on
 * connections, idle time, header memory and body size, and a watchdog that drops clients whose request takes too
 * long however slowly they trickle it (slowloris). Each request is matched against the route table (routes.c),
 * authenticated when its route needs a session (cookie, CSRF header, role), handed a store connection from the
 * pool, answered by its handler, and sent with the security headers every response carries. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "util/text.h"
#include "web/web.h"

static const char DEFAULT_CSP[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

void web_config_defaults(web_config *c)
{
    memset(c, 0, sizeof *c);
    c->host = "127.0.0.1";
    c->port = 8080;
    c->threads = 4;
    c->max_connections = 256;
    c->max_connections_per_address = 128;
    c->timeout_seconds = 15;
    c->request_seconds = 30;
    c->session_seconds = 8 * 3600;
    c->portal_requests_per_minute = 30;
    c->status_failures_per_minute = 10;
    c->log = stderr;
}

/* One client connection, watched for requests that take too long. */
typedef struct watched {
    struct watched *prev, *next;
    int fd;
    struct timespec since; /* start of the current request (or of the wait for it) */
    bool handling;         /* the request is complete and being answered: not the client's fault */
    bool dropped;
} watched;

struct web_server {
    web_config config;
    char *db_location, *host; /* owned copies */
    struct MHD_Daemon *daemon;
    store_write_gate *gate; /* the writers of the pool and of the auditor queue here */
    web_pool *pool;
    web_auditor *auditor;
    web_limiter *limiter;
    unsigned port;
    pthread_mutex_t watch_lock;
    pthread_cond_t watch_wake;
    watched *connections;
    pthread_t watchdog;
    bool watchdog_running, stopping;
};

/* One request from its first byte to its completion (MHD's per-request context). */
typedef struct exchange {
    web_request req;
    web_response res;
    buf body;
    size_t body_limit;
    bool answered;
} exchange;

/* ---- time ---- */

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static gk_date local_today(int64_t now)
{
    time_t t = (time_t)now;
    struct tm tm;
    localtime_r(&t, &tm);
    return (gk_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

/* ---- the watchdog ---- */

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    web_server *srv = cls;
    pthread_mutex_lock(&srv->watch_lock);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        watched *w = xcalloc(1, sizeof *w);
        const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        w->fd = info ? info->connect_fd : -1;
        clock_gettime(CLOCK_MONOTONIC, &w->since);
        w->next = srv->connections;
        if (w->next) w->next->prev = w;
        srv->connections = w;
        *socket_context = w;
    } else if (*socket_context) {
        /* Called before MHD closes the socket: once unlinked here the watchdog can no longer touch the fd. */
        watched *w = *socket_context;
        if (w->prev) w->prev->next = w->next;
        else srv->connections = w->next;
        if (w->next) w->next->prev = w->prev;
        free(w);
        *socket_context = NULL;
    }
    pthread_mutex_unlock(&srv->watch_lock);
}

static watched *watched_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

static void mark_handling(web_server *srv, struct MHD_Connection *conn, bool handling)
{
    pthread_mutex_lock(&srv->watch_lock);
    watched *w = watched_of(conn);
    if (w) {
        w->handling = handling;
        if (!handling) clock_gettime(CLOCK_MONOTONIC, &w->since); /* the next request's time starts now */
    }
    pthread_mutex_unlock(&srv->watch_lock);
}

static void *watchdog_main(void *arg)
{
    web_server *srv = arg;
    pthread_mutex_lock(&srv->watch_lock);
    while (!srv->stopping) {
        struct timespec wake;
        clock_gettime(CLOCK_REALTIME, &wake);
        wake.tv_sec += 1;
        pthread_cond_timedwait(&srv->watch_wake, &srv->watch_lock, &wake);
        for (watched *w = srv->connections; w; w = w->next) {
            if (w->handling || w->dropped || w->fd < 0) continue;
            if (seconds_since(&w->since) > (double)srv->config.request_seconds) {
                /* shutdown, not close: MHD still owns the descriptor and closes it when it sees the end. */
                shutdown(w->fd, SHUT_RDWR);
                w->dropped = true;
            }
        }
    }
    pthread_mutex_unlock(&srv->watch_lock);
    return NULL;
}

/* ---- sending ---- */

static void add_security_headers(struct MHD_Response *r, const web_response *res)
{
    MHD_add_response_header(r, "Content-Security-Policy", res->csp ? res->csp : DEFAULT_CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

static enum MHD_Result send_answer(struct MHD_Connection *conn, exchange *x)
{
    web_response *res = &x->res;
    if (!res->status) web_reply_error(res, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", NULL, "服务器没有给出答复。");
    struct MHD_Response *r;
    if (res->static_body) {
        r = MHD_create_response_from_buffer(res->static_len, (void *)res->static_body, MHD_RESPMEM_PERSISTENT);
    } else {
        size_t len = res->body.len;
        char *data = buf_detach(&res->body); /* malloc'd: MHD frees it with free() */
        r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    }
    if (!r) return MHD_NO;
    MHD_add_response_header(r, "Content-Type", res->content_type ? res->content_type : "text/plain; charset=utf-8");
    add_security_headers(r, res);
    if (res->no_store) MHD_add_response_header(r, "Cache-Control", "no-store");
    for (int i = 0; i < res->header_count; i++) MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
    enum MHD_Result rc = MHD_queue_response(conn, res->status, r);
    MHD_destroy_response(r);
    x->answered = true;
    return rc;
}

/* ---- the request ---- */

static enum MHD_Result check_argument(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    bool *valid = cls;
    if (!utf8_validate(key, strlen(key), NULL) || (value && !utf8_validate(value, strlen(value), NULL))) {
        *valid = false;
        return MHD_NO;
    }
    return MHD_YES;
}

static void client_address(struct MHD_Connection *conn, char out[64])
{
    strcpy(out, "unknown");
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr) return;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET) inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, 64);
    else if (sa->sa_family == AF_INET6) inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, 64);
}

static bool content_type_is(struct MHD_Connection *conn, const char *wanted)
{
    const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    size_t n = strlen(wanted);
    return type && strncasecmp(type, wanted, n) == 0 && (type[n] == '\0' || type[n] == ';' || type[n] == ' ');
}

/* True when the request announces a body. *length gets Content-Length (or 0 for a chunked body). */
static bool has_body(struct MHD_Connection *conn, unsigned long long *length)
{
    *length = 0;
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    if (cl) *length = strtoull(cl, NULL, 10);
    return *length > 0 || te != NULL;
}

/* What can be decided from the headers alone: the route, the portal's rate limit, the body's size and type.
 * Returns true when an answer is ready. */
static bool screen_request(web_server *srv, exchange *x)
{
    web_request *req = &x->req;
    web_response *res = &x->res;
    bool valid = utf8_validate(req->path, strlen(req->path), NULL);
    if (valid) MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, check_argument, &valid);
    if (!valid) {
        web_reply_error(res, MHD_HTTP_BAD_REQUEST, "bad_request", NULL, "请求地址或参数不是有效的 UTF-8 文本。");
        return true;
    }
    char *allow = NULL;
    int found = web_route_match(req->method, req->path, req, &req->route, &allow);
    if (found == 0) {
        web_reply_not_found(res);
        return true;
    }
    if (found < 0) {
        web_reply_error(res, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed", NULL, "该地址不支持 %s 请求。",
                        req->method);
        web_header_add(res, "Allow", allow);
        free(allow);
        return true;
    }
    const web_route *route = req->route;
    if (route->portal) {
        int retry = 0;
        char key[96];
        snprintf(key, sizeof key, "portal:%s", req->client_address);
        if (!web_limiter_hit(srv->limiter, key, srv->config.portal_requests_per_minute, (int64_t)time(NULL), &retry)) {
            web_reply_error(res, MHD_HTTP_TOO_MANY_REQUESTS, "throttled", NULL, "请求过于频繁，请 %d 秒后再试。", retry);
            char seconds[16];
            snprintf(seconds, sizeof seconds, "%d", retry);
            web_header_add(res, "Retry-After", seconds);
            return true;
        }
    }
    unsigned long long length = 0;
    if (has_body(req->conn, &length)) {
        x->body_limit = web_route_body_limit(route);
        if (length > x->body_limit) {
            web_reply_error(res, MHD_HTTP_CONTENT_TOO_LARGE, "too_large", NULL, "请求内容过大（上限 %zu MB）。",
                            x->body_limit >> 20);
            return true;
        }
        if (route->body == BODY_JSON && !content_type_is(req->conn, "application/json")) {
            web_reply_error(res, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", NULL,
                            "请求内容应为 JSON（Content-Type: application/json）。");
            return true;
        }
        if (route->body == BODY_NONE) x->body_limit = WEB_BODY_LIMIT; /* read and ignore */
    }
    return false;
}

/* Looks up the session cookie; answers 401 when there is no live session. */
static bool authenticate(web_request *req, web_response *res)
{
    const char *token = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, "gk_session");
    if (token && *token && strlen(token) <= 128) {
        char hash[65];
        web_token_hash(token, hash);
        char *error = NULL;
        int found = store_session_lookup(req->store, hash, req->now, &req->user, &req->csrf_token, &error);
        if (found < 0) {
            web_reply_store_error(req, res, error);
            return false;
        }
        if (found) {
            req->has_user = true;
            req->role = web_role_bit_of(req->user.role);
            req->session_hash = xstrdup(hash);
            return true;
        }
    }
    web_reply_error(res, MHD_HTTP_UNAUTHORIZED, "unauthenticated", NULL, "请先登录（会话不存在或已过期）。");
    return false;
}

static bool changes_state(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

static void dispatch(web_server *srv, exchange *x)
{
    web_request *req = &x->req;
    web_response *res = &x->res;
    const web_route *route = req->route;
    req->body = x->body.data ? x->body.data : "";
    req->body_len = x->body.len;
    req->now = (int64_t)time(NULL);
    req->today = gk_date_valid(srv->config.today) ? srv->config.today : local_today(req->now);
    if (route->store) {
        req->slot = web_pool_acquire(srv->pool);
        req->store = web_slot_store(req->slot);
    }
    if (route->roles) {
        if (!authenticate(req, res)) goto done;
        if (changes_state(req->method)) {
            const char *sent = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-CSRF-Token");
            if (!sent || !web_secret_equal(sent, req->csrf_token)) {
                web_reply_error(res, MHD_HTTP_FORBIDDEN, "csrf", NULL,
                                "请求缺少有效的 X-CSRF-Token（请刷新页面后重试）。");
                goto done;
            }
        }
        if (!(route->roles & req->role)) {
            web_reply_error(res, MHD_HTTP_FORBIDDEN, "forbidden", NULL, "您的角色无权执行此操作。");
            goto done;
        }
    }
    route->handler(req, res);
done:
    if (req->slot) {
        store_rollback(req->store); /* a handler never leaves a transaction open; be sure */
        web_pool_release(srv->pool, req->slot);
        req->slot = NULL;
        req->store = NULL;
    }
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    web_server *srv = cls;
    exchange *x = *con_cls;
    if (!x) {
        x = xcalloc(1, sizeof *x);
        *con_cls = x;
        x->req.config = &srv->config;
        x->req.limiter = srv->limiter;
        x->req.auditor = srv->auditor;
        x->req.conn = conn;
        x->req.method = method;
        x->req.path = xstrdup(url);
        client_address(conn, x->req.client_address);
        /* An answer queued now, before MHD has the whole request, closes the connection after it: fine for a
         * refusal; everything else is answered on the next call, and the connection stays open. */
        if (screen_request(srv, x)) return send_answer(conn, x);
        return MHD_YES;
    }
    if (x->answered) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (x->body.len + *upload_data_size > x->body_limit) return MHD_NO; /* a chunked body over the limit */
        buf_append(&x->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    mark_handling(srv, conn, true);
    if (x->req.route->body == BODY_NONE) buf_clear(&x->body);
    dispatch(srv, x);
    return send_answer(conn, x);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode code)
{
    web_server *srv = cls;
    exchange *x = *con_cls;
    mark_handling(srv, conn, false);
    if (!x) return;
    web_request *req = &x->req;
    free(req->path);
    free(req->param_storage);
    store_user_clear(&req->user);
    free(req->csrf_token);
    free(req->session_hash);
    web_response_free(&x->res);
    buf_free(&x->body);
    free(x);
    *con_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    web_server *srv = cls;
    if (!srv->config.log) return;
    buf line = BUF_INIT;
    buf_puts(&line, "gongkai serve (libmicrohttpd): ");
    buf_vprintf(&line, fmt, ap);
    if (line.len && line.data[line.len - 1] != '\n') buf_putc(&line, '\n');
    fputs(buf_cstr(&line), srv->config.log);
    buf_free(&line);
}

/* ---- start and stop ---- */

static int resolve_listen_address(const char *host, unsigned port, struct sockaddr_storage *out, socklen_t *len,
                                  char **error)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
    struct addrinfo *found = NULL;
    int rc = getaddrinfo(host, NULL, &hints, &found);
    if (rc != 0 || !found) {
        *error = xasprintf("无法解析监听地址“%s”：%s", host, gai_strerror(rc));
        return -1;
    }
    memcpy(out, found->ai_addr, found->ai_addrlen);
    *len = found->ai_addrlen;
    freeaddrinfo(found);
    if (out->ss_family == AF_INET) ((struct sockaddr_in *)out)->sin_port = htons((uint16_t)port);
    else ((struct sockaddr_in6 *)out)->sin6_port = htons((uint16_t)port);
    return 0;
}

int web_server_start(const web_config *config, web_server **out, char **error)
{
    *out = NULL;
    if (sodium_init() < 0) {
        *error = xasprintf("libsodium 初始化失败。");
        return -1;
    }
    json_object_seed(0); /* before any thread: jansson's hash seed */
    web_server *srv = xcalloc(1, sizeof *srv);
    srv->config = *config;
    srv->db_location = xstrdup(config->db_location ? config->db_location : "gongkai.db");
    srv->host = xstrdup(config->host ? config->host : "127.0.0.1");
    srv->config.db_location = srv->db_location;
    srv->config.host = srv->host;
    if (srv->config.threads < 1) srv->config.threads = 1;
    if (srv->config.request_seconds < srv->config.timeout_seconds) srv->config.request_seconds = srv->config.timeout_seconds;
    pthread_mutex_init(&srv->watch_lock, NULL);
    pthread_cond_init(&srv->watch_wake, NULL);
    srv->limiter = web_limiter_new();
    srv->gate = store_write_gate_new();
    if (web_pool_open(srv->db_location, srv->config.threads, srv->gate, &srv->pool, error) != 0 ||
        web_auditor_start(srv->db_location, srv->gate, &srv->auditor, error) != 0)
        goto failed;

    struct sockaddr_storage addr;
    socklen_t addr_len;
    if (resolve_listen_address(srv->host, config->port, &addr, &addr_len, error) != 0) goto failed;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    if (addr.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(
        flags, (uint16_t)config->port, NULL, NULL, on_request, srv,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, srv, /* first, so that MHD logs nothing on its own */
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)srv->config.threads,
        MHD_OPTION_CONNECTION_LIMIT, srv->config.max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, srv->config.max_connections_per_address,
        MHD_OPTION_CONNECTION_TIMEOUT, srv->config.timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_END);
    if (!srv->daemon) {
        *error = xasprintf("无法在 %s:%u 上监听（端口已被占用或无权限？）：%s", srv->host, config->port,
                               strerror(errno));
        goto failed;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info && info->port ? info->port : config->port;
    if (pthread_create(&srv->watchdog, NULL, watchdog_main, srv) == 0) srv->watchdog_running = true;
    *out = srv;
    return 0;
failed:
    web_server_stop(srv);
    return -1;
}

unsigned web_server_port(const web_server *server) { return server->port; }

void web_server_stop(web_server *srv)
{
    if (!srv) return;
    if (srv->watchdog_running) {
        pthread_mutex_lock(&srv->watch_lock);
        srv->stopping = true;
        pthread_cond_signal(&srv->watch_wake);
        pthread_mutex_unlock(&srv->watch_lock);
        pthread_join(srv->watchdog, NULL);
    }
    if (srv->daemon) MHD_stop_daemon(srv->daemon);
    web_auditor_stop(srv->auditor);
    web_pool_close(srv->pool);
    store_write_gate_free(srv->gate);
    web_limiter_free(srv->limiter);
    pthread_cond_destroy(&srv->watch_wake);
    pthread_mutex_destroy(&srv->watch_lock);
    free(srv->db_location);
    free(srv->host);
    free(srv);
}

/* server: `gongkai serve` as a library — the HTTP server (libmicrohttpd) of the web application: the staff
 * workspace, the supervisor view, the public portal and the JSON API of docs/api.md over one store. The command
 * (cli/cmd_serve.c) and the tests start and stop it through this header only. */
#ifndef GONGKAI_WEB_SERVER_H
#define GONGKAI_WEB_SERVER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cases/calendar.h"

typedef struct web_config {
    const char *db_location;       /* the store (store_open location); must be initialised */
    const char *host;              /* address to listen on: "127.0.0.1", "::1", "0.0.0.0" */
    unsigned port;                 /* 0 = any free port (web_server_port tells which) */
    int threads;                   /* worker threads (each serves many connections) */
    unsigned max_connections;      /* connections at once, all clients */
    unsigned max_connections_per_address;
    unsigned timeout_seconds;      /* a client idle this long is dropped */
    unsigned request_seconds;      /* a request whose headers and body take longer than this is dropped */
    int64_t session_seconds;       /* session lifetime (Max-Age of the cookie) */
    bool secure_cookie;            /* add Secure to the session cookie (behind HTTPS) */
    gk_date today;                 /* {0,0,0}: the local date at each request; else this fixed day */
    int portal_requests_per_minute;    /* per client address, the portal's routes (/api/v1/public/…) */
    int status_failures_per_minute;    /* per client address, wrong tracking number + query code pairs */
    FILE *log;                     /* errors and notices (stderr by default); NULL = silent */
} web_config;

/* Sensible defaults (docs/api.md "Running"). */
void web_config_defaults(web_config *c);

typedef struct web_server web_server;

/* Opens the store connections and starts listening. Returns 0, or -1 with *error (Chinese, caller frees). */
int web_server_start(const web_config *config, web_server **out, char **error);
/* The port actually bound (useful with port 0). */
unsigned web_server_port(const web_server *server);
/* Stops accepting, finishes the connections, frees everything. */
void web_server_stop(web_server *server);

#endif

/* pages: what the server sends that is not the JSON API — the staff workspace and the portal pages, their static
 * files (only from the embedded table, web/assets.h: no path reaches the file system), the stylesheet of the
 * official report layout, and the health check. */
#include <string.h>

#include <microhttpd.h>

#include "export/export.h"
#include "web/assets.h"
#include "web/web.h"

/* Answers with an embedded asset, or 304 when the client already has this version. */
static void send_asset(web_request *req, web_response *res, const char *path)
{
    const web_asset *asset = web_asset_find(path);
    if (!asset) {
        web_reply_not_found(res);
        return;
    }
    web_header_add(res, "ETag", asset->etag);
    /* Pages are checked every time (their scripts may change with the binary); scripts and styles too: the ETag
     * keeps that cheap. */
    web_header_add(res, "Cache-Control", "no-cache");
    res->content_type = asset->content_type;
    const char *seen = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    if (seen && strstr(seen, asset->etag)) {
        res->status = MHD_HTTP_NOT_MODIFIED;
        return;
    }
    res->status = MHD_HTTP_OK;
    res->static_body = asset->data;
    res->static_len = asset->size;
}

void h_index(web_request *req, web_response *res) { send_asset(req, res, "index.html"); }
void h_portal_page(web_request *req, web_response *res) { send_asset(req, res, "portal.html"); }
void h_static(web_request *req, web_response *res) { send_asset(req, res, req->params[0]); }

void h_report_css(web_request *req, web_response *res)
{
    const char *css = export_html_style();
    res->status = MHD_HTTP_OK;
    res->content_type = "text/css; charset=utf-8";
    res->static_body = (const unsigned char *)css;
    res->static_len = strlen(css);
    web_header_add(res, "Cache-Control", "no-cache");
}

void h_healthz(web_request *req, web_response *res)
{
    bool ok = store_schema_version(req->store) > 0;
    json_t *body = json_object();
    json_object_set_new(body, "status", json_string(ok ? "ok" : "unavailable"));
    web_reply_json(res, ok ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE, body);
}

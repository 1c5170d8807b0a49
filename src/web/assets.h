/* assets: the static files of the web application (pages, styles, scripts, images under src/web/assets/),
 * embedded in the binary by scripts/embed-assets.py, which writes src/web/assets_data.c. `gongkai serve` reads no
 * file beside it: a static path is looked up in this table and nothing else, so no request can reach the file
 * system. */
#ifndef GONGKAI_WEB_ASSETS_H
#define GONGKAI_WEB_ASSETS_H

#include <stddef.h>

typedef struct web_asset {
    const char *path;          /* relative to src/web/assets/, '/' separated: "index.html", "js/app.js" */
    const char *content_type;  /* "text/html; charset=utf-8" … */
    const unsigned char *data; /* the file's bytes (static, never freed) */
    size_t size;
    const char *etag;          /* strong ETag with its quotes: "\"3f2a…\"" (SHA-256 of the bytes, shortened) */
} web_asset;

/* The generated table (assets_data.c), in path order. */
extern const web_asset WEB_ASSETS[];
extern const size_t WEB_ASSET_COUNT;

/* The asset at exactly this path ("index.html"), or NULL. No normalisation: "../x", "./x", "x/" are not found. */
const web_asset *web_asset_find(const char *path);

#endif

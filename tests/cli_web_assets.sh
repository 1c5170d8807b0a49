#!/usr/bin/env bash
# cli_web_assets: the embedded static files (src/web/assets_data.c) are exactly what scripts/embed-assets.py makes
# of src/web/assets/ — an edited page that was not embedded again fails here, not in a user's browser — and the
# generator itself: sorted paths, content types, strong ETags, refusal of an unknown file type.
set -euo pipefail
SRC=${GONGKAI_SOURCE_DIR:?}
if ! command -v python3 >/dev/null; then
    echo "python3 missing"
    exit 77
fi
python3 "$SRC/scripts/embed-assets.py" --check "$SRC" || {
    echo "FAIL: src/web/assets_data.c is stale: run scripts/embed-assets.py" >&2
    exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/web/assets/js" "$work/src/web/assets/css"
printf '<!DOCTYPE html><title>测试</title>\n' >"$work/src/web/assets/index.html"
printf 'export const x = "\\"?";\n' >"$work/src/web/assets/js/b.js"
printf 'body{}\n' >"$work/src/web/assets/css/a.css"
printf 'ignored' >"$work/src/web/assets/.hidden"
python3 "$SRC/scripts/embed-assets.py" "$work"
out="$work/src/web/assets_data.c"
grep -q 'const size_t WEB_ASSET_COUNT = 3;' "$out" || { echo "FAIL: count" >&2; exit 1; }
paths=$(grep -o '^    {"[^"]*"' "$out" | cut -d'"' -f2 | tr '\n' ' ')
[ "$paths" = "css/a.css index.html js/b.js " ] || { echo "FAIL: order $paths" >&2; exit 1; }
grep -q '"text/css; charset=utf-8"' "$out" && grep -q '"text/javascript; charset=utf-8"' "$out" ||
    { echo "FAIL: content types" >&2; exit 1; }
grep -Eq '"\\"[0-9a-f]{32}\\""' "$out" || { echo "FAIL: ETag" >&2; exit 1; }
python3 "$SRC/scripts/embed-assets.py" --check "$work" || { echo "FAIL: --check after writing" >&2; exit 1; }
printf 'x' >"$work/src/web/assets/readme.unknownext"
if python3 "$SRC/scripts/embed-assets.py" "$work" 2>/dev/null; then echo "FAIL: unknown type accepted" >&2; exit 1; fi
# The generated table compiles and is found by path (and only by exact path).
rm "$work/src/web/assets/readme.unknownext"
python3 "$SRC/scripts/embed-assets.py" "$work"
cat >"$work/main.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "web/assets.h"
int main(void)
{
    const web_asset *a = web_asset_find("js/b.js");
    if (!a || a->size != strlen("export const x = \"\\\"?\";\n") || memcmp(a->data, "export const x = \"\\\"?\";\n", a->size))
        return 1;
    return web_asset_find("../index.html") || web_asset_find("index.html/") || !web_asset_find("index.html") ||
           !web_asset_find("css/a.css");
}
C
if command -v cc >/dev/null; then
    cc -std=c11 -I"$SRC/src" -o "$work/check" "$work/main.c" "$out" "$SRC/src/web/assets.c"
    "$work/check" || { echo "FAIL: generated table lookup" >&2; exit 1; }
fi
echo "cli_web_assets: ok"

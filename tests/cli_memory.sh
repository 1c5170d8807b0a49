#!/usr/bin/env bash
# cli_memory: issue 2's memory target and what it rests on. `gongkai check` of one text report peaks under 5 MB
# (5120 KB) of resident memory, and of one HTML report under 7 MB, in the plain build. For that the lean `gongkai`
# links none of SQLite, libsodium, libmicrohttpd, libxml2, libzip, libxlsxwriter or poppler (ldd); HTML and DOCX
# reports still import (libxml2 and libzip loaded when the first one arrives); the store commands still work through
# it (run by gongkai-store beside it), and fail with a clear message when gongkai-store is not there. The memory
# limits are skipped (exit 77) under the sanitizers, whose shadow memory inflates every figure.
set -u
BIN=${GONGKAI_BIN:?GONGKAI_BIN is not set}
CORPUS=${GONGKAI_CORPUS:-}
SOURCE=${GONGKAI_SOURCE_DIR:?GONGKAI_SOURCE_DIR is not set}
T=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-cli-memory.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0
checks=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# expect STATUS CMD…: runs CMD with stdout in $T/out, stderr in $T/err; fails unless it exits with STATUS.
expect() {
    local want=$1; shift
    "$@" >"$T/out" 2>"$T/err"
    local status=$?
    checks=$((checks + 1))
    if [ "$status" != "$want" ]; then
        fail "$* → exit $status, expected $want"; sed 's/^/    stderr: /' "$T/err" | head -5 >&2
    fi
}
expect_err() { grep -q -- "$1" "$T/err" || { fail "stderr of the last command lacks “$1”"; sed 's/^/    stderr: /' "$T/err" | head -5 >&2; }; }

# ---- what the lean program links ----
if command -v ldd >/dev/null; then
    ldd "$BIN" >"$T/ldd" 2>&1
    checks=$((checks + 1))
    heavy=$(grep -Ei 'sqlite|xml2|libzip|microhttpd|sodium|xlsxwriter|poppler|icu|stdc\+\+|gnutls|crypto' "$T/ldd")
    [ -z "$heavy" ] || fail "the lean gongkai links libraries only the store, web or other importers need:
$heavy"
    grep -q 'libjansson' "$T/ldd" || fail "ldd of $BIN does not list jansson: is this the right program?"
fi

# ---- HTML and DOCX: their libraries come when the first such file arrives ----
expect 0 "$BIN" demo --out "$T/demo"
TEXT_REPORT="$T/demo/demo-report.md"
HTML_REPORT="$T/demo/demo-report.html"
expect 0 "$BIN" check "$HTML_REPORT"
expect 0 "$BIN" check "$SOURCE/tests/data/docx-001.docx"

# ---- the store commands, through the lean program ----
expect 0 "$BIN" db init --db "$T/store.db"
[ -s "$T/store.db" ] || fail "gongkai db init through the lean program made no database"
expect 0 "$BIN" db check --db "$T/store.db"
expect 0 "$BIN" agency add 测试县人民政府办公室 --db "$T/store.db"
expect 0 "$BIN" db --help
grep -q "db init" "$T/out" || fail "gongkai db --help printed no usage"
# Alone in a directory, the lean program says what it misses.
mkdir "$T/alone"
cp "$BIN" "$T/alone/gongkai"
expect 64 "$T/alone/gongkai" db init --db "$T/alone/store.db"
expect_err "gongkai-store"
expect_err "同一目录"
expect 0 "$T/alone/gongkai" check "$TEXT_REPORT"

# ---- peak memory ----
if [ "${GONGKAI_SANITIZED:-0}" = 1 ] || [ ! -x /usr/bin/time ]; then
    echo "memory limits skipped (sanitizers, or no /usr/bin/time): $checks checks, $failures failures"
    [ "$failures" = 0 ] && exit 77 || exit 1
fi
C001="$CORPUS/001_kuancheng-xianzhengfuban_2023.txt"
[ -n "$CORPUS" ] && [ -f "$C001" ] && TEXT_REPORT=$C001
# peak_kb LIMIT_KB WHAT FILE: checks FILE and fails when the peak resident memory reaches LIMIT_KB.
peak_kb() {
    local limit=$1 what=$2 file=$3
    expect 0 /usr/bin/time -f "maxrss_kb=%M" -o "$T/time" "$BIN" check "$file"
    local rss
    rss=$(sed -n 's/^maxrss_kb=//p' "$T/time")
    echo "gongkai check of $what: ${rss:-?} KB (limit $limit KB)"
    [ -n "$rss" ] && [ "$rss" -lt "$limit" ] || fail "gongkai check of $what ($file) peaked at ${rss:-?} KB, limit $limit KB"
}
peak_kb 5120 "a text report" "$TEXT_REPORT"
peak_kb 7168 "an HTML report" "$HTML_REPORT"

echo "$checks checks, $failures failures"
[ "$failures" = 0 ]

#!/usr/bin/env bash
# cli_check: `gongkai check` as a user runs it: exit codes (0 clean, 1 a hard rule fails, 2 unreadable, 64 usage),
# the Chinese lines per file, --json, -j N keeping input order, --previous, and every kind of bad input (empty, junk,
# a web page that is no report, a truncated report, a report without table 三, invalid UTF-8, GB18030, 200 MB).
set -u
BIN=${GONGKAI_BIN:?GONGKAI_BIN is not set}
CORPUS=${GONGKAI_CORPUS:-}
T=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-cli-check.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0
checks=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# The command line for messages: long file lists cut short.
shown() { if [ $# -le 6 ]; then echo "$*"; else echo "${*:1:6} … ($# words)"; fi; }
# run CMD…: runs it, keeping stdout in $T/out, stderr in $T/err and the exit status in $status.
run() { "$@" >"$T/out" 2>"$T/err"; status=$?; checks=$((checks + 1)); }
expect_status() {
    local want=$1; shift
    run "$@"
    if [ "$status" != "$want" ]; then
        fail "$(shown "$@") → exit $status, expected $want"; sed 's/^/    stderr: /' "$T/err" | sort -u | head -5 >&2
    fi
}
expect_out() { grep -q -- "$1" "$T/out" || fail "stdout of the last command lacks “$1”"; }
expect_err() { grep -Eq -- "$1" "$T/err" || { fail "stderr of the last command lacks “$1”"; sed 's/^/    stderr: /' "$T/err" | head -5 >&2; }; }
count_out() { grep -c -- "$1" "$T/out"; }

# ---- usage ----
expect_status 0 "$BIN" check --help
expect_out "用法: gongkai check"
expect_status 64 "$BIN" check
expect_err "至少一个"
expect_status 64 "$BIN" check --bogus x.txt
expect_err "--bogus"
expect_status 64 "$BIN" check -j abc x.txt
expect_err "-j"
expect_status 64 "$BIN" check x.txt -j
expect_status 2 "$BIN" check "$T/does-not-exist.txt"
expect_err "does-not-exist.txt"

# ---- bad input, no corpus needed ----
: >"$T/empty.txt"
expect_status 2 "$BIN" check "$T/empty.txt"
expect_err "empty.txt"
head -c 4096 "$BIN" >"$T/junk.bin"
expect_status 2 "$BIN" check "$T/junk.bin"
expect_err "junk.bin"
cat >"$T/guide.html" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开指南</title></head><body>
<div>首页 &gt; 政务公开</div><h1>某某县人民政府政府信息公开指南</h1>
<p>申请人可以通过网络、信函等方式提出政府信息公开申请。</p>
<table><tr><td>受理机构</td><td>县政府办公室</td></tr></table></body></html>
EOF
expect_status 2 "$BIN" check "$T/guide.html"
expect_err "guide.html"

# A 200 MB file is refused before it is read: exit 2, "过大", and peak memory far below the file's size.
truncate -s 200M "$T/huge.txt"
if [ -x /usr/bin/time ]; then
    expect_status 2 /usr/bin/time -f "maxrss_kb=%M" -o "$T/time" "$BIN" check "$T/huge.txt"
    rss=$(sed -n 's/^maxrss_kb=//p' "$T/time")
    [ -n "$rss" ] && [ "$rss" -lt 102400 ] || fail "checking a 200 MB file took ${rss:-?} KB of memory (limit 100 MB)"
else
    expect_status 2 "$BIN" check "$T/huge.txt"
fi
expect_err "过大"
expect_err "huge.txt"
rm -f "$T/huge.txt"

if [ -z "$CORPUS" ] || [ ! -d "$CORPUS" ]; then
    echo "corpus not found: the corpus checks are skipped ($checks checks, $failures failures)"
    [ "$failures" = 0 ] && exit 77 || exit 1
fi

# ---- the corpus ----
C001="$CORPUS/001_kuancheng-xianzhengfuban_2023.txt"
C002="$CORPUS/002_huaian-shizhengfu_2024.txt"
C003="$CORPUS/003_hongze-quzhengfu_2023.txt"
C004="$CORPUS/004_hongze-quzhengfu_2024.txt"
C005T="$CORPUS/005_shanghai-shizhengfubangongting_2019.txt"
C005H="$CORPUS/005_shanghai-shizhengfubangongting_2019.html"

for clean in "$C001" "$C002" "$C004" "$C005T" "$C005H"; do
    expect_status 0 "$BIN" check "$clean"
    expect_out "共 0 个错误"
done
expect_status 0 "$BIN" check "$C001"
expect_out "宽城满族自治县人民政府办公室 2023年度 2021年格式"

# 003: R4 twice, as printed; the single （六）其他处理 row is an S warning.
expect_status 1 "$BIN" check "$C003"
[ "$(count_out '^  错误 R4 表四')" = 2 ] || fail "003 should have exactly two R4 errors: $(cat "$T/out")"
[ "$(count_out '^  错误')" = 2 ] || fail "003 should have no error but the two R4"
expect_out "警告 S 表三"
expect_out "共 2 个错误"
expect_status 0 "$BIN" check "$C004"
expect_out "警告 S 表三"

# 006–008, crawler text with glued digits: 007 fails R3 twice (（七）总计 21, results sum to 27), as printed.
for clean in "$CORPUS"/006_*.txt "$CORPUS"/008_*.txt; do
    expect_status 0 "$BIN" check "$clean"
done
expect_status 1 "$BIN" check "$CORPUS"/007_*.txt
[ "$(count_out '^  错误 R3 表三')" = 2 ] && [ "$(count_out '^  错误')" = 2 ] || fail "007 should have exactly two R3 errors: $(grep 错误 "$T/out")"

# 005: B warnings for blank cells, no error.
expect_status 0 "$BIN" check "$C005T"
[ "$(count_out '警告 B ')" -gt 100 ] || fail "005 should have a B warning per blank cell"

# Several files: exit 1 when one fails a rule, 2 when one is unreadable (even with a rule failure), a final summary.
expect_status 1 "$BIN" check "$C001" "$C003"
expect_out "共核对 2 个文件：1 个有勾稽关系错误，0 个无法读取"
expect_status 2 "$BIN" check "$C001" "$T/empty.txt" "$C003"
expect_out "宽城满族自治县人民政府办公室"
expect_err "empty.txt"

# --quiet: only the files with errors, only their errors.
expect_status 1 "$BIN" check --quiet "$C001" "$C003" "$C004"
[ "$(grep -c . "$T/out")" -le 5 ] || fail "--quiet printed too much: $(cat "$T/out")"
grep -q "^  警告" "$T/out" && fail "--quiet printed warnings"
grep -q "宽城" "$T/out" && fail "--quiet printed a clean file"

# --json: one array, one element per file, in order.
expect_status 1 "$BIN" check --json "$C001" "$C003"
if command -v jq >/dev/null; then
    [ "$(jq length "$T/out")" = 2 ] || fail "--json should give an array of two"
    [ "$(jq -r '.[0].agency' "$T/out")" = "宽城满族自治县人民政府办公室" ] || fail "--json agency of 001"
    [ "$(jq -r '.[1].year' "$T/out")" = 2023 ] || fail "--json year of 003"
    [ "$(jq -r '[.[1].diagnostics[] | select(.severity == "error") | .rule] | join(",")' "$T/out")" = "R4,R4" ] ||
        fail "--json errors of 003: $(jq -c '.[1].diagnostics' "$T/out")"
    [ "$(jq -r '.[1].diagnostics[0].message | length > 0' "$T/out")" = true ] || fail "--json diagnostics lack messages"
else
    head -c 1 "$T/out" | grep -q '\[' || fail "--json output is not an array"
fi
expect_status 2 "$BIN" check --json "$C001" "$T/empty.txt"
if command -v jq >/dev/null; then
    [ "$(jq -r '.[1].error | length > 0' "$T/out")" = true ] || fail "--json should name the unreadable file's error"
fi

# -j N: the same output in the same order as one thread.
files=()
for i in $(seq 1 12); do files+=("$C001" "$C003" "$C002" "$C005T" "$C004" "$C005H"); done
expect_status 1 "$BIN" check -j 1 "${files[@]}"
cp "$T/out" "$T/one-thread"
for jobs in 2 0 7; do
    expect_status 1 "$BIN" check -j "$jobs" "${files[@]}"
    cmp -s "$T/out" "$T/one-thread" || fail "check -j $jobs printed something else than -j 1"
done
expect_status 1 "$BIN" check -j2 --json "${files[@]}"
command -v jq >/dev/null && { [ "$(jq length "$T/out")" = ${#files[@]} ] || fail "-j2 --json lost files"; }

# --previous: cross-year checks. 004 (2024) after 003 (2023), both 洪泽区: X1 holds (5 + 3 − 0 = 8).
expect_status 0 "$BIN" check --previous "$C003" "$C004"
grep -q "警告 X1" "$T/out" && fail "004 after 003 should satisfy X1"
# Against another agency's 2023 report X1 fails: 3 + 3 − 0 = 6, but 004 prints 8.
expect_status 0 "$BIN" check --previous "$C001" "$C004"
expect_out "警告 X1"
expect_status 2 "$BIN" check --previous "$T/empty.txt" "$C004"
expect_err "上年度"

# ---- bad versions of a real report ----
lines=$(wc -l <"$C001")
head -n $((lines / 2)) "$C001" >"$T/truncated.txt"
expect_status 2 "$BIN" check "$T/truncated.txt"
expect_err "truncated.txt"

# Table 三 taken out: everything from the line starting "三、" up to the line starting "四、".
awk '/^三、/ { skip = 1 } /^四、/ { skip = 0 } !skip' "$C001" >"$T/no-table-3.txt"
expect_status 2 "$BIN" check "$T/no-table-3.txt"
expect_err "no-table-3.txt"
expect_err "三、"

# Invalid UTF-8 (0xFF starts no UTF-8 or GB18030 character).
{ head -n 50 "$C001"; printf '\xff\xfe\xff\n'; tail -n +51 "$C001"; } >"$T/invalid-utf8.txt"
expect_status 2 "$BIN" check "$T/invalid-utf8.txt"
expect_err "invalid-utf8.txt"

# GB18030: read like the UTF-8 original.
if iconv -f UTF-8 -t GB18030 "$C001" >"$T/gb18030.txt" 2>/dev/null; then
    expect_status 0 "$BIN" check "$T/gb18030.txt"
    expect_out "宽城满族自治县人民政府办公室 2023年度 2021年格式"
    expect_status 0 "$BIN" convert --to csv "$T/gb18030.txt"
    cp "$T/out" "$T/gb.csv"
    expect_status 0 "$BIN" convert --to csv "$C001"
    cmp -s "$T/out" "$T/gb.csv" || fail "the GB18030 copy of 001 reads differently"
fi

echo "cli_check: $checks commands, $failures failures"
[ "$failures" = 0 ]

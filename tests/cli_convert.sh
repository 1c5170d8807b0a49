#!/usr/bin/env bash
# cli_convert: `gongkai convert` as a user runs it: --to json equals NNN.expected.json cell by cell for every
# report of the corpus (with null for blank cells), html/md/csv/txt output, -o, the JSON and text round trips, and
# the exit codes (2 unreadable input, 64 usage, 74 output not writable).
set -u
BIN=${GONGKAI_BIN:?GONGKAI_BIN is not set}
CORPUS=${GONGKAI_CORPUS:-}
T=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-cli-convert.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0
checks=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
run() { "$@" >"$T/out" 2>"$T/err"; status=$?; checks=$((checks + 1)); }
expect_status() {
    local want=$1; shift
    run "$@"
    if [ "$status" != "$want" ]; then
        fail "$* → exit $status, expected $want"; sed 's/^/    stderr: /' "$T/err" | head -5 >&2
    fi
}
expect_out() { grep -q -- "$1" "$T/out" || fail "stdout of the last command lacks “$1”"; }
expect_err() { grep -Eq -- "$1" "$T/err" || { fail "stderr of the last command lacks “$1”"; sed 's/^/    stderr: /' "$T/err" | head -5 >&2; }; }

# ---- usage ----
expect_status 0 "$BIN" convert --help
expect_out "用法: gongkai convert"
expect_status 64 "$BIN" convert
expect_status 64 "$BIN" convert x.txt
expect_err "--to"
expect_status 64 "$BIN" convert --to pdf x.txt
expect_err "pdf"
expect_status 64 "$BIN" convert --to json a.txt b.txt
expect_status 64 "$BIN" convert --to
expect_status 64 "$BIN" convert --to json --frobnicate x.txt
expect_status 2 "$BIN" convert --to json "$T/missing.txt"
expect_err "missing.txt"
: >"$T/empty.txt"
expect_status 2 "$BIN" convert --to json -o "$T/never.json" "$T/empty.txt"
expect_err "empty.txt"
[ -e "$T/never.json" ] && fail "an unreadable input must not leave an output file"

if [ -z "$CORPUS" ] || [ ! -d "$CORPUS" ]; then
    echo "corpus not found: the corpus checks are skipped ($checks checks, $failures failures)"
    [ "$failures" = 0 ] && exit 77 || exit 1
fi

# Prints every leaf of the expected file (but expected_errors) that our JSON lacks or holds differently.
json_differences() {
    jq -rn --slurpfile e "$1" --slurpfile g "$2" '
        def present($p): try (getpath($p[:-1]) | has($p[-1])) catch false;
        $e[0] as $exp | $g[0] as $got
        | $exp | del(.expected_errors) | paths(type != "object" and type != "array") as $p
        | select(($got | present($p) | not) or (($got | getpath($p)) != ($exp | getpath($p))))
        | "\($p | map(tostring) | join(".")): expected \($exp | getpath($p) | tojson), got \(if ($got | present($p)) then ($got | getpath($p) | tojson) else "nothing" end)"'
}

# ---- --to json against the hand-checked values ----
for report in "$CORPUS"/[0-9][0-9][0-9]_*.txt "$CORPUS"/[0-9][0-9][0-9]_*.html; do
    name=$(basename "$report")
    expect_status 0 "$BIN" convert --to json "$report"
    [ "$status" = 0 ] || continue
    cp "$T/out" "$T/$name.json"
    if command -v jq >/dev/null; then
        json_differences "$CORPUS/${name:0:3}.expected.json" "$T/$name.json" >"$T/diff"
        [ -s "$T/diff" ] && { fail "$name --to json differs from ${name:0:3}.expected.json:"; head -10 "$T/diff" | sed 's/^/    /' >&2; }
    fi
    # The JSON reads back to the same JSON.
    expect_status 0 "$BIN" convert --to json "$T/$name.json"
    cmp -s "$T/out" "$T/$name.json" || fail "$name: JSON → JSON is not the same JSON"
done
# A changed value is noticed (the comparison above is not blind).
if command -v jq >/dev/null; then
    jq '.applications.rows.received[0] = 36' "$T/001_kuancheng-xianzhengfuban_2023.txt.json" >"$T/changed.json"
    json_differences "$CORPUS/001.expected.json" "$T/changed.json" | grep -q "received.0: expected 35, got 36" ||
        fail "json_differences does not see a changed cell"
fi

C001="$CORPUS/001_kuancheng-xianzhengfuban_2023.txt"
C003="$CORPUS/003_hongze-quzhengfu_2023.txt"
C005T="$CORPUS/005_shanghai-shizhengfubangongting_2019.txt"

# -o writes the file and nothing to stdout.
expect_status 0 "$BIN" convert --to json -o "$T/001.json" "$C001"
[ -s "$T/out" ] && fail "-o should leave stdout empty"
cmp -s "$T/001.json" "$T/001_kuancheng-xianzhengfuban_2023.txt.json" || fail "-o wrote something else than stdout"
expect_status 0 "$BIN" convert --to=json --output="$T/001b.json" "$C001"
cmp -s "$T/001b.json" "$T/001.json" || fail "--to=json --output= should work like --to json -o"
expect_status 74 "$BIN" convert --to json -o "$T/no/such/dir/x.json" "$C001"
expect_err "x.json"

# A report with rule errors still converts (exit 0) but says so on stderr.
expect_status 0 "$BIN" convert --to json "$C003"
expect_err "勾稽关系错误"

# ---- html, md, csv, txt ----
expect_status 0 "$BIN" convert --to html "$C001"
expect_out "<table"
expect_out "rowspan="
expect_out "colspan="
expect_out "宽城满族自治县人民政府办公室"
expect_status 0 "$BIN" convert --to html "$C003"
expect_out 'class="error"'

expect_status 0 "$BIN" convert --to md "$C001"
expect_out "^| "
expect_out "宽城满族自治县人民政府办公室"

expect_status 0 "$BIN" convert --to csv "$C001"
[ "$(head -n 1 "$T/out")" = "table,row,column,value" ] || fail "csv header: $(head -n 1 "$T/out")"
# 2021 format: 10 cells of table 二, 25 rows × 7 of table 三, 15 of table 四, plus the header.
[ "$(wc -l <"$T/out")" = 201 ] || fail "csv of 001 should have 201 lines, has $(wc -l <"$T/out")"
expect_out "^3,received,natural_person,35$"
expect_out "^4,reconsideration,total,4$"
expect_status 0 "$BIN" convert --to csv "$C005T"
expect_out "^3,withheld_state_secret,commercial_enterprise,$"

# One cell per line: the text importer reads it back to the same report.
for report in "$C001" "$C003" "$C005T"; do
    name=$(basename "$report")
    expect_status 0 "$BIN" convert --to txt -o "$T/$name.cells.txt" "$report"
    expect_status 0 "$BIN" convert --to csv "$T/$name.cells.txt"
    cp "$T/out" "$T/back.csv"
    expect_status 0 "$BIN" convert --to csv "$report"
    cmp -s "$T/out" "$T/back.csv" || fail "$name: --to txt does not read back to the same cells"
done

echo "cli_convert: $checks commands, $failures failures"
[ "$failures" = 0 ]

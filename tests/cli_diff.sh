#!/usr/bin/env bash
# cli_diff: `gongkai diff` on corpus 003 → 004 (淮安市洪泽区人民政府, 2023 → 2024): the 30 cells that changed, with
# their deltas (applications from natural persons 21 → 95, +74; fees 7730.28 → 7545 万元, -185.28), no cross-year
# finding (X1 and X2 hold between the two printed reports); --json; a copy of 004 with carried-over applications
# that do not match 003's carried-forward ones (X2) and a 现行有效 count that does not follow (X1); the text and the PDF
# of one report are equal; reports of different formats; unreadable input (exit 2) and usage errors (exit 64).
set -u
BIN=${GONGKAI_BIN:?GONGKAI_BIN is not set}
CORPUS=${GONGKAI_CORPUS:-}
[ -n "$CORPUS" ] && [ -d "$CORPUS" ] || { echo "no corpus: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "no python3: skipped"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-cli-diff.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0
checks=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
check() { checks=$((checks + 1)); if ! eval "$1"; then fail "$2"; fi; }
OLD=$CORPUS/003_hongze-quzhengfu_2023.txt
NEW=$CORPUS/004_hongze-quzhengfu_2024.txt

# ---- usage and unreadable input ----
"$BIN" diff --help >"$T/out" 2>&1; s=$?; check '[ $s = 0 ] && grep -q "用法: gongkai diff" "$T/out"' "--help"
"$BIN" diff "$OLD" >/dev/null 2>"$T/err"; s=$?; check '[ $s = 64 ]' "one report → 64 (got $s)"
"$BIN" diff "$OLD" "$NEW" "$NEW" >/dev/null 2>"$T/err"; s=$?; check '[ $s = 64 ]' "three reports → 64 (got $s)"
"$BIN" diff --bogus "$OLD" "$NEW" >/dev/null 2>"$T/err"; s=$?; check '[ $s = 64 ] && grep -q -- "--bogus" "$T/err"' "unknown option → 64"
"$BIN" diff "$OLD" "$T/missing.txt" >/dev/null 2>"$T/err"; s=$?
check '[ $s = 2 ] && grep -q "missing.txt" "$T/err"' "unreadable NEW → 2, named (got $s)"

# ---- 003 → 004 in words ----
"$BIN" diff "$OLD" "$NEW" >"$T/out" 2>"$T/err"; s=$?
check '[ $s = 0 ]' "diff 003 004 exits 0 (got $s)"
check 'grep -q "^旧：.*淮安市洪泽区人民政府 2023年度 2021年格式" "$T/out"' "header names the old report"
check 'grep -q "^新：.*淮安市洪泽区人民政府 2024年度 2021年格式" "$T/out"' "header names the new report"
check 'grep -q "有变化的单元格（30 个）" "$T/out"' "30 cells changed: $(grep 有变化 "$T/out")"
check 'grep -q "表三 一、本年新收政府信息公开申请数量 × 自然人：21 → 95（+74）" "$T/out"' "received, natural persons 21 → 95 (+74)"
check 'grep -q "表二 行政事业性收费 × 本年收费金额（单位：万元）：7730.28 → 7545（-185.28）" "$T/out"' "fees 7730.28 → 7545 (-185.28)"
check 'grep -q "表四 行政复议 × 总计：0 → 2（+2）" "$T/out"' "reconsideration total 0 → 2"
check 'grep -q "表三 （四）无法提供 1.本机关不掌握相关政府信息 × 自然人：10 → 31（+21）" "$T/out"' "a sub-row is named with its group"
check 'grep -q "跨年核对（以旧报告为上一年度）：无发现。" "$T/out"' "X1–X3 hold between 003 and 004"

# ---- --json ----
"$BIN" diff --json "$OLD" "$NEW" >"$T/diff.json" 2>"$T/err"; s=$?
check '[ $s = 0 ]' "--json exits 0"
python3 - "$T/diff.json" >"$T/py.out" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
p = []
if d['old']['year'] != 2023 or d['new']['year'] != 2024: p.append('years')
if len(d['changes']) != 30: p.append('%d changes' % len(d['changes']))
c = [x for x in d['changes'] if x['table'] == 3 and x['row'] == 'received' and x['column'] == 'natural_person']
if not c or c[0]['old'] != 21 or c[0]['new'] != 95 or c[0]['delta'] != 74: p.append('received change %r' % c)
f = [x for x in d['changes'] if x['row'] == 'fees']
if not f or f[0]['old'] != '7730.28' or f[0]['new'] != '7545' or f[0]['delta'] != '-185.28': p.append('fees change %r' % f)
if d['diagnostics'] != []: p.append('diagnostics %r' % d['diagnostics'])
print('\n'.join(p) if p else 'ok')
EOF
check 'grep -qx ok "$T/py.out"' "JSON diff: $(head -3 "$T/py.out" | tr '\n' ';')"

# ---- X1 and X2: a 2024 report whose carried-over and in-force counts do not follow from 2023 ----
"$BIN" convert --to json "$NEW" >"$T/new.json" 2>/dev/null
python3 - "$T/new.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1], encoding='utf-8'))
rows = r['applications']['rows']
rows['carried_over'][0] = 3      # 2023 carried forward 0
rows['carried_over'][6] = 3
rows['received'][0] -= 3
rows['received'][6] -= 3         # R1 still holds
r['proactive']['normative_documents']['in_force'] = 9   # 5 + 3 − 0 = 8
json.dump(r, open(sys.argv[1], 'w', encoding='utf-8'), ensure_ascii=False)
EOF
"$BIN" diff "$OLD" "$T/new.json" >"$T/out" 2>"$T/err"; s=$?
check '[ $s = 0 ]' "diff against the edited copy exits 0 (got $s)"
check 'grep -q "警告 X2" "$T/out"' "X2 found: $(grep -A3 跨年 "$T/out" | tr '\n' ';')"
check 'grep -q "警告 X1" "$T/out"' "X1 found"
check 'grep -q "表三 二、上年结转政府信息公开申请数量 × 自然人：0 → 3（+3）" "$T/out"' "the edited cell is listed"

# ---- the text and the PDF of one report are the same report ----
if [ -f "$CORPUS/pdf/004_hongze-quzhengfu_2024.pdf" ]; then
    "$BIN" diff "$NEW" "$CORPUS/pdf/004_hongze-quzhengfu_2024.pdf" >"$T/out" 2>"$T/err"; s=$?
    check '[ $s = 0 ] && grep -q "表格数值没有变化" "$T/out"' "004 text and PDF are equal: $(sed -n 4,6p "$T/out" | tr '\n' ';')"
    check 'grep -q "跨年核对（以旧报告为上一年度）：$" "$T/out" && grep -q "警告 S" "$T/out"' "same year twice: the S warning about the year"
fi

# ---- different formats: compared on the cells both have ----
FIX=${GONGKAI_SOURCE_DIR:-.}/tests/data/pdf
if [ -f "$FIX/report_2019.pdf" ]; then
    "$BIN" diff "$FIX/report_2019.pdf" "$FIX/report_2021.pdf" >"$T/out" 2>"$T/err"; s=$?
    check '[ $s = 0 ] && grep -q "两份报告格式不同（2019年格式 → 2021年格式）" "$T/out"' "formats differ: noted (exit $s)"
    check 'grep -q "表三 一、本年新收政府信息公开申请数量 × 总计" "$T/out"' "a shared cell is compared across formats"
fi

echo "cli_diff: $checks checks, $failures failed"
[ "$failures" = 0 ]

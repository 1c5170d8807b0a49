#!/usr/bin/env bash
# cli_cases: the case register as a clerk uses it from the command line: db init, agencies, case add/list/show/
# event/import, calendar, fee, registers, report build/lock/revise/show. Exit codes, Chinese messages naming the
# line or field, refused histories writing nothing, the audit log written by case show.
set -u
BIN=${GONGKAI_BIN:?GONGKAI_BIN is not set}
T=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-cli-cases.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0
checks=0
export GONGKAI_DB="$T/cases.db" GONGKAI_ACTOR=clerk1 GONGKAI_TODAY=2026-10-20

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
run() { "$@" >"$T/out" 2>"$T/err"; status=$?; checks=$((checks + 1)); }
expect_status() {
    local want=$1; shift
    run "$@"
    if [ "$status" != "$want" ]; then
        fail "$* → exit $status, expected $want"; sed 's/^/    out: /' "$T/out" | head -5 >&2; sed 's/^/    err: /' "$T/err" | head -5 >&2
    fi
}
expect_out() { grep -q -- "$1" "$T/out" || { fail "stdout lacks “$1”"; sed 's/^/    out: /' "$T/out" | head -8 >&2; }; }
expect_err() { grep -q -- "$1" "$T/err" || { fail "stderr lacks “$1”"; sed 's/^/    err: /' "$T/err" | head -8 >&2; }; }
lines_out() { grep -c -- "$1" "$T/out"; }

# ---- help, in Chinese, for every subcommand ----
for sub in db agency case calendar fee register report; do
    expect_status 0 "$BIN" "$sub" --help
    expect_out "用法"
done

# ---- no database yet ----
expect_status 1 "$BIN" case list
expect_err "gongkai db init"

# ---- db init, twice ----
expect_status 0 "$BIN" db init
expect_out "已建立数据库"
expect_status 0 "$BIN" db init
expect_out "已是最新结构"
expect_status 0 "$BIN" db check
expect_out "^ok$"

# ---- agencies ----
expect_status 64 "$BIN" case list
expect_err "agency add"
expect_status 0 "$BIN" agency add 宽城县人民政府办公室
expect_status 0 "$BIN" agency add 宽城县教育局 --parent 1
expect_status 1 "$BIN" agency add 宽城县教育局
expect_err "已有名为"
expect_status 1 "$BIN" agency add 某局 --parent 99
expect_err "99"
expect_status 0 "$BIN" agency list
expect_out "宽城县教育局"
expect_status 64 "$BIN" case list
expect_err "--agency"

# ---- case add / list / show ----
A="--agency 1"
expect_status 0 "$BIN" case add $A --type natural_person --name 张三 --id-document 130000199001011234 \
    --phone 13800000000 --received 2026-09-18 --request "2025年财政预算"
expect_out "申请编号 2026-00001"
expect_out "答复期限：2026-10-22"
expect_status 0 "$BIN" case add $A --type commercial_enterprise --name 某公司 --received 2026-10-09 --channel registered_post
expect_out "签收之日"
expect_out "答复期限：2026-11-05"
expect_status 0 "$BIN" case add $A --type natural_person --name 李四 --received 2026-08-03 --tracking-no 宽政办依申〔2026〕7号
expect_status 0 "$BIN" case add $A --type natural_person --received 2026-12-10
expect_out "答复期限：2027-01-07（暂定"
expect_status 64 "$BIN" case add $A --type robot --received 2026-10-01
expect_err "申请人类型“robot”无效"
expect_status 64 "$BIN" case add $A --type natural_person --received 2026-02-30
expect_err "不是有效日期"
expect_status 1 "$BIN" case add $A --type natural_person --received 2026-10-01 --tracking-no 2026-00001
expect_err "已被使用"

expect_status 0 "$BIN" case list $A
expect_out "2026-00001"
[ "$(lines_out 2026-)" = 4 ] || fail "case list: expected 4 open cases"
expect_status 0 "$BIN" case list $A --overdue
expect_out "宽政办依申〔2026〕7号"
[ "$(lines_out 已逾期)" = 1 ] || fail "case list --overdue: expected 1 line"
expect_status 0 "$BIN" case list $A --due-within 2
expect_out "2026-00001"
[ "$(lines_out 办理中)" = 1 ] || fail "case list --due-within 2: expected 1 line"

# ---- events ----
expect_status 0 "$BIN" case event $A 2026-00001 extension_approved --days 20 --approver 王主任 --reason 需调取档案 --date 2026-10-15
expect_out "答复期限：2026-11-19"
expect_status 1 "$BIN" case event $A 2026-00001 extension_approved --days 1 --approver 王主任 --date 2026-10-16
expect_err "超过20个工作日"
expect_status 1 "$BIN" case event $A 1 decided --outcome disclosed --date 2026-09-01
expect_err "早于收到申请之日"
expect_status 1 "$BIN" case event $A 1 decided --date 2026-10-19
expect_err "--outcome"
expect_status 64 "$BIN" case event $A 1 decided --outcome nonsense
expect_err "可用的办理结果"
expect_status 1 "$BIN" case event $A 2 fee_notice --date 2026-10-12
expect_err "未超过免费额度"
expect_status 1 "$BIN" case event $A 2 fee_notice --pages 30 --date 2026-10-12
expect_err "30 页"
expect_status 0 "$BIN" case event $A 2 fee_notice --pages 120 --date 2026-10-12
expect_out "1100 元"
expect_out "暂停计时"
expect_status 0 "$BIN" case event $A 2 缴纳费用 --date 2026-10-14
expect_status 0 "$BIN" case event $A 2 decided --outcome withheld_third_party --date 2026-10-16
expect_out "第十五条"
expect_status 1 "$BIN" case event $A 2 decided --outcome disclosed --date 2026-10-19
expect_err "只能有一个办理结果"
expect_status 0 "$BIN" case event $A 2 delivered --date 2026-10-19
expect_status 0 "$BIN" case event $A 3 withdrawn --date 2026-10-19
expect_status 64 "$BIN" case event $A 3 teleported
expect_err "事件“teleported”无效"
expect_status 1 "$BIN" case event $A 999 withdrawn
expect_err "999"

# the refused events wrote nothing: case 1 has exactly received + extension
expect_status 0 "$BIN" case show $A 1
expect_out "张三"
expect_out "130000199001011234"
expect_out "答复期限：2026-11-19"
expect_out "批准延期答复20个工作日"
[ "$(grep -c '^  2026-' "$T/out")" = 2 ] || fail "case show 1: expected 2 events"
expect_status 0 "$BIN" case show $A 2026-00002
expect_out "已办结"
expect_status 0 "$BIN" case audit $A
[ "$(lines_out 'clerk1  show  applications')" = 2 ] || fail "audit log: expected 2 entries"

# ---- import ----
cat >"$T/history.csv" <<'EOF'
tracking_no,applicant_type,applicant_name,received_on,outcome,decided_on,phone
H-2025-1,natural_person,甲,2025-03-01,disclosed,2025-03-20,139
H-2025-2,legal_service_org,"某律所, 北京",2025-12-20,unable_not_held,2026-01-08,
H-2025-3,other_org,乙,2025-12-29,,,
EOF
expect_status 0 "$BIN" case import $A "$T/history.csv"
expect_out "导入 3 件"
printf 'tracking_no,applicant_type,applicant_name,received_on,outcome,decided_on\nH-9,natural_persn,丙,2026-01-02,,\nH-2025-1,natural_person,丁,2026-01-03,,\nH-10,natural_person,戊,2026-01-04,disclosed,2026-01-01\n' >"$T/bad.csv"
expect_status 1 "$BIN" case import $A "$T/bad.csv"
expect_err "第2行 字段“applicant_type”"
expect_err "第4行 字段“decided_on”"
expect_err "未写入任何数据"
expect_status 0 "$BIN" case list $A --all
[ "$(lines_out 'H-')" = 3 ] || fail "bad import wrote rows"
expect_status 2 "$BIN" case import $A "$T/missing.csv"

# ---- calendar and fees ----
expect_status 0 "$BIN" calendar add 2026-02-12 7
expect_out "^2026-02-28"
expect_status 0 "$BIN" calendar add 2024-02-01 20
expect_out "^2024-03-05"
expect_status 0 "$BIN" calendar add 2025-12-29 20
expect_out "^2026-01-27"
expect_status 0 "$BIN" calendar add 2026-12-20 20
expect_out "暂定"
cat >"$T/2027.json" <<'EOF'
{"year": 2027, "papers": [], "days": [
 {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
 {"name": "元旦", "date": "2027-01-02", "isOffDay": true},
 {"name": "元旦", "date": "2027-01-03", "isOffDay": true}]}
EOF
expect_status 0 "$BIN" calendar load $A "$T/2027.json"
expect_out "已载入 2027 年"
expect_status 0 "$BIN" calendar add --db "$GONGKAI_DB" --agency 1 2026-12-20 20
expect_out "^2027-01-18"
printf '{"year": "x"}' >"$T/bad.json"
expect_status 1 "$BIN" calendar load $A "$T/bad.json"
expect_err "未载入"
expect_status 0 "$BIN" calendar holiday add 2026-10-21 满族颁金节 --agency 1
expect_status 0 "$BIN" calendar add --agency 1 2026-10-20 1
expect_out "^2026-10-22"
expect_status 64 "$BIN" calendar holiday add 2026-10-21 节日
expect_err "--agency"
expect_status 0 "$BIN" fee --per-item 35
expect_out "第 35 件申请收费 200 元"
expect_out "合计 3000 元"
expect_status 0 "$BIN" fee --per-page 250
expect_out "4700 元"
expect_status 0 "$BIN" fee $A --applicant 张三 --month 2026-09
expect_out "共提交 1 件"
expect_status 64 "$BIN" fee --per-item 0

# ---- registers ----
expect_status 0 "$BIN" register document add $A --item normative_documents --title 关于甲的办法 --issued 2026-03-01 --doc-no 宽政办〔2026〕1号
expect_status 0 "$BIN" register document add $A --item regulations --title 规章乙 --issued 2024-03-01
expect_status 0 "$BIN" register document repeal $A 2 --date 2026-05-01
expect_status 1 "$BIN" register document repeal $A 2 --date 2026-06-01
expect_err "已经废止"
expect_status 0 "$BIN" register yearly set $A --year 2026 --item licensing --value 120
expect_status 0 "$BIN" register yearly set $A --year 2026 --item fees --value 12.5
printf 'year,item,field,value\n2026,penalty,decisions,8\n2026,enforcement,,2\n' >"$T/yearly.csv"
expect_status 0 "$BIN" register yearly import $A "$T/yearly.csv"
printf 'year,channel,count\n2026,门户网站,300\n2026,微信公众号,45\n' >"$T/channels.csv"
expect_status 0 "$BIN" register channel import $A "$T/channels.csv"
expect_status 0 "$BIN" register channel list $A
expect_out "微信公众号  45"
expect_status 0 "$BIN" register appeal add $A --block reconsideration --filed 2026-05-01 --application 2026-00002
printf 'block,case_no,filed_on,result,concluded_on,tracking_no\nlitigation_direct,诉1,2025-11-01,upheld,2026-03-01,H-2025-1\nreconsideration,,2026-01-01,,,NOPE\n' >"$T/appeals.csv"
expect_status 1 "$BIN" register appeal import $A "$T/appeals.csv"
expect_err "第3行 字段“tracking_no”"
sed -i '$d' "$T/appeals.csv"
expect_status 0 "$BIN" register appeal import $A "$T/appeals.csv"
expect_status 0 "$BIN" register appeal list $A
[ "$(lines_out '^[0-9]')" = 2 ] || fail "appeal list: expected 2 cases"

# ---- report ----
expect_status 0 "$BIN" report build $A --year 2025 -o "$T/r2025.json"
expect_err "0 个错误"
expect_status 0 "$BIN" report build $A --year 2026 -o "$T/r2026.json"
expect_err "0 个错误"
grep -q '"received": \[2, 1, 0, 0, 0, 0, 3\]\|"received": \[' "$T/r2026.json" || fail "report json lacks received"
expect_status 0 "$BIN" report build $A --year 2026 --to md
expect_out "行政许可 | 120"
expect_out "收到政府信息公开申请4件"
expect_out "门户网站300条，微信公众号45条"
expect_status 0 "$BIN" report build $A --year 2026 --to csv
expect_out "3,carried_over,total,2"
expect_out "3,carried_forward,total,3"
expect_status 0 "$BIN" report build $A --year 2026 --to html
expect_out "<table"
expect_status 64 "$BIN" report build $A --year 2026 --to pdf
expect_status 0 "$BIN" report lock $A --year 2026
expect_out "第 1 版"
expect_status 1 "$BIN" report lock $A --year 2026
expect_err "已锁定"
expect_status 64 "$BIN" report revise $A --year 2026
expect_err "--reason"
expect_status 64 "$BIN" report revise $A --year 2026 --reason 无变化
expect_err "无需修订"
expect_status 0 "$BIN" case event $A 1 decided --outcome disclosed --date 2026-10-21
expect_status 0 "$BIN" report build $A --year 2026 -o "$T/r2026b.json"
expect_err "已锁定"
expect_status 0 "$BIN" report revise $A --year 2026 --reason 补登一件答复
expect_out "第 2 版"
expect_status 0 "$BIN" report show $A --year 2026 --to csv
expect_err "补登一件答复"
expect_out "3,disclosed,natural_person,1"

expect_status 0 "$BIN" db check
echo "cli_cases: $checks checks, $failures failures"
[ "$failures" = 0 ]

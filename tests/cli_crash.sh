#!/usr/bin/env bash
# cli_crash: kill -9 during a large `case import` and during a stream of `case event`. Afterwards the database
# passes PRAGMA integrity_check (`gongkai db check`), every committed row is there, and nothing is half-written:
# an import is all of the file or none of it; an event is in the log and on the application, or in neither.
set -u
BIN=${GONGKAI_BIN:?GONGKAI_BIN is not set}
T=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-cli-crash.XXXXXX")
trap 'rm -rf "$T"' EXIT
export GONGKAI_DB="$T/crash.db" GONGKAI_TODAY=2024-12-01
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

"$BIN" db init >/dev/null || { echo "db init failed" >&2; exit 1; }
"$BIN" agency add 压力测试机构 >/dev/null || exit 1

# A value of table 三 in the report built from the records: csv_cell YEAR ROW COLUMN.
csv_cell() {
    "$BIN" report build --year "$1" --to csv 2>/dev/null | awk -F, -v r="$2" -v c="$3" '$1==3 && $2==r && $3==c {print $4}'
}
db_ok() {
    local out
    out=$("$BIN" db check 2>&1)
    [ "$out" = ok ] || fail "integrity check after kill -9 ($1): $out"
}

# ---- 1. kill -9 during a large import ----
ROWS=150000
awk -v n=$ROWS 'BEGIN {
    print "tracking_no,applicant_type,applicant_name,received_on,outcome,decided_on"
    split("natural_person commercial_enterprise research_institution public_welfare_org legal_service_org other_org", t, " ")
    for (i = 1; i <= n; i++) {
        if (i % 4 == 0) printf "B%d,%s,申请人%d,2023-%02d-%02d,,\n", i, t[1 + i % 6], i % 997, 1 + i % 12, 1 + i % 28
        else printf "B%d,%s,申请人%d,2023-%02d-%02d,disclosed,2023-12-%02d\n", i, t[1 + i % 6], i % 997, 1 + i % 12, 1 + i % 28, 1 + i % 28
    }
}' >"$T/big.csv"

for delay in 0.3 1.0 2.5; do
    "$BIN" case import "$T/big.csv" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    db_ok "import after ${delay}s"
    got=$(csv_cell 2023 received total)
    if [ "$got" != 0 ] && [ "$got" != "$ROWS" ]; then fail "import killed after ${delay}s left $got of $ROWS rows"; fi
    [ "$got" = "$ROWS" ] && break
done
# whatever happened, a complete import now either succeeds or finds the file already there
if [ "$(csv_cell 2023 received total)" = 0 ]; then
    "$BIN" case import "$T/big.csv" >/dev/null || fail "import after the crashes failed"
fi
[ "$(csv_cell 2023 received total)" = "$ROWS" ] || fail "after the crashes the import is not whole"
[ "$(csv_cell 2023 carried_forward total)" = $((ROWS / 4)) ] || fail "open applications after import"

# ---- 2. kill -9 during a stream of events ----
STREAM=400
awk -v n=$STREAM 'BEGIN { print "tracking_no,applicant_type,applicant_name,received_on,outcome,decided_on"
    for (i = 1; i <= n; i++) printf "E%d,natural_person,甲%d,2024-01-02,,\n", i, i }' >"$T/stream.csv"
"$BIN" case import "$T/stream.csv" >/dev/null || fail "stream import"
: >"$T/committed"
(
    for i in $(seq 1 $STREAM); do
        "$BIN" case event "E$i" decided --outcome disclosed --date 2024-01-20 >/dev/null 2>&1 && echo "E$i" >>"$T/committed"
    done
) &
loop=$!
for round in 1 2 3; do
    sleep 0.7
    child=$(pgrep -P "$loop" | head -1)
    [ -n "$child" ] && kill -9 "$child" 2>/dev/null
done
kill -9 "$loop" 2>/dev/null
wait "$loop" 2>/dev/null
child=$(pgrep -P "$loop" 2>/dev/null | head -1)
[ -n "$child" ] && kill -9 "$child" 2>/dev/null
sleep 0.2
db_ok "event stream"
committed=$(wc -l <"$T/committed")
decided=$(csv_cell 2024 disclosed total)
# Each committed event is there; at most one more (killed after its commit, before the log line).
if [ "$decided" -lt "$committed" ] || [ "$decided" -gt $((committed + 4)) ]; then
    fail "events: $committed committed, $decided decisions in the store"
fi
# every logged event is on its application and in its event log
while read -r no; do
    "$BIN" case show "$no" 2>/dev/null | grep -q "作出答复" || { fail "$no: committed decision missing"; break; }
done < <(shuf -n 20 "$T/committed" 2>/dev/null || head -20 "$T/committed")
# the store still takes events after the crash
next=$((decided + 1))
while [ "$next" -le "$STREAM" ] && ! "$BIN" case event "E$next" withdrawn --date 2024-01-21 >/dev/null 2>&1; do next=$((next + 1)); done
db_ok "after the stream"
echo "cli_crash: import $ROWS rows, $committed events committed before kill -9, $decided in the store; $failures failures"
[ "$failures" = 0 ]

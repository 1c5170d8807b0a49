#!/usr/bin/env bash
# bench_bulk: issue 3's bulk import — `gongkai import -j2 --out DATASET TREE` over 10,000 mixed reports (a third
# each: the corpus texts 001–005, the glued crawler texts 006–008, and HTML — 005's published page and 001–005
# converted to the official layout), end to end with the dataset written, for each dataset kind. Figures: wall time,
# reports/s, CPU use, peak RSS and reports per CPU-second (what other load on the machine disturbs least); in the
# same run, `cat` of the whole tree as the I/O floor.
# Usage: bench/bench_bulk.sh BUILD_DIR [BASELINE_BUILD_DIR]. With a baseline (say, a build of the previous commit),
# each kind is also imported by the baseline's gongkai right after, in the same minutes of a noisy machine, and the
# two datasets must be the same bytes (XLSX: the same workbook members but the creation time).
# Exits 1 when the csv run misses 5,000 reports/s on two or more cores, or the datasets differ.
set -uo pipefail
BUILD=${1:-build}
BIN="$BUILD/gongkai"
BASELINE=${2:-}
[ -z "$BASELINE" ] || [ -x "$BASELINE/gongkai" ] || { echo "bench_bulk: $BASELINE/gongkai missing" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${GONGKAI_CORPUS:-$ROOT/../shared/corpus}
REPORTS=${BENCH_BULK_REPORTS:-10000}
TARGET=5000
[ -x "$BIN" ] || { echo "bench_bulk: $BIN missing; build first" >&2; exit 2; }
[ -d "$CORPUS" ] || { echo "bench_bulk: no corpus at $CORPUS (set GONGKAI_CORPUS): skipped"; exit 0; }
command -v /usr/bin/time >/dev/null || { echo "bench_bulk: /usr/bin/time missing: skipped"; exit 0; }
work=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-bulk.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Three kinds in equal numbers: text as published (001–005), crawler text with glued digits (006–008), HTML
# (005 as published and 001–005 in the official layout).
text=() glued=() html=()
for f in "$CORPUS"/00[1-5]_*.txt; do [ -f "$f" ] && text+=("$f"); done
for f in "$CORPUS"/00[6-8]_*.txt; do [ -f "$f" ] && glued+=("$f"); done
for f in "$CORPUS"/00[1-8]_*.html; do [ -f "$f" ] && html+=("$f"); done
for f in "${text[@]}"; do
    out="$work/$(basename "$f" .txt).converted.html"
    "$BIN" convert --to html -o "$out" "$f" 2>/dev/null && html+=("$out")
done
# 100 folders of files named without their extension: the form is found from the content.
for ((i = 0; i < REPORTS; i++)); do
    dir="$work/tree/d$((i % 100))"
    [ -d "$dir" ] || mkdir -p "$dir"
    case $((i % 3)) in
    0) f=${text[$((i / 3 % ${#text[@]}))]} ;;
    1) f=${glued[$((i / 3 % ${#glued[@]}))]} ;;
    *) f=${html[$((i / 3 % ${#html[@]}))]} ;;
    esac
    cp "$f" "$dir/report$i"
done
# The copies' dirty pages are written out now rather than during the first timed import (which they slowed).
sync
bytes=$(du -sb "$work/tree" | cut -f1)
echo "$REPORTS reports, a third each of text (${#text[@]} sources), glued crawler text (${#glued[@]}) and HTML" \
    "(${#html[@]}), $((bytes / 1000000)) MB; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

start=$(date +%s.%N)
find "$work/tree" -type f -exec cat {} + >/dev/null
end=$(date +%s.%N)
floor=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
printf 'cat of the tree (I/O floor): %.2f s, %.0f reports/s\n' "$floor" "$(awk -v n="$REPORTS" -v s="$floor" 'BEGIN { print n / s }')"

status=0
# Imports the tree with binary $1 into dataset $2 and prints one line of figures ($3: a label). Sets rate; returns 1
# when the import failed.
measure() {
    local bin=$1 out=$2 label=$3 wall cpu rss per_cpu
    rm -f "$out"
    /usr/bin/time -f "%e %P %M" -o "$work/time" "$bin" import -j 2 --out "$out" "$work/tree" >"$work/import.out" 2>&1
    read -r wall cpu rss <"$work/time"
    [ -z "${wall:-}" ] && { echo "import --out $out failed$label"; tail -n 5 "$work/import.out"; return 1; }
    rate=$(awk -v n="$REPORTS" -v s="$wall" 'BEGIN { printf "%.0f", n / s }')
    per_cpu=$(awk -v n="$REPORTS" -v s="$wall" -v c="${cpu%\%}" 'BEGIN { printf "%.0f", n / (s * c / 100) }')
    printf 'import -j2 --out .%-5s %6.2f s wall, CPU %5s, peak RSS %6s KB, %6s reports/s (%.1fx the cat floor), %s reports per CPU-second%s\n' \
        "${out##*.}" "$wall" "$cpu" "$rss" "$rate" "$(awk -v w="$wall" -v f="$floor" 'BEGIN { print w / f }')" "$per_cpu" "$label"
}
# Whether two datasets hold the same bytes; XLSX: every member of the workbook but docProps/core.xml (its time).
same_dataset() {
    case $1 in
    *.xlsx) command -v python3 >/dev/null || return 0
        python3 - "$1" "$2" <<'PY'
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
names = sorted(n for n in a.namelist() if n != 'docProps/core.xml')
sys.exit(0 if names == sorted(n for n in b.namelist() if n != 'docProps/core.xml') and all(a.read(n) == b.read(n) for n in names) else 1)
PY
    ;;
    *) cmp -s "$1" "$2" ;;
    esac
}
for kind in csv jsonl xlsx; do
    measure "$BIN" "$work/out.$kind" "" || { status=1; continue; }
    if [ -n "$BASELINE" ]; then
        new_rate=$rate
        measure "$BASELINE/gongkai" "$work/baseline.$kind" "  ($BASELINE, same minutes)" || status=1
        rate=$new_rate
        if [ -f "$work/baseline.$kind" ] && ! same_dataset "$work/out.$kind" "$work/baseline.$kind"; then
            echo "  the .$kind dataset differs from $BASELINE's"
            status=1
        fi
    fi
    if [ "$kind" = csv ]; then
        records=$(($(wc -l <"$work/out.csv") - 1))
        [ "$records" -eq "$REPORTS" ] || { echo "  the dataset has $records records, not $REPORTS"; status=1; }
        if [ "$(nproc)" -ge 2 ] && [ "$rate" -lt "$TARGET" ]; then
            echo "  below target: $TARGET reports/s with -j2"
            status=1
        fi
    fi
done
exit $status

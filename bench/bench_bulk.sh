#!/usr/bin/env bash
# bench_bulk: issue 3's bulk import — `gongkai import -j2 --out DATASET TREE` over 10,000 mixed reports (a third
# each: the corpus texts 001–005, the glued crawler texts 006–008, and HTML — 005's published page and 001–005
# converted to the official layout), end to end with the dataset written, for each dataset kind. Figures: wall time,
# reports/s, CPU use, peak RSS and reports per CPU-second (what other load on the machine disturbs least); in the
# same run, `cat` of the whole tree as the I/O floor.
# Usage: bench/bench_bulk.sh BUILD_DIR. Exits 1 when the csv run misses 5,000 reports/s on two or more cores.
set -uo pipefail
BUILD=${1:-build}
BIN="$BUILD/gongkai"
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
bytes=$(du -sb "$work/tree" | cut -f1)
echo "$REPORTS reports, a third each of text (${#text[@]} sources), glued crawler text (${#glued[@]}) and HTML" \
    "(${#html[@]}), $((bytes / 1000000)) MB; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

start=$(date +%s.%N)
find "$work/tree" -type f -exec cat {} + >/dev/null
end=$(date +%s.%N)
floor=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
printf 'cat of the tree (I/O floor): %.2f s, %.0f reports/s\n' "$floor" "$(awk -v n="$REPORTS" -v s="$floor" 'BEGIN { print n / s }')"

status=0
for kind in csv jsonl xlsx; do
    rm -f "$work/out.$kind"
    /usr/bin/time -f "%e %P %M" -o "$work/time" "$BIN" import -j 2 --out "$work/out.$kind" "$work/tree" \
        >"$work/import.out" 2>&1
    read -r wall cpu rss <"$work/time"
    [ -z "${wall:-}" ] && { echo "import --out .$kind failed"; tail -n 5 "$work/import.out"; status=1; continue; }
    rate=$(awk -v n="$REPORTS" -v s="$wall" 'BEGIN { printf "%.0f", n / s }')
    per_cpu=$(awk -v n="$REPORTS" -v s="$wall" -v c="${cpu%\%}" 'BEGIN { printf "%.0f", n / (s * c / 100) }')
    printf 'import -j2 --out .%-5s %6.2f s wall, CPU %5s, peak RSS %6s KB, %6s reports/s (%.1fx the cat floor), %s reports per CPU-second\n' \
        "$kind" "$wall" "$cpu" "$rss" "$rate" "$(awk -v w="$wall" -v f="$floor" 'BEGIN { print w / f }')" "$per_cpu"
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

#!/usr/bin/env bash
# bench/run.sh BUILD_DIR: the benchmarks behind `make bench`. First the import benchmark of issue 2 — import +
# check throughput for text and HTML against `cat`, `gongkai check -j2` over 10,000 files, the memory of checking
# one report — then every other bench_* program found in BUILD_DIR, in name order.
set -uo pipefail
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${GONGKAI_CORPUS:-$ROOT/../shared/corpus}
REPORTS=${BENCH_REPORTS:-10000}
BIN="$BUILD/gongkai"
status=0

now() { date +%s.%N; }
mb_per_s() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / 1e6 / s }'; }

# ---- the corpus repeated to $REPORTS files: half text (the real 001–005 texts), half HTML (005 as published and
# ---- 001–005 in the official layout as `gongkai convert --to html` writes it) ----
import_benchmark() {
    local work sources=() i n kind
    work=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-bench.XXXXXX")
    trap 'rm -rf "$work"' RETURN
    for f in "$CORPUS"/00[1-5]_*.txt "$CORPUS"/00[1-5]_*.html; do
        [ -f "$f" ] && sources+=("$f")
    done
    for f in "$CORPUS"/00[1-5]_*.txt; do
        "$BIN" convert --to html -o "$work/$(basename "$f" .txt).converted.html" "$f" 2>/dev/null &&
            sources+=("$work/$(basename "$f" .txt).converted.html")
    done
    local text=() html=()
    for f in "${sources[@]}"; do case "$f" in *.html) html+=("$f") ;; *) text+=("$f") ;; esac; done
    mkdir -p "$work/reports"
    : >"$work/text.list"
    : >"$work/html.list"
    for ((i = 0; i < REPORTS; i++)); do
        if ((i % 2 == 0)); then kind=text; n=${#text[@]}; f=${text[$((i / 2 % n))]}; ext=txt
        else kind=html; n=${#html[@]}; f=${html[$((i / 2 % n))]}; ext=html; fi
        cp "$f" "$work/reports/$i.$ext"
        echo "$work/reports/$i.$ext" >>"$work/$kind.list"
    done
    cat "$work/text.list" "$work/html.list" >"$work/all.list"
    echo "== Import + check ($REPORTS reports: ${#text[@]} text and ${#html[@]} HTML sources repeated) =="
    echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (figures in wall time suffer from other load)"

    # The I/O floor with the real cat, per kind (page cache warm: the files were just written).
    for kind in text html; do
        local bytes start end
        bytes=$(xargs cat <"$work/$kind.list" | wc -c)
        start=$(now); xargs cat <"$work/$kind.list" >/dev/null; end=$(now)
        echo "cat of the $kind files: $(mb_per_s "$bytes" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')") MB/s ($bytes bytes)"
    done
    "$BUILD/bench_import" "$work/all.list" || status=1

    echo
    echo "== gongkai check over $REPORTS files =="
    if [ -x /usr/bin/time ]; then
        local jobs cpu files
        mapfile -t files <"$work/all.list"
        for jobs in 1 2; do
            /usr/bin/time -f "%e %P %M" -o "$work/time.$jobs" "$BIN" check --quiet -j "$jobs" "${files[@]}" \
                >/dev/null 2>&1
            read -r wall cpu rss < <(tail -n 1 "$work/time.$jobs")
            printf 'check -j%s: %6.2f s wall, CPU %5s, peak RSS %s KB, %s reports/s\n' "$jobs" "$wall" "$cpu" "$rss" \
                "$(awk -v n="$REPORTS" -v s="$wall" 'BEGIN { printf "%.0f", n / s }')"
        done
        cpu=$(tail -n 1 "$work/time.2" | awk '{ sub("%", "", $2); print $2 }')
        if [ "$(nproc)" -ge 2 ] && [ "${cpu%.*}" -lt 150 ]; then
            echo "check -j2 used ${cpu}% CPU: both cores were not kept busy (target > 150%)"; status=1
        fi
        echo
        echo "== Peak memory of checking one report (whole process, /usr/bin/time) =="
        /usr/bin/time -f "%M" -o "$work/time.one" "$BIN" --version >/dev/null 2>&1
        printf '%-55s %6s KB (the shared libraries alone)\n' "gongkai --version" "$(tail -n 1 "$work/time.one")"
        /usr/bin/time -f "%M" -o "$work/time.one" "$BIN" check "${text[0]}" >/dev/null 2>&1
        local kb floor; kb=$(tail -n 1 "$work/time.one")
        printf '%-55s %6s KB %s\n' "$(basename "${text[0]}")" "$kb" "$([ "$kb" -lt 5120 ] && echo ok || echo 'over 5 MB')"
        # HTML needs libxml2, which brings ICU and libstdc++: its floor is the check of a page with no report.
        printf '<html><body><p>x</p></body></html>' >"$work/floor.html"
        /usr/bin/time -f "%M" -o "$work/time.one" "$BIN" check "$work/floor.html" >/dev/null 2>&1
        floor=$(tail -n 1 "$work/time.one")
        /usr/bin/time -f "%M" -o "$work/time.one" "$BIN" check "${html[0]}" >/dev/null 2>&1
        kb=$(tail -n 1 "$work/time.one")
        printf '%-55s %6s KB (%s KB for a page that is no report: libxml2 loaded; the report adds %s KB)\n' \
            "$(basename "${html[0]}")" "$kb" "$floor" "$((kb - floor))"
    else
        local start end files
        mapfile -t files <"$work/all.list"
        start=$(now); "$BIN" check --quiet -j 2 "${files[@]}" >/dev/null 2>&1; end=$(now)
        echo "check -j2: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s wall (/usr/bin/time missing: no CPU or memory figures)"
    fi
}

if [ ! -x "$BUILD/bench_import" ] || [ ! -x "$BIN" ]; then
    echo "bench/run.sh: $BUILD/bench_import or $BIN is missing; build first (make all)" >&2
    exit 2
fi
if [ -d "$CORPUS" ]; then
    import_benchmark
else
    echo "== Import + check: skipped, no corpus at $CORPUS (set GONGKAI_CORPUS) =="
fi

# ---- every other benchmark ----
for bench in "$BUILD"/bench_*; do
    name=$(basename "$bench")
    [ "$name" = bench_import ] && continue
    [ -f "$bench" ] && [ -x "$bench" ] || continue
    echo
    echo "== $name =="
    "$bench" || status=1
done
# ---- benchmark scripts: bench/bench_*.sh BUILD_DIR ----
for script in "$ROOT"/bench/bench_*.sh; do
    [ -f "$script" ] || continue
    echo
    echo "== $(basename "$script" .sh) =="
    bash "$script" "$BUILD" || status=1
done
exit $status

#!/bin/bash
# run-fuzzers: runs every libFuzzer target BUILD_DIR/fuzz_* for $FUZZ_SECONDS seconds each (default 60), one after
# the other (the machine is shared), seeded from a corpus assembled in a temporary folder: tests/data, the real
# reports of ../shared/corpus when present, the document parts of the DOCX files, and a small built-in HTML page.
# Each target gets the seeds of its kind (fuzz_html: pages, fuzz_docx: .docx and their XML, fuzz_pdf: PDFs,
# fuzz_json: JSON; any other target every seed). Prints one line per target and, last, "N passed, N failed";
# exits non-zero when a target crashed, leaked, timed out or ran out of memory. Crash inputs are kept in
# BUILD_DIR/fuzz-artifacts/.
#
# Usage: scripts/run-fuzzers.sh BUILD_DIR        (build with -DGONGKAI_FUZZ=ON, CC=clang)
set -u

build=${1:?"usage: $0 BUILD_DIR"}
seconds=${FUZZ_SECONDS:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
shared_corpus="$root/../shared/corpus"
max_len=1048576

build=$(cd "$build" && pwd) || { echo "run-fuzzers: 找不到构建目录 $1" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts" "$work/all"

# ---- the seed pool ----
add_seed() { # FILE: copies it into the pool when it is a regular file no larger than max_len
    local f=$1 size
    [ -f "$f" ] || return 0
    size=$(stat -c %s "$f")
    [ "$size" -gt 0 ] && [ "$size" -le "$max_len" ] || return 0
    cp "$f" "$work/all/$(basename "$(dirname "$f")")-$(basename "$f")"
}
while IFS= read -r -d '' f; do add_seed "$f"; done < <(find "$root/tests/data" -type f -print0 2>/dev/null)
if [ -d "$shared_corpus" ]; then
    while IFS= read -r -d '' f; do add_seed "$f"; done < <(find "$shared_corpus" -type f -print0)
fi
# The document part of each DOCX, for fuzz_docx's XML mode.
for f in "$work"/all/*.docx; do
    [ -f "$f" ] || continue
    if command -v unzip >/dev/null 2>&1; then
        unzip -p "$f" word/document.xml > "$f.document.xml" 2>/dev/null || rm -f "$f.document.xml"
    fi
done
cat > "$work/all/builtin-table.html" <<'EOF'
<html><head><meta charset="utf-8"><title>年度报告</title><style>td{}</style></head><body>
<p>一、总体情况</p><p>甲&nbsp;乙<br>丙</p>
<table><tr><td rowspan="2" colspan="3">说明</td><td colspan="2">情况</td></tr>
<tr><td>自然人</td><td>总计</td></tr>
<tr><td colspan="3">项目</td><td>12</td><td>&nbsp;</td></tr>
<tr><td rowspan="3">结果</td><td colspan="2">甲</td><td>3</td><td>/</td></tr>
<tr><td rowspan="2">乙</td><td>1.丙</td><td>251000元</td><td>-2</td></tr>
<tr><td>2.丁<table><tr><td>嵌套</td></tr></table></td><td></td><td>3,470</td></tr>
</table></body></html>
EOF

# Seeds of the kind a target reads (the whole pool when none match).
seed_dir_for() { # TARGET → prints the directory of its seeds
    local name=$1 dir="$work/seeds-$1" patterns
    case "$name" in
        fuzz_html) patterns="*.html *.htm" ;;
        fuzz_docx) patterns="*.docx *.xml" ;;
        fuzz_pdf) patterns="*.pdf" ;;
        fuzz_json) patterns="*.json" ;;
        *) patterns="*" ;;
    esac
    mkdir -p "$dir"
    local p f
    for p in $patterns; do
        for f in "$work"/all/$p; do [ -f "$f" ] && cp "$f" "$dir/"; done
    done
    [ -n "$(ls -A "$dir")" ] || cp "$work"/all/* "$dir/"
    echo "$dir"
}

# ---- the runs ----
passed=0
failed=0
targets=$(find "$build" -maxdepth 1 -type f -perm -u+x -name 'fuzz_*' | sort)
if [ -z "$targets" ]; then
    echo "run-fuzzers: $build 中没有 fuzz_* 目标（需用 clang 和 -DGONGKAI_FUZZ=ON 构建）" >&2
    echo "0 passed, 0 failed"
    exit 2
fi
for target in $targets; do
    name=$(basename "$target")
    seeds=$(seed_dir_for "$name")
    mkdir -p "$work/new-$name"
    log="$work/$name.log"
    start=$(date +%s)
    "$target" -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 -timeout=30 \
        -print_final_stats=1 -artifact_prefix="$artifacts/$name-" "$work/new-$name" "$seeds" >"$log" 2>&1
    status=$?
    elapsed=$(( $(date +%s) - start ))
    runs=$(grep -Eo 'Done [0-9]+ runs' "$log" | tail -n 1 | grep -Eo '[0-9]+')
    cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+')
    seed_count=$(ls "$seeds" | wc -l)
    if [ "$status" -eq 0 ]; then
        passed=$((passed + 1))
        echo "$name: 通过 — ${runs:-?} runs in ${elapsed}s, coverage ${cov:-?} edges, ${seed_count} seeds"
    else
        failed=$((failed + 1))
        echo "$name: 失败 (exit $status after ${elapsed}s) — crash input in $artifacts/"
        grep -E 'ERROR: |SUMMARY: |==[0-9]+==|runtime error' "$log" | head -n 8 | sed 's/^/    /'
        cp "$log" "$artifacts/$name.log"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

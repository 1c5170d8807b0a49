#!/usr/bin/env bash
# run: what the README's run command does after installing and building: generate the demo agency's annual
# report from a simulated year of records, render it and check it. (The web application replaces this once
# `gongkai serve` exists.)
set -euo pipefail
build=${1:-build}
out=${DEMO_DIR:-demo}
"$build/gongkai" demo --out "$out"
echo
"$build/gongkai" check "$out/demo-report.json"
echo
echo "打开 $out/demo-report.html 查看按官方格式排版的年度报告。"
echo "核对一份已发布的报告:  $build/gongkai check 报告.txt|.html|.pdf"

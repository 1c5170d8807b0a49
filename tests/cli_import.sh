#!/usr/bin/env bash
# cli_import: `gongkai import` on a tree of 2,000 mixed files — the corpus reports (text, HTML, PDF) copied under
# varied names without extensions into nested folders (one in 40 a PDF, which costs 30 ms each), plus junk (random bytes, empty files, plain prose, a broken
# PDF). Checks: exit 0; one record per readable copy, in the same order with -j1 and -j2; every JSON line parses and
# holds the expected columns; real values of the copies (corpus 002's 3001 applications from natural persons, text and
# PDF alike; corpus 003's two R4 errors as printed); the summary's counts and the list of unreadable files; no progress
# bar when stderr is a pipe; CSV and XLSX outputs; exit 2 when nothing is readable; usage errors; the dataset file
# inside the tree is not read back; memory stays bounded.
set -u
BIN=${GONGKAI_BIN:?GONGKAI_BIN is not set}
CORPUS=${GONGKAI_CORPUS:-}
[ -n "$CORPUS" ] && [ -d "$CORPUS" ] || { echo "no corpus: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "no python3: skipped"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-cli-import.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0
checks=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
check() { checks=$((checks + 1)); if ! eval "$1"; then fail "$2"; fi; }

# ---- usage ----
"$BIN" import --help >"$T/out" 2>&1; s=$?; check '[ $s = 0 ] && grep -q "用法: gongkai import" "$T/out"' "--help"
"$BIN" import "$CORPUS" >/dev/null 2>"$T/err"; s=$?; check '[ $s = 64 ] && grep -q -- "--out" "$T/err"' "no --out → 64 (got $s)"
"$BIN" import --out "$T/x.txt" "$CORPUS" >/dev/null 2>"$T/err"; s=$?; check '[ $s = 64 ] && grep -q "扩展名" "$T/err"' "bad extension → 64 (got $s)"
"$BIN" import --out "$T/x.csv" >/dev/null 2>"$T/err"; s=$?; check '[ $s = 64 ]' "no input → 64 (got $s)"
"$BIN" import --out "$T/x.csv" -j x "$CORPUS" >/dev/null 2>"$T/err"; s=$?; check '[ $s = 64 ]' "bad -j → 64 (got $s)"
"$BIN" import --out "$T/no/such/dir/x.csv" "$CORPUS" >/dev/null 2>"$T/err"; s=$?
check '[ $s = 74 ] && grep -q "无法创建" "$T/err"' "unwritable dataset → 74 (got $s)"

# ---- which corpus sources this build can read (the tree's expected counts follow from these) ----
SOURCES=()
for f in "$CORPUS"/*.txt "$CORPUS"/*.html "$CORPUS"/pdf/*.pdf; do [ -f "$f" ] && SOURCES+=("$f"); done
: >"$T/readable.txt"
for f in "${SOURCES[@]}"; do
    "$BIN" check "$f" >/dev/null 2>&1
    s=$?
    if [ $s = 0 ] || [ $s = 1 ]; then echo "$f 1"; else echo "$f 0"; fi
done >"$T/readable.txt"

# ---- the tree: 2,000 files ----
python3 - "$T/tree" "$T/readable.txt" "$T/expected.json" <<'EOF'
import json, os, random, sys
tree, readable_list, expected_path = sys.argv[1:4]
sources = [line.rsplit(' ', 1) for line in open(readable_list, encoding='utf-8').read().splitlines()]
rng = random.Random(20240101)
pdfs = [s for s in sources if s[0].endswith('.pdf')]
others = [s for s in sources if not s[0].endswith('.pdf')]
files = []  # (relative path, source or None, readable)
junk_kinds = ['random', 'empty', 'prose', 'broken_pdf', 'html_page']
for i in range(2000):
    folder = os.path.join('dept%02d' % (i % 23), 'year%d' % (2019 + i % 6), 'batch%d' % (i % 3))
    name = rng.choice(['report', 'nianbao', '年报', 'gk', 'file', 'x']) + '_%04d' % i
    if i % 20 == 7:
        files.append((os.path.join(folder, name), None, junk_kinds[(i // 20) % len(junk_kinds)]))
    elif i % 40 == 3 and pdfs:
        files.append((os.path.join(folder, name), pdfs[(i // 20) % len(pdfs)], None))
    else:
        files.append((os.path.join(folder, name), others[i % len(others)], None))
data_cache = {}
records = 0
expect = {'files': len(files), 'readable': 0, 'unreadable_paths': [], 'copies': {}}
for rel, source, junk in files:
    path = os.path.join(tree, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if source:
        src, ok = source
        if src not in data_cache:
            data_cache[src] = open(src, 'rb').read()
        open(path, 'wb').write(data_cache[src])
        if ok == '1':
            expect['readable'] += 1
            expect['copies'].setdefault(os.path.basename(src)[:3] + os.path.splitext(src)[1], []).append(path)
        else:
            expect['unreadable_paths'].append(path)
    else:
        if junk == 'random':
            content = bytes(rng.getrandbits(8) for _ in range(3000))
        elif junk == 'empty':
            content = b''
        elif junk == 'prose':
            content = '今天天气很好，我们去公园散步。\n没有任何表格。\n'.encode('utf-8') * 20
        elif junk == 'broken_pdf':
            content = b'%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
        else:
            content = '<html><body><p>通知公告</p><table><tr><td>无关表格</td></tr></table></body></html>'.encode('utf-8')
        open(path, 'wb').write(content)
        expect['unreadable_paths'].append(path)
json.dump(expect, open(expected_path, 'w', encoding='utf-8'), ensure_ascii=False)
EOF
check '[ -d "$T/tree" ]' "the tree was made"
FILES=$(find "$T/tree" -type f | wc -l)
check '[ "$FILES" = 2000 ]' "2,000 files in the tree (found $FILES)"
READABLE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["readable"])' "$T/expected.json")
UNREADABLE=$((2000 - READABLE))
check '[ "$READABLE" -gt 1000 ]' "most copies are readable by this build ($READABLE)"

# ---- JSON Lines, two threads, timed, memory measured ----
TIME=()
[ -x /usr/bin/time ] && TIME=(/usr/bin/time -f "%M %e" -o "$T/time")
"${TIME[@]}" "$BIN" import --out "$T/ds.jsonl" -j2 "$T/tree" >"$T/summary" 2>"$T/err"
status=$?
check '[ $status = 0 ]' "import of the tree exits 0 (got $status)"
check '! grep -q $'"'"'\r'"'"' "$T/err"' "no progress bar when stderr is not a terminal"
RECORDS=$(wc -l <"$T/ds.jsonl")
check '[ "$RECORDS" = "$READABLE" ]' "one record per readable report: $RECORDS records, expected $READABLE"
check 'grep -q "共 2000 个文件，读取报告 $READABLE 份，未能读取 $UNREADABLE 个" "$T/summary"' "summary counts (got: $(head -1 "$T/summary"))"
check 'grep -q "数据集：$T/ds.jsonl（$READABLE 条记录）" "$T/summary"' "summary names the dataset"
[ -s "$T/time" ] && echo "import of 2,000 files with -j2: $(cut -d' ' -f2 "$T/time") s, peak memory $(cut -d' ' -f1 "$T/time") KB"
# AddressSanitizer keeps freed memory in quarantine, so the bound only means something in the plain build.
[ -s "$T/time" ] && [ "${GONGKAI_SANITIZED:-0}" = 0 ] &&
  check '[ "$(cut -d" " -f1 "$T/time")" -lt 100000 ]' "peak memory under 100 MB (streaming: the dataset is never held)"

# Every JSON line parses, holds the same keys in the same order, and the real values of the copies.
python3 - "$T/ds.jsonl" "$T/expected.json" "$T/summary" >"$T/py.out" 2>&1 <<'EOF'
import json, re, sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
expect = json.load(open(sys.argv[2], encoding='utf-8'))
summary = open(sys.argv[3], encoding='utf-8').read()
problems = []
records = [json.loads(line) for line in lines]
keys = list(records[0].keys())
for k in ['source', 'source_format', 'agency', 'year', 'format', 't3.received.natural_person',
          't2.fees.amount_wan_yuan', 't4.reconsideration.total', 't2.regulations.made', 't3.other.total',
          'errors', 'warnings', 'rule.R1', 'rule.R4', 'rule.X4', 'rule.D']:
    if k not in keys: problems.append('column %s missing' % k)
for r in records:
    if list(r.keys()) != keys: problems.append('%s: keys differ from the first record' % r['source'])
by_source = {r['source']: r for r in records}
if len(by_source) != len(records): problems.append('a source appears twice')
for group, paths in expect['copies'].items():
    got = [by_source.get(p) for p in paths]
    if any(g is None for g in got): problems.append('%s: a copy has no record' % group); continue
    first = {k: v for k, v in got[0].items() if k != 'source'}
    for g in got[1:]:
        if {k: v for k, v in g.items() if k != 'source'} != first: problems.append('%s: copies differ' % group); break
def one(prefix):
    for group, paths in expect['copies'].items():
        if group.startswith(prefix): return by_source[paths[0]]
r = one('002.txt')
if r and (r['t3.received.natural_person'] != 3001 or r['year'] != 2024 or r['format'] != '2021'): problems.append('002 text values %r' % r['t3.received.natural_person'])
r = one('002.pdf')
if r and (r['t3.received.natural_person'] != 3001 or r['source_format'] != 'pdf'): problems.append('002 pdf values')
r = one('003.txt')
if r and (r['rule.R4'] != 2 or r['errors'] < 2 or r['t2.fees.amount_wan_yuan'] != 7730.28): problems.append('003: rule.R4=%r' % r['rule.R4'])
r = one('005.html')
if r and (r['format'] != '2019' or r['year'] != 2019 or r['source_format'] != 'html'): problems.append('005 html %r' % r['format'])
# The summary's rule counts agree with the records.
for rule in ['R1', 'R2', 'R3', 'R4', 'R5', 'B', 'S', 'X4', 'D']:
    n = sum(1 for r in records if r['rule.' + rule] > 0)
    m = re.search(r'^  %s\s+有错误\s+(\d+) 份，有发现\s+(\d+) 份' % re.escape(rule), summary, re.M)
    if not m or int(m.group(2)) != n: problems.append('summary for %s: %s, records say %d' % (rule, m and m.group(0), n))
# Every unreadable file is listed with a reason.
for p in expect['unreadable_paths']:
    if ('\n  %s：' % p) not in summary: problems.append('not listed as unreadable: ' + p)
print('\n'.join(problems[:20]) if problems else 'ok')
EOF
check 'grep -qx ok "$T/py.out"' "dataset content: $(head -5 "$T/py.out" | tr '\n' ';')"

# ---- on a terminal, a progress bar: files done / total, rate ----
if command -v script >/dev/null; then
    script -q -c "'$BIN' import --out '$T/tty.csv' '$T/tree/dept00'" "$T/typescript" >/dev/null 2>&1
    DEPT00=$(find "$T/tree/dept00" -type f | wc -l)
    check 'tr "\r" "\n" <"$T/typescript" | grep -q "\] $DEPT00/$DEPT00 个文件 .*个/秒"' "progress bar on a terminal: $(tr '\r' '\n' <"$T/typescript" | grep -m1 '个文件')"
fi

# ---- CSV on one thread: same records in the same order ----
"$BIN" import --out "$T/ds.csv" -j1 "$T/tree" >"$T/summary1" 2>/dev/null
s=$?; check '[ $s = 0 ]' "CSV import exits 0"
python3 - "$T/ds.csv" "$T/ds.jsonl" >"$T/py.out" 2>&1 <<'EOF'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))
records = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
problems = []
if rows[0] != list(records[0].keys()): problems.append('CSV header differs from the JSON keys')
if len(rows) - 1 != len(records): problems.append('CSV has %d records, JSONL %d' % (len(rows) - 1, len(records)))
for row, rec in zip(rows[1:], records):
    if row[0] != rec['source']: problems.append('order differs at ' + rec['source']); break
    for name, value in zip(rows[0], row):
        want = rec[name]
        if want is None: ok = value == ''
        elif isinstance(want, (int, float)): ok = value != '' and float(value) == float(want)
        else: ok = value == want
        if not ok: problems.append('%s %s: csv %r json %r' % (rec['source'], name, value, want)); break
print('\n'.join(problems[:10]) if problems else 'ok')
EOF
check 'grep -qx ok "$T/py.out"' "CSV (-j1) matches JSONL (-j2): $(head -3 "$T/py.out" | tr '\n' ';')"

# ---- XLSX: a workbook with a header row and one row per report, and the column sheet ----
"$BIN" import --out "$T/ds.xlsx" -j2 "$T/tree" >"$T/xlsx.out" 2>&1
s=$?; check '[ $s = 0 ]' "XLSX import exits 0 (exit $s: $(tail -n 3 "$T/xlsx.out" | tr '\n' ' '))"
python3 - "$T/ds.xlsx" "$READABLE" >"$T/py.out" 2>&1 <<'EOF'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
sheet = z.read('xl/worksheets/sheet1.xml').decode('utf-8')
rows = len(re.findall(r'<row ', sheet))
workbook = z.read('xl/workbook.xml').decode('utf-8')
problems = []
if rows != int(sys.argv[2]) + 1: problems.append('sheet1 has %d rows, expected %d' % (rows, int(sys.argv[2]) + 1))
if '字段说明' not in workbook: problems.append('no 字段说明 sheet')
if 't3.received.natural_person' not in sheet: problems.append('header missing')
print('\n'.join(problems) if problems else 'ok')
EOF
check 'grep -qx ok "$T/py.out"' "XLSX content: $(head -3 "$T/py.out" | tr '\n' ';')"

# ---- the three kinds hold the same values, whatever the thread count ----
# Records are rendered on the worker threads (CSV and JSON Lines as finished lines, XLSX as typed cells): the
# datasets of -j1 and -j2 are the same bytes, and CSV, JSON Lines and XLSX agree cell for cell, also on file names
# that need CSV quoting and JSON escaping, hold a line break (written as a space) or are not UTF-8 (U+FFFD).
mkdir -p "$T/odd"
python3 - "$T/odd" "$CORPUS" <<'EOF'
import glob, os, sys
odd, corpus = sys.argv[1:3]
sources = [glob.glob(os.path.join(corpus, pattern))[0] for pattern in ['003_*.txt', '005_*.html', '001_*.txt', '006_*.txt']]
names = [b'comma,"quoted"', b'line\nbreak', b'not-utf8-\xff\xfe', b'plain']
for name, source in zip(names, sources):
    open(os.path.join(os.fsencode(odd), name), 'wb').write(open(source, 'rb').read())
EOF
for kind in csv jsonl xlsx; do
    "$BIN" import --out "$T/odd1.$kind" -j1 "$T/odd" >/dev/null 2>&1
    "$BIN" import --out "$T/odd2.$kind" -j2 "$T/odd" >/dev/null 2>&1
done
check 'cmp -s "$T/odd1.csv" "$T/odd2.csv" && cmp -s "$T/odd1.jsonl" "$T/odd2.jsonl"' "CSV and JSON Lines: the same bytes with -j1 and -j2"
"$BIN" import --out "$T/ds2.csv" -j2 "$T/tree" >/dev/null 2>&1
check 'cmp -s "$T/ds.csv" "$T/ds2.csv"' "the tree's CSV: the same bytes with -j1 and -j2"
python3 - "$T/odd" "$T/odd1.csv" "$T/odd1.jsonl" "$T/odd1.xlsx" "$T/odd2.xlsx" >"$T/py.out" 2>&1 <<'EOF'
import csv, json, os, re, sys, zipfile
odd, csv_path, jsonl_path, xlsx1, xlsx2 = sys.argv[1:6]
problems = []
rows = list(csv.reader(open(csv_path, encoding='utf-8', newline='')))
records = [json.loads(l) for l in open(jsonl_path, encoding='utf-8')]
def sheet(path):
    return zipfile.ZipFile(path).read('xl/worksheets/sheet1.xml').decode('utf-8')
if sheet(xlsx1) != sheet(xlsx2): problems.append('XLSX sheet differs between -j1 and -j2')
def column_index(ref):
    n = 0
    for ch in ref: n = n * 26 + ord(ch) - 64
    return n - 1
def unescape(text):
    return text.replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"').replace('&amp;', '&')
cells = {}
for row, body in re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', sheet(xlsx1), re.S):
    for ref, attrs, content in re.findall(r'<c r="([A-Z]+)\d+"([^>]*)>(.*?)</c>', body, re.S):
        if 'inlineStr' in attrs: value = unescape(re.search(r'<t[^>]*>(.*?)</t>', content, re.S).group(1))
        else: value = float(re.search(r'<v>(.*?)</v>', content).group(1))
        cells[(int(row) - 1, column_index(ref))] = value
def as_written(name):  # the file name as a record gives it: valid UTF-8, a control character as a space
    return os.fsencode(name).decode('utf-8', 'replace').replace('\n', ' ')
expected = sorted(os.path.join(odd, as_written(n)) for n in os.listdir(os.fsencode(odd)))
if len(records) != 4: problems.append('%d records, expected 4' % len(records))
if sorted(r['source'] for r in records) != expected: problems.append('sources %r, expected %r' % ([r['source'] for r in records], expected))
header = rows[0]
if [cells.get((0, i)) for i in range(len(header))] != header: problems.append('XLSX header differs from CSV')
for n, rec in enumerate(records, start=1):
    for i, name in enumerate(header):
        want, got_csv, got_xlsx = rec[name], rows[n][i], cells.get((n, i))
        if want is None: ok = got_csv == '' and got_xlsx is None
        elif isinstance(want, str): ok = got_csv == want and got_xlsx == want
        else: ok = got_csv == str(want) and got_xlsx == float(want)
        if not ok: problems.append('%s %s: json %r csv %r xlsx %r' % (rec['source'], name, want, got_csv, got_xlsx))
r = next((r for r in records if r['source'].endswith('comma,"quoted"')), None)
if not r or r['rule.R4'] != 2 or r['t2.fees.amount_wan_yuan'] != 7730.28: problems.append('003 copy: %r' % (r and r['rule.R4']))
print('\n'.join(problems[:10]) if problems else 'ok')
EOF
check 'grep -qx ok "$T/py.out"' "CSV, JSON Lines and XLSX agree: $(head -3 "$T/py.out" | tr '\n' ';')"

# ---- nothing readable → exit 2; the dataset inside the tree is not read back ----
mkdir -p "$T/junk"
head -c 5000 /dev/urandom >"$T/junk/a"
: >"$T/junk/b"
"$BIN" import --out "$T/junk/ds.csv" "$T/junk" >"$T/summary" 2>"$T/err"
status=$?
check '[ $status = 2 ]' "nothing readable → exit 2 (got $status)"
check 'grep -q "共 2 个文件，读取报告 0 份，未能读取 2 个" "$T/summary"' "the dataset itself is not counted: $(head -1 "$T/summary")"
check '[ "$(wc -l <"$T/junk/ds.csv")" = 1 ]' "an empty dataset still has its header"
# Nor under another name: a hard link to the dataset and a symbolic link to it are not read.
ln -f "$T/junk/ds.csv" "$T/junk/hard-link" && ln -sf ds.csv "$T/junk/soft-link"
"$BIN" import --out "$T/junk/ds.csv" "$T/junk" >"$T/summary" 2>"$T/err"
check 'grep -q "共 2 个文件，读取报告 0 份，未能读取 2 个" "$T/summary"' "links to the dataset are not read: $(head -1 "$T/summary")"
rm -f "$T/junk/hard-link" "$T/junk/soft-link"

# A missing argument is listed and does not stop the others.
"$BIN" import --out "$T/one.jsonl" "$T/missing-folder" "$CORPUS/003_hongze-quzhengfu_2023.txt" >"$T/summary" 2>/dev/null
status=$?
check '[ $status = 0 ] && [ "$(wc -l <"$T/one.jsonl")" = 1 ]' "a missing argument is skipped (exit $status)"
check 'grep -q "missing-folder：文件或目录不存在" "$T/summary"' "the missing argument is listed"

echo "cli_import: $checks checks, $failures failed"
[ "$failures" = 0 ]

#!/bin/sh
# make-docx-fixtures: builds the DOCX test fixtures tests/data/docx-NNN.docx by filling the official 2021 Word
# template (../shared/templates/annual-report-2021-template.docx) with the hand-checked values of corpus report
# NNN (../shared/corpus/NNN.expected.json). The template's empty value cells (not the vMerge-continued ones) come
# in the canonical order of the report's cells, table by table, so each is filled with the next value of the
# expected JSON in document order; the expected file is copied beside it as docx-NNN.expected.json. In docx-002 every value is split over two runs, as Word often stores it after
# editing. Output is deterministic (fixed timestamps) and committed, so the tests never need ../shared.
#
# When LibreOffice (soffice) and a built gongkai are at hand, also docx-lo-002.docx: corpus 002 rendered by
# `gongkai convert --to html` (the official merged-cell layout) and converted to DOCX by LibreOffice, a second
# producer with its own gridSpan / vMerge encoding. Its expected values are those of docx-002.
#
# Usage: scripts/make-docx-fixtures.sh [SHARED_DIR]   (default: ../shared beside the source tree;
#        GONGKAI_BIN: the gongkai binary, default build/gongkai)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-"$root/../shared"}
template="$shared/templates/annual-report-2021-template.docx"
[ -f "$template" ] || { echo "make-docx-fixtures: 没有找到模板 $template" >&2; exit 1; }
mkdir -p "$root/tests/data"

for n in 001 002; do
    install -m 0644 "$shared/corpus/$n.expected.json" "$root/tests/data/docx-$n.expected.json"
    python3 - "$template" "$shared/corpus/$n.expected.json" "$root/tests/data/docx-$n.docx" "$n" <<'PY'
import json
import sys
import zipfile
from xml.dom import minidom

template, expected_path, out_path, number = sys.argv[1:5]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
split_runs = number == "002"

with open(expected_path, encoding="utf-8") as f:
    expected = json.load(f)


def flat_values(section):
    """The values of one table in canonical order: the JSON keeps the format's order of rows and fields."""
    values = []
    def walk(v):
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            values.extend(v)
        else:
            values.append(v)
    walk(section)
    return values


tables_in_document_order = [
    flat_values(expected["proactive"]),
    flat_values(expected["applications"]["rows"]),
    flat_values(expected["appeals"]),
]


def w(name):
    return "w:" + name


def text_of(node):
    return "".join(t.firstChild.data if t.firstChild else "" for t in node.getElementsByTagNameNS(W, "t"))


def is_continued(tc):
    for vm in tc.getElementsByTagNameNS(W, "vMerge"):
        if vm.getAttributeNS(W, "val") != "restart":
            return True
    return False


def set_paragraph_text(doc, p, text, split=False):
    for r in [c for c in p.childNodes if c.nodeType == 1 and c.localName == "r"]:
        p.removeChild(r)
    pieces = [text[: len(text) // 2], text[len(text) // 2:]] if split and len(text) > 1 else [text]
    for piece in pieces:
        r = doc.createElementNS(W, w("r"))
        t = doc.createElementNS(W, w("t"))
        t.setAttribute("xml:space", "preserve")
        t.appendChild(doc.createTextNode(piece))
        r.appendChild(t)
        p.appendChild(r)


def cell_text(value):
    if value is None:
        return ""
    return str(value)


with zipfile.ZipFile(template) as z:
    entries = [(i, z.read(i.filename)) for i in z.infolist()]
doc = minidom.parseString(dict((i.filename, d) for i, d in entries)["word/document.xml"])
body = doc.getElementsByTagNameNS(W, "body")[0]
tables = [c for c in body.childNodes if c.nodeType == 1 and c.localName == "tbl"]
assert len(tables) == 3, "template: expected three tables"

for tbl, values in zip(tables, tables_in_document_order):
    slots = [tc for tc in tbl.getElementsByTagNameNS(W, "tc")
             if not text_of(tc).strip(" \u3000\u00a0") and not is_continued(tc)]
    assert len(slots) == len(values), "template: %d empty cells for %d values" % (len(slots), len(values))
    for tc, value in zip(slots, values):
        p = tc.getElementsByTagNameNS(W, "p")[0]
        set_paragraph_text(doc, p, cell_text(value), split_runs)

paragraphs = [c for c in body.childNodes if c.nodeType == 1 and c.localName == "p"]
title = next(p for p in paragraphs if "格式模板" in text_of(p))
title_text = text_of(title).replace("格式模板", "")
set_paragraph_text(doc, title, "%s%d年%s" % (expected["agency"], expected["year"], title_text))
for p in paragraphs:
    if text_of(p).startswith("（文字描述"):  # the template's placeholder under sections 一, 五 and 六
        set_paragraph_text(doc, p, "本文件由 gongkai 的测试夹具脚本按核对过的数值生成，用于测试 DOCX 导入。")

document_xml = doc.toxml(encoding="UTF-8")
with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as out:
    for info, data in entries:
        if info.filename.endswith("/"):
            continue
        fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
        fixed.compress_type = zipfile.ZIP_DEFLATED
        out.writestr(fixed, document_xml if info.filename == "word/document.xml" else data)
print("wrote", out_path)
PY
done

gongkai=${GONGKAI_BIN:-"$root/build/gongkai"}
if command -v soffice >/dev/null 2>&1 && [ -x "$gongkai" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    "$gongkai" convert --to html "$shared"/corpus/002_*.txt > "$tmp/docx-lo-002.html"
    HOME="$tmp" timeout 300 soffice --headless --norestore --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp" \
        "$tmp/docx-lo-002.html" >/dev/null 2>&1
    if [ -s "$tmp/docx-lo-002.docx" ]; then
        install -m 0644 "$tmp/docx-lo-002.docx" "$root/tests/data/docx-lo-002.docx"
        echo "wrote $root/tests/data/docx-lo-002.docx (LibreOffice)"
    else
        echo "make-docx-fixtures: LibreOffice 转换失败，未生成 docx-lo-002.docx" >&2
    fi
else
    echo "make-docx-fixtures: 没有 soffice 或 $gongkai，跳过 LibreOffice 夹具" >&2
fi

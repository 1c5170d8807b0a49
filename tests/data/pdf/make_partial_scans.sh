#!/bin/bash
# Regenerates the partial-scan fixtures of tests/test_import_pdf_scan.c in this folder (the results are committed;
# the tests do not run this). Needs poppler-utils (pdftocairo, pdftoppm), qpdf and python3, and the corpus.
#   bash tests/data/pdf/make_partial_scans.sh [CORPUS]
#  - partial_scan_tables.pdf: corpus 004's pages 1–2 as text (re-embedded by pdftocairo, which subsets the fonts:
#    the original's fonts are 190 KB a page), then its pages 3–5 as images only (30 dpi grey JPEG, no text);
#  - partial_scan_appendix.pdf: report_2021.pdf (both pages, text), a blank page, then an image of its page 2.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:-$here/../../../../shared/corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src004="$corpus/pdf/004_hongze-quzhengfu_2024.pdf"

# image_pdf OUT [blank] JPEG…: one page per JPEG drawn over the whole A4 page; "blank" first adds an empty page.
image_pdf() {
    python3 - "$@" <<'PY'
import struct, sys
out, args = sys.argv[1], sys.argv[2:]
def jpeg_size(d):
    i = 2
    while True:
        marker, length = d[i + 1], struct.unpack('>H', d[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack('>HH', d[i + 5:i + 9])
            return w, h
        i += 2 + length
objects, kids = {}, []
def add(body):
    objects[len(objects) + 3] = body
    return len(objects) + 2
for arg in args:
    if arg == 'blank':
        contents = add(b'<< /Length 0 >>\nstream\n\nendstream')
        kids.append(add(b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents %d 0 R >>' % contents))
        continue
    data = open(arg, 'rb').read()
    w, h = jpeg_size(data)
    image = add(b'<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 '
                b'/Filter /DCTDecode /Length %d >>\nstream\n' % (w, h, len(data)) + data + b'\nendstream')
    draw = b'q 595 0 0 842 0 0 cm /Im0 Do Q'
    contents = add(b'<< /Length %d >>\nstream\n' % len(draw) + draw + b'\nendstream')
    kids.append(add(b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 %d 0 R >> >> '
                    b'/Contents %d 0 R >>' % (image, contents)))
objects[1] = b'<< /Type /Catalog /Pages 2 0 R >>'
objects[2] = b'<< /Type /Pages /Kids [%s] /Count %d >>' % (b' '.join(b'%d 0 R' % k for k in kids), len(kids))
pdf, offsets = bytearray(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'), {}
for n in sorted(objects):
    offsets[n] = len(pdf)
    pdf += b'%d 0 obj\n' % n + objects[n] + b'\nendobj\n'
xref = len(pdf)
pdf += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objects) + 1)
for n in range(1, len(objects) + 1):
    pdf += b'%010d 00000 n \n' % offsets[n]
pdf += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objects) + 1, xref)
open(out, 'wb').write(pdf)
PY
}

pdftocairo -pdf -f 1 -l 2 "$src004" "$tmp/text.pdf"
pdftoppm -r 30 -gray -jpeg -jpegopt quality=35 -f 3 -l 5 "$src004" "$tmp/scan"
image_pdf "$tmp/scans.pdf" "$tmp"/scan-*.jpg
qpdf --empty --pages "$tmp/text.pdf" "$tmp/scans.pdf" -- "$tmp/joined.pdf"
qpdf --object-streams=generate --recompress-flate --compression-level=9 "$tmp/joined.pdf" "$here/partial_scan_tables.pdf"

pdftoppm -r 30 -gray -jpeg -jpegopt quality=35 -f 2 -l 2 "$here/report_2021.pdf" "$tmp/page"
image_pdf "$tmp/appendix.pdf" blank "$tmp"/page-*.jpg
qpdf --empty --pages "$here/report_2021.pdf" "$tmp/appendix.pdf" -- "$here/partial_scan_appendix.pdf"
ls -l "$here"/partial_scan_*.pdf

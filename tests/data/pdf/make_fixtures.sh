#!/bin/bash
# Regenerates the PDF fixtures of tests/test_import_pdf.c in this folder (the results are committed; the tests do not
# run this). Needs a build of gongkai_core (BUILD, default build), cairo, a CJK font (fonts-wqy-microhei) and qpdf.
#   bash tests/data/pdf/make_fixtures.sh [BUILD]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=${1:-$root/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -std=c11 -D_GNU_SOURCE -O1 -I"$root/src" $(pkg-config --cflags cairo glib-2.0) -o "$tmp/make_fixtures" \
  "$here/make_fixtures.c" "$build/libgongkai_core.a" \
  $(pkg-config --libs cairo glib-2.0 jansson libutf8proc libxml-2.0 poppler-glib libzip xlsxwriter sqlite3 libpq libmicrohttpd libsodium) -lpthread -lm
"$tmp/make_fixtures" "$here"
# The same report behind a password (AES-256, user password "secret"): must be refused clearly.
qpdf --encrypt secret owner-secret 256 -- "$here/report_2021.pdf" "$here/encrypted.pdf"
# Encrypted with permissions only (empty user password), as agencies often publish: must be read.
qpdf --encrypt "" owner-secret 256 --extract=n --modify=none -- "$here/report_2021.pdf" "$here/restricted.pdf"
# Every page turned a quarter (/Rotate 90): must be read as the upright one.
qpdf --rotate=+90 "$here/report_2021.pdf" "$here/rotated.pdf"
ls -l "$here"/*.pdf

#!/bin/sh
# readme-pictures.sh [DOSSIER] -- remake docs/img/summary.png and
# docs/img/indicator.png, the two pages of the example's dossier that the
# README shows: the scoring summary and the first indicator with previews.
# DOSSIER is the binary (default build/dossier).
set -eu
cd "$(dirname "$0")/.."
dossier=${1:-build/dossier}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

SOURCE_DATE_EPOCH=1730419200 "$dossier" render templates/example/manifest.xml \
    -o "$tmp/d.pdf" --lang id >/dev/null

# the first page whose text has WORDS
page_with() {
    n=$(pdfinfo "$tmp/d.pdf" | sed -n 's/^Pages: *//p')
    i=1
    while [ "$i" -le "$n" ]; do
        if pdftotext -f "$i" -l "$i" -layout "$tmp/d.pdf" - | grep -q "$1"; then
            echo "$i"
            return
        fi
        i=$((i + 1))
    done
    echo "readme-pictures.sh: no page has '$1'" >&2
    exit 1
}

mkdir -p docs/img
summary=$(page_with 'Ringkasan penilaian')
indicator=$(page_with 'Halaman pertama')
pdftoppm -png -r 60 -singlefile -f "$summary" -l "$summary" "$tmp/d.pdf" docs/img/summary
pdftoppm -png -r 60 -singlefile -f "$indicator" -l "$indicator" "$tmp/d.pdf" docs/img/indicator
echo "docs/img/summary.png: page $summary; docs/img/indicator.png: page $indicator"

#!/bin/sh
# readme-pictures.sh [DOSSIER] -- remake docs/img/summary.png,
# docs/img/indicator.png and docs/img/agenda.png, the pages the README
# shows: the example's scoring summary and first indicator with previews,
# and the Pemdi example's clarification agenda.
# DOSSIER is the binary (default build/dossier).
set -eu
cd "$(dirname "$0")/.."
dossier=${1:-build/dossier}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

SOURCE_DATE_EPOCH=1730419200 "$dossier" render templates/example/manifest.xml \
    -o "$tmp/d.pdf" --lang id >/dev/null
SOURCE_DATE_EPOCH=1730419200 "$dossier" render templates/example-pemdi/manifest.xml \
    -o "$tmp/p.pdf" --lang id >/dev/null

# the first page of PDF ($2, default the example's) with a line of WORDS alone
# (a heading: the contents list it with its page number)
page_with() {
    pdf=${2:-$tmp/d.pdf}
    n=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
    i=1
    while [ "$i" -le "$n" ]; do
        if pdftotext -f "$i" -l "$i" -layout "$pdf" - | grep -qx " *$1 *"; then
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
indicator=$(page_with 'Lembar verifikasi · Indikator 1')
pdftoppm -png -r 60 -singlefile -f "$summary" -l "$summary" "$tmp/d.pdf" docs/img/summary
pdftoppm -png -r 60 -singlefile -f "$indicator" -l "$indicator" "$tmp/d.pdf" docs/img/indicator
agenda=$(page_with 'Agenda klarifikasi' "$tmp/p.pdf")
pdftoppm -png -r 60 -singlefile -f "$agenda" -l "$agenda" "$tmp/p.pdf" docs/img/agenda
echo "docs/img/summary.png: page $summary; docs/img/indicator.png: page $indicator;" \
    "docs/img/agenda.png: page $agenda of the Pemdi example"

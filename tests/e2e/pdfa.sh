#!/bin/sh
# pdfa.sh -- every PDF dossier writes is PDF/A-2 (issue 22, point 1):
# pdf_pdfa.py checks each rule src/pdfa.c implements, naming its clause
# of ISO 19005-2, and the structure (headings, tables with header cells,
# figures with alt text), on `render` of both examples in both languages,
# on `render -o -`, and on a pack's data/dossier.pdf.  The same checker
# fails, naming the clauses, on a plain cairo PDF: the same dossier drawn
# again through cairo by pdftocairo, without the qpdf pass.  The bytes
# stay the same from one run to the next under SOURCE_DATE_EPOCH.
# usage: pdfa.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
check=$src/tests/e2e/pdf_pdfa.py
export SOURCE_DATE_EPOCH=1700000000
limit=120

# pdfa NAME PDF ARGS...: the checker passes on PDF
pdfa() {
    name=$1
    pdf=$2
    shift 2
    run "$name: PDF/A" python3 "$check" "$pdf" "$@"
    expect "$name: PDF/A-2 rules and structure hold" 0
    [ "$status" -eq 0 ] || cat "$tmp/out" "$tmp/err"
}

for ex in example example-pemdi; do
    m=$src/templates/$ex/manifest.xml
    # previews in Indonesian (figures with alt text), none in English
    run "$ex id: render" "$dossier" render "$m" -o "$tmp/$ex-id.pdf" --lang id
    expect "$ex id: render" 0
    pdfa "$ex id" "$tmp/$ex-id.pdf" --lang id-ID --structure
    if python3 - "$tmp/$ex-id.pdf" <<'PY'
import subprocess, sys
out = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", sys.argv[1], "-"],
                     capture_output=True).stdout
sys.exit(0 if b"/S /Figure" in out and b"/Alt" in out else 1)
PY
    then ok "$ex id: previews are figures with alt text"
    else not_ok "$ex id: no Figure with /Alt"; fi
    run "$ex en: render" "$dossier" render "$m" -o "$tmp/$ex-en.pdf" --lang en \
        --no-thumbnails
    expect "$ex en: render" 0
    pdfa "$ex en" "$tmp/$ex-en.pdf" --lang en-US --structure
done

# the alt text is the preview's file name
if qpdf --qdf --object-streams=disable "$tmp/example-id.pdf" - 2>/dev/null |
    grep -a -q "/Alt (.*\.pdf)"
then ok "a figure's /Alt is its file's name"
else not_ok "no /Alt names a file"; fi

# reproducible: the same bytes twice
run "render again" "$dossier" render "$src/templates/example-pemdi/manifest.xml" \
    -o "$tmp/again.pdf" --lang id
if cmp -s "$tmp/again.pdf" "$tmp/example-pemdi-id.pdf"
then ok "the PDF/A dossier has the same bytes twice"
else not_ok "two renders differ"; fi

# standard output
run "render -o -" "$dossier" render "$src/templates/example-pemdi/manifest.xml" \
    -o - --lang id
expect "render -o -" 0
cp "$tmp/out" "$tmp/stdout.pdf"
if cmp -s "$tmp/stdout.pdf" "$tmp/example-pemdi-id.pdf"
then ok "render -o - writes the same PDF/A file"
else not_ok "render -o - differs from render -o FILE"; fi

# the bundle's dossier
run "pack" "$dossier" pack "$src/templates/example-pemdi/manifest.xml" \
    -o "$tmp/bundle" --lang en
expect "pack" 0
pdfa "pack" "$tmp/bundle/data/dossier.pdf" --lang en-US --structure
if qpdf --qdf --object-streams=disable "$tmp/bundle/data/dossier.pdf" - \
    2>/dev/null | grep -a -q "<xmpMM:DocumentID>urn:dossier:"
then ok "pack: xmpMM:DocumentID is the bundle id"
else not_ok "pack: the document id is not the bundle's"; fi

# a data folder without the colour profile: an error naming it, no PDF
mkdir -p "$tmp/data"
cp -R "$src/templates/frameworks" "$src/templates/schemas" "$src/fonts" "$tmp/data/"
run "no profile" env DOSSIER_DATADIR="$tmp/data" "$dossier" render \
    "$src/templates/example-pemdi/manifest.xml" -o "$tmp/none.pdf" --no-thumbnails
expect "no colour profile: render fails" 3
has "no colour profile: the error names the file" "color/sRGB.icc" "$tmp/err"
if [ -e "$tmp/none.pdf" ]; then not_ok "no colour profile: a PDF was written"
else ok "no colour profile: no PDF, not even a plain one"; fi

# a plain cairo PDF fails, naming the clauses
if command -v pdftocairo >/dev/null 2>&1; then
    pdftocairo -pdf "$tmp/example-pemdi-id.pdf" "$tmp/plain.pdf"
    run "plain cairo PDF" python3 "$check" "$tmp/plain.pdf" --lang id-ID --structure
    expect "a plain cairo PDF is not PDF/A" 1
    for clause in 6.1.3 6.6.2.1 6.2.3 14.9.2 14.7.2; do
        has "plain cairo PDF: fails $clause" "^FAIL $clause:" "$tmp/out"
    done
else
    skip "plain cairo PDF" "pdftocairo (poppler-utils) is not installed"
fi
finish

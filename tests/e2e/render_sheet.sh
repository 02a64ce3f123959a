#!/bin/sh
# render_sheet.sh -- the verification sheet on the PDF (issue 21 point 3):
# for every indicator of both examples, in both languages, the sheet's
# title is on the page of the indicator's heading or the next, and the
# sheet has the same height everywhere (its title to its signature
# line); a claim of 4 lowered to 2 by the document stage shows level
# 4's criteria; the Pemdi items appear as a checklist; the assessor's
# value 1,30 is shown; a link's secret is printed only with
# --include-secrets, its account always.
# usage: render_sheet.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
sheet=$src/tests/e2e/pdf_sheet.py
export SOURCE_DATE_EPOCH=1732320000

command -v pdftotext >/dev/null 2>&1 || skip_all "no pdftotext"

# placed NAME PDF LANG FRAMEWORK: every indicator of FRAMEWORK has a
# section and a sheet, on its heading's page or the next, all of one
# height
placed() {
    if ! python3 "$sheet" sheets "$2" "$3" >"$tmp/sheets" 2>"$tmp/err"; then
        not_ok "$1: pdf_sheet.py failed: $(snip "$tmp/err")"
        return
    fi
    n=$(wc -l <"$tmp/sheets")
    want=$(grep -c '<indicator id=' "$src/templates/frameworks/$4.xml")
    if [ "$n" -eq "$want" ]; then ok "$1: $n indicator sections"
    else not_ok "$1: $n indicator sections, want $want"; fi
    bad=$(awk '$3 != $2 && $3 != $2 + 1' "$tmp/sheets")
    if [ -z "$bad" ]; then ok "$1: every sheet on its heading's page or the next"
    else not_ok "$1: sheets elsewhere (id head sheet): $(echo "$bad" | head -3 | tr '\n' ';')"; fi
    heights=$(awk '{print $4}' "$tmp/sheets" | sort -u)
    if [ "$(echo "$heights" | wc -l)" -eq 1 ] && [ "$heights" != "-" ]; then
        ok "$1: every sheet $heights pt from title to signature"
    else not_ok "$1: sheet heights differ: $(echo "$heights" | tr '\n' ' ')"; fi
}

for ex in example:spbe-2020 example-pemdi:pemdi-2026; do
    fw=${ex#*:}
    ex=${ex%%:*}
    for lang in id en; do
        run "render $ex $lang" "$dossier" render --lang "$lang" \
            "$src/templates/$ex/manifest.xml" -o "$tmp/$ex-$lang.pdf"
        expect "render $ex $lang" 0
        placed "$ex $lang" "$tmp/$ex-$lang.pdf" "$lang" "$fw"
    done
done

# the Pemdi items of indicator 4 as a checklist, and the value 1,30 (the
# text from the heading's page to the sheet's)
python3 "$sheet" page "$tmp/example-pemdi-id.pdf" id 4 >"$tmp/p4" 2>&1
has "pemdi sheet: checklist header" "diterima" "$tmp/p4"
has "pemdi sheet: item I4-L1-02" "I4-L1-02" "$tmp/p4"
has "pemdi sheet: item I4-L2-01" "I4-L2-01" "$tmp/p4"
has "pemdi sheet: the latest verdict so far" "revisi (penilaian dokumen)" "$tmp/p4"
has "pemdi indicator 4: the assessor's value" "1 · 1,30" "$tmp/p4"
has "pemdi indicator 4: the value that counts" "^1,30$" "$tmp/p4"
has "pemdi indicator 4: the verdicts table" "Hasil verifikasi asesor" "$tmp/p4"
has "pemdi sheet: source says paraphrase" "parafrase" "$tmp/p4"
python3 "$sheet" page "$tmp/example-pemdi-en.pdf" en 4 >"$tmp/p4en" 2>&1
has "pemdi sheet en: checklist header" "accept" "$tmp/p4en"
has "pemdi sheet en: paraphrase" "paraphrase" "$tmp/p4en"

# a claim of 4 that the document stage lowered to 2
mkdir "$tmp/claim"
cp -R "$src/templates/example/." "$tmp/claim"
python3 - "$tmp/claim/manifest.xml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
i = s.index('<indicator id="1"')
j = s.index('</indicator>', i)
block = s[i:j]
block = re.sub(r'<assessment stage="mandiri" level="\d"', '<assessment stage="mandiri" level="4"', block)
block = re.sub(r'<assessment stage="dokumen" level="\d"', '<assessment stage="dokumen" level="2"', block)
open(p, "w", encoding="utf-8").write(s[:i] + block + s[j:])
PY
run "render a lowered claim" "$dossier" render "$tmp/claim/manifest.xml" -o "$tmp/claim.pdf"
expect "render a lowered claim" 0
python3 "$sheet" page "$tmp/claim.pdf" id 1 >"$tmp/c1" 2>&1
has "claim 4, dokumen 2: level 4's criteria" "^Tingkat 4, .*(diklaim)" "$tmp/c1"
has "claim 4, dokumen 2: the counted level 2" "^Tingkat 2, .*(dihitung)" "$tmp/c1"
has "claim 4, dokumen 2: the next level 5" "^Tingkat 5, .*(tingkat berikutnya)" "$tmp/c1"
has "claim 4, dokumen 2: level 4's text" "$(python3 - "$src/templates/frameworks/spbe-2020.xml" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
i = s.index('<indicator id="1"')
m = re.search(r'<criterion level="4" lang="id">(.{1,30})', s[i:])
print(m.group(1))
PY
)" "$tmp/c1"

# a link's account and secret
mkdir "$tmp/secret"
cp -R "$src/templates/example/." "$tmp/secret"
python3 - "$tmp/secret/manifest.xml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s, n = re.subn(r'<link href="https://sukamaju.example.go.id/e-planning"[^>]*>',
               '<link href="https://sukamaju.example.go.id/e-planning" level="3" '
               'account="asesor.uji" secret="Rahasia7Sekali">', s, count=1)
assert n == 1, "no e-planning link in the example"
open(p, "w", encoding="utf-8").write(s)
PY
run "check the secret" "$dossier" check "$tmp/secret/manifest.xml"
if [ "$status" -ne 0 ]; then
    skip "secrets" "this build's manifest schema has no link account/secret yet"
else
    run "render without secrets" "$dossier" render "$tmp/secret/manifest.xml" -o "$tmp/s0.pdf"
    expect "render without secrets" 0
    pdftotext "$tmp/s0.pdf" "$tmp/s0.txt"
    has "account printed" "akun: asesor.uji" "$tmp/s0.txt"
    lacks "secret not printed" "Rahasia7Sekali" "$tmp/s0.txt"
    has "secret given separately" "kata sandi diberikan terpisah" "$tmp/s0.txt"
    run "render with secrets" "$dossier" render --include-secrets \
        "$tmp/secret/manifest.xml" -o "$tmp/s1.pdf"
    expect "render with secrets" 0
    pdftotext "$tmp/s1.pdf" "$tmp/s1.txt"
    has "secret printed when asked" "kata sandi: “Rahasia7Sekali”" "$tmp/s1.txt"
fi

finish

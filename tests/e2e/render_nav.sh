#!/bin/sh
# render_nav.sh -- navigation on paper (issue 21, point 4) and the visit
# plan (point 5), on the PDF itself, for both examples in both
# languages: the contents list every section and indicator with the page
# it really starts on, each a link to it (pdf_nav.py toc); every page
# reference of the OPD table, the visit plan and the appendices is a
# link to the page of the indicator its row names (pdf_nav.py refs).
# With a manifest that gives visits and demo accounts: the plan shows
# date and time, place and person in charge, the account, and the
# password only with --include-secrets.
# usage: render_nav.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
nav=$src/tests/e2e/pdf_nav.py
export SOURCE_DATE_EPOCH=1732320000

for ex in example example-pemdi; do
    for lang in id en; do
        pdf=$tmp/$ex-$lang.pdf
        run "$ex $lang: render" "$dossier" render "$src/templates/$ex/manifest.xml" \
            -o "$pdf" --lang "$lang" --no-thumbnails
        expect "$ex $lang: render" 0
        run "$ex $lang: contents" python3 "$nav" toc "$pdf" "$lang"
        expect "$ex $lang: contents list every section at its page, linked" 0
        [ "$status" -eq 0 ] || cat "$tmp/out"
        run "$ex $lang: page references" python3 "$nav" refs "$pdf" "$lang"
        expect "$ex $lang: page references point to their page, linked" 0
        [ "$status" -eq 0 ] || cat "$tmp/out"
    done
done

# The visit plan from the manifest: visits and a demo account.  The
# example is copied (its evidence with it) and given both.
cp -R "$src/templates/example" "$tmp/v"
python3 - "$tmp/v/manifest.xml" <<'PY'
import re, sys
path = sys.argv[1]
s = open(path, encoding="utf-8").read()
owners = []
for m in re.finditer(r'<indicator [^>]*owner="([^"]+)"', s):
    if m.group(1) not in owners:
        owners.append(m.group(1))
visits = (
    f'  <visit owner="{owners[1]}" date="2026-08-13" time="13.00-14.30" '
    f'place="Aula Nav Tiga" person="Nav Person A"/>\n'
    f'  <visit owner="{owners[0]}" date="2026-08-12" time="09.00-10.30" '
    f'place="Ruang Nav Satu" person="Nav Person B, Kabid"/>\n')
# the example's own visits and accounts, if it has them, give way
s = re.sub(r'[ \t]*<visit [^>]*/>\n', '', s)
i = s.index("  <indicator ")
s = s[:i] + visits + s[i:]
s, n = re.subn(r'<link href="https://sukamaju.example.go.id/e-planning"[^>]*>',
               '<link href="https://sukamaju.example.go.id/e-planning" level="3" '
               'account="asesor.nav" secret="Nav-S3cret-7731">', s, count=1)
assert n == 1
open(path, "w", encoding="utf-8").write(s)
PY
run "check the manifest with visits" "$dossier" check "$tmp/v/manifest.xml"
if [ "$status" -ne 0 ]; then
    # the loader of <visit> and link accounts (r21-data) is not in this build
    skip "visit plan from the manifest" "check refuses <visit>: $(snip "$tmp/err")"
    finish
    exit
fi
for lang in id en; do
    pdf=$tmp/v-$lang.pdf
    run "visits $lang: render" "$dossier" render "$tmp/v/manifest.xml" -o "$pdf" \
        --lang "$lang" --no-thumbnails
    expect "visits $lang: render" 0
    pdftotext -layout "$pdf" "$tmp/v-$lang.txt"
    has "visits $lang: place" "Ruang Nav Satu" "$tmp/v-$lang.txt"
    has "visits $lang: person in charge" "Nav Person B, Kabid" "$tmp/v-$lang.txt"
    has "visits $lang: time" "09.00-10.30" "$tmp/v-$lang.txt"
    has "visits $lang: account" "asesor.nav" "$tmp/v-$lang.txt"
    lacks "visits $lang: no secret without --include-secrets" "Nav-S3cret-7731" \
        "$tmp/v-$lang.txt"
    run "visits $lang: page references" python3 "$nav" refs "$pdf" "$lang"
    expect "visits $lang: page references point to their page, linked" 0
    run "visits $lang: render with secrets" "$dossier" render "$tmp/v/manifest.xml" \
        -o "$tmp/s-$lang.pdf" --lang "$lang" --no-thumbnails --include-secrets
    expect "visits $lang: render with secrets" 0
    pdftotext -layout "$tmp/s-$lang.pdf" "$tmp/s-$lang.txt"
    has "visits $lang: the secret with --include-secrets" "Nav-S3cret-7731" \
        "$tmp/s-$lang.txt"
done
has "visits id: date" "12 Agustus 2026, 09.00-10.30" "$tmp/v-id.txt"
has "visits en: date" "12 August 2026, 09.00-10.30" "$tmp/v-en.txt"
has "visits id: password given separately" "kata sandi diberikan terpisah" "$tmp/v-id.txt"
has "visits en: password given separately" "password given separately" "$tmp/v-en.txt"
# the earlier visit first
first=$(grep -n -e "Ruang Nav Satu" -e "Aula Nav Tiga" "$tmp/v-en.txt" | head -1)
case $first in
*"Ruang Nav Satu"*) ok "visits: in the order of their dates" ;;
*) not_ok "visits: first is '$first'" ;;
esac
finish

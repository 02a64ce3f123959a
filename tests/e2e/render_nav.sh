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

# The visit plan from the manifest: visits and a demo account.  Each
# example is copied (its evidence with it) and given both, its own
# visits and accounts taken out first.
cat >"$tmp/visits.py" <<'PY'
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
s = re.sub(r'[ \t]*<visit [^>]*/>\n', '', s)
s = re.sub(r' (account|secret)="[^"]*"', '', s)
# before the first indicator of the root (not one inside <previous>)
i = s.index("\n  <indicator ") + 1
s = s[:i] + visits + s[i:]
# a demo account on a link of the first OPD's first indicator
m = re.search(r'<indicator [^>]*owner="%s"[^>]*>' % re.escape(owners[0]), s)
end = s.index("</indicator>", m.end())
body = s[m.end():end]
if "<link " in body:
    body = re.sub(r'<link ', '<link account="asesor.nav" secret="Nav-S3cret-7731" ',
                  body, count=1)
else:
    body += ('  <link href="https://nav.example.go.id/app" account="asesor.nav" '
             'secret="Nav-S3cret-7731">Aplikasi Nav</link>\n  ')
s = s[:m.end()] + body + s[end:]
open(path, "w", encoding="utf-8").write(s)
PY
for ex in example example-pemdi; do
    cp -R "$src/templates/$ex" "$tmp/v-$ex"
    python3 "$tmp/visits.py" "$tmp/v-$ex/manifest.xml"
    run "$ex: check the manifest with visits" "$dossier" check "$tmp/v-$ex/manifest.xml"
    if [ "$status" -ne 0 ]; then
        # the loader of <visit> and link accounts (r21-data) is not here
        skip "$ex: visit plan from the manifest" "check refuses it: $(snip "$tmp/out")"
        continue
    fi
    for lang in id en; do
        v=$tmp/v-$ex-$lang
        run "$ex $lang: render visits" "$dossier" render "$tmp/v-$ex/manifest.xml" \
            -o "$v.pdf" --lang "$lang" --no-thumbnails
        expect "$ex $lang: render visits" 0
        pdftotext -layout "$v.pdf" "$v.txt"
        # the same in reading order, lines joined: a cell's text may wrap
        pdftotext "$v.pdf" - | tr -s ' \n' '  ' >"$v.flat"
        has "$ex $lang: place" "Ruang Nav Satu" "$v.txt"
        has "$ex $lang: person in charge" "Nav Person B, Kabid" "$v.txt"
        has "$ex $lang: time" "09.00-10.30" "$v.txt"
        has "$ex $lang: account" "asesor.nav" "$v.txt"
        lacks "$ex $lang: no secret without --include-secrets" "Nav-S3cret-7731" "$v.txt"
        run "$ex $lang: visit page references" python3 "$nav" refs "$v.pdf" "$lang"
        expect "$ex $lang: visit page references point to their page, linked" 0
        run "$ex $lang: render with secrets" "$dossier" render "$tmp/v-$ex/manifest.xml" \
            -o "$v-s.pdf" --lang "$lang" --no-thumbnails --include-secrets
        expect "$ex $lang: render with secrets" 0
        pdftotext -layout "$v-s.pdf" "$v-s.txt"
        has "$ex $lang: the secret with --include-secrets" "Nav-S3cret-7731" "$v-s.txt"
        # the earlier visit first
        first=$(grep -e "Ruang Nav Satu" -e "Aula Nav Tiga" "$v.txt" | head -1)
        case $first in
        *"Ruang Nav Satu"*) ok "$ex $lang: visits in the order of their dates" ;;
        *) not_ok "$ex $lang: first visit is '$first'" ;;
        esac
    done
    has "$ex id: date" "12 Agustus 2026, 09.00-10.30" "$tmp/v-$ex-id.txt"
    has "$ex en: date" "12 August 2026, 09.00-10.30" "$tmp/v-$ex-en.txt"
    has "$ex id: password given separately" "kata sandi diberikan terpisah" \
        "$tmp/v-$ex-id.flat"
    has "$ex en: password given separately" "password given separately" \
        "$tmp/v-$ex-en.flat"
done
finish

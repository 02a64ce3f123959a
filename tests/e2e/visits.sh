#!/bin/sh
# visits.sh -- the findings of issue 21's data on one manifest that has
# each of them: visits (owner unknown, twice, impossible date), last
# year's indicators (unknown, repeated, level and value out of range) and
# a password in a link's text; in text (English and Indonesian) and JSON,
# each with its code, severity, indicator and line; and the examples,
# whose visits and last year's levels give none of them.
# usage: visits.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

mkdir -p "$tmp/w/bukti"
# line numbers matter: the expectations below name them
cat >"$tmp/w/manifest.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">
  <instance name="Kabupaten Fiktif"/>
  <previous year="2023" index="2.45">
    <indicator id="1" level="2" value="2.5"/>
    <indicator id="99" level="3"/>
    <indicator id="1" level="3"/>
    <indicator id="2" level="6" value="9"/>
  </previous>
  <evidence-root path="bukti"/>
  <visit owner="Diskominfo" date="2024-08-12" time="09.00-10.30"/>
  <visit owner="diskominfo"/>
  <visit owner="Diskominfo" date="2024-02-30"/>
  <indicator id="1" owner="Diskominfo">
    <assessment stage="mandiri" level="1"/>
    <link href="https://app.example/a">Aplikasi A; akun demo: asesor.spbe / Rahasia#2024</link>
    <link href="https://app.example/b" account="asesor.spbe" secret="Rahasia#2024">Aplikasi B</link>
  </indicator>
</dossier>
XML
m=$tmp/w/manifest.xml

json_codes() {
    python3 - "$tmp/out" >"$tmp/codes" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    for f in d["findings"]:
        print(f["code"], f["severity"], f["indicator"] or "-", f["line"])
except Exception as e:
    print("unreadable", e)
PY
}

run "json" "$dossier" check --format json "$m"
expect "json: errors exit 1" 1
json_codes
for want in \
    "visit-owner-unknown warning - 12" \
    "visit-duplicate warning - 13" \
    "visit-date-invalid error - 13" \
    "previous-id-unknown warning 99 6" \
    "previous-id-duplicate warning 1 7" \
    "level-range error 2 8" \
    "value-invalid error 2 8" \
    "link-secret-in-text warning 1 16"; do
    if grep -qx -- "$want" "$tmp/codes"; then ok "json: $want"
    else not_ok "json: no '$want' in $(tr '\n' ';' <"$tmp/codes")"; fi
done
n=$(grep -c '^link-secret-in-text ' "$tmp/codes")
if [ "$n" = 1 ]; then ok "json: a link with secret= is not reported"
else not_ok "json: $n link-secret-in-text, want 1"; fi
lacks "json: no finding quotes a password" 'Rahasia#2024'

run "text, English" "$dossier" check --lang en "$m"
expect "text, English" 1
has "en: owner written otherwise" \
    "manifest.xml:12: warning: the visit is for 'diskominfo', which owns no indicator; the indicators write it 'Diskominfo': write it exactly the same \[visit-owner-unknown\]"
has "en: a second visit" \
    "manifest.xml:13: warning: a second visit for 'Diskominfo' (the first is on line 11, and it counts).*\[visit-duplicate\]"
has "en: impossible date" \
    "manifest.xml:13: error: the visit date '2024-02-30' is not a real date \[visit-date-invalid\]"
has "en: unknown previous indicator" \
    "manifest.xml:6: warning: <previous> gives a level for indicator '99', which framework 'spbe-2020' does not have (it has 47 indicators) \[previous-id-unknown\]"
has "en: repeated previous indicator" \
    "manifest.xml:7: warning: <previous> gives indicator '1' a second time (the first is on line 5, and it counts) \[previous-id-duplicate\]"
has "en: last year's level" \
    "manifest.xml:8: error: last year's indicator level 6 is outside 1 to 5 \[level-range\]"
has "en: last year's value" \
    "manifest.xml:8: error: last year's value of indicator '2' is outside 1.00 to 5.00.*\[value-invalid\]"
has "en: password in a link's text" \
    "manifest.xml:16: warning: the link's text looks like it holds a password: move the account to account=\"...\" and the password to secret=\"...\"; a secret is printed only on request and never archived \[link-secret-in-text\]"
lacks "en: no finding quotes a password" 'Rahasia#2024'

run "text, Indonesian" "$dossier" check "$m"
expect "text, Indonesian" 1
has "id: owner unknown" "manifest.xml:12: peringatan: visitasi ditujukan ke 'diskominfo', yang bukan pengampu indikator mana pun.*\[visit-owner-unknown\]"
has "id: a second visit" "manifest.xml:13: peringatan: visitasi kedua untuk 'Diskominfo'.*\[visit-duplicate\]"
has "id: impossible date" "manifest.xml:13: kesalahan: tanggal visitasi '2024-02-30' bukan tanggal yang nyata \[visit-date-invalid\]"
has "id: unknown previous indicator" "manifest.xml:6: peringatan: <previous> memberi tingkat untuk indikator '99'.*\[previous-id-unknown\]"
has "id: repeated previous indicator" "manifest.xml:7: peringatan: <previous> memuat indikator '1' untuk kedua kalinya.*\[previous-id-duplicate\]"
has "id: last year's value" "manifest.xml:8: kesalahan: nilai tahun lalu indikator '2' di luar rentang 1,00 sampai 5,00.*\[value-invalid\]"
has "id: password in a link's text" "manifest.xml:16: peringatan: teks tautan tampaknya memuat kata sandi: pindahkan akun ke account=\"...\" dan kata sandi ke secret=.*\[link-secret-in-text\]"
lacks "id: no English message left" "looks like it holds a password"

# the examples' visits, last year's levels and accounts give none of them
for ex in example example-pemdi; do
    run "$ex, json" "$dossier" check --format json "$src/templates/$ex/manifest.xml"
    expect "$ex: no errors" 0
    json_codes
    if grep -Eq '^(visit-|previous-id-|link-secret-|level-range|value-invalid)' "$tmp/codes"
    then not_ok "$ex: $(grep -E '^(visit-|previous-id-|link-secret-)' "$tmp/codes" | tr '\n' ';')"
    else ok "$ex: no finding on visits, last year's levels or links"; fi
done
has "the Pemdi example has last year's levels" '<indicator id="17" level="2" value="2.0"/>' \
    "$src/templates/example-pemdi/manifest.xml"
if [ "$(grep -c '<visit ' "$src/templates/example/manifest.xml")" -ge 3 ] &&
    [ "$(grep -c '<visit ' "$src/templates/example-pemdi/manifest.xml")" -ge 3 ]; then
    ok "both examples plan visits"
else not_ok "an example plans fewer than 3 visits"; fi
lacks "the example's link texts hold no password" 'akun demo:' "$src/templates/example/manifest.xml"
has "the example's links carry accounts" 'account="asesor.spbe" secret=' "$src/templates/example/manifest.xml"

finish

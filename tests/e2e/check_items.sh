#!/bin/sh
# check_items.sh -- the findings of issue 20 on one Pemdi manifest that
# has each of them: items, verdicts, responses, values and external
# indices, in text (English and Indonesian) and JSON, each with its
# code, severity, indicator and line; and a manifest without them.
# usage: check_items.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

mkdir -p "$tmp/w/bukti"
printf 'SK tim pemerintah digital\n' >"$tmp/w/bukti/sk.txt"
printf 'Notulen rapat\n' >"$tmp/w/bukti/notulen.txt"
# line numbers matter: the expectations below name them
cat >"$tmp/w/manifest.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<dossier xmlns="urn:dossier:manifest:1" framework="pemdi-2026" year="2026">
  <instance name="Kabupaten Fiktif"/>
  <evidence-root path="bukti"/>
  <indicator id="1" owner="Diskominfo">
    <assessment stage="mandiri" level="2">Tim sudah ditetapkan</assessment>
    <assessment stage="dokumen" level="2" value="1,3"/>
    <evidence file="sk.txt" level="1" item="I1-L1-01 I1-L9-01">SK Tim</evidence>
    <evidence file="notulen.txt" level="2" item="I1-L2-01 I1-L2-02 I1-L2-03">Notulen</evidence>
    <verdict stage="dokumen" item="I1-L1-01" status="revisi" kind="tidak-tepat">Bukan SK</verdict>
    <verdict stage="dokumen" item="I1-L2-01" status="diterima"/>
    <verdict stage="dokumen" item="I1-L2-02" status="diterima" kind="tidak-tepat"/>
    <verdict stage="dokumen" item="I1-L2-02" status="diterima"/>
    <verdict stage="dokumen" item="I1-L7-01" status="revisi"/><verdict stage="dokumen" item="I1-L2-03" status="revisi"/>
    <verdict stage="interviu" status="diterima"/>
    <response item="I1-L1-01">SK yang benar terlampir</response>
    <response item="I2-L1-01">salah tempat</response>
  </indicator>
  <indicator id="2" owner="Diskominfo">
    <assessment stage="mandiri" level="1" value="1.2.3">x</assessment>
    <evidence file="sk.txt" level="1" item="I2-L1-01 I2-L1-02">SK</evidence>
    <external index="SDI" value="50"/>
  </indicator>
  <indicator id="6" owner="Bappeda">
    <external index="SJIG" value="6"/>
  </indicator>
</dossier>
XML
m=$tmp/w/manifest.xml

# code LINE: "CODE SEVERITY INDICATOR LINE" of every finding of the last
# JSON output, one a line, into $tmp/codes
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

run "items, json" "$dossier" check --format json "$m"
expect "items, json: errors exit 1" 1
json_codes
for want in \
    "item-unknown error 1 8" \
    "item-unknown error 1 17" \
    "item-unsupported warning 1 7" \
    "verdict-item-unknown error 1 14" \
    "verdict-item-missing warning 1 15" \
    "revisi-no-response warning 1 14" \
    "accepted-above-rejected note 1 11" \
    "value-out-of-band warning 1 7" \
    "verdict-duplicate warning 1 13" \
    "verdict-kind-ignored warning 1 12" \
    "value-invalid error 2 20" \
    "external-invalid error 2 22" \
    "external-invalid error 6 25" \
    "external-missing note 5 0" \
    "external-missing note 7 0" \
    "external-missing note 18 0"; do
    if grep -qx -- "$want" "$tmp/codes"; then ok "json: $want"
    else not_ok "json: no '$want' in $(tr '\n' ';' <"$tmp/codes")"; fi
done
# the revisi with a response, the one on an unknown item (its error says
# it), and the items named, give nothing more
n=$(grep -c '^revisi-no-response ' "$tmp/codes")
if [ "$n" = 1 ]; then ok "json: one revisi without a response"
else not_ok "json: $n revisi-no-response, want 1"; fi
n=$(grep -c '^item-unsupported ' "$tmp/codes")
if [ "$n" = 1 ]; then ok "json: one item of level 2 unsupported (I1-L2-04)"
else not_ok "json: $n item-unsupported, want 1"; fi
# an external indicator is not "not filled": its value is not assessed
if grep -Eq '^indicator-not-filled warning (5|6|7|18) ' "$tmp/codes"; then
    not_ok "json: an external indicator reported as not filled"
else ok "json: no external indicator reported as not filled"; fi

run "items, text, English" "$dossier" check --lang en "$m"
expect "items, text, English" 1
has "en: unknown item" \
    "manifest.xml:8: error: item I1-L9-01 is not an item of indicator 1 (its items run from I1-L1-01 to I1-L5-03): correct the id \[item-unknown\]"
has "en: item of another indicator" \
    "manifest.xml:17: error: item I2-L1-01 belongs to indicator 2, not to indicator 1: move it there, or correct the id \[item-unknown\]"
has "en: item without evidence" \
    "manifest.xml:7: warning: item I1-L2-04 of the claimed level 2 (dokumen) has no evidence.*\[item-unsupported\]"
has "en: verdict on an unknown item" \
    "manifest.xml:14: error: item I1-L7-01 is not an item of indicator 1.*\[verdict-item-unknown\]"
has "en: verdict without an item" \
    "manifest.xml:15: warning: the interviu verdict names no item: framework 'pemdi-2026' judges items (butir).*\[verdict-item-missing\]"
has "en: revisi on the agenda" \
    "manifest.xml:14: warning: item I1-L2-03 is revisi at the dokumen stage and has no response yet: it is on the interview agenda.*\[revisi-no-response\]"
has "en: accepted above rejected" \
    "manifest.xml:11: note: items I1-L2-01, I1-L2-02 are accepted although level 1 below them has the revisi item I1-L1-01: the portal will reject them automatically (otomatis ditolak) until I1-L1-01 is accepted \[accepted-above-rejected\]"
has "en: value out of band" \
    "manifest.xml:7: warning: value '1,3' of the dokumen assessment lies outside the band of level 2 (1.50 to 2.50): correct the value or the level \[value-out-of-band\]"
has "en: duplicate verdict" \
    "manifest.xml:13: warning: a second dokumen verdict on item I1-L2-02 (the first is on line 12): the later one counts.*\[verdict-duplicate\]"
has "en: kind on a diterima" \
    "manifest.xml:12: warning: a diterima verdict has kind 'tidak-tepat'.*\[verdict-kind-ignored\]"
has "en: value not a number" \
    "manifest.xml:20: error: value '1.2.3' of the mandiri assessment is not a number with at most four decimals.*\[value-invalid\]"
has "en: external on an evidence indicator" \
    "manifest.xml:22: error: indicator 2 is scored from evidence, not from an external index: remove <external> \[external-invalid\]"
has "en: SJIG without conversion outside 1 to 5" \
    "manifest.xml:25: error: SJIG value '6' is outside 1.00 to 5.00: no conversion of the SJIG index is known.*\[external-invalid\]"
has "en: external missing counts as 1" \
    "manifest.xml: note: indicator 5 is scored from the SDI index (One Data Indonesia Index) and has no value yet: it counts as 1; add <external index=\"SDI\" value=\"...\"/> with the value Bappenas published \[external-missing\]"

run "items, text, Indonesian" "$dossier" check "$m"
expect "items, text, Indonesian" 1
has "id: revisi on the interview agenda" \
    "manifest.xml:14: peringatan: butir I1-L2-03 berstatus revisi pada tahap dokumen dan belum ditanggapi: butir ini masuk agenda interviu"
has "id: otomatis ditolak" \
    "portal akan menolaknya secara otomatis (otomatis ditolak) sampai I1-L1-01 diterima \[accepted-above-rejected\]"
has "id: counts as 1" "belum memiliki nilai: dihitung 1; .*\[external-missing\]"
has "id: decimal comma in the band" "di luar rentang tingkat 2 (1,50 sampai 2,50)"
lacks "id: no English message left" "has no evidence: name it"

# a Pemdi manifest whose items, verdicts and values agree: none of them
cat >"$tmp/w/clean.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<dossier xmlns="urn:dossier:manifest:1" framework="pemdi-2026" year="2026">
  <instance name="Kabupaten Fiktif"/>
  <evidence-root path="bukti"/>
  <indicator id="1" owner="Diskominfo">
    <assessment stage="mandiri" level="1">Tim sudah ditetapkan</assessment>
    <assessment stage="dokumen" level="1" value="1.3"/>
    <evidence file="sk.txt" level="1" item="I1-L1-01">SK Tim</evidence>
    <verdict stage="dokumen" item="I1-L1-01" status="revisi" kind="tidak-tepat">Bukan SK</verdict>
    <response item="I1-L1-01">SK yang benar terlampir</response>
  </indicator>
  <indicator id="5"><external index="SDI" value="68.75" year="2025" source="Bappenas"/></indicator>
  <indicator id="6"><assessment stage="dokumen" level="2" value="2.25"/></indicator>
  <indicator id="7"><external index="IPS" value="3"/></indicator>
  <indicator id="18"><external index="SDI-INTEROP" value="25"/></indicator>
</dossier>
XML
run "clean, json" "$dossier" check --format json "$tmp/w/clean.xml"
expect "clean, json: no errors" 0
json_codes
if grep -Eq '^(item-|verdict-|revisi-|accepted-|external-|value-)' "$tmp/codes"
then not_ok "clean: $(grep -E '^(item-|verdict-|revisi-|accepted-|external-|value-)' "$tmp/codes" | tr '\n' ';')"
else ok "clean: no finding on items, verdicts, values or indices"; fi

finish

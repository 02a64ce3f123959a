#!/bin/sh
# score_pemdi.sh -- dossier score on Pemdi 2026 manifests (issue 20): the
# published Aceh Tengah values reproduced and shown half-up with a decimal
# comma, external indices, indices per stage, --estimate from item
# verdicts, the plan in items, and a rounded value across a band boundary.
# usage: score_pemdi.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
example=$src/templates/example/manifest.xml
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

# json NAME FILE EXPR WANT: the Python expression EXPR on the JSON
# document 'd' in FILE prints WANT
json() {
    got=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$2" "$3" 2>&1)
    if [ "$got" = "$4" ]; then ok "$1"; else
        not_ok "$1: got '$got', want '$4'"
    fi
}

# aceh FILE I13: Kab. Aceh Tengah's assessor values of 21 Sep 2026
# (reference §3.3) at stage dokumen, with I13 written as I13; I5-I7 and
# I18 are external and have no value; I1 and I20 also have a mandiri
# assessment, so that two stages are present
aceh() {
    {
        echo '<dossier xmlns="urn:dossier:manifest:1" framework="pemdi-2026" year="2026">'
        echo '<instance name="Kabupaten Aceh Tengah"/>'
        i=0
        for v in 2.0 1.5 1.26 1.3 - - - 1.0 1.0 1.0 1.5 1.25 "$2" 1.0 1.0 1.0 2.5 - 1.0 1.3; do
            i=$((i + 1))
            [ "$v" = - ] && continue
            lv=${v%%.*}
            extra=
            if [ $i -eq 1 ] || [ $i -eq 20 ]; then
                extra='<assessment stage="mandiri" level="3"/>'
            fi
            echo "<indicator id=\"$i\">$extra<assessment stage=\"dokumen\" level=\"$lv\" value=\"$v\"/></indicator>"
        done
        echo '</dossier>'
    } >"$1"
}

aceh "$tmp/at.xml" 1.1667
run "aceh tengah" "$dossier" score "$tmp/at.xml"
expect "aceh tengah" 0
has "index 1,24 Kurang" "^Indeks: 1,24  Kurang$"
n=0
for want in "A1 1,75" "A2 1,28" "A3 1,00" "A4 1,17" "A5 1,08" "A6 1,40" "A7 1,18"; do
    n=$((n + 1))
    has "aspect $n as published: ${want#* }" "^  A$n .* ${want#* }  [A-Z]"
done
has "external indicators count 1 and say so" "^    5 .*indeks eksternal SDI belum ada: dihitung 1"
has "indices per stage" "^Indeks per tahap"
has "mandiri and dokumen side by side" "^  Indeks  *[1-5],[0-9][0-9]  *1,24$"
has "indices per stage: aspect names are not cut" \
    "^  A6   Keterpaduan Layanan Digital Pemerintah  *1,00  *1,40$"
has "indices per stage: the longest name too" \
    "^  A7   Kepuasan Pengguna Layanan Digital Pemerintah  *[1-5],[0-9][0-9]  *1,18$"
lacks "no estimate without --estimate" "PERKIRAAN"
lacks "no item lists used, none marked" "^Butir: sementara"
has "the provisional note is shown" "^Katalog sementara: "
lacks "the provisional note says level, as the glossary" "nama tingkat\|tiap tingkat"

run "aceh tengah json" "$dossier" score --format json "$tmp/at.xml"
expect "aceh tengah json" 0
json "json index" "$tmp/out" 'd["index"]' 1.24
json "json index_exact" "$tmp/out" 'd["index_exact"]' 124133500/100000000
json "json predikat" "$tmp/out" 'd["predikat"]' Kurang
json "json aspects" "$tmp/out" '" ".join("%.2f" % a["index"] for a in d["aspects"])' \
    "1.75 1.28 1.00 1.17 1.08 1.40 1.18"
json "json I13 keeps four decimals" "$tmp/out" 'd["indicators"][12]["value"]' 1.1667
json "json external missing" "$tmp/out" \
    '[i["id"] for i in d["indicators"] if i["external_missing"]]' "['5', '6', '7', '18']"
json "json indices by stage" "$tmp/out" 'sorted(d["indices"])' "['dokumen', 'mandiri']"
json "json dokumen index" "$tmp/out" \
    '(d["indices"]["dokumen"]["index"], d["indices"]["dokumen"]["predikat"])' "(1.24, 'Kurang')"
json "json mandiri aspects" "$tmp/out" 'len(d["indices"]["mandiri"]["aspects"])' 7
json "json no crossing" "$tmp/out" 'd["rounded_crosses_band"]' False

# I13 as the portal shows it: aspect 5 = (1.17 + 1.00) / 2 = 1.085 -> 1.09
aceh "$tmp/at117.xml" 1.17
run "I13 written 1.17" "$dossier" score --lang en "$tmp/at117.xml"
expect "I13 written 1.17" 0
has "aspect 5 is then 1.09, not the published 1.08" "^  A5 .* 1\.09  Poor"

# SDI 25 converts to 2.00
cat >"$tmp/sdi.xml" <<'XML'
<dossier xmlns="urn:dossier:manifest:1" framework="pemdi-2026" year="2026">
<instance name="Kabupaten Uji"/>
<indicator id="5"><external index="SDI" value="25" year="2025" source="Bappenas"/></indicator>
</dossier>
XML
run "sdi 25" "$dossier" score --format json "$tmp/sdi.xml"
expect "sdi 25" 0
json "SDI 25 scores I5 as 2.00" "$tmp/out" \
    '(d["indicators"][4]["value"], d["indicators"][4]["level"], d["indicators"][4]["external_index"])' \
    "(2.0, 2, 25.0)"
run "sdi 25 text" "$dossier" score "$tmp/sdi.xml"
has "the index given is shown" "^    5  2 .* 2,00 .*\[indeks eksternal SDI 25\]"
has "the stage column is as wide as 'belum diisi'" \
    "^    1  1 Rintisan  *1,00 belum diisi Tingkat Kematangan Tata Kelola Pemdi$"
has "and the names line up after a shorter word" \
    "^    5  2 Terkelola  *2,00 eksternal   Tingkat Kematangan Tata Kelola Data  "

# level 4, whose name is the longest, is not cut
sed 's|<indicator id="5">|<indicator id="1"><assessment stage="dokumen" level="4"/></indicator>&|' \
    "$tmp/sdi.xml" >"$tmp/l4.xml"
run "level 4 text" "$dossier" score "$tmp/l4.xml"
expect "level 4 text" 0
has "the longest level name is whole" \
    "^    1  4 Terintegrasi dan Terukur  4,00 dokumen     Tingkat"
run "level 4 en" "$dossier" score --lang en "$tmp/l4.xml"
has "en: the longest level name is whole" \
    "^    1  4 Integrated and Measured  4.00 dokumen    Maturity"

# the Tahap 1 verdicts of reference §4.1, at dokumen
{
    echo '<dossier xmlns="urn:dossier:manifest:1" framework="pemdi-2026" year="2026">'
    echo '<instance name="Kabupaten Uji"/>'
    for ind in 1 2 3 4 8 9 10 11 12 13 14 15 16 17 19 20; do
        printf '<indicator id="%s" owner="OPD %s">' "$ind" "$ind"
        for it in I1-L1-01 I1-L2-01 I1-L2-03 I2-L1-01 I2-L1-02 I3-L1-01 \
                  I3-L1-02 I4-L1-01 I4-L1-03 I11-L1-01 I12-L1-01 I13-L1-01 \
                  I17-L1-01 I17-L1-02 I17-L2-01 I17-L2-02 I20-L1-01 I20-L1-02; do
            case $it in "I$ind-"*)
                printf '<verdict stage="dokumen" item="%s" status="diterima"/>' "$it" ;;
            esac
        done
        for it in I1-L2-02:tidak-tepat I4-L1-02:tidak-tepat I9-L1-01:tidak-tepat \
                  I10-L1-01:tidak-tepat I13-L1-02:tidak-tepat I15-L1-01:tidak-tepat \
                  I19-L1-02:tidak-tepat I8-L1-01:belum-diunggah I12-L1-02:belum-diunggah \
                  I13-L2-01:belum-diunggah I13-L2-02:belum-diunggah I13-L3-01:belum-diunggah \
                  I14-L1-01:belum-diunggah I14-L1-02:belum-diunggah I16-L1-01:belum-diunggah \
                  I20-L1-03:belum-diunggah I20-L1-04:belum-diunggah \
                  I4-L2-02:otomatis-ditolak I12-L2-01:otomatis-ditolak; do
            case ${it%%:*} in "I$ind-"*)
                printf '<verdict stage="dokumen" item="%s" status="revisi" kind="%s">catatan</verdict>' \
                    "${it%%:*}" "${it#*:}" ;;
            esac
        done
        echo '</indicator>'
    done
    echo '</dossier>'
} >"$tmp/t1.xml"
run "estimate" "$dossier" score --estimate --format json "$tmp/t1.xml"
expect "estimate" 0
json "estimates of reference §3.4" "$tmp/out" \
    '" ".join("I%s=%s" % (i["id"], i["value"]) for i in d["indicators"] if i["id"] in ("1", "2", "11", "12", "13", "17"))' \
    "I1=2.0 I2=1.5 I11=1.5 I12=1.25 I13=1.1667 I17=2.5"
json "estimates are flagged" "$tmp/out" \
    '(d["estimated"], all(i["estimated"] for i in d["indicators"] if not i["external"]))' "(16, True)"
json "json: the item lists are provisional" "$tmp/out" 'd["items_provisional"]' True
json "item plan: largest gain first" "$tmp/out" \
    'all(a["gain"] >= b["gain"] for a, b in zip(d["item_plan"], d["item_plan"][1:]))' True
json "item plan: every revisi item" "$tmp/out" 'len(d["item_plan"])' 19
json "item plan: I20-L1-03 then I20-L1-04" "$tmp/out" \
    '[p["item"] for p in d["item_plan"] if p["indicator"] == "20"]' "['I20-L1-03', 'I20-L1-04']"
json "item plan: no gain above an incomplete level" "$tmp/out" \
    '[p["gain"] for p in d["item_plan"] if p["item"] == "I13-L3-01"]' "[0.0]"
run "estimate text" "$dossier" score --estimate "$tmp/t1.xml"
expect "estimate text" 0
has "the estimate is announced" "^PERKIRAAN: nilai 16 indikator"
has "the index is labelled" "^Indeks: [1-5],[0-9][0-9]  [A-Za-z ]*  \[perkiraan\]"
has "I13 is labelled" "^   13 .* 1,17 .*\[perkiraan dari putusan butir\]"
has "the item plan is shown" "^  I20-L1-03  1,25 -> 1,38  +0,0188"
has "the item lists it rests on are marked provisional" "^Butir: sementara\. "
has "the item plan says what it ranks" \
    "^Butir revisi yang perlu diselesaikan, diurutkan dari tambahan indeks terbesar bila butir itu saja diterima"
has "the item plan: kind in its column, then the name" \
    "^  I4-L2-02   [0-9,]* -> [0-9,]*  +[0-9,]*  otomatis-ditolak  Tingkat Kematangan Kolaborasi Pemdi$"
has "the item plan: a shorter kind is padded" \
    "^  I20-L1-03  1,25 -> 1,38  +0,0188  belum-diunggah    Tingkat Pengelolaan"
run "no estimate" "$dossier" score "$tmp/t1.xml"
expect "no estimate" 0
lacks "without --estimate no value is estimated" "perkiraan dari putusan"
has "the item plan is shown without --estimate too" "^Butir revisi yang perlu diselesaikan"
has "the item plan needs no --estimate" "^  I20-L1-03 "

# --estimate needs items
run "estimate on spbe-2020" "$dossier" score --estimate "$example"
expect "estimate on spbe-2020" 2
has "the error names the framework" "spbe-2020" "$tmp/err"
silent "estimate on spbe-2020"

# 1.4996 shows as 1,50 but is Kurang: said next to it, flagged in JSON
cat >"$tmp/cross.xml" <<'XML'
<dossier xmlns="urn:dossier:manifest:1" framework="pemdi-2026" year="2026">
<instance name="Kabupaten Uji"/>
<indicator id="19"><assessment stage="dokumen" level="5" value="5.0"/></indicator>
<indicator id="20"><assessment stage="dokumen" level="2" value="1.664"/></indicator>
</dossier>
XML
run "crossing" "$dossier" score "$tmp/cross.xml"
expect "crossing" 0
has "the shown value's band is explained" \
    "^Indeks: 1,50  Kurang  (dibulatkan; nilai tepatnya 1,4996, yaitu Kurang)"
run "crossing json" "$dossier" score --format json "$tmp/cross.xml"
json "crossing flagged" "$tmp/out" \
    '(d["index"], d["predikat"], d["rounded_crosses_band"])' "(1.5, 'Kurang', True)"
# the dossier PDF says it under the index, in both languages
if command -v pdftotext >/dev/null 2>&1; then
    run "crossing render" "$dossier" render "$tmp/cross.xml" -o "$tmp/cross.pdf"
    expect "crossing render" 0
    pdftotext "$tmp/cross.pdf" - | tr '\n' ' ' >"$tmp/out"
    has "pdf: the rounding is said" "(dibulatkan; nilai tepatnya 1,4996, yaitu Kurang)"
    run "crossing render en" "$dossier" render --lang en "$tmp/cross.xml" -o "$tmp/cross-en.pdf"
    pdftotext "$tmp/cross-en.pdf" - | tr '\n' ' ' >"$tmp/out"
    has "pdf en: the rounding is said" "(rounded; the exact value 1.4996 is Poor)"
else
    skip "pdf: the rounding is said" "no pdftotext"
fi
# the best reachable index says so too, when the target is out of reach
cat >"$tmp/cross3.xml" <<'XML'
<dossier xmlns="urn:dossier:manifest:1" framework="pemdi-2026" year="2026">
<instance name="Kabupaten Uji"/>
<target index="5.00"/>
<indicator id="19"><assessment stage="dokumen" level="5" value="5.0"/></indicator>
<indicator id="20"><assessment stage="dokumen" level="2" value="1.664"/></indicator>
</dossier>
XML
run "crossing, best reachable" "$dossier" score --lang en "$tmp/cross3.xml"
expect "crossing, best reachable" 0
has "the best reachable index" "best reachable index is [0-9].[0-9][0-9] ([A-Za-z ]*)"

# the same at dokumen beside a mandiri stage: the per-stage table says so
# too, under the table, since its column has no room for the note
cat >"$tmp/cross2.xml" <<'XML'
<dossier xmlns="urn:dossier:manifest:1" framework="pemdi-2026" year="2026">
<instance name="Kabupaten Uji"/>
<indicator id="19"><assessment stage="mandiri" level="2"/><assessment stage="dokumen" level="5" value="5.0"/></indicator>
<indicator id="20"><assessment stage="dokumen" level="2" value="1.664"/></indicator>
</dossier>
XML
run "crossing per stage" "$dossier" score "$tmp/cross2.xml"
expect "crossing per stage" 0
has "the per-stage table is shown" "^Indeks per tahap"
has "the stage's crossing is said" \
    "^  dokumen 1,50  (dibulatkan; nilai tepatnya 1,4996, yaitu Kurang)"
lacks "mandiri (1,10) does not cross" "^  mandiri 1,10"

finish

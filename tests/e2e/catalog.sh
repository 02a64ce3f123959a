#!/bin/sh
# catalog.sh -- dossier catalog lists and shows the shipped frameworks.
# usage: catalog.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

run "list" "$dossier" catalog --lang en
expect "list" 0
has "lists spbe-2020 with its years" "spbe-2020 .*(47 indicators; years: 2021–2025)"
has "lists pemdi-2026 as provisional" "pemdi-2026 .*(20 indicators; years: from 2026) - provisional"

run "list json" "$dossier" catalog --format json
expect "list json" 0
has "list json" '"frameworks": \['
has "list json names spbe-2020" '"id": "spbe-2020"'
has "list json names pemdi-2026" '"id": "pemdi-2026"'
has "list json: years" '"year_to": 2025'
quiet "list json"

run "spbe-2020 json" "$dossier" catalog --framework spbe-2020 --format json
expect "spbe-2020 json" 0
n=$(grep -c '"scale": "' "$tmp/out")
if [ "$n" -eq 47 ]; then ok "spbe-2020 has 47 indicators"; else not_ok "spbe-2020 has $n indicators"; fi
has "spbe-2020 is official" '"provisional": false'
has "spbe-2020 json: from 2021" '"year_from": 2021'
has "spbe-2020 json: to 2025" '"year_to": 2025'
has "spbe-2020 json: no mapping" '"mapping": null'
n=$(grep -c '"weight": 130$\|"weight": 130,' "$tmp/out")
if [ "$n" -eq 10 ]; then ok "ten indicators weigh 1.30 %"; else not_ok "$n indicators weigh 1.30 %"; fi

run "pemdi-2026 json" "$dossier" catalog --framework pemdi-2026 --format json
expect "pemdi-2026 json" 0
n=$(grep -c '"scale": "' "$tmp/out")
if [ "$n" -eq 20 ]; then ok "pemdi-2026 has 20 indicators"; else not_ok "pemdi-2026 has $n indicators"; fi
has "pemdi-2026 is provisional" '"provisional": true'
has "pemdi-2026 has no domains" '"domains": \[\]'
has "pemdi-2026 json: open-ended" '"year_to": null'
has "pemdi-2026 json: mapped from spbe-2020" '"from": "spbe-2020"'
has "pemdi-2026 json: 11 continues as 1" '"from": "11",$'

run "text, English" "$dossier" catalog --framework spbe-2020 --lang en
expect "text, English" 0
has "English weights use a point" " 1\.30 "
has "predikat section" "^Predikat:"
has "Memuaskan from 4.20" "Excellent *4\.20 to 5\.00"
run "text, Indonesian" "$dossier" catalog --framework spbe-2020 --lang id
expect "text, Indonesian" 0
has "Indonesian weights use a comma" " 1,30 "
has "Indonesian predikat" "Memuaskan *4,20"

run "pemdi-2026 text" "$dossier" catalog --framework pemdi-2026 --lang en
expect "pemdi-2026 text" 0
has "pemdi-2026 text says provisional" "^Status: provisional"
has "pemdi-2026 has its predikat bands" "^Predikat:"
has "pemdi-2026 text: its years" "^Evaluation years: from 2026$"
has "pemdi-2026 text: the mapping, not official" "^Mapping from spbe-2020: .*not an official table"
has "pemdi-2026 text: what 1 continues" "^ *1  <- 1, 2, 10, 11, 12, 13, 21$"
has "pemdi-2026 text: a new topic" "^ *8  <- none (a new topic)$"
has "pemdi-2026 text: items provisional" "^Items: provisional\. "
has "pemdi-2026 text: the code of 1" "^ *Code: 1\.1$"
has "pemdi-2026 text: the code of 20" "^ *Code: 7\.2$"
has "pemdi-2026 text: an item" "^ *I4-L1-02 "
has "pemdi-2026 text: I5 from SDI" "^ *Source: external index SDI (Bappenas)"
run "pemdi-2026 items json" "$dossier" catalog --framework pemdi-2026 --format json
n=$(grep -c '"number": ' "$tmp/out")
if [ "$n" -eq 232 ]; then ok "pemdi-2026 has 232 items"; else not_ok "pemdi-2026 has $n items"; fi
n=$(grep -c '"source": "external"' "$tmp/out")
if [ "$n" -eq 4 ]; then ok "pemdi-2026 has 4 external indicators"; else not_ok "pemdi-2026 has $n external indicators"; fi

run "unknown framework" "$dossier" catalog --framework spbe-1999
expect "unknown framework" 2
silent "unknown framework"
has "unknown framework is named" "spbe-1999" "$tmp/err"
run "unknown framework, json" "$dossier" catalog --framework spbe-1999 --format json
expect "unknown framework, json" 2
run "path as framework" "$dossier" catalog --framework ../../etc/passwd
expect "path as framework" 2

# a broken catalog in a data directory is refused with its file and line
mkdir -p "$tmp/data/frameworks"
cp -R "$2/templates/schemas" "$tmp/data/"
sed 's/<indicator id="1" weight="130"/<indicator id="1" weight="131"/' \
    "$2/templates/frameworks/spbe-2020.xml" >"$tmp/data/frameworks/spbe-2020.xml"
DOSSIER_DATADIR=$tmp/data run "weights that do not nest" "$dossier" catalog --framework spbe-2020
expect "weights that do not nest" 3
has "names the aspect" "aspect 'A1' weighs 1300 but its indicators add up to 1301" "$tmp/err"
has "names file and line" "spbe-2020.xml:[0-9]*:" "$tmp/err"

# a catalog with items, codes, other names and external indices
mkdir -p "$tmp/items/frameworks"
cp -R "$2/templates/schemas" "$tmp/items/"
names='<name lang="id">Nama</name><name lang="en">Name</name>'
level() { echo "<level value=\"$1\"><name lang=\"id\">L$1</name><name lang=\"en\">L$1</name></level>"; }
crits='<criterion level="1" lang="id">c</criterion><criterion level="2" lang="id">c</criterion><criterion level="3" lang="id">c</criterion><criterion level="4" lang="id">c</criterion><criterion level="5" lang="id">c</criterion>'
band() { echo "<band min=\"$1\">$names</band>"; }
cat >"$tmp/items/frameworks/t.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<framework xmlns="urn:dossier:framework:1" id="t" status="official">
<title lang="id">Uji</title><title lang="en">Test</title><basis>B</basis>
<items status="provisional"><note lang="id">Daftar butir dari sumber sekunder.</note><note lang="en">Item lists from secondary sources.</note></items>
<scales><scale id="p">$names$(level 1)$(level 2)$(level 3)$(level 4)$(level 5)</scale></scales>
<aspect id="A1" weight="10000">$names
<indicator id="4" weight="5000" scale="p" code="2.2">$names<alt-name>Kolaborasi Pemerintah Digital</alt-name>$crits
<item id="I4-L1-01" level="1" portal="PG_04_01"><text lang="id">Penetapan Tim Koordinasi</text><text lang="en">Coordination team decree</text></item>
<item id="I4-L1-02" level="1" portal="PG_04_02"><text lang="id">Rencana kolaborasi</text></item>
<item id="I4-L2-01" level="2"><text lang="id">Kolaborasi antar instansi</text></item>
</indicator>
<indicator id="5" weight="5000" scale="p" code="3.1" source="external">$names$crits
<external index="SDI" agency="Bappenas" converts="true"><name lang="id">Indeks Satu Data Indonesia</name><name lang="en">One Data Indonesia Index</name>
<band level="1" min="0" max="12.5"/><band level="2" min="12.5" max="37.5"/><band level="3" min="37.5" max="62.5"/><band level="4" min="62.5" max="75"/><band level="5" min="75" max="100"/></external>
</indicator>
</aspect>
<predikat>$(band 1.00)$(band 1.50)$(band 2.50)$(band 3.50)$(band 4.00)</predikat>
</framework>
EOF
DOSSIER_DATADIR=$tmp/items run "items, English" "$dossier" catalog --framework t --lang en
expect "items, English" 0
has "items: provisional, with their source" "^Items: provisional\. Item lists from secondary sources\.$"
has "items: rounding rule" "^Rounding: values are shown rounded half-up"
has "items: the code" "^ *Code: 2\.2$"
has "items: other names" "^ *Other names: Kolaborasi Pemerintah Digital$"
has "items: an item with its portal code" "^ *I4-L1-01 *\[PG_04_01\] Coordination team decree$"
has "items: no English text falls back" "^ *I4-L1-02 *\[PG_04_02\] Rencana kolaborasi$"
has "items: per level" "^ *Level 2 items:$"
has "items: an empty level" "^ *Level 3: no items$"
has "items: the external index" "^ *Source: external index SDI (Bappenas), One Data Indonesia Index$"
has "items: converts" "converted to the value by its bands"
has "items: a band" "^ *level 4: 62\.50 to under 75\.00$"
has "items: the top band" "^ *level 5: 75\.00 to 100\.00$"
DOSSIER_DATADIR=$tmp/items run "items, Indonesian" "$dossier" catalog --framework t --lang id
expect "items, Indonesian" 0
has "items, Indonesian: the text" "^ *I4-L1-01 *\[PG_04_01\] Penetapan Tim Koordinasi$"
has "items, Indonesian: a band with a comma" "62,50"
# the messages in Indonesian, from the catalogue this build compiled
locale=$(cd "$(dirname "$dossier")" && pwd)/locale
if [ -d "$locale/id" ]; then
    ln -s "$locale" "$tmp/locale"
    DOSSIER_DATADIR=$tmp/items run "items, Indonesian words" "$dossier" catalog --framework t --lang id
    has "items, Indonesian: provenance" "^Butir: sementara\. Daftar butir dari sumber sekunder\.$"
    has "items, Indonesian: per level" "^ *Butir tingkat 1:$"
    has "items, Indonesian: the index" "^ *Sumber: indeks eksternal SDI (Bappenas), Indeks Satu Data Indonesia$"
    has "items, Indonesian: rounding" "^Pembulatan: nilai ditampilkan dengan dua desimal, dibulatkan setengah ke atas$"
else
    skip "items, Indonesian words" "no compiled catalogue beside $dossier"
fi
DOSSIER_DATADIR=$tmp/items run "items json" "$dossier" catalog --framework t --format json
expect "items json" 0
has "items json: code" '"code": "2\.2"'
has "items json: source" '"source": "external"'
has "items json: an item" '"id": "I4-L2-01"'
has "items json: portal" '"portal": "PG_04_02"'
has "items json: converts" '"converts": true'
has "items json: band max" '"max": "12\.5000"'
has "items json: rounding" '"rounding": "half-up"'
has "items json: the item lists are provisional" '"item_lists": {'
has "items json: provisional lists in an official catalog" '"provisional": true'
quiet "items json"
# a broken item is refused with its file and line
sed 's/id="I4-L1-02" level="1"/id="I4-L1-03" level="1"/' "$tmp/items/frameworks/t.xml" >"$tmp/t.xml"
mv "$tmp/t.xml" "$tmp/items/frameworks/t.xml"
DOSSIER_DATADIR=$tmp/items run "item numbered wrongly" "$dossier" catalog --framework t --lang en
expect "item numbered wrongly" 3
has "item numbered wrongly: file and line" "t\.xml:9:" "$tmp/err"
has "item numbered wrongly: the reason" "item 'I4-L1-03' should be number 02 of its level" "$tmp/err"


# its help says that it shows the items and the external indices
run "catalog --help" "$dossier" catalog --help
expect "catalog --help" 0
has "catalog --help names the items" "butir beserta kode portalnya, indeks eksternal"
run "catalog --help en" "$dossier" catalog --help --lang en
has "catalog --help en names the items" "items with their portal codes, external indices"
finish

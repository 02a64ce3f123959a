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

finish

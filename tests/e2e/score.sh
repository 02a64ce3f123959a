#!/bin/sh
# score.sh -- dossier score on the bundled example and on small manifests:
# JSON keys of the contract, locale formatting, options and exit statuses.
# usage: score.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
example=$src/templates/example/manifest.xml
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

manifest() { # file levels-for-indicators-1..N (space separated) [target]
    out=$1
    levels=$2
    target=${3:-}
    {
        echo '<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2025">'
        echo '<instance name="Kabupaten Uji"/>'
        [ -n "$target" ] && echo "<target index=\"$target\"/>"
        i=1
        for lv in $levels; do
            echo "<indicator id=\"$i\"><assessment stage=\"mandiri\" level=\"$lv\">x</assessment></indicator>"
            i=$((i + 1))
        done
        echo '</dossier>'
    } >"$out"
}

# the bundled example
run "example scores" "$dossier" score --format json "$example"
expect "example scores" 0
for key in '"index":' '"predikat":' '"domains":' '"aspects":' '"indicators":' \
           '"target":' '"gap":' '"plan":'; do
    has "example json has $key" "$key" "$tmp/out"
done
run "example text en" "$dossier" score --lang en "$example"
expect "example text en" 0
has "english text has the index" "^Index: [1-5]\.[0-9][0-9]" "$tmp/out"
has "english text has domains" "^Domains" "$tmp/out"
run "example text id" "$dossier" score --lang id "$example"
expect "example text id" 0
has "indonesian text uses a decimal comma" "[1-5],[0-9][0-9]" "$tmp/out"

# all 47 at 3 -> 3.00 Baik; a target of 3.50 needs a plan
all3=$(i=0; while [ $i -lt 47 ]; do printf '3 '; i=$((i + 1)); done)
manifest "$tmp/m3.xml" "$all3" "3.50"
run "all at 3" "$dossier" score --format json "$tmp/m3.xml"
expect "all at 3" 0
has "all at 3 is 3.0" '"index": 3.0' "$tmp/out"
has "all at 3 is Baik" '"predikat": "Baik"' "$tmp/out"
has "plan present" '"indicator":' "$tmp/out"
run "target option overrides" "$dossier" score --format json --target 2.00 "$tmp/m3.xml"
expect "target option overrides" 0
has "target met: empty plan" '"plan": \[\]' "$tmp/out"

# nothing filled -> 1.00 Kurang
manifest "$tmp/m0.xml" ""
run "empty manifest" "$dossier" score --format json "$tmp/m0.xml"
expect "empty manifest" 0
has "empty manifest is 1.0" '"index": 1.0' "$tmp/out"
has "empty manifest is Kurang" '"predikat": "Kurang"' "$tmp/out"

# stages: dokumen lowers indicator 1 from 5 to 2
cat >"$tmp/ms.xml" <<'XML'
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2025">
<instance name="Kabupaten Uji"/>
<indicator id="1"><assessment stage="mandiri" level="5">x</assessment><assessment stage="dokumen" level="2"/></indicator>
</dossier>
XML
run "latest stage" "$dossier" score --format json "$tmp/ms.xml"
expect "latest stage" 0
has "latest stage counts" '"level": 2' "$tmp/out"
run "stage mandiri" "$dossier" score --format json --stage mandiri "$tmp/ms.xml"
expect "stage mandiri" 0
has "mandiri level counts" '"level": 5' "$tmp/out"

# bad usage and bad input
run "unknown stage" "$dossier" score --stage nanti "$tmp/ms.xml"
expect "unknown stage" 2
run "target out of range" "$dossier" score --target 6 "$tmp/ms.xml"
expect "target out of range" 2
run "missing manifest argument" "$dossier" score
expect "missing manifest argument" 2
sed 's/level="5"/level="7"/' "$tmp/ms.xml" >"$tmp/bad.xml"
run "level out of range refused" "$dossier" score "$tmp/bad.xml"
expect "level out of range refused" 1
has "level-range named" "level-range" "$tmp/err"

finish

#!/bin/sh
# score.sh -- dossier score on the bundled example and on small manifests:
# JSON keys of the contract, locale formatting, options and exit statuses.
# usage: score.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
example=$src/templates/example/manifest.xml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; }
expect_status() { # name want cmd...
    name=$1
    want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok "$name"; else
        not_ok "$name: exit $got, want $want: $(head -3 "$tmp/err")"
    fi
}
has() { # name pattern file
    if grep -q -- "$2" "$3"; then ok "$1"; else not_ok "$1: no '$2' in output"; fi
}

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
expect_status "example scores" 0 "$dossier" score --format json "$example"
for key in '"index":' '"predikat":' '"domains":' '"aspects":' '"indicators":' \
           '"target":' '"gap":' '"plan":'; do
    has "example json has $key" "$key" "$tmp/out"
done
expect_status "example text en" 0 "$dossier" score --lang en "$example"
has "english text has the index" "^Index: [1-5]\.[0-9][0-9]" "$tmp/out"
has "english text has domains" "^Domains" "$tmp/out"
expect_status "example text id" 0 "$dossier" score --lang id "$example"
has "indonesian text uses a decimal comma" "[1-5],[0-9][0-9]" "$tmp/out"

# all 47 at 3 -> 3.00 Baik; a target of 3.50 needs a plan
all3=$(i=0; while [ $i -lt 47 ]; do printf '3 '; i=$((i + 1)); done)
manifest "$tmp/m3.xml" "$all3" "3.50"
expect_status "all at 3" 0 "$dossier" score --format json "$tmp/m3.xml"
has "all at 3 is 3.0" '"index": 3.0' "$tmp/out"
has "all at 3 is Baik" '"predikat": "Baik"' "$tmp/out"
has "plan present" '"indicator":' "$tmp/out"
expect_status "target option overrides" 0 "$dossier" score --format json --target 2.00 "$tmp/m3.xml"
has "target met: empty plan" '"plan": \[\]' "$tmp/out"

# nothing filled -> 1.00 Kurang
manifest "$tmp/m0.xml" ""
expect_status "empty manifest" 0 "$dossier" score --format json "$tmp/m0.xml"
has "empty manifest is 1.0" '"index": 1.0' "$tmp/out"
has "empty manifest is Kurang" '"predikat": "Kurang"' "$tmp/out"

# stages: dokumen lowers indicator 1 from 5 to 2
cat >"$tmp/ms.xml" <<'XML'
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2025">
<instance name="Kabupaten Uji"/>
<indicator id="1"><assessment stage="mandiri" level="5">x</assessment><assessment stage="dokumen" level="2"/></indicator>
</dossier>
XML
expect_status "latest stage" 0 "$dossier" score --format json "$tmp/ms.xml"
has "latest stage counts" '"level": 2' "$tmp/out"
expect_status "stage mandiri" 0 "$dossier" score --format json --stage mandiri "$tmp/ms.xml"
has "mandiri level counts" '"level": 5' "$tmp/out"

# bad usage and bad input
expect_status "unknown stage" 2 "$dossier" score --stage nanti "$tmp/ms.xml"
expect_status "target out of range" 2 "$dossier" score --target 6 "$tmp/ms.xml"
expect_status "missing manifest argument" 2 "$dossier" score
sed 's/level="5"/level="7"/' "$tmp/ms.xml" >"$tmp/bad.xml"
expect_status "level out of range refused" 1 "$dossier" score "$tmp/bad.xml"
has "level-range named" "level-range" "$tmp/err"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# set.sh -- dossier set, end to end: the issue's commands on a copy of
# the example and on a fresh init; only the bytes asked for change;
# refused values and --dry-run write nothing; check agrees afterwards.
# usage: set.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

ex=$tmp/ex
mkdir -p "$ex"
cp -R "$src/templates/example/." "$ex/"
m=$ex/manifest.xml
cp "$m" "$tmp/orig.xml"

# same NAME FILE WANT: FILE is byte for byte WANT
same() {
    if cmp -s "$2" "$3"; then ok "$1"
    else not_ok "$1: $(diff "$3" "$2" | head -c 400 | tr '\n' ' ')"; fi
}

# 1. an indicator's owner, level and explanation
run "set 19 owner, level, explanation" "$dossier" set "$m" 19 \
    --owner "Bagian Hukum & HAM" --level mandiri=3 \
    --explain mandiri="SK Tim Koordinasi < 2024 & program kerja."
expect "set 19 owner, level, explanation" 0
quiet "set 19 owner, level, explanation"
sed -e 's|<indicator id="19" owner="[^"]*">|<indicator id="19" owner="Bagian Hukum \&amp; HAM">|' \
    -e '/<indicator id="19"/,/<\/indicator>/ s|<assessment stage="mandiri" level="[0-9]">.*</assessment>|<assessment stage="mandiri" level="3">SK Tim Koordinasi \&lt; 2024 \&amp; program kerja.</assessment>|' \
    "$tmp/orig.xml" >"$tmp/want1.xml"
same "only the owner, the level and the explanation changed" "$m" "$tmp/want1.xml"
same "the previous version is the backup" "$m.~1~" "$tmp/orig.xml"
has "before → after, in Indonesian" '\[19\] pengampu: "Dinas Komunikasi dan Informatika" → "Bagian Hukum & HAM"'
has "the backup is named" "manifest.xml.~1~"

# 1b. a level with a zero fraction, as a spreadsheet writes it
cp "$m" "$tmp/lv-orig.xml"
for v in '3,0' '4.0' ' 4 '; do
    d=$(printf '%s' "$v" | tr -dc 0-9 | cut -c1)
    sed "/<indicator id=\"19\"/,/<\/indicator>/ s|<assessment stage=\"mandiri\" level=\"[0-9]\">|<assessment stage=\"mandiri\" level=\"$d\">|" \
        "$m" >"$tmp/lv-want.xml"
    run "set --level mandiri=$v" "$dossier" set "$m" 19 --level "mandiri=$v"
    expect "set --level mandiri=$v" 0
    same "--level mandiri=$v writes $d" "$m" "$tmp/lv-want.xml"
done
# the stage printed as the manifest writes it, not as typed
run "set --level MANDIRI=3" "$dossier" set "$m" 19 --level " MANDIRI =3"
expect "set --level MANDIRI=3" 0
has "the stage printed normalised" '\[19\] tingkat mandiri: "4" → "3"'
cp "$tmp/lv-orig.xml" "$m"
rm -f "$m".~[2-9]~

# 2. the manifest's own values, with a decimal comma
run "set target, previous, instance, period" "$dossier" set "$m" \
    --target 3,10 --previous 2024=2.74 --instance "Pemerintah Kabupaten Maju" \
    --period 2024-01-01..2025-06-30 --lang en
expect "set target, previous, instance, period" 0
sed -e 's|<target index="[^"]*"/>|<target index="3.10"/>|' \
    -e 's|<previous year="[^"]*" index="[^"]*"/>|<previous year="2024" index="2.74"/>|' \
    -e 's|<instance name="[^"]*"|<instance name="Pemerintah Kabupaten Maju"|' \
    -e 's|<period from="[^"]*" to="[^"]*"/>|<period from="2024-01-01" to="2025-06-30"/>|' \
    "$tmp/want1.xml" >"$tmp/want2.xml"
same "only those four values changed" "$m" "$tmp/want2.xml"
has "English output" 'target: "2.80" → "3.10"'

# 3. an evidence entry, added as scan adds it
cp "$src/templates/example/bukti/19-tim-koordinasi/program-kerja-tim-koordinasi-2023.pdf" \
   "$ex/bukti/19-tim-koordinasi/sk-tim-koordinasi.pdf"
run "set 19 --evidence" "$dossier" set "$m" 19 \
    --evidence "19-tim-koordinasi/sk-tim-koordinasi.pdf" --evidence-level 3 \
    --title "SK Bupati tentang Tim Koordinasi SPBE" --date 2025-02-01
expect "set 19 --evidence" 0
sha=$(sha256sum "$ex/bukti/19-tim-koordinasi/sk-tim-koordinasi.pdf" | cut -d' ' -f1)
awk -v sha="$sha" '{ print } /19-tim-koordinasi\/notulen-rapat-pleno/ {
    print "    <evidence file=\"19-tim-koordinasi/sk-tim-koordinasi.pdf\" date=\"2025-02-01\" sha256=\"" sha "\" level=\"3\">SK Bupati tentang Tim Koordinasi SPBE</evidence>" }' \
    "$tmp/want2.xml" >"$tmp/want3.xml"
same "one entry added after the others, nothing else" "$m" "$tmp/want3.xml"

run "check afterwards" "$dossier" check --format json "$m"
expect "check afterwards" 0
lacks "no schema problem" '"code": "schema-invalid"'

# 4. refused values write nothing and say why, in the user's language
cp "$m" "$tmp/before4.xml"
run "level tiga" "$dossier" set "$m" 19 --level mandiri=tiga --owner Bappeda
expect "level tiga: refused" 1
has "says what a level is, in Indonesian" "bilangan bulat 1 sampai 5, bukan 'tiga'" "$tmp/err"
lacks "no regular expression" '\[0-9\]' "$tmp/err"
same "a refused value writes nothing" "$m" "$tmp/before4.xml"
run "level tiga, en" "$dossier" set "$m" 19 --level mandiri=tiga --lang en
has "English" "the level must be a whole number from 1 to 5, not 'tiga'" "$tmp/err"
run "stage Final" "$dossier" set "$m" 19 --level Final=3 --lang en
expect "stage Final: refused" 1
has "names the stages" "not one of mandiri, dokumen, interviu, visitasi" "$tmp/err"
run "stage Mandiri" "$dossier" set "$m" 19 --level Mandiri=3 --lang en
expect "a stage in capitals is taken" 0
has "and left as it is" "(unchanged)"
run "owner too long" "$dossier" set "$m" 19 --lang en \
    --owner "$(printf '%0130d' 0)"
expect "owner too long: refused" 1
has "the loader's limit" "at most 120 are allowed" "$tmp/err"
same "nothing written after the refusals" "$m" "$tmp/before4.xml"

# 5. --dry-run writes nothing
run "dry run" "$dossier" set "$m" 19 --owner Bappeda --dry-run --lang en
expect "dry run" 0
has "says it is a dry run" "dry run: nothing was changed"
same "dry run writes nothing" "$m" "$tmp/before4.xml"

# 6. bad invocations
run "owner without an indicator" "$dossier" set "$m" --owner Bappeda --lang en
expect "owner without an indicator" 2
has "says an indicator is needed" "name it after MANIFEST" "$tmp/err"
run "--title without --evidence" "$dossier" set "$m" 19 --title X --lang en
expect "--title without --evidence" 2
run "--level without =" "$dossier" set "$m" 19 --level 3 --lang en
expect "--level without =" 2
run "an indicator with only manifest values" "$dossier" set "$m" 19 --target 3 --lang en
expect "an indicator with only manifest values" 2
has "says the indicator is not used" "no option changes one" "$tmp/err"
run "a stage given twice" "$dossier" set "$m" 19 --level mandiri=3 --level " Mandiri"=4 --lang en
expect "a stage given twice" 2
has "names the stage given twice" "the stage 'mandiri' is given twice" "$tmp/err"
run "an option given twice" "$dossier" set "$m" 19 --owner A --owner B --lang en
expect "an option given twice" 2
has "names the option given twice" "\-\-owner is given twice" "$tmp/err"
run "a file --evidence cannot add" "$dossier" set "$m" 19 --lang en \
    --evidence 19-tim-koordinasi/none.pdf --evidence-level 3 --title X --date 2025-01-01
expect "a file --evidence cannot add" 1
n=$(grep -c "none.pdf" "$tmp/err")
if [ "$n" -eq 1 ]; then ok "the file --evidence cannot add is reported once"; else
    not_ok "the file --evidence cannot add is reported $n times: $(snip "$tmp/err")"; fi
same "bad invocations write nothing" "$m" "$tmp/before4.xml"

run "--help" "$dossier" set --help --lang en
expect "--help" 0
quiet "--help"
has "--help lists --evidence-level" "--evidence-level N"

# 7. a fresh init
w=$tmp/kab
run "init" "$dossier" init "$w" --instance "Pemerintah Kabupaten Uji" --year 2025
expect "init" 0
cp "$w/manifest.xml" "$tmp/init.xml"
run "set on a fresh init" "$dossier" set "$w/manifest.xml" 1 --owner "Dinas Kominfo" \
    --level mandiri=2 --explain mandiri="Kebijakan sedang disusun."
expect "set on a fresh init" 0
run "manifest values on a fresh init" "$dossier" set "$w/manifest.xml" \
    --target 2,6 --coordinator "Drs. A" --position "Kepala Dinas" --unit Diskominfo
expect "manifest values on a fresh init" 0
diff "$tmp/init.xml" "$w/manifest.xml" >"$tmp/d" 2>&1
n=$(grep -c '^[<>]' "$tmp/d")
if [ "$n" -le 6 ]; then ok "a few lines changed ($n)"; else not_ok "$n lines changed"; fi
has "the owner" '<indicator id="1" owner="Dinas Kominfo">' "$w/manifest.xml"
has "the assessment" '<assessment stage="mandiri" level="2">Kebijakan sedang disusun.</assessment>' "$w/manifest.xml"
has "the target" '<target index="2.60"/>' "$w/manifest.xml"
run "check on the fresh init" "$dossier" check --format json "$w/manifest.xml"
lacks "no schema problem after set" '"code": "schema-invalid"'
n=$(grep -c '"code": "indicator-not-filled"' "$tmp/out")
if [ "$n" -eq 46 ]; then ok "one indicator filled"; else not_ok "$n not filled"; fi

finish

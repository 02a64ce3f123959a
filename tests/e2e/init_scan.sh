#!/bin/sh
# init_scan.sh -- the README's walk-through, end to end: init, check, drop
# files in, scan, check, scan again, set levels, check clean.
# usage: init_scan.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
w=$tmp/kab
ex=$src/templates/example/bukti

run "init" "$dossier" init "$w" --instance "Pemerintah Kabupaten Uji" --year 2025
expect "init" 0
if [ -f "$w/manifest.xml" ] && [ -f "$w/bukti/01-kebijakan-internal-arsitektur-spbe/BACA-SAYA.txt" ]
then ok "init wrote the manifest and the folders"
else not_ok "init wrote the manifest and the folders"; fi
n=$(find "$w/bukti" -mindepth 1 -maxdepth 1 -type d | wc -l)
if [ "$n" -eq 47 ]; then ok "one folder per indicator"; else not_ok "$n folders"; fi

run "init again" "$dossier" init "$w"
expect "init again refuses" 2
has "names the manifest" "manifest.xml" "$tmp/err"

run "check after init" "$dossier" check --format json "$w/manifest.xml"
expect "check after init" 0
n=$(grep -c '"code": "indicator-not-filled"' "$tmp/out")
if [ "$n" -eq 47 ]; then ok "all 47 not filled"; else not_ok "$n not filled"; fi
run "check after init, text" "$dossier" check --lang en "$w/manifest.xml"
has "not filled, grouped by owner" "(no owner) *47 *0 *47"

# drop documents in, with a space, non-ASCII letters and a leftover
cp "$ex/01-kebijakan-arsitektur/peraturan-bupati-18-2023-perubahan-arsitektur-spbe.pdf" \
   "$w/bukti/01-kebijakan-internal-arsitektur-spbe/perbup 18 2023.pdf"
mkdir -p "$w/bukti/42-layanan-pengaduan-pelayanan-publik/layar"
for f in "$ex"/42-*/*.png; do cp "$f" "$w/bukti/42-layanan-pengaduan-pelayanan-publik/layar/"; done
cp "$ex/10-kebijakan-tim-koordinasi/laporan-reviu-tahunan-é.pdf" \
   "$w/bukti/10-kebijakan-internal-tim-koordinasi/Laporan Reviu – édisi 1.pdf"
: >"$w/bukti/10-kebijakan-internal-tim-koordinasi/~\$Laporan.docx"
mkdir -p "$tmp/luar" && echo rahasia >"$tmp/luar/r.pdf"
ln -s "$tmp/luar" "$w/bukti/11-arsitektur-spbe-instansi-pusat/luar"
cp "$w/manifest.xml" "$tmp/before.xml"

run "scan" "$dossier" scan --lang en "$w/manifest.xml"
expect "scan" 0
has "scan reports additions" "^added:"
has "scan reports the leftover" "~\$Laporan.docx"
has "scan reports the link it did not follow" "luar"
n=$(grep -c '<evidence file=' "$w/manifest.xml")
if [ "$n" -eq 5 ]; then ok "five entries added"; else not_ok "$n entries added"; fi
lacks "the linked-out folder is not followed" "r.pdf" "$w/manifest.xml"
has "non-ASCII name kept" "Laporan Reviu – édisi 1.pdf" "$w/manifest.xml"
if cmp -s "$tmp/before.xml" "$w/manifest.xml.~1~"; then ok "previous version kept as .~1~"
else not_ok "previous version kept as .~1~"; fi
has "the date is the document's own" 'perbup 18 2023.pdf" date="2023-05-22" date-source="document" sha256="' "$w/manifest.xml"
has "says where the previous version is" "manifest.xml.~1~"
# nothing but added lines: the diff has no '<' line
if diff "$tmp/before.xml" "$w/manifest.xml" | grep -q '^<'; then
    not_ok "scan changed existing lines"
else ok "scan only added lines"; fi

cp "$w/manifest.xml" "$tmp/after1.xml"
run "scan again" "$dossier" scan --lang en "$w/manifest.xml"
expect "scan again" 0
has "nothing to add" "Nothing to add"
if cmp -s "$tmp/after1.xml" "$w/manifest.xml"; then ok "second scan leaves the file byte-identical"
else not_ok "second scan changed the file"; fi

run "check after scan" "$dossier" check --format json "$w/manifest.xml"
expect "check after scan" 0
code "check after scan" evidence-no-level

# the coordinator sets the levels and a self-assessment for indicator 1
sed -e 's|\(<evidence file="[^"]*"\) date=|\1 level="2" date=|' \
    -e 's|<indicator id="1" owner="">|<indicator id="1" owner="Bagian Organisasi"><assessment stage="mandiri" level="2">Perbup telah ditetapkan.</assessment>|' \
    "$w/manifest.xml" >"$tmp/edited.xml" && cp "$tmp/edited.xml" "$w/manifest.xml"
run "check after editing" "$dossier" check --format json "$w/manifest.xml"
expect "check after editing" 0
lacks "levels set" '"code": "evidence-no-level"'
n=$(grep -c '"code": "indicator-not-filled"' "$tmp/out")
if [ "$n" -eq 46 ]; then ok "46 left to fill"; else not_ok "$n left to fill"; fi

# names a manifest cannot hold, or that check would refuse: listed with
# the reason (escaped), exit 1; the good file is still added and the
# manifest still passes check
d=$(find "$w/bukti" -maxdepth 1 -name '02-*')
pdf=$ex/01-kebijakan-arsitektur/peraturan-bupati-18-2023-perubahan-arsitektur-spbe.pdf
cp "$pdf" "$d/baik.pdf"
cp "$pdf" "$d/$(printf 'a\357\277\276b').pdf"
cp "$pdf" "$d/$(printf 'kendali\001').pdf"
cp "$pdf" "$d/$(printf 'latin\377').pdf"
# a path over 2,047 bytes (no file system takes a 300-byte name)
long=$(printf '%0250d' 0)
deep=$d/$long/$long/$long/$long/$long/$long/$long/$long/$long
mkdir -p "$deep" && cp "$pdf" "$deep/dalam.pdf"
cp "$w/manifest.xml" "$tmp/before-names.xml"
run "scan, hostile names" "$dossier" scan --lang en "$w/manifest.xml"
expect "scan, hostile names" 1
has "the good file is added" "baik.pdf" "$w/manifest.xml"
has "U+FFFE listed, escaped" 'a\\uFFFEb.pdf (a character XML cannot hold'
has "control character listed, escaped" 'kendali\\x01.pdf (a control character)'
has "not UTF-8 listed, escaped" 'latin\\xFF.pdf (bytes that are not UTF-8)'
has "too long listed" '000 (too long: at most 2047 bytes'
has "says what to do" "rename them and run scan again" "$tmp/err"
if LC_ALL=C grep -q "$(printf '\001')" "$tmp/out"; then
    not_ok "a raw control character reached the terminal"
else ok "no raw control character on the terminal"; fi
lacks "no bad name in the manifest" "kendali" "$w/manifest.xml"
lacks "no deep file in the manifest" "dalam.pdf" "$w/manifest.xml"
run "check after hostile names" "$dossier" check --format json "$w/manifest.xml"
expect "check after hostile names" 0
lacks "no path-invalid" '"code": "path-invalid"'
rm -rf "${d:?}/$long" "$d"/a*b.pdf "$d"/kendali* "$d"/latin*

# manifests that are not UTF-8: a declared single-byte encoding is kept
# (the new entry in ASCII, with character references); anything scan
# cannot splice safely is refused with a way to convert it, unchanged
e=$tmp/enc
mkdir -p "$e/b/01"
cp "$pdf" "$e/b/01/lama.pdf"
cp "$pdf" "$e/b/01/café.pdf"
latin() {
    printf '%s<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2025">\n<instance name="Uji Caf\351"/><evidence-root path="b"/>\n<indicator id="1">\n<evidence file="01/lama.pdf" level="1">Lama \351</evidence>\n</indicator>\n</dossier>\n' "$1"
}
latin '<?xml version="1.0" encoding="ISO-8859-1"?>' >"$e/m.xml"
cp "$e/m.xml" "$tmp/latin-before.xml"
run "scan, ISO-8859-1 manifest" "$dossier" scan --lang en "$e/m.xml"
expect "scan, ISO-8859-1 manifest" 0
has "the new entry in ASCII" 'file="01/caf&#xE9;.pdf"' "$e/m.xml"
iconv -f ISO-8859-1 -t UTF-8 "$e/m.xml" >"$tmp/latin-after.txt"
has "still Latin-1: the old text reads the same" "Uji Café" "$tmp/latin-after.txt"
run "check, ISO-8859-1 manifest" "$dossier" check --lang en "$e/m.xml"
has "check reads the name" "Uji Café"
lacks "check finds the new file" "file-missing"
latin '' >"$e/m.xml"
cp "$e/m.xml" "$tmp/latin-before.xml"
run "scan, undeclared Latin-1" "$dossier" scan --lang en "$e/m.xml"
expect "scan, undeclared Latin-1" 1
has "says how to convert" "iconv -f WINDOWS-1252 -t UTF-8" "$tmp/err"
if cmp -s "$tmp/latin-before.xml" "$e/m.xml"; then ok "undeclared Latin-1 left as it was"
else not_ok "undeclared Latin-1 changed"; fi
latin '<?xml version="1.0" encoding="UTF-16"?>' | iconv -f ISO-8859-1 -t UTF-16 >"$e/m.xml"
cp "$e/m.xml" "$tmp/utf16-before.xml"
run "scan, UTF-16" "$dossier" scan --lang en "$e/m.xml"
expect "scan, UTF-16" 1
has "says how to convert" "iconv -f UTF-16 -t UTF-8" "$tmp/err"
if cmp -s "$tmp/utf16-before.xml" "$e/m.xml"; then ok "UTF-16 left as it was"
else not_ok "UTF-16 changed"; fi
# the command it suggests is safe to paste, whatever the manifest's name
cp "$e/m.xml" "$e/it's \$(x).xml"
run "scan, UTF-16, odd name" "$dossier" scan --lang en "$e/it's \$(x).xml"
expect "scan, UTF-16, odd name" 1
want="UTF-8 '$e/it'\\''s \$(x).xml' > '$e/it'\\''s \$(x).xml'.utf8"
if grep -qF -- "$want" "$tmp/err"; then ok "the name quoted for the shell"
else not_ok "the name is not quoted for the shell: $(cat "$tmp/err")"; fi
rm -f "$e/it's \$(x).xml"

# An edit saved while scan runs is never overwritten: strace holds the
# backup's link for two seconds, and the manifest is replaced meanwhile,
# as an editor saves it
if command -v strace >/dev/null 2>&1 &&
   strace -f -o /dev/null -e trace=link,linkat \
       -e inject=link,linkat:delay_enter=1000 true 2>/dev/null; then
    mkdir -p "$tmp/race"
    "$dossier" init "$tmp/race/ws" --year 2024 >/dev/null 2>&1
    race_dir=$(ls -d "$tmp/race/ws/bukti/01-"*)
    printf 'catatan rapat\n' >"$race_dir/notulen.txt"
    (
        ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
        export ASAN_OPTIONS
        strace -f -o "$tmp/race/trace" -e trace=link,linkat \
            -e inject=link,linkat:delay_enter=2000000 \
            "$dossier" scan --lang en "$tmp/race/ws/manifest.xml" \
            >"$tmp/race/out" 2>"$tmp/race/err"
        echo $? >"$tmp/race/status"
    ) &
    i=0
    # strace writes a call's first half when it enters: the backup's link
    while [ $i -lt 1200 ] && ! grep -q 'link' "$tmp/race/trace" 2>/dev/null &&
          ! grep -q . "$tmp/race/status" 2>/dev/null; do
        sleep 0.05; i=$((i + 1))
    done
    sed 's/<instance name="[^"]*"/<instance name="DISUNTING"/' \
        "$tmp/race/ws/manifest.xml" >"$tmp/race/new.xml"
    mv "$tmp/race/new.xml" "$tmp/race/ws/manifest.xml"
    wait
    if [ "$(cat "$tmp/race/status")" = 1 ]; then ok "scan during an edit: exit 1"
    else not_ok "scan during an edit: exit $(cat "$tmp/race/status")"; fi
    has "scan during an edit: says so" "changed while scan ran" "$tmp/race/err"
    if grep -q 'DISUNTING' "$tmp/race/ws/manifest.xml"; then ok "the edit is kept"
    else not_ok "the edit saved during scan is gone"; fi
else
    skip "an edit during scan" "strace cannot trace here"
fi

# A manifest that binds the namespace to a prefix gets its new entries
# (and a new indicator) under that prefix
mkdir -p "$tmp/pfx"
"$dossier" init "$tmp/pfx/ws" --year 2024 >/dev/null 2>&1
cp "$src/templates/example/bukti/01-kebijakan-arsitektur/peraturan-bupati-31-2022-arsitektur-spbe.pdf" \
    "$(ls -d "$tmp/pfx/ws/bukti/01-"*)/perbup.pdf"
cp "$src/templates/example/bukti/01-kebijakan-arsitektur/peraturan-bupati-31-2022-arsitektur-spbe.pdf" \
    "$(ls -d "$tmp/pfx/ws/bukti/02-"*)/perbup.pdf"
cat >"$tmp/pfx/ws/manifest.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<m:dossier xmlns:m="urn:dossier:manifest:1" framework="spbe-2020" year="2024">
  <m:instance name="Kab X"/>
  <m:evidence-root path="bukti"/>
  <m:indicator id="1"/>
</m:dossier>
X
run "scan, a prefixed manifest" "$dossier" scan "$tmp/pfx/ws/manifest.xml"
expect "scan, a prefixed manifest" 0
has "new entries under the prefix" '<m:evidence file="01-' "$tmp/pfx/ws/manifest.xml"
has "a new indicator under the prefix" '<m:indicator id="2">' "$tmp/pfx/ws/manifest.xml"
run "check after a prefixed scan" "$dossier" check "$tmp/pfx/ws/manifest.xml" --format json
lacks "check after a prefixed scan: valid" '"xml-' "$tmp/out"

# init never writes through a folder link left in the workspace
mkdir -p "$tmp/linked/ws/bukti" "$tmp/linked/out"
ln -s "$tmp/linked/out" "$tmp/linked/ws/bukti/01-kebijakan-internal-arsitektur-spbe"
run "init over a linked indicator folder" "$dossier" init "$tmp/linked/ws" --year 2024
expect "init over a linked indicator folder" 2
has "init names the link" "01-kebijakan-internal-arsitektur-spbe: tautan simbolik" "$tmp/err"
if [ -z "$(ls -A "$tmp/linked/out")" ]; then ok "nothing written through the link"
else not_ok "init wrote through the link: $(ls "$tmp/linked/out")"; fi
mkdir -p "$tmp/linked2/ws" "$tmp/linked2/out"
ln -s "$tmp/linked2/out" "$tmp/linked2/ws/bukti"
run "init over a linked evidence folder" "$dossier" init "$tmp/linked2/ws" --year 2024
expect "init over a linked evidence folder" 2
if [ -z "$(ls -A "$tmp/linked2/out")" ]; then ok "nothing written through the linked bukti"
else not_ok "init wrote through the linked bukti"; fi

# housekeeping: a renamed file keeps its entry (its level and all), a
# deleted one is listed until --prune removes it, each write keeps a
# numbered backup
d1=$w/bukti/01-kebijakan-internal-arsitektur-spbe
mv "$d1/perbup 18 2023.pdf" "$d1/Perbup 18 Tahun 2023.pdf"
rm "$d/baik.pdf"
cp "$w/manifest.xml" "$tmp/before-move.xml"
run "scan after a rename and a deletion" "$dossier" scan --lang en "$w/manifest.xml"
expect "scan after a rename and a deletion" 0
has "the rename is listed as moved" "perbup 18 2023.pdf -> 01-kebijakan-internal-arsitektur-spbe/Perbup 18 Tahun 2023.pdf"
has "the entry follows the file, level kept" '<evidence file="01-kebijakan-internal-arsitektur-spbe/Perbup 18 Tahun 2023.pdf" level="2" date="2023-05-22"' "$w/manifest.xml"
n=$(grep -c 'Perbup 18 Tahun 2023.pdf' "$w/manifest.xml")
if [ "$n" -eq 1 ]; then ok "no second entry for the renamed file"; else not_ok "$n entries for the renamed file"; fi
has "the deleted file is listed" "baik.pdf"
has "says how to remove its entry" "dossier scan --prune"
has "without --prune the entry stays" "baik.pdf" "$w/manifest.xml"
# nothing but the file attribute changed
if [ "$(diff "$tmp/before-move.xml" "$w/manifest.xml" | grep -c '^[<>]')" -eq 2 ]; then
    ok "the rename changed one line"
else not_ok "the rename changed more than one line"; fi
cp "$w/manifest.xml" "$tmp/before-prune.xml"
run "scan --prune" "$dossier" scan --prune --lang en "$w/manifest.xml"
expect "scan --prune" 0
has "the pruned entry is listed" "entry removed (--prune)"
lacks "the entry is gone" "baik.pdf" "$w/manifest.xml"
if [ "$(diff "$tmp/before-prune.xml" "$w/manifest.xml" | grep -c '^[<>]')" -eq 1 ]; then
    ok "prune removed one line and changed nothing else"
else not_ok "prune changed more than one line"; fi
if cmp -s "$tmp/before-prune.xml" "$w/manifest.xml.~4~"; then ok "fourth write kept as .~4~"
else not_ok "no .~4~ backup of the version before --prune"; fi
run "check after prune" "$dossier" check --format json "$w/manifest.xml"
expect "check after prune" 0
lacks "no file-missing after prune" '"code": "file-missing"'

run "scan of a broken manifest" "$dossier" scan "$tmp/nowhere.xml"
expect "scan of a missing manifest" 1
run "scan without argument" "$dossier" scan
expect "scan without argument" 2
run "init, unknown framework" "$dossier" init "$tmp/x" --framework spbe-1999
expect "init, unknown framework" 2

# ---- a new year: init --from last year's bundle or manifest ----
cp -R "$src/templates/example" "$tmp/y24"
run "pack last year" "$dossier" pack "$tmp/y24/manifest.xml" -o "$tmp/b24"
expect "pack last year" 0
run "init --from a bundle" "$dossier" init "$tmp/y25" --from "$tmp/b24" --lang en
expect "init --from a bundle" 0
has "says what was carried" "27 documents still in force carried, 66 left behind, 0 could not be carried"
has "lists a regulation carried" "peraturan-bupati-31-2022-arsitektur-spbe.pdf"
has "lists a report left behind" "laporan-reviu-tahunan"
has "last year's index is previous" '<previous year="2024" index="2.74">' "$tmp/y25/manifest.xml"
has "last year's level per indicator" '^    <indicator id="10" level="4"/>$' "$tmp/y25/manifest.xml"
lacks "an indicator not filled has no level" '<indicator id="27" level=' "$tmp/y25/manifest.xml"
has "a link's account carries" 'account="asesor.spbe">Aplikasi e-Planning' "$tmp/y25/manifest.xml"
lacks "a link's password does not" 'secret=' "$tmp/y25/manifest.xml"
has "the period moves a year on" '<period from="2024-01-01" to="2025-06-30"/>' "$tmp/y25/manifest.xml"
has "the instance carries" 'name="Pemerintah Kabupaten Sukamaju"' "$tmp/y25/manifest.xml"
has "regulations marked in force" 'in-force="true" from-year="2024">Peraturan Bupati Sukamaju Nomor 31' "$tmp/y25/manifest.xml"
lacks "no report carried" "laporan-reviu-tahunan" "$tmp/y25/manifest.xml"
run "check the carried year" "$dossier" check --format json "$tmp/y25/manifest.xml"
expect "check the carried year" 0
lacks "no date noise" '"code": "date-'
lacks "no stale entry" '"code": "file-missing"'
run "scan the carried year" "$dossier" scan --lang en "$tmp/y25/manifest.xml"
expect "scan the carried year" 0
has "scan finds nothing new or gone" "Nothing to add"
lacks "scan finds nothing gone" "gone"
run "pack the carried year" "$dossier" pack "$tmp/y25/manifest.xml" -o "$tmp/b25"
expect "pack the carried year" 0
run "init --from the manifest" "$dossier" init "$tmp/y25m" --from "$tmp/y24/manifest.xml"
expect "init --from the manifest" 0
if [ "$(sed 1,8d "$tmp/y25/manifest.xml")" = "$(sed 1,8d "$tmp/y25m/manifest.xml")" ]
then ok "bundle and manifest give the same year"
else not_ok "bundle and manifest give different manifests"; fi
f=bukti/01-kebijakan-internal-arsitektur-spbe/peraturan-bupati-31-2022-arsitektur-spbe.pdf
# a hard link where this file system allows one (else init copies)
: >"$tmp/probe" && if ln "$tmp/probe" "$tmp/probe2" 2>/dev/null; then
    if [ "$(stat -c %i "$tmp/y25m/$f")" = "$(stat -c %i "$tmp/y24/bukti/01-kebijakan-arsitektur/peraturan-bupati-31-2022-arsitektur-spbe.pdf")" ]
    then ok "a manifest's files are hard-linked"
    else not_ok "a manifest's file was not hard-linked"; fi
else skip "no hard links in $tmp"; fi
run "init --from, a year before" "$dossier" init "$tmp/y23" --from "$tmp/b24" --year 2023 --lang en
expect "init --from, a year before" 2
has "says the year must come later" "must be a later one" "$tmp/err"
run "init --copy without --from" "$dossier" init "$tmp/yc" --copy
expect "init --copy without --from" 2
run "init --from nowhere" "$dossier" init "$tmp/yn" --from "$tmp/nowhere" --lang en
expect "init --from nowhere" 1
has "says what to give" "bundle" "$tmp/err"
# a zip entry whose bytes are not what its index says: not carried
python3 - "$tmp/b24/data/indicators/01.zip" <<'PY'
import sys, zipfile
src = sys.argv[1]
items = [(i, zipfile.ZipFile(src).read(i.filename)) for i in zipfile.ZipFile(src).infolist()]
with zipfile.ZipFile(src, "w") as z:
    for info, data in items:
        if info.filename.endswith("peraturan-bupati-31-2022-arsitektur-spbe.pdf"):
            data = data.replace(b"%PDF", b"%PDX", 1)
        z.writestr(info, data)
PY
run "init --from a tampered bundle" "$dossier" init "$tmp/y25t" --from "$tmp/b24" --lang en
expect "init --from a tampered bundle" 1
has "names the file not carried" "peraturan-bupati-31-2022-arsitektur-spbe.pdf (its content is not what last year recorded"
has "says how many" "1 document could not be carried" "$tmp/err"
if [ -f "$tmp/y25t/manifest.xml" ] && ! grep -q "peraturan-bupati-31-2022" "$tmp/y25t/manifest.xml"
then ok "the tampered file is left out of the new manifest"
else not_ok "the tampered file was carried, or no manifest"; fi
printf 'rahasia-sekali-12345\n' >"$tmp/pass"
run "pack encrypted" "$dossier" pack "$tmp/y24/manifest.xml" -o "$tmp/b24e" --passphrase-file "$tmp/pass"
expect "pack encrypted" 0
run "init --from an encrypted bundle" "$dossier" init "$tmp/y25e" --from "$tmp/b24e" --lang en
expect "init --from an encrypted bundle" 1
has "says the zip is encrypted" "its zip is encrypted"
# ---- init --year picks the framework whose catalog covers the year -------
fw() { sed -n 's/.*framework="\([^"]*\)".*/\1/p' "$1" | head -n 1; }
run "init --year 2024" "$dossier" init "$tmp/y2024" --year 2024 --lang en
expect "init --year 2024" 0
if [ "$(fw "$tmp/y2024/manifest.xml")" = spbe-2020 ]; then ok "2024 is spbe-2020"
else not_ok "2024 got '$(fw "$tmp/y2024/manifest.xml")'"; fi
has "2024: says spbe-2020" "47 indicators of spbe-2020 (2024)"
run "init --year 2026" "$dossier" init "$tmp/y2026" --year 2026 --lang en
expect "init --year 2026" 0
if [ "$(fw "$tmp/y2026/manifest.xml")" = pemdi-2026 ]; then ok "2026 is pemdi-2026"
else not_ok "2026 got '$(fw "$tmp/y2026/manifest.xml")'"; fi
has "2026: says pemdi-2026" "20 indicators of pemdi-2026 (2026)"
lacks "2026: no warning" "warning" "$tmp/err"
# each folder's note lists the items of every level, and an indicator
# scored from another agency's index says so and how to give the value
r4=$(ls -d "$tmp"/y2026/bukti/04-*)/BACA-SAYA.txt
r5=$(ls -d "$tmp"/y2026/bukti/05-*)/BACA-SAYA.txt
has "2026 note: the items of level 1" "^    I4-L1-02   Substansi RAN Pemdi" "$r4"
has "2026 note: the items of level 5" "^    I4-L5-02   " "$r4"
has "2026 note: items under their tingkat" "^  Tingkat 1:$" "$r4"
has "2026 note: where an item is named" 'item="I4-L1-01" pada <evidence>' "$r4"
lacks "2026 note: not external" "dinilai dari indeks" "$r4"
has "2026 note: I5 is scored from SDI" "dinilai dari indeks SDI (Indeks Satu Data Indonesia) yang diterbitkan Bappenas" "$r5"
has "2026 note: how to give it" '<external index="SDI" value="..." year="..." source="Bappenas"/>' "$r5"
lacks "2024 note: no items" "Butir tiap tingkat" "$(ls -d "$tmp"/y2024/bukti/01-*)/BACA-SAYA.txt"
run "init --year 2019" "$dossier" init "$tmp/y2019" --year 2019 --lang en
expect "init --year 2019: no framework covers it" 2
silent "init --year 2019"
has "2019: says no framework covers it" "no framework covers the year 2019" "$tmp/err"
has "2019: says what each covers" "pemdi-2026: from 2026; spbe-2020: 2021–2025" "$tmp/err"
has "2019: says to name one" "name the framework with --framework" "$tmp/err"
if [ -e "$tmp/y2019" ]; then not_ok "2019: a workspace was written"
else ok "2019: nothing written"; fi
run "init --year 2019, Indonesian" "$dossier" init "$tmp/y2019" --year 2019 --lang id
expect "init --year 2019, Indonesian" 2
has "2019, Indonesian: says so" "tidak ada kerangka yang mencakup tahun 2019" "$tmp/err"
run "init --framework spbe-2020 --year 2026" "$dossier" init "$tmp/s2026" \
    --framework spbe-2020 --year 2026 --lang en
expect "init --framework spbe-2020 --year 2026: done all the same" 0
if [ "$(fw "$tmp/s2026/manifest.xml")" = spbe-2020 ]; then ok "the named framework is kept"
else not_ok "got '$(fw "$tmp/s2026/manifest.xml")'"; fi
has "a warning names the years it covers" \
    "warning: framework 'spbe-2020' covers 2021–2025, not 2026" "$tmp/err"
run "init --framework pemdi-2026 --year 2030" "$dossier" init "$tmp/p2030" \
    --framework pemdi-2026 --year 2030 --lang en
expect "init --framework pemdi-2026 --year 2030" 0
quiet "init --framework pemdi-2026 --year 2030"

# --from does not take --format's place
run "init --from with --format" "$dossier" init "$tmp/yf" --from "$tmp/y24/manifest.xml" --format text
expect "init --from with --format" 0
run "init with --format json" "$dossier" init "$tmp/yj" --year 2025 --format json
expect "init with --format json" 0
# another institution's year is refused, never mixed in
run "init --from another institution" "$dossier" init "$tmp/yo" --from "$tmp/y24/manifest.xml" \
    --instance "Pemerintah Kota Lain" --lang en
expect "init --from another institution" 2
has "names both institutions" "is of 'Pemerintah Kabupaten Sukamaju', not of 'Pemerintah Kota Lain'" "$tmp/err"
if [ ! -e "$tmp/yo" ]; then ok "nothing written for another institution"
else not_ok "a workspace was written for another institution"; fi
# a link planted below an indicator's folder of the new workspace is never followed
mkdir -p "$tmp/yl/bukti/01-kebijakan-internal-arsitektur-spbe" "$tmp/outside"
mkdir -p "$tmp/y24l" && cp -R "$src/templates/example/." "$tmp/y24l/"
mkdir -p "$tmp/y24l/bukti/01-kebijakan-arsitektur/sub"
cp "$tmp/y24l/bukti/01-kebijakan-arsitektur/peraturan-bupati-31-2022-arsitektur-spbe.pdf" \
    "$tmp/y24l/bukti/01-kebijakan-arsitektur/sub/sop-x.pdf"
sed 's|<evidence file="01-kebijakan-arsitektur/peraturan-bupati-31-2022|<evidence file="01-kebijakan-arsitektur/sub/sop-x.pdf" level="2">SOP X</evidence><evidence file="01-kebijakan-arsitektur/peraturan-bupati-31-2022|' \
    "$src/templates/example/manifest.xml" >"$tmp/y24l/manifest.xml"
ln -s "$tmp/outside" "$tmp/yl/bukti/01-kebijakan-internal-arsitektur-spbe/sub"
run "init --from over a planted link" "$dossier" init "$tmp/yl" --from "$tmp/y24l/manifest.xml" --lang en
expect "init --from over a planted link" 1
has "the file behind the link is not carried" "sop-x.pdf (a symbolic link or a file stands where its folder goes"
if [ -z "$(ls -A "$tmp/outside")" ]; then ok "nothing written through the link"
else not_ok "init wrote through a planted link: $(ls "$tmp/outside")"; fi
# a file where a folder goes: that one file fails, the rest is written
mkdir -p "$tmp/yc2/bukti/01-kebijakan-internal-arsitektur-spbe"
: >"$tmp/yc2/bukti/01-kebijakan-internal-arsitektur-spbe/sub"
run "init --from over a file in the way" "$dossier" init "$tmp/yc2" --from "$tmp/y24l/manifest.xml" --lang en
expect "init --from over a file in the way" 1
if [ -f "$tmp/yc2/manifest.xml" ]; then ok "the manifest is written all the same"
else not_ok "no manifest when one file could not be carried"; fi
# a period that is no span is not carried, and said so
sed 's|<period from="2023-01-01" to="2024-06-30"/>|<period from="2024-06-30" to="2023-01-01"/>|' \
    "$src/templates/example/manifest.xml" >"$tmp/y24/manifest-rev.xml"
run "init --from a reversed period" "$dossier" init "$tmp/yr" --from "$tmp/y24/manifest-rev.xml" --lang en
expect "init --from a reversed period" 0
has "says the period was not carried" "last year's period is not a real span of dates" "$tmp/err"
lacks "no reversed period written" '<period from="2025-06-30"' "$tmp/yr/manifest.xml"
# the year after 2100 does not exist for dossier
sed 's|year="2024"|year="2100"|' "$src/templates/example/manifest.xml" >"$tmp/y24/manifest-2100.xml"
run "init --from the year 2100" "$dossier" init "$tmp/y2101" --from "$tmp/y24/manifest-2100.xml" --lang en
expect "init --from the year 2100" 2
# across frameworks with no mapping known: said, not silent
run "init a pemdi year from the example" "$dossier" init "$tmp/p26" --from "$tmp/y24/manifest.xml" --year 2026
expect "init a pemdi year from the example" 0
has "pemdi-2026 chosen by the year" 'framework="pemdi-2026" year="2026"' "$tmp/p26/manifest.xml"
has "regulations go to the mapped indicator" 'file="01-tata-kelola-pemdi/peraturan-bupati-31-2022' "$tmp/p26/manifest.xml"
run "back to spbe-2020, no mapping" "$dossier" init "$tmp/s27" --from "$tmp/p26/manifest.xml" \
    --framework spbe-2020 --year 2027 --lang en
expect "back to spbe-2020, no mapping" 0
has "says no mapping is known" "no mapping from pemdi-2026 to spbe-2020 is known" "$tmp/err"

# Windows' mark beside a downloaded file is skipped, as Thumbs.db is
run "init for a Zone.Identifier" "$dossier" init "$tmp/zi" --year 2025 --instance "Kab Uji"
cp "$src/templates/example/bukti/01-kebijakan-arsitektur/peraturan-bupati-31-2022-arsitektur-spbe.pdf" \
    "$tmp/zi/bukti/01-kebijakan-internal-arsitektur-spbe/perbup.pdf"
printf '[ZoneTransfer]\r\nZoneId=3\r\n' >"$tmp/zi/bukti/01-kebijakan-internal-arsitektur-spbe/perbup.pdf:Zone.Identifier"
run "scan beside a Zone.Identifier" "$dossier" scan "$tmp/zi/manifest.xml" --lang en
expect "scan beside a Zone.Identifier" 0
lacks "the mark is not an entry" "Zone.Identifier" "$tmp/zi/manifest.xml"
has "the document is" "perbup.pdf" "$tmp/zi/manifest.xml"

# a manifest that is a symbolic link: scan says so instead of "cannot keep
# a backup beside it: Too many levels of symbolic links", and the link
# and its file stay as they were
mv "$tmp/zi/manifest.xml" "$tmp/zi/real.xml"
ln -s real.xml "$tmp/zi/manifest.xml"
cp "$tmp/zi/real.xml" "$tmp/zi-before.xml"
cp "$tmp/zi/bukti/01-kebijakan-internal-arsitektur-spbe/perbup.pdf" \
    "$tmp/zi/bukti/01-kebijakan-internal-arsitektur-spbe/perbup-2.pdf"
run "scan through a linked manifest" "$dossier" scan "$tmp/zi/manifest.xml" --lang en
expect "scan through a linked manifest" 1
has "linked manifest: says so, names its file" "is a symbolic link.*give the path of the file itself (.*real.xml)" "$tmp/err"
if [ -L "$tmp/zi/manifest.xml" ] && cmp -s "$tmp/zi/real.xml" "$tmp/zi-before.xml"; then
    ok "linked manifest: still a link, its file unchanged"
else not_ok "linked manifest: replaced or its file changed"; fi

finish

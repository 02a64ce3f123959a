#!/bin/sh
# verdicts.sh -- dossier verdicts import on a pemdi-2026 manifest made by
# init: a CSV sheet as a coordinator copies it from the portal (ids,
# the checklist's GT form, portal codes, assessors' codes, kinds left to
# be inferred, values with a decimal comma) is imported, passes check
# and round-trips (the verdict elements say what the sheet said);
# importing it again changes nothing (bytes identical, no new backup);
# a changed verdict replaces the old one and is reported; --dry-run
# writes nothing; bad rows exit 1 naming row and column, in Indonesian
# and in English, and write nothing; the same rows in a workbook (first
# sheet, number cells) give the same manifest byte for byte; usage.
# usage: verdicts.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
here=$(dirname "$0")
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

py=/usr/bin/python3
if [ -x "$py" ] && "$py" -c 'import openpyxl' >/dev/null 2>&1; then
    have_openpyxl=yes
else
    have_openpyxl=no
fi
# the standard library's XML parser reads the verdicts back
if [ -x "$py" ] && "$py" -c 'import xml.etree.ElementTree' >/dev/null 2>&1; then
    have_python=yes
else
    have_python=no
fi

# verdicts MANIFEST: one line per verdict, "IND|STAGE|ITEM|STATUS|KIND|NOTE",
# and per assessor value "IND|STAGE|value|LEVEL|VALUE", read independently
verdicts() {
    "$py" - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET
ns = "{urn:dossier:manifest:1}"
root = ET.parse(sys.argv[1]).getroot()
for ind in root.iter(ns + "indicator"):
    for v in ind.findall(ns + "verdict"):
        print("|".join([ind.get("id"), v.get("stage"), v.get("item") or "",
                        v.get("status"), v.get("kind") or "",
                        (v.text or "").strip()]))
    for a in ind.findall(ns + "assessment"):
        if a.get("value") is not None:
            print("|".join([ind.get("id"), a.get("stage"), "value",
                            a.get("level"), a.get("value")]))
PY
}

fresh() { # a fresh pemdi-2026 workspace in $tmp/$1; sets $m
    rm -rf "${tmp:?}/$1"
    "$dossier" init "$tmp/$1" --framework pemdi-2026 --year 2026 \
        --instance "Kabupaten Contoh" >/dev/null 2>&1 ||
        not_ok "init $1"
    m=$tmp/$1/manifest.xml
}

# --- CSV: import, check, round trip ------------------------------------------

cat >"$tmp/tahap1.csv" <<'EOF'
No;Indikator;Butir;Tahap;Status;Jenis;Catatan;Nilai
1;2.2;I4-L1-01;;Diterima;;;1,3
2;2.2;GT.I4_L1_2;;REVISI;;Bukti dukung yang diberikan tidak tepat berupa RKA, semestinya "rencana kolaborasi" & jadwal;1,3
3;;PG_04_03;dokumen;diterima;;;
4;I4;I4-L2-02;;revisi;;Otomatis ditolak karena tingkat kematangan sebelumnya ditolak.;
5;;I12-L1-02;;revisi;;Dokumen pendukung/evidence terkait belum tersedia dan belum diunggah.;1,25
;;;;;;;
6;5.1;I13-L1-02;interviu;revisi;tidak tepat;RKA/DPA tanpa program pengembangan aplikasi;1,1667
EOF
cat >"$tmp/want.txt" <<'EOF'
4|dokumen|I4-L1-01|diterima||
4|dokumen|I4-L1-02|revisi|tidak-tepat|Bukti dukung yang diberikan tidak tepat berupa RKA, semestinya "rencana kolaborasi" & jadwal
4|dokumen|I4-L1-03|diterima||
4|dokumen|I4-L2-02|revisi|otomatis-ditolak|Otomatis ditolak karena tingkat kematangan sebelumnya ditolak.
4|dokumen|value|1|1.30
12|dokumen|I12-L1-02|revisi|belum-diunggah|Dokumen pendukung/evidence terkait belum tersedia dan belum diunggah.
12|dokumen|value|1|1.25
13|interviu|I13-L1-02|revisi|tidak-tepat|RKA/DPA tanpa program pengembangan aplikasi
13|interviu|value|1|1.1667
EOF

fresh csv
cp "$m" "$tmp/orig.xml"

run "dry run" "$dossier" verdicts import "$m" "$tmp/tahap1.csv" --dry-run
expect "dry run" 0
has "dry run lists a new verdict by row" "tahap1.csv, baris 3: \[4\] putusan dokumen I4-L1-02"
has "dry run says so" "manifest.xml akan diperbarui (putusan: 6 baru, 0 diganti; nilai: 3 diisi; 0 sudah sama); uji coba: tidak ada yang diubah"
if cmp -s "$m" "$tmp/orig.xml"; then ok "dry run: manifest untouched"; else
    not_ok "dry run: manifest changed"; fi
[ ! -e "$m.~1~" ] && ok "dry run: no backup" || not_ok "dry run: a backup was made"

run "import" "$dossier" verdicts import "$m" "$tmp/tahap1.csv"
expect "import" 0
has "import lists the value" "\[13\] nilai interviu: (tidak ada) → \"1.1667\""
has "import reports the backup" "manifest.xml.~1~"
[ -e "$m.~1~" ] && ok "import: backup kept" || not_ok "import: no backup"
if cmp -s "$m.~1~" "$tmp/orig.xml"; then ok "the backup is the manifest as it was"
else not_ok "the backup differs from the manifest as it was"; fi
has "a note with quotes and & written escaped" \
    'kind="tidak-tepat">Bukti dukung yang diberikan tidak tepat berupa RKA, semestinya &quot;rencana kolaborasi&quot; &amp; jadwal</verdict>' "$m"
# every other byte kept: the manifest without the added lines is the
# manifest as it was
grep -v -e '<verdict ' -e '<assessment stage="dokumen"' -e '<assessment stage="interviu"' "$m" >"$tmp/rest.xml"
if cmp -s "$tmp/rest.xml" "$tmp/orig.xml"; then ok "only verdicts and assessments added"
else not_ok "other bytes changed: $(diff "$tmp/orig.xml" "$tmp/rest.xml" | head -5 | tr '\n' ' ')"; fi

run "check after import" "$dossier" check "$m" --format json
expect "check after import" 0
has "check: no errors" '"errors": 0'

if [ "$have_python" = yes ]; then
    verdicts "$m" | sort >"$tmp/got.txt"
    sort "$tmp/want.txt" >"$tmp/want.sorted"
    if cmp -s "$tmp/got.txt" "$tmp/want.sorted"; then
        ok "round trip: the verdicts and values are what the sheet said"
    else
        not_ok "round trip: $(diff "$tmp/want.sorted" "$tmp/got.txt" | head -6 | tr '\n' ' ')"
    fi
else
    skip "round trip" "no /usr/bin/python3 with xml.etree to read the manifest back"
fi

# --- the same file again: nothing changes ------------------------------------

cp "$m" "$tmp/after1.xml"
run "re-import" "$dossier" verdicts import "$m" "$tmp/tahap1.csv"
expect "re-import" 0
has "re-import says nothing changes" "Tidak ada yang diubah di"
lacks "re-import lists no change" "→"
if cmp -s "$m" "$tmp/after1.xml"; then ok "re-import: bytes identical"; else
    not_ok "re-import changed the manifest"; fi
[ ! -e "$m.~2~" ] && ok "re-import: no new backup" || not_ok "re-import made a backup"

# --- a changed verdict: replaced and reported --------------------------------

cat >"$tmp/interviu.csv" <<'EOF'
butir,status,catatan,nilai,tahap
I4-L1-02,diterima,,1.6667,dokumen
I4-L1-01,diterima,,1.6667,dokumen
EOF
run "changed verdict" "$dossier" verdicts import "$m" "$tmp/interviu.csv"
expect "changed verdict" 0
has "the change is reported old -> new" \
    'putusan dokumen I4-L1-02: "revisi (tidak-tepat): Bukti dukung yang diberikan tidak tepa…" → "diterima" (diganti)'
has "the value change is reported" '\[4\] nilai dokumen: "1.30" → "1.6667"'
has "the summary counts it" "diperbarui (putusan: 0 baru, 1 diganti; nilai: 1 diisi; 1 sudah sama)"
has "the old verdict is replaced" '<verdict stage="dokumen" item="I4-L1-02" status="diterima"/>' "$m"
lacks "no trace of the old verdict" 'semestinya &quot;rencana' "$m"
# 1.6667 lies in level 2's band (1.50-2.50): the level follows the band
has "the value and level follow" '<assessment stage="dokumen" level="2" value="1.6667"/>' "$m"
[ -e "$m.~2~" ] && ok "changed verdict: backup ~2~" || not_ok "changed verdict: no backup ~2~"
if [ "$have_python" = yes ]; then
    n=$(verdicts "$m" | grep -c '^4|dokumen|I4-L1-02|')
    [ "$n" -eq 1 ] && ok "one verdict per item and stage" || not_ok "$n verdicts on I4-L1-02"
fi

# --- bad rows: named, nothing written ----------------------------------------

cp "$m" "$tmp/before-bad.xml"
cat >"$tmp/bad.csv" <<'EOF'
butir,status,jenis,catatan,nilai,indikator
I4-L1-09,diterima,,,,
I4-L1-01,lulus,,,,
I4-L1-02,revisi,salah,,,
,,,,6,4
,,,,1.5,4
,,,,1.6,4
I4-L2-01,revisi,,A,,
I4-L2-01,revisi,,B,,
EOF
run "bad rows" "$dossier" verdicts import "$m" "$tmp/bad.csv"
expect "bad rows" 1
has "unknown item: row, column, the level's items" \
    "bad.csv, baris 2, kolom A (butir): butir 'I4-L1-09' tidak ada dalam kerangka pemdi-2026; butir indikator 4 di tingkat 1 adalah I4-L1-01, I4-L1-02, I4-L1-03" "$tmp/err"
has "unknown status" "baris 3, kolom B (status): status 'lulus' bukan diterima atau revisi" "$tmp/err"
has "unknown kind" "baris 4, kolom C (jenis): jenis 'salah'" "$tmp/err"
has "value outside 1-5" "baris 5, kolom E (nilai): nilai '6' bukan angka 1 sampai 5" "$tmp/err"
has "conflicting values" "baris 7, kolom E (nilai): nilai 1.60 untuk indikator 4 di tahap dokumen berbeda dengan 1.50 di baris 6" "$tmp/err"
has "the same verdict twice" "baris 9, kolom B (status): putusan kedua untuk I4-L2-01" "$tmp/err"
has "nothing written, says so" "6 masalah di" "$tmp/err"
if cmp -s "$m" "$tmp/before-bad.xml"; then ok "bad rows: manifest untouched"; else
    not_ok "bad rows: manifest changed"; fi
[ ! -e "$m.~3~" ] && ok "bad rows: no backup" || not_ok "bad rows: a backup was made"

run "bad rows in English" "$dossier" verdicts import "$m" "$tmp/bad.csv" --lang en
expect "bad rows in English" 1
has "English: row and column" "bad.csv, row 3, column B (status): the status 'lulus' is not diterima or revisi" "$tmp/err"

# a header without the columns: a problem of row 1
printf 'a,b\n1,2\n' >"$tmp/nohead.csv"
run "no header" "$dossier" verdicts import "$m" "$tmp/nohead.csv"
expect "no header" 1
has "no header: says which columns" "baris 1: tidak ada kolom 'indikator' atau 'butir'" "$tmp/err"
# below a title the header row is not "the first row", and is named
printf 'Hasil Tahap 1\n\ncatatan,nilai\nx,1\n' >"$tmp/titlehead.csv"
run "header below a title" "$dossier" verdicts import "$m" "$tmp/titlehead.csv" --lang en
expect "header below a title" 1
has "header below a title: its row, not 'the first row'" \
    "titlehead.csv, row 3: no column 'indikator' (indicator) or 'butir' (item) in the header row, the first row that names a column (rows above it are skipped)" "$tmp/err"

# a manifest with errors is refused before the sheet is read
sed 's|<instance name="Kabupaten Contoh"|<instance nama="x"|' "$tmp/orig.xml" >"$tmp/broken.xml"
run "broken manifest" "$dossier" verdicts import "$tmp/broken.xml" "$tmp/tahap1.csv"
expect "broken manifest" 1
[ ! -e "$tmp/broken.xml.~1~" ] && ok "broken manifest: untouched" ||
    not_ok "broken manifest: a backup was made"

# a title row above the header (no separator in it) does not make a ';'
# file read as ',' (Excel in an Indonesian locale saves CSV with ';')
fresh titled
{ printf 'Hasil Penilaian Tahap 1 Kabupaten Contoh\n'; cat "$tmp/tahap1.csv"; } >"$tmp/titled.csv"
run "title row above a ';' header" "$dossier" verdicts import "$m" "$tmp/titled.csv" --dry-run
expect "title row above a ';' header" 0
has "title row: the rows are read" "titled.csv, baris 4: \[4\] putusan dokumen I4-L1-02"

# --- --stage and a dry run of a change ---------------------------------------

printf 'butir,status\nI4-L1-03,revisi\n' >"$tmp/visit.csv"
cp "$m" "$tmp/before-dry.xml"
run "dry run of a new stage" "$dossier" verdicts import "$m" "$tmp/visit.csv" --stage VISITASI --dry-run
expect "dry run of a new stage" 0
has "the stage comes from --stage" "putusan visitasi I4-L1-03"
if cmp -s "$m" "$tmp/before-dry.xml"; then ok "dry run: nothing written"; else
    not_ok "dry run wrote"; fi

# --- usage -------------------------------------------------------------------

run "no sub-command" "$dossier" verdicts
expect "no sub-command" 2
has "no sub-command: help" "verdicts import MANIFEST" "$tmp/err"
run "unknown sub-command" "$dossier" verdicts --lang en export x y
expect "unknown sub-command" 2
has "unknown sub-command: names the only one" \
    "unknown sub-command 'export'; the only one is import" "$tmp/err"
run "another word" "$dossier" verdicts export "$m" "$tmp/tahap1.csv"
expect "another word" 2
run "bad --stage" "$dossier" verdicts import "$m" "$tmp/tahap1.csv" --stage mandiri
expect "bad --stage" 2
run "missing file" "$dossier" verdicts import "$m"
expect "missing file" 2
run "help" "$dossier" verdicts --help
expect "help" 0
has "help lists --stage" "--stage STAGE"

# --- hostile files and manifests (r20-attack) ----------------------------------

fresh hostile
printf 'Indikator;Butir;Status\n4;I4-L1-01;diterima\n' >"$tmp/one.csv"
# a manifest that is a symbolic link: refused, the link and its file kept
mv "$m" "$tmp/hostile/real.xml"
ln -s real.xml "$m"
run "symbolic link" "$dossier" verdicts import --lang en "$m" "$tmp/one.csv"
expect "symbolic link" 1
has "symbolic link: says so and names the file" "is a symbolic link.*give the path of the file itself (.*real.xml)" "$tmp/err"
if [ -L "$m" ] && ! grep -q 'I4-L1-01' "$tmp/hostile/real.xml"; then
    ok "symbolic link: still a link, its file unchanged"
else
    not_ok "symbolic link: replaced or its file changed"
fi
rm -f "$m"
mv "$tmp/hostile/real.xml" "$m"
# a read-only manifest: refused even for root, no backup
chmod 444 "$m"
run "read-only manifest" "$dossier" verdicts import --lang en "$m" "$tmp/one.csv"
expect "read-only manifest" 1
has "read-only manifest: says so" "read-only; nothing was changed: make it writable" "$tmp/err"
[ ! -e "$m.~1~" ] && ! grep -q 'I4-L1-01' "$m" && ok "read-only manifest: untouched" ||
    not_ok "read-only manifest: written"
chmod 644 "$m"
# a note over the limit: refused, the file named once per line
"$py" -c 'print("butir;status;catatan\nI4-L1-02;revisi;" + "e" * 4001)' >"$tmp/long.csv" 2>/dev/null ||
    printf 'butir;status;catatan\nI4-L1-02;revisi;%04001d\n' 0 >"$tmp/long.csv"
run "note too long" "$dossier" verdicts import --lang en "$m" "$tmp/long.csv"
expect "note too long" 1
has "note too long: row and limit" "long.csv, row 2: .* 4001 characters long; at most 4000" "$tmp/err"
if grep -q 'long.csv: refused: .*long.csv' "$tmp/err"; then
    not_ok "note too long: the file is named twice"
else ok "note too long: the file is named once"; fi
# a terminal's escape sequence pasted into a note: which character, where
printf 'butir;status;catatan\nI4-L1-02;revisi;"\033]0;judul\007 catatan"\n' >"$tmp/esc.csv"
run "escape in a note" "$dossier" verdicts import --lang en "$m" "$tmp/esc.csv"
expect "escape in a note" 1
has "escape in a note: which character and what to do" \
    "esc.csv, row 2: the note holds the character U+001B (character 1), which a manifest cannot hold: delete it" "$tmp/err"
cp "$m" "$tmp/hostile-before.xml"
# bytes no sheet has: each refused with exit 1, nothing written
printf 'butir;status;catatan\nI4-L1-02;revisi;a\000b\n' >"$tmp/nul.csv"
printf 'butir;status;catatan\nI4-L1-02;revisi;"open\nI4-L1-01;diterima;\n' >"$tmp/open.csv"
noise 2048 1 >"$tmp/binary.csv"
printf 'PK\003\004 not a zip at all' >"$tmp/fake.xlsx"
for f in nul open binary; do
    run "$f.csv" "$dossier" verdicts import --lang en "$m" "$tmp/$f.csv"
    expect "$f.csv" 1
    has "$f.csv: names the file" "$f.csv" "$tmp/err"
done
run "fake.xlsx" "$dossier" verdicts import --lang en "$m" "$tmp/fake.xlsx"
expect "fake.xlsx" 1
if cmp -s "$m" "$tmp/hostile-before.xml" && [ ! -e "$m.~1~" ]; then
    ok "hostile sheets: nothing written"
else not_ok "hostile sheets: the manifest changed"; fi
# a full disk while writing (ulimit -f: dossier ignores SIGXFSZ, so the
# write fails with EFBIG): exit 3, the manifest as it was, no temporary
run "full disk" sh -c 'ulimit -f 2 && exec "$@"' sh \
    "$dossier" verdicts import --lang en "$m" "$tmp/one.csv"
expect "full disk" 3
has "full disk: says why" "cannot write: File too large" "$tmp/err"
if cmp -s "$m" "$tmp/hostile-before.xml" && [ ! -e "$m.~1~" ] &&
    ! ls "$m".tmp-* >/dev/null 2>&1; then
    ok "full disk: the manifest as it was, nothing left beside it"
else not_ok "full disk: the manifest changed or a file was left"; fi
# a shared-strings bomb: 15 MB of one letter deflated to 16 KB
if [ "$have_python" = yes ]; then
    "$py" - "$tmp/bomb.xlsx" <<'PY' >"$tmp/py" 2>&1 || not_ok "bomb.xlsx: $(snip "$tmp/py")"
import sys, zipfile
M = "http://schemas.openxmlformats.org/"
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<Types xmlns="%spackage/2006/content-types">'
               '<Default Extension="xml" ContentType="application/xml"/></Types>' % M)
    z.writestr("_rels/.rels", '<Relationships xmlns="%spackage/2006/relationships">'
               '<Relationship Id="r1" Type="%sofficeDocument/2006/relationships/'
               'officeDocument" Target="xl/workbook.xml"/></Relationships>' % (M, M))
    z.writestr("xl/workbook.xml", '<workbook xmlns="%sspreadsheetml/2006/main" '
               'xmlns:r="%sofficeDocument/2006/relationships"><sheets>'
               '<sheet name="A" sheetId="1" r:id="r1"/></sheets></workbook>' % (M, M))
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="%spackage/2006/'
               'relationships"><Relationship Id="r1" Type="%sofficeDocument/2006/'
               'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
               '<Relationship Id="r2" Type="%sofficeDocument/2006/relationships/'
               'sharedStrings" Target="sharedStrings.xml"/></Relationships>' % (M, M, M))
    z.writestr("xl/worksheets/sheet1.xml", '<worksheet xmlns="%sspreadsheetml/2006/'
               'main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
               '</sheetData></worksheet>' % M)
    z.writestr("xl/sharedStrings.xml", '<sst xmlns="%sspreadsheetml/2006/main">'
               '<si><t>butir</t></si><si><t>%s</t></si></sst>' % (M, "A" * 15000000))
PY
    run "shared-strings bomb" "$dossier" verdicts import --lang en "$m" "$tmp/bomb.xlsx"
    expect "shared-strings bomb" 1
    has "shared-strings bomb: refused by the cell limit" "bomb.xlsx: a text holds more than 32767 bytes" "$tmp/err"
else
    skip "shared-strings bomb" "no /usr/bin/python3 to write the workbook"
fi
# a BOM, CRLF line ends and a quoted two-line note; a header alone
printf '\357\273\277butir;status;catatan\r\nI4-L1-02;revisi;"baris satu\r\nbaris dua"\r\n' >"$tmp/crlf.csv"
run "BOM and CRLF" "$dossier" verdicts import --lang en "$m" "$tmp/crlf.csv"
expect "BOM and CRLF" 0
if grep -q 'kind="tidak-tepat">baris satu$' "$m" && ! grep -q "$(printf '\r')" "$m"; then
    ok "BOM and CRLF: the note's lines in the manifest's own line ends"
else not_ok "BOM and CRLF: $(grep -n I4-L1-02 "$m" | head -2 | tr '\n' ' ')"; fi
printf 'butir;status\n' >"$tmp/header.csv"
run "header only" "$dossier" verdicts import --lang en "$m" "$tmp/header.csv"
expect "header only" 0
has "header only: nothing to change" "holds no verdict and no value"
# 100,000 rows of one verdict repeated: read once, in bounded time
"$py" -c 'import sys; sys.stdout.write("butir;status\n" + "I4-L1-03;diterima\n" * 99999)' >"$tmp/rows.csv" 2>/dev/null ||
    { echo 'butir;status'; i=0; while [ $i -lt 99999 ]; do echo 'I4-L1-03;diterima'; i=$((i + 1)); done; } >"$tmp/rows.csv"
run "100,000 rows" "$dossier" verdicts import --lang en "$m" "$tmp/rows.csv"
expect "100,000 rows" 0
n=$(grep -c 'item="I4-L1-03"' "$m")
[ "$n" -eq 1 ] && ok "100,000 rows: one verdict" || not_ok "100,000 rows: $n verdicts"
# one row past the limit: refused, a CSV file named without a "sheet ''"
echo 'I4-L1-03;diterima' >>"$tmp/rows.csv"
echo 'I4-L1-03;diterima' >>"$tmp/rows.csv"
run "100,001 rows" "$dossier" verdicts import --lang en "$m" "$tmp/rows.csv"
expect "100,001 rows" 1
has "100,001 rows: the limit and what to do"     "rows.csv: row 100001 is past the limit of 100000 rows: split the file" "$tmp/err"

# --- XLSX: the first sheet, number cells, the same manifest -------------------

if [ "$have_openpyxl" = yes ]; then
    "$py" - "$tmp/tahap1.csv" "$tmp/tahap1.xlsx" <<'PY' >"$tmp/py" 2>&1 ||
import csv, sys
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Hasil Tahap 1"
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.reader(f, delimiter=";"):
        out = []
        for i, v in enumerate(row):
            # the values and the code 2.2 as numbers, as a spreadsheet
            # keeps them
            if v and i in (1, 7) and v.replace(",", "").replace(".", "").isdigit():
                out.append(float(v.replace(",", ".")))
            else:
                out.append(v if v else None)
        ws.append(out)
other = wb.create_sheet("Catatan")
other.append(["butir", "status"])
other.append(["I4-L1-01", "bukan-status"])
wb.save(sys.argv[2])
PY
        not_ok "openpyxl: $(snip "$tmp/py")"
    fresh xlsx
    run "xlsx import" "$dossier" verdicts import "$m" "$tmp/tahap1.xlsx"
    expect "xlsx import" 0
    has "xlsx rows are named by sheet" "lembar 'Hasil Tahap 1', baris 3"
    if cmp -s "$m" "$tmp/after1.xml"; then
        ok "xlsx gives the manifest the CSV gave, byte for byte"
    else
        not_ok "xlsx differs from csv: $(diff "$tmp/after1.xml" "$m" | head -6 | tr '\n' ' ')"
    fi
    run "xlsx re-import" "$dossier" verdicts import "$m" "$tmp/tahap1.xlsx"
    expect "xlsx re-import" 0
    [ ! -e "$m.~2~" ] && ok "xlsx re-import: no new backup" || not_ok "xlsx re-import made a backup"
    # a bad cell of a workbook: sheet, row and column
    "$py" - "$tmp/bad.xlsx" <<'PY' >"$tmp/py" 2>&1 || not_ok "openpyxl: $(snip "$tmp/py")"
import sys
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Putusan"
ws.append(["Butir", "Hasil", "Nilai"])
ws.append(["I4-L1-01", "diterima", 7.5])
wb.save(sys.argv[1])
PY
    run "xlsx bad cell" "$dossier" verdicts import "$m" "$tmp/bad.xlsx"
    expect "xlsx bad cell" 1
    has "xlsx: sheet, row, column" "bad.xlsx, lembar 'Putusan', baris 2, kolom C (Nilai): nilai '7.5'" "$tmp/err"
else
    skip "xlsx import" "/usr/bin/python3 has no openpyxl to write the workbook (install python3-openpyxl)"
fi

finish

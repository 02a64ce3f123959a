#!/bin/sh
# import.sh -- the worksheet round trip: a workbook written by export,
# edited by an independent writer (openpyxl, sheettool.py edit) and
# imported gives the intended manifest, byte for byte elsewhere; a cell
# changed in both is a conflict named by its cell; a wider round trip
# (a date, a new row, a cleared cell, a new stage, "4,0", a conflict on
# the evidence sheet) compared byte for byte; --dry-run writes
# nothing; CSV is applied two-way; refused values and broken workbooks.
# usage: import.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
here=$(dirname "$0")
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

py=/usr/bin/python3
if ! [ -x "$py" ] || ! "$py" -c 'import openpyxl' >/dev/null 2>&1; then
    have_openpyxl=no
else
    have_openpyxl=yes
fi
sheettool() { "$py" "$here/sheettool.py" "$@"; }

fresh() { # a fresh copy of the example in $tmp/$1; sets $m
    rm -rf "${tmp:?}/$1"
    cp -R "$src/templates/example" "$tmp/$1"
    m=$tmp/$1/manifest.xml
}

if [ "$have_openpyxl" = yes ]; then
    fresh rt
    cp "$m" "$tmp/orig.xml"
    run "export" "$dossier" export "$m" -o "$tmp/a.xlsx"
    expect "export" 0
    sheettool edit "$tmp/a.xlsx" "$tmp/edited.xlsx" >"$tmp/py" 2>&1 ||
        not_ok "openpyxl edit: $(snip "$tmp/py")"

    # --dry-run: every change listed, nothing written
    run "dry run" "$dossier" import --dry-run "$m" "$tmp/edited.xlsx"
    expect "dry run" 0
    has "dry run lists the owner" "Indikator!C3"
    has "dry run lists the level" "Indikator!D2"
    has "dry run lists the explanation" "Indikator!E2"
    has "dry run lists the title" "Bukti!C2"
    has "dry run says so" "4 perubahan"
    if cmp -s "$m" "$tmp/orig.xml"; then ok "dry run: manifest untouched"; else
        not_ok "dry run: manifest untouched"; fi
    [ ! -e "$m.~1~" ] && ok "dry run: no backup" || not_ok "dry run: no backup"

    run "import" "$dossier" import "$m" "$tmp/edited.xlsx"
    expect "import" 0
    has "owner with & written escaped" 'id="2" owner="Bagian Hukum &amp; HAM"' "$m"
    has "level written" 'stage="mandiri" level="4">Diperbarui oleh OPD' "$m"
    has "title written" '>Perbup 31/2022 (judul dari OPD)</evidence>' "$m"
    sed -e 's|id="2" owner="Bappeda"|id="2" owner="Bagian Hukum \&amp; HAM"|' \
        -e 's|<assessment stage="mandiri" level="3">Arsitektur SPBE[^<]*</assessment>|<assessment stage="mandiri" level="4">Diperbarui oleh OPD: Perbup 18/2023 berlaku.</assessment>|' \
        -e 's|\(sha256="7dc51be6c10c83d165d790ab035217320bd419d809ccf145e0b51186345353aa">\)[^<]*<|\1Perbup 31/2022 (judul dari OPD)<|' \
        "$tmp/orig.xml" >"$tmp/want.xml"
    if cmp -s "$m" "$tmp/want.xml"; then ok "the manifest byte for byte, every other byte kept"; else
        not_ok "the manifest byte for byte: $(diff "$tmp/want.xml" "$m" | head -c 300)"; fi
    if cmp -s "$m.~1~" "$tmp/orig.xml"; then ok "backup is the original"; else
        not_ok "backup is the original"; fi
    run "check after import" "$dossier" check --format json "$m"
    lacks "no schema error after import" '"code": "schema' "$tmp/out"

    # the same workbook again: everything is so already
    run "import again" "$dossier" import "$m" "$tmp/edited.xlsx"
    expect "import again" 0
    [ ! -e "$m.~2~" ] && ok "import again: nothing written" ||
        not_ok "import again: nothing written"

    # a cell changed in the workbook and in the manifest: a conflict
    fresh cf
    run "export for conflict" "$dossier" export "$m" -o "$tmp/c.xlsx"
    sheettool edit "$tmp/c.xlsx" "$tmp/c-edited.xlsx" >"$tmp/py" 2>&1
    sed 's/id="2" owner="Bappeda"/id="2" owner="Bappeda Baru"/' "$m" >"$tmp/cf.xml"
    cat "$tmp/cf.xml" >"$m"
    cp "$m" "$tmp/cf-before.xml"
    run "conflict" "$dossier" import "$m" "$tmp/c-edited.xlsx"
    expect "conflict" 1
    has "conflict named by its cell" "Indikator!C3" "$tmp/err"
    has "conflict: export-time value" '"Bappeda"' "$tmp/err"
    has "conflict: workbook value" '"Bagian Hukum & HAM"' "$tmp/err"
    has "conflict: manifest value" '"Bappeda Baru"' "$tmp/err"
    has "conflict not applied" 'id="2" owner="Bappeda Baru"' "$m"
    has "the rest applied" 'stage="mandiri" level="4">Diperbarui oleh OPD' "$m"

    # the wider round trip, byte for byte: "4,0", a new stage, a cleared
    # explanation, a date typed in a date cell, a new evidence row and a
    # conflict on the evidence sheet
    fresh wide
    cp "$src/templates/example/bukti/19-tim-koordinasi/program-kerja-tim-koordinasi-2023.pdf" \
       "$tmp/wide/bukti/19-tim-koordinasi/sk-baru.pdf"
    run "export for the round trip" "$dossier" export "$m" -o "$tmp/w.xlsx"
    expect "export for the round trip" 0
    sheettool roundtrip "$tmp/w.xlsx" "$tmp/w-edited.xlsx" >"$tmp/py" 2>&1 ||
        not_ok "openpyxl round trip edit: $(snip "$tmp/py")"
    # meanwhile the manifest changes the title the workbook changes too
    sed 's|level="2" date="2023-05-22">Peraturan Bupati Sukamaju Nomor 19 Tahun 2023 tentang Peta Rencana SPBE Tahun 2023-2026<|level="2" date="2023-05-22">Perbup 19/2023 (manifest)<|' \
        "$m" >"$tmp/wide.xml"
    cat "$tmp/wide.xml" >"$m"
    sha=$(sha256sum "$tmp/wide/bukti/19-tim-koordinasi/sk-baru.pdf" | cut -d' ' -f1)
    sed -e 's|<assessment stage="mandiri" level="3">Arsitektur SPBE|<assessment stage="mandiri" level="4">Arsitektur SPBE|' \
        -e 's|<assessment stage="dokumen" level="2">Ketentuan interoperabilitas data belum diatur secara rinci; tingkat 3 belum terpenuhi.</assessment>|<assessment stage="dokumen" level="2"></assessment>|' \
        -e 's|\(peraturan-bupati-18-2023-perubahan-arsitektur-spbe.pdf" level="3" date="\)2023-05-22"|\12025-02-01"|' \
        "$tmp/wide.xml" |
    awk -v sha="$sha" '{ print }
        /<indicator id="2"/ { in2 = 1 }
        in2 && /<assessment stage="dokumen" level="3"\/>/ {
            print "    <assessment stage=\"interviu\" level=\"2\">Wawancara 2024.</assessment>"; in2 = 0 }
        /19-tim-koordinasi\/notulen-rapat-pleno/ {
            print "    <evidence file=\"19-tim-koordinasi/sk-baru.pdf\" date=\"2025-03-01\" sha256=\"" sha "\" level=\"3\">SK baru</evidence>" }' \
        >"$tmp/wide-want.xml"
    run "round trip import" "$dossier" import "$m" "$tmp/w-edited.xlsx"
    expect "round trip import" 1
    has "round trip: the conflict on the evidence sheet" "Bukti!C4" "$tmp/err"
    has "round trip: a long value in a conflict shortened" 'karena diket…"' "$tmp/err"
    lacks "round trip: not printed whole" "diketik ulang lengkap oleh OPD" "$tmp/err"
    has "round trip: the new row" "19-tim-koordinasi/sk-baru.pdf"
    if cmp -s "$m" "$tmp/wide-want.xml"; then
        ok "round trip: the manifest byte for byte"
    else
        not_ok "round trip: the manifest byte for byte: $(diff "$tmp/wide-want.xml" "$m" | head -c 600 | tr '\n' ' ')"
    fi
    run "check after the round trip" "$dossier" check --format json "$m"
    lacks "round trip: no schema error" '"code": "schema' "$tmp/out"
else
    not_ok "workbook round trip: /usr/bin/python3 cannot import openpyxl: install python3-openpyxl (scripts/install-deps.sh)"
fi

# CSV: no export-time values, the cells that differ are applied
fresh csv
cp "$m" "$tmp/csv-orig.xml"
run "csv export" "$dossier" export "$m" -o "$tmp/i.csv"
expect "csv export" 0
# as Excel in an Indonesian locale writes it: ';' and a decimal comma
{
    printf '\357\273\277ID;Pengampu;Level mandiri\r\n'
    printf '1;Dinas Komunikasi dan Informatika;3,0\r\n'
    printf '2;"Bagian Hukum & HAM";3\r\n'
} >"$tmp/semi.csv"
run "csv import" "$dossier" import "$m" "$tmp/semi.csv"
expect "csv import" 0
has "csv: owner applied" 'id="2" owner="Bagian Hukum &amp; HAM"' "$m"
# two-way: the values it overwrites are counted and marked, --dry-run advised
has "csv: the overwritten value marked" 'B3: \[2\] pengampu: "Bappeda" → "Bagian Hukum & HAM" (menimpa manifes)'
has "csv: how many values it overwrote" "1 nilai di .* ditimpa oleh" "$tmp/err"
has "csv: --dry-run advised" "dengan --dry-run" "$tmp/err"
sed 's|id="2" owner="Bappeda"|id="2" owner="Bagian Hukum \&amp; HAM"|' "$tmp/csv-orig.xml" >"$tmp/csv-want.xml"
if cmp -s "$m" "$tmp/csv-want.xml"; then ok "csv: the manifest byte for byte (3,0 is 3)"; else
    not_ok "csv: the manifest byte for byte: $(diff "$tmp/csv-want.xml" "$m" | head -c 300)"; fi

# a level as a spreadsheet or a person types it: "4,0", "4.0", " 4 " is 4
for v in '4,0' '4.0' ' 4 '; do
    fresh lv
    sed 's|<assessment stage="mandiri" level="3">Arsitektur SPBE|<assessment stage="mandiri" level="4">Arsitektur SPBE|' \
        "$m" >"$tmp/lv-want.xml"
    printf 'ID;Level mandiri\r\n1;%s\r\n' "$v" >"$tmp/lv.csv"
    run "csv level '$v'" "$dossier" import "$m" "$tmp/lv.csv"
    expect "csv level '$v'" 0
    if cmp -s "$m" "$tmp/lv-want.xml"; then ok "csv level '$v' written 4"; else
        not_ok "csv level '$v' written 4: $(diff "$tmp/lv-want.xml" "$m" | head -c 300)"; fi
done
# the change as set prints it: the same fields, the same arrow
has "import prints a change as set does" 'B2: \[1\] tingkat mandiri: "3" → "4"'
fresh csv

# a manifest that loads with an error a change fixes: import fixes it as
# set would (an owner over the schema's length)
fresh fix
cp "$m" "$tmp/fix-want.xml"
long=$(printf '%0130d' 0 | tr 0 a)
sed "s|id=\"2\" owner=\"Bappeda\"|id=\"2\" owner=\"$long\"|" "$tmp/fix-want.xml" >"$m"
printf 'ID;Pengampu\r\n2;Bappeda\r\n' >"$tmp/fix.csv"
run "import fixes an error" "$dossier" import "$m" "$tmp/fix.csv"
expect "import fixes an error" 0
if cmp -s "$m" "$tmp/fix-want.xml"; then ok "import fixes an error: the owner"; else
    not_ok "import fixes an error: $(diff "$tmp/fix-want.xml" "$m" | head -c 300)"; fi
fresh csv

# a value the editor refuses: named by its cell, the rest applied
printf 'ID,Pengampu,Level mandiri\r\n1,Bappeda,tiga\r\n' >"$tmp/bad.csv"
run "refused value" "$dossier" import "$m" "$tmp/bad.csv"
expect "refused value" 1
has "refused value named by its cell" "C2" "$tmp/err"
lacks "the cell named once" "C2: .*C2: " "$tmp/err"
has "the rest applied (csv)" 'id="1" owner="Bappeda"' "$m"

# not a workbook of dossier, a broken one
printf 'foo,bar\r\n1,2\r\n' >"$tmp/other.csv"
run "other csv" "$dossier" import "$m" "$tmp/other.csv"
expect "other csv" 1
has "other csv named" "other.csv" "$tmp/err"
printf 'PK\003\004garbage' >"$tmp/broken.xlsx"
run "broken workbook" "$dossier" import "$m" "$tmp/broken.xlsx"
expect "broken workbook" 1
has "broken workbook named" "broken.xlsx" "$tmp/err"
run "missing workbook" "$dossier" import "$m" "$tmp/none.xlsx"
expect "missing workbook" 1
run "one argument" "$dossier" import "$m"
expect "one argument" 2


# formulas in a CSV export carry a leading quote; the import takes it off
fresh inj
run "set a formula-like owner" "$dossier" set "$m" 1 --owner '=HYPERLINK("http://x","klik")' \
    --explain 'mandiri=@SUM(1)'
expect "set a formula-like owner" 0
run "csv export (formulas)" "$dossier" export "$m" -o "$tmp/inj.csv"
expect "csv export (formulas)" 0
has "csv: formula guarded" "\"'=HYPERLINK(" "$tmp/inj.csv"
has "csv: @ guarded" "\"'@SUM(1)\"" "$tmp/inj.csv"
lacks "csv: no bare formula" ',=HYPERLINK' "$tmp/inj.csv"
cp "$m" "$tmp/inj-before.xml"
run "csv round trip (formulas)" "$dossier" import "$m" "$tmp/inj.csv"
expect "csv round trip (formulas)" 0
if cmp -s "$m" "$tmp/inj-before.xml"; then ok "csv round trip keeps the values"
else not_ok "csv round trip keeps the values"; fi

# a NUL byte in a CSV value is refused, naming row and column
printf 'ID,Pengampu\r\n1,Bapp\000eda\r\n' >"$tmp/nul.csv"
cp "$m" "$tmp/nul-before.xml"
run "csv with NUL" "$dossier" import "$m" "$tmp/nul.csv"
expect "csv with NUL" 1
has "csv with NUL named" "nul.csv" "$tmp/err"
if cmp -s "$m" "$tmp/nul-before.xml"; then ok "csv with NUL: nothing changed"
else not_ok "csv with NUL: nothing changed"; fi

# look-alike owners: bidirectional and C1 controls are refused
for cp in U+202E:'\342\200\256' U+200F:'\342\200\217' U+0085:'\302\205'; do
    printf 'ID,Pengampu\r\n1,Kepala%b Bappeda\r\n' "${cp#*:}" >"$tmp/look.csv"
    run "owner with ${cp%%:*}" "$dossier" import "$m" "$tmp/look.csv"
    expect "owner with ${cp%%:*}" 1
    lacks "owner with ${cp%%:*} not written" 'Kepala.* Bappeda' "$m"
done

# the rows reported are capped, the rest counted
{
    printf 'ID,Pengampu\r\n'
    i=1000
    while [ "$i" -lt 1250 ]; do printf '%s,X\r\n' "$i"; i=$((i + 1)); done
} >"$tmp/many.csv"
run "many unknown rows" "$dossier" import "$m" "$tmp/many.csv" --dry-run
expect "many unknown rows" 1
n=$(grep -c "many.csv: A" "$tmp/err")
if [ "$n" -eq 200 ]; then ok "at most 200 rows reported"; else
    not_ok "$n rows reported, want 200"; fi
has "the rest counted" "many.csv: 50 " "$tmp/err"
# refused values count as well
{
    printf 'ID,Level mandiri\r\n'
    i=1
    while [ "$i" -le 47 ]; do printf '%s,tiga\r\n' "$i"; i=$((i + 1)); done
    i=1000
    while [ "$i" -lt 1180 ]; do printf '%s,3\r\n' "$i"; i=$((i + 1)); done
} >"$tmp/many2.csv"
run "many refused values" "$dossier" import "$m" "$tmp/many2.csv" --dry-run
expect "many refused values" 1
n=$(grep -c -e "many2.csv: [A-Z]" -e "many2.csv: ditolak: " "$tmp/err")
if [ "$n" -eq 200 ]; then ok "at most 200 problems reported"; else
    not_ok "$n problems reported, want 200"; fi
has "the rest counted (refused)" "many2.csv: 27 " "$tmp/err"

# on a fresh init too: the skeleton's empty cells filled in, nothing else
if [ "$have_openpyxl" = yes ]; then
    run "init for the round trip" "$dossier" init "$tmp/ws" --year 2025 --instance "Kab Uji"
    expect "init for the round trip" 0
    cp "$tmp/ws/manifest.xml" "$tmp/ws-before.xml"
    run "export the skeleton" "$dossier" export "$tmp/ws/manifest.xml" -o "$tmp/ws.xlsx"
    expect "export the skeleton" 0
    "$py" - "$tmp/ws.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
ws.cell(row=2, column=3).value = "Bagian Hukum & HAM"
ws.cell(row=2, column=4).value = "2"
wb.save(sys.argv[1])
PY
    run "import into the skeleton" "$dossier" import "$tmp/ws/manifest.xml" "$tmp/ws.xlsx"
    expect "import into the skeleton" 0
    sed 's|<indicator id="1" owner="">|<indicator id="1" owner="Bagian Hukum \&amp; HAM">\
    <assessment stage="mandiri" level="2"/>|' "$tmp/ws-before.xml" >"$tmp/ws-want.xml"
    if cmp -s "$tmp/ws-want.xml" "$tmp/ws/manifest.xml"; then
        ok "the skeleton gains exactly the owner and the level"
    else
        not_ok "skeleton after import: $(diff "$tmp/ws-want.xml" "$tmp/ws/manifest.xml" | head -5 | tr '\n' ' ')"
    fi
else
    not_ok "/usr/bin/python3 has no openpyxl (install python3-openpyxl)"
fi

finish

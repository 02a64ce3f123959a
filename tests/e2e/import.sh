#!/bin/sh
# import.sh -- the worksheet round trip: a workbook written by export,
# edited by an independent writer (openpyxl, sheettool.py edit) and
# imported gives the intended manifest, byte for byte elsewhere; a cell
# changed in both is a conflict named by its cell; --dry-run writes
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

# changed_lines A B: how many lines of B differ from A
changed_lines() { diff "$1" "$2" | grep -c '^>'; }

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
    n=$(changed_lines "$tmp/orig.xml" "$m")
    if [ "$n" -eq 3 ]; then ok "three lines changed, every other byte kept"; else
        not_ok "$n lines changed, want 3: $(diff "$tmp/orig.xml" "$m" | head -c 300)"; fi
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
has "csv: the overwritten value marked" 'B3: \[2\] pengampu: "Bappeda" → "Bagian Hukum & HAM" (menimpa manifest)'
has "csv: how many values it overwrote" "1 nilai di .* ditimpa oleh" "$tmp/err"
has "csv: --dry-run advised" "dengan --dry-run" "$tmp/err"
n=$(changed_lines "$tmp/csv-orig.xml" "$m")
if [ "$n" -eq 1 ]; then ok "csv: one line changed (3,0 is 3)"; else
    not_ok "csv: $n lines changed, want 1"; fi

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
has "import prints a change as set does" 'B2: \[1\] level mandiri: "3" → "4"'
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
expect "missing workbook" 3
run "one argument" "$dossier" import "$m"
expect "one argument" 2

finish

#!/bin/sh
# export.sh -- dossier export on the bundled example: the workbook read
# back by an independent reader (openpyxl), its drop-downs, protection,
# locked cells and hidden sheets, an edit a person makes, --owner, CSV,
# and the refusals.
# usage: export.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
example=$src/templates/example/manifest.xml
here=$(dirname "$0")
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

# openpyxl comes with the system's python3 (python3-openpyxl); the
# python3 on PATH may be another interpreter without it
py=/usr/bin/python3
have_openpyxl=no
if [ -x "$py" ] && "$py" -c 'import openpyxl' >/dev/null 2>&1; then
    have_openpyxl=yes
fi
sheettool() { "$py" "$here/sheettool.py" "$@"; }

# pycheck NAME CMD...: the tool's own checks, each counted
pycheck() {
    name=$1
    shift
    if [ "$have_openpyxl" = no ]; then
        not_ok "$name: /usr/bin/python3 cannot import openpyxl: install python3-openpyxl (scripts/install-deps.sh)"
        return
    fi
    sheettool "$@" >"$tmp/py" 2>&1
    pst=$?
    while IFS= read -r line; do
        case $line in
        "ok - "*) ok "$name: ${line#ok - }" ;;
        "not ok - "*) not_ok "$name: ${line#not ok - }" ;;
        esac
    done <"$tmp/py"
    [ "$pst" -eq 0 ] || not_ok "$name: sheettool failed: $(snip "$tmp/py")"
}

cp -R "$src/templates/example" "$tmp/ex"
m=$tmp/ex/manifest.xml
cp "$m" "$tmp/manifest.orig"

run "export" "$dossier" export "$m" -o "$tmp/new/a.xlsx"
expect "export" 0
quiet "export"
has "export says where" "a.xlsx"
[ -s "$tmp/new/a.xlsx" ] && ok "workbook written (missing folder made)" ||
    not_ok "workbook written"
if cmp -s "$m" "$tmp/manifest.orig"; then ok "manifest untouched"; else
    not_ok "manifest untouched"; fi
pycheck "xlsx (id)" check "$tmp/new/a.xlsx" id

run "export --lang en" "$dossier" export --lang en "$m" -o "$tmp/en.xlsx"
expect "export --lang en" 0
pycheck "xlsx (en)" check "$tmp/en.xlsx" en

# what a person does with it: an independent writer edits a copy (the
# same edit tests/e2e/import.sh imports)
if [ "$have_openpyxl" = yes ]; then
    if sheettool edit "$tmp/new/a.xlsx" "$tmp/edited.xlsx" >"$tmp/py" 2>&1; then
        ok "openpyxl edits a copy"
        pycheck "edited copy still reads" check "$tmp/edited.xlsx" id
        sheettool owners "$tmp/edited.xlsx" >"$tmp/owners" 2>&1
        if grep -qx "Bagian Hukum & HAM" "$tmp/owners"; then
            ok "edited owner with & kept"
        else not_ok "edited owner with & kept"; fi
    else
        not_ok "openpyxl edits a copy: $(snip "$tmp/py")"
    fi
else
    not_ok "openpyxl edits a copy: /usr/bin/python3 cannot import openpyxl: install python3-openpyxl (scripts/install-deps.sh)"
fi

# again over the same name: replaced, nothing left beside it
run "export again" "$dossier" export "$m" -o "$tmp/new/a.xlsx"
expect "export again" 0
if [ "$(find "$tmp/new" -type f | wc -l)" -eq 1 ]; then
    ok "no temporary left"
else not_ok "no temporary left: $(ls -a "$tmp/new" | tr '\n' ' ')"; fi

# --owner: that OPD's indicators only
run "export --owner" "$dossier" export "$m" --owner Bappeda -o "$tmp/bappeda.xlsx"
expect "export --owner" 0
if [ "$have_openpyxl" = yes ]; then
    sheettool owners "$tmp/bappeda.xlsx" >"$tmp/owners" 2>&1
    n=$(grep -c . "$tmp/owners")
    if [ "$n" -gt 0 ] && ! grep -vqx "Bappeda" "$tmp/owners"; then
        ok "--owner: $n rows, all Bappeda"
    else not_ok "--owner: $(snip "$tmp/owners")"; fi
    want=$(grep -c '<indicator [^>]*owner="Bappeda"' "$m")
    if [ "$n" -eq "$want" ]; then ok "--owner: every Bappeda indicator"; else
        not_ok "--owner: $n rows, want $want"; fi
else
    not_ok "--owner rows: /usr/bin/python3 cannot import openpyxl: install python3-openpyxl (scripts/install-deps.sh)"
fi
run "unknown owner" "$dossier" export "$m" --owner "Nobody" -o "$tmp/nobody.xlsx"
expect "unknown owner" 1
has "unknown owner named" "Nobody" "$tmp/err"
[ ! -e "$tmp/nobody.xlsx" ] && ok "unknown owner: nothing written" ||
    not_ok "unknown owner: nothing written"

# CSV, one sheet per file
run "csv evidence" "$dossier" export "$m" -o "$tmp/ev.csv" --sheet evidence
expect "csv evidence" 0
pycheck "csv evidence" csv "$tmp/ev.csv"
want=$(grep -c '<evidence ' "$m")
if grep -qx "rows $want" "$tmp/py" 2>/dev/null; then ok "csv: every evidence entry"
elif [ "$have_openpyxl" = no ]; then not_ok "csv rows: /usr/bin/python3 cannot import openpyxl: install python3-openpyxl (scripts/install-deps.sh)"
else not_ok "csv: $(snip "$tmp/py"), want $want rows"; fi
if head -c 3 "$tmp/ev.csv" | od -An -tx1 | grep -q "ef bb bf"; then
    ok "csv starts with a BOM"
else not_ok "csv starts with a BOM"; fi
run "csv indicators" "$dossier" export "$m" -o "$tmp/ind.csv"
expect "csv indicators" 0
has "csv indicators header" "ID,Nama indikator,Pengampu" "$tmp/ind.csv"

# refusals
run "no -o" "$dossier" export "$m"
expect "no -o" 2
run "other extension" "$dossier" export "$m" -o "$tmp/a.txt"
expect "other extension" 2
run "--sheet on xlsx" "$dossier" export "$m" -o "$tmp/s.xlsx" --sheet evidence
expect "--sheet on xlsx" 2
run "--sheet unknown" "$dossier" export "$m" -o "$tmp/s.csv" --sheet foo
expect "--sheet unknown" 2
printf '<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024"><indicator id="1" owner="Hukum & HAM"/></dossier>\n' >"$tmp/bad.xml"
run "manifest with errors" "$dossier" export "$tmp/bad.xml" -o "$tmp/bad.xlsx"
expect "manifest with errors" 1
[ ! -e "$tmp/bad.xlsx" ] && ok "manifest with errors: nothing written" ||
    not_ok "manifest with errors: nothing written"

# LibreOffice or Gnumeric, when there: the file converts without repair
if command -v ssconvert >/dev/null 2>&1; then
    if ssconvert "$tmp/new/a.xlsx" "$tmp/conv.csv" >"$tmp/conv" 2>&1; then
        ok "ssconvert reads it"
    else not_ok "ssconvert reads it: $(snip "$tmp/conv")"; fi
else
    skip "ssconvert reads it" "ssconvert is not installed"
fi
if command -v libreoffice >/dev/null 2>&1; then
    if timeout 120 libreoffice --headless --convert-to csv --outdir "$tmp/lo" \
        "$tmp/new/a.xlsx" >"$tmp/conv" 2>&1 && [ -s "$tmp/lo/a.csv" ]; then
        ok "libreoffice reads it"
    else not_ok "libreoffice reads it: $(snip "$tmp/conv")"; fi
else
    skip "libreoffice reads it" "libreoffice is not installed"
fi

finish

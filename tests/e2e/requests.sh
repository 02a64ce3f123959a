#!/bin/sh
# requests.sh -- dossier requests writes one letter per OPD listing exactly
# that OPD's indicators (compared with the manifest's owners through
# pdftotext), with the due date, the coordinator's name and position and
# each indicator's folder; --owner writes one letter; --lang en writes
# English; the summary workbook reads back through openpyxl with one row
# per OPD and indicator; an owner named with '&', '/' and non-ASCII
# letters gets a safe folder; a manifest without owners writes only the
# summary; a bad invocation or an unusable manifest writes nothing.
# usage: requests.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
m=$src/templates/example/manifest.xml
export SOURCE_DATE_EPOCH=1732000000     # 2024-11-19
limit=120

command -v pdftotext >/dev/null 2>&1 || skip_all "pdftotext is not installed"
py=python3
command -v "$py" >/dev/null 2>&1 || skip_all "python3 is not installed"

# compare.py MANIFEST OUTDIR: every letter in OUTDIR names exactly the
# indicators the manifest gives its OPD, and every OPD has one letter
cat >"$tmp/compare.py" <<'PY'
import os, re, subprocess, sys, xml.etree.ElementTree as ET
ns = "{urn:dossier:manifest:1}"
want = {}
for ind in ET.parse(sys.argv[1]).getroot().iter(ns + "indicator"):
    owner = ind.get("owner", "")
    if owner:
        want.setdefault(owner, set()).add(ind.get("id"))
head = sys.argv[3] if len(sys.argv) > 3 else "Kepala "
got = {}
for d in sorted(os.listdir(sys.argv[2])):
    pdf = os.path.join(sys.argv[2], d, "surat-permintaan-bukti.pdf")
    if not os.path.isfile(pdf):
        continue
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True,
                          capture_output=True, text=True).stdout
    owner = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith(head) and owner is None:
            owner = line[len(head):].strip()
    ids = set(re.findall(r"^\s*\d+\. (?:Indikator|Indicator) (\S+):", text, re.M))
    if owner in got:
        print("two letters to", owner); sys.exit(1)
    got[owner] = ids
if got != want:
    for o in sorted(set(got) | set(want)):
        if got.get(o) != want.get(o):
            print(o, "letter:", sorted(got.get(o, [])), "manifest:", sorted(want.get(o, [])))
    sys.exit(1)
print(len(got), "letters")
PY

# ---- the example -----------------------------------------------------
out=$tmp/surat
run "requests on the example" "$dossier" requests "$m" -o "$out" --due 2024-12-06
expect "requests on the example" 0
has "summary line" "11 surat"
run "letters match the owners" "$py" "$tmp/compare.py" "$m" "$out"
expect "one letter per OPD, exactly its indicators" 0
has "eleven letters" "11 letters"
if ls "$out" | grep -q '^01-dinas-komunikasi-dan-informatika$'; then
    ok "folder named by the OPD"; else not_ok "folders: $(ls "$out" | tr '\n' ' ')"; fi
if find "$tmp" -maxdepth 1 -name 'surat.tmp-*' | grep -q .; then
    not_ok "temporary folder left"; else ok "no temporary folder left"; fi
pdftotext -layout "$out/01-dinas-komunikasi-dan-informatika/surat-permintaan-bukti.pdf" "$tmp/l1.txt"
has "due date with its weekday" "Jumat, 6 Desember 2024" "$tmp/l1.txt"
has "coordinator's name" "Drs. Rahmat Hidayat, M.Si." "$tmp/l1.txt"
has "coordinator's position" "Kepala Dinas Komunikasi dan Informatika," "$tmp/l1.txt"
has "letter number line" "Nomor" "$tmp/l1.txt"
has "subject" "Perihal" "$tmp/l1.txt"
has "place and date" "Sukamaju, 19 November 2024" "$tmp/l1.txt"
has "existing folder of indicator 1" "bukti/01-kebijakan-arsitektur/" "$tmp/l1.txt"
# the finding wraps where the letter's 9 pt text takes it
tr -s '\n ' '  ' <"$tmp/l1.txt" >"$tmp/l1.flat"
has "a finding in plain words" "di luar periode" "$tmp/l1.flat"
has "pages numbered" "Halaman 1 dari" "$tmp/l1.txt"
lacks "no other OPD's indicator" "Indikator 2:" "$tmp/l1.txt"
if command -v qpdf >/dev/null 2>&1; then
    run "qpdf --check" qpdf --check "$out/02-bappeda/surat-permintaan-bukti.pdf"
    expect "qpdf --check" 0
else skip "qpdf --check" "qpdf is not installed"; fi

# the summary, read back by an independent reader
cat >"$tmp/summary.py" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
rows = list(ws.iter_rows(values_only=True))
head, body = rows[0], rows[1:]
assert head[0] == sys.argv[2], head
assert ws.freeze_panes == "A2", ws.freeze_panes
per = [r for r in body if not str(r[0]).startswith(sys.argv[3])]
totals = [r for r in body if str(r[0]).startswith(sys.argv[3])]
print(len(per), "rows", len(totals), "totals")
for r in per:
    assert r[3] in (1, 2, 3, 4, 5), r
    assert r[8] is not None and r[8].strftime("%Y-%m-%d") == sys.argv[4], r
print("pairs", sorted(set((r[0], r[1]) for r in per)) == sorted((r[0], r[1]) for r in per))
PY
if /usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1; then
    run "summary reads back" /usr/bin/python3 "$tmp/summary.py" "$out/ringkasan-permintaan.xlsx" OPD "Jumlah" 2024-12-06
    expect "summary reads back" 0
    has "one row per OPD and indicator, one total per OPD" "47 rows 11 totals"
    has "each OPD and indicator once" "pairs True"
else
    not_ok "summary reads back: /usr/bin/python3 cannot import openpyxl: install python3-openpyxl (scripts/install-deps.sh)"
fi

# beside each letter, that OPD's worksheet: exactly its indicators
cat >"$tmp/sheets.py" <<'PY'
import os, sys, openpyxl
import xml.etree.ElementTree as ET
ns = {"m": "urn:dossier:manifest:1"}
want = {}
for ind in ET.parse(sys.argv[1]).getroot().findall("m:indicator", ns):
    if ind.get("owner"):
        want.setdefault(ind.get("owner"), set()).add(ind.get("id"))
got = {}
for sub in sorted(os.listdir(sys.argv[2])):
    path = os.path.join(sys.argv[2], sub, "lembar-kerja-bukti.xlsx")
    if not os.path.isdir(os.path.join(sys.argv[2], sub)):
        continue
    wb = openpyxl.load_workbook(path)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))[1:]
    ids = {str(r[0]) for r in rows if r[0] is not None}
    owners = {r[2] for r in rows if r[0] is not None}
    assert len(owners) == 1, (sub, owners)
    got[owners.pop()] = ids
print("worksheets match" if got == want else "MISMATCH %r %r" % (got, want))
PY
if /usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1; then
    run "worksheets read back" /usr/bin/python3 "$tmp/sheets.py" "$m" "$out"
    expect "worksheets read back" 0
    has "one worksheet per OPD with exactly its indicators" "worksheets match"
else
    not_ok "worksheets read back: /usr/bin/python3 cannot import openpyxl: install python3-openpyxl (scripts/install-deps.sh)"
fi
tr -d '\n ' <"$tmp/l1.txt" >"$tmp/l1-joined.txt"
has "the letter names its worksheet" "lembar-kerja-bukti.xlsx" "$tmp/l1-joined.txt"
has "two attachments" "2 (dua) berkas" "$tmp/l1.txt"

# an existing folder that is not empty is refused and left alone
run "non-empty folder" "$dossier" requests "$m" -o "$out"
expect "non-empty folder refused" 2
has "says the folder is not empty" "tidak kosong" "$tmp/err"
if [ "$(ls "$out" | wc -l)" -eq 12 ]; then ok "non-empty folder untouched"
else not_ok "folder changed: $(ls "$out" | tr '\n' ' ')"; fi

# ---- --owner, --lang en ----------------------------------------------
run "--owner" "$dossier" requests "$m" -o "$tmp/one" --owner "bappeda" --due 2024-12-06
expect "--owner" 0
if [ "$(ls "$tmp/one" | tr '\n' ' ')" = "02-bappeda ringkasan-permintaan.xlsx " ]; then
    ok "--owner writes that letter alone, numbered as in the full run"
else not_ok "--owner wrote: $(ls "$tmp/one" | tr '\n' ' ')"; fi
run "--owner unknown" "$dossier" requests "$m" -o "$tmp/none" --owner "Dinas Pariwisata"
expect "--owner unknown" 2
has "lists the OPDs" "Bappeda" "$tmp/err"
[ -e "$tmp/none" ] && not_ok "--owner unknown wrote a folder" || ok "--owner unknown wrote nothing"

run "--lang en" "$dossier" requests "$m" -o "$tmp/en" --lang en --due 2024-12-06
expect "--lang en" 0
run "English letters match the owners" "$py" "$tmp/compare.py" "$m" "$tmp/en" "Head of "
expect "English: one letter per OPD, exactly its indicators" 0
pdftotext -layout "$tmp/en/02-bappeda/surat-permintaan-bukti.pdf" "$tmp/en.txt"
has "English due date" "Friday, 6 December 2024" "$tmp/en.txt"
has "English subject" "Subject" "$tmp/en.txt"
lacks "no Indonesian body" "Sehubungan" "$tmp/en.txt"
if /usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1; then
    run "English summary" /usr/bin/python3 "$tmp/summary.py" "$tmp/en/ringkasan-permintaan.xlsx" OPD "Total" 2024-12-06
    expect "English summary reads back" 0
    has "English summary rows" "47 rows 11 totals"
else
    not_ok "English summary: /usr/bin/python3 cannot import openpyxl: install python3-openpyxl (scripts/install-deps.sh)"
fi

# ---- bad invocations -------------------------------------------------
run "due in the past" "$dossier" requests "$m" -o "$tmp/past" --due 2024-11-18
expect "due in the past refused" 2
has "says the due date is before the letter" "2024-11-19" "$tmp/err"
run "due not a date" "$dossier" requests "$m" -o "$tmp/past" --due 2024-02-30
expect "due not a date" 2
run "no -o" "$dossier" requests "$m"
expect "no -o" 2
[ -e "$tmp/past" ] && not_ok "a refused run wrote a folder" || ok "refused runs wrote nothing"

# ---- missing files do not stop it; a broken manifest does ----------
cp -R "$src/templates/example" "$tmp/ex"
rm "$tmp/ex/bukti/02-kebijakan-peta-rencana/"*.pdf
# a PDF cut short: opened by check's preview children, a damaged file
f=$(ls "$tmp/ex/bukti/11-"*/*.pdf | head -n 1)
head -c 300 "$f" >"$tmp/cut.pdf" && cat "$tmp/cut.pdf" >"$f"
run "missing evidence" "$dossier" requests "$tmp/ex/manifest.xml" -o "$tmp/miss" --due 2024-12-06
expect "missing evidence still gives letters" 0
has "warns about the errors" "kesalahan" "$tmp/err"
pdftotext -layout "$tmp/miss/02-bappeda/surat-permintaan-bukti.pdf" "$tmp/miss.txt"
has "the letter names the missing file" "peraturan-bupati-19-2023-peta-rencana-spbe.pdf" "$tmp/miss.txt"
has "the letter names the damaged file" "terpotong" "$tmp/miss.txt"
printf '<dossier xmlns="urn:dossier:manifest:1"><oops</dossier>\n' >"$tmp/bad.xml"
run "broken manifest" "$dossier" requests "$tmp/bad.xml" -o "$tmp/bad"
expect "broken manifest" 1
[ -e "$tmp/bad" ] && not_ok "broken manifest wrote a folder" || ok "broken manifest wrote nothing"

# ---- a fresh init: no owners, then one with '&', '/' and non-ASCII ----
run "init" "$dossier" init "$tmp/w" --instance "Pemerintah Kota Uji" --year 2025
expect "init" 0
run "no owners" "$dossier" requests "$tmp/w/manifest.xml" -o "$tmp/w-out" --due 2030-01-31
expect "no owners: summary only" 0
has "no owners: says so" "tidak ada surat" "$tmp/err"
if [ "$(ls "$tmp/w-out" | tr '\n' ' ')" = "ringkasan-permintaan.xlsx " ]; then
    ok "no owners: no letter, the summary"
else not_ok "no owners wrote: $(ls "$tmp/w-out" | tr '\n' ' ')"; fi
if /usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1; then
    run "no owners: summary" /usr/bin/python3 "$tmp/summary.py" "$tmp/w-out/ringkasan-permintaan.xlsx" OPD "Jumlah" 2030-01-31
    expect "no owners: summary reads back" 0
    has "no owners: every indicator listed" "47 rows 1 totals"
else
    not_ok "no owners: summary: /usr/bin/python3 cannot import openpyxl: install python3-openpyxl (scripts/install-deps.sh)"
fi
sed -e 's|<indicator id="1" owner="">|<indicator id="1" owner="Bagian Hukum \&amp; HAM/Ñusa Élok">|' \
    -e 's|<indicator id="2" owner="">|<indicator id="2" owner="../../etc">|' \
    "$tmp/w/manifest.xml" >"$tmp/w/m2.xml"
run "odd owner names" "$dossier" requests "$tmp/w/m2.xml" -o "$tmp/w-odd" --due 2030-01-31
expect "odd owner names" 0
if [ "$(ls "$tmp/w-odd" | tr '\n' ' ')" = "01-bagian-hukum-dan-ham-nusa-elok 02-etc ringkasan-permintaan.xlsx " ]; then
    ok "safe folder names"
else not_ok "folders: $(ls "$tmp/w-odd" | tr '\n' ' ')"; fi
has "warns about the indicators without owner" "45 indikator" "$tmp/err"
run "odd owners: letters match" "$py" "$tmp/compare.py" "$tmp/w/m2.xml" "$tmp/w-odd"
expect "odd owners: one letter each, exactly its indicator" 0
pdftotext -layout "$tmp/w-odd/01-bagian-hukum-dan-ham-nusa-elok/surat-permintaan-bukti.pdf" "$tmp/odd.txt"
has "the init folder of indicator 1" "bukti/01-kebijakan-internal-arsitektur-spbe/" "$tmp/odd.txt"
has "the owner's name as written" "Bagian Hukum & HAM/Ñusa Élok" "$tmp/odd.txt"

# a very long owner name: a bounded folder name, the letter still written
big=$(head -c 3000 /dev/zero | tr '\0' 'A')
sed -e "s|<indicator id=\"3\" owner=\"\">|<indicator id=\"3\" owner=\"$big\">|" \
    "$tmp/w/manifest.xml" >"$tmp/w/m3.xml"
run "long owner name" "$dossier" requests "$tmp/w/m3.xml" -o "$tmp/w-long" --due 2030-01-31
expect "long owner name" 0
name=$(ls "$tmp/w-long" | grep '^01-')
if [ "${#name}" -le 63 ] && [ -f "$tmp/w-long/$name/surat-permintaan-bukti.pdf" ]; then
    ok "long owner name: folder of ${#name} bytes"
else not_ok "long owner name: '$name'"; fi

# an --owner that names two OPDs but for case is ambiguous, never a guess
mkdir -p "$tmp/amb" && cp -R "$src/templates/example/." "$tmp/amb/"
sed 's|<indicator id="12" owner="Bappeda">|<indicator id="12" owner="BAPPEDA">|' \
    "$m" >"$tmp/amb/manifest.xml"
run "requests --owner, ambiguous" "$dossier" requests "$tmp/amb/manifest.xml" -o "$tmp/amb-out" \
    --owner bappeda --due 2024-12-06 --lang en
expect "requests --owner, ambiguous" 2
has "says the name is ambiguous" "several OPDs" "$tmp/err"
run "requests --owner, exact" "$dossier" requests "$tmp/amb/manifest.xml" -o "$tmp/amb-out2" \
    --owner BAPPEDA --due 2024-12-06
expect "requests --owner, exact" 0

finish

#!/bin/sh
# bag_diff.sh -- dossier diff of the example's bundle against a copy with
# two changed levels and one replaced document reports exactly those
# changes, with every name whole; a renamed identical file is a move; a
# pemdi-2026 bundle pairs with a spbe-2020 one by the shipped mapping,
# full names and all, and the other way round (no mapping known) lists
# each side's indicators.  A hostile bundle
# (symbolic links to files and folders outside it, FIFOs or a socket
# where a zip or the manifest should be) fails at once, naming the file; names that are
# no plain text come out escaped in text and as valid UTF-8 in JSON.
# usage: bag_diff.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000
limit=60
ex=$src/templates/example
doc=05-kebijakan-pusat-data/peraturan-bupati-23-2023-pusat-data.pdf

run "pack the example" "$dossier" pack "$ex/manifest.xml" -o "$tmp/old"
expect "pack the example" 0

# the copy: indicator 4 (dokumen) and 5 (mandiri) one level lower, one
# document replaced by a revised PDF under the same name
cp -R "$ex" "$tmp/w"
sed -e '/<indicator id="4"/,/<\/indicator>/ s/stage="dokumen" level="3"/stage="dokumen" level="2"/' \
    -e '/<indicator id="5"/,/<\/indicator>/ s/stage="mandiri" level="3"/stage="mandiri" level="2"/' \
    "$ex/manifest.xml" >"$tmp/w/manifest.xml"
printf '%% revised\n' >>"$tmp/w/bukti/$doc"
run "pack the copy" "$dossier" pack "$tmp/w/manifest.xml" -o "$tmp/new"
expect "pack the copy" 0

run "diff json" "$dossier" diff "$tmp/old" "$tmp/new" --format json
expect "diff json" 0
cp "$tmp/out" "$tmp/diff.json"
python3 - "$tmp/diff.json" "$doc" >"$tmp/py" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
doc = sys.argv[2]
def check(cond, what):
    print(("ok - " if cond else "not ok - ") + what)
check(d["old"]["year"] == 2024 and d["new"]["year"] == 2024, "years")
check(d["old"]["index"] == 2.74, "old index 2.74, got %s" % d["old"]["index"])
changed = [(i["id"], i["old"], i["new"], i["change"]) for i in d["indicators"] if i["change"]]
check(changed == [("4", 3, 2, -1), ("5", 3, 2, -1)], "exactly indicators 4 and 5 fell by one: %s" % changed)
check(len(d["indicators"]) == 47, "47 indicators listed")
check(d["new"]["index"] < d["old"]["index"], "the index fell")
ev = d["evidence"]
check(ev["added"] == [] and ev["removed"] == [] and ev["moved"] == [],
      "nothing added, removed or moved: %s" % {k: ev[k] for k in ("added", "removed", "moved")})
check([(c["indicator"], c["file"]) for c in ev["changed"]] == [("5", doc)],
      "exactly the replaced document changed: %s" % ev["changed"])
check(ev["changed"] and ev["changed"][0]["old_sha256"] != ev["changed"][0]["sha256"], "with both digests")
check(len(ev["reused"]) == 92, "92 documents reused, got %d" % len(ev["reused"]))
a5 = [a for a in d["aspects"] if a["change"]]
check(len(a5) >= 1, "an aspect index changed")
PY
while read -r line; do
    case $line in
        "ok - "*) ok "${line#ok - }" ;;
        *) not_ok "${line#not ok - }" ;;
    esac
done <"$tmp/py"

run "diff text" "$dossier" diff "$tmp/old" "$tmp/new" --lang en
expect "diff text" 0
has "text: indicator 4, its whole name" \
    '^  4 *3 -> 2  (-1)  Maturity of the Internal Policy on SPBE Application Development$'
has "text: indicator 5, its whole name" \
    '^  5 *3 -> 2  (-1)  Maturity of the Internal Policy on Data Centre Services$'
has "text: changed document" "^  changed  indicator 5: $doc$"
has "text: reused noted" '^  92 documents reused unchanged from 2024$'
lacks "text: nothing added" '^  added'
quiet "diff text"

# a renamed identical file is a move
cp -R "$ex" "$tmp/r"
mv "$tmp/r/bukti/$doc" "$tmp/r/bukti/05-kebijakan-pusat-data/perbup-23-2023.pdf"
sed "s|$doc|05-kebijakan-pusat-data/perbup-23-2023.pdf|" "$ex/manifest.xml" >"$tmp/r/manifest.xml"
run "pack the renamed copy" "$dossier" pack "$tmp/r/manifest.xml" -o "$tmp/ren"
expect "pack the renamed copy" 0
run "diff renamed" "$dossier" diff "$tmp/old" "$tmp/ren" --lang en
expect "diff renamed" 0
has "renamed file is a move" "^  moved    indicator 5: $doc -> indicator 5: 05-kebijakan-pusat-data/perbup-23-2023.pdf$"
lacks "renamed: not added" '^  added'
lacks "renamed: not removed" '^  removed'

# no name is cut: an aspect name of 53 characters comes out whole
run "diff text, Indonesian" "$dossier" diff "$tmp/old" "$tmp/new" --lang id
expect "diff text, Indonesian" 0
has "a long aspect name whole" '^  A7 .*  Layanan Administrasi Pemerintahan Berbasis Elektronik$'

# different frameworks: a pemdi-2026 year, made as a user would (init,
# assessments, one document, scan, pack), paired by the shipped mapping
run "init a pemdi-2026 year" "$dossier" init "$tmp/p" --framework pemdi-2026 \
    --instance "Pemerintah Kabupaten Sukamaju" --year 2026
expect "init a pemdi-2026 year" 0
sed -i -e '/<indicator id="1" owner="">/a\
    <assessment stage="mandiri" level="3">Arsitektur Pemdi ditetapkan.</assessment>' \
    -e '/<indicator id="16" owner="">/a\
    <assessment stage="mandiri" level="2">Sebagian aplikasi terintegrasi.</assessment>' \
    -e '/<indicator id="19" owner="">/a\
    <assessment stage="mandiri" level="2"/>' "$tmp/p/manifest.xml"
cp "$ex/bukti/01-kebijakan-arsitektur/peraturan-bupati-31-2022-arsitektur-spbe.pdf" \
    "$tmp/p/bukti/01-tata-kelola-pemdi/arsitektur-pemdi.pdf"
run "scan the pemdi-2026 year" "$dossier" scan "$tmp/p/manifest.xml"
expect "scan the pemdi-2026 year" 0
run "pack a pemdi-2026 bundle" "$dossier" pack "$tmp/p/manifest.xml" -o "$tmp/pem"
expect "pack a pemdi-2026 bundle" 0
run "diff across frameworks" "$dossier" diff "$tmp/old" "$tmp/pem" --format json
expect "diff across frameworks" 0
cp "$tmp/out" "$tmp/across.json"
python3 - "$tmp/across.json" >"$tmp/py" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def check(cond, what):
    print(("ok - " if cond else "not ok - ") + what)
check(d["same_framework"] is False, "not the same framework")
check(d["mapping"] == "spbe-2020 \u2192 pemdi-2026", "mapping named: %r" % d.get("mapping"))
check("domains" not in d, "no domains across frameworks")
rows = d["indicators"]
keys = {"old_id", "old_name", "old_level", "new_id", "new_name", "new_level"}
check(all(set(r) == keys for r in rows), "every row has the six keys")
by_old = {r["old_id"]: r for r in rows if r["old_id"] is not None}
check(len(by_old) == 47, "every old indicator listed once: %d" % len(by_old))
r = by_old.get("11", {})
check(r.get("new_id") == "1" and r.get("old_level") == 3 and r.get("new_level") == 3,
      "11 (level 3) continues as 1 (level 3): %s" % r)
check(r.get("old_name") == "Tingkat Kematangan Arsitektur SPBE Instansi Pusat/Pemerintah Daerah"
      and r.get("new_name") == "Tingkat Kematangan Tata Kelola Pemdi",
      "11 and 1 with their full names: %s" % r)
r = by_old.get("18", {})
check(r.get("old_name") == "Tingkat Kematangan Penggunaan Sistem Penghubung Layanan "
      "Instansi Pusat/Pemerintah Daerah" and r.get("new_id") == "16" and r.get("new_level") == 2,
      "18, its long name whole, continues as 16 at level 2: %s" % r)
r = by_old.get("42", {})
check(r.get("new_id") == "19" and r.get("new_level") == 2, "42 continues as 19: %s" % r)
alone = sorted(int(r["new_id"]) for r in rows if r["old_id"] is None)
check(alone == [6, 7, 8, 11, 12, 18, 20],
      "new indicators no old one continues as: %s" % alone)
check(all(r["old_level"] is None and r["old_name"] is None for r in rows if r["old_id"] is None),
      "null where absent")
PY
while read -r line; do
    case $line in
        "ok - "*) ok "${line#ok - }" ;;
        *) not_ok "${line#not ok - }" ;;
    esac
done <"$tmp/py"

run "diff across frameworks, text" "$dossier" diff "$tmp/old" "$tmp/pem" --lang en
expect "diff across frameworks, text" 0
has "text names the mapping" "^Different frameworks: indicators paired by the mapping spbe-2020 → pemdi-2026\.$"
has "text says it is no official table" "not an official table"
has "text: 11 with its full name" \
    "^  11   level 3  Maturity of the SPBE Architecture of the Central Agency/Regional Government$"
if grep -A1 "^  11   level 3 " "$tmp/out" | grep -q \
    "^    -> 1    level 3  Maturity of Digital Government (Pemdi) Governance$"; then
    ok "text: 11 continues as 1, full name"
else not_ok "text: 11 does not continue as 1: $(grep -A1 '^  11 ' "$tmp/out" | tr '\n' ' ')"; fi
has "text: a new topic listed" "^  8    not filled  Maturity of Personal Data Protection$"
lacks "text: not by number" "only the overall index compares"
run "diff across frameworks, Indonesian" "$dossier" diff "$tmp/old" "$tmp/pem"
expect "diff across frameworks, Indonesian" 0
has "Indonesian: the long name whole" \
    " 18   tingkat 2  Tingkat Kematangan Penggunaan Sistem Penghubung Layanan Instansi Pusat/Pemerintah Daerah$"
# no line of the diff holds a name cut short: every indicator name of both
# catalogs that appears, appears whole
lacks "Indonesian: no name cut at 30 characters" '  Tingkat Kematangan Penggunaa$'

# the other way round no mapping is known: each side is listed, whole
run "diff pemdi-2026 -> spbe-2020" "$dossier" diff "$tmp/pem" "$tmp/old" --lang en
expect "diff pemdi-2026 -> spbe-2020" 0
has "no mapping: says so" "^Different frameworks: only the overall index compares, as no mapping from pemdi-2026 to spbe-2020 is known\.$"
has "no mapping: old side whole" "^  1    level 3  Maturity of Digital Government (Pemdi) Governance$"
has "no mapping: new side whole" \
    "^  18   level 2  Maturity of the Use of the Service Bus of the Central Agency/Regional Government$"
run "diff pemdi-2026 -> spbe-2020, json" "$dossier" diff "$tmp/pem" "$tmp/old" --format json
expect "diff pemdi-2026 -> spbe-2020, json" 0
has "no mapping: json mapping null" '"mapping": null'
has "no mapping: json rows by side" '"old_id": null'

run "diff one bundle" "$dossier" diff "$tmp/old"
expect "diff one bundle" 2
run "diff a non-bundle" "$dossier" diff "$tmp/old" "$tmp/p" --lang en
expect "diff a non-bundle" 1
has "non-bundle named" "data/manifest.xml" "$tmp/err"

# ---- hostile bundles: nothing is followed, nothing blocks ----------------
# every run below must end well within this many seconds
limit=20
# fresh: $h, a new copy of the old bundle to spoil
h=$tmp/h
fresh() {
    rm -rf "$h"
    cp -R "$tmp/old" "$h"
}
# hostile NAME: diff the spoilt copy against the new bundle: exit 1 at
# once, nothing on stdout
hostile() {
    run "$1" "$dossier" diff "$h" "$tmp/new" --lang en
    expect "$1" 1
    silent "$1"
}
fresh
rm "$h/data/manifest.xml"
ln -s "$tmp/new/data/manifest.xml" "$h/data/manifest.xml"
hostile "data/manifest.xml a link to a file outside"
has "manifest link named" "h/data/manifest.xml: a symbolic link" "$tmp/err"
fresh
rm -rf "$h/data"
ln -s "$tmp/new/data" "$h/data"
hostile "data/ a link to a folder outside"
has "data link named" "h/data: a symbolic link" "$tmp/err"
fresh
rm -rf "$h/data/indicators"
ln -s "$tmp/new/data/indicators" "$h/data/indicators"
hostile "data/indicators a link to a folder outside"
has "indicators link named" "h/data/indicators: a symbolic link" "$tmp/err"
fresh
rm "$h/data/indicators/05.zip"
ln -s "$tmp/new/data/indicators/05.zip" "$h/data/indicators/05.zip"
hostile "a zip a link to a zip outside"
has "zip link named" "h/data/indicators/05.zip: a symbolic link" "$tmp/err"
fresh
rm "$h/data/indicators/05.zip"
mkfifo "$h/data/indicators/05.zip"
hostile "a FIFO in place of a zip"
has "zip FIFO named" "h/data/indicators/05.zip: not a regular file" "$tmp/err"
fresh
rm "$h/data/manifest.xml"
mkfifo "$h/data/manifest.xml"
hostile "a FIFO in place of data/manifest.xml"
has "manifest FIFO named" "h/data/manifest.xml: not a regular file" "$tmp/err"
# a socket in place of a zip (open() of one fails rather than blocks)
fresh
rm "$h/data/indicators/05.zip"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
    "$h/data/indicators/05.zip"
hostile "a socket in place of a zip"
has "zip socket named" "h/data/indicators/05.zip: not a regular file" "$tmp/err"
# more zips than a bundle can have (one per indicator; the limit is 1,000)
fresh
i=100
while [ "$i" -le 1100 ]; do : >"$h/data/indicators/$i.zip"; i=$((i + 1)); done
hostile "1,047 zips"
has "too many zips named" "h/data/indicators: more than 1000 zips" "$tmp/err"
# a FIFO whose name is not UTF-8 and holds a newline: named on one line
fresh
mkfifo "$h/data/indicators/$(printf '\377\376\nx').zip"
hostile "a FIFO zip with an odd name"
has "odd zip name escaped" 'indicators/\\xFF\\xFE\\nx\.zip: not a regular file' "$tmp/err"
if [ "$(wc -l <"$tmp/err")" -eq 1 ]; then ok "odd zip name: one line"; else
    not_ok "odd zip name: $(wc -l <"$tmp/err") lines: $(snip "$tmp/err")"
fi

# ---- names that are no plain text ---------------------------------------
# the new bundle's index.xml of zip 05, re-encoded as ISO-8859-1, names the
# replaced document with the bytes FF FE and a newline: diff sees it moved
limit=60
rm -rf "$tmp/odd"
cp -R "$tmp/old" "$tmp/odd"
python3 - "$tmp/odd/data/indicators/05.zip" "$doc" <<'PY'
import sys, zipfile
path, doc = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(path) as z:
    items = [(i, z.read(i.filename)) for i in z.infolist()]
out = []
for info, data in items:
    if info.filename == "index.xml":
        text = data.decode("utf-8").replace(
            'encoding="UTF-8"', 'encoding="ISO-8859-1"', 1)
        text = text.replace('file="%s"' % doc, 'file="a&#10;b\u00ff\u00fe.pdf"', 1)
        data = text.encode("latin-1", "xmlcharrefreplace")
        assert b"b\xff\xfe.pdf" in data
    out.append((info, data))
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    for info, data in out:
        z.writestr(info, data)
PY
run "diff odd names, text" "$dossier" diff "$tmp/old" "$tmp/odd" --lang en
expect "diff odd names, text" 0
has "newline escaped in text" "^  moved    indicator 5: $doc -> indicator 5: a\\\\nbÿþ\.pdf$"
lacks "no line broken by the name" '^bÿþ'
run "diff odd names, json" "$dossier" diff "$tmp/old" "$tmp/odd" --format json
expect "diff odd names, json" 0
if python3 -c '
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8", "strict"))
m = d["evidence"]["moved"]
assert [x["file"] for x in m] == ["a\nb\u00ff\u00fe.pdf"], m
' "$tmp/out" 2>"$tmp/py"; then ok "json: valid UTF-8 with the name"; else
    not_ok "json: $(snip "$tmp/py")"
fi

finish

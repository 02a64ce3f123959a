#!/bin/sh
# bag_diff.sh -- dossier diff of the example's bundle against a copy with
# two changed levels and one replaced document reports exactly those
# changes; a renamed identical file is a move; two frameworks compare at
# the overall index with the indicators side by side.
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
has "text: indicator 4" '^  4 .* 3 -> 2  (-1)$'
has "text: indicator 5" '^  5 .* 3 -> 2  (-1)$'
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

# different frameworks: the overall index, indicators side by side
mkdir -p "$tmp/p"
cat >"$tmp/p/manifest.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<dossier xmlns="urn:dossier:manifest:1" framework="pemdi-2026" year="2026">
  <instance name="Pemerintah Kabupaten Sukamaju"/>
</dossier>
XML
run "pack a pemdi-2026 bundle" "$dossier" pack "$tmp/p/manifest.xml" -o "$tmp/pem"
expect "pack a pemdi-2026 bundle" 0
run "diff across frameworks" "$dossier" diff "$tmp/old" "$tmp/pem" --format json
expect "diff across frameworks" 0
has "not the same framework" '"same_framework": false'
has "side by side" '"old_id": "47"'
lacks "no domains across frameworks" '"domains"'
run "diff across frameworks, text" "$dossier" diff "$tmp/old" "$tmp/pem" --lang en
has "text says why" "Different frameworks: only the overall index compares"

run "diff one bundle" "$dossier" diff "$tmp/old"
expect "diff one bundle" 2
run "diff a non-bundle" "$dossier" diff "$tmp/old" "$tmp/p" --lang en
expect "diff a non-bundle" 1
has "non-bundle named" "data/manifest.xml" "$tmp/err"

finish

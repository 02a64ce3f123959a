#!/bin/sh
# example_pemdi.sh -- the bundled Pemdi 2026 example: the generator makes
# it byte for byte; check shows exactly its deliberate findings and no
# error; score reproduces its values, the indices per stage and the item
# plan; a pack of it verifies; the example is left untouched.
# usage: example_pemdi.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
example=$src/templates/example-pemdi
m=$example/manifest.xml

sums() {
    find "$example" | LC_ALL=C sort
    find "$example" -type f -exec sha256sum {} + | LC_ALL=C sort
}
sums >"$tmp/before"

# the generator is the source: what it writes now is what is shipped
if command -v python3 >/dev/null 2>&1; then
    python3 "$src/scripts/make-example-pemdi.py" "$tmp/gen" >/dev/null 2>&1
    if diff -r "$example" "$tmp/gen" >"$tmp/diff" 2>&1; then
        ok "make-example-pemdi.py writes the shipped example"
    else
        not_ok "the shipped example differs from its generator: $(head -5 "$tmp/diff")"
    fi
else
    skip "make-example-pemdi.py writes the shipped example" "no python3"
fi

run "check" "$dossier" check --format json "$m"
expect "check: no error" 0
grep '"code"' "$tmp/out" | sed 's/.*"code": "\([^"]*\)".*/\1/' | LC_ALL=C sort |
    uniq -c | sed 's/^ *//' >"$tmp/codes"
cat >"$tmp/want" <<'WANT'
1 accepted-above-rejected
2 external-missing
1 framework-provisional
13 item-unsupported
2 revisi-no-response
WANT
if diff "$tmp/want" "$tmp/codes" >"$tmp/diff"; then
    ok "check: exactly the deliberate findings"
else
    not_ok "check: findings differ: $(tr '\n' ' ' <"$tmp/diff")"
fi
has "check: no error counted" '"errors": 0'

run "score" "$dossier" score "$m"
expect "score" 0
has "score: index 1,29 Kurang" "^Indeks: 1,29  Kurang$"
has "score: I13 at its published 1,17" "^   13  1 Rintisan  *1,17 dokumen"
has "score: SDI 25 counts 2,00" "^    5  2 Terkelola  *2,00 eksternal"
has "score: SJIG missing counts 1" "SJIG belum ada: dihitung 1"
has "score: self-assessment beside the document stage" "^  Indeks  *1,36  *1,29$"
has "score: the item plan, largest first" "^  I2-L2-01  .*+0,0500"
run "score json" "$dossier" score --format json --estimate "$m"
expect "score json" 0
if python3 - "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d["indices"]) == {"mandiri", "dokumen"}, d["indices"].keys()
items = [p["item"] for p in d["item_plan"]]
assert items[0] == "I2-L2-01" and items[-1] == "I4-L2-02", items
PY
then ok "score json: indices per stage and the item plan"
else not_ok "score json: $(head -c 300 "$tmp/out")"; fi

# the dossier names the evaluation it is for: Pemdi, never SPBE
run "render" "$dossier" render "$m" -o "$tmp/d.pdf"
expect "render" 0
if command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1; then
    pdfinfo "$tmp/d.pdf" >"$tmp/info"
    has "render: the title names Pemdi" \
        "^Title: *Dosir evaluasi Pemdi 2026, Pemerintah Kabupaten Sukamaju" "$tmp/info"
    pdftotext "$tmp/d.pdf" "$tmp/d.txt"
    has "render: the cover names Pemdi" "^DOSIR EVALUASI PEMDI$" "$tmp/d.txt"
    has "render: the index is the Pemdi index" "^Indeks Pemdi$" "$tmp/d.txt"
    lacks "render: no SPBE label in a Pemdi dossier" \
        "Indeks SPBE\|INDEKS SPBE\|Koordinator SPBE\|Dosir SPBE\|EVALUASI SPBE" "$tmp/d.txt"
else
    skip "render: the title names Pemdi" "no pdftotext or pdfinfo"
fi

run "pack" "$dossier" pack "$m" -o "$tmp/bundle"
expect "pack" 0
run "verify" "$dossier" verify "$tmp/bundle"
expect "verify" 0

sums >"$tmp/after"
if cmp -s "$tmp/before" "$tmp/after"; then ok "the example is untouched"
else not_ok "the example changed: $(diff "$tmp/before" "$tmp/after" | head -3)"; fi
finish

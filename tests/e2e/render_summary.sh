#!/bin/sh
# render_summary.sh -- the scoring summary shows the indices side by side
# (issue 21, point 2): the boxes at its top hold every stage's index, the
# target and last year's, as `dossier score --format json` computes them,
# for the SPBE and the Pemdi example; `render --stage mandiri` shows the
# self-assessment index alone as the headline and says why; each row of
# the domain and aspect table links to the page where its first
# indicator's section starts; the header says "Aspek" for Pemdi; the
# domain and aspect table gives every stage's index, the indicator table
# every indicator's counted value, no word of the summary leaves the
# margins or overprints another; and, once the manifest can say last
# year's levels, the change column shows them.
# usage: render_summary.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
ps=$src/tests/e2e/pdf_summary.py
export SOURCE_DATE_EPOCH=1732320000

# want.py SCORE.json: the boxes' numbers as the summary must print them
cat >"$tmp/want.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = lambda x: ("%.2f" % x).replace(".", ",")
out = [f(d["indices"][s]["index"])
       for s in ("mandiri", "dokumen", "interviu", "visitasi") if s in d["indices"]]
out.append(f(d["target"]) if d.get("target") is not None else "-")
prev = d.get("previous")
out.append(f(prev["index"]) if prev and prev.get("index") is not None else "-")
print(" ".join(out))
PY
# groups.py SCORE.json: "ID INDEX..." per aspect, every stage's index
cat >"$tmp/groups.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = lambda x: ("%.2f" % x).replace(".", ",")
st = [s for s in ("mandiri", "dokumen", "interviu", "visitasi") if s in d["indices"]]
for k, a in enumerate(d["aspects"]):
    print(a["id"], " ".join(f(d["indices"][s]["aspects"][k]["index"]) for s in st))
PY
# counted.py SCORE.json: "ID VALUE" per indicator, the value as counted
cat >"$tmp/counted.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for i in d["indicators"]:
    v = i["value"]
    if not (i["given"] or i["external"] or i["estimated"]) and v == int(v):
        s = "%d" % v
    else:
        s = ("%.4f" % v).rstrip("0")
        s = s + "0" * max(0, 2 - len(s.split(".")[1]))
    print(i["id"], s.replace(".", ","))
PY

for ex in example example-pemdi; do
    m=$src/templates/$ex/manifest.xml
    fw=$(sed -n 's/.*framework="\([^"]*\)".*/\1/p' "$m" | head -n 1)
    run "$ex: score" "$dossier" score "$m" --format json
    expect "$ex: score" 0
    cp "$tmp/out" "$tmp/$ex.score.json"
    run "$ex: render" "$dossier" render "$m" --no-thumbnails -o "$tmp/$ex.pdf"
    expect "$ex: render" 0

    python3 "$tmp/want.py" "$tmp/$ex.score.json" >"$tmp/want"
    python3 "$ps" boxes "$tmp/$ex.pdf" >"$tmp/boxes"
    if [ "$(head -n 1 "$tmp/boxes")" = "$(cat "$tmp/want")" ]; then
        ok "$ex: every stage's index, the target and last year side by side"
    else not_ok "$ex: boxes '$(head -n 1 "$tmp/boxes")', want '$(cat "$tmp/want")'"; fi
    has "$ex: the self-assessment box" "Penilaian mandiri" "$tmp/boxes"
    has "$ex: the document review box" "Penilaian dokumen" "$tmp/boxes"
    pdftotext -layout "$tmp/$ex.pdf" "$tmp/$ex.txt"
    has "$ex: the headline's stage is named" "dihitung sampai tahap" "$tmp/$ex.txt"

    "$dossier" catalog --framework "$fw" --format json >"$tmp/cat.json"
    python3 "$ps" firsts "$tmp/cat.json" >"$tmp/firsts"
    python3 "$ps" rowlinks "$tmp/$ex.pdf" >"$tmp/rowlinks" 2>"$tmp/err"
    if [ -s "$tmp/firsts" ] && cmp -s "$tmp/firsts" "$tmp/rowlinks"; then
        ok "$ex: every domain and aspect row links to its first indicator's page"
    else not_ok "$ex: row links '$(tr '\n' ' ' <"$tmp/rowlinks")', want '$(tr '\n' ' ' <"$tmp/firsts")' $(snip "$tmp/err")"; fi

    # the summary's pages, which may begin below the table of contents
    pg=$(python3 "$ps" pages "$tmp/$ex.pdf")
    pdftotext -bbox -f "${pg% *}" -l "${pg#* }" "$tmp/$ex.pdf" "$tmp/bbox.html"
    run "$ex: layout" python3 "$src/tests/e2e/pdfcheck.py" layout "$tmp/bbox.html"
    expect "$ex: the summary's words inside the margins, none overprinted" 0

    python3 "$tmp/groups.py" "$tmp/$ex.score.json" >"$tmp/groups.want"
    python3 "$ps" groups "$tmp/$ex.pdf" | grep -v '^D' >"$tmp/groups"
    if [ -s "$tmp/groups" ] && cmp -s "$tmp/groups.want" "$tmp/groups"; then
        ok "$ex: every aspect's index at every stage, side by side"
    else not_ok "$ex: aspect table $(diff "$tmp/groups.want" "$tmp/groups" | head -c 300 | tr '\n' ' ')"; fi

    python3 "$tmp/counted.py" "$tmp/$ex.score.json" >"$tmp/counted.want"
    python3 "$ps" table "$tmp/$ex.pdf" | awk '{ print $1, $(NF-2) }' >"$tmp/counted"
    if cmp -s "$tmp/counted.want" "$tmp/counted"; then
        ok "$ex: the indicator table counts what score counts"
    else not_ok "$ex: indicator table $(diff "$tmp/counted.want" "$tmp/counted" | head -c 300 | tr '\n' ' ')"; fi
done

if grep -q "Domain dan aspek" "$tmp/example.txt"; then ok "SPBE: domain and aspect header"
else not_ok "SPBE: no 'Domain dan aspek' header"; fi
if grep -q "Domain dan aspek" "$tmp/example-pemdi.txt"; then not_ok "Pemdi: says 'Domain dan aspek'"
elif grep -q "^ *Id  *Aspek " "$tmp/example-pemdi.txt"; then ok "Pemdi: the header says Aspek"
else not_ok "Pemdi: no 'Aspek' header"; fi

# --stage mandiri: the self-assessment index is the headline, alone
for ex in example example-pemdi; do
    m=$src/templates/$ex/manifest.xml
    "$dossier" score "$m" --stage mandiri --format json >"$tmp/st.json"
    python3 "$tmp/want.py" "$tmp/st.json" >"$tmp/want"
    run "$ex: render --stage mandiri" "$dossier" render "$m" --stage mandiri \
        --no-thumbnails -o "$tmp/st.pdf"
    expect "$ex: render --stage mandiri" 0
    python3 "$ps" boxes "$tmp/st.pdf" >"$tmp/boxes"
    if [ "$(head -n 1 "$tmp/boxes")" = "$(cat "$tmp/want")" ] &&
       [ "$(wc -w <"$tmp/want")" -eq 3 ]; then
        ok "$ex: --stage mandiri: the self-assessment index alone"
    else not_ok "$ex: --stage mandiri: boxes '$(head -n 1 "$tmp/boxes")', want '$(cat "$tmp/want")'"; fi
    lacks "$ex: --stage mandiri: no document review box" "Penilaian dokumen" "$tmp/boxes"
    pdftotext "$tmp/st.pdf" - | tr '\n' ' ' >"$tmp/st.txt"
    has "$ex: --stage mandiri: said" "render --stage mandiri" "$tmp/st.txt"
done

# English: the same boxes, with a decimal point
run "English" "$dossier" render "$src/templates/example/manifest.xml" --lang en \
    --no-thumbnails -o "$tmp/en.pdf"
expect "English" 0
python3 "$tmp/want.py" "$tmp/example.score.json" | tr , . >"$tmp/want"
python3 "$ps" boxes "$tmp/en.pdf" >"$tmp/boxes"
if [ "$(head -n 1 "$tmp/boxes")" = "$(cat "$tmp/want")" ]; then ok "English: the boxes"
else not_ok "English: boxes '$(head -n 1 "$tmp/boxes")'"; fi
has "English: the self-assessment box" "Self-assessment" "$tmp/boxes"

# last year's levels: <previous><indicator/> (the loader may not be here)
mkdir -p "$tmp/prev"
cp -R "$src/templates/example/." "$tmp/prev/"
python3 - "$tmp/prev/manifest.xml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s, n = re.subn(r'(<previous\b[^>]*?)\s*/>',
               r'\1>\n    <indicator id="1" level="2"/>\n'
               r'    <indicator id="2" level="2" value="1.3"/>\n'
               r'    <indicator id="3" level="2"/>\n  </previous>', s, count=1)
assert n == 1
open(p, "w", encoding="utf-8").write(s)
PY
run "last year's levels: check" "$dossier" check "$tmp/prev/manifest.xml"
if [ "$status" -ne 0 ] && grep -q -i "schema\|skema" "$tmp/out" "$tmp/err"; then
    skip "the change column" "the manifest does not take <previous><indicator/> yet"
else
    run "last year's levels: render" "$dossier" render "$tmp/prev/manifest.xml" \
        --no-thumbnails -o "$tmp/prev.pdf"
    expect "last year's levels: render" 0
    python3 "$ps" table "$tmp/prev.pdf" | awk '$1 <= 4 { print $1, $(NF-1), $NF }' >"$tmp/change"
    printf '1 2 +1\n2 1,30 +1,70\n3 2 =\n4 \342\200\223 \342\200\223\n' >"$tmp/change.want"
    if cmp -s "$tmp/change.want" "$tmp/change"; then ok "the change since last year"
    else not_ok "change column: $(tr '\n' ';' <"$tmp/change")"; fi
fi

finish

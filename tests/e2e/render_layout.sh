#!/bin/sh
# render_layout.sh -- the layout rules of the dossier PDF (issue 21,
# point 7), checked on the PDF itself by pdf_layout.py: both examples, in
# Indonesian and English, have no text under 7.5 pt and no body text
# under 9 pt, no page less than a third full but the exempt ones, no
# heading as a page's last line, no hyphenated table header, no new
# running head unless a section began at the page's top or lower down the
# page before, and every word inside the margins without overprinting.  On the code before,
# the examples had 6.5 pt labels and 8 pt cells, the Pemdi visit plan
# alone on 12% of a page, and "Tingk-" over "at" in the evidence
# table's header.  Then the Pemdi example with its first explanation
# made longer, step by step, so that every block after it meets the
# foot of a page somewhere: on the code before, steps 8, 9 and 13 left
# "Findings of the check" or "First pages" as a page's last line.
# usage: render_layout.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
rules=$src/tests/e2e/pdf_layout.py
check=$src/tests/e2e/pdfcheck.py
export SOURCE_DATE_EPOCH=1732320000

for tool in python3 qpdf pdftotext; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        skip "layout rules" "no $tool"
        finish
        exit 0
    fi
done

# rules NAME PDF: every rule of pdf_layout.py, and pdfcheck's margins
rules() {
    run "$1: layout rules" python3 "$rules" all "$2"
    expect "$1: layout rules hold" 0
    [ "$status" -eq 0 ] || sed -n '1,12p' "$tmp/out"
    run "$1: margins" sh -c "pdftotext -bbox '$2' '$tmp/bbox.html' && python3 '$check' layout '$tmp/bbox.html'"
    expect "$1: every word inside the margins, none overprinted" 0
}

for ex in example example-pemdi; do
    for lang in id en; do
        run "$ex $lang" "$dossier" render "$src/templates/$ex/manifest.xml" \
            -o "$tmp/$ex-$lang.pdf" --lang "$lang"
        expect "$ex $lang: renders" 0
        rules "$ex $lang" "$tmp/$ex-$lang.pdf"
    done
done

# The checker itself: a PDF that breaks each rule is refused (so a rule
# that can no longer see its problem fails here, not silently).
cat >"$tmp/bad.py" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import pdf_layout as pl
p = pl.Page(2, 841.89)
white, ink = (1.0, 1.0, 1.0), (0.1, 0.1, 0.12)
p.runs = [
    (60, 100, 6.5, "/X+LiberationSans", "tiny", ink, 80),
    (60, 120, 8.0, "/X+LiberationSans", "a line of body text", ink, 200),
    (60, 129.5, 8.0, "/X+LiberationSans", "that wraps", ink, 120),
    (60, 150, 10.0, "/X+LiberationSans-Bold", "An orphan heading", ink, 160),
    (300, 140, 7.5, "/X+LiberationSans", "Tingk", white, 320),
    (320, 140, 7.5, "/X+LiberationSans", "\u2010", white, 323),
    (484, 36.8, 7.5, "/X+LiberationSans", "Rencana visitasi", ink, 540),
]
cover, last = pl.Page(1, 841.89), pl.Page(3, 841.89)
# a new running head with no section begun on page 2 or at page 3's top
last.runs = [(504, 36.8, 7.5, "/X+LiberationSans", "Indikator 1", ink, 540)]
# and after it, new heads where sections began: not problems
p4, p5, p6 = pl.Page(4, 841.89), pl.Page(5, 841.89), pl.Page(6, 841.89)
p4.runs = [(504, 36.8, 7.5, "/X+LiberationSans", "Indikator 2", ink, 540)]
p4.starts = [pl.TOP - 12, 300]
p5.runs = [(504, 36.8, 7.5, "/X+LiberationSans", "Indikator 3", ink, 540)]
p6.runs = [(504, 36.8, 7.5, "/X+LiberationSans", "Indikator 3", ink, 540)]
for name, want in (("sizes", 3), ("fill", 1), ("headings", 1), ("headers", 1),
                   ("running", 1)):
    pages = [cover, p, last] if name != "running" else [cover, p, last, p4, p5, p6]
    got = len(pl.CHECKS[name](pages))
    print(name, got, "ok" if got == want else "WRONG, want %d" % want)
PY
run "checker" python3 "$tmp/bad.py" "$src/tests/e2e"
expect "checker runs" 0
for name in sizes fill headings headers running; do
    has "checker: $name finds its problems" "^$name [0-9]* ok"
done

# the Pemdi example, its first explanation longer by 3 sentences a step
grow() {
    rm -rf "$tmp/grow"
    cp -R "$src/templates/example-pemdi" "$tmp/grow"
    python3 - "$tmp/grow/manifest.xml" "$1" <<'PY'
import sys
path, k = sys.argv[1], int(sys.argv[2])
s = open(path, encoding="utf-8").read()
end = "dalam dua rapat konsolidasi.</assessment>"
assert end in s
add = " Kalimat tambahan untuk menguji tata letak halaman." * (3 * k)
open(path, "w", encoding="utf-8").write(s.replace(end, end[:-13] + add + "</assessment>", 1))
PY
}
for k in 2 5 8 9 11 13 15 18; do
    grow "$k"
    run "longer explanation $k" "$dossier" render "$tmp/grow/manifest.xml" -o "$tmp/grow.pdf"
    expect "longer explanation $k: renders" 0
    run "longer explanation $k: rules" python3 "$rules" all "$tmp/grow.pdf"
    expect "longer explanation $k: layout rules hold" 0
    [ "$status" -eq 0 ] && continue
    sed -n '1,8p' "$tmp/out"
done

finish

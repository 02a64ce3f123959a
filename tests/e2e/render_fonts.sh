#!/bin/sh
# render_fonts.sh -- text that always renders (issue 21, point 6): a
# manifest whose evidence file names, titles, explanation and owner hold
# Chinese, Arabic, emoji and a bidirectional control renders, in both
# languages, with every font embedded and only the shipped ones; the
# Arabic is drawn (Noto Naskh Arabic) and read back from the PDF; every
# character no shipped font has is its code ("\u4E2D"), never a hex box
# (no such character is in the PDF's text, and no box's tiny digits are
# on its pages); check's message about a file
# appears in the PDF with those codes; a cell holding an Arabic title
# stays left-aligned (its line starts where the Latin title above it
# starts).
# usage: render_fonts.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
py=$src/tests/e2e/pdf_fonts.py
fonts=$src/fonts
export SOURCE_DATE_EPOCH=1732320000

for t in pdftotext pdffonts fc-query python3; do
    command -v "$t" >/dev/null 2>&1 || skip_all "$t is not installed"
done

# U+4E2D U+6587, Arabic "kitab", U+1F4C4, U+202E
zh=$(printf '\344\270\255\346\226\207')
ar=$(printf '\331\203\330\252\330\247\330\250')
title=$(printf '\331\203\330\252\330\247\330\250 \330\247\331\204\330\263\331\212\330\247\330\263\330\251')
emoji=$(printf '\360\237\223\204')
m=$tmp/m
mkdir -p "$m/bukti"
printf 'hello\n' >"$m/bukti/$zh-laporan.txt"
printf 'hi\n' >"$m/bukti/$ar-2024.txt"
printf 'x\n' >"$m/bukti/foto-$emoji.txt"
cat >"$m/manifest.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">
  <instance name="Pemerintah Kabupaten Sukamaju" kind="kabupaten"/>
  <coordinator name="Rahmat" position="Kepala Dinas" unit="Diskominfo"/>
  <period from="2023-01-01" to="2024-06-30"/>
  <evidence-root path="bukti"/>
  <indicator id="1" owner="Dinas Komunikasi">
    <assessment stage="mandiri" level="2">Penjelasan $zh dan $title dan $emoji.</assessment>
    <evidence file="$zh-laporan.txt" level="2" date="2023-05-22">Laporan $zh</evidence>
    <evidence file="$ar-2024.txt" level="2" date="2023-05-22">$title</evidence>
    <evidence file="foto-$emoji.txt" level="2" date="2023-05-22">Judul &#x202E;fdp.exe $emoji</evidence>
  </indicator>
  <indicator id="2" owner="$ar">
    <assessment stage="mandiri" level="2">$title 2024</assessment>
    <evidence file="$zh-laporan.txt" level="2" date="2023-05-22">$title</evidence>
  </indicator>
</dossier>
EOF
m=$m/manifest.xml

# flat FILE: FILE without white space and pdftotext's direction marks
flat() {
    LC_ALL=C sed 's/\xe2\x80[\xaa-\xac\x8e\x8f]//g' "$1" | tr -d ' \n\t\f'
}

for lang in id en; do
    run "check ($lang)" "$dossier" check --lang "$lang" "$m"
    expect "check ($lang)" 0
    # check's note that the file is attached twice names it
    grep -- "file-shared" "$tmp/out" | sed 's/^[^:]*:[0-9]*: [^:]*: //; s/ \[file-shared\]$//' \
        >"$tmp/check.$lang"
    if grep -q "$zh-laporan" "$tmp/check.$lang"; then ok "check names the file ($lang)"
    else not_ok "check names the file ($lang): $(snip "$tmp/out")"; fi
    python3 "$py" escape "$fonts" <"$tmp/check.$lang" >"$tmp/want.$lang"

    run "render ($lang)" "$dossier" render --lang "$lang" "$m" -o "$tmp/d.$lang.pdf"
    expect "render ($lang)" 0
    quiet "render ($lang)"

    pdffonts "$tmp/d.$lang.pdf" | tail -n +3 >"$tmp/fonts"
    if [ "$(wc -l <"$tmp/fonts")" -ge 3 ] &&
       awk '$(NF-4) != "yes" { bad = 1 } END { exit bad }' "$tmp/fonts"; then
        ok "every font embedded ($lang)"
    else not_ok "fonts ($lang): $(tr '\n' ';' <"$tmp/fonts")"; fi
    has "the Arabic font is used ($lang)" "NotoNaskhArabic-Regular" "$tmp/fonts"
    if grep -v -e Liberation -e NotoNaskhArabic "$tmp/fonts" | grep -q .; then
        not_ok "a font not shipped in fonts/ ($lang)"
    else ok "only the shipped fonts ($lang)"; fi

    pdftotext "$tmp/d.$lang.pdf" "$tmp/d.txt"
    flat "$tmp/d.txt" >"$tmp/flat"
    python3 "$py" uncovered "$fonts" "$tmp/d.txt" >"$tmp/uncovered"
    if [ -s "$tmp/uncovered" ]; then
        not_ok "characters no shipped font has ($lang): $(tr '\n' ' ' <"$tmp/uncovered")"
    else ok "no character without a font in the text ($lang)"; fi
    for s in '\u4E2D\u6587-laporan.txt' 'foto-\u1F4C4.txt' 'Laporan\u4E2D\u6587' \
             'Judul\u202Efdp.exe\u1F4C4' "Penjelasan\\u4E2D\\u6587"; do
        if grep -qF -- "$s" "$tmp/flat"; then ok "escape $s ($lang)"
        else not_ok "no $s in the PDF ($lang)"; fi
    done
    for s in "$(printf '%s' "$title" | tr -d ' ')" "$ar-2024.txt"; do
        if grep -qF -- "$s" "$tmp/flat"; then ok "Arabic text $s ($lang)"
        else not_ok "no Arabic text $s in the PDF ($lang)"; fi
    done
    want=$(flat "$tmp/want.$lang")
    if [ -n "$want" ] && grep -qF -- "$want" "$tmp/flat"; then
        ok "check's message, as the PDF writes it ($lang)"
    else not_ok "check's message not in the PDF ($lang): $want"; fi

    pdftotext -bbox "$tmp/d.$lang.pdf" "$tmp/bbox.html"
    python3 "$py" arabic "$tmp/bbox.html" Laporan >"$tmp/align"
    has "the Arabic title's cell stays left-aligned ($lang)" "^left$" "$tmp/align"
    python3 "$py" boxes "$tmp/bbox.html" >"$tmp/boxes"
    if [ -s "$tmp/boxes" ]; then
        not_ok "hex boxes ($lang): $(head -n 4 "$tmp/boxes" | tr '\n' ';')"
    else ok "no hex box ($lang)"; fi
done

finish

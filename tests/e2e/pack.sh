#!/bin/sh
# pack.sh -- dossier pack writes one zip per indicator that Info-ZIP,
# 7-Zip and bsdtar all accept, whose entries match index.xml; the same
# input gives the same bytes; AES-256 opens with the passphrase only; a
# bad manifest or an existing OUTDIR is refused with nothing written.
# usage: pack.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
m=$src/templates/example/manifest.xml
export SOURCE_DATE_EPOCH=1700000000
limit=60

run "pack the example" "$dossier" pack "$m" -o "$tmp/a"
expect "pack the example" 0
z=$tmp/a/data/indicators
n=$(find "$z" -name '*.zip' | wc -l)
if [ "$n" -eq 46 ]; then ok "46 zips (indicator 27 has no evidence)"; else not_ok "$n zips"; fi
if find "$tmp" -maxdepth 1 -name 'a.tmp-*' | grep -q .; then not_ok "temporary directory left"
else ok "no temporary directory left"; fi

# the manifest is read once: what is archived is what was checked
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null; then
    cp -R "$src/templates/example" "$tmp/ex"
    strace -f -e trace=open,openat,openat2 -o "$tmp/trace" \
        "$dossier" pack "$tmp/ex/manifest.xml" -o "$tmp/once" >/dev/null 2>&1
    opened=$(grep -c 'ex/manifest\.xml"' "$tmp/trace")
    if [ "$opened" -eq 1 ]; then ok "pack opens the manifest once"
    else not_ok "pack opened the manifest $opened times"; fi
    if same_but_secrets "$m" "$tmp/once/data/manifest.xml"; then
        ok "the archived manifest is the input, byte for byte but its secrets"
    else not_ok "the archived manifest differs from the input"; fi
else
    skip "pack opens the manifest once" "strace cannot trace here"
fi

bad_unzip='' bad_7z='' bad_tar='' bad_index='' bad_xsd=''
for f in "$z"/*.zip; do
    unzip -tqq "$f" >/dev/null 2>&1 || bad_unzip="$bad_unzip $(basename "$f")"
    if command -v 7z >/dev/null 2>&1; then
        7z t "$f" >/dev/null 2>&1 || bad_7z="$bad_7z $(basename "$f")"
    fi
    bsdtar -tf "$f" >"$tmp/list" 2>/dev/null || bad_tar="$bad_tar $(basename "$f")"
    # every entry but index.xml is named in index.xml, and vice versa
    unzip -p "$f" index.xml >"$tmp/index.xml"
    grep -o ' name="[^"]*"' "$tmp/index.xml" | sed 's/^ name="//; s/"$//' |
        sed 's/&amp;/\&/g' | LC_ALL=C sort >"$tmp/want"
    grep -v '^index.xml$' "$tmp/list" | LC_ALL=C sort >"$tmp/got"
    cmp -s "$tmp/want" "$tmp/got" || bad_index="$bad_index $(basename "$f")"
    xmllint --noout --schema "$src/templates/schemas/index.xsd" "$tmp/index.xml" \
        2>/dev/null || bad_xsd="$bad_xsd $(basename "$f")"
done
if [ -z "$bad_unzip" ]; then ok "unzip -t accepts every zip"; else not_ok "unzip -t:$bad_unzip"; fi
if [ -z "$bad_7z" ]; then ok "7z t accepts every zip"; else not_ok "7z t:$bad_7z"; fi
if [ -z "$bad_tar" ]; then ok "bsdtar lists every zip"; else not_ok "bsdtar:$bad_tar"; fi
if [ -z "$bad_index" ]; then ok "entries match index.xml"; else not_ok "index.xml differs:$bad_index"; fi
if [ -z "$bad_xsd" ]; then ok "every index.xml is valid against index.xsd"; else not_ok "index.xsd:$bad_xsd"; fi

# stored PDFs and PNGs, deflated CSV and index.xml
zipinfo "$z/01.zip" >"$tmp/zi"
has "PDF stored" "stor .*\.pdf$" "$tmp/zi"
has "index.xml deflated" "def[NXFS] .*index.xml$" "$tmp/zi"
zipinfo "$z/25.zip" >"$tmp/zi"
has "CSV deflated" "def[NXFS] .*\.csv$" "$tmp/zi"
lacks "no PDF deflated anywhere" "def[NXFS] .*\.pdf$" "$tmp/zi"

# names with spaces and non-ASCII letters survive a round trip
mkdir -p "$tmp/x"
bsdtar -xf "$z/10.zip" -C "$tmp/x"
if cmp -s "$tmp/x/laporan-reviu-tahunan-é.pdf" \
       "$src/templates/example/bukti/10-kebijakan-tim-koordinasi/laporan-reviu-tahunan-é.pdf"
then ok "non-ASCII name round trip"; else not_ok "non-ASCII name round trip"; fi
unzip -qq -o "$z/15.zip" -d "$tmp/y" 2>/dev/null
if cmp -s "$tmp/y/notulen rapat koordinasi.pdf" \
       "$src/templates/example/bukti/15-pembangunan-aplikasi/notulen rapat koordinasi.pdf"
then ok "name with spaces round trip"; else not_ok "name with spaces round trip"; fi

# the same input gives the same bytes, at any --jobs
run "pack again" "$dossier" pack "$m" -o "$tmp/b" --jobs 1
expect "pack again" 0
if diff -r "$tmp/a" "$tmp/b" >/dev/null; then ok "byte-identical with SOURCE_DATE_EPOCH"
else not_ok "second pack differs"; fi

# AES-256
printf 'sandi rahasia\n' >"$tmp/pass"
run "pack encrypted" "$dossier" pack "$m" -o "$tmp/e" --passphrase-file "$tmp/pass"
expect "pack encrypted" 0
if command -v 7z >/dev/null 2>&1; then
    if 7z t -p'sandi rahasia' "$tmp/e/data/indicators/01.zip" >/dev/null 2>&1
    then ok "7-Zip opens it with the passphrase"; else not_ok "7-Zip with the passphrase"; fi
    if 7z t -psalah "$tmp/e/data/indicators/01.zip" >/dev/null 2>&1
    then not_ok "7-Zip opened it with a wrong passphrase"; else ok "7-Zip refuses a wrong passphrase"; fi
fi
if unzip -tqq -P '' "$z/01.zip" >/dev/null 2>&1; then ok "unencrypted without passphrase"
else not_ok "plain zip needs no passphrase"; fi
run "empty passphrase file" "$dossier" pack "$m" -o "$tmp/e2" --passphrase-file /dev/null
expect "empty passphrase file" 2
has "empty passphrase file named" "/dev/null" "$tmp/err"
DOSSIER_PASSPHRASE='' run "empty DOSSIER_PASSPHRASE means no encryption" "$dossier" pack "$m" -o "$tmp/e3"
expect "empty DOSSIER_PASSPHRASE means no encryption" 0

# refusals
mkdir -p "$tmp/exists" && echo keep >"$tmp/exists/keep.txt"
run "existing OUTDIR" "$dossier" pack "$m" -o "$tmp/exists"
expect "existing OUTDIR" 2
if [ "$(cat "$tmp/exists/keep.txt")" = keep ] && [ ! -e "$tmp/exists/data" ]
then ok "existing OUTDIR untouched"; else not_ok "existing OUTDIR was touched"; fi
cp -R "$src/templates/example" "$tmp/broken"
rm "$tmp/broken/bukti/01-kebijakan-arsitektur/peraturan-bupati-31-2022-arsitektur-spbe.pdf"
run "pack with errors" "$dossier" pack "$tmp/broken/manifest.xml" -o "$tmp/c"
expect "pack with errors" 1
has "names the missing file" "file-missing" "$tmp/err"
if [ -e "$tmp/c" ]; then not_ok "an OUTDIR was written"; else ok "no OUTDIR written"; fi
run "pack without -o" "$dossier" pack "$m"
expect "pack without -o" 2

# --- zip entry names: whatever way the manifest writes a path inside the
# root, no entry name has a '.' or '..' part, a leading '/', a backslash,
# a drive letter or an empty part
pdfile() { mkdir -p "$(dirname "$1")"; printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 1 1] >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n%s\n' "$2" >"$1"; }
namecase() {
    mkdir -p "$1/b"
    {
        echo '<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">'
        echo '<instance name="Uji"/><evidence-root path="b"/>'
        echo '<indicator id="1"><assessment stage="mandiri" level="2">x</assessment>'
        shift
        for f in "$@"; do
            printf '<evidence file="%s" level="2">t</evidence>\n' "$f"
        done
        echo '</indicator></dossier>'
    } >"$d/m.xml"
}
d=$tmp/names
pdfile "$d/b/01-kebijakan/a.pdf" a; pdfile "$d/b/umum/b.pdf" b
pdfile "$d/b/01-kebijakan/sub/c.pdf" c; pdfile "$d/b/01-kebijakan/d.pdf" d
pdfile "$d/b/e.pdf" e
namecase "$d" "01-kebijakan/./a.pdf" "01-kebijakan/../umum/b.pdf" \
    "./umum/../01-kebijakan/sub/c.pdf" \
    "01-kebijakan/sub/../../01-kebijakan/./d.pdf" "01-kebijakan/../e.pdf"
run "pack odd paths" "$dossier" pack "$d/m.xml" -o "$d/out"
expect "pack odd paths" 0
unzip -Z1 "$d/out/data/indicators/01.zip" >"$tmp/entries" 2>/dev/null
printf '%s\n' index.xml a.pdf b.pdf d.pdf e.pdf sub/c.pdf | LC_ALL=C sort >"$tmp/want"
LC_ALL=C sort "$tmp/entries" >"$tmp/got"
if cmp -s "$tmp/want" "$tmp/got"; then ok "odd paths: entries named from the normal path"
else not_ok "odd paths: entries $(snip "$tmp/got")"; fi
if grep -E '^/|(^|/)\.\.?(/|$)|\\|(^|/)[A-Za-z]:|//' "$tmp/entries" >"$tmp/bad"; then
    not_ok "unsafe entry names: $(snip "$tmp/bad")"
else ok "no unsafe entry name"; fi
# what Windows would take for folders or a drive is refused, not renamed
for bad in 'sub\x.pdf' 'C:/x.pdf' '01-kebijakan/c:x.pdf'; do
    d=$tmp/bad$(printf '%s' "$bad" | cksum | cut -d' ' -f1)
    mkdir -p "$d/b"; pdfile "$d/b/$bad" x
    namecase "$d" "$bad"
    run "pack '$bad'" "$dossier" pack --format json "$d/m.xml" -o "$d/out"
    expect "pack '$bad'" 1
    if [ -e "$d/out" ]; then not_ok "pack '$bad': an OUTDIR was written"
    else ok "pack '$bad': nothing written"; fi
    "$dossier" check --format json "$d/m.xml" >"$tmp/out" 2>/dev/null
    code "check '$bad'" path-not-portable
done

# --- one read of the manifest: an edit saved while pack runs never
# reaches the bag.  strace holds every mkdir for a second, so the edit
# lands after check has read the manifest and before anything is written.
if command -v strace >/dev/null 2>&1 &&
   strace -f -o /dev/null -e trace=mkdir,mkdirat \
       -e inject=mkdir,mkdirat:delay_exit=1000 true 2>/dev/null; then
    cp -R "$src/templates/example" "$tmp/ed"
    cp "$tmp/ed/manifest.xml" "$tmp/ed-orig.xml"
    sed 's/Pemerintah Kabupaten Sukamaju/Kabupaten Suntingan/' \
        "$tmp/ed-orig.xml" >"$tmp/ed-new.xml"
    (
        # LeakSanitizer cannot run under ptrace; the exit status matters here
        ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
        export ASAN_OPTIONS
        strace -f -o /dev/null -e trace=mkdir,mkdirat \
            -e inject=mkdir,mkdirat:delay_exit=1000000 \
            "$dossier" pack "$tmp/ed/manifest.xml" -o "$tmp/ed-out" \
            >/dev/null 2>&1
        echo $? >"$tmp/ed-status"
    ) &
    i=0
    while [ $i -lt 1200 ] && ! ls -d "$tmp"/ed-out.tmp-* >/dev/null 2>&1; do
        sleep 0.05; i=$((i + 1))
    done
    # saved in place (the same file, new bytes), as many editors do
    cat "$tmp/ed-new.xml" >"$tmp/ed/manifest.xml"
    if [ -e "$tmp/ed-status" ]; then not_ok "the edit came after pack ended"
    else ok "the manifest was edited while pack ran"; fi
    wait
    if [ "$(cat "$tmp/ed-status")" = 0 ]; then ok "pack during an edit: exit 0"
    else not_ok "pack during an edit: exit $(cat "$tmp/ed-status")"; fi
    if same_but_secrets "$tmp/ed-orig.xml" "$tmp/ed-out/data/manifest.xml"; then
        ok "the bag holds the manifest as first read, not the edit"
    else not_ok "the bag's manifest is not the bytes first read"; fi
    # the same id as the untouched example's pack above (same bytes, same files)
    id_a=$(grep '^External-Identifier:' "$tmp/a/bag-info.txt")
    id_e=$(grep '^External-Identifier:' "$tmp/ed-out/bag-info.txt")
    if [ -n "$id_a" ] && [ "$id_a" = "$id_e" ]; then
        ok "the bundle id is that of the bytes first read"
    else not_ok "bundle id '$id_e', want '$id_a'"; fi
    if grep -q 'Suntingan' "$tmp/ed-out/bag-info.txt" \
           "$tmp/ed-out/data/findings.xml"; then
        not_ok "the bag describes the edit"
    elif grep -q '^Source-Organization: Pemerintah Kabupaten Sukamaju' \
             "$tmp/ed-out/bag-info.txt"; then
        ok "the bag describes the bytes first read"
    else not_ok "bag-info.txt: $(snip "$tmp/ed-out/bag-info.txt")"; fi
else
    skip "an edit during pack" "strace cannot inject delays here"
fi

finish

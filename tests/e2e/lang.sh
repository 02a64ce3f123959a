#!/bin/sh
# lang.sh -- every message in the user's language.  The error paths of
# every command, its --help and 'help codes' run in Indonesian (the
# default, and --lang id) and must carry no English sentence; then -o
# makes missing parent folders and 'render -o -' writes to stdout.
# usage: lang.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
# the language must come from dossier's default and --lang, not from here
unset LANGUAGE LC_ALL LC_MESSAGES LANG
ex=$src/templates/example
m=$ex/manifest.xml
cd "$tmp" || exit 1

# --- the English detector ------------------------------------------------
#
# English is caught by its small words, not by a dictionary: a line holding
# any stop word below, once the tokens that may stay as they are have been
# taken out, is English.  Taken out: anything in single quotes (file names,
# commands, values), a library's original text after our own words
# ("(libzip: CRC error)", "(libxml2: ...)", "(OpenSSL: ...)", "(ENOENT)"),
# [finding-codes], any token holding / . = _ | < > @ or - (paths, file
# names, --options, codes, sha-256), any token without a lowercase letter
# (METAVARS, numbers, PDF, CRC), and the allowed tokens.
stop="the a an is are was were be been not no cannot can't can does did has
have had with without which this that these there their its it into onto
from for of to and or but if then than when while must should would could
will file files folder's directory directories error errors missing such
exists denied permission failed failure invalid unknown found read write
wrote open opened usage option options try give given too empty large
larger bad wrong only every each already out none nothing written"
# tokens that may appear in an Indonesian message (library and program
# names, units, words Indonesian has taken in); none may be a stop word
allowed="dossier libzip libxml2 OpenSSL libmagic poppler cairo pango BagIt KiB MiB
GiB bytes zip bag manifest predikat"

# english FILE: print the lines of FILE that are English; 1 when any is
english() {
    awk -v stop="$stop" -v allowed="$allowed" -v q="'" '
    BEGIN {
        n = split(stop, w, /[ \n]+/)
        for (i = 1; i <= n; i++) s[w[i]] = 1
        n = split(allowed, w, /[ \n]+/)
        for (i = 1; i <= n; i++) ok[w[i]] = 1
        bad = 0
    }
    {
        t = $0
        gsub(q "[^" q "]*" q, " ", t)
        gsub(/\((libzip|libxml2|OpenSSL|libmagic|poppler|cairo): [^)]*\)/, " ", t)
        gsub(/\(E[A-Z0-9]+\)/, " ", t)
        gsub(/\[[^]]*\]/, " ", t)
        k = split(t, tok, /[ \t]+/)
        for (i = 1; i <= k; i++) {
            x = tok[i]
            if (x ~ /[\/.=_|<>@-]/)
                continue
            gsub(/[,;:?!()"]/, "", x)
            if (x !~ /[a-z]/ || x in ok)
                continue
            if (tolower(x) in s) {
                print "    " $0 "   <-- " x
                bad = 1
                break
            }
        }
    }
    END { exit bad }' "$1"
}

# indonesian NAME [FILE...]: the last run's stdout and stderr (or FILEs)
# hold no English line, and at least one line
indonesian() {
    name=$1
    shift
    [ $# -gt 0 ] || set -- "$tmp/out" "$tmp/err"
    cat "$@" | tr -d '\r' >"$tmp/all"
    if [ ! -s "$tmp/all" ]; then
        not_ok "$name: says nothing"
    elif english "$tmp/all" >"$tmp/english"; then
        ok "$name: in Indonesian"
    else
        not_ok "$name: English in Indonesian output:"
        cat "$tmp/english"
    fi
}

# the detector itself: it must catch English, and let Indonesian through
printf '%s\n' "dossier: error: 'x.pdf': cannot read the file" >"$tmp/s1"
printf '%s\n' "data/01.zip: rusak: not a zip archive" >"$tmp/s2"
printf '%s\n' "x.zip: bukan arsip zip (libzip: Not a zip archive)" \
    "m.xml:6: kesalahan: berkas 'the file.pdf' tidak ada (ENOENT) [file-missing]" \
    "  --format text|json   teks untuk dibaca orang, atau satu dokumen JSON" \
    "penggunaan: dossier pack MANIFEST -o OUTDIR [--passphrase-file FILE]" >"$tmp/s3"
if english "$tmp/s1" >/dev/null; then not_ok "detector: misses an English error"
else ok "detector: catches an English error"; fi
if english "$tmp/s2" >/dev/null; then not_ok "detector: misses a library's raw text"
else ok "detector: catches a library's raw text"; fi
if english "$tmp/s3" >"$tmp/english"; then ok "detector: lets Indonesian through"
else not_ok "detector: flags Indonesian: $(cat "$tmp/english")"; fi

# --- help ------------------------------------------------------------------

commands="init scan check score render pack verify diff catalog verdicts help"

run "--help" "$dossier" --help
indonesian "--help"
run "no command" "$dossier"
indonesian "no command"
run "help codes" "$dossier" help codes
expect "help codes" 0
indonesian "help codes"
run "help codes --lang id" "$dossier" help codes --lang id
indonesian "help codes --lang id"
# the codes stay as typed, one line each, all of them
n=$(grep -c '^[a-z][a-z0-9-]* ' "$tmp/out")
want=$(grep -c '^ *X([A-Z0-9_]*, "' "$src/include/dossier/finding.h")
if [ "$n" -eq "$want" ]; then ok "help codes: all $want codes"
else not_ok "help codes: $n codes, want $want"; fi

# every long option a command's getopt table holds (src/cli/*.c), but the
# shared --format, which only some commands use
options_of() {
    awk -v cmd="$1" '
    /^cmd_[a-z]+\(/ { c = $0; sub(/^cmd_/, "", c); sub(/\(.*/, "", c) }
    c == cmd && /\{"[a-z-]+", *(required|no|optional)_argument/ {
        o = $0; sub(/^[^"]*"/, "", o); sub(/".*/, "", o); print o
    }
    c == cmd && /CLI_COMMON_LONGOPTS/ { print "lang"; print "help" }
    ' "$src"/src/cli/*.c | sort -u
}

for c in $commands; do
    run "$c --help" "$dossier" "$c" --help
    expect "$c --help" 0
    indonesian "$c --help"
    opts=$(options_of "$c")
    if [ -z "$opts" ]; then not_ok "$c --help: no options found in the sources"; fi
    for o in $opts; do
        if grep -q -- "^  .*--$o\( \|,\|$\)" "$tmp/out"; then :
        else not_ok "$c --help: no line for --$o"; continue; fi
        # one line each: the option's line says what it does
        if grep -- "^  .*--$o\( \|,\|$\)" "$tmp/out" | grep -q '[a-z]  *[a-z].*[a-z]'
        then ok "$c --help: --$o"
        else not_ok "$c --help: --$o has no description"; fi
    done
    run "help $c" "$dossier" help "$c" --lang id
    indonesian "help $c"
done

# --- usage errors, every command ---------------------------------------------

for c in $commands; do
    run "$c --nope" "$dossier" "$c" --nope
    expect "$c --nope" 2
    indonesian "$c --nope"
    run "$c --lang" "$dossier" "$c" --lang
    indonesian "$c: --lang without a value"
    run "$c --lang xx" "$dossier" "$c" --lang xx
    indonesian "$c: --lang xx"
    run "$c --format xml" "$dossier" "$c" --format xml
    indonesian "$c: --format xml"
    run "$c too many" "$dossier" "$c" satu dua tiga empat
    indonesian "$c: too many arguments"
done
for c in scan check score render pack verify; do
    run "$c, no argument" "$dossier" "$c"
    expect "$c, no argument" 2
    indonesian "$c, no argument"
done
run "diff, one bundle" "$dossier" diff satu
indonesian "diff, one bundle"
run "render, no -o" "$dossier" render "$m"
indonesian "render, no -o"
run "pack, no -o" "$dossier" pack "$m"
indonesian "pack, no -o"
run "check --jobs 0" "$dossier" check "$m" --jobs 0
indonesian "check --jobs 0"
run "check --max-size" "$dossier" check "$m" --max-size lima
indonesian "check --max-size lima"
run "score --target" "$dossier" score "$m" --target 9
indonesian "score --target 9"
run "score --stage" "$dossier" score "$m" --stage kemarin
indonesian "score --stage kemarin"
run "pack --algorithm" "$dossier" pack "$m" -o hasil --algorithm md5
indonesian "pack --algorithm md5"
run "init --year" "$dossier" init ruang --year 1900
indonesian "init --year 1900"
run "catalog --framework" "$dossier" catalog --framework tiada
indonesian "catalog --framework tiada"
run "help, unknown" "$dossier" help tiada
indonesian "help tiada"
run "unknown command" "$dossier" tiada
indonesian "unknown command"

# --- missing files -------------------------------------------------------------

for c in scan check score; do
    run "$c, manifest missing" "$dossier" "$c" tiada.xml
    indonesian "$c, manifest missing"
done
run "render, manifest missing" "$dossier" render tiada.xml -o x.pdf
indonesian "render, manifest missing"
run "pack, manifest missing" "$dossier" pack tiada.xml -o hasil
indonesian "pack, manifest missing"
run "verify, bundle missing" "$dossier" verify tiada
indonesian "verify, bundle missing"
run "diff, bundles missing" "$dossier" diff tiada1 tiada2
indonesian "diff, bundles missing"
run "pack, passphrase file missing" "$dossier" pack "$m" -o hasil \
    --passphrase-file tiada.txt
indonesian "pack, passphrase file missing"
: >berkas
run "init under a file" "$dossier" init berkas/ruang
indonesian "init under a file"

# --- manifests libxml2 refuses ----------------------------------------------------

printf '<?xml version="1.0"?>\n<dossier><a></b></dossier>\n' >rusak.xml
run "check, malformed XML" "$dossier" check rusak.xml
expect "check, malformed XML" 1
has "check, malformed XML: in our words" "</b> tidak menutup <a> yang dibuka di baris 2"
indonesian "check, malformed XML"
printf '<?xml version="1.0"?>\n<dossier xmlns="urn:dossier:manifest:1"><foo/></dossier>\n' >skema.xml
run "check, not the schema" "$dossier" check skema.xml
expect "check, not the schema" 1
has "check, not the schema: in our words" "<dossier> memerlukan atribut framework"
indonesian "check, not the schema"

# every malformed manifest of issue 19 (bad_manifests.sh), in Indonesian
# shellcheck source=SCRIPTDIR/bad_manifests.sh
. "$(dirname "$0")/bad_manifests.sh"
bad_manifests bad
while IFS="$(printf '\t')" read -r name want; do
    run "check, $name" "$dossier" check "bad/$name.xml"
    indonesian "check, $name"
done <bad/cases
run "check, an '&' in English" "$dossier" check --lang en bad/amp-owner.xml
has "check, an '&' in English: plain words" \
    "column 32: '&' in a text or name must be written '&amp;'"
# --lang before the command, as people also write it
run "--lang en before check" "$dossier" --lang en check bad/amp-owner.xml
expect "--lang en before check" 1
has "--lang en before check: in English" \
    "column 32: '&' in a text or name must be written '&amp;'"
run "--lang=en before help" "$dossier" --lang=en help check
expect "--lang=en before help" 0
has "--lang=en before help: in English" "usage: dossier check MANIFEST"
run "--lang id before check" "$dossier" --lang id check bad/amp-owner.xml
expect "--lang id before check" 1
indonesian "--lang id before check"
run "--lang en -- check" "$dossier" --lang en -- check bad/amp-owner.xml
expect "--lang en -- check" 1
has "--lang en -- check: in English" \
    "column 32: '&' in a text or name must be written '&amp;'"
run "--lang en alone" "$dossier" --lang en
expect "--lang en alone" 2
has "--lang en alone: the usage, in English" "usage: dossier" "$tmp/err"
run "--lang xx before check" "$dossier" --lang xx check "$m"
expect "--lang xx before check" 2
has "--lang xx before check: names the language" "'xx'" "$tmp/err"
indonesian "--lang xx before check"

# --- a workspace with a .zip that is not one -----------------------------------

run "init" "$dossier" init ruang --instance "Kabupaten Uji" --year 2024
expect "init" 0
indonesian "init"
d=$(ls -d ruang/bukti/01-*)
echo "bukan zip" >"$d/arsip.zip"
cp "$ex"/bukti/01-*/*.pdf "$d/"
run "scan" "$dossier" scan ruang/manifest.xml
indonesian "scan"
run "check, a .zip that is not a zip" "$dossier" check ruang/manifest.xml
indonesian "check, a .zip that is not a zip"
run "check --lang id" "$dossier" check --lang id ruang/manifest.xml
indonesian "check --lang id"
run "score, workspace" "$dossier" score ruang/manifest.xml
indonesian "score, workspace"
run "diff, a .zip" "$dossier" diff "$d/arsip.zip" "$d/arsip.zip"
indonesian "diff, a .zip"
run "verify, a .zip" "$dossier" verify "$d/arsip.zip"
indonesian "verify, a .zip"
run "diff, a folder that is no bundle" "$dossier" diff ruang ruang
indonesian "diff, a folder that is no bundle"
run "verify, a folder that is no bundle" "$dossier" verify ruang
indonesian "verify, a folder that is no bundle"

# --- a bundle, then damage --------------------------------------------------------

run "pack" "$dossier" pack "$m" -o bundel
expect "pack" 0
indonesian "pack"
run "verify" "$dossier" verify bundel
expect "verify" 0
indonesian "verify"
cp -R bundel rusak
if command -v python3 >/dev/null 2>&1; then
    # one byte in the middle of a stored entry: the zip's CRC no longer
    # matches, which only libzip can say
    python3 - rusak/data/indicators/01.zip <<'PY'
import struct, sys, zipfile
p = sys.argv[1]
e = [i for i in zipfile.ZipFile(p).infolist() if i.filename != "index.xml"][0]
b = bytearray(open(p, "rb").read())
n, x = struct.unpack("<HH", b[e.header_offset + 26:e.header_offset + 30])
b[e.header_offset + 30 + n + x + e.compress_size // 2] ^= 0xFF
open(p, "wb").write(b)
PY
    run "verify, a CRC error" "$dossier" verify rusak
    expect "verify, a CRC error" 1
    has "verify, a CRC error: named" "CRC tidak cocok"
    indonesian "verify, a CRC error"
else
    skip "verify, a CRC error" "no python3 to damage a zip entry"
fi
echo "bukan zip" >rusak/data/indicators/02.zip
run "verify, not a zip" "$dossier" verify rusak
has "verify, not a zip: named" "bukan arsip zip"
indonesian "verify, not a zip"
run "diff, damaged bundle" "$dossier" diff bundel rusak
indonesian "diff, damaged bundle"
rm -f rusak/data/manifest.xml
run "diff, a bundle without manifest" "$dossier" diff bundel rusak
indonesian "diff, a bundle without manifest"

# --- key files ---------------------------------------------------------------------

echo "bukan kunci" >kunci.pem
run "pack, a key file that is no key" "$dossier" pack "$m" -o b2 --sign-key kunci.pem
expect "pack, a key file that is no key" 2
indonesian "pack, a key file that is no key"
run "verify, a key file that is no key" "$dossier" verify bundel --pubkey kunci.pem
indonesian "verify, a key file that is no key"
run "pack, a key file missing" "$dossier" pack "$m" -o b2 --sign-key tiada.pem
indonesian "pack, a key file missing"
if openssl genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:1024 -out rsa.pem \
    >/dev/null 2>&1; then
    run "pack, an RSA key" "$dossier" pack "$m" -o b2 --sign-key rsa.pem
    expect "pack, an RSA key" 2
    has "pack, an RSA key: named" "bukan kunci Ed25519" "$tmp/err"
    indonesian "pack, an RSA key"
else
    skip "pack, an RSA key" "openssl cannot make an RSA key"
fi

# --- output that cannot be written -------------------------------------------------

run "render under a file" "$dossier" render "$m" -o berkas/x.pdf
expect "render under a file" 3
indonesian "render under a file"
run "render into /proc" "$dossier" render "$m" -o /proc/tiada/x.pdf
indonesian "render into /proc"
run "render to a folder" "$dossier" render "$m" -o ruang
indonesian "render to a folder"
run "pack under a file" "$dossier" pack "$m" -o berkas/b
indonesian "pack under a file"
run "pack over a bundle" "$dossier" pack "$m" -o bundel
indonesian "pack over a bundle"

# --- -o makes missing folders; -o - is standard output ----------------------------

run "render -o into new folders" "$dossier" render "$m" -o keluar/2024/dossier.pdf
expect "render -o into new folders" 0
if head -c 5 keluar/2024/dossier.pdf 2>/dev/null | grep -q '^%PDF-'
then ok "render -o made the folders and wrote the PDF"
else not_ok "render -o made the folders and wrote the PDF"; fi
run "pack -o into new folders" "$dossier" pack "$m" -o bundel-bundel/2024/b
expect "pack -o into new folders" 0
if [ -f bundel-bundel/2024/b/bagit.txt ]; then ok "pack -o made the folders"
else not_ok "pack -o made the folders"; fi

mkdir keluar-std && cd keluar-std || exit 1
run "render -o -" "$dossier" render "$m" -o -
expect "render -o -" 0
if head -c 5 "$tmp/out" | grep -q '^%PDF-'; then ok "render -o -: the PDF on stdout"
else not_ok "render -o -: no PDF on stdout: $(snip "$tmp/out")"; fi
if tail -c 8 "$tmp/out" | grep -q '%%EOF'; then ok "render -o -: the whole PDF"
else not_ok "render -o -: the PDF is cut short"; fi
if [ -e ./- ]; then not_ok "render -o -: wrote a file named '-'"
else ok "render -o -: no file named '-'"; fi
if [ -z "$(ls -A .)" ]; then ok "render -o -: nothing left behind"
else not_ok "render -o -: left $(ls -A .)"; fi
has "render -o -: the summary on stderr" "standar" "$tmp/err"
indonesian "render -o -: the summary" "$tmp/err"
# a PDF is never poured onto a terminal
if ! have_pty; then
    skip "render -o - to a terminal" "no pseudo-terminal can be opened here"
elif command -v script >/dev/null 2>&1; then
    run "render -o - to a terminal" script -qec "'$dossier' render '$m' -o -" /dev/null
    expect "render -o - to a terminal" 2
    has "render -o - to a terminal: says why" "terminal"
    lacks "render -o - to a terminal: no PDF" "%PDF"
    indonesian "render -o - to a terminal" "$tmp/out"
else
    skip "render -o - to a terminal" "no 'script' to give it a terminal"
fi
cd "$tmp" || exit 1

finish

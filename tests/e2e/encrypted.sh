#!/bin/sh
# encrypted.sh -- issue 22 point 6: a bundle whose zips are encrypted
# shows nothing of the evidence or of any password in the clear.  The
# dossier beside the locked zips carries no first-page previews (they are
# pictures of the documents) and says why; the passphrase is nowhere; a
# password written into a link's address (user:password@) is warned
# about by check and left out of the bundle's manifest, the dossier's
# text and its link targets, and of init --from.
# usage: encrypted.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

command -v pdfimages >/dev/null 2>&1 || { skip "encrypted" "no pdfimages"; finish; }
command -v qpdf >/dev/null 2>&1 || { skip "encrypted" "no qpdf"; finish; }

mkdir -p "$tmp/w/bukti"
# a text file, and a picture whose first-page preview would be drawn
printf 'Notulen: anggaran RAHASIA-ISI-7731\n' >"$tmp/w/bukti/notulen.txt"
python3 - "$tmp/w/bukti/foto.png" <<'PY'
import struct, sys, zlib
w, h = 64, 48
raw = b"".join(b"\0" + b"".join(bytes((x * 4 % 256, y * 5 % 256, 90)) for x in range(w))
               for y in range(h))
def chunk(t, d):
    c = struct.pack(">I", len(d)) + t + d
    return c + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open(sys.argv[1], "wb").write(png)
PY
cat >"$tmp/w/manifest.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">
  <instance name="Kabupaten Fiktif"/>
  <evidence-root path="bukti"/>
  <indicator id="1" owner="Diskominfo">
    <assessment stage="mandiri" level="2">Kebijakan ditetapkan</assessment>
    <evidence file="notulen.txt" level="1">Notulen rapat</evidence>
    <evidence file="foto.png" level="2">Foto ruang server</evidence>
    <link href="https://asesor:Zq8-DiAlamat@app.example/masuk" level="2">Aplikasi A</link>
    <link href="https://tamu:Zq8-Miring/Dua@app.example/b">Aplikasi B</link>
    <link href="https://tamu&#58;Zq8-Entitas&#64;app.example/c">Aplikasi C</link>
  </indicator>
</dossier>
XML
m=$tmp/w/manifest.xml
cp "$m" "$tmp/orig.xml"
printf 'kunci-zip-Qw7-rahasia\n' >"$tmp/pass"

run "check" "$dossier" check --format json "$m"
has "check warns about the password in the address" '"link-secret-in-url"' "$tmp/out"
n=$(grep -o '"link-secret-in-url"' "$tmp/out" | wc -l)
if [ "$n" -eq 3 ]; then ok "all three addresses warned about (a '/' in one, entities in another)"
else not_ok "link-secret-in-url $n times, not 3"; fi
lacks "no finding quotes it" 'Zq8' "$tmp/out"

SOURCE_DATE_EPOCH=1720000000
export SOURCE_DATE_EPOCH
run "pack in the clear" "$dossier" pack "$m" -o "$tmp/plain"
expect "pack in the clear" 0
run "pack encrypted" "$dossier" pack "$m" -o "$tmp/enc" --passphrase-file "$tmp/pass"
expect "pack encrypted" 0
if cmp -s "$m" "$tmp/orig.xml"; then ok "the manifest given is not modified"
else not_ok "pack modified the manifest given"; fi

images() { pdfimages -list "$1" 2>/dev/null | tail -n +3 | wc -l; }
n_plain=$(images "$tmp/plain/data/dossier.pdf")
n_enc=$(images "$tmp/enc/data/dossier.pdf")
if [ "$n_plain" -gt 0 ]; then ok "the clear bundle's dossier shows the picture"
else not_ok "the clear bundle's dossier has no preview to compare with"; fi
if [ "$n_enc" -eq 0 ]; then ok "the encrypted bundle's dossier holds no picture"
else not_ok "the encrypted bundle's dossier holds $n_enc pictures"; fi
pdftotext "$tmp/enc/data/dossier.pdf" "$tmp/enc.txt" 2>/dev/null
has "the cover says why" 'pratinjau halaman pertama tidak dicetak' "$tmp/enc.txt"
pdftotext "$tmp/plain/data/dossier.pdf" "$tmp/plain.txt" 2>/dev/null
lacks "the clear bundle's cover does not" 'pratinjau halaman pertama tidak dicetak' "$tmp/plain.txt"

# every byte of every file, the dossier's streams uncompressed too
qpdf --qdf --object-streams=disable "$tmp/enc/data/dossier.pdf" "$tmp/enc-qdf.pdf" 2>/dev/null
for what in 'RAHASIA-ISI-7731:the text of an evidence file' \
            'kunci-zip-Qw7:the passphrase' 'Zq8-DiAlamat:the password in the address'; do
    needle=${what%%:*}
    found=$(grep -rla "$needle" "$tmp/enc" "$tmp/enc-qdf.pdf" 2>/dev/null | tr '\n' ' ')
    if [ -z "$found" ]; then ok "no file of the encrypted bundle shows ${what#*:}"
    else not_ok "${what#*:} is in the clear in: $found"; fi
done
# and the clear bundle, which is not encrypted, still has no password
qpdf --qdf --object-streams=disable "$tmp/plain/data/dossier.pdf" "$tmp/plain-qdf.pdf" 2>/dev/null
found=$(grep -rla 'Zq8' "$tmp/plain" "$tmp/plain-qdf.pdf" 2>/dev/null | tr '\n' ' ')
if [ -z "$found" ]; then ok "no password in the clear bundle either"
else not_ok "a password is in the clear bundle: $found"; fi
has "the address keeps its user" 'href="https://asesor@app.example/masuk"' \
    "$tmp/plain/data/manifest.xml"
has "the link target keeps its user" '/URI (https://asesor@app.example/masuk)' \
    "$tmp/plain-qdf.pdf"
run "verify the encrypted bundle" "$dossier" verify "$tmp/enc"
expect "verify the encrypted bundle" 0

# render for the coordinator's own use shows it only when asked
run "render" "$dossier" render "$m" -o "$tmp/r.pdf"
expect "render" 0
pdftotext "$tmp/r.pdf" - 2>/dev/null | grep -q 'Zq8' &&
    not_ok "render prints the password without --include-secrets" ||
    ok "render leaves the password out"
run "render --include-secrets" "$dossier" render "$m" -o "$tmp/rs.pdf" --include-secrets
pdftotext "$tmp/rs.pdf" - 2>/dev/null | tr -d '\n' | grep -q 'Zq8-DiAlamat' &&
    ok "render --include-secrets prints it" ||
    not_ok "render --include-secrets does not print the address whole"

run "init --from the manifest" "$dossier" init "$tmp/next" --from "$m"
expect "init --from the manifest" 0
lacks "init --from carries no password in an address" 'Zq8' "$tmp/next/manifest.xml"
has "init --from keeps the address" 'https://asesor@app.example/masuk' "$tmp/next/manifest.xml"

finish

#!/bin/sh
# mkseeds_verify.sh -- make seeds for fuzz_verify: real small bags, packed
# by 'dossier pack' from a one-indicator manifest, turned into the
# target's record encoding by mkseed_tree.py (the dossier PDF stubbed so
# that each seed stays under the target's -max_len).
#
# usage: tests/fuzz/mkseeds_verify.sh DOSSIER OUTDIR [traps]
#   DOSSIER  the dossier program (build/dossier)
#   OUTDIR   where the seeds go (made if missing)
#   traps    also write the seeds with a link out of the bag, a link
#            inside it, unsigned extra files and a FIFO (these are the
#            cases issue 17 names; on code that hangs on a FIFO, keep
#            fifo.bin out of tests/fuzz/corpus/verify/)
#
# The seeds in tests/fuzz/corpus/verify/ were made with it; the signing
# key is tests/fuzz/verify-test-key.pem (a test key, public half built
# into fuzz_verify.c).
set -eu

if [ $# -lt 2 ]; then
    echo "usage: $0 DOSSIER OUTDIR [traps]" >&2
    exit 2
fi
dossier=$1
out=$2
traps=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
key=$here/verify-test-key.pem
conv="python3 $here/mkseed_tree.py"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkseeds-verify-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$out" "$tmp/m/bukti/01"
printf 'catatan rapat\n' >"$tmp/m/bukti/01/b.txt"
cat >"$tmp/m/manifest.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">
  <instance name="Kabupaten Contoh"/>
  <evidence-root path="bukti"/>
  <indicator id="1" owner="Diskominfo">
    <assessment stage="mandiri" level="2">x</assessment>
    <evidence file="01/b.txt" level="2">Catatan</evidence>
  </indicator>
</dossier>
EOF
export SOURCE_DATE_EPOCH=1700000000
"$dossier" pack "$tmp/m/manifest.xml" -o "$tmp/signed" --sign-key "$key" >/dev/null
"$dossier" pack "$tmp/m/manifest.xml" -o "$tmp/plain" --algorithm sha256 >/dev/null

# the PDF is the only large payload file; 16 KiB keeps findings.xml
$conv "$tmp/signed" "$out/signed-key.bin" --pubkey --stub-over 16384 --sign-key "$key"
$conv "$tmp/signed" "$out/signed-nokey.bin" --stub-over 16384 --sign-key "$key"
$conv "$tmp/plain" "$out/unsigned-key.bin" --pubkey --stub-over 16384

if [ "$traps" = traps ]; then
    $conv "$tmp/signed" "$out/links.bin" --pubkey --stub-over 16384 --sign-key "$key" \
        --add link:data/out.txt=../../secret.txt --add link:data/in.xml=manifest.xml \
        --add link:data/indicators/up=.. --add link:out=../secret.txt
    $conv "$tmp/signed" "$out/extra.bin" --pubkey --stub-over 16384 --sign-key "$key" \
        --add file:README=unsigned --add file:tagmanifest-sha256.txt= \
        --add dir:more --add file:more/x.txt=unsigned
    $conv "$tmp/signed" "$out/fifo.bin" --pubkey --stub-over 16384 --sign-key "$key" \
        --add fifo:data/pipe --add link:data/outpipe=../../pipe
fi

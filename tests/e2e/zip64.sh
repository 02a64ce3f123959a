#!/bin/sh
# zip64.sh -- a file over 4 GiB (sparse, so it costs no disk) is packed
# with ZIP64 and the zip tests clean.  Slow: labelled "slow", left out of
# the default run; run it with: ctest --test-dir BUILD -L slow
# usage: zip64.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
limit=900

mkdir -p "$tmp/w/bukti/32"
truncate -s 4400M "$tmp/w/bukti/32/rekaman.bin"
printf 'ujung' >>"$tmp/w/bukti/32/rekaman.bin"
cat >"$tmp/w/manifest.xml" <<'XML'
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2025">
  <instance name="Kabupaten Uji"/>
  <evidence-root path="bukti"/>
  <indicator id="32"><assessment stage="mandiri" level="2">x</assessment>
    <evidence file="32/rekaman.bin" level="2">Rekaman</evidence></indicator>
</dossier>
XML
run "pack a 4.3 GiB file" "$dossier" pack "$tmp/w/manifest.xml" -o "$tmp/bundle"
expect "pack a 4.3 GiB file" 0
run "unzip -t" unzip -tqq "$tmp/bundle/data/indicators/32.zip"
expect "unzip -t" 0
zipinfo "$tmp/bundle/data/indicators/32.zip" >"$tmp/zi"
has "size over 4 GiB recorded" "4613734405" "$tmp/zi"
finish

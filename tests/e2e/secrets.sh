#!/bin/sh
# secrets.sh -- the demo accounts' passwords (link secret=) never go into
# a bundle: not in data/manifest.xml, not in the dossier PDF, not in
# findings.xml, bag-info or any zip (encrypted or not); the bundle still
# verifies, is the same bytes on a second run, and says the passwords
# were removed.  init --from the bundle carries the accounts, not the
# passwords.
# usage: secrets.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

command -v unzip >/dev/null 2>&1 || { skip "secrets" "no unzip"; finish; }

mkdir -p "$tmp/w/bukti"
printf 'SK tim SPBE\n' >"$tmp/w/bukti/sk.txt"
printf 'Notulen rapat\n' >"$tmp/w/bukti/notulen.txt"
cat >"$tmp/w/manifest.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">
  <instance name="Kabupaten Fiktif"/>
  <evidence-root path="bukti"/>
  <visit owner="Diskominfo" date="2024-08-12" time="09.00-10.30" place="Ruang Rapat" person="Andi"/>
  <indicator id="1" owner="Diskominfo">
    <assessment stage="mandiri" level="2">Kebijakan ditetapkan</assessment>
    <evidence file="sk.txt" level="1">SK Tim</evidence>
    <evidence file="notulen.txt" level="2">Notulen</evidence>
    <link href="https://app.example/a" level="2" account="asesor.spbe" secret="Zq8-RahasiaSatu">Aplikasi A</link>
    <link href="https://app.example/b"
          secret='Zq8-Rahasia"Dua'
          account="tamu">Aplikasi B</link>
  </indicator>
</dossier>
XML
m=$tmp/w/manifest.xml
cp "$m" "$tmp/orig.xml"

# no_secret NAME DIR: no file under DIR, and no entry of any zip there,
# holds a password (any part of it: "Zq8-Rahasia")
no_secret() {
    found=$(grep -rl 'Zq8-Rahasia' "$2" 2>/dev/null)
    for z in $(find "$2" -name '*.zip'); do
        if unzip -P "${3:-}" -p "$z" 2>/dev/null | grep -aq 'Zq8-Rahasia'; then
            found="$found $z"
        fi
    done
    if [ -z "$found" ]; then ok "$1"; else not_ok "$1: in $found"; fi
}

SOURCE_DATE_EPOCH=1720000000
export SOURCE_DATE_EPOCH
run "pack" "$dossier" pack "$m" -o "$tmp/b1"
expect "pack" 0
no_secret "no password anywhere in the bundle" "$tmp/b1"
if pdftotext "$tmp/b1/data/dossier.pdf" - 2>/dev/null | grep -q 'Zq8'; then
    not_ok "the bundle's dossier prints a password"
else ok "the bundle's dossier prints no password"; fi
if cmp -s "$m" "$tmp/orig.xml"; then ok "the manifest given is not modified"
else not_ok "pack modified the manifest given"; fi
has "the first link keeps all but its secret" \
    '<link href="https://app.example/a" level="2" account="asesor.spbe">Aplikasi A</link>' \
    "$tmp/b1/data/manifest.xml"
has "the copy says so at its end" \
    '^<!-- kata sandi akun demo (secret= dan user:kata-sandi@ di alamat) dihapus dari salinan manifes ini -->$' \
    "$tmp/b1/data/manifest.xml"
has "bag-info says so" \
    "^External-Description: .*the demo accounts' passwords were removed" \
    "$tmp/b1/bag-info.txt"
if python3 - "$tmp/orig.xml" "$tmp/b1/data/manifest.xml" <<'PY'
import re, sys
a = open(sys.argv[1], encoding="utf-8").read()
b = open(sys.argv[2], encoding="utf-8").read()
want = re.sub(r"""[ \t\n]+secret[ \t\n]*=[ \t\n]*("[^"]*"|'[^']*')""",
              lambda m: "\n" * m.group(0).count("\n"), a)
lines = b.split("\n")
sys.exit(0 if "\n".join(lines[:-2]) + "\n" == want else 1)
PY
then
    ok "the copy is the manifest but its secrets, line for line"
else not_ok "the copy differs in more than its secrets"; fi
run "verify" "$dossier" verify "$tmp/b1"
expect "verify the bundle without secrets" 0
run "check the copy" "$dossier" check --format json "$tmp/b1/data/manifest.xml" \
    --evidence-root "$tmp/w/bukti"
expect "the copy checks without errors" 0

run "pack again" "$dossier" pack "$m" -o "$tmp/b2"
expect "pack again" 0
if diff -r "$tmp/b1" "$tmp/b2" >/dev/null 2>&1; then
    ok "a second pack gives the same bytes"
else not_ok "a second pack differs: $(diff -rq "$tmp/b1" "$tmp/b2" | head -3 | tr '\n' ';')"; fi

# the bundle id does not depend on the passwords: an id over them would
# let whoever holds the bundle (the manifest without them) test a guess
sed 's/Zq8-RahasiaSatu/Zq8-TebakanLain/' "$m" >"$tmp/w/other.xml"
run "pack with another password" "$dossier" pack "$tmp/w/other.xml" -o "$tmp/b5"
expect "pack with another password" 0
id1=$(sed -n 's/^External-Identifier: //p' "$tmp/b1/bag-info.txt")
id5=$(sed -n 's/^External-Identifier: //p' "$tmp/b5/bag-info.txt")
if [ -n "$id1" ] && [ "$id1" = "$id5" ]; then
    ok "the bundle id is the same whatever the passwords"
else not_ok "the bundle id depends on the passwords: '$id1' vs '$id5'"; fi

# nor does the workbook export writes: its hidden sheet names the
# manifest by a hash, which must be the one without the passwords
run "export" "$dossier" export "$m" -o "$tmp/e1.xlsx"
expect "export" 0
run "export another password" "$dossier" export "$tmp/w/other.xml" -o "$tmp/e5.xlsx"
expect "export another password" 0
full=$(sha256sum "$m" | cut -c1-64)
if unzip -p "$tmp/e1.xlsx" 2>/dev/null | grep -aq "$full"; then
    not_ok "the workbook holds the hash of the manifest with its passwords"
else ok "the workbook holds no hash over the passwords"; fi
h1=$(unzip -p "$tmp/e1.xlsx" 2>/dev/null | grep -ao '[0-9a-f]\{64\}' | sort -u)
h5=$(unzip -p "$tmp/e5.xlsx" 2>/dev/null | grep -ao '[0-9a-f]\{64\}' | sort -u)
if [ -n "$h1" ] && [ "$h1" = "$h5" ]; then
    ok "the workbook's manifest hash is the same whatever the passwords"
else not_ok "the workbook's manifest hash depends on the passwords"; fi
run "import the workbook back" "$dossier" import "$m" "$tmp/e1.xlsx" --dry-run --lang en
expect "import the workbook back" 0
lacks "import sees the manifest unchanged" 'changed since' "$tmp/out"

# encrypted zips: still no password in the clear, nor inside the zips
printf 'kunci-zip-rahasia\n' >"$tmp/pass"
run "pack encrypted" "$dossier" pack "$m" -o "$tmp/b3" --passphrase-file "$tmp/pass"
if [ "$status" -eq 0 ]; then
    ok "pack with encrypted zips: exit 0"
    no_secret "no password in the encrypted bundle" "$tmp/b3" kunci-zip-rahasia
else skip "encrypted pack" "$(snip "$tmp/err")"; fi

# the next year from the bundle: accounts carried, passwords not
run "init --from the bundle" "$dossier" init "$tmp/y25" --from "$tmp/b1"
expect "init --from the bundle" 0
has "init carries the account" 'account="asesor.spbe">Aplikasi A' "$tmp/y25/manifest.xml"
lacks "init carries no password" 'secret=' "$tmp/y25/manifest.xml"
has "init carries last year's level" '<indicator id="1" level="2"/>' "$tmp/y25/manifest.xml"
run "init --from the manifest" "$dossier" init "$tmp/y25m" --from "$m"
expect "init --from the manifest" 0
lacks "init from a manifest carries no password" 'Zq8' "$tmp/y25m/manifest.xml"

# a manifest without secrets is archived byte for byte, without a note
sed 's/ secret="[^"]*"//; s/^ *secret=.*$//' "$m" >"$tmp/w/plain.xml"
run "pack without secrets" "$dossier" pack "$tmp/w/plain.xml" -o "$tmp/b4"
expect "pack without secrets" 0
if cmp -s "$tmp/w/plain.xml" "$tmp/b4/data/manifest.xml"; then
    ok "without secrets the copy is the manifest, byte for byte"
else not_ok "without secrets the copy differs"; fi
lacks "no note without secrets" 'passwords were removed' "$tmp/b4/bag-info.txt"

finish

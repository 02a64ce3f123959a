#!/bin/sh
# bag.sh -- dossier pack writes a BagIt 1.0 bag that an independent
# validator (bagtool.py, Python standard library only) and sha512sum -c
# accept, the same bytes twice; dossier verify passes it, and finds and
# names a flipped byte in a zip, in a payload file and in bag-info.txt, a
# deleted zip, a stray file, a zip entry replaced under a recomputed bag
# manifest and two kinds of zip bomb, without changing the bundle; Ed25519
# signatures are written and checked, and everything verify accepts with
# --pubkey must be covered by them; FIFOs, sockets and symbolic links
# anywhere in a bag are reported without blocking (each run has a time
# limit); names that are not UTF-8 keep the text one line per problem and
# the JSON valid; zip entries with unsafe names or that are not files,
# and missing bundle parts, are reported.
# usage: bag.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")
# bagtool ARGS...: the independent BagIt tool (a function: the path may hold a space)
bagtool() { python3 "$here/bagtool.py" "$@"; }
m=$src/templates/example/manifest.xml
export SOURCE_DATE_EPOCH=1700000000
limit=60

run "pack the example" "$dossier" pack "$m" -o "$tmp/a" --lang en
expect "pack the example" 0
b=$tmp/a
for f in bagit.txt bag-info.txt manifest-sha512.txt tagmanifest-sha512.txt \
         data/manifest.xml data/findings.xml data/dossier.pdf data/indicators/01.zip; do
    if [ -f "$b/$f" ]; then ok "bag has $f"; else not_ok "bag lacks $f"; fi
done
if bagtool validate "$b" >"$tmp/v" 2>&1; then ok "independent BagIt validator accepts the bag"
else not_ok "validator: $(snip "$tmp/v")"; fi
if (cd "$b" && sha512sum -c --quiet manifest-sha512.txt) >"$tmp/v" 2>&1
then ok "sha512sum -c manifest-sha512.txt"; else not_ok "sha512sum -c: $(snip "$tmp/v")"; fi
if (cd "$b" && sha512sum -c --quiet tagmanifest-sha512.txt) >"$tmp/v" 2>&1
then ok "sha512sum -c tagmanifest-sha512.txt"; else not_ok "tag sha512sum -c: $(snip "$tmp/v")"; fi
if same_but_secrets "$m" "$b/data/manifest.xml"; then ok "data/manifest.xml byte for byte but its secrets"
else not_ok "data/manifest.xml differs from the input"; fi
if xmllint --noout --schema "$src/templates/schemas/findings.xsd" "$b/data/findings.xml" 2>"$tmp/v"
then ok "findings.xml valid against findings.xsd"; else not_ok "findings.xsd: $(snip "$tmp/v")"; fi
has "findings.xml in its namespace" 'xmlns="urn:dossier:findings:1"' "$b/data/findings.xml"
has "bag-info Source-Organization" '^Source-Organization: Pemerintah Kabupaten Sukamaju$' "$b/bag-info.txt"
has "bag-info Contact-Name" '^Contact-Name: Drs. Rahmat Hidayat, M.Si.$' "$b/bag-info.txt"
has "bag-info Bagging-Date from SOURCE_DATE_EPOCH" '^Bagging-Date: 2023-11-14$' "$b/bag-info.txt"
has "bag-info Bag-Group-Identifier" '^Bag-Group-Identifier: urn:dossier:group:pemerintah-kabupaten-sukamaju$' "$b/bag-info.txt"
has "bag-info External-Identifier is the bundle id" \
    '^External-Identifier: spbe-2020-2024-[0-9a-f]\{16\}$' "$b/bag-info.txt"
has "bag-info Payload-Oxum" '^Payload-Oxum: [0-9]*\.49$' "$b/bag-info.txt"
id=$(sed -n 's/^External-Identifier: //p' "$b/bag-info.txt")
if pdftotext -l 1 "$b/data/dossier.pdf" - 2>/dev/null | grep -qx "$id"
then ok "the dossier's cover shows the bundle id $id"
else not_ok "the cover of data/dossier.pdf lacks the bundle id '$id'"; fi
if pdftotext "$b/data/dossier.pdf" - 2>/dev/null | grep -q 'Page 2 of'
then ok "data/dossier.pdf in the pack's language"; else not_ok "data/dossier.pdf not in English"; fi
has "pack names the bundle id" "bundle spbe-2020-2024-[0-9a-f]\{16\} in $b"
if find "$b" -maxdepth 1 -name '*.sig' | grep -q .; then not_ok "a signature without --sign-key"
else ok "no signature unless asked"; fi
if find "$tmp" -maxdepth 1 -name 'a.tmp-*' | grep -q .; then not_ok "temporary directory left"
else ok "no temporary directory left"; fi

run "pack again" "$dossier" pack "$m" -o "$tmp/a2" --jobs 1 --lang en
expect "pack again" 0
if diff -r "$tmp/a" "$tmp/a2" >/dev/null; then ok "a repeated pack is byte-identical"
else not_ok "the second bundle differs"; fi

run "pack --algorithm sha256" "$dossier" pack "$m" -o "$tmp/s" --algorithm sha256
expect "pack --algorithm sha256" 0
if [ -f "$tmp/s/manifest-sha256.txt" ] && [ ! -e "$tmp/s/manifest-sha512.txt" ] &&
   (cd "$tmp/s" && sha256sum -c --quiet manifest-sha256.txt tagmanifest-sha256.txt) >/dev/null 2>&1
then ok "sha256 manifests, sha256sum -c"; else not_ok "sha256 manifests"; fi
if bagtool validate "$tmp/s" >"$tmp/v" 2>&1; then ok "validator accepts the sha256 bag"
else not_ok "validator (sha256): $(snip "$tmp/v")"; fi
run "verify the sha256 bag" "$dossier" verify "$tmp/s"
expect "verify the sha256 bag" 0
run "bad --algorithm" "$dossier" pack "$m" -o "$tmp/s2" --algorithm md5
expect "bad --algorithm" 2

run "verify a good bag" "$dossier" verify "$b" --lang en
expect "verify a good bag" 0
has "verify says ok" "^$b: ok: 49 files, 46 zips, 93 zip entries checked$"
quiet "verify a good bag"
run "verify --format json" "$dossier" verify "$b" --format json
expect "verify --format json" 0
has "json ok true" '"ok": true'
has "json problems empty" '"problems": \[\]'

# state of a tree: every file's checksum, size and mtime
state() { (cd "$1" && find . -type f -exec stat -c '%n %s %Y' {} + | LC_ALL=C sort &&
           find . -type f -exec sha256sum {} + | LC_ALL=C sort); }

# tamper CASE: a fresh copy in $tmp/t; verify it; want exit 1 and the line
tampered() {
    before=$(state "$tmp/t")
    run "$1" "$dossier" verify "$tmp/t" --lang en
    expect "$1" 1
    has "$1: names it" "$2"
    if [ "$(state "$tmp/t")" = "$before" ]; then ok "$1: verify changed nothing"
    else not_ok "$1: verify changed the bundle"; fi
}
fresh() { rm -rf "$tmp/t" && cp -Rp "$b" "$tmp/t"; }
flip() { # flip FILE OFFSET: invert one byte
    byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    # shellcheck disable=SC2059 # the format is an octal escape we made
    printf "$(printf '\\%03o' $((byte ^ 1)))" |
        dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

fresh; flip "$tmp/t/data/indicators/05.zip" 200
tampered "flipped byte in a zip" '^data/indicators/05.zip: altered: its sha512 differs'
fresh; flip "$tmp/t/data/manifest.xml" 300
tampered "flipped byte in a payload file" '^data/manifest.xml: altered: its sha512 differs'
fresh; flip "$tmp/t/data/dossier.pdf" 5000
tampered "flipped byte in the dossier" '^data/dossier.pdf: altered: its sha512 differs'
fresh; flip "$tmp/t/data/findings.xml" 100
tampered "flipped byte in findings.xml" '^data/findings.xml: altered'
fresh; flip "$tmp/t/bag-info.txt" 30
tampered "flipped byte in bag-info.txt" '^bag-info.txt: altered: its sha512 differs from tagmanifest-sha512.txt'
fresh; rm "$tmp/t/data/indicators/07.zip"
tampered "deleted zip" '^data/indicators/07.zip: missing: listed in manifest-sha512.txt'
has "deleted zip changes the Payload-Oxum" '^bag-info.txt: altered: Payload-Oxum'
fresh; echo stray >"$tmp/t/data/indicators/stray.txt"
tampered "stray payload file" '^data/indicators/stray.txt: extra: not listed in manifest-sha512.txt'
fresh; echo stray >"$tmp/t/notes.txt"
# RFC 8493 allows tag files no tag manifest lists: a warning (issue 22)
run "stray tag file" "$dossier" verify "$tmp/t" --lang en
expect "stray tag file" 0
has "stray tag file: names it" '^notes.txt: warning: extra' "$tmp/out"
fresh; rm "$tmp/t/bagit.txt"
tampered "no bagit.txt" '^bagit.txt: missing'
fresh; printf 'BagIt-Version: one\nTag-File-Character-Encoding: UTF-8\n' >"$tmp/t/bagit.txt"
tampered "malformed bagit.txt" '^bagit.txt: malformed: line 1'

fresh
entry=$(unzip -Z1 "$tmp/t/data/indicators/01.zip" | sed -n 2p)
bagtool replace-entry "$tmp/t/data/indicators/01.zip" "$entry" && bagtool rebag "$tmp/t"
if bagtool validate "$tmp/t" >/dev/null 2>&1; then ok "replaced entry: the bag manifests were recomputed"
else not_ok "rebag failed"; fi
tampered "zip entry replaced" "^data/indicators/01.zip:$entry: altered: its SHA-256 differs from index.xml"
run "replaced entry in json" "$dossier" verify "$tmp/t" --format json
has "json ok false" '"ok": false'
has "json path" "\"path\": \"data/indicators/01.zip:$entry\""
has "json kind" '"kind": "altered"'

# zip bombs: a header that claims 1000 bytes of 64 MiB of zeros, and one
# that claims 10^12 bytes; neither may be inflated without bound
for mode in small huge; do
    fresh
    bagtool bomb "$tmp/t/data/indicators/47.zip" $mode && bagtool rebag "$tmp/t"
    tampered "zip bomb ($mode)" '^data/indicators/47.zip:bomb.bin: \(altered\|malformed\)'
    lacks "zip bomb ($mode): the bag itself is fine" '^bag-info\|manifest-'
    if [ $mode = small ]; then
        has "small bomb: read no more than declared" "holds more than the 1000 bytes declared"
    else
        has "huge bomb: not inflated" "declares an impossible size; not inflated"
    fi
done

# hasf NAME STRING: the last run's stdout holds STRING, as a fixed string
hasf() {
    if grep -qF -- "$2" "$tmp/out"; then ok "$1"; else
        not_ok "$1: no '$2' in out: $(snip "$tmp/out")"; fi
}

# special files: never opened (a FIFO would block: run's time limit is the
# bounded wait), never followed, each named with what it is
special() { # special KIND PATH: replace (or add) PATH in a fresh copy
    fresh
    rm -rf "${tmp:?}/t/$2"
    case $1 in
    fifo) mkfifo "$tmp/t/$2" ;;
    socket) python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
                "$tmp/t/$2" ;;
    link) ln -s "$3" "$tmp/t/$2" ;;
    esac
    run "$1 as $2" "$dossier" verify "$tmp/t" --lang en
    expect "$1 as $2" 1
}
for f in bagit.txt bag-info.txt manifest-sha512.txt tagmanifest-sha512.txt \
         data/manifest.xml data/indicators/01.zip notes.txt data/indicators/deep/er.pdf; do
    fresh; mkdir -p "$tmp/t/data/indicators/deep"
    mkfifo "$tmp/t/$f.fifo-new" && rm -f "$tmp/t/$f" && mv "$tmp/t/$f.fifo-new" "$tmp/t/$f"
    run "FIFO as $f" "$dossier" verify "$tmp/t" --lang en
    expect "FIFO as $f" 1
    has "FIFO as $f: named" "^$f: malformed: .*a FIFO"
done
special socket data/findings.xml
has "socket named" '^data/findings.xml: malformed: a socket, not a regular file'
special link data/dossier.pdf /etc/passwd
has "link in data/ named" '^data/dossier.pdf: malformed: a symbolic link, not a regular file'
lacks "link in data/ not followed" 'root:'
special link bag-info.txt data/findings.xml
has "link as bag-info.txt named" '^bag-info.txt: malformed: a symbolic link'
special link data/indicators /etc
has "linked folder in data/ named" '^data/indicators: malformed: a symbolic link'
special link data /etc
has "linked data/ named" '^data/: malformed: a symbolic link'
special fifo data/indicators/03.zip
run "FIFO as a zip, json" "$dossier" verify "$tmp/t" --format json
expect "FIFO as a zip, json" 1
has "FIFO as a zip, json kind" '"kind": "malformed"'

# names that are not UTF-8, with a newline: escaped as check escapes them
fresh
odd=$(printf 'data/odd\377\376\nname.txt')
echo odd >"$tmp/t/$odd"
printf 'x' >"$tmp/t/$(printf 'top\377\nlevel.txt')"
run "odd names" "$dossier" verify "$tmp/t" --lang en
expect "odd names" 1
hasf "odd payload name escaped on one line" 'data/odd\xFF\xFE\nname.txt: extra: not listed in manifest-sha512.txt'
hasf "odd top-level name escaped" 'top\xFF\nlevel.txt: warning: extra'
run "odd names, json" "$dossier" verify "$tmp/t" --format json
expect "odd names, json" 1
if python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8", errors="strict"))' \
       "$tmp/out" 2>"$tmp/v"
then ok "odd names: the JSON is valid UTF-8"; else not_ok "odd names: JSON: $(snip "$tmp/v")"; fi
hasf "odd names: json path escaped" '"path": "data/odd\\xFF\\xFE\\nname.txt"'

# zip entries with unsafe names or that are not files, listed in index.xml
for mode in dotdot inner dot abs backslash drive stream symlink dir; do
    fresh
    bagtool evil-zip "$tmp/t/data/indicators/02.zip" $mode && bagtool rebag "$tmp/t"
    tampered "zip entry ($mode)" '^data/indicators/02.zip:.*: malformed: \(an unsafe entry name\|the entry is a\)'
    lacks "zip entry ($mode): the bag itself is fine" '^bag-info\|manifest-'
done

# symlink entries made by a host whose Unix mode Info-ZIP unzip obeys
# (Atari, VMS, BeOS), and an entry not made by Unix at all (pack writes
# only Unix entries)
for mode in atari vms beos fat; do
    fresh
    bagtool evil-zip "$tmp/t/data/indicators/02.zip" $mode && bagtool rebag "$tmp/t"
    tampered "zip entry made by $mode" \
        "^data/indicators/02.zip:evil-$mode[-a-z.]*: malformed: the entry is made by host"
done
# a stored name "../evil.txt" that an Info-ZIP Unicode Path field renames
# "evil.txt" for libzip: reported under the name other tools unpack
fresh
bagtool evil-zip "$tmp/t/data/indicators/02.zip" unicode && bagtool rebag "$tmp/t"
tampered "zip entry with a Unicode Path field" \
    "^data/indicators/02.zip:\.\./evil.txt: malformed: the entry's stored name differs"

# a zip whose index.xml is encrypted still has its entry names and types
# checked (a bundle packed with a passphrase, with a '..' entry and a
# symlink entry added); one whose index.xml alone is flagged encrypted
# is reported for that
run "pack with a passphrase" env DOSSIER_PASSPHRASE=rahasia "$dossier" pack "$m" \
    -o "$tmp/enc" --lang en
expect "pack with a passphrase" 0
rm -rf "$tmp/t" && cp -Rp "$tmp/enc" "$tmp/t"
run "verify a bag packed with a passphrase" "$dossier" verify "$tmp/t" --lang en
expect "verify a bag packed with a passphrase" 0
for mode in dotdot symlink; do
    rm -rf "$tmp/t" && cp -Rp "$tmp/enc" "$tmp/t"
    bagtool evil-zip "$tmp/t/data/indicators/02.zip" $mode && bagtool rebag "$tmp/t"
    tampered "encrypted zip, entry ($mode)" \
        '^data/indicators/02.zip:.*: malformed: \(an unsafe entry name\|the entry is a\)'
done
rm -rf "$tmp/t" && cp -Rp "$tmp/enc" "$tmp/t"
bagtool evil-zip "$tmp/t/data/indicators/02.zip" plain && bagtool rebag "$tmp/t"
tampered "encrypted zip, a plain entry" \
    '^data/indicators/02.zip:evil.txt: malformed: the entry is not encrypted but index.xml is'
fresh
bagtool encrypt-flag "$tmp/t/data/indicators/02.zip" && bagtool rebag "$tmp/t"
tampered "index.xml alone flagged encrypted" \
    '^data/indicators/02.zip:[^:]*: malformed: the entry is not encrypted but index.xml is'

# a top-level folder named as a signature file, in an unsigned bag
fresh
mkdir "$tmp/t/tagmanifest-sha512.txt.sig"
printf 'MZ unlisted payload\n' >"$tmp/t/tagmanifest-sha512.txt.sig/setup.exe"
tampered "a folder named as the signature" '^tagmanifest-sha512.txt.sig: extra: '

# a document removed from a zip and from its index.xml, the bag made
# consistent again: data/manifest.xml still gives it
fresh
gone=$(bagtool drop-entry "$tmp/t/data/indicators/02.zip") && bagtool rebag "$tmp/t"
tampered "a document removed from its zip" \
    "^data/indicators/02.zip: missing: lacks the evidence '[^']*$gone' that data/manifest.xml line [0-9]* gives indicator 2;"
lacks "a document removed: the bag itself is fine" '^bag-info\|manifest-'
# and one added that data/manifest.xml does not give
fresh
bagtool evil-zip "$tmp/t/data/indicators/02.zip" plain && bagtool rebag "$tmp/t"
tampered "a document added to its zip" \
    "^data/indicators/02.zip:evil.txt: extra: holds the evidence 'x/plain.txt', which data/manifest.xml does not give indicator 2;"

# an indicator id of 32 characters, the manifest's limit: its zip is
# looked for too (ids of 32 bytes or more were skipped)
fresh; id32=abcdefghijklmnopqrstuvwxyz012345
bagtool rename-indicator "$tmp/t/data/manifest.xml" $id32 && bagtool rebag "$tmp/t"
tampered "32-character indicator id" "^data/indicators/$id32.zip: missing: a required part"

# a bundle without one of its parts, the bag itself consistent again
for part in data/manifest.xml data/findings.xml data/dossier.pdf data/indicators/12.zip; do
    fresh; rm "$tmp/t/$part"; bagtool rebag "$tmp/t"
    tampered "no $part" "^$part: missing: a required part of the bundle is missing"
    lacks "no $part: the bag itself is fine" '^bag-info\|manifest-'
done

run "verify a missing bundle" "$dossier" verify "$tmp/nope"
expect "verify a missing bundle" 2
run "verify without argument" "$dossier" verify
expect "verify without argument" 2

# Ed25519 signatures
if openssl genpkey -algorithm ed25519 -out "$tmp/key.pem" 2>/dev/null &&
   openssl pkey -in "$tmp/key.pem" -pubout -out "$tmp/pub.pem" 2>/dev/null &&
   openssl genpkey -algorithm ed25519 -out "$tmp/key2.pem" 2>/dev/null &&
   openssl pkey -in "$tmp/key2.pem" -pubout -out "$tmp/pub2.pem" 2>/dev/null; then
    run "pack --sign-key" "$dossier" pack "$m" -o "$tmp/g" --sign-key "$tmp/key.pem"
    expect "pack --sign-key" 0
    sig=$tmp/g/tagmanifest-sha512.txt.sig
    if [ -f "$sig" ]; then ok "signature tag file written"; else not_ok "no signature file"; fi
    base64 -d "$sig" >"$tmp/sig.bin" 2>/dev/null
    if openssl pkeyutl -verify -pubin -inkey "$tmp/pub.pem" -rawin \
           -in "$tmp/g/tagmanifest-sha512.txt" -sigfile "$tmp/sig.bin" >/dev/null 2>&1
    then ok "openssl verifies the signature"; else not_ok "openssl rejects the signature"; fi
    if bagtool validate "$tmp/g" >"$tmp/v" 2>&1; then ok "validator accepts the signed bag"
    else not_ok "validator (signed): $(snip "$tmp/v")"; fi
    run "verify --pubkey" "$dossier" verify "$tmp/g" --pubkey "$tmp/pub.pem" --lang en
    expect "verify --pubkey" 0
    has "signature checked" "^signature: signed, and checked with the public key given$"
    run "verify --pubkey, json" "$dossier" verify "$tmp/g" --pubkey "$tmp/pub.pem" --format json
    has "json signature checked" '"signature": "checked"'
    run "verify a signed bag without --pubkey" "$dossier" verify "$tmp/g" --lang en
    expect "verify a signed bag without --pubkey" 0
    has "signed but not checked" '^signature: signed, but not checked'
    run "signed, no --pubkey, json" "$dossier" verify "$tmp/g" --format json
    has "json signature unchecked" '"signature": "unchecked"'
    run "unsigned, json" "$dossier" verify "$b" --format json
    has "json signature none" '"signature": "none"'
    run "unsigned, text" "$dossier" verify "$b" --lang en
    has "unsigned said" '^signature: none, the bag is not signed$'

    # unsigned content added to a signed bag: each fails with --pubkey
    signed() { rm -rf "$tmp/t" && cp -Rp "$tmp/g" "$tmp/t"; }
    addtag() { # a second tag manifest listing FILES... of $tmp/t
        (cd "$tmp/t" && sha256sum "$@" >tagmanifest-sha256.txt)
    }
    pubfails() {
        run "$1" "$dossier" verify "$tmp/t" --pubkey "$tmp/pub.pem" --lang en
        expect "$1" 1
        has "$1: names it" "$2"
    }
    signed; echo extra >"$tmp/t/README.txt"
    pubfails "signed + top-level file" '^README.txt: extra'
    signed; echo extra >"$tmp/t/README.txt"; addtag bagit.txt bag-info.txt README.txt
    pubfails "signed + file in a second tag manifest" '^README.txt: extra: not listed in the signed tagmanifest-sha512.txt'
    has "second tag manifest named" '^tagmanifest-sha256.txt: extra: a second tag manifest'
    signed; addtag bagit.txt bag-info.txt manifest-sha512.txt
    pubfails "signed + extra tag manifest" '^tagmanifest-sha256.txt: extra: a second tag manifest'
    signed; (cd "$tmp/t" && find data -type f -exec sha256sum {} + >manifest-sha256.txt)
    pubfails "signed + unsigned payload manifest" '^manifest-sha256.txt: extra: not listed in the signed'
    signed; echo extra >"$tmp/t/data/extra.txt"
    pubfails "signed + file in data/" '^data/extra.txt: extra'
    signed; echo extra >"$tmp/t/data/extra.txt"; bagtool rebag "$tmp/t"
    pubfails "signed + file in data/, rebagged" '^tagmanifest-sha512.txt.sig: altered'
    signed; echo x >"$tmp/t/tagmanifest-sha256.txt.sig"
    pubfails "signed + stray signature" '^tagmanifest-sha256.txt.sig: extra' 
    run "verify with another key" "$dossier" verify "$tmp/g" --pubkey "$tmp/pub2.pem" --lang en
    expect "verify with another key" 1
    has "bad signature named" '^tagmanifest-sha512.txt.sig: altered: the signature does not match'
    run "verify an unsigned bag with --pubkey" "$dossier" verify "$b" --pubkey "$tmp/pub.pem" --lang en
    expect "verify an unsigned bag with --pubkey" 1
    has "missing signature named" '^tagmanifest-sha512.txt.sig: missing'
    run "sign with a non-key" "$dossier" pack "$m" -o "$tmp/g2" --sign-key "$m"
    expect "sign with a non-key" 2
    if [ -e "$tmp/g2" ]; then not_ok "a bundle was written with a bad key"; else ok "no bundle with a bad key"; fi
    if find "$tmp" -maxdepth 1 -name 'g2.tmp-*' | grep -q .; then not_ok "temporary directory left"
    else ok "bad key: no temporary directory left"; fi
else
    not_ok "openssl cannot make Ed25519 keys"
fi

finish

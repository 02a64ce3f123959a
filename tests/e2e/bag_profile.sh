#!/bin/sh
# bag_profile.sh -- issue 22 points 2 and 4 (r22-profile): the shipped
# BagIt profile is valid JSON and every bag-info tag it requires is in the
# example bundle; pack --algorithm takes a list, and verify checks every
# manifest of every algorithm (an independent validator and md5sum/sha1sum
# agree); verify --profile reads names and two small tag files only (a
# damaged payload byte and a huge sparse file go unnoticed, plain verify
# finds the damage); a tag file no tag manifest lists is a warning (exit
# 0) in an unsigned bag and an error in a signed one; a workspace, a file,
# a plain folder and a missing path are said plainly.
# usage: bag_profile.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")
bagtool() { python3 "$here/bagtool.py" "$@"; }
m=$src/templates/example/manifest.xml
profile=$src/templates/bagit-profile-dossier.json
export SOURCE_DATE_EPOCH=1700000000

# ---- the profile itself
if python3 - "$profile" >"$tmp/v" 2>&1 <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))
info = p["BagIt-Profile-Info"]
for k in ["Source-Organization", "External-Description", "Version",
          "BagIt-Profile-Identifier", "BagIt-Profile-Version"]:
    assert isinstance(info.get(k), str) and info[k], k
assert p["Allow-Fetch.txt"] is False
assert p["Accept-BagIt-Version"] == ["1.0"]
assert p["Serialization"] == "optional"
assert set(p["Manifests-Required"]) <= set(p["Manifests-Allowed"])
assert set(p["Tag-Manifests-Required"]) <= set(p["Tag-Manifests-Allowed"])
assert "bagit-profile.json" in p["Tag-Files-Required"]
assert "BagIt-Profile-Identifier" not in p["Bag-Info"]
EOF
then ok "profile: valid JSON with the fields BagIt Profiles 1.3.0 requires"
else not_ok "profile: $(snip "$tmp/v")"; fi

# ---- every algorithm at once
run "pack with four algorithms" "$dossier" pack "$m" -o "$tmp/a" \
    --algorithm sha512,sha256,sha1,md5 --lang en
expect "pack with four algorithms" 0
b=$tmp/a
for alg in sha512 sha256 sha1 md5; do
    if [ -f "$b/manifest-$alg.txt" ] && [ -f "$b/tagmanifest-$alg.txt" ]
    then ok "$alg manifest and tag manifest written"
    else not_ok "no $alg manifests"; fi
done
if bagtool validate "$b" >"$tmp/v" 2>&1; then ok "independent validator accepts four algorithms"
else not_ok "validator: $(snip "$tmp/v")"; fi
if (cd "$b" && md5sum -c --quiet manifest-md5.txt && sha1sum -c --quiet manifest-sha1.txt) \
    >"$tmp/v" 2>&1; then ok "md5sum and sha1sum agree"; else not_ok "md5/sha1: $(snip "$tmp/v")"; fi
run "verify four algorithms" "$dossier" verify "$b" --lang en
expect "verify four algorithms" 0

# the profile's required bag-info tags are all there, and the group
python3 - "$profile" "$b/bag-info.txt" >"$tmp/v" 2>&1 <<'EOF'
import sys, json
p = json.load(open(sys.argv[1]))
have = {}
for line in open(sys.argv[2], encoding="utf-8"):
    k, v = line.rstrip("\n").split(": ", 1)
    have.setdefault(k, []).append(v)
missing = [k for k, d in p["Bag-Info"].items() if d.get("required") and k not in have]
assert not missing, missing
assert have["BagIt-Profile-Identifier"] == [p["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]]
EOF
if [ $? -eq 0 ]; then ok "every bag-info tag the profile requires is present"
else not_ok "bag-info against the profile: $(snip "$tmp/v")"; fi
if cmp -s "$profile" "$b/bagit-profile.json"; then ok "the bundle carries the profile"
else not_ok "bagit-profile.json is not the shipped profile"; fi
if awk '{print $2}' "$b/tagmanifest-sha512.txt" | grep -qx bagit-profile.json
then ok "the profile is covered by the tag manifest"; else not_ok "profile not in tagmanifest"; fi
has "Internal-Sender-Identifier is the bundle id" \
    '^Internal-Sender-Identifier: spbe-2020-2024-' "$b/bag-info.txt"
has "Bag-Producing-Organization" \
    '^Bag-Producing-Organization: Dinas Komunikasi dan Informatika, Pemerintah Kabupaten Sukamaju$' \
    "$b/bag-info.txt"

# one group for every year and spelling of one instance
sed -e 's/year="2024"/year="2025"/' \
    -e 's/name="Pemerintah Kabupaten Sukamaju"/name="PEMERINTAH  kabupaten sukamaju."/' \
    "$m" >"$tmp/group.xml"
run "pack another year" "$dossier" pack "$tmp/group.xml" -o "$tmp/y" \
    --evidence-root "$src/templates/example/bukti" --lang en
expect "pack another year" 0
g1=$(grep '^Bag-Group-Identifier:' "$b/bag-info.txt")
g2=$(grep '^Bag-Group-Identifier:' "$tmp/y/bag-info.txt" 2>/dev/null)
if [ -n "$g1" ] && [ "$g1" = "$g2" ]; then ok "same Bag-Group-Identifier for another year"
else not_ok "groups differ: '$g1' vs '$g2'"; fi

# ---- bad lists
for bad in sha384 md5 "sha512,,md5" sha512,sha512; do
    run "--algorithm $bad refused" "$dossier" pack "$m" -o "$tmp/bad" --algorithm "$bad" --lang en
    expect "--algorithm $bad refused" 2
done
has "duplicate named" "twice" "$tmp/err"
if [ ! -e "$tmp/bad" ]; then ok "no bundle from a bad list"; else not_ok "bundle from a bad list"; fi

# ---- verify --profile: names only
# (metadata/arsip.xml and events.xml come with issue 22 point 3; until a
# bundle has them, they must be the only deviations)
profile_ok() {
    run "$1" "$dossier" verify --profile "$2" --lang en
    grep -v -e '^metadata/arsip.xml: missing' -e '^metadata/events.xml: missing' \
        -e 'deviations\? from the BagIt profile$' "$tmp/out" >"$tmp/rest"
    if [ -f "$2/metadata/arsip.xml" ] && [ -f "$2/metadata/events.xml" ]; then
        expect "$1" 0
    elif [ "$status" -eq 0 ] || [ "$status" -eq 1 ]; then ok "$1: exit $status"
    else not_ok "$1: exit $status: $(snip "$tmp/err")"; fi
    if grep -q ': ' "$tmp/rest" && ! grep -q 'conforms to the BagIt profile' "$tmp/rest"
    then not_ok "$1: deviations: $(snip "$tmp/rest")"; else ok "$1: no other deviation"; fi
}
profile_ok "verify --profile" "$b"
cp -Rp "$b" "$tmp/d"
z=$tmp/d/data/indicators/01.zip
printf 'X' | dd of="$z" bs=1 seek=100 conv=notrunc 2>/dev/null
truncate -s 4G "$tmp/d/data/huge.bin" 2>/dev/null || : >"$tmp/d/data/huge.bin"
profile_ok "verify --profile, damaged payload and a huge file" "$tmp/d"
run "verify --profile --format json" "$dossier" verify --profile "$tmp/d" --format json
has "json has severity" '"severity": "error"\|"problems": \[\]'
rm -f "$tmp/d/data/huge.bin"
run "plain verify finds the damage" "$dossier" verify "$tmp/d" --lang en
expect "plain verify finds the damage" 1
has "plain verify names the zip" '^data/indicators/01.zip: altered'
# every damage at once is reported, not the first only
rm "$tmp/d/data/findings.xml"
echo x >>"$tmp/d/bag-info.txt"
run "several damages" "$dossier" verify "$tmp/d" --lang en
has "several damages: the zip" '^data/indicators/01.zip: altered'
has "several damages: findings.xml" '^data/findings.xml: missing'
has "several damages: bag-info.txt" '^bag-info.txt: '
# profile deviations are named
cp -Rp "$b" "$tmp/p"
sed -i '/^BagIt-Profile-Identifier:/d; /^External-Identifier:/d' "$tmp/p/bag-info.txt"
rm "$tmp/p/bagit-profile.json"
echo 'http://example.org/x 1 data/x' >"$tmp/p/fetch.txt"
run "profile deviations" "$dossier" verify --profile "$tmp/p" --lang en
expect "profile deviations" 1
has "no profile identifier named" '^bag-info.txt: missing: no BagIt-Profile-Identifier'
has "required tag named" '^bag-info.txt: missing: no External-Identifier'
has "profile file named" '^bagit-profile.json: missing'
has "fetch.txt named" '^fetch.txt: extra'

# ---- uncovered tag files: a warning, unless signed
cp -Rp "$b" "$tmp/w"
echo note >"$tmp/w/notes.txt"
run "uncovered tag file" "$dossier" verify "$tmp/w" --lang en
expect "uncovered tag file" 0
has "uncovered tag file: a warning" '^notes.txt: warning: extra'
has "uncovered tag file: counted" '1 warnings'
run "uncovered tag file, json" "$dossier" verify "$tmp/w" --format json
expect "uncovered tag file, json" 0
has "json severity warning" '"severity": "warning"'
has "json ok" '"ok": true'
if openssl genpkey -algorithm ed25519 -out "$tmp/k.pem" 2>/dev/null &&
   openssl pkey -in "$tmp/k.pem" -pubout -out "$tmp/pub.pem" 2>/dev/null; then
    run "pack signed, two algorithms" "$dossier" pack "$m" -o "$tmp/s" \
        --algorithm sha256,md5 --sign-key "$tmp/k.pem" --lang en
    expect "pack signed, two algorithms" 0
    run "verify signed, two algorithms" "$dossier" verify "$tmp/s" --pubkey "$tmp/pub.pem" --lang en
    expect "verify signed, two algorithms" 0
    has "signature checked" 'signed, and checked'
    if bagtool validate "$tmp/s" >"$tmp/v" 2>&1; then ok "validator accepts the signed bag"
    else not_ok "validator: $(snip "$tmp/v")"; fi
    echo note >"$tmp/s/notes.txt"
    run "uncovered tag file, signed" "$dossier" verify "$tmp/s" --pubkey "$tmp/pub.pem" --lang en
    expect "uncovered tag file, signed" 1
    has "uncovered tag file, signed: an error" '^notes.txt: extra: .*signed'
else
    not_ok "openssl cannot make Ed25519 keys"
fi

# ---- not a bundle at all
run "a workspace" "$dossier" verify "$src/templates/example" --lang en
expect "a workspace" 1
has "a workspace: said plainly" "this is a workspace (a manifest), not a bundle: run 'dossier pack'" "$tmp/err"
run "a workspace, Indonesian" "$dossier" verify "$src/templates/example" --lang id
expect "a workspace, Indonesian" 1
has "a workspace: said in Indonesian" "folder kerja" "$tmp/err"
run "a file" "$dossier" verify "$m" --lang en
expect "a file" 1
has "a file: said" 'neither a bundle folder nor a .zip or .tar file of one' "$tmp/err"
mkdir "$tmp/empty"
run "a plain folder" "$dossier" verify "$tmp/empty" --lang en
expect "a plain folder" 1
has "a plain folder: said" 'is not a bundle: it has no bagit.txt' "$tmp/err"
run "a missing path" "$dossier" verify "$tmp/nothing" --lang en
expect "a missing path" 2
has "a missing path: said" 'does not exist' "$tmp/err"

# what is not a regular file among the bag's own files, and folders
# nested too deep, are the bundle's problems (exit 1), not the tool's
cp -r "$tmp/y" "$tmp/np" 2>/dev/null || true
if [ -d "$tmp/np" ]; then
    ln -s /dev/zero "$tmp/np/manifest-md5.txt"
    run "profile: a manifest that is a link" "$dossier" verify --profile "$tmp/np" --lang en
    expect "profile: a manifest that is a link" 1
    has "profile: the link named" 'manifest-md5.txt: malformed: a symbolic link' "$tmp/out"
    rm "$tmp/np/manifest-md5.txt"
    mkdir "$tmp/np/tagmanifest-sha1.txt"
    run "profile: a tag manifest that is a folder" "$dossier" verify --profile "$tmp/np" --lang en
    expect "profile: a tag manifest that is a folder" 1
    rmdir "$tmp/np/tagmanifest-sha1.txt"
    d=$tmp/np/metadata
    for _ in $(seq 1 80); do d=$d/x; done
    mkdir -p "$d"
    run "profile: folders nested too deep" "$dossier" verify --profile "$tmp/np" --lang en
    expect "profile: folders nested too deep" 1
else skip "profile: odd files" "no bundle to copy"; fi

finish

#!/bin/sh
# faults.sh -- dossier under faults: a full disk during pack, a
# symbolically linked evidence root, 100,000 evidence entries and the entry limit,
# paths over 4,096 bytes, names with newlines or bytes that are not UTF-8.
# Each gives its documented exit status and a message naming the file,
# publishes nothing partial, and reads nothing outside the evidence root.
# Faults that take a user without root's powers are in unprivileged.sh.
# usage: faults.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=SCRIPTDIR/faults-lib.sh
. "$(dirname "$0")/faults-lib.sh"
export SOURCE_DATE_EPOCH=1700000000

secret_name="dossier-e2e-faults-secret.txt"
have_strace=no
if command -v strace >/dev/null 2>&1 && strace -f -y -o /dev/null true 2>/dev/null; then
    have_strace=yes
fi

# valid_json NAME: the last run's stdout is one valid JSON document
valid_json() {
    if ! command -v python3 >/dev/null 2>&1; then
        skip "$1: valid JSON" "no python3"
    elif python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8", errors="strict"))' \
        "$tmp/out" 2>"$tmp/jsonerr"; then
        ok "$1: valid UTF-8 JSON"
    else
        not_ok "$1: not valid UTF-8 JSON: $(snip "$tmp/jsonerr")"
    fi
}

# --- disk full during pack ---------------------------------------------

d=$tmp/full
manifest "$d" "$(evidence 1 a.pdf)" "$(evidence 2 b.csv)" "$(evidence 3 c.csv)"
pdf "$d/bukti/a.pdf"
# text that deflates badly, so that the zips need real space
noise 300000 1 | od -An -tx1 | head -c 200000 >"$d/bukti/b.csv"
cp "$d/bukti/b.csv" "$d/bukti/c.csv"
echo "3" >>"$d/bukti/c.csv"
mkdir -p "$d/small"
if mount -t tmpfs -o size=128k tmpfs "$d/small" 2>/dev/null; then
    how="a full 128 KiB tmpfs"
    run "pack onto $how" "$dossier" pack --lang en "$d/m.xml" -o "$d/small/bundle"
    want_msg="No space left on device"
else
    how="ulimit -f 64"
    # dossier ignores SIGXFSZ, so the write fails with EFBIG instead
    run "pack under $how" sh -c 'ulimit -f 64 && exec "$@"' sh \
        "$dossier" pack --lang en "$d/m.xml" -o "$d/small/bundle"
    want_msg="File too large"
fi
expect "pack with $how" 3
has "pack with $how: says why" "$want_msg" "$tmp/err"
has "pack with $how: names a zip" "indicator [0-9]*: cannot write '.*/[0-9][0-9]\.zip'" "$tmp/err"
has "pack with $how: says nothing was published" "no bundle was written" "$tmp/err"
nothing_published "pack with $how" "$d/small/bundle"
umount "$d/small" 2>/dev/null

# --- the evidence root is a symbolic link ------------------------------

# The root the manifest names is trusted and followed; what is under it
# must stay under the folder it resolves to, even when the link's own
# folder holds the target.
d=$tmp/linkroot
mkdir -p "$d/data/arsip-2024"
manifest "$d" "$(evidence 1 a.pdf)"
rmdir "$d/bukti"
ln -s data/arsip-2024 "$d/bukti"
pdf "$d/data/arsip-2024/a.pdf"
run "linked evidence root" "$dossier" check --lang en --format json "$d/m.xml"
expect "linked evidence root" 0
run "pack from a linked evidence root" "$dossier" pack --lang en "$d/m.xml" -o "$d/bundle"
expect "pack from a linked evidence root" 0
if unzip -l "$d/bundle/data/indicators/01.zip" 2>/dev/null | grep -q ' a\.pdf$'
then ok "pack from a linked evidence root: a.pdf packed"; else not_ok "a.pdf not in 01.zip"; fi

echo rahasia >"$d/data/$secret_name"
manifest "$d" "$(evidence 1 a.pdf)" "$(evidence 2 ../$secret_name)" "$(evidence 3 luar.pdf)"
ln -s "../$secret_name" "$d/data/arsip-2024/luar.pdf"
run "linked root: '..' and a link out of the resolved root" "$dossier" check --format json "$d/m.xml"
expect "linked root: '..' and a link out of the resolved root" 1
if [ "$(grep -c '"code": "path-escapes"' "$tmp/out")" -eq 1 ] &&
   [ "$(grep -c '"code": "path-link"' "$tmp/out")" -eq 1 ]
then ok "linked root: '..' out is path-escapes, the link path-link"
else not_ok "linked root: $(grep -c '"code": "path-escapes"' "$tmp/out") path-escapes and $(grep -c '"code": "path-link"' "$tmp/out") path-link findings, want 1 and 1"; fi
if [ "$have_strace" = yes ]; then
    timeout -k 2 "$limit" strace -f -y -e trace=open,openat,openat2,creat \
        -o "$tmp/trace" "$dossier" check --format json "$d/m.xml" >/dev/null 2>&1
    if ! grep -q 'a\.pdf' "$tmp/trace"; then
        not_ok "linked root: the trace does not show a.pdf being read"
    elif grep -F "$secret_name" "$tmp/trace" >"$tmp/opened"; then
        not_ok "linked root: $secret_name was opened: $(snip "$tmp/opened")"
    else
        ok "linked root: $secret_name never opened"
    fi
else
    skip "linked root: secret never opened" "strace cannot trace here"
fi

# --- 100,000 evidence entries, and the limit ---------------------------

d=$tmp/big
mkdir -p "$d/bukti/f"
# 100,000 small distinct PDFs (as far as libmagic can tell), made quickly
# by split(1); none ends with %%EOF, so each is pdf-damaged, found by
# reading its end (no child opens it)
seq 1 100000 | sed "s/^/%PDF-1.4 /" |
    (cd "$d/bukti/f" && split -l 1 -a 5 -d --additional-suffix=.pdf - n)
awk 'BEGIN {
    print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    print "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">"
    print "<instance name=\"Besar\"/><evidence-root path=\"bukti\"/>"
    n = 0
    for (i = 1; i <= 47; i++) {
        print "<indicator id=\"" i "\"><assessment stage=\"mandiri\" level=\"1\">x</assessment>"
        for (j = 0; j < 2128 && n < 100000; j++) {
            printf "<evidence file=\"f/n%05d.pdf\" level=\"1\">dokumen %d</evidence>\n", n, n
            n++
        }
        print "</indicator>"
    }
    print "</dossier>"
}' >"$d/m.xml"
start=$(date +%s)
limit=600
run "check 100,000 entries" "$dossier" check --format json "$d/m.xml"
secs=$(($(date +%s) - start))
limit=60
expect "check 100,000 entries" 1
has "check 100,000 entries: each one cut short" '"errors": 100000,'
lacks "check 100,000 entries: no other error" '"code": "\(type-\|file-\|path-\)'
has "check 100,000 entries: pdf-damaged" '"code": "pdf-damaged"'
valid_json "check 100,000 entries"
ok "check 100,000 entries took $secs s"

# one entry over the limit is refused at its line, before any file is read
awk 'BEGIN {
    print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    print "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">"
    print "<instance name=\"Terlalu besar\"/>"
    print "<indicator id=\"1\">"
    for (n = 0; n <= 200000; n++) print "<evidence file=\"f/x.txt\"/>"
    print "</indicator></dossier>"
}' >"$d/over.xml"
run "200,001 entries" "$dossier" check --lang en "$d/over.xml"
expect "200,001 entries" 1
has "200,001 entries: refused at the line that went over" \
    "over.xml:200005: error: the manifest lists more than 200000 evidence files; dossier handles at most that many in one manifest \[manifest-too-large\]"

# --- paths over 4,096 bytes --------------------------------------------

d=$tmp/long
long=$(printf 'folder-%04d/' $(seq 1 420))x.pdf
name300=$(printf 'n%.0s' $(seq 1 300)).pdf
manifest "$d" "$(evidence 1 "$long")" "$(evidence 2 "$name300")"
run "paths over 4,096 bytes" "$dossier" check --lang en "$d/m.xml"
expect "paths over 4,096 bytes" 1
has "a 5,045-byte path" "m.xml:5: error: 'folder-0001/folder-0002/folder-0003/folder-0004/folder-0005/fold…' is 5045 bytes long; an evidence path may have at most 2047 bytes"
has "a 304-byte name" "m.xml:6: error: 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn…' is too long: a folder or file name in it has more than 255 bytes"
run "paths over 4,096 bytes, json" "$dossier" check --format json "$d/m.xml"
expect "paths over 4,096 bytes, json" 1
valid_json "paths over 4,096 bytes, json"
if [ "$(grep -c '"code": "path-invalid"' "$tmp/out")" -eq 2 ]
then ok "both long paths are path-invalid"; else not_ok "long paths: $(snip "$tmp/out")"; fi

# --- names with a newline, and bytes that are not UTF-8 ----------------

# The schema refuses a newline in a file attribute; the report shows it
# escaped, on one line.
d=$tmp/newline
nl='
'
manifest "$d" "$(evidence 1 'baris&#10;dua.pdf')"
pdf "$d/bukti/baris${nl}dua.pdf"
run "a newline in a name" "$dossier" check --lang en "$d/m.xml"
expect "a newline in a name" 1
has "a newline in a name: escaped on one line" \
    "m.xml:5: error: file=\"baris\\\\ndua.pdf\" in <evidence>: a value must be on one line, without line breaks \[schema-invalid\]"
lacks "no line starts with the rest of the name" "^dua.pdf"
run "a newline in a name, json" "$dossier" check --format json "$d/m.xml"
expect "a newline in a name, json" 1
valid_json "a newline in a name, json"
code "a newline in a name, json" schema-invalid
run "pack refuses a newline in a name" "$dossier" pack --lang en "$d/m.xml" -o "$d/bundle"
expect "pack refuses a newline in a name" 1
has "pack refuses a newline in a name: says so" "file=\"baris\\\\ndua.pdf\" in <evidence>: a value must be on one line" "$tmp/err"
nothing_published "pack refuses a newline in a name" "$d/bundle"

# A tab passes the schema; the path check refuses it, escaped.
d=$tmp/tab
manifest "$d" "$(evidence 1 'tab&#9;dua.pdf')"
printf 'tab\tdua' >"$d/bukti/tab	dua.pdf"
run "a tab in a name" "$dossier" check --lang en "$d/m.xml"
expect "a tab in a name" 1
has "a tab in a name: escaped" \
    "m.xml:5: error: 'tab\\\\tdua.pdf' is not a usable path (use '/' between folders; no empty parts or control characters) \[path-invalid\]"
run "a tab in a name, json" "$dossier" check --format json "$d/m.xml"
valid_json "a tab in a name, json"
has "a tab in a name, json: file escaped" '"file": "tab\\\\tdua.pdf"'
run "pack refuses a tab in a name" "$dossier" pack --lang en "$d/m.xml" -o "$d/bundle"
expect "pack refuses a tab in a name" 1
nothing_published "pack refuses a tab in a name" "$d/bundle"

# the manifest in a folder whose name is Latin-1, not UTF-8
bad=$(printf 'arsip-\351')
d=$tmp/$bad
manifest "$d" "$(evidence 1 a.pdf)" "$(evidence 2 hilang.pdf)"
pdf "$d/bukti/a.pdf"
run "a folder name that is not UTF-8" "$dossier" check --lang en "$d/m.xml"
expect "a folder name that is not UTF-8" 1
has "a folder name that is not UTF-8: escaped" "arsip-\\\\xE9/m.xml:6: error: 'hilang.pdf' does not exist"
run "a folder name that is not UTF-8, json" "$dossier" check --format json "$d/m.xml"
expect "a folder name that is not UTF-8, json" 1
valid_json "a folder name that is not UTF-8, json"
has "a folder name that is not UTF-8, json: manifest escaped" '"manifest": ".*arsip-\\\\xE9/m.xml"'
run "pack from a folder name that is not UTF-8" "$dossier" pack --lang en "$d/m.xml" -o "$d/bundle"
expect "pack from a folder name that is not UTF-8" 1
has "pack: error names the manifest, escaped" "arsip-\\\\xE9/m.xml:6: 'hilang.pdf' does not exist" "$tmp/err"

# scan reports names a manifest cannot hold, escaped, with the reason,
# adds the rest, and exits 1 (the input has problems to fix)
d=$tmp/scan
run "init for scan" "$dossier" init "$d" --framework spbe-2020
expect "init for scan" 0
f=$d/bukti/01-kebijakan-internal-arsitektur-spbe
pdf "$f/baik.pdf"
pdf "$f/baris${nl}dua.pdf"
pdf "$f/$(printf 'lat\351.pdf')"
run "scan with unusable names" "$dossier" scan --lang en "$d/manifest.xml"
expect "scan with unusable names" 1
has "scan adds the good name" "^  \[1\] 01-kebijakan-internal-arsitektur-spbe/baik.pdf$"
has "scan names the newline, escaped" "^  \[1\] 01-kebijakan-internal-arsitektur-spbe/baris\\\\ndua.pdf (a control character)$"
has "scan names the Latin-1 name, escaped" "^  \[1\] 01-kebijakan-internal-arsitektur-spbe/lat\\\\xE9.pdf (bytes that are not UTF-8)$"
lacks "no line starts with the rest of the name" "^dua.pdf"
run "check after scan" "$dossier" check --format json "$d/manifest.xml"
valid_json "check after scan"

# a manifest in Latin-1 gives UTF-8 names inside the zips
d=$tmp/latin1
mkdir -p "$d/bukti"
printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024"><instance name="Uji"/><evidence-root path="bukti"/>\n%s\n</dossier>\n' \
    "$(evidence 1 "$(printf 'caf\351.pdf')")" >"$d/m.xml"
pdf "$d/bukti/café.pdf"
run "pack from a Latin-1 manifest" "$dossier" pack --lang en "$d/m.xml" -o "$d/bundle"
expect "pack from a Latin-1 manifest" 0
if unzip -Z1 "$d/bundle/data/indicators/01.zip" 2>/dev/null | grep -qx 'café.pdf'
then ok "the zip names the file café.pdf in UTF-8"; else not_ok "no café.pdf in 01.zip"; fi

finish

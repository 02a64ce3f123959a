#!/bin/sh
# verify_archive.sh -- dossier verify reads a bundle delivered as a .zip
# or .tar file (one top folder holding the bag, or the bag at the root;
# a gzip'd tar too) without unpacking it: the example passes; a damaged,
# missing or extra file, a replaced zip entry, zip bombs, a link and a
# signature give the same problems (as a set) and counts as the folder
# does; hostile archives ("../x", an absolute name, a symbolic link, a
# hard link, 100000 tiny entries, 3000 unsafe names (1000 named, then
# it stops), a truncated archive, not an archive)
# give problems or a clear error within the time limit; nothing is
# written anywhere (strace sees no file created, TMPDIR read-only and
# untouched) but for an unnamed temporary file that holds an inner zip
# over 16 MiB, in a .tar and a .zip (none left behind; none can be made:
# exit 3, saying what to do; a sparse entry: written out as declared,
# checked, nothing left behind); an inner zip whose central
# directory says more than its local headers gives the folder's problems.  verify --report writes XML that validates against
# templates/schemas/verify-report.xsd and JSON with verify's keys,
# for a damaged bundle too (exit status unchanged), refuses another
# extension (exit 2) and a place inside the bundle; a warning keeps "ok"
# true with its severity, in --format json and both reports, and a name
# that is not UTF-8 still gives valid JSON and XML.
# usage: verify_archive.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")
bagtool() { python3 "$here/bagtool.py" "$@"; }
m=$src/templates/example/manifest.xml
export SOURCE_DATE_EPOCH=1700000000
limit=60

mkdir "$tmp/w"
run "pack the example" "$dossier" pack "$m" -o "$tmp/w/b" --lang en
expect "pack the example" 0
b=$tmp/w/b

# pack_as DIR OUT.tar|OUT.zip|OUT.tar.gz: DIR as one top folder
pack_as() {
    rm -f "$2"
    case $2 in
    *.zip) (cd "$(dirname "$1")" && zip -qry "$2" "$(basename "$1")") ;;
    *.tar.gz) tar -C "$(dirname "$1")" -czf "$2" "$(basename "$1")" ;;
    *) tar -C "$(dirname "$1")" -cf "$2" "$(basename "$1")" ;;
    esac
}

# same NAME A.json B.json: the same problems (as a set) and counts
same() {
    if python3 - "$2" "$3" >"$tmp/same" 2>&1 <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
keys = ("ok", "files", "bytes", "zips", "entries", "encrypted_zips", "signature")
# the messages too, but for the words of the zip libraries (libzip for a
# folder, libarchive for an archive) quoted in "cannot read: ..."
def key(p):
    m = p["message"]
    lib = any(w in m for w in ("ZIP ", "zip ", "libzip", "Zip ")) or \
        m.startswith(("cannot read", "tidak dapat dibaca", "holds more than",
                      "berisi lebih dari"))
    return (p["path"], p["kind"], "" if lib else m)
pa = sorted(key(p) for p in a["problems"])
pb = sorted(key(p) for p in b["problems"])
bad = [k for k in keys if a.get(k) != b.get(k)]
if bad or pa != pb:
    print(bad, [x for x in pa if x not in pb], [x for x in pb if x not in pa])
    sys.exit(1)
EOF
    then ok "$1"; else not_ok "$1: $(snip "$tmp/same")"; fi
}

# jhas NAME PATH KIND FILE: the JSON report FILE has a problem PATH of KIND
jhas() {
    if python3 -c 'import json, sys
r = json.load(open(sys.argv[3]))
sys.exit(not any(p["path"] == sys.argv[1] and p["kind"] == sys.argv[2]
                 for p in r["problems"]))' "$2" "$3" "$4" 2>/dev/null
    then ok "$1"; else not_ok "$1: no $3 problem on $2 in $(snip "$4")"; fi
}

# alike NAME DIR [ARGS]: verify DIR, its tar and its zip; same status,
# same problems and counts
alike() {
    name=$1 dir=$2
    shift 2
    run "$name: folder" "$dossier" verify "$dir" --format json "$@"
    cp "$tmp/out" "$tmp/d.json"
    dstatus=$status
    for kind in tar zip; do
        pack_as "$dir" "$tmp/x.$kind"
        run "$name: $kind" "$dossier" verify "$tmp/x.$kind" --format json "$@"
        if [ "$status" -eq "$dstatus" ]; then ok "$name: $kind: exit $status as the folder"
        else not_ok "$name: $kind: exit $status, folder $dstatus: $(snip "$tmp/err")"; fi
        same "$name: $kind: what the folder gives" "$tmp/d.json" "$tmp/out"
    done
}

# ---- the example, every way it may come ----------------------------------
pack_as "$b" "$tmp/w/b.tar"
pack_as "$b" "$tmp/w/b.zip"
pack_as "$b" "$tmp/w/b.tar.gz"
(cd "$b" && zip -qry "$tmp/w/root.zip" .)
for a in b.tar b.zip b.tar.gz root.zip; do
    run "verify $a" "$dossier" verify "$tmp/w/$a" --lang en
    expect "verify $a" 0
    has "verify $a: ok" ": ok: 49 files, 46 zips, 93 zip entries checked$"
done
alike "the example" "$b"

# ---- damage, made in a folder: the archive says what the folder says ----
fresh() { rm -rf "$tmp/t" && cp -Rp "$b" "$tmp/t"; }
flip() { # flip FILE OFFSET: invert one byte
    python3 -c 'import sys
p, o = sys.argv[1], int(sys.argv[2])
d = bytearray(open(p, "rb").read()); d[o] ^= 1; open(p, "wb").write(d)' "$1" "$2"
}
fresh; flip "$tmp/t/data/findings.xml" 100
alike "flipped byte in a payload file" "$tmp/t"
fresh; flip "$tmp/t/data/indicators/05.zip" 200
alike "flipped byte in a zip" "$tmp/t"
fresh; flip "$tmp/t/bag-info.txt" 30
alike "flipped byte in bag-info.txt" "$tmp/t"
fresh; rm "$tmp/t/data/indicators/07.zip"
alike "a missing zip" "$tmp/t"
jhas "a missing zip: named" data/indicators/07.zip missing "$tmp/out"
fresh; echo stray >"$tmp/t/data/indicators/stray.txt"
alike "an extra payload file" "$tmp/t"
fresh; echo stray >"$tmp/t/notes.txt"
alike "an extra tag file" "$tmp/t"
fresh; rm "$tmp/t/bagit.txt"
alike "no bagit.txt" "$tmp/t"
fresh; mkdir "$tmp/t/meta" "$tmp/t/empty" && echo stray >"$tmp/t/meta/y.txt"
alike "extra top folders" "$tmp/t"
jhas "an extra top folder: named" meta extra "$tmp/out"
fresh
entry=$(unzip -Z1 "$tmp/t/data/indicators/01.zip" | sed -n 2p)
bagtool replace-entry "$tmp/t/data/indicators/01.zip" "$entry" && bagtool rebag "$tmp/t"
alike "a zip entry replaced" "$tmp/t"
jhas "replaced entry: named" "data/indicators/01.zip:$entry" altered "$tmp/out"
for mode in small huge; do
    fresh
    bagtool bomb "$tmp/t/data/indicators/47.zip" $mode && bagtool rebag "$tmp/t"
    alike "zip bomb ($mode)" "$tmp/t"
done
# central ZIP MODE: rewrite the zip so that its central directory (which
# unzip, 7-Zip and libzip obey) says more than its local headers, which a
# streaming reader alone sees: "hidden" lists an extra entry whose bytes
# lie inside the first entry's data (index.xml and data/manifest.xml
# updated to that data); "dotdot" names the last entry ../../evil.pdf in
# the central directory only
central() {
    python3 - "$1" "$2" "$tmp/t/data/manifest.xml" <<'EOF'
import hashlib, struct, sys, zipfile, zlib
path, mode, manifest = sys.argv[1:4]
with zipfile.ZipFile(path) as z:
    names = [n for n in z.namelist() if n != "index.xml"]
    data = {n: z.read(n) for n in names}
    idx = z.read("index.xml").decode()
def lh(name, d):
    n = name.encode()
    return struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0, 0, 0x6da0, 0x576e,
                       zlib.crc32(d), len(d), len(d), len(n), 0) + n + d
def cd(name, d, off):
    n = name.encode()
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 0x0314, 20, 0, 0, 0x6da0,
                       0x576e, zlib.crc32(d), len(d), len(d), len(n), 0, 0, 0, 0,
                       0o100644 << 16, off) + n
first, last = names[0], names[-1]
if mode == "hidden":
    old = data[first]
    data[first] = old + lh("evil.exe", b"MZ evil payload")
    oh, nh = hashlib.sha256(old).hexdigest(), hashlib.sha256(data[first]).hexdigest()
    idx = idx.replace(oh, nh).replace('size="%d"' % len(old), 'size="%d"' % len(data[first]))
    m = open(manifest).read().replace(oh, nh)
    open(manifest, "w").write(m)
data["index.xml"] = idx.encode()
out = cds = b""
n = 0
for name in ["index.xml"] + names:
    off = len(out)
    out += lh(name, data[name])
    cds += cd("../../evil.pdf" if mode == "dotdot" and name == last else name,
              data[name], off)
    n += 1
    if mode == "hidden" and name == first:
        cds += cd("evil.exe", b"MZ evil payload", off + 30 + len(name.encode()) + len(old))
        n += 1
open(path, "wb").write(out + cds + struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, n, n,
                                               len(cds), len(out), 0))
EOF
}
fresh; central "$tmp/t/data/indicators/01.zip" hidden && bagtool rebag "$tmp/t"
alike "an entry hidden in another's data, in the central directory" "$tmp/t"
expect "hidden entry: fails" 1
jhas "hidden entry: named" data/indicators/01.zip:evil.exe extra "$tmp/out"
fresh; central "$tmp/t/data/indicators/01.zip" dotdot && bagtool rebag "$tmp/t"
alike "../../evil.pdf in the central directory only" "$tmp/t"
expect "central ../../evil.pdf: fails" 1
jhas "central ../../evil.pdf: the zip named" data/indicators/01.zip malformed "$tmp/out"
# an inner zip over AR_ZIP_IN_MEMORY (16 MiB) is checked from an unnamed
# temporary file: a 40 MiB recording, stored
run "init, a large zip" "$dossier" init "$tmp/ws" --instance "Kabupaten Uji" --year 2024
python3 - "$(ls -d "$tmp"/ws/bukti/01-*)/rekaman-rapat.mp4" <<'EOF'
import random, sys
r = random.Random(23)
with open(sys.argv[1], "wb") as f:
    f.write(b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom")
    for _ in range(40):
        f.write(r.randbytes(1 << 20))
EOF
run "scan, a large zip" "$dossier" scan "$tmp/ws/manifest.xml"
run "pack, a large zip" "$dossier" pack "$tmp/ws/manifest.xml" -o "$tmp/big"
expect "pack, a large zip" 0
mkdir "$tmp/bigtmp"
pack_as "$tmp/big" "$tmp/big.tar"
run "an inner zip of 40 MiB" env TMPDIR="$tmp/bigtmp" "$dossier" verify "$tmp/big.tar" --lang en
expect "an inner zip of 40 MiB: ok" 0
has "40 MiB: its entry checked" "ok: 4 files, 1 zips, 1 zip entries checked"
if [ -z "$(ls -A "$tmp/bigtmp")" ]; then ok "40 MiB: no temporary file left"
else not_ok "40 MiB: left $(ls -A "$tmp/bigtmp")"; fi
pack_as "$tmp/big" "$tmp/big.zip"
run "an inner zip of 40 MiB in a .zip" env TMPDIR="$tmp/bigtmp" "$dossier" verify "$tmp/big.zip" --lang en
expect "an inner zip of 40 MiB in a .zip: ok" 0
# no temporary file: this machine's problem, not the bundle's
run "40 MiB, no TMPDIR" env TMPDIR="$tmp/nowhere" "$dossier" verify "$tmp/big.tar" --lang en
expect "40 MiB, no TMPDIR: cannot do its job" 3
has "40 MiB, no TMPDIR: says what to do" "cannot check data/indicators/01.zip: it needs a temporary file in '.*nowhere' (No such file or directory); set TMPDIR" "$tmp/err"
# a byte of the recording changed: found from the temporary file too
python3 - "$tmp/big/data/indicators/01.zip" <<'EOF'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(20 << 20); c = f.read(1); f.seek(20 << 20); f.write(bytes([c[0] ^ 1]))
EOF
bagtool rebag "$tmp/big"
pack_as "$tmp/big" "$tmp/big.tar"
run "40 MiB, a byte changed" env TMPDIR="$tmp/bigtmp" "$dossier" verify "$tmp/big.tar" --lang en
expect "40 MiB, a byte changed: fails" 1
has "40 MiB, a byte changed: the entry named" '^data/indicators/01.zip:rekaman-rapat.mp4: altered: .*CRC'
rm -rf "$tmp/big.tar" "$tmp/big.zip" "$tmp/big" "$tmp/ws"
# a sparse tar of a 32 MiB zip that is not one: its declared bytes are
# written out, checked as the folder's, and nothing is left behind
fresh; truncate -s 32M "$tmp/t/data/indicators/01.zip"
printf 'PK' | dd of="$tmp/t/data/indicators/01.zip" bs=1 seek=$((33554432 - 2)) conv=notrunc 2>/dev/null
bagtool rebag "$tmp/t"
tar -C "$tmp" -S -cf "$tmp/sparse.tar" t
run "a sparse 32 MiB zip" env TMPDIR="$tmp/bigtmp" "$dossier" verify "$tmp/sparse.tar" --lang en
expect "a sparse 32 MiB zip: fails" 1
has "a sparse 32 MiB zip: not a zip, said" '^data/indicators/01.zip: malformed: cannot be opened as a zip'
if [ -z "$(ls -A "$tmp/bigtmp")" ]; then ok "sparse: nothing left in TMPDIR"
else not_ok "sparse: left $(ls -A "$tmp/bigtmp")"; fi
rm -rf "$tmp/sparse.tar" "$tmp/bigtmp"
fresh; rm "$tmp/t/data/dossier.pdf"; ln -s /etc/passwd "$tmp/t/data/dossier.pdf"
alike "a symbolic link in data/" "$tmp/t"
jhas "the link: named" data/dossier.pdf malformed "$tmp/out"
fresh; bagtool encrypt-flag "$tmp/t/data/indicators/03.zip" >/dev/null 2>&1 && bagtool rebag "$tmp/t"
run "an encrypted-flag zip" "$dossier" verify "$tmp/t" --format json
cp "$tmp/out" "$tmp/d.json"
pack_as "$tmp/t" "$tmp/x.tar"
run "an encrypted-flag zip: tar" "$dossier" verify "$tmp/x.tar" --format json
has "an encrypted zip: counted, not damage" '"encrypted_zips": 1'

if openssl genpkey -algorithm ed25519 -out "$tmp/key.pem" 2>/dev/null &&
   openssl pkey -in "$tmp/key.pem" -pubout -out "$tmp/pub.pem" 2>/dev/null &&
   openssl genpkey -algorithm ed25519 -out "$tmp/key2.pem" 2>/dev/null &&
   openssl pkey -in "$tmp/key2.pem" -pubout -out "$tmp/pub2.pem" 2>/dev/null; then
    run "pack --sign-key" "$dossier" pack "$m" -o "$tmp/g" --sign-key "$tmp/key.pem"
    alike "signed, --pubkey" "$tmp/g" --pubkey "$tmp/pub.pem"
    has "signed: checked" '"signature": "checked"'
    alike "signed, the wrong key" "$tmp/g" --pubkey "$tmp/pub2.pem"
    alike "signed, no key" "$tmp/g"
else
    skip "signatures" "openssl cannot make Ed25519 keys here"
fi

# ---- a byte patched inside the tar itself ---------------------------------
cp "$tmp/w/b.tar" "$tmp/p.tar"
python3 - "$tmp/p.tar" <<'EOF'
import sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    pos = t.getmember("b/data/findings.xml").offset_data + 100
with open(sys.argv[1], "r+b") as f:
    f.seek(pos); c = f.read(1); f.seek(pos); f.write(bytes([c[0] ^ 1]))
EOF
run "a byte patched in the tar" "$dossier" verify "$tmp/p.tar" --lang en
expect "a byte patched in the tar" 1
has "patched: as the folder names it" '^data/findings.xml: altered: its sha512 differs from manifest-sha512.txt'

# ---- hostile archives -----------------------------------------------------
# hostile NAME MODE: the example's tar with something added (tarfile)
hostile() {
    python3 - "$tmp/w/b.tar" "$tmp/h.tar" "$2" <<'EOF'
import io, shutil, sys, tarfile
src, out, mode = sys.argv[1:4]
shutil.copy(src, out)
def add(t, name, data=b"x", **kw):
    i = tarfile.TarInfo(name); i.size = len(data)
    for k, v in kw.items(): setattr(i, k, v)
    t.addfile(i, io.BytesIO(data) if i.isreg() else None)
if mode == "truncated":
    d = open(src, "rb").read(); open(out, "wb").write(d[: len(d) // 2]); sys.exit(0)
if mode == "tiny":
    with tarfile.open(out, "w") as t:
        for k in range(100000):
            add(t, "b/data/t%06d" % k)
    sys.exit(0)
if mode == "flood":
    with tarfile.open(out, "w") as t:
        for k in range(3000):
            add(t, "../evil%d" % k)
    sys.exit(0)
with tarfile.open(out, "a") as t:
    if mode == "dotdot": add(t, "../x")
    if mode == "inner": add(t, "b/data/../../x")
    if mode == "abs": add(t, "/tmp/dossier-abs-x")
    if mode == "symlink": add(t, "b/data/link", type=tarfile.SYMTYPE, linkname="/etc/passwd")
    if mode == "hardlink": add(t, "b/data/hard", type=tarfile.LNKTYPE, linkname="b/bagit.txt")
    if mode == "fifo": add(t, "b/data/fifo", type=tarfile.FIFOTYPE)
    if mode == "dup": add(t, "b/data/findings.xml", b"not the same")
EOF
    run "$1" "$dossier" verify "$tmp/h.tar" --lang en
}
hostile "entry ../x" dotdot
expect "entry ../x" 1
has "../x: named, not read" '^\.\./x: malformed: an unsafe entry name'
hostile "entry b/data/../../x" inner
expect "entry with .. inside" 1
has "b/data/../../x: named" '^b/data/\.\./\.\./x: malformed: an unsafe entry name'
hostile "an absolute entry" abs
expect "an absolute entry" 1
has "absolute: named" '^/tmp/dossier-abs-x: malformed: an unsafe entry name'
if [ -e /tmp/dossier-abs-x ]; then not_ok "the absolute entry was written"; else ok "the absolute entry was not written"; fi
hostile "a symbolic link entry" symlink
expect "a symbolic link entry" 1
has "symlink: named, not followed" '^data/link: malformed: a symbolic link, not a regular file'
hostile "a hard link entry" hardlink
expect "a hard link entry" 1
has "hard link: named" '^b/data/hard: malformed: a hard link'
hostile "a FIFO entry" fifo
expect "a FIFO entry" 1
has "FIFO: named" '^data/fifo: malformed: .*not a regular file'
hostile "a name twice" dup
expect "a name twice" 1
has "duplicate: named" '^data/findings.xml: malformed: in the archive more than once'
hostile "a truncated tar" truncated
expect "a truncated tar" 1
has "truncated: said" '^b.tar\|^h.tar: malformed: cannot be read as a .zip or .tar archive'
hostile "100000 tiny entries" tiny
expect "100000 tiny entries" 1
has "tiny entries: not a bag" '^bagit.txt: missing'
hostile "3000 unsafe names" flood
expect "3000 unsafe names" 1
has "3000 unsafe names: stops at 1000" '^h.tar: malformed: the archive has 1000 problems of its own'
if [ "$(grep -c 'unsafe entry name' "$tmp/out")" -eq 1000 ]; then ok "3000 unsafe names: 1000 named"
else not_ok "3000 unsafe names: $(grep -c 'unsafe entry name' "$tmp/out") named"; fi
printf 'not an archive at all\n' >"$tmp/junk.zip"
run "not an archive" "$dossier" verify "$tmp/junk.zip" --lang en
expect "not an archive" 1
has "not an archive: said plainly" 'neither a bundle folder nor a .zip or .tar file of one' "$tmp/err"

# ---- nothing unpacked, nothing written ------------------------------------
# snapshot: every file under the working folder and TMPDIR
mkdir "$tmp/cwd" "$tmp/tmpdir"
cp "$tmp/w/b.zip" "$tmp/w/b.tar" "$tmp/cwd/"
snapshot() { find "$tmp/cwd" "$tmp/tmpdir" | LC_ALL=C sort; }
before=$(snapshot)
chmod 0555 "$tmp/tmpdir"
for a in b.zip b.tar; do
    (cd "$tmp/cwd" && TMPDIR=$tmp/tmpdir timeout "$limit" "$dossier" verify "$a" --lang en) \
        >"$tmp/out" 2>"$tmp/err"
    status=$?
    expect "$a with a read-only TMPDIR" 0
done
chmod 0755 "$tmp/tmpdir"
if [ "$(snapshot)" = "$before" ]; then ok "no file appeared in the working folder or TMPDIR"
else not_ok "files appeared: $(snapshot | tr '\n' ' ')"; fi
if strace -f -o "$tmp/trace" -e trace=open,openat,openat2,creat,mkdir,mkdirat,link,linkat,symlink,symlinkat,rename,renameat,renameat2,mknod,mknodat \
       "$dossier" verify "$tmp/w/b.zip" >/dev/null 2>&1 &&
   strace -f -o "$tmp/trace2" -e trace=open,openat,openat2,creat,mkdir,mkdirat,link,linkat,symlink,symlinkat,rename,renameat,renameat2,mknod,mknodat \
       "$dossier" verify "$tmp/w/b.tar" >/dev/null 2>&1; then
    # join the calls strace splits when several threads run
    cat "$tmp/trace" "$tmp/trace2" >"$tmp/traces"
    if grep -E 'O_CREAT|O_WRONLY|O_RDWR|O_TMPFILE|creat\(|mkdir|link\(|linkat|symlink|rename|mknod' "$tmp/traces" |
           grep -v ' = -1 ' >"$tmp/made"; then
        not_ok "strace: something was created or opened for writing: $(snip "$tmp/made")"
    else ok "strace: no file created or opened for writing"; fi
    if grep -q 'b.zip\|b.tar' "$tmp/traces"; then ok "strace saw the archives read"
    else not_ok "strace saw nothing"; fi
else
    skip "strace" "strace cannot trace here"
fi

# ---- --report ---------------------------------------------------------------
xsd=$src/templates/schemas/verify-report.xsd
mkdir "$tmp/r"
run "--report xml" "$dossier" verify "$tmp/w/b.tar" --report "$tmp/r/ok.xml"
expect "--report xml" 0
if xmllint --noout --schema "$xsd" "$tmp/r/ok.xml" >"$tmp/v" 2>&1; then ok "the XML report validates"
else not_ok "the XML report: $(snip "$tmp/v")"; fi
has "xml: ok" 'ok="true"' "$tmp/r/ok.xml"
has "xml: the bundle id" '<bundle path="[^"]*b.tar" id="spbe-2020-2024-[0-9a-f]\{16\}"/>' "$tmp/r/ok.xml"
run "--report json, a folder" "$dossier" verify "$b" --report "$tmp/r/ok.json"
expect "--report json, a folder" 0
if python3 - "$tmp/r/ok.json" >"$tmp/v" 2>&1 <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
for k in ("ok", "problems", "bundle", "bundle_id", "checked_at", "tool_version",
          "files", "bytes", "zips", "entries", "encrypted_zips", "signature"):
    assert k in r, k
assert r["ok"] is True and r["problems"] == [] and r["files"] == 49, r
assert r["bundle_id"].startswith("spbe-2020-2024-"), r["bundle_id"]
EOF
then ok "the JSON report parses and has the keys"; else not_ok "the JSON report: $(snip "$tmp/v")"; fi
run "--report of a damaged bundle" "$dossier" verify "$tmp/p.tar" --report "$tmp/r/bad.xml" --lang en
expect "--report of a damaged bundle: exit unchanged" 1
has "damaged: the problem still printed" '^data/findings.xml: altered'
has "damaged: the report says ok=false" 'ok="false"' "$tmp/r/bad.xml"
has "damaged: the report names the problem" '<problem kind="altered" severity="error" path="data/findings.xml">' "$tmp/r/bad.xml"
if xmllint --noout --schema "$xsd" "$tmp/r/bad.xml" >"$tmp/v" 2>&1; then ok "the damaged report validates"
else not_ok "the damaged report: $(snip "$tmp/v")"; fi
run "--report json of a damaged bundle" "$dossier" verify "$tmp/p.tar" --report "$tmp/r/bad.json"
expect "--report json of a damaged bundle" 1
if python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); assert r["ok"] is False and r["problems"]' \
       "$tmp/r/bad.json" 2>/dev/null; then ok "damaged JSON report: ok false"
else not_ok "damaged JSON report"; fi
run "--report .txt" "$dossier" verify "$b" --report "$tmp/r/x.txt" --lang en
expect "--report .txt" 2
has "--report .txt: says why" ".xml or .json" "$tmp/err"
if [ -e "$tmp/r/x.txt" ]; then not_ok "a .txt report was written"; else ok "no .txt report written"; fi
run "--report inside the bundle" "$dossier" verify "$b" --report "$b/report.xml" --lang en
expect "--report inside the bundle" 2
if [ -e "$b/report.xml" ]; then not_ok "a report was written into the bundle"; else ok "nothing written into the bundle"; fi

# r22-report: a warning (a tag file no tag manifest lists) leaves "ok"
# true in --format json and in both reports, with its severity; a name
# that is not UTF-8 gives valid JSON and XML that validates.
# jcheck NAME FILE OK PATH KIND SEVERITY: the JSON FILE parses, its "ok"
# is OK (True/False), it has the problem PATH of KIND and SEVERITY
jcheck() {
    if python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] is (sys.argv[2] == "True"), r["ok"]
assert any(p["path"] == sys.argv[3] and p["kind"] == sys.argv[4] and
           p["severity"] == sys.argv[5] for p in r["problems"]), r["problems"]
' "$2" "$3" "$4" "$5" "$6" >"$tmp/v" 2>&1
    then ok "$1"; else not_ok "$1: $(snip "$tmp/v")"; fi
}
# xcheck NAME FILE: the XML report FILE validates
xcheck() {
    if xmllint --noout --schema "$xsd" "$2" >"$tmp/v" 2>&1; then ok "$1"
    else not_ok "$1: $(snip "$tmp/v")"; fi
}
cp -R "$b" "$tmp/w/tag"
echo note >"$tmp/w/tag/notes.txt"
run "a stray tag file: json" "$dossier" verify "$tmp/w/tag" --format json
expect "a stray tag file: json" 0
cp "$tmp/out" "$tmp/tag-out.json"
jcheck "a stray tag file: --format json says ok, a warning" "$tmp/tag-out.json" True notes.txt extra warning
run "a stray tag file: xml report" "$dossier" verify "$tmp/w/tag" --report "$tmp/r/tag.xml"
expect "a stray tag file: xml report" 0
xcheck "a stray tag file: the XML report validates" "$tmp/r/tag.xml"
has "a stray tag file: xml ok" 'ok="true"' "$tmp/r/tag.xml"
has "a stray tag file: xml warning" '<problem kind="extra" severity="warning" path="notes.txt">' "$tmp/r/tag.xml"
run "a stray tag file: json report" "$dossier" verify "$tmp/w/tag" --report "$tmp/r/tag.json"
expect "a stray tag file: json report" 0
jcheck "a stray tag file: the JSON report says ok, a warning" "$tmp/r/tag.json" True notes.txt extra warning
cp -R "$b" "$tmp/w/nu"
printf x >"$tmp/w/nu/data/$(printf 'a\377.txt')"
run "a name not UTF-8: json" "$dossier" verify "$tmp/w/nu" --format json
expect "a name not UTF-8: json" 1
cp "$tmp/out" "$tmp/nu-out.json"
jcheck "a name not UTF-8: --format json is valid" "$tmp/nu-out.json" False 'data/a\xFF.txt' extra error
run "a name not UTF-8: xml report" "$dossier" verify "$tmp/w/nu" --report "$tmp/r/nu.xml"
expect "a name not UTF-8: xml report" 1
xcheck "a name not UTF-8: the XML report validates" "$tmp/r/nu.xml"
has "a name not UTF-8: xml names it escaped" 'severity="error" path="data/a\\xFF.txt"' "$tmp/r/nu.xml"
run "a name not UTF-8: json report" "$dossier" verify "$tmp/w/nu" --report "$tmp/r/nu.json"
expect "a name not UTF-8: json report" 1
jcheck "a name not UTF-8: the JSON report is valid" "$tmp/r/nu.json" False 'data/a\xFF.txt' extra error

ls "$tmp/r" >"$tmp/ls"
lacks "no temporary left beside the reports" 'tmp' "$tmp/ls"

finish

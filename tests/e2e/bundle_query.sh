#!/bin/sh
# bundle_query.sh -- dossier show, extract and find on packs of both
# examples: show at a glance and per indicator (text and JSON), extract
# gives the original evidence byte for byte, find by title, file name
# and SHA-256 prefix (exit 1 when nothing is found); a workspace or a
# folder that is no bundle, and an indicator the bundle lacks, are named
# plainly.  Hostile zips (an entry "../evil", an absolute path, a
# symbolic link, an entry larger than declared, a changed entry, a zip
# whose checksum differs from the bag's manifest, an encrypted zip) are
# refused by extract with exit 1, the output folder never made and
# nothing written outside it.
# usage: bundle_query.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000
limit=120
ex=$src/templates/example
pe=$src/templates/example-pemdi
bagtool=$src/tests/e2e/bagtool.py
doc=05-kebijakan-pusat-data/peraturan-bupati-23-2023-pusat-data.pdf
sop=05-kebijakan-pusat-data/sop-pemanfaatan-pusat-data.docx

run "pack the example" "$dossier" pack "$ex/manifest.xml" -o "$tmp/b"
expect "pack the example" 0
b=$tmp/b

# ---- show ------------------------------------------------------------------
run "show" "$dossier" show "$b"
expect "show" 0
has "show: the instance" "Pemerintah Kabupaten Sukamaju"
has "show: the bundle id" "spbe-2020-2024-[0-9a-f]\{16\}"
has "show: unsigned" "Bertanda tangan: *tidak"
has "show: the index per stage" "^  dokumen  *[0-9],[0-9][0-9] "
has "show: one line per indicator, claimed / counted, files" \
    "^5  *Tingkat Kematangan.*3 / 3  *2 "
run "show --lang en" "$dossier" show "$b" --lang en
expect "show --lang en" 0
has "show --lang en: English labels" "^Signed: *no"
run "show INDICATOR" "$dossier" show "$b" 5
expect "show INDICATOR" 0
has "show INDICATOR: the title" "Peraturan Bupati Sukamaju Nomor 23 Tahun 2023"
has "show INDICATOR: the file, level, date" \
    "berkas peraturan-bupati-23-2023-pusat-data.pdf, tingkat 2, bertanggal 2023-07-03"
sha=$(sha256sum "$ex/bukti/$doc" | cut -d' ' -f1)
has "show INDICATOR: the SHA-256" "SHA-256 $sha"
has "show INDICATOR: where its zip is" "data/indicators/05.zip"
run "show INDICATOR --format json" "$dossier" show "$b" 5 --format json
expect "show INDICATOR --format json" 0
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
e = d["evidence"][0]
assert d["id"] == "5" and d["zip"] == "data/indicators/05.zip"
assert d["assessments"][0]["stage"] == "mandiri"
assert e["sha256"] == sys.argv[2] and e["size"] == 4036 and e["date"] == "2023-07-03"
' "$tmp/out" "$sha" 2>"$tmp/py"; then ok "show INDICATOR --format json: its keys"
else not_ok "show INDICATOR --format json: $(snip "$tmp/py")"; fi
run "show --format json" "$dossier" show "$b" --format json
expect "show --format json" 0
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["framework"] == "spbe-2020" and d["signed"] is False
assert len(d["indicators"]) == 47 and d["stages"][0]["stage"] == "mandiri"
i = [x for x in d["indicators"] if x["id"] == "5"][0]
assert i["files"] == 2 and i["bytes"] == 4036 + 2611 and i["claimed"] == 3
' "$tmp/out" 2>"$tmp/py"; then ok "show --format json: its keys"
else not_ok "show --format json: $(snip "$tmp/py")"; fi
run "show: no such indicator" "$dossier" show "$b" 99
expect "show: no such indicator" 2
has "show: no such indicator: how to list them" "dossier show .*tmp.*/b" "$tmp/err"
run "show: a workspace" "$dossier" show "$ex"
expect "show: a workspace" 1
has "show: a workspace is named so" "folder kerja" "$tmp/err"
mkdir "$tmp/empty"
run "show: not a bundle" "$dossier" show "$tmp/empty"
expect "show: not a bundle" 1
has "show: not a bundle is named so" "bagit.txt" "$tmp/err"

# a hostile bundle: a link where a zip or the manifest should be
rm -rf "$tmp/l" && cp -r "$b" "$tmp/l"
rm "$tmp/l/data/indicators/05.zip"
ln -s "$b/data/indicators/05.zip" "$tmp/l/data/indicators/05.zip"
run "show: a link for a zip" "$dossier" show "$tmp/l"
expect "show: a link for a zip" 0
has "show: a link for a zip is not read" "^5  .* ? *rusak"
has "show: a link for a zip: verify named" "dossier verify" "$tmp/err"
run "find: a link for a zip is not searched" "$dossier" find "$tmp/l" "$sop"
expect "find: a link for a zip is not searched" 1
rm "$tmp/l/data/manifest.xml"
ln -s "$b/data/manifest.xml" "$tmp/l/data/manifest.xml"
run "show: a link for the manifest" "$dossier" show "$tmp/l"
expect "show: a link for the manifest" 1
has "show: a link for the manifest is named" "manifest.xml" "$tmp/err"

# ---- find ------------------------------------------------------------------
run "find by title" "$dossier" find "$b" "penyelenggaraan PUSAT data"
expect "find by title" 0
has "find by title: the document" "^5: Peraturan Bupati Sukamaju"
has "find by title: its SHA-256" "SHA-256 $sha"
run "find by file name" "$dossier" find "$b" "SOP-PEMANFAATAN"
expect "find by file name" 0
has "find by file name: the file" "$sop"
run "find by hash prefix" "$dossier" find "$b" "$(echo "$sha" | cut -c1-8)"
expect "find by hash prefix" 0
has "find by hash prefix: the document" "$doc"
if [ "$(grep -c '^    SHA-256' "$tmp/out")" -eq 1 ]; then ok "find by hash prefix: one hit"
else not_ok "find by hash prefix: $(grep -c '^    SHA-256' "$tmp/out") hits"; fi
run "find --format json" "$dossier" find "$b" "$(echo "$sha" | cut -c1-6)" --format json
expect "find --format json" 0
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["by"] == "sha256" and d["hits"][0]["sha256"] == sys.argv[2]
assert d["hits"][0]["indicator"] == "5"
' "$tmp/out" "$sha" 2>"$tmp/py"; then ok "find --format json: its keys"
else not_ok "find --format json: $(snip "$tmp/py")"; fi
run "find: nothing found" "$dossier" find "$b" "no-such-document-anywhere"
expect "find: nothing found" 1
run "find: a short hex string is text" "$dossier" find "$b" "dbe49"
expect "find: a short hex string is text" 1

# ---- extract ---------------------------------------------------------------
run "extract" "$dossier" extract "$b" 5 -o "$tmp/x/out"
expect "extract" 0
if cmp -s "$tmp/x/out/peraturan-bupati-23-2023-pusat-data.pdf" "$ex/bukti/$doc" &&
    cmp -s "$tmp/x/out/sop-pemanfaatan-pusat-data.docx" "$ex/bukti/$sop"; then
    ok "extract: byte-equal to the original evidence"
else not_ok "extract: not the original evidence"; fi
mode=$(stat -c %a "$tmp/x/out/peraturan-bupati-23-2023-pusat-data.pdf")
if [ "$mode" = 644 ]; then ok "extract: mode 0644"; else not_ok "extract: mode $mode"; fi
if [ "$(find "$tmp/x/out" | wc -l)" -eq 3 ]; then ok "extract: nothing else written"
else not_ok "extract: $(find "$tmp/x/out" | tr '\n' ' ')"; fi
run "extract: an existing file is never replaced" \
    "$dossier" extract "$b" 5 -o "$tmp/x/out"
expect "extract: an existing file is never replaced" 2
run "extract: an unknown indicator" "$dossier" extract "$b" 99 -o "$tmp/x/o2"
expect "extract: an unknown indicator" 2
run "extract: -o is required" "$dossier" extract "$b" 5
expect "extract: -o is required" 2

# hostile: each a copy of the bundle with one zip made evil; the bag's
# checksums recomputed (rebag) so that the zip's own check is what refuses
hostile() { # NAME SETUP... : extract must refuse, write nothing
    hname=$1
    shift
    rm -rf "$tmp/h" "$tmp/hx"
    cp -r "$b" "$tmp/h"
    "$@" >/dev/null 2>&1
    run "extract refuses $hname" "$dossier" extract "$tmp/h" 5 -o "$tmp/hx/out"
    expect "extract refuses $hname" 1
    if [ -e "$tmp/hx" ]; then not_ok "extract refuses $hname: the output folder was made"
    else ok "extract refuses $hname: nothing written"; fi
    if [ -n "$(find "$tmp" -name 'evil*' ! -path "$tmp/h/*" 2>/dev/null)" ]; then
        not_ok "extract refuses $hname: an evil file outside the bundle"
    else ok "extract refuses $hname: nothing outside"; fi
}
z=$tmp/h/data/indicators/05.zip
if command -v python3 >/dev/null 2>&1; then
    for mode in dotdot inner abs backslash drive symlink dir; do
        hostile "an entry ($mode)" sh -c \
            "python3 '$bagtool' evil-zip '$z' $mode && python3 '$bagtool' rebag '$tmp/h'"
    done
    hostile "an entry larger than declared" sh -c \
        "python3 '$bagtool' bomb '$z' small && python3 '$bagtool' rebag '$tmp/h'"
    hostile "a changed entry" sh -c \
        "python3 '$bagtool' replace-entry '$z' peraturan-bupati-23-2023-pusat-data.pdf &&
         python3 '$bagtool' rebag '$tmp/h'"
    hostile "an encrypted index.xml among plain entries" sh -c \
        "python3 '$bagtool' encrypt-flag '$z' && python3 '$bagtool' rebag '$tmp/h'"
else
    skip "extract refuses hostile zips" "no python3"
fi
# the zip's bytes are fine, but not what the bag's manifest records
hostile "a zip whose checksum differs from the bag's" sh -c \
    "sed -i 's/^[0-9a-f]\\{10\\}\\(.*data\\/indicators\\/05.zip\\)\$/0000000000\\1/' \
        '$tmp/h/manifest-sha512.txt'"
has "extract: the checksum is named" "sha512" "$tmp/err"
hostile "a damaged zip" sh -c "printf 'XXXX' | dd of='$z' bs=1 seek=200 conv=notrunc"

# data/indicators a symbolic link: named as dossier's rule, not diff's
rm -rf "$tmp/h" && cp -r "$b" "$tmp/h" && mv "$tmp/h/data/indicators" "$tmp/h/zz" &&
    ln -s ../zz "$tmp/h/data/indicators"
run "show: data/indicators a link" "$dossier" show "$tmp/h"
has "show: data/indicators a link: dossier named" "diikuti program dossier" "$tmp/err"
run "extract: data/indicators a link" "$dossier" extract "$tmp/h" 5 -o "$tmp/hx/out"
has "extract: data/indicators a link: dossier named" "diikuti program dossier" "$tmp/err"
if [ -e "$tmp/hx" ]; then not_ok "extract: data/indicators a link: the output folder was made"
else ok "extract: data/indicators a link: nothing written"; fi
# issue 22 fixes: index.xml names that clash (a file and a folder of the
# same name, either order), an entry data/manifest.xml does not give, an
# empty index.xml, a wrong line in a sha1/md5 payload manifest
# zipedit.py ZIP MODE: rewrite the zip and its index.xml
cat >"$tmp/zipedit.py" <<'PYEOF'
import io, re, sys, zipfile
path, mode = sys.argv[1], sys.argv[2]
src = zipfile.ZipFile(path)
infos = src.infolist()
data = {i.filename: src.read(i) for i in infos}
idx = data["index.xml"].decode("utf-8")
names = [i.filename for i in infos if i.filename != "index.xml"]
ren = {}
if mode == "folder-after":     # "a", then "a/b"
    ren[names[1]] = names[0] + "/b.docx"
elif mode == "folder-before":  # "a/b", then "a"
    ren[names[0]] = names[1] + "/b.pdf"
elif mode == "unlisted":       # an entry data/manifest.xml does not give
    idx = re.sub(r'file="([^"]*pusat-data\.pdf)"', 'file="lain/tambahan.pdf"', idx)
elif mode == "empty":          # index.xml lists nothing, the zip holds nothing
    idx = re.sub(r"(?s)<entry .*</entry>\s*", "", idx)
    data = {"index.xml": b""}
for old, new in ren.items():
    idx = idx.replace('name="%s"' % old, 'name="%s"' % new)
out = io.BytesIO()
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
    for i in infos:
        if i.filename not in data:
            continue
        body = idx.encode("utf-8") if i.filename == "index.xml" else data[i.filename]
        dst.writestr(ren.get(i.filename, i.filename), body)
open(path, "wb").write(out.getvalue())
PYEOF
if command -v python3 >/dev/null 2>&1; then
    for mode in folder-after folder-before unlisted empty; do
        hostile "index.xml: $mode" sh -c \
            "python3 '$tmp/zipedit.py' '$z' $mode && python3 '$bagtool' rebag '$tmp/h'"
        case $mode in folder-*) has "extract: $mode: the clash is named" \
            "berkas dan folder" "$tmp/err" ;; esac
    done
    hostile "a wrong line in manifest-md5.txt" sh -c \
        ": >'$tmp/h/manifest-md5.txt' && python3 '$bagtool' rebag '$tmp/h' &&
         sed -i 's/^[0-9a-f]\\{10\\}\\(.*data\\/indicators\\/05.zip\\)\$/0000000000\\1/' \
            '$tmp/h/manifest-md5.txt'"
    has "extract: the md5 manifest is named" "md5" "$tmp/err"
fi

# an encrypted bundle: show says so, extract refuses and says what opens it
printf 'kata sandi rahasia\n' >"$tmp/pass"
run "pack encrypted" "$dossier" pack "$ex/manifest.xml" -o "$tmp/e" --passphrase-file "$tmp/pass"
expect "pack encrypted" 0
run "show an encrypted indicator" "$dossier" show "$tmp/e" 5
expect "show an encrypted indicator" 0
has "show an encrypted indicator: says so" "terenkripsi.*7-Zip"
run "extract an encrypted zip" "$dossier" extract "$tmp/e" 5 -o "$tmp/ex"
expect "extract an encrypted zip" 1
has "extract an encrypted zip: what opens it" "7-Zip" "$tmp/err"
if [ -e "$tmp/ex" ]; then not_ok "extract an encrypted zip: the folder was made"
else ok "extract an encrypted zip: nothing written"; fi
run "find in an encrypted bundle" "$dossier" find "$tmp/e" "pusat data"
expect "find in an encrypted bundle: nothing found" 1
has "find in an encrypted bundle: the zips not searched" "terenkripsi" "$tmp/err"

# ---- the Pemdi example -----------------------------------------------------
run "pack the Pemdi example" "$dossier" pack "$pe/manifest.xml" -o "$tmp/p"
expect "pack the Pemdi example" 0
run "show a Pemdi bundle" "$dossier" show "$tmp/p"
expect "show a Pemdi bundle" 0
has "show a Pemdi bundle: item verdicts counted" "3 diterima, 1 revisi"
has "show a Pemdi bundle: a value indicator's value" "^2  .* 2 / 1,50 "
run "show a Pemdi indicator by its code" "$dossier" show "$tmp/p" 1.1
expect "show a Pemdi indicator by its code" 0
has "show a Pemdi indicator: its verdicts" "I1-L2-02 *revisi (tidak-tepat)"
run "extract a Pemdi indicator" "$dossier" extract "$tmp/p" 1.1 -o "$tmp/px"
expect "extract a Pemdi indicator" 0
n=$(find "$tmp/px" -type f | wc -l)
if [ "$n" -eq 5 ]; then ok "extract a Pemdi indicator: its 5 files"
else not_ok "extract a Pemdi indicator: $n files"; fi
finish

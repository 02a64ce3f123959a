#!/bin/sh
# check_bad_input.sh -- dossier check on a corpus of bad input: each case
# gives its exact finding code and exit status, fast, with nothing printed
# by libxml2, and nothing outside the evidence root is ever opened.
# usage: check_bad_input.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
limit=60

# a file outside the evidence root that no case may open; its name is
# unique so that any open of it shows in a trace, however it is reached
secret_name="dossier-e2e-secret.txt"
secret=$tmp/$secret_name
echo "rahasia" >"$secret"
have_strace=no
if command -v strace >/dev/null 2>&1 && strace -f -y -o /dev/null true 2>/dev/null; then
    have_strace=yes
fi

# manifest DIR [INDICATOR-XML]: a manifest in DIR/m.xml, root DIR/bukti
manifest() {
    mkdir -p "$1/bukti"
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">'
        echo '  <instance name="Kabupaten Uji"/>'
        echo '  <period from="2023-01-01" to="2024-06-30"/>'
        echo '  <evidence-root path="bukti"/>'
        printf "  %s\n" "${2:-}"
        echo '</dossier>'
    } >"$1/m.xml"
}

# pdf FILE: a small file that starts like a PDF
pdf() { printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 1 1] >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >"$1"; }

# evidence FILE [ATTRS] [LEVEL]: indicator 1 with one evidence entry
evidence() {
    printf "%s\n" "<indicator id=\"1\"><assessment stage=\"mandiri\" level=\"2\">x</assessment><evidence file=\"$1\" level=\"${3:-2}\" ${2:-}>t</evidence></indicator>"
}

# check NAME DIR CODE [STATUS]: run check --format json on DIR/m.xml; the
# exit status (1 unless given), the finding, no hang, nothing on stderr
check() {
    run "$1" "$dossier" check --format json "$2/m.xml"
    if [ "$status" -ne 124 ] && [ "$status" -ne 137 ]; then
        ok "$1: finished within $limit s"
    fi
    expect "$1" "${4:-1}"
    code "$1" "$3"
    quiet "$1"
}

# not_opened NAME DIR: under strace, the secret file is never opened, by
# its own path or by any path that leads to it (strace -y names the file
# behind every descriptor an open returns); stat, lstat and readlink of it
# are allowed, and so is an open that fails (openat2 refusing a link on
# the way names the path it refused)
not_opened() {
    if [ "$have_strace" = no ]; then
        skip "$1: secret never opened" "strace cannot trace here"
        return
    fi
    timeout -k 2 "$limit" strace -f -y -e trace=open,openat,openat2,creat \
        -o "$tmp/trace" "$dossier" check --format json "$2/m.xml" \
        >/dev/null 2>&1
    # a call another thread interrupts is split into "<unfinished ...>"
    # and "<... openat2 resumed>" lines: join them, so that each call is
    # one line with its result (on a busy machine more calls are split)
    python3 -c '
import re, sys
pending = {}
for line in open(sys.argv[1], errors="replace"):
    line = line.rstrip("\n")
    pid = line.split(" ", 1)[0]
    if line.endswith("<unfinished ...>"):
        pending[pid] = line[: -len("<unfinished ...>")]
        continue
    m = re.match(r"(\S+) +<\.\.\. \S+ resumed>(.*)", line)
    if m and m.group(1) in pending:
        line = pending.pop(m.group(1)) + m.group(2)
    print(line)
for rest in pending.values():
    print(rest)
' "$tmp/trace" >"$tmp/calls"
    if ! grep -q 'm\.xml' "$tmp/calls"; then
        not_ok "$1: the trace does not show the manifest being opened"
    elif grep -F "$secret_name" "$tmp/calls" | grep -v ' = -1 E' >"$tmp/opened"; then
        not_ok "$1: $secret_name was opened: $(snip "$tmp/opened")"
    else
        ok "$1: $secret_name never opened"
    fi
}

# --- the manifest itself

d=$tmp/malformed; mkdir -p "$d"; echo '<dossier><a></dossier>' >"$d/m.xml"
check "malformed XML" "$d" xml-malformed
has "malformed XML names line 1" '"line": 1'

d=$tmp/schema; manifest "$d" '<bogus/>'
check "schema violation: unknown element" "$d" schema-invalid
d=$tmp/noinstance; manifest "$d"; sed -i '/<instance/d' "$d/m.xml"
check "schema violation: missing instance" "$d" schema-invalid
d=$tmp/order; manifest "$d"
sed -i -e '/<instance/d' -e 's|\(<evidence-root .*/>\)|\1<instance name="x"/>|' "$d/m.xml"
check "schema violation: elements out of order" "$d" schema-invalid

d=$tmp/framework; manifest "$d"; sed -i 's/spbe-2020/spbe-1999/' "$d/m.xml"
check "unknown framework" "$d" framework-unknown
d=$tmp/framework-path; manifest "$d"
sed -i 's|spbe-2020|../../../../etc/passwd|' "$d/m.xml"
check "framework named by a path" "$d" framework-unknown

d=$tmp/dup; manifest "$d" '<indicator id="3"/><indicator id="3"/>'
check "duplicate indicator ids" "$d" indicator-duplicate

for lv in 0 6; do
    d=$tmp/level$lv
    manifest "$d" "<indicator id=\"2\"><assessment stage=\"mandiri\" level=\"$lv\"/></indicator>"
    check "assessment level $lv" "$d" level-range
done
d=$tmp/evlevel; manifest "$d" "$(evidence a.pdf '' 6)"; pdf "$d/bukti/a.pdf"
check "evidence level 6" "$d" level-range

d=$tmp/date; manifest "$d" "$(evidence a.pdf 'date="2023-02-30"')"; pdf "$d/bukti/a.pdf"
check "evidence date 2023-02-30" "$d" date-invalid
d=$tmp/perioddate; manifest "$d"; sed -i 's/from="2023-01-01"/from="2023-02-30"/' "$d/m.xml"
check "period date 2023-02-30" "$d" date-invalid

run "missing manifest" "$dossier" check --format json "$tmp/nowhere/m.xml"
expect "missing manifest" 1
code "missing manifest" manifest-unreadable
quiet "missing manifest"

d=$tmp/manifest-dir; mkdir -p "$d/m.xml"
check "manifest is a directory" "$d" manifest-unreadable
d=$tmp/manifest-fifo; mkdir -p "$d"; mkfifo "$d/m.xml"
check "manifest is a FIFO (must not hang)" "$d" manifest-unreadable
d=$tmp/manifest-big; mkdir -p "$d"
dd if=/dev/null of="$d/m.xml" bs=1 seek=70000000 2>/dev/null
check "manifest over 64 MiB" "$d" manifest-too-large

# --- evidence paths

d=$tmp/traversal; manifest "$d" "$(evidence "../$secret_name")"
cp "$secret" "$d/$secret_name"
check "../ traversal" "$d" path-escapes
lacks "../ traversal: file not read" '"code": "type-'
not_opened "../ traversal" "$d"

d=$tmp/traversal2; manifest "$d" "$(evidence "../../$secret_name")"
check "../../ traversal" "$d" path-escapes
not_opened "../../ traversal" "$d"

d=$tmp/absolute; manifest "$d" "$(evidence "$secret")"
check "absolute path" "$d" path-absolute
not_opened "absolute path" "$d"
d=$tmp/passwd; manifest "$d" "$(evidence /etc/passwd)"
check "absolute path /etc/passwd" "$d" path-absolute

# --- symbolic links are never followed, whichever way files are opened:
# openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), or the openat() walk
# with O_NOFOLLOW on every component (DOSSIER_NO_OPENAT2=1)
for walk in '' 1; do
    DOSSIER_NO_OPENAT2=$walk
    export DOSSIER_NO_OPENAT2
    w=${walk:+ (walk)}

    d=$tmp/symlink$walk; manifest "$d" "$(evidence link.pdf)"; ln -s "$secret" "$d/bukti/link.pdf"
    check "symlink out of the root$w" "$d" path-link
    not_opened "symlink out of the root$w" "$d"

    d=$tmp/symlinkrel$walk; manifest "$d" "$(evidence link.pdf)"
    ln -s "../../$secret_name" "$d/bukti/link.pdf"
    check "relative symlink out of the root$w" "$d" path-link
    not_opened "relative symlink out of the root$w" "$d"

    d=$tmp/dirlink$walk; manifest "$d" "$(evidence "luar/$secret_name")"; ln -s "$tmp" "$d/bukti/luar"
    check "symlinked folder out of the root$w" "$d" path-link
    not_opened "symlinked folder out of the root$w" "$d"

    d=$tmp/deeplink$walk; manifest "$d" "$(evidence "a/b/luar/$secret_name")"
    mkdir -p "$d/bukti/a/b"; ln -s "$tmp" "$d/bukti/a/b/luar"
    check "symlinked folder deep in the root$w" "$d" path-link
    not_opened "symlinked folder deep in the root$w" "$d"

    d=$tmp/symlinkin$walk; manifest "$d" "$(evidence link.pdf)"; pdf "$d/bukti/real.pdf"
    ln -s real.pdf "$d/bukti/link.pdf"
    check "symlinked file inside the root$w" "$d" path-link

    d=$tmp/dirlinkin$walk; manifest "$d" "$(evidence lain/a.pdf)"
    mkdir "$d/bukti/sub"; pdf "$d/bukti/sub/a.pdf"; ln -s sub "$d/bukti/lain"
    check "symlinked folder inside the root$w" "$d" path-link

    d=$tmp/dangling$walk; manifest "$d" "$(evidence putus.pdf)"; ln -s tidak-ada.pdf "$d/bukti/putus.pdf"
    check "dangling symlink$w" "$d" path-link

    d=$tmp/plain$walk; manifest "$d" "$(evidence sub/./a.pdf)"
    mkdir "$d/bukti/sub"; pdf "$d/bukti/sub/a.pdf"
    run "a plain file$w" "$dossier" check --format json "$d/m.xml"
    expect "a plain file$w" 0
done
unset DOSSIER_NO_OPENAT2

# both ways are really taken: openat2() by default, the walk when asked
if [ "$have_strace" = yes ]; then
    strace -f -e trace=openat,openat2 -o "$tmp/trace2" \
        "$dossier" check --format json "$tmp/plain/m.xml" >/dev/null 2>&1
    DOSSIER_NO_OPENAT2=1 strace -f -e trace=openat,openat2 -o "$tmp/trace1" \
        "$dossier" check --format json "$tmp/plain1/m.xml" >/dev/null 2>&1
    if grep -q 'openat2(.*"sub/a\.pdf".*RESOLVE_BENEATH' "$tmp/trace2" ||
       grep -q 'openat2(.*ENOSYS' "$tmp/trace2"; then
        ok "evidence opened with openat2 and RESOLVE_BENEATH"
    else not_ok "no openat2 with RESOLVE_BENEATH: $(snip "$tmp/trace2")"; fi
    if grep -q 'openat2(' "$tmp/trace1"; then
        not_ok "DOSSIER_NO_OPENAT2 still calls openat2"
    elif grep -q 'openat(.*"sub", .*O_NOFOLLOW' "$tmp/trace1" &&
         grep -q 'openat(.*"a\.pdf", .*O_NOFOLLOW' "$tmp/trace1"; then
        ok "DOSSIER_NO_OPENAT2: one openat with O_NOFOLLOW per component"
    else not_ok "the walk is not component by component: $(snip "$tmp/trace1")"; fi
else
    skip "openat2 and the walk both taken" "strace cannot trace here"
fi

# --- the evidence root lies inside the manifest's folder, unless named
# on the command line
mkdir -p "$tmp/elsewhere"; cp "$secret" "$tmp/elsewhere/"
rootcase() {
    manifest "$1" "$(evidence "$secret_name")"
    sed -i "s|<evidence-root path=\"bukti\"/>|<evidence-root path=\"$2\"/>|" "$1/m.xml"
}
d=$tmp/rootup; rootcase "$d" "../elsewhere"
check "evidence root by ../" "$d" evidence-root-outside
not_opened "evidence root by ../" "$d"
d=$tmp/rootabs; rootcase "$d" "$tmp/elsewhere"
check "absolute evidence root elsewhere" "$d" evidence-root-outside
not_opened "absolute evidence root elsewhere" "$d"
d=$tmp/rootlink; rootcase "$d" "bukti/luar"; ln -s "$tmp/elsewhere" "$d/bukti/luar"
check "evidence root through a link" "$d" evidence-root-outside
not_opened "evidence root through a link" "$d"
run "evidence root outside, English" "$dossier" check --lang en "$d/m.xml"
has "evidence root outside says what to do" "name it on the command line with --evidence-root DIR"
d=$tmp/rootin; rootcase "$d" "bukti/dalam"; mkdir -p "$d/bukti/sub"
ln -s sub "$d/bukti/dalam"; pdf "$d/bukti/sub/$secret_name"
run "evidence root linked inside" "$dossier" check --format json "$d/m.xml"
lacks "evidence root linked inside is inside" '"code": "evidence-root-'
# --evidence-root names a root anywhere, and the manifest's is ignored
d=$tmp/rootopt; rootcase "$d" "/"; pdf "$tmp/elsewhere/a.pdf"
sed -i "s|file=\"$secret_name\"|file=\"a.pdf\"|" "$d/m.xml"
run "--evidence-root" "$dossier" check --format json --evidence-root "$tmp/elsewhere" "$d/m.xml"
expect "--evidence-root" 0
lacks "--evidence-root: the manifest's root is ignored" '"code": "evidence-root-'
for cmd in check score render pack; do
    "$dossier" help --lang en "$cmd" >"$tmp/help" 2>&1
    if grep -q -- '--evidence-root DIR' "$tmp/help"; then ok "help $cmd names --evidence-root"
    else not_ok "help $cmd lacks --evidence-root"; fi
done

d=$tmp/dotdotin; manifest "$d" "$(evidence sub/../a.pdf)"
mkdir "$d/bukti/sub"; pdf "$d/bukti/a.pdf"
run "../ that stays inside the root" "$dossier" check --format json "$d/m.xml"
expect "../ that stays inside the root" 0
lacks "../ that stays inside the root is fine" '"code": "path-escapes"'

d=$tmp/backslash; manifest "$d" "$(evidence 'sub\a.pdf')"
check "backslash in path" "$d" path-not-portable
run "backslash in path, English" "$dossier" check --lang en "$d/m.xml"
has "backslash: rename it" "rename the file or folder"
d=$tmp/drive; manifest "$d" "$(evidence 'C:/a.pdf')"
mkdir -p "$d/bukti/C:"; pdf "$d/bukti/C:/a.pdf"
check "drive letter in path" "$d" path-not-portable
d=$tmp/drive2; manifest "$d" "$(evidence 'sub/c:a.pdf')"
mkdir -p "$d/bukti/sub"; pdf "$d/bukti/sub/c:a.pdf"
check "drive letter in a file name" "$d" path-not-portable

# --- what the path names

d=$tmp/fifo; manifest "$d" "$(evidence pipe.pdf)"; mkfifo "$d/bukti/pipe.pdf"
check "FIFO (must not hang)" "$d" file-not-regular

d=$tmp/dir; manifest "$d" "$(evidence folder.pdf)"; mkdir "$d/bukti/folder.pdf"
check "directory" "$d" file-not-regular

d=$tmp/missing; manifest "$d" "$(evidence hilang.pdf)"
check "missing file" "$d" file-missing

# --- content

zeros=0000000000000000000000000000000000000000000000000000000000000000
d=$tmp/sha; manifest "$d" "$(evidence a.pdf "sha256=\"$zeros\"")"; pdf "$d/bukti/a.pdf"
check "wrong sha256" "$d" sha256-mismatch

d=$tmp/exe; manifest "$d" "$(evidence program.pdf)"; cp /bin/true "$d/bukti/program.pdf"
check "executable renamed to .pdf" "$d" type-executable

d=$tmp/script; manifest "$d" "$(evidence run.pdf)"
printf '#!/bin/sh\nrm -rf /\n' >"$d/bukti/run.pdf"
check "shell script renamed to .pdf" "$d" type-executable

d=$tmp/png; manifest "$d" "$(evidence gambar.pdf)"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001\000\000\000\001\010\006\000\000\000\037\025\304\211' >"$d/bukti/gambar.pdf"
check "PNG renamed to .pdf" "$d" type-mismatch

d=$tmp/empty; manifest "$d" "$(evidence kosong.pdf)"; : >"$d/bukti/kosong.pdf"
check "empty file" "$d" file-empty
only_error "empty file" file-empty

# --- document health: each opened as its kind, exactly one finding

# only_error NAME CODE: the last JSON output has exactly one error, CODE,
# and no other finding about the evidence file
only_error() {
    if python3 - "$tmp/out" "$2" >"$tmp/only" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
errs = [f["code"] for f in d["findings"] if f["severity"] == "error"]
about = [f["code"] for f in d["findings"]
         if f["file"] and not f["file"].endswith("m.xml")]
sys.exit(0 if errs == [sys.argv[2]] and about == [sys.argv[2]] else
         print(errs, about) or 1)
PY
    then ok "$1: exactly one finding, $2"
    else not_ok "$1: not exactly $2: $(snip "$tmp/only")"; fi
}

example=$2/templates/example/bukti
expdf=$(find "$example" -name '*.pdf' | sort | head -n 1)
expng=$(find "$example" -name '*.png' | sort | head -n 1)
exdocx=$(find "$example" -name '*.docx' | sort | head -n 1)
half() { head -c "$(($(wc -c <"$1") / 2))" "$1" >"$2"; }

d=$tmp/locked; manifest "$d" "$(evidence terkunci.pdf)"
if command -v qpdf >/dev/null 2>&1; then
    qpdf --encrypt rahasia pemilik 256 -- "$expdf" "$d/bukti/terkunci.pdf"
    check "password-protected PDF" "$d" pdf-encrypted
    only_error "password-protected PDF" pdf-encrypted
    has "password-protected PDF: says assessors cannot open it" "assessors cannot open it\\|asesor tidak dapat membukanya"
else
    skip "password-protected PDF" "qpdf is not installed"
fi

d=$tmp/halfpdf; manifest "$d" "$(evidence terpotong.pdf)"
half "$expdf" "$d/bukti/terpotong.pdf"
check "PDF cut in half" "$d" pdf-damaged
only_error "PDF cut in half" pdf-damaged

d=$tmp/pages; manifest "$d" "$(evidence utuh.pdf)"; cp "$expdf" "$d/bukti/utuh.pdf"
run "whole PDF: pages counted" "$dossier" check --format json "$d/m.xml"
want=$(pdfinfo "$expdf" 2>/dev/null | sed -n 's/^Pages: *//p')
has "whole PDF: pages counted" "\"pages\": ${want:-[0-9]}"

d=$tmp/nodoc; manifest "$d" "$(evidence tanpa-isi.docx)"
mkdir -p "$d/z/_rels"; echo '<x/>' >"$d/z/[Content_Types].xml"
echo '<x/>' >"$d/z/_rels/.rels"
(cd "$d/z" && zip -q -r ../bukti/tanpa-isi.docx .)
check "docx without word/document.xml" "$d" office-damaged
only_error "docx without word/document.xml" office-damaged
has "docx without word/document.xml: names the part" "word/document.xml"

d=$tmp/halfdocx; manifest "$d" "$(evidence terpotong.docx)"
half "$exdocx" "$d/bukti/terpotong.docx"
check "docx cut in half" "$d" office-damaged
only_error "docx cut in half" office-damaged

d=$tmp/textdocx; manifest "$d" "$(evidence catatan.docx)"
echo "Notulen rapat koordinasi SPBE" >"$d/bukti/catatan.docx"
check "docx that is plain text" "$d" type-mismatch
only_error "docx that is plain text" type-mismatch
has "docx that is plain text: names the kinds" '"message": "[^"]*berisi teks, padahal ekstensi .docx untuk dokumen Word'
lacks "docx that is plain text: no media type" '"message": "[^"]*\(text/plain\|application/vnd\)'

d=$tmp/halfpng; manifest "$d" "$(evidence terpotong.png)"
half "$expng" "$d/bukti/terpotong.png"
check "PNG cut in half" "$d" image-damaged
only_error "PNG cut in half" image-damaged

# libjpeg fills a JPEG cut short with grey: its end marker is looked for
d=$tmp/halfjpeg; manifest "$d" "$(evidence terpotong.jpg)"
if command -v pdftoppm >/dev/null 2>&1 &&
    pdftoppm -jpeg -r 40 -f 1 -l 1 -singlefile "$expdf" "$d/utuh" 2>/dev/null; then
    half "$d/utuh.jpg" "$d/bukti/terpotong.jpg"
    check "JPEG cut in half" "$d" image-damaged
    only_error "JPEG cut in half" image-damaged
    cp "$d/utuh.jpg" "$d/bukti/terpotong.jpg"
    noise 5000 1 >>"$d/bukti/terpotong.jpg"
    run "whole JPEG with data after its end" "$dossier" check --format json "$d/m.xml"
    expect "whole JPEG with data after its end" 0
else
    skip "JPEG cut in half" "pdftoppm cannot make a JPEG here"
fi

d=$tmp/commas; manifest "$d" "$(evidence daftar.txt)"
printf 'nama,nip,jabatan\nAni,1980,Kepala\nBudi,1985,Staf\n' >"$d/bukti/daftar.txt"
run "txt with commas" "$dossier" check --format json "$d/m.xml"
expect "txt with commas" 0
lacks "txt with commas: no type-mismatch" "type-mismatch"

d=$tmp/placeholder; manifest "$d" "$(evidence a.pdf)"; pdf "$d/bukti/a.pdf"
sed -i 's/Kabupaten Uji/ISI NAMA INSTANSI/' "$d/m.xml"
check "instance placeholder" "$d" instance-placeholder
has "instance placeholder: line 3" '"line": 3,'
has "instance placeholder: in Indonesian" '"message": "nama instansi masih .ISI NAMA INSTANSI.'

# --- hostile XML

d=$tmp/xxe; mkdir -p "$d/bukti"
cat >"$d/m.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE dossier [ <!ENTITY x SYSTEM "file://$secret"> ]>
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">
  <instance name="&x;"/>
</dossier>
XML
check "XXE: external entity in instance/@name" "$d" xml-doctype
lacks "XXE leaks nothing" "rahasia"
not_opened "XXE: external entity in instance/@name" "$d"

d=$tmp/xxe-dtd; mkdir -p "$d/bukti"
cat >"$d/m.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE dossier SYSTEM "file://$secret">
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">
  <instance name="x"/>
</dossier>
XML
check "XXE: external DTD" "$d" xml-doctype
not_opened "XXE: external DTD" "$d"

d=$tmp/xxe-param; mkdir -p "$d/bukti"
cat >"$d/m.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE dossier [ <!ENTITY % p SYSTEM "file://$secret"> %p; ]>
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">
  <instance name="x"/>
</dossier>
XML
check "XXE: external parameter entity" "$d" xml-doctype
not_opened "XXE: external parameter entity" "$d"

d=$tmp/xinclude; mkdir -p "$d/bukti"
cat >"$d/m.xml" <<XML
<?xml version="1.0"?>
<dossier xmlns="urn:dossier:manifest:1" xmlns:xi="http://www.w3.org/2001/XInclude" framework="spbe-2020" year="2024">
  <instance name="x"/>
  <xi:include href="$secret" parse="text"/>
</dossier>
XML
check "XInclude" "$d" schema-invalid
not_opened "XInclude" "$d"

d=$tmp/laughs; mkdir -p "$d/bukti"
{
    echo '<?xml version="1.0"?>'
    echo '<!DOCTYPE dossier ['
    echo ' <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
    prev=a
    for n in b c d e f g h i j k; do
        echo " <!ENTITY $n \"&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;\">"
        prev=$n
    done
    echo ']>'
    echo '<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">'
    echo '  <instance name="&k;"/>'
    echo '</dossier>'
} >"$d/m.xml"
check "billion laughs" "$d" xml-doctype
# CPU time, not the clock: a busy machine must not fail this
/usr/bin/time -f '%U %S' -o "$tmp/cpu" "$dossier" check --format json "$d/m.xml" >/dev/null 2>&1
cpu=$(tail -n 1 "$tmp/cpu" | awk '{ printf "%d", ($1 + $2) * 1000 }')
if [ "${cpu:-99999}" -lt 1000 ]; then ok "billion laughs: under a second of CPU (${cpu} ms)"
else not_ok "billion laughs took ${cpu} ms of CPU"; fi

# --- a loop of symbolic links is named as one
d=$tmp/loop; manifest "$d" "$(evidence putar.pdf)"
ln -s balik.pdf "$d/bukti/putar.pdf"; ln -s putar.pdf "$d/bukti/balik.pdf"
check "symlink loop" "$d" path-link
run "symlink loop, English" "$dossier" check --lang en "$d/m.xml"
has "symlink loop named" "symbolic link, which dossier never follows"

# --- text longer than its limit: text-too-long at its line, fast; one
# character under the limit is fine (characters, not bytes, are counted)
long_text() { python3 -c "import sys; print(sys.argv[1] * int(sys.argv[2]), end='')" "$1" "$2"; }
d=$tmp/toolong
mkdir -p "$d/bukti"
pdf "$d/bukti/a.pdf"
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">'
    echo "  <instance name=\"$(long_text N 201)\" kind=\"$(long_text K 121)\"/>"
    echo "  <coordinator name=\"$(long_text C 201)\" position=\"$(long_text P 201)\" unit=\"$(long_text U 201)\"/>"
    echo '  <evidence-root path="bukti"/>'
    echo "  <indicator id=\"1\" owner=\"$(long_text O 121)\">"
    echo "    <assessment stage=\"mandiri\" level=\"2\">$(long_text E 4001)</assessment>"
    echo "    <evidence file=\"a.pdf\" level=\"2\">$(long_text T 301)</evidence>"
    echo "    <link href=\"https://x.example/$(long_text u 2031)\">$(long_text L 301)</link>"
    echo "    <question stage=\"dokumen\">$(long_text Q 4001)</question>"
    echo "    <answer stage=\"dokumen\">$(long_text A 4001)</answer>"
    echo '  </indicator>'
    echo "  <indicator id=\"$(long_text 9 33)\"/>"
    echo '</dossier>'
} >"$d/m.xml"
check "text too long" "$d" text-too-long
n=$(grep -c '"code": "text-too-long"' "$tmp/out")
if [ "$n" -eq 13 ]; then ok "text too long: every field reported (13)"
else not_ok "text too long: $n findings, want 13"; fi
for l in 3 4 6 7 8 9 10 11 13; do
    has "text too long: line $l" "\"line\": $l,"
done
run "text too long, text" "$dossier" check --lang en "$d/m.xml"
has "text too long: the link's length and limit" "m.xml:9: .*link address is 2049 characters long; at most 2048 are allowed"
has "text too long: says what to do" "shorten it"
run "text too long, Indonesian" "$dossier" check "$d/m.xml"
has "text too long: in Indonesian" "nama instansi terdiri atas 201 karakter; paling banyak 200"
/usr/bin/time -f '%U %S' -o "$tmp/cpu" "$dossier" check --format json "$d/m.xml" >/dev/null 2>&1
cpu=$(tail -n 1 "$tmp/cpu" | awk '{ printf "%d", ($1 + $2) * 1000 }')
if [ "${cpu:-99999}" -lt 2000 ]; then ok "text too long: under 2 s of CPU (${cpu} ms)"
else not_ok "text too long took ${cpu} ms of CPU"; fi
run "text too long: render refuses" "$dossier" render "$d/m.xml" -o "$tmp/toolong.pdf"
expect "text too long: render refuses" 1
if [ -e "$tmp/toolong.pdf" ]; then not_ok "text too long: a PDF was written"
else ok "text too long: no PDF written"; fi
# at the limits, in two-byte characters: no text-too-long
python3 - "$d/m.xml" "$tmp/atmax/m.xml" <<'PY'
import os, re, sys
t = open(sys.argv[1], encoding="utf-8").read()
# each run of one repeated character loses one, and becomes 'é'
t = re.sub(r"([A-Za-z9])\1{30,}", lambda m: "\u00e9" * (len(m.group(0)) - 1), t)
os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True)
open(sys.argv[2], "w", encoding="utf-8").write(t)
PY
mkdir -p "$tmp/atmax/bukti"
pdf "$tmp/atmax/bukti/a.pdf"
run "text at the limits" "$dossier" check --format json "$tmp/atmax/m.xml"
lacks "text at the limits: no text-too-long" "text-too-long"

# --- every malformed manifest of issue 19: its message in Indonesian (the
# default language), none of libxml2's words, and the other findings
# still reported after an '&'

# shellcheck source=SCRIPTDIR/bad_manifests.sh
. "$(dirname "$0")/bad_manifests.sh"
bad_manifests "$tmp/bad"
tab=$(printf '\t')
while IFS="$tab" read -r name want; do
    (unset LANGUAGE LC_ALL LC_MESSAGES LANG
     timeout -k 2 "$limit" "$dossier" check "$tmp/bad/$name.xml" \
        >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/status")
    status=$(cat "$tmp/status")
    expect "bad manifest $name" 1
    if grep -qF -- "$want" "$tmp/out"; then ok "bad manifest $name: in Indonesian"
    else not_ok "bad manifest $name: no '$want' in: $(snip "$tmp/out")"; fi
    quiet "bad manifest $name"
    for leak in xmlParse facet "Element '" pattern expected \
        "is not a valid value" libxml2 "{urn:"; do
        if grep -qF -- "$leak" "$tmp/out"; then
            not_ok "bad manifest $name: libxml2's '$leak' in: $(snip "$tmp/out")"
        fi
    done
done <"$tmp/bad/cases"

d=$tmp/recover; mkdir -p "$d/bukti"
cat >"$d/m.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">
  <instance name="Kabupaten Uji"/>
  <evidence-root path="bukti"/>
  <indicator id="1" owner="Bagian Hukum & HAM">
    <assessment stage="mandiri" level="7">x</assessment>
    <evidence file="01/tidak-ada.pdf" level="2">SK</evidence>
  </indicator>
  <indicator id="99" owner="Bappeda"/>
</dossier>
XML
check "an '&' in an owner" "$d" xml-malformed
code "an '&' in an owner: still" indicator-unknown
code "an '&' in an owner: still" level-range
code "an '&' in an owner: still" file-missing
has "an '&' in an owner: marked as a follow-on" \
    'mungkin akibat kesalahan di baris 5'
has "an '&' in an owner: on line 5" '"line": 5'
run "an '&' in an owner: pack refuses" "$dossier" pack "$d/m.xml" -o "$tmp/recover-out"
expect "an '&' in an owner: pack refuses" 1
if [ -e "$tmp/recover-out" ]; then not_ok "an '&' in an owner: a bundle was written"
else ok "an '&' in an owner: no bundle written"; fi

# --- usage errors are 2, not 1

run "no manifest argument" "$dossier" check --format json
expect "no manifest argument" 2
silent "no manifest argument"
run "unknown option" "$dossier" check --format json --frobnicate "$tmp/dup/m.xml"
expect "unknown option" 2
silent "unknown option"

finish

#!/bin/sh
# check_bad_input.sh -- dossier check on a corpus of bad input: each case
# gives its exact finding code and exit status, fast, with nothing printed
# by libxml2, and nothing outside the evidence root is ever opened.
# usage: check_bad_input.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# a file outside the evidence root that no case may open
secret=$tmp/secret.txt
echo "rahasia" >"$secret"
have_strace=no
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null; then
    have_strace=yes
fi

# manifest DIR [EXTRA-INDICATOR-XML]: a manifest in DIR/m.xml, root DIR/bukti
manifest() {
    mkdir -p "$1/bukti"
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">'
        echo '  <instance name="Kabupaten Uji"/>'
        echo '  <period from="2023-01-01" to="2024-06-30"/>'
        echo '  <evidence-root path="bukti"/>'
        echo "  ${2:-}"
        echo '</dossier>'
    } >"$1/m.xml"
}

pdf() { printf '%%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n' >"$1"; }

# one indicator with one evidence file
evidence() {
    echo "<indicator id=\"1\"><assessment stage=\"mandiri\" level=\"2\">x</assessment><evidence file=\"$1\" level=\"2\" ${2:-}>t</evidence></indicator>"
}

# check NAME DIR CODE [STATUS]: run check --format json on DIR/m.xml
check() {
    run "$1" "$dossier" check --format json "$2/m.xml"
    expect "$1" "${4:-1}"
    code "$1" "$3"
    quiet "$1"
}

# not_opened NAME DIR PATH: under strace, PATH is never opened
not_opened() {
    if [ "$have_strace" = no ]; then
        ok "$1: not opened (skipped: strace unavailable)"
        return
    fi
    strace -f -e trace=open,openat,openat2 -o "$tmp/trace" \
        "$dossier" check --format json "$2/m.xml" >/dev/null 2>&1
    if grep -F "\"$3\"" "$tmp/trace" | grep -qv ENOENT; then
        not_ok "$1: $3 was opened"
    else ok "$1: $3 never opened"; fi
}

d=$tmp/malformed; manifest "$d"; echo '<dossier><a></dossier>' >"$d/m.xml"
check "malformed XML" "$d" xml-malformed
has "malformed XML names line 1" '"line": 1'

d=$tmp/schema; manifest "$d" '<bogus/>'
check "schema violation" "$d" schema-invalid
d=$tmp/noinstance; manifest "$d"; sed -i '/<instance/d' "$d/m.xml"
check "missing instance" "$d" schema-invalid

d=$tmp/framework; manifest "$d"; sed -i 's/spbe-2020/spbe-1999/' "$d/m.xml"
check "unknown framework" "$d" framework-unknown

d=$tmp/dup; manifest "$d" '<indicator id="3"/><indicator id="3"/>'
check "duplicate indicator" "$d" indicator-duplicate

for lv in 0 6; do
    d=$tmp/level$lv
    manifest "$d" "<indicator id=\"2\"><assessment stage=\"mandiri\" level=\"$lv\"/></indicator>"
    check "assessment level $lv" "$d" level-range
done
d=$tmp/evlevel; manifest "$d" "$(evidence a.pdf)"; pdf "$d/bukti/a.pdf"
sed -i 's/level="2" >/level="6" >/' "$d/m.xml"
check "evidence level 6" "$d" level-range

d=$tmp/date; manifest "$d" "$(evidence a.pdf 'date="2023-02-30"')"; pdf "$d/bukti/a.pdf"
check "impossible date" "$d" date-invalid

d=$tmp/traversal; manifest "$d" "$(evidence ../../secret.txt)"
check "../ traversal" "$d" path-escapes
not_opened "../ traversal" "$d" "$secret"

d=$tmp/absolute; manifest "$d" "$(evidence "$secret")"
check "absolute path" "$d" path-absolute
not_opened "absolute path" "$d" "$secret"

d=$tmp/symlink; manifest "$d" "$(evidence link.pdf)"; ln -s "$secret" "$d/bukti/link.pdf"
check "symlink out of the root" "$d" path-escapes
not_opened "symlink out of the root" "$d" "$secret"

d=$tmp/symlinkin; manifest "$d" "$(evidence link.pdf)"; pdf "$d/bukti/real.pdf"
ln -s real.pdf "$d/bukti/link.pdf"
run "symlink inside the root" "$dossier" check --format json "$d/m.xml"
lacks "symlink inside the root is fine" '"code": "path-escapes"'

d=$tmp/fifo; manifest "$d" "$(evidence pipe.pdf)"; mkfifo "$d/bukti/pipe.pdf"
check "FIFO" "$d" file-not-regular

d=$tmp/dir; manifest "$d" "$(evidence folder.pdf)"; mkdir "$d/bukti/folder.pdf"
check "directory" "$d" file-not-regular

d=$tmp/missing; manifest "$d" "$(evidence hilang.pdf)"
check "missing file" "$d" file-missing

d=$tmp/sha; manifest "$d" "$(evidence a.pdf "sha256=\"$(printf '0%.0s' $(seq 64))\"")"
pdf "$d/bukti/a.pdf"
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

d=$tmp/xxe; manifest "$d"
cat >"$d/m.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE dossier [ <!ENTITY x SYSTEM "file://$secret"> ]>
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">
  <instance name="&x;"/>
</dossier>
XML
check "XXE" "$d" xml-doctype
lacks "XXE leaks nothing" "rahasia"
not_opened "XXE" "$d" "$secret"

d=$tmp/laughs; manifest "$d"
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
start=$(date +%s%N)
check "billion laughs" "$d" xml-doctype
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$elapsed" -lt 1000 ]; then ok "billion laughs within a second (${elapsed} ms)"
else not_ok "billion laughs took ${elapsed} ms"; fi

run "missing manifest" "$dossier" check --format json "$tmp/nowhere/m.xml"
expect "missing manifest" 1
code "missing manifest" manifest-unreadable

# usage errors are 2, not 1
run "no manifest argument" "$dossier" check
expect "no manifest argument" 2
run "unknown option" "$dossier" check --frobnicate "$tmp/dup/m.xml"
expect "unknown option" 2

finish

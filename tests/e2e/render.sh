#!/bin/sh
# render.sh -- dossier render writes the assessors' PDF: structurally valid
# (qpdf), every font embedded, the institution, every indicator's number
# and name, the index in the language's format and the predikat in its
# text; metadata, an outline entry and a link target per indicator, ink on
# every page, the same bytes twice; long titles, explanations and evidence
# lists stay inside the page without overprinting; a broken PDF gets a
# placeholder; a PDF of nested forms is stopped by its CPU budget, and
# no preview process outlives dossier; a manifest with errors writes
# nothing.
# usage: render.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
m=$src/templates/example/manifest.xml
check=$src/tests/e2e/pdfcheck.py
export SOURCE_DATE_EPOCH=1732320000     # 2024-11-23T00:00:00Z
limit=60

run "render the example" "$dossier" render "$m" -o "$tmp/d.pdf"
expect "render the example" 0
quiet "render the example"
has "summary line" "d.pdf ditulis: [0-9]* halaman, 78 pratinjau"
size=$(wc -c <"$tmp/d.pdf")
if [ "$size" -lt 5000000 ]; then ok "under 5 MB ($size bytes)"; else not_ok "$size bytes"; fi
if find "$tmp" -maxdepth 1 -name 'd.pdf.tmp-*' | grep -q .; then not_ok "temporary file left"
else ok "no temporary file left"; fi

run "qpdf --check" qpdf --check "$tmp/d.pdf"
expect "qpdf --check" 0
lacks "qpdf: no warning" "WARNING"
lacks "qpdf: no warning on stderr" "WARNING" "$tmp/err"

pdffonts "$tmp/d.pdf" | tail -n +3 >"$tmp/fonts"
if [ "$(wc -l <"$tmp/fonts")" -ge 3 ] &&
   awk '$(NF-4) != "yes" { bad = 1 } END { exit bad }' "$tmp/fonts"; then
    ok "every font embedded"
else not_ok "fonts: $(tr '\n' ';' <"$tmp/fonts")"; fi
if grep -v -e Liberation -e NotoNaskhArabic "$tmp/fonts" | grep -q .; then not_ok "a font not shipped in fonts/"
else ok "only the shipped fonts"; fi

pdfinfo -isodates "$tmp/d.pdf" >"$tmp/info"
has "title" "^Title: *SPBE evaluation dossier 2024, Pemerintah Kabupaten Sukamaju\|^Title: *Dosir evaluasi SPBE 2024, Pemerintah Kabupaten Sukamaju" "$tmp/info"
has "author is the institution" "^Author: *Pemerintah Kabupaten Sukamaju$" "$tmp/info"
has "subject is the framework" "^Subject: *Pemantauan dan Evaluasi" "$tmp/info"
has "keywords" "^Keywords: *SPBE, .*2024, spbe-2020" "$tmp/info"
has "creator" "^Creator: *dossier" "$tmp/info"
has "creation date from SOURCE_DATE_EPOCH" "^CreationDate: *2024-11-23T00:00:00" "$tmp/info"
pages=$(sed -n 's/^Pages: *//p' "$tmp/info")

# text: squeeze out white space, since names wrap across lines
pdftotext "$tmp/d.pdf" "$tmp/d.txt"
tr -d ' \n\t' <"$tmp/d.txt" >"$tmp/flat"
has "institution" "PemerintahKabupatenSukamaju" "$tmp/flat"
has "index with a decimal comma" "2,74" "$tmp/d.txt"
has "predikat" "Baik" "$tmp/d.txt"
has "footer in Indonesian" "Halaman 2 dari $pages" "$tmp/d.txt"
python3 - "$src/templates/frameworks/spbe-2020.xml" "$tmp/flat" >"$tmp/missing" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"f": "urn:dossier:framework:1"}
flat = open(sys.argv[2], encoding="utf-8").read()
for ind in ET.parse(sys.argv[1]).getroot().iter("{urn:dossier:framework:1}indicator"):
    name = next(n.text for n in ind.findall("f:name", ns) if n.get("lang") == "id")
    want = "".join(name.split())
    if want not in flat or ("Indikator" + ind.get("id")) not in flat:
        print(ind.get("id"), name)
PY
if [ -s "$tmp/missing" ]; then not_ok "indicators missing: $(snip "$tmp/missing")"
else ok "every indicator's number and name"; fi

python3 "$check" outline "$tmp/d.pdf" >"$tmp/outline"
n=$(grep -c '^      [0-9][0-9]*\. ' "$tmp/outline")
if [ "$n" -eq 47 ]; then ok "an outline entry per indicator"; else not_ok "$n outline entries"; fi
for s in "Ringkasan penilaian" "Lampiran A" "Lampiran B" "Pengesahan"; do
    has "outline: $s" "^$s" "$tmp/outline"
done
python3 "$check" links "$tmp/d.pdf" >"$tmp/links"
n=$(grep '^dest ind-' "$tmp/links" | sort -u | wc -l)
if [ "$n" -eq 47 ]; then ok "the summary links to all 47 indicators"; else not_ok "$n link targets"; fi
has "application links" "^uri https://sukamaju.example.go.id/" "$tmp/links"

mkdir "$tmp/ink"
pdftoppm -r 20 -gray "$tmp/d.pdf" "$tmp/ink/p"
run "ink on every page" python3 "$check" ink "$tmp/ink"
expect "ink on every page" 0
run "example layout" sh -c "pdftotext -bbox '$tmp/d.pdf' '$tmp/d.html' && python3 '$check' layout '$tmp/d.html'"
expect "example: nothing outside the margins or overprinted" 0

run "render again" "$dossier" render "$m" -o "$tmp/d2.pdf"
if cmp -s "$tmp/d.pdf" "$tmp/d2.pdf"; then ok "the same bytes twice"; else not_ok "renders differ"; fi
# previews are made on several threads; the PDF must not depend on it
run "render on one thread" "$dossier" render "$m" -o "$tmp/j1.pdf" --jobs 1
expect "render on one thread" 0
if cmp -s "$tmp/d.pdf" "$tmp/j1.pdf"; then ok "the same bytes on one thread"; else not_ok "--jobs 1 differs"; fi
run "render on three threads" "$dossier" render "$m" -o "$tmp/j3.pdf" --jobs 3
if cmp -s "$tmp/d.pdf" "$tmp/j3.pdf"; then ok "the same bytes on three threads"; else not_ok "--jobs 3 differs"; fi
run "render --jobs 0" "$dossier" render "$m" -o "$tmp/j0.pdf" --jobs 0
expect "render --jobs 0" 2

run "render in English" "$dossier" render "$m" -o "$tmp/en.pdf" --lang en
expect "render in English" 0
pdftotext "$tmp/en.pdf" "$tmp/en.txt"
has "English: decimal point" "2\.74" "$tmp/en.txt"
has "English: predikat" "Good" "$tmp/en.txt"
has "English: footer" "Page 2 of" "$tmp/en.txt"
has "English: headings" "Who answers for what" "$tmp/en.txt"

run "no previews" "$dossier" render "$m" -o "$tmp/np.pdf" --no-thumbnails
expect "no previews" 0
has "no previews: summary" " 0 pratinjau"

# A manifest written to stress the layout: a 150-character title, an
# explanation of 2,400 characters, 60 evidence files on one indicator, an
# owner whose name is long, and a PDF evidence file that is broken.
w=$tmp/long
mkdir -p "$w/bukti/01"
long="Keputusan Kepala Daerah tentang Penetapan Arsitektur Sistem Pemerintahan Berbasis Elektronik beserta Lampiran Peta Proses Bisnis Seluruh Perangkat Daerah"
expl=""
i=0
while [ $i -lt 24 ]; do
    expl="$expl Penjelasan panjang ke-$i tentang penerapan kebijakan internal arsitektur SPBE pada seluruh perangkat daerah dan unit kerja."
    i=$((i + 1))
done
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">'
    echo '  <instance name="Pemerintah Kabupaten Uji Tata Letak Dengan Nama Instansi Yang Sangat Panjang Sekali"/>'
    echo '  <evidence-root path="bukti"/>'
    echo '  <indicator id="1" owner="Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Uji Tata Letak">'
    echo "    <assessment stage=\"mandiri\" level=\"2\">$expl</assessment>"
    i=1
    while [ $i -le 60 ]; do
        printf 'no,nilai\n%d,%d\n' "$i" "$i" >"$w/bukti/01/lampiran-$i-dengan-nama-berkas-yang-cukup-panjang-untuk-dibungkus.csv"
        echo "    <evidence file=\"01/lampiran-$i-dengan-nama-berkas-yang-cukup-panjang-untuk-dibungkus.csv\" level=\"$((i % 2 + 1))\" date=\"2024-01-02\">$long nomor $i</evidence>"
        i=$((i + 1))
    done
    # it opens (check counts its page) but its page is 70 m wide, which
    # the previewer refuses: the dossier shows a box instead
    printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200000 200000] >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >"$w/bukti/01/rusak.pdf"
    echo '    <evidence file="01/rusak.pdf" level="1">Berkas PDF yang rusak</evidence>'
    echo '  </indicator>'
    echo '</dossier>'
} >"$w/manifest.xml"
run "render the long manifest" "$dossier" render "$w/manifest.xml" -o "$tmp/long.pdf"
expect "render the long manifest" 0
quiet "render the long manifest"
has "long: the broken PDF is counted" "1 berkas ditampilkan tanpa pratinjau"
run "long: qpdf --check" qpdf --check "$tmp/long.pdf"
expect "long: qpdf --check" 0
pdftotext "$tmp/long.pdf" "$tmp/long.txt"
has "long: placeholder for the broken PDF" "no preview\|tidak ada pratinjau\|pratinjau" "$tmp/long.txt"
tr -d ' \n\t' <"$tmp/long.txt" >"$tmp/long.flat"
has "long: last evidence row" "nomor60" "$tmp/long.flat"
has "long: end of the explanation" "ke-23tentang" "$tmp/long.flat"
n=$(pdftotext -layout "$tmp/long.pdf" - | grep -c "Dokumen dan berkas")
if [ "$n" -ge 3 ]; then ok "long: the evidence header repeats on each page ($n)"
else not_ok "long: evidence header on $n pages"; fi
run "long layout" sh -c "pdftotext -bbox '$tmp/long.pdf' '$tmp/long.html' && python3 '$check' layout '$tmp/long.html'"
expect "long: nothing outside the margins or overprinted" 0
mkdir "$tmp/ink2"
pdftoppm -r 20 -gray "$tmp/long.pdf" "$tmp/ink2/p"
run "long: ink on every page" python3 "$check" ink "$tmp/ink2"
expect "long: ink on every page" 0

# Links and text of any length and spelling the manifest accepts (issue
# 17): a 170-character share link made cairo 1.16 assert (exit 134, a
# temporary file left behind); an unbalanced '(' broke the PDF; a link
# over 1,000 characters was not a link.
cp -R "$src/templates/example" "$tmp/share"
sheet='https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEf/edit?usp=sharing&ouid=10485739201847562930110485739201847562930123&rtpof=true&sd=true'
paren="https://x.example/wiki/Tata_(kelola'baru"
python3 - "$tmp/share/manifest.xml" "$sheet" "$paren" <<'PY'
import re, sys
from xml.sax.saxutils import quoteattr
path, sheet, paren = sys.argv[1:]
lines = open(path, encoding="utf-8").read().split("\n")
# the e-Planning link of indicator 32, and the next link after it
at = next(i for i, l in enumerate(lines) if "<link " in l and "/e-planning" in l)
lines[at] = re.sub(r'href="[^"]*"', lambda m: "href=" + quoteattr(sheet), lines[at])
for i in range(at + 1, len(lines)):
    if "<link " in lines[i]:
        lines[i] = re.sub(r'href="[^"]*"', lambda m: "href=" + quoteattr(paren), lines[i])
        break
open(path, "w", encoding="utf-8").write("\n".join(lines))
PY
if [ ${#sheet} -eq 170 ] && grep -q 'docs.google.com' "$tmp/share/manifest.xml"; then
    ok "share link in place (${#sheet} characters)"
else not_ok "share link not in the manifest"; fi
run "share link" "$dossier" render "$tmp/share/manifest.xml" -o "$tmp/share.pdf"
expect "share link" 0
quiet "share link"
if find "$tmp" -maxdepth 1 -name 'share.pdf.tmp-*' | grep -q .; then not_ok "share link: temporary file left"
else ok "share link: no temporary file left"; fi
run "share link: qpdf --check" qpdf --check "$tmp/share.pdf"
expect "share link: qpdf --check" 0
lacks "share link: qpdf: no warning" "WARNING"
python3 "$check" links "$tmp/share.pdf" >"$tmp/links"
if grep -qxF "uri $sheet" "$tmp/links"; then ok "share link: a link to the whole URL"
else not_ok "share link: no link to it"; fi
has "parenthesis and quote: percent-encoded link" "^uri https://x.example/wiki/Tata_%28kelola%27baru$" "$tmp/links"

# Every text field at its limit, in words without a space: an institution
# name of 200 characters, owners of 120, explanations, questions and
# answers of 4,000, titles and link texts of 300, links of 2,048, and an
# evidence path of 1,000 bytes.  The render takes about as long as the
# example's, passes qpdf, keeps every word inside the margins, and links
# to each whole URL.
cp -R "$src/templates/example" "$tmp/max"
deep=$(python3 -c 'print("/".join(c * 240 for c in "dfgh"))')
mkdir -p "$tmp/max/bukti/$(dirname "$deep")"
cp "$tmp/max/bukti/01-kebijakan-arsitektur/peraturan-bupati-31-2022-arsitektur-spbe.pdf" "$tmp/max/bukti/$deep.pdf"
python3 - "$tmp/max/manifest.xml" "$deep.pdf" <<'PY'
import re, sys
path, deep = sys.argv[1:]
def word(c, n):
    a = c + "abcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(a[i % len(a)] for i in range(n))
t = open(path, encoding="utf-8").read()
t = re.sub(r'<instance name="[^"]*" kind="[^"]*"', '<instance name="%s" kind="%s"' % (word("N", 200), word("K", 120)), t, 1)
t = re.sub(r'<coordinator [^>]*/>', '<coordinator name="%s" position="%s" unit="%s"/>' % (word("C", 200), word("P", 200), word("U", 200)), t, 1)
t = re.sub(r'(<indicator id="[^"]*") owner="[^"]*"', lambda m: m.group(1) + ' owner="%s"' % word("O", 120), t)
t = re.sub(r'(<assessment stage="mandiri" level="\d">)[^<]*', lambda m: m.group(1) + word("E", 4000), t, 4)
t = re.sub(r'(<evidence file="[^"]*"[^>]*>)[^<]*', lambda m: m.group(1) + word("T", 300), t, 12)
t = re.sub(r'(<link href=")[^"]*("[^>]*>)[^<]*', lambda m: m.group(1) + "https://x.example/" + word("u", 2048 - 18) + m.group(2) + word("L", 300), t, 4)
t = re.sub(r'(<question stage="[a-z]*">)[^<]*', lambda m: m.group(1) + word("Q", 4000), t, 2)
t = re.sub(r'(<answer stage="[a-z]*">)[^<]*', lambda m: m.group(1) + word("A", 4000), t, 2)
t = re.sub(r'(<indicator id="1" [^>]*>\n)', lambda m: m.group(1) + '    <evidence file="%s" level="1">%s</evidence>\n' % (deep, word("T", 300)), t, 1)
open(path, "w", encoding="utf-8").write(t)
PY
run "every field at its limit: check" "$dossier" check "$tmp/max/manifest.xml" --format json
lacks "every field at its limit: no error" '"severity": "error"'
/usr/bin/time -f '%U %S' -o "$tmp/cpu-ex" "$dossier" render "$m" -o "$tmp/ex.pdf" --no-thumbnails >/dev/null 2>&1
/usr/bin/time -f '%U %S' -o "$tmp/cpu-max" "$dossier" render "$tmp/max/manifest.xml" -o "$tmp/max.pdf" --no-thumbnails >"$tmp/out" 2>"$tmp/err"
status=$?
expect "every field at its limit" 0
quiet "every field at its limit"
cpu_ex=$(tail -n 1 "$tmp/cpu-ex" | awk '{ printf "%d", ($1 + $2) * 1000 }')
cpu_max=$(tail -n 1 "$tmp/cpu-max" | awk '{ printf "%d", ($1 + $2) * 1000 }')
if [ "${cpu_max:-99999}" -lt $((3 * ${cpu_ex:-0} + 1000)) ]; then
    ok "every field at its limit: ${cpu_max} ms of CPU (the example ${cpu_ex} ms)"
else not_ok "every field at its limit: ${cpu_max} ms of CPU, the example ${cpu_ex} ms"; fi
run "every field at its limit: qpdf --check" qpdf --check "$tmp/max.pdf"
expect "every field at its limit: qpdf --check" 0
lacks "every field at its limit: qpdf: no warning" "WARNING"
python3 "$check" links "$tmp/max.pdf" >"$tmp/links"
n=$(grep -c '^uri https://x.example/uabc.*789u' "$tmp/links")
long=$(awk '$1 == "uri" && length($2) == 2048' "$tmp/links" | wc -l)
if [ "$n" -ge 4 ] && [ "$long" -eq "$n" ]; then ok "every field at its limit: $n links of 2,048 characters"
else not_ok "every field at its limit: $n links, $long of 2,048 characters"; fi
run "every field at its limit: layout" sh -c "pdftotext -bbox '$tmp/max.pdf' '$tmp/max.html' && python3 '$check' layout '$tmp/max.html'"
expect "every field at its limit: nothing outside the margins or overprinted" 0
# the text area only (no running head or footer between the pages a long
# text runs over), joined
pdftotext -x 0 -y 46 -W 596 -H 748 "$tmp/max.pdf" - | tr -d ' \n\t\f' >"$tmp/max.flat"
has "every field at its limit: the long path is shown" "$(printf 'h%.0s' $(seq 60))" "$tmp/max.flat"
# whole, as written: no hyphen where the word breaks, nothing cut
has "every field at its limit: a 4,000-character explanation, whole" "$(python3 -c 'a="E"+"abcdefghijklmnopqrstuvwxyz0123456789"; print("".join(a[i % len(a)] for i in range(4000)))')" "$tmp/max.flat"
# Hostile previews: a 4 KB PDF of nested forms (each draws the next twice,
# 30 levels: hours of drawing) is stopped by its CPU limit in a child
# process and shown with a placeholder; the rest of the dossier is made,
# exit 0, and all the processes together use a few seconds of CPU.
h=$tmp/hostile
mkdir -p "$h/bukti/01"
python3 - "$h/bukti/01/bentuk.pdf" <<'PY'
import sys
depth = 30
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /XObject << /Fm0 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length 8 >> stream\n/Fm0 Do\n\nendstream"]
for i in range(depth + 1):
    body = (b"/Fm%d Do /Fm%d Do" % (i + 1, i + 1)) if i < depth else b"0 0 1 rg 10 10 100 100 re f"
    res = (b"/Resources << /XObject << /Fm%d %d 0 R >> >> " % (i + 1, 6 + i)) if i < depth else b""
    objs.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] " + res +
                b"/Length %d >> stream\n" % len(body) + body + b"\nendstream")
out = bytearray(b"%PDF-1.4\n")
offs = []
for n, o in enumerate(objs, 1):
    offs.append(len(out))
    out += b"%d 0 obj " % n + o + b" endobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offs:
    out += b"%010d 00000 n \n" % o
out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open(sys.argv[1], "wb").write(out)
PY
cp "$src/templates/example/bukti/01-kebijakan-arsitektur/peraturan-bupati-31-2022-arsitektur-spbe.pdf" "$h/bukti/01/baik.pdf"
cat >"$h/manifest.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">
  <instance name="Pemerintah Kabupaten Uji Pratinjau"/>
  <evidence-root path="bukti"/>
  <indicator id="1">
    <assessment stage="mandiri" level="2">Uji pratinjau.</assessment>
    <evidence file="01/bentuk.pdf" level="1">Formulir bersarang</evidence>
    <evidence file="01/baik.pdf" level="2">Peraturan yang baik</evidence>
  </indicator>
</dossier>
XML
# cpu_ms CMD...: "STATUS MS", MS the CPU time of CMD and of every process
# under it; CMD's stdout in $tmp/cpu.out
cpu_ms() {
    python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "w"), stderr=subprocess.DEVNULL).returncode
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r, int((u.ru_utime + u.ru_stime) * 1000))' "$tmp/cpu.out" "$@"
}
# shellcheck disable=SC2046
set -- $(cpu_ms timeout -k 2 "$limit" "$dossier" render "$h/manifest.xml" -o "$tmp/hostile.pdf")
if [ "$1" -eq 0 ]; then ok "nested forms: exit 0"; else not_ok "nested forms: exit $1"; fi
if [ "$2" -lt 15000 ]; then ok "nested forms: $2 ms of CPU in all"
else not_ok "nested forms: $2 ms of CPU"; fi
has "nested forms: counted without a preview" "1 berkas ditampilkan tanpa pratinjau" "$tmp/cpu.out"
has "nested forms: the good PDF is previewed" ": [0-9]* halaman, 1 pratinjau" "$tmp/cpu.out"
pdftotext "$tmp/hostile.pdf" "$tmp/hostile.txt"
tr -d ' \n\t' <"$tmp/hostile.txt" >"$tmp/hostile.flat"
has "nested forms: the placeholder names the reason" "lebihlamadariyangdiizinkan" "$tmp/hostile.flat"
run "nested forms: qpdf --check" qpdf --check "$tmp/hostile.pdf"
expect "nested forms: qpdf --check" 0

# SIGTERM while a slow preview runs (the nested forms, 5 s of CPU before
# their limit): render stops at once, not when the preview ends, with
# exit 3 and no PDF, and the preview's child is killed.
rm -f "$tmp/slow.pdf"
"$dossier" render "$h/manifest.xml" -o "$tmp/slow.pdf" --jobs 1 >/dev/null 2>&1 &
pid=$!
server="" child="" i=0
while [ -z "$child" ] && [ $i -lt 100 ]; do
    sleep 0.1
    server=$(ps -o pid= --ppid "$pid" | tr -d ' ' | head -n 1)
    [ -n "$server" ] && child=$(ps -o pid= --ppid "$server" | tr -d ' ' | head -n 1)
    i=$((i + 1))
done
if [ -z "$child" ]; then
    not_ok "SIGTERM during a slow preview: no preview child seen"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
else
    sleep 0.5
    started=$(date +%s%N)
    kill -TERM "$pid"
    wait "$pid"
    status=$?
    took=$((($(date +%s%N) - started) / 1000000))
    expect "SIGTERM during a slow preview" 3
    if [ "$took" -lt 3000 ]; then ok "SIGTERM during a slow preview: stopped in $took ms"
    else not_ok "SIGTERM during a slow preview: took $took ms (the preview's limit is 5 s)"; fi
    if [ -e "$tmp/slow.pdf" ]; then not_ok "SIGTERM during a slow preview: a PDF was written"
    else ok "SIGTERM during a slow preview: no PDF"; fi
    i=0
    while alive "$child" && [ $i -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
    if alive "$child"; then
        not_ok "SIGTERM during a slow preview: the child goes on"
        kill -KILL "$child" 2>/dev/null
    else ok "SIGTERM during a slow preview: the child is gone"; fi
fi

# The preview server and its child die with dossier, however it ends:
# killed outright, or by a signal it does not catch.  (A background job
# of sh ignores SIGINT, so INT is left to pack_signal.sh's terminal.)
for sig in KILL TERM HUP; do
    "$dossier" render "$h/manifest.xml" -o "$tmp/sig.pdf" >/dev/null 2>&1 &
    pid=$!
    server="" child="" i=0
    while [ -z "$child" ] && [ $i -lt 100 ]; do
        sleep 0.1
        server=$(ps -o pid= --ppid "$pid" | tr -d ' ' | head -n 1)
        [ -n "$server" ] && child=$(ps -o pid= --ppid "$server" | tr -d ' ' | head -n 1)
        i=$((i + 1))
    done
    if [ -z "$child" ]; then
        not_ok "SIG$sig: no preview child seen"
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        continue
    fi
    kill -"$sig" "$pid"
    wait "$pid" 2>/dev/null
    i=0
    while { alive "$server" || alive "$child"; } && [ $i -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    if alive "$server" || alive "$child"; then
        not_ok "SIG$sig: the preview server or its child outlived dossier"
        kill -KILL "$child" "$server" 2>/dev/null
    else ok "SIG$sig: no preview process outlives dossier"; fi
done

# refusals: nothing is written
printf '<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024"><instance name="x"/><indicator id="99"/></dossier>\n' >"$tmp/bad.xml"
run "manifest with errors" "$dossier" render "$tmp/bad.xml" -o "$tmp/bad.pdf" --lang en
expect "manifest with errors" 1
has "names the problem" "indicator-unknown" "$tmp/err"
if [ -e "$tmp/bad.pdf" ]; then not_ok "a PDF was written"; else ok "no PDF written"; fi
run "missing -o" "$dossier" render "$m"
expect "missing -o" 2
run "output is a directory" "$dossier" render "$m" -o "$tmp"
expect "output is a directory" 2
# a missing folder is made (lang.sh); a file where the folder should be
# is an unwritable place
: >"$tmp/no"
run "unwritable place" "$dossier" render "$m" -o "$tmp/no/d.pdf" --lang en
expect "unwritable place" 3
has "unwritable: names the file" "no/d.pdf: .*Not a directory" "$tmp/err"
mkdir "$tmp/nofonts"
run "fonts missing" env DOSSIER_DATADIR="$tmp/nofonts" "$dossier" render "$m" -o "$tmp/f.pdf"
if [ "$status" -ne 0 ] && [ ! -e "$tmp/f.pdf" ]; then ok "fonts missing: refused, nothing written"
else not_ok "fonts missing: exit $status"; fi


# The interview agenda (issue 21): right after the summary, every revisi
# item and lowered claim in the order of what resolving it adds, "belum
# ada tanggapan" where the institution has not answered, and the page of
# each indicator's section.
pm=$src/templates/example-pemdi/manifest.xml
run "render the Pemdi example" "$dossier" render "$pm" -o "$tmp/pemdi.pdf"
expect "render the Pemdi example" 0
python3 "$check" outline "$tmp/pemdi.pdf" | grep -v '^ ' >"$tmp/pemdi.outline"
if [ "$(sed -n 4p "$tmp/pemdi.outline")" = "Agenda klarifikasi" ] &&
   [ "$(sed -n 3p "$tmp/pemdi.outline")" = "Ringkasan penilaian" ]; then
    ok "agenda: right after the summary in the outline"
else not_ok "agenda: outline $(snip "$tmp/pemdi.outline")"; fi
python3 "$check" agenda "$tmp/pemdi.pdf" >"$tmp/agenda"
cat >"$tmp/agenda.want" <<'EOF'
2 I2-L2-01 given
13 - none
4 - none
4 I4-L1-02 given
2 - none
17 - none
20 I20-L1-03 given
20 I20-L1-04 none
1 I1-L2-02 given
13 I13-L1-02 given
13 I13-L1-03 given
4 I4-L2-02 none
EOF
cut -d' ' -f1-3 "$tmp/agenda" >"$tmp/agenda.got"
if cmp -s "$tmp/agenda.want" "$tmp/agenda.got"; then
    ok "agenda: the disputed points in the order of their gain"
else not_ok "agenda: $(snip "$tmp/agenda.got")"; fi
if grep -qx "20 I20-L1-04 none .*" "$tmp/agenda" && grep -qx "4 I4-L2-02 none .*" "$tmp/agenda"
then ok "agenda: belum ada tanggapan for I4-L2-02 and I20-L1-04"
else not_ok "agenda: responses $(snip "$tmp/agenda")"; fi
if [ -s "$tmp/agenda" ] && awk '$4 != $5 || $5 == 0 { bad = 1 } END { exit bad }' "$tmp/agenda"
then ok "agenda: every page number is the indicator's page"
else not_ok "agenda: pages $(snip "$tmp/agenda")"; fi
# indicator 4 (ind-3) has three rows, indicator 1 (ind-0) one: the
# links on the agenda's pages (the contents and the page references of
# other tables link to them too)
python3 "$src/tests/e2e/pdf_nav.py" links "$tmp/pemdi.pdf" "Agenda klarifikasi" \
    >"$tmp/pemdi.links"
n4=$(grep -cx "ind-3" "$tmp/pemdi.links")
n1=$(grep -cx "ind-0" "$tmp/pemdi.links")
if [ "$n4" -eq 3 ] && [ "$n1" -eq 1 ]; then ok "agenda: each row links to its indicator"
else not_ok "agenda: links $(snip "$tmp/pemdi.links")"; fi
run "Pemdi layout" sh -c "pdftotext -bbox '$tmp/pemdi.pdf' '$tmp/pemdi.html' && python3 '$check' layout '$tmp/pemdi.html'"
expect "Pemdi: nothing outside the margins or overprinted" 0
n=$(pdftotext -layout "$tmp/pemdi.pdf" - | grep -c "Indikator dan butir")
if [ "$n" -ge 2 ]; then ok "agenda: the header repeats on its second page"
else not_ok "agenda: header on $n pages"; fi
run "Pemdi in English" "$dossier" render "$pm" -o "$tmp/pemdi-en.pdf" --lang en
expect "Pemdi in English" 0
pdftotext "$tmp/pemdi-en.pdf" "$tmp/pemdi-en.txt"
has "agenda in English: title" "^Clarification agenda$" "$tmp/pemdi-en.txt"
has "agenda in English: no response" "no response yet" "$tmp/pemdi-en.txt"
# the SPBE example has no verdicts: its seven lowered claims, and a claim
# without evidence
python3 "$check" agenda "$tmp/d.pdf" | cut -d' ' -f1 | tr '\n' ' ' >"$tmp/agenda.spbe"
if [ "$(cat "$tmp/agenda.spbe")" = "42 47 13 18 20 3 7 16 " ]; then
    ok "agenda: the SPBE example's lowered claims"
else not_ok "agenda: SPBE $(snip "$tmp/agenda.spbe")"; fi
has "agenda: a lowered claim says so" "klaim diturunkan" "$tmp/d.txt"


# Notes and responses as long as the manifest allows (4,000 characters,
# seven responses on one item) wrap and are cut in their cell: every row
# stays whole on a page, nothing overprints.
cp -R "$src/templates/example-pemdi" "$tmp/longagenda"
python3 - "$tmp/longagenda/manifest.xml" <<'PY'
import sys
path = sys.argv[1]
s = open(path, encoding="utf-8").read()
note = " ".join(["Catatan asesor yang sangat panjang tentang bukti dukung."] * 70)[:4000]
s = s.replace("Otomatis ditolak karena tingkat kematangan sebelumnya ditolak.", note)
resp = "".join('    <response item="I4-L1-02">%s %d</response>\n' % (note[:3000], i) for i in range(6))
s = s.replace('    <response item="I4-L1-02">', resp + '    <response item="I4-L1-02">', 1)
open(path, "w", encoding="utf-8").write(s)
PY
run "long agenda" "$dossier" render "$tmp/longagenda/manifest.xml" -o "$tmp/longagenda.pdf"
expect "long agenda" 0
python3 "$check" agenda "$tmp/longagenda.pdf" | cut -d' ' -f1-3 >"$tmp/agenda.long"
if cmp -s "$tmp/agenda.want" "$tmp/agenda.long"; then ok "long agenda: every row, in order"
else not_ok "long agenda: $(snip "$tmp/agenda.long")"; fi
pdftotext "$tmp/longagenda.pdf" "$tmp/longagenda.txt"
has "long agenda: the responses past three are counted" "dan 4 lainnya" "$tmp/longagenda.txt"
run "long agenda layout" sh -c "pdftotext -bbox '$tmp/longagenda.pdf' '$tmp/la.html' && python3 '$check' layout '$tmp/la.html'"
expect "long agenda: nothing outside the margins or overprinted" 0

finish

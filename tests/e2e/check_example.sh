#!/bin/sh
# check_example.sh -- dossier check on the bundled example: exit 0, the
# deliberate warnings shown, the summary, JSON keys, the example left
# untouched; and a corrupted copy caught.
# usage: check_example.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
example=$src/templates/example

if [ ! -f "$example/manifest.xml" ]; then
    not_ok "the example exists: no $example/manifest.xml"
    finish
    exit 1
fi

# every path with its type, and every file's checksum
sums() {
    find "$example" | LC_ALL=C sort
    find "$example" -type f -exec sha256sum {} + | LC_ALL=C sort
}
sums >"$tmp/before"
: >"$tmp/stamp"
# file systems with one-second timestamps: let the stamp be strictly older
sleep 1

# json_count NAME KEY WANT-PATTERN: the top-level KEY of the last JSON
# output (indented by two spaces; the per-owner counts are deeper) matches
json_count() {
    has "$1" "^  \"$2\": $3,\{0,1\}\$"
}

# consistent NAME SEVERITY KEY: the count KEY equals the number of findings
# of SEVERITY in the last JSON output
consistent() {
    want=$(grep -c "\"severity\": \"$2\"" "$tmp/out")
    got=$(sed -n "s/^  \"$3\": \([0-9]*\),\{0,1\}\$/\1/p" "$tmp/out")
    if [ "$got" = "$want" ]; then ok "$1: $3 = $want"
    else not_ok "$1: $3 is '$got' but there are $want $2 findings"; fi
}

run "example, text, English" "$dossier" check --lang en "$example/manifest.xml"
expect "example, text, English" 0
has "summary heading" "^Summary"
lacks "no Indonesian heading in English" "^Ringkasan"
has "filled count" "indicators filled: [0-9]* of 47"
has "indicator table" "by indicator:"
has "owner table" "by owner (OPD):"
has "no errors" "errors: 0,"
has "indicator heading with name" "^Indicator [0-9][0-9]* - "
for c in indicator-not-filled level-unsupported evidence-no-level \
         date-outside-period file-shared question-unanswered; do
    has "shows $c" "\[$c\]"
done
lacks "no error lines" "^  .*: error: "

run "example, text, Indonesian" "$dossier" check --lang id "$example/manifest.xml"
expect "example, text, Indonesian" 0
has "Indonesian summary" "^Ringkasan"

run "example, json" "$dossier" check --format json "$example/manifest.xml"
expect "example, json" 0
quiet "example, json"
has "json is one object" "^{"
json_count "json has errors: 0" errors 0
json_count "json has warnings" warnings "[1-9][0-9]*"
has "json has findings" '^  "findings": \['
for key in '"code":' '"severity":' '"indicator":' '"file":' '"line":' '"message":'; do
    has "json findings have $key" "^      $key"
done
consistent "json" error errors
consistent "json" warning warnings
for c in indicator-not-filled level-unsupported evidence-no-level \
         date-outside-period file-shared question-unanswered; do
    code "json" "$c"
done
lacks "json has no error finding" '"severity": "error"'
# every document opened as its kind: no health finding, and every PDF's
# pages counted, as pdfinfo counts them
for c in pdf-encrypted pdf-damaged office-damaged image-damaged \
         document-unchecked type-mismatch; do
    lacks "json: no $c" "\"code\": \"$c\""
done
if python3 - "$tmp/out" "$example" >"$tmp/pages" 2>&1 <<'PY'
import json, os, subprocess, sys
d = json.load(open(sys.argv[1]))
root = os.path.join(sys.argv[2], "bukti")
pdfs = [f for f in d["files"] if f["type"] == "application/pdf"]
bad = []
for f in pdfs:
    info = subprocess.run(["pdfinfo", os.path.join(root, f["file"])],
                          capture_output=True, text=True).stdout
    want = [int(l.split()[1]) for l in info.splitlines() if l.startswith("Pages:")]
    if not want or f.get("pages") != want[0]:
        bad.append((f["file"], f.get("pages"), want))
print(len(pdfs), "PDFs", bad)
sys.exit(1 if bad or not pdfs else 0)
PY
then ok "json: every PDF's pages counted ($(cat "$tmp/pages"))"
elif ! command -v pdfinfo >/dev/null 2>&1; then
    skip "json: every PDF's pages counted" "pdfinfo is not installed"
else not_ok "json: pages: $(snip "$tmp/pages")"; fi

sums >"$tmp/after"
if cmp -s "$tmp/before" "$tmp/after"; then ok "example left untouched (checksums)"
else not_ok "example was modified: $(diff "$tmp/before" "$tmp/after" | head -c 300 | tr "\n" " ")"; fi
find "$example" -newer "$tmp/stamp" >"$tmp/newer"
if [ -s "$tmp/newer" ]; then not_ok "example changed during the run: $(snip "$tmp/newer")"
else ok "example left untouched (nothing newer)"; fi

# a copy checks the same, and stays clean of errors
cp -R "$example" "$tmp/copy"
run "copy of the example" "$dossier" check --format json "$tmp/copy/manifest.xml"
expect "copy of the example" 0

# one evidence file that has a sha256 in the manifest, altered by one byte
root=$(sed -n 's/.*<evidence-root[^>]* path="\([^"]*\)".*/\1/p' "$tmp/copy/manifest.xml" | head -1)
file=$(grep '<evidence [^>]*sha256="' "$tmp/copy/manifest.xml" | head -1 |
       sed 's/.*<evidence [^>]*file="\([^"]*\)".*/\1/')
target=$tmp/copy/${root:-.}/$file
if [ -n "$file" ] && [ -f "$target" ]; then
    ok "found an evidence file with a sha256: $file"
else
    not_ok "found an evidence file with a sha256: '$file'"
fi
printf 'x' >>"$target"
run "altered evidence" "$dossier" check --format json "$tmp/copy/manifest.xml"
expect "altered evidence" 1
code "altered evidence" sha256-mismatch
has "altered evidence names the file" "\"file\": \"$file\""
quiet "altered evidence"
json_count "altered evidence: one error" errors 1

# the same copy with that file removed
rm "$target"
run "removed evidence" "$dossier" check --format json "$tmp/copy/manifest.xml"
expect "removed evidence" 1
code "removed evidence" file-missing

finish

#!/bin/sh
# check_example.sh -- dossier check on the bundled example: exit 0, the
# deliberate warnings shown, the summary, JSON keys, the example left
# untouched; and a corrupted copy caught.
# usage: check_example.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
example=$src/templates/example

sums() { find "$example" -type f -exec sha256sum {} + | LC_ALL=C sort; }
sums >"$tmp/before"

run "example, text, English" "$dossier" check --lang en "$example/manifest.xml"
expect "example, text, English" 0
has "summary heading" "^Summary"
has "filled count" "indicators filled: 46 of 47"
has "owner table" "by owner (OPD):"
has "no errors" "errors: 0,"
has "indicator heading with name" "^Indicator 16 - "
for c in indicator-not-filled level-unsupported evidence-no-level \
         date-outside-period file-shared question-unanswered; do
    has "shows $c" "\[$c\]"
done

run "example, text, Indonesian" "$dossier" check --lang id "$example/manifest.xml"
expect "example, text, Indonesian" 0
has "Indonesian summary" "^Ringkasan"

run "example, json" "$dossier" check --format json "$example/manifest.xml"
expect "example, json" 0
for key in '"findings": \[' '"errors": 0' '"warnings": 4' '"code":' '"severity":' \
           '"indicator":' '"file":' '"line":' '"message":'; do
    has "json has $key" "$key"
done
quiet "example, json"

sums >"$tmp/after"
if cmp -s "$tmp/before" "$tmp/after"; then ok "example left untouched"
else not_ok "example was modified"; fi

# a copy with one evidence file altered after its sha256 was recorded
cp -R "$example" "$tmp/copy"
file=$(grep -o 'file="[^"]*" level="[0-9]" date="[^"]*" sha256=' "$tmp/copy/manifest.xml" |
       head -1 | sed 's/^file="\([^"]*\)".*/\1/')
printf 'x' >>"$tmp/copy/bukti/$file"
run "altered evidence" "$dossier" check --format json "$tmp/copy/manifest.xml"
expect "altered evidence" 1
code "altered evidence" sha256-mismatch
has "altered evidence names the file" "$file"

# a copy with one evidence file removed
rm "$tmp/copy/bukti/$file"
run "removed evidence" "$dossier" check --format json "$tmp/copy/manifest.xml"
expect "removed evidence" 1
code "removed evidence" file-missing

finish

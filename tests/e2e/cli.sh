#!/bin/sh
# cli.sh -- invocation: help, version, and exit status 2 for bad usage.
# usage: cli.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
m=$2/templates/example/manifest.xml

# usage NAME CMD...: bad invocation: exit 2, nothing on stdout, a message
usage() {
    name=$1
    run "$@"
    expect "$name" 2
    silent "$name"
    if [ -s "$tmp/err" ]; then ok "$name: says why on stderr"
    else not_ok "$name: nothing on stderr"; fi
}

usage "no arguments" "$dossier"
run "--help" "$dossier" --help; expect "--help" 0
for c in check score catalog help; do
    has "--help lists $c" "^  $c "
done
quiet "--help"
run "-h" "$dossier" -h; expect "-h" 0
run "--version" "$dossier" --version --lang en; expect "--version" 0
has "--version" "^dossier [0-9]"
# a binary in its build tree names the source tree as its data, and no other
if grep -qxF "data: $2 (the source tree this binary was built from)" "$tmp/out"; then
    ok "--version names the source tree's data"
else not_ok "--version names the source tree's data: $(snip "$tmp/out")"; fi
run "--version in Indonesian" "$dossier" --version --lang id
has "--version in Indonesian" "^data: .*(folder kode sumber tempat program ini dibangun)$"

# data that cannot be read: exit 3, the folder named, in the language asked
run "data folder missing" env DOSSIER_DATADIR="$tmp/nowhere" "$dossier" catalog --lang en
expect "data folder missing" 3
has "data folder missing: names it" \
    "cannot read the framework catalogs in '$tmp/nowhere/frameworks' (named by DOSSIER_DATADIR): No such file" "$tmp/err"
has "data folder missing: says what to do" "Point DOSSIER_DATADIR at a folder" "$tmp/err"
silent "data folder missing"
# help needs no data
run "help without data" env DOSSIER_DATADIR="$tmp/nowhere" "$dossier" help check --lang en
expect "help without data" 0
has "help without data: the synopsis" "check MANIFEST"
run "--help without data" env DOSSIER_DATADIR="$tmp/nowhere" "$dossier" pack --help --lang en
expect "--help without data" 0
usage "unknown command" "$dossier" frobnicate
has "unknown command is named" "frobnicate" "$tmp/err"
run "help check" "$dossier" help check; expect "help check" 0
has "help check shows the synopsis" "check MANIFEST"
run "check --help" "$dossier" check --help; expect "check --help" 0
usage "help for an unknown command" "$dossier" help frobnicate
run "help codes" "$dossier" help codes; expect "help codes" 0
has "help codes lists file-missing" "^file-missing"
run "help render in English" "$dossier" help render --lang en; expect "help render --lang en" 0
has "help --lang en is in English" "^usage: dossier render"
run "help codes in English" "$dossier" help --lang en codes; expect "help --lang en codes" 0
has "help codes in English" "^file-missing .*does not exist"
# one column of severities and one of descriptions, the longest code
# ("accepted-above-rejected") included
if [ "$(awk '{ print index($0, $2) }' "$tmp/out" | sort -u | wc -l)" -eq 1 ] &&
    grep -q "^accepted-above-rejected note " "$tmp/out"; then
    ok "help codes: the severities line up"
else not_ok "help codes: the severities do not line up"; fi
usage "help, two commands" "$dossier" help check pack
usage "help --format json" "$dossier" help --format json check

usage "check without manifest" "$dossier" check
usage "check, two manifests" "$dossier" check "$m" "$m"
usage "check, unknown option" "$dossier" check --frobnicate "$m"
usage "check, bad format" "$dossier" check --format yaml "$m"
usage "check, bad language" "$dossier" check --lang fr "$m"
usage "check, --jobs 0" "$dossier" check --jobs 0 x
usage "check, --jobs 0 on a real manifest" "$dossier" check --jobs 0 "$m"
usage "check, --jobs not a number" "$dossier" check --jobs many "$m"
usage "check, --format without value" "$dossier" check "$m" --format
usage "catalog, extra argument" "$dossier" catalog spbe-2020
usage "catalog, bad format" "$dossier" catalog --format yaml

# options after the operand, as the synopsis writes them
# ("dossier check MANIFEST [--format text|json]")
run "check MANIFEST --format json" "$dossier" check "$m" --format json
expect "check MANIFEST --format json" 0
has "check MANIFEST --format json prints JSON" '^  "findings": \['
run "check MANIFEST --lang en" "$dossier" check "$m" --lang en
expect "check MANIFEST --lang en" 0
has "check MANIFEST --lang en is English" "^Summary"
run "score MANIFEST --format json" "$dossier" score "$m" --format json
expect "score MANIFEST --format json" 0

# every finding code is documented in the README
"$dossier" help codes | cut -d' ' -f1 >"$tmp/codes"
missing=
while read -r c; do
    grep -q "| \`$c\` |" "$2/README.md" || missing="$missing $c"
done <"$tmp/codes"
if [ -z "$missing" ]; then ok "README lists every finding code"
else not_ok "README lacks:$missing"; fi

finish

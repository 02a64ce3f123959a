#!/bin/sh
# cli.sh -- invocation: help, version, and exit status 2 for bad usage.
# usage: cli.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
m=$2/templates/example/manifest.xml

run "no arguments" "$dossier"; expect "no arguments" 2
run "--help" "$dossier" --help; expect "--help" 0
has "--help lists check" "^  check "
has "--help lists score" "^  score "
run "--version" "$dossier" --version; expect "--version" 0
has "--version" "^dossier [0-9]"
run "unknown command" "$dossier" frobnicate; expect "unknown command" 2
run "help check" "$dossier" help check; expect "help check" 0
run "help codes" "$dossier" help codes; expect "help codes" 0
has "help codes lists file-missing" "^file-missing"
run "check without manifest" "$dossier" check; expect "check without manifest" 2
run "check, two manifests" "$dossier" check "$m" "$m"; expect "check, two manifests" 2
run "check, unknown option" "$dossier" check --frobnicate "$m"; expect "check, unknown option" 2
run "check, bad format" "$dossier" check --format yaml "$m"; expect "check, bad format" 2
run "check, bad language" "$dossier" check --lang fr "$m"; expect "check, bad language" 2
run "check, --jobs 0" "$dossier" check --jobs 0 "$m"; expect "check, --jobs 0" 2
run "check, --format without value" "$dossier" check "$m" --format; expect "check, --format without value" 2
run "catalog, extra argument" "$dossier" catalog spbe-2020; expect "catalog, extra argument" 2

# every finding code is documented in the README
"$dossier" help codes | cut -d' ' -f1 >"$tmp/codes"
missing=
while read -r c; do
    grep -q "| \`$c\` |" "$2/README.md" || missing="$missing $c"
done <"$tmp/codes"
if [ -z "$missing" ]; then ok "README lists every finding code"
else not_ok "README lacks:$missing"; fi

finish

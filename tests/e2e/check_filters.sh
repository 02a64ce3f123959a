#!/bin/sh
# check_filters.sh -- check --owner, --indicator, --severity and --quiet in
# text and JSON alike, the exit status counting every error whatever is
# shown, and the per-OPD table aligned by display width with wide (CJK),
# accented and combining characters in owner names.
# usage: check_filters.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

# want NAME GOT WANT
want() {
    if [ "$2" = "$3" ]; then ok "$1: $2"; else not_ok "$1: '$2', want '$3'"; fi
}

# Owners: plain ASCII, CJK (two columns a character), precomposed accents
# (two bytes, one column) and a combining accent (no column of its own).
cjk='情報通信局'
acc='Dinas Pariwisata Ñusa Ŕaya'
comb=$(printf 'Bagian Pe\314\201layanan')
mkdir -p "$tmp/w/bukti"
printf 'catatan\n' >"$tmp/w/bukti/ok.txt"
cat >"$tmp/w/manifest.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">
  <instance name="Kabupaten Uji"/>
  <evidence-root path="bukti"/>
  <indicator id="1" owner="Dinas Kominfo">
    <assessment stage="mandiri" level="1">x</assessment>
    <evidence file="hilang.pdf" level="1">hilang</evidence>
  </indicator>
  <indicator id="2" owner="$cjk">
    <assessment stage="mandiri" level="2"/>
  </indicator>
  <indicator id="3" owner="$acc">
    <assessment stage="mandiri" level="1">x</assessment>
    <evidence file="ok.txt">catatan</evidence>
  </indicator>
  <indicator id="4" owner="$comb">
    <assessment stage="mandiri" level="1">x</assessment>
  </indicator>
</dossier>
XML
m=$tmp/w/manifest.xml

# json_stats: "ERRORS WARNINGS NOTES SHOWN INDICATORS SEVERITIES OWNERS" of
# the last JSON output; INDICATORS, SEVERITIES and OWNERS are the sorted
# distinct values in the findings (and owners rows), joined by commas
json_stats() {
    python3 - "$tmp/out" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    f = d["findings"]
    j = lambda xs: ",".join(sorted(set(xs))) or "-"
    print(d["errors"], d["warnings"], d["notes"],
          len(f) if d.get("shown") == len(f) else "shown-differs",
          j(x["indicator"] or "manifest" for x in f),
          j(x["severity"] for x in f),
          j((o["owner"] or "none").replace(" ", "_")
            for o in d.get("owners", [])))
except Exception:
    print("err err err err err err err")
PY
}

# everything: the reference counts
run "all, json" "$dossier" check --format json "$m"
expect "all, json" 1
set -- $(json_stats)
want "all: one error (file-missing)" "$1" 1
all_warnings=$2
all_notes=$3
total=$(($1 + $2 + $3))
want "all: every finding shown" "$4" "$total"
code "all" file-missing
code "all" explanation-missing
code "all" evidence-no-level
code "all" indicator-not-filled

# --severity: the least severe shown; counts stay those of everything
for sev in error warning note; do
    run "severity $sev, json" "$dossier" check --format json --severity "$sev" "$m"
    expect "severity $sev, json: exit counts the error" 1
    set -- $(json_stats)
    want "severity $sev, json: error count is everything's" "$1 $2 $3" \
        "1 $all_warnings $all_notes"
    case $sev in
    error) want "severity error: errors only" "$6" error
           want "severity error: one shown" "$4" 1 ;;
    warning) want "severity warning: no notes" "$6" error,warning
             want "severity warning: shown" "$4" $((1 + all_warnings)) ;;
    note) want "severity note: everything" "$4" "$total" ;;
    esac
    run "severity $sev, text" "$dossier" check --lang en --severity "$sev" "$m"
    expect "severity $sev, text" 1
    has "severity $sev, text: the error is there" "error: .*\[file-missing\]"
    case $sev in
    error) lacks "severity error, text: no warning" "warning: "
           lacks "severity error, text: no note" "note: "
           has "severity error, text: says what is shown" "shown: 1 of $total findings" ;;
    warning) has "severity warning, text: warnings" "warning: .*\[indicator-not-filled\]"
             lacks "severity warning, text: no note" "note: " ;;
    note) has "severity note, text: notes" "note: .*\[explanation-missing\]"
          lacks "severity note, text: nothing hidden, no 'shown' line" "shown: " ;;
    esac
    has "severity $sev, text: counts of everything" \
        "errors: 1, warnings: $all_warnings, notes: $all_notes"
done

# --owner: that OPD's findings and row only, in both formats
run "owner ascii, json" "$dossier" check --format json --owner "Dinas Kominfo" "$m"
expect "owner ascii, json: the error is there" 1
set -- $(json_stats)
want "owner ascii, json: only indicator 1" "$5" 1
want "owner ascii, json: only its row" "$7" Dinas_Kominfo
want "owner ascii, json: counts are everything's" "$1 $2 $3" "1 $all_warnings $all_notes"
has "owner ascii, json: the view is recorded" '"owner": "Dinas Kominfo"'
run "owner ascii, text" "$dossier" check --lang en --owner "Dinas Kominfo" "$m"
expect "owner ascii, text" 1
has "owner ascii, text: its finding" "\[file-missing\]"
lacks "owner ascii, text: no other indicator's" "\[indicator-not-filled\]"
lacks "owner ascii, text: no other owner's row" "$cjk"
has "owner ascii, text: its row" "^    Dinas Kominfo  *1  *1  *0  *1  *0$"
run "owner cjk, json" "$dossier" check --format json --owner "$cjk" "$m"
expect "owner cjk, json: another OPD's error still exits 1" 1
set -- $(json_stats)
want "owner cjk, json: only indicator 2" "$5" 2
want "owner cjk, json: its findings" "$6" note,warning
run "owner cjk, text" "$dossier" check --lang en --owner "$cjk" "$m"
expect "owner cjk, text: exit 1" 1
has "owner cjk, text: heading names it" "^Indicator 2 .*\[$cjk\]"
lacks "owner cjk, text: no file-missing" "\[file-missing\]"
has "owner cjk, text: exit status stated" "the exit status counts every error"
# "" is the group without a named owner (the indicators left out)
run "no owner, json" "$dossier" check --format json --owner "" "$m"
expect "no owner, json" 1
set -- $(json_stats)
want "no owner, json: only not-filled" "$6" warning
want "no owner, json: only that row" "$7" none
run "unknown owner" "$dossier" check --lang en --owner "Dinas Tidak Ada" "$m"
expect "unknown owner: usage" 2
silent "unknown owner"
has "unknown owner named" "Dinas Tidak Ada" "$tmp/err"
has "unknown owner lists the owners" "'Dinas Kominfo'" "$tmp/err"
has "unknown owner names the manifest" "manifest.xml" "$tmp/err"

# --indicator, with or without leading zeros
for id in 3 03; do
    run "indicator $id, json" "$dossier" check --format json --indicator "$id" "$m"
    expect "indicator $id, json" 1
    set -- $(json_stats)
    want "indicator $id, json: only 3" "$5" 3
    want "indicator $id, json: its owner's row" "$7" "$(echo "$acc" | tr ' ' _)"
    run "indicator $id, text" "$dossier" check --lang en --indicator "$id" "$m"
    expect "indicator $id, text" 1
    has "indicator $id, text: its finding" "\[evidence-no-level\]"
    lacks "indicator $id, text: no other" "\[file-missing\]"
    has "indicator $id, text: its row" "^      3 filled "
    lacks "indicator $id, text: no other row" "^      1 filled "
done
run "unknown indicator" "$dossier" check --lang en --indicator 99 "$m"
expect "unknown indicator: usage" 2
silent "unknown indicator"
has "unknown indicator: says where to look" "dossier catalog --framework spbe-2020" "$tmp/err"
run "empty indicator" "$dossier" check --indicator "" "$m"
expect "empty indicator: usage" 2
run "bad severity" "$dossier" check --severity fatal "$m"
expect "bad severity: usage" 2
silent "bad severity"
has "bad severity: lists the choices" "error, warning, note" "$tmp/err"

# --quiet: the summary only; the exit status unchanged
run "quiet, text" "$dossier" check --lang en --quiet "$m"
expect "quiet, text: exit 1 for the error" 1
lacks "quiet, text: no finding" "\[file-missing\]"
lacks "quiet, text: no heading" "^Indicator "
has "quiet, text: the summary" "^Summary"
has "quiet, text: the counts" "errors: 1, warnings: $all_warnings, notes: $all_notes"
run "quiet, json" "$dossier" check --format json --quiet "$m"
expect "quiet, json: exit 1" 1
set -- $(json_stats)
want "quiet, json: no finding" "$4" 0
want "quiet, json: counts" "$1 $2 $3" "1 $all_warnings $all_notes"
# combined: an OPD's warnings and errors
run "owner and severity" "$dossier" check --format json --owner "$cjk" --severity warning "$m"
set -- $(json_stats)
want "owner and severity: its warnings only" "$5 $6" "2 warning"

# a manifest without errors: filters never turn 0 into 1 or back
sed '/hilang/d' "$m" >"$tmp/w/clean.xml"
run "clean, severity error" "$dossier" check --format json --severity error "$tmp/w/clean.xml"
expect "clean, severity error: exit 0" 0
run "clean, quiet" "$dossier" check --quiet "$tmp/w/clean.xml"
expect "clean, quiet: exit 0" 0

# alignment: every line of the per-OPD table (heading and rows) ends at the
# same display column, counted independently of the program, whatever the
# user's locale
width_check() { # NAME
    wname=$1
    python3 - "$tmp/out" <<'PY' >"$tmp/widths" || echo "err err" >"$tmp/widths"
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
start = next(i for i, l in enumerate(lines) if l.startswith("  by owner (OPD):"))
table = []
for l in lines[start + 1:]:
    if not l.startswith("    "):
        break
    table.append(l)
print(len(table), len({width(l) for l in table}),
      " ".join(str(width(l)) for l in table))
PY
    set -- $(cat "$tmp/widths")
    want "$wname: owner table has heading and 5 rows" "$1" 6
    want "$wname: every row as wide as the heading" "$2" 1
}
for loc in C C.UTF-8; do
    run "table in $loc" env LC_ALL=$loc "$dossier" check --lang en "$m"
    expect "table in $loc" 1
    width_check "table in $loc"
    has "table in $loc: cjk row" "^    $cjk "
    has "table in $loc: combining row" "^    $comb "
done
# a name wider than the default column widens the column for every row
long="$cjk$cjk$cjk$cjk$cjk"
sed "s/owner=\"$cjk\"/owner=\"$long\"/" "$m" >"$tmp/w/long.xml"
run "wide column" "$dossier" check --lang en "$tmp/w/long.xml"
width_check "wide column"

# 80,000 indicators the catalog does not know, each with its own finding:
# the owner of a finding's indicator is found by binary search, not by a
# walk of the manifest per finding (which took 20 s of CPU here), so text
# output, --owner and --indicator stay within 10 s of CPU time
python3 - "$tmp/big.xml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" '
            'year="2024"><instance name="U"/>\n')
    for i in range(80000):
        f.write('<indicator id="x%d" owner="O%d"/>\n' % (i, i % 7))
    f.write('</dossier>\n')
PY
for args in "" "--owner O3" "--indicator x79999"; do
    run "80,000 indicators ${args:-unfiltered}" sh -c \
        'ulimit -t 10; exec "$@"' sh "$dossier" check --lang en $args "$tmp/big.xml"
    expect "80,000 indicators ${args:-unfiltered}: within the CPU limit" 1
done
has "owner of an unknown indicator is found" "^Indicator x79999 \[O3\]"

finish

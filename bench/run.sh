#!/bin/sh
# run.sh [SIZE] -- generate a synthetic evidence set of SIZE (default 1G)
# and measure dossier against the hashing floor and the usual routine.
#
#   a  dossier pack MANIFEST -o OUT
#   b  the hashing floor: openssl dgst -sha256 over every evidence file
#   c  the usual routine: zip -r of each indicator folder + sha256sum of
#      every file
#   d  dossier check; dossier verify of the bundle (against the floor of
#      the bundle itself); dossier render of a 2,000-item manifest
#
# Each is run RUNS times (default 3) with the files in the page cache; the
# table shows the medians of wall seconds, CPU seconds (user + system) and
# peak RSS, from GNU time.  Environment:
#   DOSSIER     the binary (default: a Release build in build-bench/)
#   BENCH_DIR   scratch directory (default: ${TMPDIR:-/tmp}/dossier-bench);
#               removed at the end unless BENCH_KEEP=1
#   BENCH_STEPS which rows to measure (default: "pack floor routine check
#               verify render")
#   RUNS        repetitions (default 3)
#   SEED        generator seed (default 8)
# shellcheck disable=SC2016 # the single-quoted scripts expand later, in sh -c
set -eu

size=${1:-1G}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
work=${BENCH_DIR:-${TMPDIR:-/tmp}/dossier-bench}
steps=${BENCH_STEPS:-pack floor routine check verify render}
runs=${RUNS:-3}
seed=${SEED:-8}
TIME=/usr/bin/time

for tool in python3 openssl zip sha256sum "$TIME"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "run.sh: '$tool' is missing; run scripts/install-deps.sh" >&2
        exit 2
    fi
done

if [ -z "${DOSSIER:-}" ]; then
    echo "run.sh: building dossier (Release) in $top/build-bench" >&2
    cmake -S "$top" -B "$top/build-bench" -DCMAKE_BUILD_TYPE=Release \
        -DDOSSIER_TESTS=OFF >/dev/null
    cmake --build "$top/build-bench" -j2 >/dev/null
    DOSSIER=$top/build-bench/dossier
fi
# messages in English, so that "unknown command" can be recognised
LANGUAGE=en
export LANGUAGE

rm -rf "$work"
mkdir -p "$work"
if [ "${BENCH_KEEP:-0}" != 1 ]; then
    trap 'rm -rf "$work"' EXIT
fi
set=$work/set
items=$work/items
python3 "$here/gen.py" "$set" --size "$size" --seed "$seed" >&2
case " $steps " in
*" render "*)
    python3 "$here/gen.py" "$items" --count 2000 --seed "$seed" >&2 ;;
esac
files=$work/files.txt
(cd "$set/bukti" && find . -type f | LC_ALL=C sort) >"$files"
nfiles=$(wc -l <"$files")
bytes=$(cd "$set/bukti" && tr '\n' '\0' <"$files" | xargs -0 cat | wc -c)

# median of the numbers on stdin
median() {
    sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# measure NAME COMMAND...: RUNS timed runs (each after 'prepare', if set);
# leaves "wall cpu rss_mib" medians in $work/NAME.res, or "n/a" when
# the command is not available
measure() {
    name=$1
    shift
    : >"$work/$name.runs"
    i=0
    while [ "$i" -lt "$runs" ]; do
        i=$((i + 1))
        if [ -n "${prepare:-}" ]; then
            eval "$prepare"
        fi
        set +e
        "$TIME" -f '%e %U %S %M' -o "$work/$name.time" "$@" \
            >"$work/$name.out" 2>"$work/$name.err"
        rc=$?
        set -e
        if [ "$rc" -eq 2 ] && grep -q 'unknown command' "$work/$name.err"; then
            echo "n/a" >"$work/$name.res"
            return 0
        fi
        if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
            echo "run.sh: $name failed (status $rc):" >&2
            cat "$work/$name.err" >&2
            exit 3
        fi
        tail -n 1 "$work/$name.time" >>"$work/$name.runs"
    done
    wall=$(awk '{ print $1 }' "$work/$name.runs" | median)
    cpu=$(awk '{ print $2 + $3 }' "$work/$name.runs" | median)
    rss=$(awk '{ printf "%.1f\n", $4 / 1024 }' "$work/$name.runs" | median)
    echo "$wall $cpu $rss" >"$work/$name.res"
}

warm() {
    (cd "$set/bukti" && tr '\n' '\0' <"$files" | xargs -0 cat >/dev/null)
}

warm
for step in $steps; do
    prepare=
    case $step in
    pack)
        prepare='rm -rf "$work/bundle"'
        measure pack "$DOSSIER" pack "$set/manifest.xml" -o "$work/bundle"
        ;;
    floor)
        measure floor sh -c 'cd "$1" && tr "\n" "\0" <"$2" |
            xargs -0 openssl dgst -sha256 >/dev/null' sh "$set/bukti" "$files"
        ;;
    routine)
        prepare='rm -rf "$work/routine"; mkdir "$work/routine"'
        measure routine sh -c 'cd "$1" && for d in */; do
                zip -q -r "$2/${d%/}.zip" "$d" || exit 3
            done && tr "\n" "\0" <"$3" | xargs -0 sha256sum >/dev/null' \
            sh "$set/bukti" "$work/routine" "$files"
        ;;
    check)
        measure check "$DOSSIER" check "$set/manifest.xml"
        ;;
    verify)
        if [ ! -d "$work/bundle" ]; then
            "$DOSSIER" pack "$set/manifest.xml" -o "$work/bundle" >/dev/null
        fi
        measure verify "$DOSSIER" verify "$work/bundle"
        measure bundlefloor sh -c 'cd "$1" && find . -type f -print0 |
            xargs -0 openssl dgst -sha256 >/dev/null' sh "$work/bundle"
        ;;
    render)
        prepare='rm -f "$work/items.pdf"'
        measure render "$DOSSIER" render "$items/manifest.xml" \
            -o "$work/items.pdf"
        ;;
    *)
        echo "run.sh: unknown step '$step'" >&2
        exit 2
        ;;
    esac
done

res() {
    if [ -f "$work/$1.res" ]; then cat "$work/$1.res"; else echo "-"; fi
}

row() {
    r=$(res "$2")
    case $r in
    n/a) printf '| %s | n/a (command not available) | | |\n' "$1" ;;
    -) printf '| %s | not measured | | |\n' "$1" ;;
    *) # shellcheck disable=SC2086 # split the three numbers
       set -- "$1" $r
       printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" ;;
    esac
}

# ratio A B: wall time of A over wall time of B
ratio() {
    a=$(res "$1")
    b=$(res "$2")
    case "$a $b" in
    *n/a* | *-*) echo "n/a" ;;
    *) echo "$a $b" | awk '{ printf "%.2f", ($4 > 0 ? $1 / $4 : 0) }' ;;
    esac
}

bundle_bytes=-
if [ -d "$work/bundle" ]; then
    bundle_bytes=$(find "$work/bundle" -type f -exec cat {} + | wc -c)
fi
echo
echo "Evidence: $nfiles files, $bytes bytes ($size, seed $seed); bundle" \
    "$bundle_bytes bytes; median of $runs runs"
echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' \
    /proc/cpuinfo); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| step | wall s | CPU s | peak RSS MiB |"
echo "|---|---:|---:|---:|"
row "a. dossier pack" pack
row "b. hashing floor (openssl dgst -sha256)" floor
row "c. usual routine (zip -r + sha256sum)" routine
row "d. dossier check" check
row "d. dossier verify" verify
row "   hashing floor of the bundle" bundlefloor
row "d. dossier render (2,000 items)" render
echo
echo "| ratio | measured | target |"
echo "|---|---:|---:|"
echo "| pack / floor (a/b) | $(ratio pack floor) | <= 3.0 |"
echo "| pack / routine (a/c) | $(ratio pack routine) | <= 0.15 |"
echo "| check / floor | $(ratio check floor) | <= 1.0 |"
echo "| verify / bundle floor | $(ratio verify bundlefloor) | <= 2.0 |"

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
#   e  bagit-python, when it can be found (step "bagit"): make_bag over a
#      hard-linked copy of the evidence set (--sha512 --processes 2;
#      SHA-512 is the algorithm dossier's bag uses by default), and
#      --validate --processes 2 of the bundle that verify is timed on
#
# Each is run RUNS times (default 3) with the files in the page cache; the
# table shows the medians of wall seconds, CPU seconds (user + system) and
# peak RSS, from GNU time.  Environment:
#   DOSSIER     the binary (default: a Release build in build-bench/)
#   BENCH_DIR   scratch directory (default: ${TMPDIR:-/tmp}/dossier-bench);
#               removed at the end unless BENCH_KEEP=1
#   BENCH_STEPS which rows to measure (default: "pack floor routine check
#               verify render bagit")
#   BAGIT_PYTHON where bagit-python is: a folder holding the bagit package
#               (a git checkout's src/, or a site-packages) or a bagit.py
#               file; it runs with the same python3.  Unset: bagit as
#               installed for python3.  When neither imports, the bagit
#               rows say n/a and the rest is measured as usual.
#               bagit-python is not packaged for Debian 12: on a machine
#               with network, `pip install --no-deps --target DIR bagit`
#               (or `pip download --no-deps bagit` and unzip the wheel)
#               and copy DIR here, or `git clone
#               https://github.com/LibraryOfCongress/bagit-python` and
#               point at its src/.  bagit 1.9 reads its version from
#               the installed metadata (bagit-VERSION.dist-info/METADATA
#               beside the package); a bare checkout has none, so this
#               script then makes a stub (version 0.0.dev0) in its scratch
#               directory.
#   RUNS        repetitions (default 3)
#   SEED        generator seed (default 8)
# shellcheck disable=SC2016 # the single-quoted scripts expand later, in sh -c
set -eu

size=${1:-1G}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
work=${BENCH_DIR:-${TMPDIR:-/tmp}/dossier-bench}
steps=${BENCH_STEPS:-pack floor routine check verify render bagit}
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
# the command is not available.  Status 1 (findings) is accepted unless
# 'strict' is set.
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
        if [ "$rc" -ne 0 ] &&
            { [ "$rc" -ne 1 ] || [ -n "${strict:-}" ]; }; then
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

# find_bagit: sets bagit_path (the PYTHONPATH that imports bagit, empty
# when it is installed), or bagit_na (why not)
find_bagit() {
    bagit_path=
    bagit_na=
    if [ -n "${BAGIT_PYTHON:-}" ]; then
        case $BAGIT_PYTHON in
        *.py) bagit_path=$(cd "$(dirname "$BAGIT_PYTHON")" 2>/dev/null &&
                  pwd) || bagit_path=$(dirname "$BAGIT_PYTHON") ;;
        *) bagit_path=$(cd "$BAGIT_PYTHON" 2>/dev/null && pwd) ||
               bagit_path=$BAGIT_PYTHON ;;
        esac
    fi
    if bagit_py -c 'import bagit' >/dev/null 2>"$work/bagit-import.err"; then
        return 0
    fi
    # a bare checkout: bagit reads its version from the package metadata
    mkdir -p "$work/bagit-meta/bagit-0.0.dev0.dist-info"
    printf 'Metadata-Version: 2.1\nName: bagit\nVersion: 0.0.dev0\n' \
        >"$work/bagit-meta/bagit-0.0.dev0.dist-info/METADATA"
    bagit_path=${bagit_path:+$bagit_path:}$work/bagit-meta
    if bagit_py -c 'import bagit' >/dev/null 2>>"$work/bagit-import.err"; then
        return 0
    fi
    bagit_path=
    if [ -n "${BAGIT_PYTHON:-}" ]; then
        bagit_na="bagit-python not found in BAGIT_PYTHON=$BAGIT_PYTHON:"
        bagit_na="$bagit_na $(tail -n 1 "$work/bagit-import.err")"
    else
        bagit_na="bagit-python not found: set BAGIT_PYTHON=a folder holding"
        bagit_na="$bagit_na the bagit package, or a bagit.py"
    fi
}

# bagit_py ARGS...: python3 with bagit_path in front of PYTHONPATH
bagit_py() {
    env PYTHONPATH="$(bagit_pp)" python3 "$@"
}

bagit_pp() {
    if [ -n "$bagit_path" ] && [ -n "${PYTHONPATH:-}" ]; then
        echo "$bagit_path:$PYTHONPATH"
    else
        echo "$bagit_path${PYTHONPATH:-}"
    fi
}

# bagit-python's command line, for bagit_py -c
bagit_main='import sys, bagit; sys.argv[0] = "bagit.py"; bagit.main()'

bagit_version=
warm
for step in $steps; do
    prepare=
    strict=
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
    bagit)
        find_bagit
        if [ -n "$bagit_na" ]; then
            echo "n/a $bagit_na" >"$work/bagitmake.res"
            echo "n/a $bagit_na" >"$work/bagitvalidate.res"
            echo "run.sh: $bagit_na" >&2
            continue
        fi
        bagit_version=$(bagit_py -c "$bagit_main" --version 2>&1) ||
            bagit_version="bagit-python, version unknown"
        bagit_version="$bagit_version, $(bagit_py -c \
            'import bagit; print(bagit.__file__)'), $(python3 --version)"
        if [ ! -d "$work/bundle" ]; then
            "$DOSSIER" pack "$set/manifest.xml" -o "$work/bundle" >/dev/null
        fi
        strict=1
        # make_bag moves the files it is given into data/: each run gets
        # a fresh copy, hard links to the evidence set
        prepare='rm -rf "$work/bagit"; cp -al "$set/bukti" "$work/bagit"'
        measure bagitmake env PYTHONPATH="$(bagit_pp)" python3 \
            -c "$bagit_main" --quiet --processes 2 --sha512 "$work/bagit"
        rm -rf "$work/bagit"
        prepare=
        measure bagitvalidate env PYTHONPATH="$(bagit_pp)" python3 \
            -c "$bagit_main" --quiet --validate --processes 2 "$work/bundle"
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
    "n/a "*) printf '| %s | n/a (%s) | | |\n' "$1" "${r#n/a }" ;;
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
if [ -n "$bagit_version" ]; then
    echo "bagit: $bagit_version"
fi
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
row "e. bagit-python make_bag (sha512, 2 processes)" bagitmake
row "e. bagit-python validate of the bundle (2 processes)" bagitvalidate
echo
echo "| ratio | measured | target |"
echo "|---|---:|---:|"
echo "| pack / floor (a/b) | $(ratio pack floor) | <= 2.5 |"
echo "| pack / routine (a/c) | $(ratio pack routine) | <= 0.15 |"
echo "| check / floor | $(ratio check floor) | <= 1.0 |"
echo "| verify / bundle floor | $(ratio verify bundlefloor) | <= 2.0 |"
echo "| pack / bagit-python make_bag (a/e) |" \
    "$(ratio pack bagitmake) | <= 3.0 |"
echo "| verify / bagit-python validate (d/e) |" \
    "$(ratio verify bagitvalidate) | <= 1.0 |"

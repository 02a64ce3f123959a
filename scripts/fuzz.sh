#!/bin/sh
# fuzz.sh -- build the libFuzzer targets with clang (into build-fuzz/) and
# run each for SECONDS, then print executions and coverage per target.
#
# usage: scripts/fuzz.sh SECONDS [TARGET...]
#   TARGET: manifest, catalog, check, index, bag, render, verify
#           (default: every tests/fuzz/fuzz_*.c)
# environment:
#   FUZZ_JOBS=N     targets run at once (default 1; the machine is shared)
#   FUZZ_NICE=N     nice level of the fuzzers (default 19)
#   FUZZ_RSS_MB=N   -rss_limit_mb (default 2048)
#   FUZZ_TIMEOUT=N  -timeout in seconds, for an input (default 60: the
#                   machine is shared, and a starved run is no hang)
#   FUZZ_KEEP_GOING=1  run each target in libFuzzer's fork mode, which
#                   saves every crash, timeout and OOM and goes on, instead
#                   of stopping at the first (for runs on code with known
#                   findings); executions are then counted from the last
#                   status line
#
# Each target keeps its growing corpus in build-fuzz/corpus/TARGET/ (so a
# second run starts where the first stopped); it is seeded from
# tests/fuzz/corpus/TARGET/ and from what seeds_TARGET below generates.
# Crashes land in build-fuzz/crashes/TARGET/; turn each into a regression
# test (a seed file in tests/fuzz/corpus/TARGET/ plus a unit test).
#
# To add a target: write tests/fuzz/fuzz_NAME.c, list NAME in
# tests/fuzz/CMakeLists.txt, put a few small seeds in tests/fuzz/corpus/NAME/
# and, if it needs them, a seeds_NAME function and options below.
# shellcheck disable=SC2317 # seeds_* and options_* are called by name
set -eu

if [ $# -lt 1 ]; then
    echo "usage: $0 SECONDS [TARGET...]" >&2
    exit 2
fi
secs=$1
shift
case $secs in
    '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a number" >&2; exit 2 ;;
esac
src=$(cd "$(dirname "$0")/.." && pwd)
build=$src/build-fuzz
jobs=${FUZZ_JOBS:-1}
nice=${FUZZ_NICE:-19}
rss=${FUZZ_RSS_MB:-2048}
timeout=${FUZZ_TIMEOUT:-60}
# the libraries' own one-time leaks (fontconfig's configuration, which the
# first render of a process loads) are suppressed as in the test suite
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/tests/lsan.supp:print_suppressions=0}
export LSAN_OPTIONS
keep=
if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
    keep="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
fi

if ! command -v clang >/dev/null 2>&1; then
    echo "fuzz.sh: clang is missing; run 'scripts/install-deps.sh --fuzz'" >&2
    exit 3
fi

# ---- per-target seeds and options ----------------------------------------
# (called by name through run_one; SC2317 is disabled for them at the top)

# seeds_TARGET DIR: write generated seeds into DIR
seeds_manifest() {
    cp "$src/templates/example/manifest.xml" "$1/example.xml"
    cp "$src/templates/example-pemdi/manifest.xml" "$1/example-pemdi.xml"
}
seeds_catalog() {
    for f in "$src"/templates/frameworks/*.xml; do
        cp "$f" "$1/$(basename "$f")"
    done
}
seeds_check() {
    # the example's own manifest: its evidence paths miss in the fuzz tree
    cp "$src/templates/example/manifest.xml" "$1/example.xml"
    cp "$src/templates/example-pemdi/manifest.xml" "$1/example-pemdi.xml"
}
seeds_render() {
    # the example without its evidence (which the fuzz tree lacks): every
    # indicator, realistic text, and no errors, so it reaches the layout
    sed '/<evidence /d' "$src/templates/example/manifest.xml" >"$1/example.xml"
}
seeds_verify() {
    # real small bags from this build's dossier pack, with the traps
    sh "$src/tests/fuzz/mkseeds_verify.sh" "$build/dossier" "$1" traps ||
        echo "fuzz.sh: seeds_verify: could not pack the seed bags" >&2
}

# options_TARGET: extra libFuzzer options
options_manifest() { echo "-max_len=65536 -dict=$src/tests/fuzz/xml.dict"; }
options_catalog() { echo "-max_len=131072 -dict=$src/tests/fuzz/xml.dict"; }
options_check() { echo "-max_len=65536 -dict=$src/tests/fuzz/xml.dict"; }
options_index() { echo "-max_len=65536 -dict=$src/tests/fuzz/xml.dict"; }
options_bag() { echo "-max_len=16384"; }
options_render() {
    cat "$src/tests/fuzz/xml.dict" "$src/tests/fuzz/render.dict" >"$build/render.dict"
    echo "-max_len=65536 -dict=$build/render.dict"
}
options_verify() { echo "-max_len=32768 -dict=$src/tests/fuzz/verify.dict"; }

# ---- build ----------------------------------------------------------------

mkdir -p "$build"
CC=clang CXX=clang++ cmake -S "$src" -B "$build" -DDOSSIER_FUZZ=ON -DDOSSIER_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/build.log" 2>&1 ||
    { cat "$build/build.log" >&2; exit 3; }
cmake --build "$build" -j2 >>"$build/build.log" 2>&1 || { tail -40 "$build/build.log" >&2; exit 3; }

if [ $# -eq 0 ]; then
    for f in "$src"/tests/fuzz/fuzz_*.c; do
        t=$(basename "$f" .c)
        set -- "$@" "${t#fuzz_}"
    done
fi

# ---- run --------------------------------------------------------------------

run_one() {
    t=$1
    exe=$build/tests/fuzz/fuzz_$t
    corpus=$build/corpus/$t
    seeds=$build/seeds/$t
    crashes=$build/crashes/$t
    rm -rf "$seeds"
    mkdir -p "$corpus" "$seeds" "$crashes"
    if [ -d "$src/tests/fuzz/corpus/$t" ]; then
        cp "$src/tests/fuzz/corpus/$t"/* "$seeds/" 2>/dev/null || :
    fi
    if command -v "seeds_$t" >/dev/null 2>&1; then "seeds_$t" "$seeds"; fi
    opts=
    if command -v "options_$t" >/dev/null 2>&1; then opts=$("options_$t"); fi
    # shellcheck disable=SC2086 # $opts is a list of options
    # -timeout: see FUZZ_TIMEOUT above
    nice -n "$nice" "$exe" -max_total_time="$secs" -timeout="$timeout" \
        -rss_limit_mb="$rss" -print_final_stats=1 $keep \
        -artifact_prefix="$crashes/" $opts "$corpus" "$seeds" \
        >"$build/$t.log" 2>&1 || :
}

echo "fuzzing $* for $secs s each, $jobs at a time (logs in $build/TARGET.log)"
running=0
for t in "$@"; do
    if [ ! -x "$build/tests/fuzz/fuzz_$t" ]; then
        echo "fuzz.sh: no target '$t' in $build/tests/fuzz" >&2
        exit 2
    fi
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait
        running=0
    fi
done
wait

# ---- report -----------------------------------------------------------------

status=0
printf '%-10s %14s %9s %7s %8s %7s %8s %6s\n' target executions exec/s cov ft corpus crashes slow
for t in "$@"; do
    log=$build/$t.log
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | grep ' cov: ' | tail -1)
    if [ -z "$execs" ]; then
        # fork mode: "#EXECUTIONS: cov: ..."
        execs=$(echo "$last" | sed -n 's/^#\([0-9]*\):.*/\1/p')
    fi
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    ncorpus=$(find "$build/corpus/$t" -type f | wc -l)
    # slow-unit-*: an input that took over 10 s, which on a shared machine
    # is usually the load; crash-, leak-, timeout- and oom- are failures
    ncrash=$(find "$build/crashes/$t" -type f ! -name 'slow-unit-*' | wc -l)
    nslow=$(find "$build/crashes/$t" -type f -name 'slow-unit-*' | wc -l)
    printf '%-10s %14s %9s %7s %8s %7s %8s %6s\n' "$t" "${execs:-?}" "${rate:-?}" \
        "${cov:-?}" "${ft:-?}" "$ncorpus" "$ncrash" "$nslow"
    for a in "$build/crashes/$t"/*; do
        [ -f "$a" ] || continue
        # run each artifact again, alone: a timeout under load may not repeat
        if "$build/tests/fuzz/fuzz_$t" -timeout="$timeout" -runs=1 "$a" >/dev/null 2>&1; then
            echo "  $(basename "$a"): passes when run alone"
        else
            echo "  $(basename "$a"): fails again when run alone"
            status=1
        fi
    done
done
exit $status

# shellcheck shell=sh
# lib.sh -- helpers for the end-to-end scripts (POSIX sh).  Sourced after
# the script sets 'dossier' and 'src'.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# python3 resolved once: a version manager's shim on PATH (pyenv's is a
# shell script that runs pyenv first) costs 0.3 s a call here, ten times
# the interpreter it starts, and the scripts call python3 hundreds of
# times.  The interpreter itself goes first on PATH, through a link.
if py3=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) &&
    [ -x "$py3" ] && mkdir "$tmp/bin" && ln -s "$py3" "$tmp/bin/python3"; then
    case $tmp in *:*) ;; *) PATH=$tmp/bin:$PATH; export PATH ;; esac
fi
# the checkers import each other; no bytecode written into the source tree
PYTHONDONTWRITEBYTECODE=1 && export PYTHONDONTWRITEBYTECODE
# what pdftotext and qpdf said of a PDF, kept for the next question about
# the same bytes (tests/e2e/pdfcheck.py, tool)
mkdir "$tmp/cache" && DOSSIER_TEST_CACHE=$tmp/cache && export DOSSIER_TEST_CACHE
pass=0
fail=0
skipped=0
# seconds a run may take before it counts as a hang (see run)
limit=60

# snip FILE: the start of FILE on one line, for a "not ok" message
snip() { head -c 300 "$1" | tr "\n\t" "  "; }

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; }
# skip NAME REASON: one check that cannot run here; counted and printed
# (scripts/test.sh lists every skip after the run), never passed
skip() { skipped=$((skipped + 1)); echo "skip - $1: $2"; }

# run NAME CMD...: run with a time limit of $limit seconds (killed 2 s
# after that if it ignores SIGTERM); sets $status, output in
# $tmp/out and $tmp/err.  The limit turns a hang into a failure; it is
# not a speed test, so it leaves room for a sanitizer build on a busy
# machine.
run() {
    name=$1
    shift
    timeout -k 2 "$limit" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
        not_ok "$name: timed out after $limit s"
    fi
}

# alive PID: the process runs.  A zombie is dead: whoever inherits an
# orphan reaps it when it will (a PID namespace's first process may never),
# so kill -0, which a zombie answers, is not enough.
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    case $(ps -o stat= -p "$1" 2>/dev/null) in
    Z*|"") return 1 ;;
    esac
    return 0
}

# expect NAME STATUS: the last run's exit status
expect() {
    if [ "$status" -eq "$2" ]; then ok "$1: exit $2"; else
        not_ok "$1: exit $status, want $2: $(snip "$tmp/err")"
    fi
}

# has NAME PATTERN [FILE]: grep in the last run's stdout (or FILE)
has() {
    if grep -q -- "$2" "${3:-$tmp/out}"; then ok "$1"; else
        not_ok "$1: no '$2' in $(basename "${3:-$tmp/out}")"
    fi
}

# same_but_secrets INPUT ARCHIVED: ARCHIVED is the manifest INPUT without
# its links' secret= attributes, and with one comment line at its end
# that says so (when there were secrets)
same_but_secrets() {
    sed 's/ secret="[^"]*"//g' "$1" >"$tmp/.nosecret"
    if cmp -s "$1" "$tmp/.nosecret"; then
        cmp -s "$1" "$2"
    else
        head -n -1 "$2" | cmp -s "$tmp/.nosecret" - &&
            tail -n 1 "$2" | grep -q '^<!-- .* (secret= .* -->$'
    fi
}

# lacks NAME PATTERN [FILE]
lacks() {
    if grep -q -- "$2" "${3:-$tmp/out}"; then
        not_ok "$1: unexpected '$2'"
    else ok "$1"; fi
}

# code NAME CODE: the JSON output of the last run names finding CODE
code() {
    has "$1: finding $2" "\"code\": \"$2\""
}

# silent NAME: the last run printed nothing on stdout (usage errors)
silent() {
    if [ -s "$tmp/out" ]; then
        not_ok "$1: stdout not empty: $(snip "$tmp/out")"
    else ok "$1: stdout empty"; fi
}

# quiet NAME: the last run printed nothing on stderr
quiet() {
    if [ -s "$tmp/err" ]; then
        not_ok "$1: stderr not empty: $(snip "$tmp/err")"
    else ok "$1: stderr empty"; fi
}

# skip_all REASON: none of this script's tests can run here; say why and
# exit 77, which CTest reports as "Skipped" (SKIP_RETURN_CODE), never as
# passed
skip_all() {
    echo "skipped: $1"
    [ "$fail" -eq 0 ] || exit 1
    exit 77
}

finish() {
    echo "$pass passed, $fail failed, $skipped skipped"
    [ "$fail" -eq 0 ]
}

# noise BYTES SEED: BYTES pseudo-random bytes on stdout, the same bytes for
# the same SEED, so that no test depends on what /dev/urandom drew (base64
# of urandom once looked like a tracker module to libmagic)
noise() {
    python3 -c 'import random, sys
sys.stdout.buffer.write(random.Random(int(sys.argv[2])).randbytes(int(sys.argv[1])))' \
        "$1" "$2"
}

# have_pty: a pseudo-terminal can be opened here (a fresh chroot or a
# container may have no /dev/pts)
have_pty() {
    command -v python3 >/dev/null 2>&1 &&
        python3 -c 'import os; os.openpty()' >/dev/null 2>&1
}

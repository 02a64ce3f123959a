# shellcheck shell=sh
# lib.sh -- helpers for the end-to-end scripts (POSIX sh).  Sourced after
# the script sets 'dossier' and 'src'.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; }

# run NAME CMD...: run with a 10 s limit; sets $status, output in
# $tmp/out and $tmp/err
run() {
    name=$1
    shift
    timeout 10 "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ "$status" -eq 124 ]; then
        not_ok "$name: timed out"
    fi
}

# expect NAME STATUS: the last run's exit status
expect() {
    if [ "$status" -eq "$2" ]; then ok "$1: exit $2"; else
        not_ok "$1: exit $status, want $2: $(head -c 300 "$tmp/err")"
    fi
}

# has NAME PATTERN [FILE]: grep in the last run's stdout (or FILE)
has() {
    if grep -q -- "$2" "${3:-$tmp/out}"; then ok "$1"; else
        not_ok "$1: no '$2' in $(basename "${3:-$tmp/out}")"
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

# quiet NAME: the last run printed nothing on stderr
quiet() {
    if [ -s "$tmp/err" ]; then
        not_ok "$1: stderr not empty: $(head -c 300 "$tmp/err")"
    else ok "$1: stderr empty"; fi
}

finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}

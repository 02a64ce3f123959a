#!/bin/sh
# fresh-check.sh -- the README's two commands on a new Debian 12, as a new
# user meets them.  It builds a minimal Debian 12 root with debootstrap
# (minbase, plus git and ca-certificates), clones this repository's
# current commit into a fresh copy of it, and runs the commands of the
# README's first code block there, in each case:
#
#   root    as root, the clone in /root/dossier (mode 0700, as on Debian)
#   space   as root, the clone in "/root/my work/dossier"
#   sudo    as a normal user with sudo (no password), the clone in ~/dossier
#   busy    as root, with two CPU-bound processes running beside it
#   nosudo  as a normal user without sudo: the first command must stop,
#           naming the missing packages; once root has installed them
#           (scripts/install-deps.sh), both commands must pass as the user
#
# Each case runs in its own copy of the root, in its own mount and PID
# namespace (nothing is mounted on the host, nothing is left running).
# Downloaded packages are kept between cases in WORKDIR/apt-cache; every
# case still installs them itself.  Only committed work is checked.
#
# Run as root on the host; debootstrap is installed when missing.
# usage: sh scripts/fresh-check.sh [--runs N] [--keep] [--workdir DIR] [CASE...]
#   --runs N       run every case N times in a row (default 1)
#   --keep         keep each case's root (default: removed after the case)
#   --workdir DIR  where roots, logs and the package cache go
#                  (default /var/tmp/dossier-fresh-check)
#   CASE           root, space, sudo, busy or nosudo (default: all five)
# The mirror is the host's own Debian mirror (from /etc/apt), or
# $DEBIAN_MIRROR.  Exit 0 when every command of every case passed.
set -eu

usage() {
    sed -n 's/^# usage: /usage: /p; s/^#   \(-\|CASE\)/  \1/p' "$0" >&2
    exit 2
}

runs=1
keep=no
work=/var/tmp/dossier-fresh-check
while [ $# -gt 0 ]; do
    case $1 in
    --runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
    --keep) keep=yes; shift ;;
    --workdir) [ $# -ge 2 ] || usage; work=$2; shift 2 ;;
    -h | --help) usage ;;
    -*) echo "fresh-check: unknown option '$1'" >&2; usage ;;
    *) break ;;
    esac
done
cases=${*:-root space sudo busy nosudo}
for c in $cases; do
    case $c in
    root | space | sudo | busy | nosudo) ;;
    *) echo "fresh-check: unknown case '$c' (root, space, sudo, busy, nosudo)" >&2; exit 2 ;;
    esac
done
case $runs in
'' | *[!0-9]*) echo "fresh-check: --runs takes a number" >&2; exit 2 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
    echo "fresh-check: run as root (it builds a Debian root and chroots into it)" >&2
    exit 2
fi
cd "$(dirname "$0")/.."
repo=$(pwd)
commit=$(git rev-parse HEAD)
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    echo "fresh-check: uncommitted changes are not checked; checking $commit" >&2
fi

# the README's two commands: the first ```sh block, comments dropped
commands=$(awk '/^```sh/ { inside = 1; next } inside && /^```/ { exit }
    inside { sub(/[[:space:]]*#.*/, ""); if ($0 != "") print }' README.md)
if [ -z "$commands" ]; then
    echo "fresh-check: README.md has no \`\`\`sh block of commands" >&2
    exit 1
fi

mirror=${DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
    # the host's mirror for bookworm's main (deb822 or one-line sources)
    mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '
        /^$/ { if (suite && uri) { print uri; exit } suite = 0; uri = "" }
        /^URIs:/ { uri = $2 }
        /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") suite = 1 }
        END { if (suite && uri) print uri }' | head -n 1)
fi
if [ -z "$mirror" ]; then
    mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        awk '$1 == "deb" { for (i = 2; i < NF; i++) if ($(i + 1) == "bookworm") { print $i; exit } }')
fi
if [ -z "$mirror" ]; then
    echo "fresh-check: no Debian bookworm mirror in /etc/apt; set DEBIAN_MIRROR" >&2
    exit 2
fi

if ! command -v debootstrap >/dev/null 2>&1; then
    apt-get update -q && apt-get install -y -q debootstrap
fi

mkdir -p "$work/apt-cache/partial" "$work/logs"
base=$work/base
if [ ! -f "$base/.complete" ]; then
    rm -rf "$base"
    echo "fresh-check: debootstrap bookworm (minbase, git, ca-certificates) from $mirror"
    debootstrap --variant=minbase --include=git,ca-certificates bookworm "$base" "$mirror" \
        >"$work/logs/debootstrap.log" 2>&1 || {
        tail -20 "$work/logs/debootstrap.log" >&2
        exit 1
    }
    touch "$base/.complete"
fi

# inroot ROOT CMD...: run CMD in ROOT with /proc of its own and the package
# cache bound in, in new mount and PID namespaces
inroot() {
    r=$1
    shift
    unshare --mount --pid --fork --propagation private sh -c '
        r=$1; shift
        mount -t proc proc "$r/proc" &&
        mount -t tmpfs -o mode=1777 tmpfs "$r/dev/shm" &&
        mount --bind "$0" "$r/var/cache/apt/archives" &&
        exec chroot "$r" "$@"' "$work/apt-cache" "$r" "$@"
}

# case_run CASE RUN: one case in a fresh copy of the root; prints its result
# lines and returns non-zero when a command failed
case_run() {
    c=$1
    n=$2
    r=$work/root-$c
    log=$work/logs/run$n-$c.log
    : >"$log"
    rm -rf "$r"
    cp -a "$base" "$r"
    cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
    user=root
    home=/root
    dir=/root/dossier
    case $c in
    space) dir="/root/my work/dossier" ;;
    sudo)
        user=dev
        home=/home/dev
        dir=/home/dev/dossier
        inroot "$r" /bin/sh -c 'export DEBIAN_FRONTEND=noninteractive
            apt-get update -q && apt-get install -y -q --no-install-recommends sudo &&
            useradd -m -s /bin/bash dev &&
            echo "dev ALL=(ALL) NOPASSWD: ALL" >/etc/sudoers.d/dev &&
            chmod 440 /etc/sudoers.d/dev' >"$log" 2>&1 || {
            echo "run $n, $c: could not make the user with sudo (see $log)"
            return 1
        }
        ;;
    nosudo)
        user=plain
        home=/home/plain
        dir=/home/plain/dossier
        inroot "$r" useradd -m -s /bin/bash plain >"$log" 2>&1
        ;;
    esac
    mkdir -p "$r$(dirname "$dir")"
    git clone --quiet --no-hardlinks "$repo" "$r$dir"
    git -C "$r$dir" checkout --quiet "$commit"
    if [ "$user" != root ]; then
        inroot "$r" chown -R "$user:" "$dir"
    fi

    # the commands, one by one, as the user, in a clean environment
    script=$r/fresh-check-run.sh
    {
        echo 'set -u'
        echo 'status=0'
        if [ "$c" = busy ]; then
            echo 'sh -c "while :; do :; done" & b1=$!'
            echo 'sh -c "while :; do :; done" & b2=$!'
        fi
        printf 'cd %s || exit 1\n' "'$dir'"
        printf '%s\n' "$commands" | while IFS= read -r cmd; do
            printf 'echo "== fresh-check: %s"\n' "$cmd"
            printf '%s\n' "$cmd"
            printf 's=$?; echo "== fresh-check: exit $s: %s"; [ $s -eq 0 ] || status=$s\n' "$cmd"
        done
        [ "$c" = busy ] && echo 'kill "$b1" "$b2"'
        echo 'exit $status'
    } >"$script"
    chmod 644 "$script"
    path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    started=$(date +%s)
    set +e
    if [ "$user" = root ]; then
        inroot "$r" /usr/bin/env -i HOME=$home PATH=$path TERM=dumb \
            /bin/sh /fresh-check-run.sh >>"$log" 2>&1
    else
        inroot "$r" /usr/sbin/runuser -u "$user" -- /usr/bin/env -i HOME=$home \
            PATH=/usr/local/bin:/usr/bin:/bin TERM=dumb /bin/sh /fresh-check-run.sh >>"$log" 2>&1
    fi
    status=$?
    set -e
    if [ "$c" = nosudo ]; then
        # above, the packages were missing and no sudo was at hand: the
        # first command must have stopped and said what to run as root
        first=$(sed -n 's/^== fresh-check: exit \([0-9]*\): .*/\1/p' "$log" | head -n 1)
        if [ "${first:-0}" -ne 0 ] && grep -q '^install-deps: these Debian packages are missing' "$log" &&
            grep -q "su -c 'sh scripts/install-deps.sh'" "$log"; then
            echo "== fresh-check: without sudo, the first command stopped and named the packages" >>"$log"
            status=0
        else
            echo "== fresh-check: exit 1: without sudo, the first command did not stop with the package list" >>"$log"
            status=1
        fi
        # root installs them, as the message says; then the user's turn
        inroot "$r" /usr/bin/env -i HOME=/root PATH=$path /bin/sh -c \
            "cd '$dir' && sh scripts/install-deps.sh" >>"$log" 2>&1 || status=1
        inroot "$r" /usr/sbin/runuser -u "$user" -- /usr/bin/env -i HOME=$home \
            PATH=/usr/local/bin:/usr/bin:/bin TERM=dumb /bin/sh /fresh-check-run.sh >>"$log" 2>&1 ||
            status=1
    fi
    took=$(($(date +%s) - started))
    echo "run $n, $c ($user, '$dir'): exit $status in $((took / 60)) min $((took % 60)) s; log $log"
    grep -E '^== fresh-check: (exit|without)|tests passed|tests failed out of|^build-[a-z]+: skip' "$log" |
        sed 's/^/    /'
    [ "$keep" = yes ] || rm -rf "$r"
    return "$status"
}

echo "fresh-check: commit $commit, cases: $cases, runs: $runs"
echo "fresh-check: commands: $(printf '%s' "$commands" | tr '\n' ';')"
failed=0
summary=$work/logs/summary.txt
: >"$summary"
n=1
while [ "$n" -le "$runs" ]; do
    for c in $cases; do
        case_run "$c" "$n" | tee -a "$summary"
    done
    n=$((n + 1))
done
if grep -q '^run .*: exit [1-9]' "$summary" || grep -q 'could not make' "$summary"; then
    failed=1
fi
# a case that died while being set up (clone, copy, user) printed no line
want=$((runs * $(echo $cases | wc -w)))
got=$(grep -c '^run [0-9]*, [a-z]* (' "$summary" || true)
if [ "$got" -ne "$want" ]; then
    echo "fresh-check: $got of $want cases reported a result" | tee -a "$summary"
    failed=1
fi
echo
echo "fresh-check: summary in $summary"
[ "$failed" -eq 0 ] && echo "fresh-check: every case passed" || echo "fresh-check: FAILED"
exit "$failed"

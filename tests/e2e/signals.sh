#!/bin/sh
# signals.sh -- every signal whose default action ends the process stops
# pack, render and verify cleanly: exit 3, no OUTDIR or PDF, no
# temporary file or directory left.  A hang-up of the terminal pack runs
# in (its pty closed) does the same.  A command with nothing to clean up
# (check) still ends as the signal's default action would (128 + signal).
# A signal ignored when dossier starts (nohup; SIGINT and SIGQUIT in a
# background job of sh) stays ignored.
# usage: signals.sh DOSSIER [SOURCE_DIR]
set -u
dossier=$1
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

# every signal whose default action ends the process (16 is STKFLT,
# which dash names only by number)
sigs="HUP INT QUIT PIPE ALRM TERM USR1 USR2 XCPU XFSZ VTALRM PROF IO PWR 16 RTMIN RTMAX"

# pack: about 30 MB of text that deflate has to work at (a second or more)
mkdir -p "$tmp/w/b"
for i in 1 2 3; do
    { echo 'no,data'; noise 8000000 "$i" | base64; } >"$tmp/w/b/data$i.csv"
done
{
    echo '<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">'
    echo '<instance name="Uji"/><evidence-root path="b"/>'
    for i in 1 2 3; do
        echo "<indicator id=\"$i\"><assessment stage=\"mandiri\" level=\"1\"/>"
        echo "<evidence file=\"data$i.csv\" level=\"1\">Data $i</evidence></indicator>"
    done
    echo '</dossier>'
} >"$tmp/w/manifest.xml"

# render: 4,000 small files, a long checksum appendix (seconds per pass)
mkdir -p "$tmp/r/b"
i=1
while [ $i -le 4000 ]; do
    echo "catatan $i" >"$tmp/r/b/c$i.txt"
    i=$((i + 1))
done
awk 'BEGIN {
    print "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">"
    print "<instance name=\"Uji\"/><evidence-root path=\"b\"/>"
    for (k = 1; k <= 4; k++) {
        print "<indicator id=\"" k "\"><assessment stage=\"mandiri\" level=\"1\"/>"
        for (j = k; j <= 4000; j += 4)
            print "<evidence file=\"c" j ".txt\" level=\"1\">Catatan " j "</evidence>"
        print "</indicator>"
    }
    print "</dossier>"
}' >"$tmp/r/manifest.xml"

exe=$(readlink -f "$dossier")

# dfl CMD...: exec CMD with SIGINT and SIGQUIT at their default action, as
# from an interactive shell; a background job of this sh would inherit
# them ignored, and dossier leaves an ignored signal ignored
if env --default-signal=INT true 2>/dev/null; then
    dfl() { exec env --default-signal=INT,QUIT "$@"; }
else
    dfl() {
        exec python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
signal.signal(signal.SIGQUIT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$@"
    }
fi

# sigmask PID FIELD: /proc/PID/status's FIELD (SigCgt, SigIgn) as a number
# of its low 32 bits (every signal of $sigs)
sigmask() {
    m=$(sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status" 2>/dev/null)
    m=${m#????????}
    echo $((0x${m:-0}))
}

# signum NAME: the number of signal NAME on Linux (dash's kill -l knows
# no names)
signum() {
    case $1 in
    HUP) echo 1 ;; INT) echo 2 ;; QUIT) echo 3 ;; USR1) echo 10 ;;
    USR2) echo 12 ;; PIPE) echo 13 ;; ALRM) echo 14 ;; TERM) echo 15 ;;
    XCPU) echo 24 ;; XFSZ) echo 25 ;; VTALRM) echo 26 ;; PROF) echo 27 ;;
    IO) echo 29 ;; PWR) echo 30 ;;
    esac
}

# handles PID: PID is dossier itself and has its SIGTERM handler
handles() {
    [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$exe" ] || return 1
    [ $(($(sigmask "$1" SigCgt) & 0x4000)) -ne 0 ]
}

# caught PID: PID is dossier itself and has its handlers for SIGINT and
# SIGTERM (Linux /proc; right after 'cmd &' PID may still be the shell)
caught() {
    [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$exe" ] || return 1
    mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
    mask=${mask#????????}
    [ -n "$mask" ] && [ $((0x$mask & 0x4002)) -eq $((0x4002)) ]
}

# appears GLOB: wait (up to about 60 s) until a file matches GLOB
appears() {
    n=0
    glob=$1
    while [ $n -lt 3000 ]; do
        # shellcheck disable=SC2086
        set -- $glob
        [ -e "$1" ] && return 0
        sleep 0.02
        n=$((n + 1))
    done
    return 1
}

# stop NAME PID SIGNAL: send SIGNAL to PID, wait for it, set $status and
# check that it stopped within 10 s (generous, for a sanitizer build)
stop() {
    started=$(date +%s)
    kill -s "$3" "$2"
    wait "$2"
    status=$?
    took=$(($(date +%s) - started))
    if [ "$took" -gt 10 ]; then not_ok "$1: took $took s"; fi
}

# leftovers NAME GLOB...: nothing matches any GLOB
leftovers() {
    name=$1
    shift
    for g in "$@"; do
        # shellcheck disable=SC2086
        set -- $g
        if [ -e "$1" ]; then not_ok "$name: $1 left"; return; fi
    done
    ok "$name: nothing left"
}

pack_at_zips() {
    rm -rf "$tmp/o"
    dfl "$dossier" pack "$tmp/w/manifest.xml" -o "$tmp/o" --jobs 1 --lang en \
        >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    appears "$tmp/o.tmp-*" || not_ok "pack $1: never started writing"
    stop "pack $1" "$pid" "$1"
    expect "pack, SIG$1 while writing the zips" 3
    has "pack $1: says so" "interrupted; no bundle was written" "$tmp/err"
    leftovers "pack $1" "$tmp/o" "$tmp/o.tmp-*" "$tmp/.o.tmp-*"
}

render_at() {
    rm -f "$tmp/r/out.pdf"
    dfl "$dossier" render "$tmp/r/manifest.xml" -o "$tmp/r/out.pdf" --lang en \
        --no-thumbnails >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    if [ "$2" = pdf ]; then
        appears "$tmp/r/out.pdf.tmp-*" || not_ok "render $1: never started writing"
    else
        n=0
        while [ $n -lt 500 ] && ! caught "$pid"; do sleep 0.02; n=$((n + 1)); done
    fi
    stop "render $1" "$pid" "$1"
    expect "render, SIG$1 ($2)" 3
    has "render $1: says so" "interrupted" "$tmp/err"
    leftovers "render $1 ($2)" "$tmp/r/out.pdf" "$tmp/r/out.pdf.tmp-*"
}

for s in $sigs; do
    pack_at_zips "$s"
    render_at "$s" start
done
# while the PDF is being written, beside its final name
for s in INT HUP PIPE; do
    render_at "$s" pdf
done

# The passphrase from the environment is taken out of it before the
# preview server is forked: neither pack's environment (/proc/PID/environ,
# which any process of the user can read) nor the server's holds it
rm -rf "$tmp/o"
DOSSIER_PASSPHRASE=kata-sandi-rahasia-77 dfl "$dossier" pack "$tmp/w/manifest.xml" \
    -o "$tmp/o" --jobs 1 --lang en >"$tmp/out" 2>"$tmp/err" &
pid=$!
appears "$tmp/o.tmp-*" || not_ok "pack with a passphrase: never started writing"
found=""
for p in "$pid" $(ps -o pid= --ppid "$pid"); do
    if tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -q kata-sandi-rahasia-77; then
        found="$found $p"
    fi
done
if [ -z "$found" ]; then ok "pack with a passphrase: not in any environment"
else not_ok "pack with a passphrase: in the environment of$found"; fi
stop "pack with a passphrase" "$pid" TERM
expect "pack with a passphrase, SIGTERM" 3

# A signal ignored from the start stays ignored, whichever it is: sent, it
# neither stops render nor is caught; SIGTERM still stops it cleanly (the
# named ones, which dash's trap knows and the low 32 bits of the masks hold)
for s in HUP INT QUIT PIPE ALRM USR1 USR2 XCPU XFSZ VTALRM PROF IO PWR; do
    [ "$s" = TERM ] && continue
    num=$(signum "$s")
    rm -f "$tmp/r/out.pdf"
    (trap '' "$s" && exec "$dossier" render "$tmp/r/manifest.xml" -o "$tmp/r/out.pdf" \
        --lang en --no-thumbnails >"$tmp/out" 2>"$tmp/err") &
    pid=$!
    n=0
    while [ $n -lt 500 ] && ! handles "$pid"; do sleep 0.02; n=$((n + 1)); done
    if [ $(($(sigmask "$pid" SigIgn) & (1 << (num - 1)))) -ne 0 ]; then
        ok "SIG$s ignored at start: still ignored"
    else
        not_ok "SIG$s ignored at start: dossier catches it"
    fi
    kill -s "$s" "$pid"
    sleep 0.3
    if kill -0 "$pid" 2>/dev/null; then ok "SIG$s ignored at start: render goes on"
    else not_ok "SIG$s ignored at start: render stopped"; fi
    stop "render, SIG$s ignored, then TERM" "$pid" TERM
    expect "render, SIG$s ignored, then TERM" 3
    leftovers "render, SIG$s ignored, then TERM" "$tmp/r/out.pdf" "$tmp/r/out.pdf.tmp-*"
done

# verify has nothing to clean up, but stops promptly with exit 3
run "pack for verify" "$dossier" pack "$tmp/w/manifest.xml" -o "$tmp/bundle" --lang en
expect "pack for verify" 0
for s in TERM HUP PIPE; do
    dfl "$dossier" verify "$tmp/bundle" --lang en >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    n=0
    while [ $n -lt 500 ] && ! caught "$pid"; do sleep 0.02; n=$((n + 1)); done
    stop "verify $s" "$pid" "$s"
    expect "verify, SIG$s" 3
done

# check cleans nothing up: the signal's default action, 128 + signal
"$dossier" check "$tmp/r/manifest.xml" >"$tmp/out" 2>"$tmp/err" &
pid=$!
n=0
while [ $n -lt 3000 ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" != "$exe" ]; do
    sleep 0.02
    n=$((n + 1))
done
stop "check TERM" "$pid" TERM
expect "check, SIGTERM: killed as by default" 143

# The terminal closed under pack: its pty's master end goes away, the
# kernel sends SIGHUP, and every later write to the terminal fails.
if have_pty; then
    rm -rf "$tmp/o"
    python3 - "$dossier" "$tmp/w/manifest.xml" "$tmp/o" >"$tmp/pty" 2>&1 <<'EOF'
import glob, os, pty, select, sys, time
dossier, manifest, out = sys.argv[1:4]
pid, fd = pty.fork()
if pid == 0:
    os.execv(dossier, [dossier, "pack", manifest, "-o", out, "--jobs", "1",
                       "--lang", "en"])
deadline = time.time() + 60
while not glob.glob(out + ".tmp-*") and time.time() < deadline:
    if select.select([fd], [], [], 0.02)[0]:
        try:
            os.read(fd, 65536)  # the progress line
        except OSError:
            break
os.close(fd)                    # the terminal goes away
_, st = os.waitpid(pid, 0)
print("exit", os.WEXITSTATUS(st) if os.WIFEXITED(st) else 128 + os.WTERMSIG(st))
EOF
    if grep -q '^exit 3$' "$tmp/pty"; then ok "pack, terminal closed: exit 3"
    else not_ok "pack, terminal closed: $(snip "$tmp/pty")"; fi
    leftovers "pack, terminal closed" "$tmp/o" "$tmp/o.tmp-*"
else
    skip "pack, terminal closed" "no pseudo-terminal can be opened here"
fi

finish

#!/bin/sh
# pack_signal.sh -- SIGINT or SIGTERM sent while pack runs on a large
# input stops it promptly with exit 3 and a message, and leaves neither an
# OUTDIR nor a temporary directory; a file-size limit is a write error
# (exit 3), not a kill.
# usage: pack_signal.sh DOSSIER [SOURCE_DIR]
set -u
dossier=$1
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
limit=120

# about 240 MB of text that deflate has to work at
mkdir -p "$tmp/w/b"
for i in 1 2 3; do
    { echo 'no,data'; noise 60000000 "$i" | base64; } >"$tmp/w/b/data$i.csv"
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

# The binary, as /proc/PID/exe shows it once a process has exec'd it.
exe=$(readlink -f "$dossier")

# caught PID: PID is dossier itself and has its SIGINT and SIGTERM
# handlers (Linux /proc).  Right after 'cmd &', PID is still the forked
# shell, which may hold this script's own trap on INT and TERM: its
# handlers say nothing about dossier's, so only dossier's own count.
caught() {
    [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$exe" ] || return 1
    mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
    mask=${mask#????????}
    [ -n "$mask" ] && [ $((0x$mask & 0x4002)) -eq $((0x4002)) ]
}

# interrupt SIGNAL WHEN: start pack, send SIGNAL once the temporary
# directory exists (WHEN=zips) or as soon as pack catches signals, while
# it is still checking (WHEN=start)
interrupt() {
    name="$1 during $2"
    rm -rf "$tmp/o"
    # SIGINT at its default action, as from an interactive shell: a
    # background job of sh inherits it ignored, and dossier leaves it so
    env --default-signal=INT "$dossier" pack "$tmp/w/manifest.xml" -o "$tmp/o" \
        --jobs 1 --lang en >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    if [ "$2" = zips ]; then
        i=0
        while [ $i -lt 1200 ] && ! find "$tmp" -maxdepth 1 -name 'o.tmp-*' | grep -q .; do
            sleep 0.05
            i=$((i + 1))
        done
        if ! find "$tmp" -maxdepth 1 -name 'o.tmp-*' | grep -q .; then
            not_ok "$name: pack never started writing"
        fi
        sleep 0.3
    else
        i=0
        while [ $i -lt 3000 ] && ! caught "$pid"; do
            sleep 0.02
            i=$((i + 1))
        done
        if ! caught "$pid"; then
            not_ok "$name: dossier never showed its signal handlers"
        fi
    fi
    started=$(date +%s)
    kill -s "$1" "$pid"
    wait "$pid"
    status=$?
    took=$(($(date +%s) - started))
    expect "$name" 3
    has "$name: says so" "interrupted; no bundle was written at '$tmp/o'" "$tmp/err"
    if [ -e "$tmp/o" ]; then not_ok "$name: OUTDIR exists"; else ok "$name: no OUTDIR"; fi
    if find "$tmp" -maxdepth 1 -name 'o.tmp-*' | grep -q .; then
        not_ok "$name: temporary directory left"
    else ok "$name: no temporary directory"; fi
    # generous, for a loaded machine and a sanitizer build
    if [ "$took" -le 10 ]; then ok "$name: stopped within 10 s"; else not_ok "$name: took $took s"; fi
}

interrupt INT zips
interrupt TERM zips
interrupt TERM start
interrupt INT start

# a file-size limit below the zips' size: exit 3, nothing left
(ulimit -f 20000 && "$dossier" pack "$tmp/w/manifest.xml" -o "$tmp/o" --lang en \
    >"$tmp/out" 2>"$tmp/err")
status=$?
expect "file-size limit" 3
if [ -e "$tmp/o" ]; then not_ok "file-size limit: OUTDIR exists"; else ok "file-size limit: no OUTDIR"; fi
if find "$tmp" -maxdepth 1 -name 'o.tmp-*' | grep -q .; then
    not_ok "file-size limit: temporary directory left"
else ok "file-size limit: no temporary directory"; fi

finish

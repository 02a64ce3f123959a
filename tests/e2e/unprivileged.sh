#!/bin/sh
# unprivileged.sh -- faults only a user without root's powers meets: an
# evidence file the user may not read, an output folder the user may not
# write.  Each gives its exit status and a message naming the file, and
# publishes nothing.
#
# As root, the runs drop to 'nobody' (setpriv).  The build tree may be
# where nobody cannot go (a clone under /root is mode 0700), so nobody
# runs a world-readable installed copy of this build, made here with
# `cmake --install`.  When that cannot be arranged, the whole test is
# skipped (exit 77, "Skipped" in CTest) with the reason printed; it is
# never passed without running.
# usage: unprivileged.sh DOSSIER SOURCE_DIR BUILD_DIR
set -u
dossier=$1
src=$2
build=$3
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=SCRIPTDIR/faults-lib.sh
. "$(dirname "$0")/faults-lib.sh"
export SOURCE_DATE_EPOCH=1700000000

# $as: a command prefix that runs as a user without root's powers (empty
# when we are not root: permissions already apply); $bin: the dossier
# that user can run
as=
bin=$dossier
# a tree the unprivileged user can walk: mktemp made $tmp private, and
# a umask of 077 would make every folder below it private too
umask 022
chmod 755 "$tmp"
if [ "$(id -u)" -eq 0 ]; then
    command -v setpriv >/dev/null 2>&1 ||
        skip_all "running as root, and setpriv (util-linux) is not installed"
    as="setpriv --reuid=nobody --regid=nogroup --clear-groups"
    # shellcheck disable=SC2086 # $as is a command prefix
    $as true 2>"$tmp/err" ||
        skip_all "running as root, and setpriv cannot become nobody: $(snip "$tmp/err")"
    cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 ||
        skip_all "cannot make a copy nobody can run: $(tail -3 "$tmp/install.log")"
    chmod -R a+rX "$tmp/prefix"
    bin=$tmp/prefix/bin/dossier
    # a sanitizer build reads its leak suppressions from the source tree
    if [ -n "${LSAN_OPTIONS:-}" ]; then
        cp "$src/tests/lsan.supp" "$tmp/lsan.supp" && chmod 644 "$tmp/lsan.supp"
        LSAN_OPTIONS="suppressions='$tmp/lsan.supp':print_suppressions=0"
        export LSAN_OPTIONS
    fi
    # shellcheck disable=SC2086
    $as "$bin" catalog --lang en >"$tmp/out" 2>"$tmp/err" ||
        skip_all "nobody cannot run the copy in $tmp (is TMPDIR private?): $(snip "$tmp/err")"
    ok "nobody runs a copy of this build"
fi

# --- an unreadable evidence file ---------------------------------------

d=$tmp/unreadable
manifest "$d" "$(evidence 1 a.pdf)" "$(evidence 2 rahasia.pdf)"
pdf "$d/bukti/a.pdf"
pdf "$d/bukti/rahasia.pdf"
chmod 000 "$d/bukti/rahasia.pdf"
# shellcheck disable=SC2086 # $as is a command prefix
run "check, file unreadable" $as "$bin" check --lang en "$d/m.xml"
expect "check, file unreadable" 1
has "check, file unreadable: finding" \
    "m.xml:6: error: 'rahasia.pdf' cannot be read: Permission denied \[file-unreadable\]"
# shellcheck disable=SC2086
run "pack, file unreadable" $as "$bin" pack --lang en "$d/m.xml" -o "$d/bundle"
expect "pack, file unreadable" 1
has "pack, file unreadable: names the file" "'rahasia.pdf' cannot be read" "$tmp/err"
has "pack, file unreadable: nothing packed" "nothing was packed" "$tmp/err"
nothing_published "pack, file unreadable" "$d/bundle"

# --- a read-only output folder -----------------------------------------

d=$tmp/readonly
manifest "$d" "$(evidence 1 a.pdf)"
pdf "$d/bukti/a.pdf"
mkdir -p "$d/ro"
chmod 555 "$d/ro"
# shellcheck disable=SC2086
run "pack into a read-only folder" $as "$bin" pack --lang en "$d/m.xml" -o "$d/ro/bundle"
expect "pack into a read-only folder" 3
has "pack into a read-only folder: names it" \
    "cannot create a directory beside '$d/ro/bundle': Permission denied" "$tmp/err"
nothing_published "pack into a read-only folder" "$d/ro/bundle"

finish

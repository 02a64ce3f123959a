#!/bin/sh
# install.sh -- `cmake --install` puts the binary, catalogs, schemas and
# translations where the installed binary finds them, away from the tree.
# usage: install.sh DOSSIER SOURCE_DIR BUILD_DIR
set -u
src=$2
build=$3
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

if cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1; then
    ok "cmake --install"
else
    not_ok "cmake --install: $(tail -3 "$tmp/install.log")"
fi

bin=$tmp/prefix/bin/dossier
for f in share/dossier/frameworks/spbe-2020.xml \
         share/dossier/frameworks/pemdi-2026.xml \
         share/dossier/schemas/manifest.xsd \
         share/dossier/schemas/framework.xsd \
         share/dossier/example/manifest.xml \
         share/locale/id/LC_MESSAGES/dossier.mo; do
    if [ -f "$tmp/prefix/$f" ]; then ok "installed $f"; else not_ok "installed $f"; fi
done

# run from elsewhere, with the source tree out of reach of the lookup
cd "$tmp" || exit 1
if "$bin" catalog >"$tmp/out" 2>&1 && grep -q spbe-2020 "$tmp/out"; then
    ok "installed binary finds its catalogs"
else
    not_ok "installed binary finds its catalogs: $(cat "$tmp/out")"
fi
cp -R "$tmp/prefix/share/dossier/example" "$tmp/example"
"$bin" check "$tmp/example/manifest.xml" >"$tmp/out" 2>&1
status=$?
if [ "$status" -eq 0 ]; then
    ok "installed binary checks the installed example"
else
    not_ok "installed binary checks the installed example (exit $status): $(tail -5 "$tmp/out")"
fi
if LC_ALL=C "$bin" check --lang id "$tmp/nonexistent.xml" 2>&1 | grep -q "Ringkasan"; then
    ok "installed binary finds its translations"
else
    not_ok "installed binary finds its translations"
fi
if "$bin" --version --lang en >"$tmp/out" 2>&1 &&
    grep -qxF "data: $tmp/prefix/share/dossier (the installed copy beside this binary)" "$tmp/out"; then
    ok "installed binary names its own data in --version"
else
    not_ok "installed binary names its own data in --version: $(snip "$tmp/out")"
fi

# a copy with no data beside it fails and says where it looked; it never
# takes the data of the build tree or of another installed copy
mkdir -p "$tmp/bare/bin"
cp "$bin" "$tmp/bare/bin/dossier"
"$tmp/bare/bin/dossier" catalog --lang en >"$tmp/out" 2>"$tmp/err"
status=$?
if [ "$status" -eq 3 ] && grep -qF "cannot read the framework catalogs in '$tmp/bare/share/dossier/frameworks' (the installed copy beside this binary)" "$tmp/err"; then
    ok "a binary without its data says where it looked"
else
    not_ok "a binary without its data says where it looked (exit $status): $(snip "$tmp/err")"
fi

case $(dirname "$(readlink -f "$bin")") in
    "$src"*) not_ok "binary is outside the source tree" ;;
    *) ok "binary is outside the source tree" ;;
esac

finish

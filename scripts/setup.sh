#!/bin/sh
# setup.sh -- from a fresh clone to a result: install the Debian packages,
# build dossier, and run the main job on the bundled example: check, score,
# and pack (the bag with the zips and the dossier PDF).
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)

# root or sudo only when a package is missing
sh scripts/install-deps.sh

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)"

out="$top/build/example"
rm -rf "$out"
mkdir -p "$out"
example=templates/example/manifest.xml
status=0
./build/dossier check "$example" >"$out/check.txt" || status=$?
./build/dossier score "$example" >"$out/score.txt" || status=$?
./build/dossier pack "$example" -o "$out/bundle" >"$out/pack.txt" || status=$?
cat "$out/score.txt"
echo
echo "dossier is built:               $top/build/dossier"
echo "check report of the example:    $out/check.txt"
echo "index, predikat and plan:       $out/score.txt"
echo "dossier PDF for the assessors:  $out/bundle/data/dossier.pdf"
echo "the yearly bundle (BagIt):      $out/bundle/ (check it: ./build/dossier verify $out/bundle)"
echo "per-indicator zips:             $out/bundle/data/indicators/"
echo
echo "to type 'dossier' as the README does: sudo cmake --install build"
echo "  (or, for this shell only: export PATH=\"$top/build:\$PATH\")"
[ "$status" -eq 0 ] || echo "(a step exited with status $status)"
exit "$status"

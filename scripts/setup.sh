#!/bin/sh
# setup.sh -- from a fresh clone to a result: install the Debian packages,
# build dossier, and run the main job on the bundled example.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)

if [ "$(id -u)" -eq 0 ]; then
    sh scripts/install-deps.sh
else
    sudo sh scripts/install-deps.sh
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)"

out="$top/build/example"
rm -rf "$out"
mkdir -p "$out"
status=0
./build/dossier check templates/example/manifest.xml >"$out/check.txt" || status=$?
cat "$out/check.txt"
echo
echo "dossier is built: $top/build/dossier"
echo "check report of the bundled example: $out/check.txt (exit status $status)"
# 0 = clean, 1 = the example has errors: both are results; 2 and 3 are not
[ "$status" -le 1 ]

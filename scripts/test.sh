#!/bin/sh
# test.sh -- install what is needed, build with warnings as errors, and run
# the whole test suite (Check unit suites and end-to-end tests) with CTest.
set -eu
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then
    sh scripts/install-deps.sh
else
    sudo sh scripts/install-deps.sh
fi

cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DDOSSIER_WERROR=ON >/dev/null
cmake --build build-test -j "$(nproc)"
ctest --test-dir build-test --output-on-failure -j "$(nproc)" -LE slow

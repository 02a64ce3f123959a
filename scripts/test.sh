#!/bin/sh
# test.sh -- install what is needed, then build and run the whole test
# suite (Check unit suites and end-to-end tests) twice: a normal build with
# warnings as errors, and a build with AddressSanitizer, LeakSanitizer and
# UndefinedBehaviorSanitizer.  Tests labelled "slow" are left out; run them
# with: ctest --test-dir build-test -L slow
set -eu
cd "$(dirname "$0")/.."

# root or sudo only when a package is missing
sh scripts/install-deps.sh

jobs=$(nproc)
failed=
for variant in test asan; do
    sanitize=OFF
    [ "$variant" = asan ] && sanitize=ON
    echo "== build-$variant (sanitizers: $sanitize)"
    # both variants always run; a failure in one is reported at the end
    if cmake -S . -B "build-$variant" -DCMAKE_BUILD_TYPE=Debug -DDOSSIER_WERROR=ON \
        -DDOSSIER_SANITIZE="$sanitize" >/dev/null &&
        cmake --build "build-$variant" -j "$jobs" &&
        ctest --test-dir "build-$variant" --output-on-failure -j "$jobs" -LE slow; then
        :
    else
        failed="$failed build-$variant"
    fi
    # a skipped test or check says why (tests/e2e/lib.sh skip_all, skip)
    grep -h -e '^skipped: ' -e '^skip - ' "build-$variant/Testing/Temporary/LastTest.log" \
        2>/dev/null | sed "s/^/build-$variant: /" || true
done
if [ -n "$failed" ]; then
    echo "test.sh: FAILED in$failed" >&2
    exit 1
fi

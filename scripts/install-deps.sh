#!/bin/sh
# install-deps.sh -- install the Debian packages dossier builds, tests and
# runs with, on Debian 12 or later.  Asks for nothing when every package is
# there; otherwise installs what is missing as root, or through sudo, and
# without either says what to run.  With --fuzz, also clang and
# its libFuzzer and sanitizer runtimes (only recommended by clang), for
# scripts/fuzz.sh.
set -eu

PACKAGES="
    build-essential cmake pkg-config gettext
    libxml2-dev libxml2-utils libzip-dev zlib1g-dev
    libcairo2-dev libpango1.0-dev libpoppler-cpp-dev libgdk-pixbuf-2.0-dev libpng-dev
    libssl-dev libmagic-dev libjansson-dev libxlsxwriter-dev check
    libqpdf-dev libarchive-dev
    unzip p7zip-full libarchive-tools qpdf poppler-utils file strace python3
    zip time python3-openpyxl
"
if [ "${1:-}" = --fuzz ]; then
    PACKAGES="$PACKAGES clang libclang-rt-dev"
fi

missing=
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=
elif command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
    echo "install-deps: installing with sudo:$missing"
else
    echo "install-deps: these Debian packages are missing:$missing" >&2
    echo "install-deps: installing them takes root, and sudo is not installed." >&2
    echo "install-deps: run it as root in this folder (for example:" >&2
    echo "install-deps:   su -c 'sh scripts/install-deps.sh'), then run this again." >&2
    exit 1
fi
# through env: sudo resets the environment, and debconf must not ask
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing

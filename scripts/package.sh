#!/bin/sh
# Builds the Debian package, build/shmbridge_<version>_<arch>.deb: set up and
# build as the test command does, then CPack (packaging/CMakeLists.txt).
set -eu
cd "$(dirname "$0")/.."
. scripts/lib.sh
set_up
cd build
rm -f shmbridge_*.deb
cpack -G DEB >/dev/null
ls "$PWD"/shmbridge_*.deb

#!/bin/sh
# Builds the Debian packages into build/ and prints their paths, one a line:
# shmbridge (the app and tools), libshmbridge0, qml6-module-shmbridge,
# libshmbridge-dev and python3-shmbridge. Sets up and builds as the test
# command does, then CPack (packaging/CMakeLists.txt).
set -eu
cd "$(dirname "$0")/.."
. scripts/lib.sh
set_up
cd build
rm -f ./*.deb
# Its log says, among other things, that the QML plugin has no SONAME (as
# plugins have none): shown only when cpack fails.
cpack -G DEB >cpack.log 2>&1 || { cat cpack.log >&2; exit 1; }
ls "$PWD"/*.deb

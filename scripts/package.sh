#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Builds the Debian packages into build/ and prints their paths, one a line:
# shmbridge (the app and tools), libshmbridge0, qml6-module-shmbridge,
# libshmbridge-dev and python3-shmbridge. Sets up and builds as the test
# command does, then CPack (packaging/CMakeLists.txt).
#   ARCH=arm64 scripts/package.sh   cross-builds them for arm64 instead, in
#                                   build-arm64 (Debian's multiarch, with
#                                   packaging/toolchain-arm64.cmake)
# Only the paths go to stdout; what the set-up and build say goes to stderr.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib.sh
native=$(dpkg --print-architecture)
arch=${ARCH:-$native}
if [ "$arch" = "$native" ]; then
    set_up >&2
    build=build
else
    set_up_cross "$arch" >&2
    build=build-$arch
fi
cd "$build"
rm -f ./*.deb
# Its log says, among other things, that the QML plugin has no SONAME (as
# plugins have none): shown only when cpack fails. dpkg-architecture tells
# dpkg-shlibdeps which architecture's libraries the programs need.
dpkg-architecture -a"$arch" -c cpack -G DEB >cpack.log 2>&1 || { cat cpack.log >&2; exit 1; }
ls "$PWD"/*.deb

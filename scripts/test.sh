#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# The test command: set up, build, and run every test (unit, multiprocess,
# QML and end-to-end), headless. Arguments go to ctest (e.g. -L unit).
#   ARCH=arm64 scripts/test.sh -L 'unit|multiprocess|faults'
#       cross-builds for arm64 (build-arm64, as scripts/package.sh does) and
#       runs those tests through qemu-user; the windows and the broker's
#       tests are for native builds.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib.sh
native=$(dpkg --print-architecture)
arch=${ARCH:-$native}
if [ "$arch" = "$native" ]; then
    set_up
    build=build
else
    set_up_cross "$arch"
    build=build-$arch
fi
export QT_QPA_PLATFORM=offscreen
cd "$build"
ctest --output-on-failure --timeout 900 "$@"

#!/bin/sh
# The test command: set up, build, and run every test (unit, multiprocess,
# QML and end-to-end), headless.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib.sh
set_up
export QT_QPA_PLATFORM=offscreen
cd build
ctest --output-on-failure --timeout 900 "$@"

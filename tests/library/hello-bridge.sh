#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Apps written outside this build use the installed library: install the
# components library, qml and dev into a temporary prefix; build
# examples/hello-bridge (QML) and examples/hello-bridge-cpp (C++) against it
# with find_package(ShmBridge), and hello-bridge-cpp once more with
# pkg-config alone; each runs and exchanges text with shmbridge-cli both ways.
#   hello-bridge.sh BUILD_DIR SOURCE_DIR SHMBRIDGE_CLI
set -eu
build=$1 source=$2 cli=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/hello-bridge.XXXXXX")
trap 'rm -rf "$work"' EXIT
for component in library qml dev; do
    cmake --install "$build" --component "$component" --prefix "$work/usr" >/dev/null
done
# Only what was installed: the module from the prefix, its library beside it.
library=$(dirname "$(find "$work/usr" -name 'libshmbridge.so.0' | head -n 1)")
module=$(dirname "$(dirname "$(find "$work/usr" -path '*/ShmBridge/qmldir' | head -n 1)")")
export QML_IMPORT_PATH="$module" LD_LIBRARY_PATH="$library"
for example in hello-bridge hello-bridge-cpp; do
    cmake -S "$source/examples/$example" -B "$work/$example" -G Ninja -DCMAKE_PREFIX_PATH="$work/usr" >"$work/configure.log" 2>&1 \
        || { cat "$work/configure.log"; exit 1; }
    cmake --build "$work/$example" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
    "$source/tests/library/exchange-text.sh" "$work/$example/$example" "$cli" "$work"
    echo "$example: built with find_package(ShmBridge), text crossed both ways"
done
# shellcheck disable=SC2046 # pkg-config's words are the compiler's arguments
c++ -std=c++17 -fPIC -o "$work/hello-bridge-cpp-pc" "$source/examples/hello-bridge-cpp/main.cpp" \
    $(PKG_CONFIG_PATH="$library/pkgconfig" pkg-config --cflags --libs shmbridge)
"$source/tests/library/exchange-text.sh" "$work/hello-bridge-cpp-pc" "$cli" "$work"
echo "hello-bridge-cpp: built with pkg-config, text crossed both ways"

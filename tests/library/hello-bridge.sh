#!/bin/sh
# An app written outside this build uses the installed module: install the
# components library, qml and dev into a temporary prefix, build
# examples/hello-bridge against it with find_package(ShmBridge), run it
# offscreen, and exchange text with shmbridge-cli both ways.
#   hello-bridge.sh BUILD_DIR SOURCE_DIR SHMBRIDGE_CLI
set -eu
build=$1 source=$2 cli=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/hello-bridge.XXXXXX")
trap 'rm -rf "$work"' EXIT
for component in library qml dev; do
    cmake --install "$build" --component "$component" --prefix "$work/usr" >/dev/null
done
cmake -S "$source/examples/hello-bridge" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/usr" >"$work/configure.log" 2>&1 \
    || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

# Only what was installed: the module from the prefix, its library beside it.
library=$(dirname "$(find "$work/usr" -name 'libshmbridge.so.0' | head -n 1)")
module=$(dirname "$(dirname "$(find "$work/usr" -path '*/ShmBridge/qmldir' | head -n 1)")")
QML_IMPORT_PATH="$module" LD_LIBRARY_PATH="$library" \
    "$source/tests/library/exchange-text.sh" "$work/build/hello-bridge" "$cli" "$work"
echo "hello-bridge: built against the installed components, text crossed both ways"

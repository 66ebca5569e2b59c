#!/bin/sh
# An app written outside this build uses the installed module: install the
# component "library" into a temporary prefix, build examples/hello-bridge
# against it with find_package(ShmBridge), run it offscreen, and exchange
# text with shmbridge-cli both ways.
#   hello-bridge.sh BUILD_DIR SOURCE_DIR SHMBRIDGE_CLI
set -eu
build=$1 source=$2 cli=$3
. "$source/scripts/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/hello-bridge.XXXXXX")
app=""
trap '[ -z "$app" ] || kill "$app" 2>/dev/null; rm -rf "$work"' EXIT
cmake --install "$build" --component library --prefix "$work/usr" >/dev/null
cmake -S "$source/examples/hello-bridge" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/usr" >"$work/configure.log" 2>&1 \
    || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

# Only what was installed: the module from the prefix, its library beside it.
library=$(dirname "$(find "$work/usr" -name 'libshmbridge.so.0' | head -n 1)")
module=$(dirname "$(dirname "$(find "$work/usr" -path '*/ShmBridge/qmldir' | head -n 1)")")
key="hello-$$"
QML_IMPORT_PATH="$module" LD_LIBRARY_PATH="$library" QT_QPA_PLATFORM=offscreen \
    "$work/build/hello-bridge" "$key" "hi from hello-bridge" >"$work/app.log" 2>&1 &
app=$!

"$cli" watch --key "$key" --name watcher --count 1 --timeout 30 >"$work/watch.log" 2>&1 \
    || { echo "hello-bridge's text never reached the CLI"; cat "$work/app.log" "$work/watch.log"; exit 1; }
grep -q "hi from hello-bridge" "$work/watch.log" \
    || { echo "the CLI saw something else:"; cat "$work/watch.log"; exit 1; }
"$cli" send --key "$key" --name cli --text "hi from the cli" >/dev/null
shows_it() { grep -q "cli: hi from the cli" "$work/app.log"; }
wait_for 30 "hello-bridge showing the CLI's text" shows_it
echo "hello-bridge: built against the installed package, text crossed both ways"

#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Runs a built examples/hello-bridge offscreen in a room of its own and
# exchanges text with shmbridge-cli both ways: its text must reach the CLI's
# watch, and the CLI's must show in the app's log. Used in the build tree
# (hello-bridge.sh) and in the packages' clean root (tests/package/in-root.sh).
#   exchange-text.sh HELLO_BRIDGE SHMBRIDGE_CLI WORK_DIR
set -eu
app_binary=$1 cli=$2 work=$3
here=$(dirname "$0")
if [ -f "$here/lib.sh" ]; then . "$here/lib.sh"; else . "$here/../../scripts/lib.sh"; fi

key="hello-$$"
QT_QPA_PLATFORM=offscreen "$app_binary" "$key" "hi from hello-bridge" >"$work/app.log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null || true' EXIT

"$cli" watch --key "$key" --name watcher --count 1 --timeout 30 >"$work/watch.log" 2>&1 \
    || { echo "hello-bridge's text never reached the CLI"; cat "$work/app.log" "$work/watch.log"; exit 1; }
grep -q "hi from hello-bridge" "$work/watch.log" \
    || { echo "the CLI saw something else:"; cat "$work/watch.log"; exit 1; }
"$cli" send --key "$key" --name cli --text "hi from the cli" >/dev/null
shows_it() { grep -q "cli: hi from the cli" "$work/app.log"; }
wait_for 30 "hello-bridge showing the CLI's text" shows_it

#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Runs the black-box UI suite: Xvfb, a private D-Bus session (with the AT-SPI
# bus it activates), accessibility on, and a private HOME/XDG/TMPDIR.
# The exit status is the suite's.
set -u
here=$(cd "$(dirname "$0")" && pwd)
run=$(mktemp -d "${TMPDIR:-/tmp}/shmbridge-ui.XXXXXX")
# The runtime directory's path stays short: rooms keep their sockets there,
# and a socket's path has at most 107 bytes.
runtime=$(mktemp -d /tmp/sbui-run.XXXXXX)
trap 'rm -rf "$run" "$runtime"' EXIT
mkdir -p "$run/home" "$run/config" "$run/data" "$run/tmp"
chmod 700 "$runtime"
export HOME="$run/home" XDG_CONFIG_HOME="$run/config" XDG_DATA_HOME="$run/data" \
       XDG_RUNTIME_DIR="$runtime" TMPDIR="$run/tmp"
export QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_QPA_PLATFORM=xcb
export SHMBRIDGE_UI_ARTIFACTS="${SHMBRIDGE_UI_ARTIFACTS:-$PWD/ui-artifacts}"
mkdir -p "$SHMBRIDGE_UI_ARTIFACTS"
# Screen 0 is a desktop; screen 1 a 7" kiosk panel (test_ui.py StreamingKiosk).
"$here/../../scripts/with-xvfb.sh" -s "-screen 0 1400x800x24 -screen 1 800x480x24" -l "$SHMBRIDGE_UI_ARTIFACTS/xvfb.log" \
    /usr/bin/python3 "$here/test_ui.py" "$@"
status=$?
exit $status

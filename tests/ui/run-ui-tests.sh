#!/bin/sh
# Runs the black-box UI suite: Xvfb, a private D-Bus session (with the AT-SPI
# bus it activates), accessibility on, and a private HOME/XDG/TMPDIR.
# The exit status is the suite's.
set -u
here=$(cd "$(dirname "$0")" && pwd)
run=$(mktemp -d "${TMPDIR:-/tmp}/shmbridge-ui.XXXXXX")
trap 'rm -rf "$run"' EXIT
mkdir -p "$run/home" "$run/config" "$run/data" "$run/runtime" "$run/tmp"
chmod 700 "$run/runtime"
export HOME="$run/home" XDG_CONFIG_HOME="$run/config" XDG_DATA_HOME="$run/data" \
       XDG_RUNTIME_DIR="$run/runtime" TMPDIR="$run/tmp"
export QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_QPA_PLATFORM=xcb
export SHMBRIDGE_UI_ARTIFACTS="${SHMBRIDGE_UI_ARTIFACTS:-$PWD/ui-artifacts}"
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
mkdir -p "$SHMBRIDGE_UI_ARTIFACTS"

# Our own Xvfb, which says when it is ready by writing its display number
# (xvfb-run's signal handshake lost that race now and then).
Xvfb -displayfd 3 -screen 0 1400x800x24 -nolisten tcp 3>"$run/display" 2>"$SHMBRIDGE_UI_ARTIFACTS/xvfb.log" &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$run"' EXIT
tries=0
until [ -s "$run/display" ]; do
    tries=$((tries + 1))
    if [ $tries -gt 100 ] || ! kill -0 $xvfb 2>/dev/null; then
        echo "run-ui-tests: Xvfb did not start:"; cat "$SHMBRIDGE_UI_ARTIFACTS/xvfb.log"; exit 1
    fi
    sleep 0.1
done
export DISPLAY=":$(cat "$run/display")"
dbus-run-session -- /usr/bin/python3 "$here/test_ui.py" "$@"
status=$?
exit $status

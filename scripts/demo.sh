#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# The main job: set up, build, and start the two-window demo. With a display,
# two ShmBridge windows (alice and bob) and a telemetry "sensor" share the
# room "demo"; close the windows to end it. Without a display (or with
# --headless), the same demo runs under Xvfb, scripted, and saves a
# screenshot of each window into ./demo-screenshots.
set -eu
cd "$(dirname "$0")/.."
here=$(pwd)
bin="$here/build/bin"
. scripts/lib.sh

run_headless() {
    out="$here/demo-screenshots"
    mkdir -p "$out"
    rm -f "$out"/*.png
    key="demo-$$"
    config=$(mktemp -d)
    trap 'rm -rf "$config"' EXIT
    export XDG_CONFIG_HOME="$config" QT_QUICK_CONTROLS_MATERIAL_VARIANT=Dense

    # bob: portrait, waits for alice's text and picture, then answers.
    printf '%s\n' \
        "wait bridge peerCount 1 30000" \
        "wait peerText_alice text Hello from alice 30000" \
        "wait peer_alice imageWidth 640 30000" \
        "type messageInput Hi alice, got your picture" \
        "key messageInput Return" \
        "wait peerTelemetry_sensor visible true 30000" \
        "wait peerSeen_alice text ✓ seen 30000" \
        "screenshot $out/bob-480x800.png" \
        "wait peer_alice live false 30000" \
        "quit" | "$bin/shmbridge" --key "$key" --name bob --control -qwindowgeometry 480x800+0+0 > "$config/bob.log" 2>&1 &
    bob=$!

    # alice: landscape, types, picks a gallery image, waits for the answer.
    printf '%s\n' \
        "wait bridge peerCount 1 30000" \
        "type messageInput Hello from alice" \
        "key messageInput Return" \
        "click galleryButton" \
        "wait galleryPopup opened true" \
        "click galleryImage_lagoon" \
        "wait galleryPopup visible false" \
        "wait peerText_bob text Hi alice, got your picture 30000" \
        "wait peerTelemetry_sensor visible true 30000" \
        "screenshot $out/alice-1280x800.png" \
        "quit" | "$bin/shmbridge" --key "$key" --name alice --control -qwindowgeometry 1280x800+0+0 > "$config/alice.log" 2>&1 &
    alice=$!

    # The sensor publishes once both windows are in the room.
    both_in_room() { [ "$("$bin/shmbridge-cli" peers --key "$key" --json | grep -o '"live":true' | wc -l)" -ge 2 ]; }
    wait_for 30 "both windows joining the room" both_in_room
    "$bin/shmbridge-cli" send --key "$key" --name sensor --telemetry "pitch=12.5,roll=-4.2,yaw=87,elbow=33,wrist=-61,grip=5"

    status=0
    wait "$alice" || status=1
    wait "$bob" || status=1
    [ $status -eq 0 ] || { echo "demo: a window failed:"; cat "$config"/*.log; exit 1; }
    control_steps_passed "a window" "$config"/*.log

    # Kiosk mode: fullscreen with the on-screen keyboard up.
    printf '%s\n' \
        "click messageInput" \
        "wait inputPanel active true" \
        "wait inputPanel y 0 100" \
        "screenshot $out/kiosk-1280x800.png" \
        "quit" | "$bin/shmbridge" --key "$key" --name kiosk --kiosk --control > "$config/kiosk.log" 2>&1 \
        || { echo "demo: kiosk mode failed:"; cat "$config/kiosk.log"; exit 1; }
    control_steps_passed "the kiosk (is the on-screen keyboard installed?)" "$config/kiosk.log"
    ls "$out"/*.png
    echo "demo: screenshots saved in $out"
}

case "${1:-}" in
--headless-inner)
    run_headless
    exit 0
    ;;
esac

set_up

if [ "${1:-}" != "--headless" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
    key=demo
    "$bin/shmbridge" --key "$key" --name alice &
    alice=$!
    "$bin/shmbridge" --key "$key" --name bob &
    bob=$!
    # A sensor daemon's stand-in: six joint angles, five times a second.
    (
        t=0
        while kill -0 "$alice" 2>/dev/null || kill -0 "$bob" 2>/dev/null; do
            values=$(awk -v t="$t" 'BEGIN { printf "pitch=%.1f,roll=%.1f,yaw=%.1f,elbow=%.1f,wrist=%.1f,grip=%.1f",
                30*sin(t), 20*cos(t), 90*sin(t/3), 45*sin(t/2), 60*cos(t/4), 5+5*sin(t*2) }')
            "$bin/shmbridge-cli" send --key "$key" --name sensor --telemetry "$values" >/dev/null 2>&1 || true
            t=$((t + 1))
            sleep 0.2
        done
    ) &
    wait "$alice" "$bob" 2>/dev/null || true
else
    exec ./scripts/with-xvfb.sh -s "-screen 0 1280x800x24" "$here/scripts/demo.sh" --headless-inner
fi

#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Real screenshots of the app in a realistic room, for the README and for
# reviewing any layout change: ten live peers (long texts, Chinese and emoji,
# images, 12-value telemetry) and a room with one peer, at 480x800, 800x480
# and 1024x600 (kiosk, keyboard up), 1280x800 and 1920x1080, in light, dark
# and high-contrast themes, in English and zh_CN, with a peer's detail open.
#   scripts/screenshots.sh [OUTDIR]      (default ./screenshots; needs a build)
set -eu
cd "$(dirname "$0")/.."
here=$(pwd)
bin="$here/build/bin"
. scripts/lib.sh
out=$(mkdir -p "${1:-screenshots}" && cd "${1:-screenshots}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/shmbridge-shots.XXXXXX")
pids=""
runtime=""
trap 'for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$work" $runtime' EXIT
export XDG_CONFIG_HOME="$work/config" QT_QUICK_CONTROLS_MATERIAL_VARIANT=Dense
# The peers and the windows share a private runtime directory, as in a
# desktop session (where rooms live; its path stays short for their sockets).
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    XDG_RUNTIME_DIR=$(mktemp -d /tmp/sbshots.XXXXXX)
    export XDG_RUNTIME_DIR
    runtime=$XDG_RUNTIME_DIR
fi
many="shots-many-$$"
one="shots-one-$$"

# persona KEY NAME [roomtool persona options...]: a live peer, until the end.
persona() {
    key=$1 name=$2
    shift 2
    "$bin/roomtool" persona --key "$key" --name "$name" --seconds 600 "$@" > "$work/$name.out" 2>&1 &
    pids="$pids $!"
    wait_for 10 "$name starting (its output: $work/$name.out)" grep -q ready "$work/$name.out"
}

long="$work/long.txt"
python3 - "$long" <<'PY'
import sys
words = ("Shared memory lets every process on this machine see the same bytes. "
         "This message is long on purpose, to show that a card keeps its height and the detail view shows all of it. ")
open(sys.argv[1], "w").write((words * 4)[:500])
PY
printf '%s' "你好！这是一条来自共享内存的中文消息 🚀 数据已同步 ✅" > "$work/chinese.txt"
printf '%s' "Frame 1042 is ready. Exposure 1/250 s, gain 2.0 dB." > "$work/short.txt"
"$bin/roomtool" make-image --out "$work/wide.png" --width 1920 --height 1080 --seed 7
twelve="uptime_seconds=86400,temperature_celsius=21.5,humidity_percent=48,pitch=12.5,roll=-4.2,yaw=87,elbow=33,wrist=-61,grip=5,battery_volts=24.1,motor_current_amps=3.2,link_quality=0.93"
six="pitch=12.5,roll=-4.2,yaw=87,elbow=33,wrist=-61,grip=5"
gallery="$here/assets/gallery"

persona "$many" alice --text-file "$long" --image "$gallery/lagoon.png" --telemetry "$twelve" --interval-ms 250
persona "$many" 李明 --text-file "$work/chinese.txt" --image "$gallery/aurora.png"
persona "$many" carol --text-file "$work/short.txt" --telemetry "$six" --interval-ms 250
persona "$many" dmitri --image "$work/wide.png"
persona "$many" eve --text-file "$long"
persona "$many" frank --text-file "$work/short.txt" --image "$gallery/dunes.png" --telemetry "$six"
persona "$many" grace --telemetry "$twelve" --interval-ms 100
persona "$many" heidi --text-file "$work/chinese.txt"
persona "$many" ivan --image "$gallery/meadow.png" --text-file "$work/short.txt"
persona "$many" judy --text-file "$long" --telemetry "$six"
persona "$one" alice --text-file "$long" --image "$gallery/lagoon.png" --telemetry "$twelve" --interval-ms 250

# shot FILE SCREEN PEERS ARGS...: the app on its own display of that size,
# run by the remote-control commands on stdin, then a screenshot.
shot() {
    file=$1 screen=$2 peers=$3
    shift 3
    { printf 'wait bridge peerCount %s 30000\n' "$peers"; cat; printf 'screenshot %s\nquit\n' "$out/$file"; } \
        | "$here/scripts/with-xvfb.sh" -s "-screen 0 ${screen}x24" "$bin/shmbridge" --control "$@" > "$work/app.log" 2>&1 \
        || { echo "screenshots: $file failed:"; cat "$work/app.log"; exit 1; }
    control_steps_passed "$file" "$work/app.log"
    echo "$out/$file"
}

# Every card's image in place: a click aimed before the images arrive
# would land where the masonry was, not where it is.
loaded='wait peer_alice imageWidth 640 30000
wait peer_dmitri imageWidth 1920 30000
wait peer_frank imageWidth 640 30000
wait peer_ivan imageWidth 640 30000'

sent='type messageInput Hello everyone, this is what I sent
key messageInput Return
wait selfCard visible true'

printf '%s\nclick peerText_alice\nwait peerDetail name alice\n' "$loaded" | shot "detail-1280x800.png" 1280x800 10 --key "$many" --name me -qwindowgeometry 1280x800+0+0
printf '%s\nclick peerText_grace\nwait peerDetail name grace\nwait peerDetail chartedSeconds 3 10000\n' "$loaded" | shot "detail-telemetry-1920x1080.png" 1920x1080 10 --key "$many" --name me -qwindowgeometry 1920x1080+0+0
printf '%s\nclick peerText_alice\nwait peerDetail name alice\n' "$loaded" | shot "detail-480x800.png" 480x800 10 --key "$many" --name me -qwindowgeometry 480x800+0+0
# Zoomed in, the detail draws the tiles in view (TiledImage): seams and places show here.
zoomed='click peerText_dmitri
wait peerDetail name dmitri
click zoomInButton
click zoomInButton
click zoomInButton'
printf '%s\n%s\n' "$loaded" "$zoomed" | shot "detail-zoomed-1280x800.png" 1280x800 10 --key "$many" --name me -qwindowgeometry 1280x800+0+0
for size in 480x800 1280x800 1920x1080; do
    echo "$sent" | shot "room-$size.png" "$size" 10 --key "$many" --name me -qwindowgeometry "$size+0+0"
    echo "$sent" | shot "one-peer-$size.png" "$size" 1 --key "$one" --name me -qwindowgeometry "$size+0+0"
done
typing='click messageInput
wait inputPanel active true
type messageInput Typing on the panel'
for size in 800x480 1024x600; do
    echo "$typing" | shot "kiosk-keyboard-$size.png" "$size" 10 --key "$many" --name kiosk --kiosk
    echo "$typing" | shot "kiosk-keyboard-one-peer-$size.png" "$size" 1 --key "$one" --name kiosk --kiosk
    printf 'wait peer_alice imageWidth 640 30000\nclick peerText_alice\nwait peerDetail name alice\n%s\n' "$typing" \
        | shot "kiosk-keyboard-detail-$size.png" "$size" 1 --key "$one" --name kiosk --kiosk
done
echo "$sent" | shot "dark-1280x800.png" 1280x800 10 --key "$many" --name me --theme dark -qwindowgeometry 1280x800+0+0
echo "$sent" | shot "contrast-1280x800.png" 1280x800 10 --key "$many" --name me --theme contrast -qwindowgeometry 1280x800+0+0
echo "$sent" | shot "zh_CN-1280x800.png" 1280x800 10 --key "$many" --name 我 --lang zh_CN -qwindowgeometry 1280x800+0+0

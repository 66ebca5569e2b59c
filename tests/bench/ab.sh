#!/bin/bash
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Two builds of shmbridge-bench, A and B, taking turns, for changes too
# small for the noise of one run: compare the rounds. Each prints a reader's
# latency, p50 and p99 in µs:
# - by default, of a text with the reader idle 1 ms before each update, in a
#   room of PEERS bridges (the writer, the reader and idle peers that read
#   and acknowledge every text too);
# - with TURNS=1, of a text with the reader idle 1 ms, one writer serving
#   the bridge's reader and the eventfd floor's in turns, update by update
#   (--role paired-writer): the reader's p50 and p99, each also as a ratio
#   to the floor of its own run, so that the machine's moods cancel out;
# - with IMAGE=WxH, of an image handed over back to back to a bridge
#   (COUNT frames after 20 that warm the buffers up);
# - with SCREEN=1, of a 4K frame drawn in the detail at 1:1 on Xvfb (warm
#   p50, and the time between frames while dragging it, p99; in ms), from
#   `shmbridge-bench --screen-only`.
#   PEERS=10 COUNT=1500 tests/bench/ab.sh A/shmbridge-bench B/shmbridge-bench [ROUNDS]
#   TURNS=1 COUNT=2000 tests/bench/ab.sh A/shmbridge-bench B/shmbridge-bench [ROUNDS]
#   IMAGE=640x480 COUNT=300 tests/bench/ab.sh A/shmbridge-bench B/shmbridge-bench [ROUNDS]
#   SCREEN=1 tests/bench/ab.sh A/shmbridge-bench B/shmbridge-bench [ROUNDS]
# With TURNS=1, A_FLOOR and B_FLOOR are options for that build's floor
# (--role paired-writer's), e.g. B_FLOOR="--carry-text 1" with the same
# build as A and B compares two floors through their ratios to ShmBridge.
set -eu
a=$1
b=$2
rounds=${3:-5}
peers=${PEERS:-10}
count=${COUNT:-1500}
export QT_QPA_PLATFORM=offscreen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# shellcheck source=tests/bench/rolejson.sh
. "$(dirname "$0")/rolejson.sh"
latency() { role_json '"%6.2f %6.2f" % (j["latency_us"]["p50"], j["latency_us"]["p99"])'; }

image() {
    local bench=$1 key=ab-image-$$-$RANDOM
    "$bench" --role image-reader --key "$key" --count "$count" --warmup 20 --name reader > "$out/reader" 2> /dev/null &
    local reader=$!
    "$bench" --role image-writer --key "$key" --count "$count" --warmup 20 \
        --width "${IMAGE%x*}" --height "${IMAGE#*x}" > /dev/null 2>&1
    wait "$reader"
    latency < "$out/reader"
}

room() {
    local bench=$1 key=ab-room-$$-$RANDOM
    "$bench" --role text-reader --key "$key" --count "$count" --name reader > "$out/reader" 2> /dev/null &
    local reader=$! idle=()
    # The idle peers join after the reader and before the writer, which
    # starts once it sees all of them (--readers).
    for i in $(seq 3 "$peers"); do
        "$bench" --role idle-peer --key "$key" --name "idle$i" --seconds 600 > /dev/null 2>&1 &
        idle+=($!)
    done
    "$bench" --role text-writer --key "$key" --count "$count" --readers $((peers - 1)) --idle-ms 1 > /dev/null 2>&1
    wait "$reader"
    [ ${#idle[@]} -eq 0 ] || { kill "${idle[@]}"; wait "${idle[@]}" 2> /dev/null || true; }
    latency < "$out/reader"
}

turns() {
    local bench=$1 floor_options=$2 key=ab-turns-$$-$RANDOM
    "$bench" --role text-reader --key "$key" --count "$count" --name reader > "$out/reader" 2> /dev/null &
    local reader=$!
    # shellcheck disable=SC2086 # options, split on purpose
    "$bench" --role paired-writer --key "$key" --count "$count" --idle-ms 1 $floor_options > "$out/writer" 2> /dev/null
    wait "$reader"
    local floor
    floor=$(role_json '"%f %f" % (j["floor"]["latency_us"]["p50"], j["floor"]["latency_us"]["p99"])' < "$out/writer")
    role_json '"%6.2f %6.2f (%.2fx %.2fx)" % (j["latency_us"]["p50"], j["latency_us"]["p99"],
        j["latency_us"]["p50"] / '"${floor% *}"', j["latency_us"]["p99"] / '"${floor#* }"')' < "$out/reader"
}

screen() {
    "$(dirname "$0")/../../scripts/with-xvfb.sh" "$1" --screen-only 2> /dev/null \
        | role_json '"%5.1f %5.1f" % (j["on_screen_3840x2160"]["warm"]["p50"] / 1000, j["on_screen_3840x2160"]["pan_frame_us"]["p99"] / 1000)'
}

if [ -n "${SCREEN:-}" ]; then
    one=screen
    echo "a 4K frame in the detail at 1:1: drawn p50, dragging p99 (ms)"
elif [ -n "${TURNS:-}" ]; then
    one=turns
    echo "text, reader idle 1 ms, in turns with the floor; p50 p99 (µs), then each vs the floor"
elif [ -n "${IMAGE:-}" ]; then
    one=image
    echo "a $IMAGE image handed over; p50 p99 (µs)"
else
    one=room
    echo "room of $peers, reader idle 1 ms; p50 p99 (µs)"
fi
for round in $(seq "$rounds"); do
    echo "round $round   A: $($one "$a" "${A_FLOOR:-}")   B: $($one "$b" "${B_FLOOR:-}")"
done

#!/bin/bash
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Where an idle reader's extra time goes. Each round runs ShmBridge's text
# path twice, each time in turns with a floor (`--role paired-writer`: one
# update to the floor's reader, one through the bridge, and so on, each
# reader idle 1 ms first), and prints p50 (µs) and ShmBridge's ratio:
# - against the plain floor: an eventfd and a QSocketNotifier in a Qt main
#   thread;
# - against the floor polling, besides its own, one quiet descriptor of each
#   kind a bridge's reader polls (`--extra-kinds`: a datagram socket, an
#   inotify, an epoll holding a pidfd, an eventfd).
# If the second ratio is near 1 where the first is not, the gap is what a
# bridge polls; if the two are alike, it is ShmBridge's own path.
# Updates in turns meet the same moods of the machine, which here change
# from second to second by more than the gap; whole runs in turns did not.
#   COUNT=2000 tests/bench/idle-attribution.sh build/bin/shmbridge-bench [ROUNDS]
set -eu
bench=$1
rounds=${2:-5}
count=${COUNT:-2000}
export QT_QPA_PLATFORM=offscreen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# shellcheck source=tests/bench/rolejson.sh
. "$(dirname "$0")/rolejson.sh"

# ShmBridge's p50, its floor's, and their ratio, for one run in turns with
# the floor in the surroundings the arguments name.
in_turns() {
    local key=attr-$$-$RANDOM
    "$bench" --role text-reader --key "$key" --name reader --count "$count" > "$out/reader" 2> /dev/null &
    local reader=$!
    "$bench" --role paired-writer --key "$key" --count "$count" --idle-ms 1 "$@" > "$out/writer" 2> /dev/null
    wait "$reader"
    local ours floor
    ours=$(role_json 'j["latency_us"]["p50"]' < "$out/reader")
    floor=$(role_json 'j["floor"]["latency_us"]["p50"]' < "$out/writer")
    awk -v a="$ours" -v b="$floor" 'BEGIN { printf "%6.2f %6.2f %5.2fx", a, b, a / b }'
}

echo "reader idle 1 ms, p50 (µs): ShmBridge, its floor, the ratio; plain floor | floor polling a bridge's kinds"
for round in $(seq "$rounds"); do
    echo "round $round   $(in_turns)   |   $(in_turns --extra-kinds socket,inotify,epoll,eventfd)"
done

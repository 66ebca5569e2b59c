#!/bin/bash
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Where an idle reader's extra time goes: three readers take turns, each
# woken COUNT times after 1 ms of idle, and each round prints their p50 (µs):
# - the floor: an eventfd and a QSocketNotifier in a Qt main thread;
# - the same floor in a process that also holds a SharedMemoryBridge in a
#   room, with its writer as a peer (`--role floor --key K`): it polls,
#   times and dispatches what a bridge does, but the path measured is the
#   floor's;
# - the floor polling, besides its own, one quiet descriptor of each kind
#   a bridge's reader polls (`--extra-kinds`: a datagram socket, an
#   inotify, an epoll holding a pidfd, an eventfd), and nothing else of it;
# - ShmBridge: writeText in one bridge to textReceived in the other.
# If the second is as fast as the first, the gap is ShmBridge's own path;
# if the third is as slow as the second, it is what the bridge polls.
#   COUNT=2000 tests/bench/idle-attribution.sh build/bin/shmbridge-bench [ROUNDS]
set -eu
bench=$1
rounds=${2:-10}
count=${COUNT:-2000}
export QT_QPA_PLATFORM=offscreen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# shellcheck source=tests/bench/rolejson.sh
. "$(dirname "$0")/rolejson.sh"
p50() { role_json '"%6.2f" % j["latency_us"]["p50"]'; }

echo "reader idle 1 ms, p50 (µs): floor, floor beside a bridge, floor polling a bridge's kinds, ShmBridge"
for round in $(seq "$rounds"); do
    floor=$("$bench" --role floor --count "$count" --idle-ms 1 2> /dev/null | p50)
    beside=$("$bench" --role floor --count "$count" --idle-ms 1 --key "attr-floor-$$-$round" 2> /dev/null | p50)
    kinds=$("$bench" --role floor --count "$count" --idle-ms 1 --extra-kinds socket,inotify,epoll,eventfd 2> /dev/null | p50)
    key=attr-text-$$-$round
    "$bench" --role text-reader --key "$key" --name reader --count "$count" > "$out/reader" 2> /dev/null &
    reader=$!
    "$bench" --role text-writer --key "$key" --count "$count" --readers 1 --idle-ms 1 > /dev/null 2>&1
    wait "$reader"
    echo "round $round   $floor   $beside   $kinds   $(p50 < "$out/reader")"
done

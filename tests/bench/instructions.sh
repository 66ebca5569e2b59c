#!/bin/bash
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# What a reader executes per text update, counted by callgrind: exact and
# the same on every run, where a clock on this noisy machine needs many
# rounds. With the reader idle 1 ms before each update its caches are cold,
# so every instruction on its path counts; the floor's reader is the
# comparison. For each shmbridge-bench given (two: a before and an after),
# it prints instructions per update in the reader's Qt event loop
# (`QEventLoop::processEvents`, inclusive: the wake-up, the handler and
# everything after it), for the eventfd floor's reader and for a bridge's
# text reader, and the bridge's own share from its bell on (`Room::onBell`).
# Needs valgrind (Debian's `valgrind`).
#   tests/bench/instructions.sh BENCH [BENCH_B] [COUNT]
set -eu
benches=("$1")
if [ $# -ge 2 ] && [ -x "$2" ]; then
    benches+=("$2")
    shift
fi
count=${2:-3000}
command -v valgrind > /dev/null || { echo "instructions.sh: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
export QT_QPA_PLATFORM=offscreen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# inclusive FILE FUNCTION: that function's inclusive instructions in a
# callgrind profile, per update.
inclusive() {
    callgrind_annotate --inclusive=yes "$1" 2> /dev/null | awk -v f="$2" -v n="$count" '
        index($0, f) && !done { gsub(",", "", $1); printf "%.0f", $1 / n; done = 1 }'
}

measure() {
    local bench=$1 tag=$2 key=instructions-$$-$2
    # The floor: its reader is the child the role forks, so the profile that
    # is not the writer's own (valgrind's pid).
    valgrind --tool=callgrind --callgrind-out-file="$out/floor-$tag.%p" \
        "$bench" --role floor --count "$count" --idle-ms 1 > /dev/null 2>&1 &
    local writer=$!
    wait "$writer"
    local profiles=() profile
    for profile in "$out"/floor-"$tag".*; do
        [ "$profile" = "$out/floor-$tag.$writer" ] || profiles+=("$profile")
    done
    [ ${#profiles[@]} -eq 1 ] || { echo "instructions.sh: expected one profile of the floor's reader" >&2; exit 1; }
    # The bridge's reader under callgrind; its writer runs natively, and
    # starts once it sees the reader in the room (--readers 1).
    valgrind --tool=callgrind --callgrind-out-file="$out/bridge-$tag" \
        "$bench" --role text-reader --key "$key" --count "$count" --name reader > /dev/null 2>&1 &
    local reader=$!
    "$bench" --role text-writer --key "$key" --count "$count" --readers 1 --idle-ms 1 > /dev/null 2>&1
    wait "$reader"
    printf '%-28s floor %6s   bridge %6s (from its bell %6s)\n' "$bench" \
        "$(inclusive "${profiles[0]}" 'QEventLoop::processEvents')" \
        "$(inclusive "$out/bridge-$tag" 'QEventLoop::processEvents')" \
        "$(inclusive "$out/bridge-$tag" 'Room::onBell()')"
}

echo "instructions per text update, reader idle 1 ms, $count updates (callgrind)"
for i in "${!benches[@]}"; do
    measure "${benches[$i]}" "$i"
done

#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Compares the image hand-off of two builds of shmbridge-bench, interleaved
# (A B A B ...) in one run on this machine, in a private /dev/shm where the
# machine allows it. Prints each run's p50 and the cold first frame (max).
#   scripts/bench-compare.sh A_BENCH B_BENCH [WIDTH HEIGHT ROUNDS FRAMES]
# e.g. build the previous commit in a worktree and compare its
# build/bin/shmbridge-bench with this one's.
set -eu
a=${1:?usage: bench-compare.sh A_BENCH B_BENCH [WIDTH HEIGHT ROUNDS FRAMES]}
b=${2:?usage: bench-compare.sh A_BENCH B_BENCH [WIDTH HEIGHT ROUNDS FRAMES]}
width=${3:-3840} height=${4:-2160} rounds=${5:-5} frames=${6:-60}
. "$(dirname "$0")/lib.sh"
if [ -z "${SHMBRIDGE_ISOLATED:-}" ] && can_isolate; then
    exec unshare --mount --ipc --propagation private sh -c \
        "$PRIVATE_SHM"' && SHMBRIDGE_ISOLATED=1 exec "$0" "$@"' "$0" "$@"
fi
export QT_QPA_PLATFORM=offscreen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
round=1
while [ $round -le "$rounds" ]; do
    for side in A B; do
        bench=$a
        [ $side = B ] && bench=$b
        key="compare-$side-$round-$$"
        "$bench" --role image-reader --key "$key" --count "$frames" --name r0 > "$out/reader.json" 2>/dev/null &
        reader=$!
        "$bench" --role image-writer --key "$key" --count "$frames" --width "$width" --height "$height" > /dev/null 2>&1
        wait $reader
        tail -1 "$out/reader.json" | python3 -c "import sys, json
l = json.load(sys.stdin)['latency_us']
print(f'$side round $round: p50 {l[\"p50\"] / 1000:.2f} ms, first (cold) frame {l[\"max\"] / 1000:.1f} ms')"
    done
    round=$((round + 1))
done

#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# The benchmark: set up, build, measure everything side by side in one run
# (about 10 minutes), then write bench-results/bench.json, the table
# (bench-results/bench.txt) and the chart (bench-results/bench.png).
# It runs on a private Xvfb display, for the measurements of pixels on
# screen and of the app (idle, and under a wall of streams, typed into with
# xdotool): a 1280x800 desktop as screen 0 and an 800x480 kiosk panel as
# screen 1. Every other process uses the offscreen platform. Eclipse
# iceoryx (Debian's) is measured beside ShmBridge, its RouDi in a private
# IPC and mount namespace: installed before the set-up, so that the build
# finds it. Pass --quick for a smoke run with fewer iterations.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib.sh
install_missing python3-matplotlib xdotool iceoryx libiceoryx-posh-dev
set_up
mkdir -p bench-results
QT_QPA_PLATFORM=offscreen scripts/with-xvfb.sh -s "-screen 0 1280x800x24 -screen 1 800x480x24" \
    build/bin/shmbridge-bench --out bench-results "$@" | tee bench-results/bench.txt
/usr/bin/python3 scripts/bench-chart.py bench-results/bench.json bench-results/bench.png

# The same latency as `shmbridge-cli watch --json` reports it: text updates
# one millisecond apart (compare with the bench's "reader idle 1 ms"). Latest-
# value semantics may skip one now and then, so the watcher stops at 1,500.
key="bench-watch-$$"
build/bin/shmbridge-cli watch --key "$key" --skip-current --count 1500 --timeout 120 --json > bench-results/watch.jsonl &
watch=$!
watch_is_in() { build/bin/shmbridge-cli peers --key "$key" --json | grep -q '"live":true'; }
wait_for 30 "the watcher joining the room" watch_is_in
build/bin/shmbridge-cli send --key "$key" --text "x" --repeat 2000 --interval-ms 1 > /dev/null &
sender=$!
wait $watch
kill $sender 2>/dev/null || true
PYTHONPATH=scripts /usr/bin/python3 - bench-results/watch.jsonl <<'PY' | tee -a bench-results/bench.txt
import sys
from percentiles import latencies_ms, summary
print(f"\nshmbridge-cli watch --json, text updates 1 ms apart: {summary(latencies_ms(sys.argv[1]))}")
PY
# The same, across machines: through two gateways and a broker.
scripts/bench-gateway.sh build | tee -a bench-results/bench.txt
echo "bench: wrote bench-results/bench.txt, bench.json and bench.png"

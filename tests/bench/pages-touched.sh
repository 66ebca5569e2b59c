#!/bin/bash
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# The pages a reader touches for one text update, ShmBridge's and the
# floor's, by mapping: a woken reader pays for each page it touches (see
# --touch-pages in the README), so this says where its pages are. It clears
# the reader's referenced bits (/proc/PID/clear_refs), waits one second,
# and sums smaps' "Referenced" per mapping; updates come every two seconds,
# so some seconds hold one and some none (told apart by the reader's
# voluntary context switches). Shared libraries' pages stay referenced
# through other processes too, so what a second without an update shows is
# taken off. Prints the medians of SAMPLES seconds of each kind, in KiB.
# Best on a quiet machine: other programs starting up mark libc's pages.
#   tests/bench/pages-touched.sh build/bin [SAMPLES]
set -eu
bin=$(cd "$1" && pwd)
samples=${2:-9}
export QT_QPA_PLATFORM=offscreen
out=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$out"' EXIT

switches() { awk '/^voluntary_ctxt_switches:/ { print $2 }' "/proc/$1/status"; }

# One second of PID, appended to FILE as "kind<TAB>mapping<TAB>KiB" lines,
# one for each mapping, named by what it is; kind (also left in $kind) is
# "update" if the reader woke in that second, else "idle".
window() {
    local before after
    before=$(switches "$1")
    echo 1 > "/proc/$1/clear_refs"
    sleep 1
    after=$(switches "$1")
    kind=idle
    [ "$after" -eq "$before" ] || kind=update
    awk -v kind="$kind" -v bench="$bin/shmbridge-bench" '
        /^[0-9a-f]+-[0-9a-f]+ / { name = $6 == "" ? "[anon]" : $6
                                  if (name == bench) name = "shmbridge-bench (ShmBridge and the bench)"
                                  else if (name ~ /\/shmbridge\/|^\/dev\/shm\//) name = "shared memory (room, channels)"
                                  else if (name ~ /\/locale\/|gconv/) name = "locale" }
        /^Referenced:/ { kib[name] += $2 }
        END { for (n in kib) print kind "\t" n "\t" kib[n] }' "/proc/$1/smaps" >> "$2"
}

# Medians per kind of second and mapping, of PID, until SAMPLES of each.
sample() {
    local pid=$1 file=$2 updates=0 idles=0 rounds=0 kind
    : > "$file.all"
    while { [ "$updates" -lt "$samples" ] || [ "$idles" -lt "$samples" ]; } && [ "$rounds" -lt $((samples * 4)) ]; do
        window "$pid" "$file.all"
        if [ "$kind" = update ]; then updates=$((updates + 1)); else idles=$((idles + 1)); fi
        rounds=$((rounds + 1))
    done
    /usr/bin/python3 - "$file.all" > "$file" <<'PY'
import collections, statistics, sys
seen = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1]):
    kind, name, kib = line.rstrip("\n").split("\t")
    seen[kind][name].append(int(kib))
for name in set(seen["update"]) | set(seen["idle"]):
    update = statistics.median(seen["update"][name] or [0])
    idle = statistics.median(seen["idle"][name] or [0])
    print(f"{name}\t{max(0, update - idle):.0f}")
PY
}

report() {
    /usr/bin/python3 - "$@" <<'PY'
import sys
def load(path):
    return {n: float(k) for n, k in (l.rstrip("\n").split("\t") for l in open(path))}
floor, bridge = map(load, sys.argv[1:3])
names = sorted(set(floor) | set(bridge), key=lambda n: -bridge.get(n, 0))
print(f"{'KiB touched for one update (less a second without one)':58} {'floor':>8} {'ShmBridge':>10}")
totals = [0, 0]
for n in names:
    f, b = floor.get(n, 0), bridge.get(n, 0)
    if f or b:
        print(f"  {n[-56:]:56} {f:8.0f} {b:10.0f}")
        totals[0] += f
        totals[1] += b
print(f"  {'total':56} {totals[0]:8.0f} {totals[1]:10.0f}   ({totals[0] / 4:.0f} and {totals[1] / 4:.0f} pages of 4 KiB)")
PY
}

# ShmBridge's text reader, a text from the CLI every two seconds.
key="pages-touched-$$"
"$bin/shmbridge-bench" --role text-reader --key "$key" --name reader --count 1000000 > /dev/null 2>&1 &
reader=$!
pids+=("$reader")
for _ in $(seq 100); do
    "$bin/shmbridge-cli" peers --key "$key" --json 2> /dev/null | grep -q '"live":true' && break
    sleep 0.1
done
"$bin/shmbridge-cli" send --key "$key" --text hello --repeat 0 --interval-ms 2000 > /dev/null 2>&1 &
pids+=("$!")
sleep 3 # past the joins
sample "$reader" "$out/bridge"

# The floor's reader (the child of --role floor), an update every two seconds.
"$bin/shmbridge-bench" --role floor --count 1000 --idle-ms 2000 > /dev/null 2>&1 &
floor=$!
pids+=("$floor")
child=""
for _ in $(seq 100); do
    child=$(pgrep -P "$floor" | head -n 1) && [ -n "$child" ] && break
    sleep 0.1
done
[ -n "$child" ] || { echo "pages-touched: the floor's reader did not start" >&2; exit 1; }
sleep 3
sample "$child" "$out/floor"

report "$out/floor" "$out/bridge"

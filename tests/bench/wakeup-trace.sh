#!/bin/bash
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Where an idle reader's wake-up goes, seen by the kernel: the scheduler's
# own events (sched_waking, sched_switch) while the eventfd floor and then
# ShmBridge deliver COUNT texts with the reader idle 1 ms before each. For
# each update it prints, as medians: from the writer waking the reader to
# the reader running ("wake"), on which CPU it ran, and how long the reader
# then ran before it slept again; and how the writer left its CPU (blocked,
# S, or still runnable, R). Needs root and tracefs; x86 only (its TSC clock
# gives nanoseconds, calibrated here against CLOCK_MONOTONIC).
#   tests/bench/wakeup-trace.sh [BUILD_DIR] [COUNT]
set -eu
build=${1:-build}
count=${2:-2000}
bench=$(realpath "$build/bin/shmbridge-bench")
T=/sys/kernel/tracing
[ -d "$T/events" ] || mount -t tracefs nodev "$T"
out=$(mktemp -d)
trap 'echo 0 > $T/tracing_on; echo > $T/set_event; echo local > $T/trace_clock; rm -rf "$out"' EXIT
export QT_QPA_PLATFORM=offscreen

trace() { # trace NAME COMMAND... : runs it traced, the writer's pid in $out/NAME.pid
    echo 0 > $T/tracing_on
    echo > $T/trace
    echo 20000 > $T/buffer_size_kb
    echo x86-tsc > $T/trace_clock
    echo 'sched:sched_waking sched:sched_switch' > $T/set_event
    echo 1 > $T/tracing_on
    echo "calibrate $(date +%s%N)" > $T/trace_marker
    "$@"
    echo "calibrate $(date +%s%N)" > $T/trace_marker
    echo 0 > $T/tracing_on
    cat $T/trace > "$out/$name.trace"
}

name=floor
trace sh -c "$bench --role floor --count $count --idle-ms 1 > /dev/null 2>&1 & echo \$! > $out/floor.pid; wait"
name=shmbridge
key=wakeup-trace-$$
trace sh -c "$bench --role text-reader --key $key --count $count --name r0 > /dev/null 2>&1 & r=\$!
             $bench --role text-writer --key $key --count $count --readers 1 --idle-ms 1 > /dev/null 2>&1 & echo \$! > $out/shmbridge.pid
             wait"

/usr/bin/python3 - "$out" <<'PY'
import collections, re, statistics, sys
out = sys.argv[1]
event = re.compile(r'^\s*.+?-(\d+)\s+\[(\d+)\]\s+\S+\s+(\d+): (\w+): (.*)$')
for name in ('floor', 'shmbridge'):
    writer = int(open(f'{out}/{name}.pid').read())
    rows, marks = [], []
    for line in open(f'{out}/{name}.trace'):
        m = event.match(line)
        if not m:
            continue
        pid, cpu, tsc, kind, rest = int(m[1]), int(m[2]), int(m[3]), m[4], m[5]
        if kind == 'tracing_mark_write' and 'calibrate' in rest:
            marks.append((tsc, int(rest.split()[-1])))
        rows.append((pid, cpu, tsc, kind, rest))
    ns_per_tick = (marks[1][1] - marks[0][1]) / (marks[1][0] - marks[0][0])
    us = lambda ticks: ticks * ns_per_tick / 1000
    woken = collections.Counter(int(re.search(r' pid=(\d+)', r[4])[1]) for r in rows
                                if r[3] == 'sched_waking' and r[0] == writer)
    reader = woken.most_common(1)[0][0]
    wake, ran, same_cpu, writer_state = [], [], 0, collections.Counter()
    waking = running = None
    for pid, cpu, tsc, kind, rest in rows:
        if kind == 'sched_waking' and pid == writer and f' pid={reader} ' in rest + ' ':
            waking = (tsc, cpu)
        elif kind == 'sched_switch' and f'next_pid={reader} ' in rest + ' ':
            running = tsc
            if waking:
                wake.append(us(tsc - waking[0]))
                same_cpu += cpu == waking[1]
                writer_state[re.search(r'prev_state=(\S+)', rest)[1] if f'prev_pid={writer} ' in rest else 'other task'] += 1
                waking = None
        elif kind == 'sched_switch' and pid == reader and running is not None:
            ran.append(us(tsc - running))
            running = None
    print(f'{name}: {len(wake)} wake-ups; wake p50 {statistics.median(wake):.2f} us (mean {statistics.mean(wake):.2f}); '
          f'on the waker\'s CPU {100 * same_cpu / len(wake):.0f}%; the reader then ran p50 {statistics.median(ran):.2f} us; '
          f'the writer left its CPU: {dict(writer_state)}')
PY

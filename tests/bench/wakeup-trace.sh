#!/bin/bash
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Where an idle reader's wake-up goes, seen by the kernel, in one run where
# a writer serves the eventfd floor's reader and ShmBridge's in turns
# (`--role paired-writer`), each reader idle 1 ms before each of COUNT
# texts. From the scheduler's events and a few system calls' it prints,
# for each reader, as medians (µs):
# - write → waking: the writer's ring (its write()) until it wakes the reader;
# - waking → running: until the reader runs (the writer finishing its work
#   and leaving the CPU, and the switch);
# - running → poll returns: the reader's poll() finishing (it looks at
#   every descriptor it polls again, and unhooks from each);
# - poll → ack: the reader's own work until it answers the writer (its
#   write());
# on which CPU it ran, and how the writer left its CPU (blocked, S, or still
# runnable, R: ShmBridge's writer yields). Needs root and tracefs; x86 only
# (its TSC clock gives nanoseconds, calibrated here against CLOCK_MONOTONIC).
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

echo 0 > $T/tracing_on
echo > $T/trace
echo 40000 > $T/buffer_size_kb
echo x86-tsc > $T/trace_clock
echo 'sched:sched_waking sched:sched_switch syscalls:sys_enter_write syscalls:sys_exit_poll' > $T/set_event
key=wakeup-trace-$$
"$bench" --role text-reader --key "$key" --count "$count" --name r0 > /dev/null 2>&1 &
reader=$!
echo 1 > $T/tracing_on
echo "calibrate $(date +%s%N)" > $T/trace_marker
"$bench" --role paired-writer --key "$key" --count "$count" --idle-ms 1 > /dev/null 2>&1 &
writer=$!
wait "$writer" "$reader"
echo "calibrate $(date +%s%N)" > $T/trace_marker
echo 0 > $T/tracing_on
cat $T/trace > "$out/trace"

/usr/bin/python3 - "$out/trace" "$reader" "$writer" <<'PY'
import collections, re, statistics, sys
path, shm_reader, writer = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
# "task-PID [CPU] flags TSC: event: fields", "sys_write(fd: ...)" or "sys_poll -> 0x1"
event = re.compile(r'^\s*.+?-(\d+)\s+\[(\d+)\]\s+\S+\s+(\d+): (\w+)(?:: |\(| (?=->))(.*)$')
rows, marks = [], []
for line in open(path):
    m = event.match(line)
    if not m:
        continue
    pid, cpu, tsc, kind, rest = int(m[1]), int(m[2]), int(m[3]), m[4], m[5]
    if kind == 'tracing_mark_write' and 'calibrate' in rest:
        marks.append((tsc, int(rest.split()[-1])))
    rows.append((pid, cpu, tsc, kind, rest))
ns_per_tick = (marks[1][1] - marks[0][1]) / (marks[1][0] - marks[0][0])
us = lambda ticks: ticks * ns_per_tick / 1000
# The floor's reader is the writer's child that it wakes, other than ShmBridge's.
woken = collections.Counter(int(re.search(r' pid=(\d+)', r[4])[1]) for r in rows
                            if r[3] == 'sched_waking' and r[0] == writer)
floor_reader = next(p for p, _ in woken.most_common() if p != shm_reader)
steps = ('write -> waking', 'waking -> running', 'running -> poll returns', 'poll -> ack')
found = {p: collections.defaultdict(list) for p in (floor_reader, shm_reader)}
same_cpu = collections.Counter()
writer_state = {p: collections.Counter() for p in found}
last_write, pending, polled = None, {}, {}
for pid, cpu, tsc, kind, rest in rows:
    if kind == 'sys_write' and pid == writer:
        last_write = tsc
    elif kind == 'sched_waking' and pid == writer and last_write is not None:
        target = int(re.search(r' pid=(\d+)', rest)[1])
        if target in found:
            pending[target] = {'write': last_write, 'waking': tsc, 'cpu': cpu}
    elif kind == 'sched_switch':
        target = int(re.search(r'next_pid=(\d+)', rest)[1])
        if target in pending and 'running' not in pending[target]:
            pending[target]['running'] = tsc
            same_cpu[target] += cpu == pending[target]['cpu']
            writer_state[target][re.search(r'prev_state=(\S+)', rest)[1] if f'prev_pid={writer} ' in rest else 'other task'] += 1
    elif kind == 'sys_poll' and rest.startswith('->') and 'running' in pending.get(pid, {}):
        p = pending.pop(pid)
        d = found[pid]
        d[steps[0]].append(us(p['waking'] - p['write']))
        d[steps[1]].append(us(p['running'] - p['waking']))
        d[steps[2]].append(us(tsc - p['running']))
        polled[pid] = tsc
    elif kind == 'sys_write' and pid in polled:
        found[pid][steps[3]].append(us(tsc - polled.pop(pid)))
for name, pid in (('floor', floor_reader), ('ShmBridge', shm_reader)):
    d = found[pid]
    n = len(d[steps[0]])
    print(f'{name}: {n} wake-ups; ' + '; '.join(f'{s} {statistics.median(d[s]):.2f}' for s in steps)
          + f' us; on the waker\'s CPU {100 * same_cpu[pid] / max(n, 1):.0f}%; the writer left its CPU: {dict(writer_state[pid])}')
PY

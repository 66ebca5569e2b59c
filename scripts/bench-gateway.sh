#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Through the gateway: two sites on this machine (two private mount+IPC
# namespaces when run as root; otherwise one room, where the reader still
# listens only for the other site's copy), two gateways and a mosquitto
# broker on loopback. The reader on site b is `shmbridge-cli watch --json`,
# whose latency_us counts from the writer's publish on site a (the gateway
# carries the publish time). Cases, in interleaved rounds:
#   text 2 ms apart, alone;
#   a 1080p camera (eight photo-like frames, round and round) at 30 frames/s,
#   and 4K at 10 frames/s, with each codec: frames/s delivered, latency,
#   and the CPU each gateway used;
#   text 2 ms apart while the 1080p camera streams (each codec).
# First, what each image codec costs on one core (shmbridge-codec-bench).
# Last, both gateways idle for 30 s: their CPU then is the keepalive's.
# Usage: scripts/bench-gateway.sh [BUILD_DIR] [ROUNDS] (bench.sh runs it;
# ROUNDS 0 measures the codecs and the idle gateways only).
set -eu
cd "$(dirname "$0")/.."
lib="$(realpath scripts/lib.sh)"
. "$lib"
bin="$(realpath "${1:-build}")/bin"
rounds=${2:-2}
seconds=15 # each camera case
echo
QT_QPA_PLATFORM=offscreen "$bin/shmbridge-codec-bench"
work=$(mktemp -d)
trap 'kill $(cat "$work"/pids 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user=""
[ "$(id -u)" -eq 0 ] && user="user root"
printf '%s\nlistener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_packet_size 67174400\n' \
    "$user" "$port" > "$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" 2> "$work/mosquitto.log" &
echo $! >> "$work/pids"
mkdir "$work/1080p" "$work/4k"
for seed in 1 2 3 4 5 6 7 8; do
    "$bin/roomtool" make-image --out "$work/1080p/$seed.png" --width 1920 --height 1080 --seed "$seed"
done
for seed in 1 2 3 4; do
    "$bin/roomtool" make-image --out "$work/4k/$seed.png" --width 3840 --height 2160 --seed "$seed"
done

# Each site runs its commands in a namespace of its own when it can.
site() {
    if [ "$(id -u)" -eq 0 ]; then
        unshare --mount --ipc --propagation private sh -c "$PRIVATE_SHM"' && exec env -u XDG_RUNTIME_DIR "$@"' sh "$@"
    else
        "$@"
    fi
}

# One case: CASE CODEC SECONDS SENDER... (each sender a quoted list of
# `shmbridge-cli send` arguments). Leaves $work/CASE.jsonl (site b's watch)
# and $work/CASE.cpu ("a SECONDS" and "b SECONDS" of CPU over the case).
run_case() {
    case_name=$1; codec=$2; duration=$3; shift 3
    key="bench-gateway-$$-$case_name"
    rm -f "$work/b-ready" "$work/done"
    : > "$work/$case_name.cpu"
    cat > "$work/site-b.sh" <<B
. "$lib"
"$bin/shmbridge-gateway" --key "$key" --broker "mqtt://127.0.0.1:$port" --site b --keepalive 5 --json-log 2> "$work/gateway-b.log" &
gateway=\$!
"$bin/shmbridge-cli" watch --key "$key" --skip-current --json > "$work/$case_name.jsonl" &
watch=\$!
wait_for 60 "gateway b coming online" grep -q '"event":"online"' "$work/gateway-b.log"
before=\$(cpu_ticks \$gateway)
touch "$work/b-ready"
wait_for $((duration + 60)) "site a finishing" test -e "$work/done"
echo "b \$(( \$(cpu_ticks \$gateway) - before ))" >> "$work/$case_name.cpu"
kill \$watch \$gateway; wait || true
B
    {
        echo ". \"$lib\""
        echo "\"$bin/shmbridge-gateway\" --key \"$key\" --broker \"mqtt://127.0.0.1:$port\" --site a --image-codec $codec --keepalive 5 --json-log 2> \"$work/gateway-a.log\" &"
        echo "gateway=\$!"
        echo "wait_for 60 \"gateway a coming online\" grep -q '\"event\":\"online\"' \"$work/gateway-a.log\""
        echo "wait_for 60 \"site b being ready\" test -e \"$work/b-ready\""
        echo "before=\$(cpu_ticks \$gateway)"
        for sender in "$@"; do
            echo "\"$bin/shmbridge-cli\" send --key \"$key\" $sender > /dev/null &"
            echo "senders=\"\${senders:-} \$!\""
        done
        # The length of the measurement, not a wait for something to happen.
        echo "sleep $duration"
        echo "echo \"a \$(( \$(cpu_ticks \$gateway) - before ))\" >> \"$work/$case_name.cpu\""
        echo "touch \"$work/done\""
        echo "kill \$senders \$gateway 2>/dev/null; wait || true"
    } > "$work/site-a.sh"
    site sh "$work/site-b.sh" &
    b=$!
    site sh "$work/site-a.sh"
    wait $b
    cat "$work/$case_name.jsonl" >> "$work/all-$case_name.jsonl"
    cat "$work/$case_name.cpu" >> "$work/all-$case_name.cpu"
    echo "$duration" >> "$work/all-$case_name.seconds"
    mv "$work/$case_name.jsonl" "$work/round-$round-$case_name.jsonl"
}

camera_1080p="--name camera --image-dir $work/1080p --fps 30 --repeat 0"
camera_4k="--name camera --image-dir $work/4k --fps 10 --repeat 0"
typist="--name typist --text x --repeat 0 --interval-ms 2"
round=1
while [ "$round" -le "$rounds" ]; do
    run_case text zstd 6 "$typist"
    for codec in zstd jpeg; do
        run_case "1080p30-$codec" "$codec" "$seconds" "$camera_1080p"
        run_case "4k10-$codec" "$codec" "$seconds" "$camera_4k"
        run_case "text+camera-$codec" "$codec" "$seconds" "$typist" "$camera_1080p"
    done
    round=$((round + 1))
done
# Idle: both gateways online, nobody publishing, for 30 s.
round=idle
run_case idle zstd 30

PYTHONPATH=scripts /usr/bin/python3 - "$work" "$(getconf CLK_TCK)" "$rounds" "$seconds" <<'PY'
import sys
from percentiles import latencies_ms, pick, summary
work, tick, rounds, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

def spread(case, peer, figure):
    """Each round's figure, for the spread between rounds."""
    values = []
    for r in range(1, rounds + 1):
        samples = latencies_ms(f"{work}/round-{r}-{case}.jsonl", peer=peer)
        values.append(figure(samples) if samples else 0)
    return "rounds " + ", ".join(f"{v:.1f}" for v in values)

def cpu(case):
    per = {"a": 0, "b": 0}
    for line in open(f"{work}/all-{case}.cpu"):
        site, ticks = line.split()
        per[site] += int(ticks)
    total = sum(int(s) for s in open(f"{work}/all-{case}.seconds"))
    return {site: 100 * ticks / tick / total for site, ticks in per.items()}, total

def camera(case):
    frames = latencies_ms(f"{work}/all-{case}.jsonl", peer="camera@a")
    used, total = cpu(case)
    if not frames:
        return f"0 frames/s delivered; CPU gateway a {used['a']:.0f}%, b {used['b']:.0f}%"
    return (f"{len(frames) / total:5.1f} frames/s delivered, latency p50 {pick(frames, 50):6.1f} ms / "
            f"p99 {pick(frames, 99):6.1f} ms; CPU gateway a {used['a']:3.0f}%, b {used['b']:3.0f}%\n"
            f"{'':38}frames/s {spread(case, 'camera@a', lambda s: len(s) / seconds)}")

typing = lambda case: (summary(latencies_ms(f"{work}/all-{case}.jsonl", peer="typist@a"))
                       + f"\n{'':38}p99 ms {spread(case, 'typist@a', lambda s: pick(s, 99))}")
print("\nThrough two gateways and a mosquitto broker on loopback (writer on site a, watch --json on site b;")
print("every case in each round, rounds interleaved; CPU: % of one core over the case):")
idle, idle_seconds = cpu("idle")
print(f"  idle, {idle_seconds} s:                      CPU gateway a {idle['a'] * idle_seconds / 100:.2f} s, "
      f"b {idle['b'] * idle_seconds / 100:.2f} s")
if rounds == 0:
    sys.exit(0)
print(f"  text 2 ms apart, alone:            {typing('text')}")
for codec in ("zstd", "jpeg"):
    print(f"  --image-codec {codec}:")
    print(f"    1080p camera, 30 frames/s:       {camera('1080p30-' + codec)}")
    print(f"    4K camera, 10 frames/s:          {camera('4k10-' + codec)}")
    print(f"    text 2 ms apart, camera on:      {typing('text+camera-' + codec)}")
    print(f"      (the camera meanwhile:         {camera('text+camera-' + codec)})")
PY

#!/bin/sh
# Latency through the gateway: two sites on this machine (two private
# mount+IPC namespaces when run as root; otherwise one room, where the
# reader still listens only for the other site's copy), two gateways and a
# mosquitto broker on loopback. Text updates 2 ms apart and 1080p photo-like
# frames 5 a second; the reader on site b is `shmbridge-cli watch --json`,
# whose latency_us counts from the writer's publish on site a (the gateway
# carries the publish time). Prints p50/p99 beside the local figures.
# Usage: scripts/bench-gateway.sh [BUILD_DIR] (bench.sh runs it).
set -eu
cd "$(dirname "$0")/.."
lib="$(realpath scripts/lib.sh)"
. "$lib"
bin="$(realpath "${1:-build}")/bin"
work=$(mktemp -d)
trap 'kill $(cat "$work"/pids 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user=""
[ "$(id -u)" -eq 0 ] && user="user root"
printf '%s\nlistener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$user" "$port" > "$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" 2> "$work/mosquitto.log" &
echo $! >> "$work/pids"
key="bench-gateway-$$"
"$bin/roomtool" make-image --out "$work/frame.png" --width 1920 --height 1080 --seed 7

# Each site runs its commands in a namespace of its own when it can.
site() {
    if [ "$(id -u)" -eq 0 ]; then
        unshare --mount --ipc --propagation private sh -c "$PRIVATE_SHM"' && exec env -u XDG_RUNTIME_DIR "$@"' sh "$@"
    else
        "$@"
    fi
}
run_kind() { # kind count sender-arguments...
    kind=$1; count=$2; shift 2
    cat > "$work/site-b.sh" <<B
. "$lib"
"$bin/shmbridge-gateway" --key "$key" --broker "mqtt://127.0.0.1:$port" --site b --keepalive 5 --json-log 2> "$work/gateway-b.log" &
gateway=\$!
"$bin/shmbridge-cli" watch --key "$key" --skip-current --json --count $count --timeout 120 > "$work/watch-$kind.jsonl" &
watch=\$!
wait_for 60 "gateway b coming online" grep -q '"event":"online"' "$work/gateway-b.log"
touch "$work/b-ready"
wait \$watch || true
kill \$gateway; wait \$gateway || true
B
    cat > "$work/site-a.sh" <<A
. "$lib"
"$bin/shmbridge-gateway" --key "$key" --broker "mqtt://127.0.0.1:$port" --site a --keepalive 5 --json-log 2> "$work/gateway-a.log" &
gateway=\$!
wait_for 60 "gateway a coming online" grep -q '"event":"online"' "$work/gateway-a.log"
wait_for 60 "site b being ready" test -e "$work/b-ready"
"$bin/shmbridge-cli" send --key "$key" --name writer $* > /dev/null &
sender=\$!
wait_for 300 "site b's watcher finishing" test -e "$work/done"
kill \$sender \$gateway 2>/dev/null; wait || true
A
    rm -f "$work/b-ready" "$work/done"
    site sh "$work/site-b.sh" &
    b=$!
    site sh "$work/site-a.sh" &
    a=$!
    wait $b
    touch "$work/done"
    wait $a
}

run_kind text 3000 --text x --repeat 0 --interval-ms 2
run_kind image 100 --image "$work/frame.png" --repeat 0 --interval-ms 200
PYTHONPATH=scripts /usr/bin/python3 - "$work" <<'PY'
import sys
from percentiles import latencies_ms, summary
figures = lambda path: summary(latencies_ms(path, peer="writer@a"))
print("\nThrough two gateways and a mosquitto broker on loopback (writer on site a, watch --json on site b):")
print(f"  text, 2 ms apart:          {figures(sys.argv[1] + '/watch-text.jsonl')}")
print(f"  1920x1080 photo, 5/s:      {figures(sys.argv[1] + '/watch-image.jsonl')}")
PY

#!/bin/sh
# The benchmark: set up, build, measure everything side by side in one run
# (about 5 minutes), then write bench-results/bench.json, the table
# (bench-results/bench.txt) and the chart (bench-results/bench.png).
# Pass --quick for a smoke run with fewer iterations.
set -eu
cd "$(dirname "$0")/.."
./scripts/setup.sh
if ! dpkg-query -W -f='${Status}' python3-matplotlib 2>/dev/null | grep -q "install ok installed"; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-matplotlib
fi
mkdir -p bench-results
QT_QPA_PLATFORM=offscreen build/bin/shmbridge-bench --out bench-results "$@" | tee bench-results/bench.txt
/usr/bin/python3 scripts/bench-chart.py bench-results/bench.json bench-results/bench.png
echo "bench: wrote bench-results/bench.txt, bench.json and bench.png"

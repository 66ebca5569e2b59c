#!/bin/sh
# Fuzzes every parser of shared-memory bytes with libFuzzer (clang, ASan,
# UBSan) for SECONDS (default 300), starting from real segments as seeds.
# Crashes land in build-fuzz/crashes/.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-300}
. scripts/lib.sh
set_up >/dev/null
install_missing clang libclang-rt-14-dev
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DSHMBRIDGE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz --target fuzz_room
mkdir -p build-fuzz/corpus build-fuzz/crashes
SHMBRIDGE_FUZZ_SEEDS=build-fuzz/corpus build-fuzz/tests/fuzz/fuzz_room -runs=0 build-fuzz/corpus
build-fuzz/tests/fuzz/fuzz_room -max_total_time="$seconds" -max_len=98304 -artifact_prefix=build-fuzz/crashes/ \
    -print_final_stats=1 build-fuzz/corpus

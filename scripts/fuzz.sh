#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Fuzzes every parser of untrusted bytes with libFuzzer (clang, ASan, UBSan),
# SECONDS each (default 300): fuzz_room, what a peer reads from shared
# memory, starting from real segments; fuzz_wire, what a gateway reads from
# a broker, starting from real messages in each codec.
# Crashes land in build-fuzz/crashes/.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-300}
. scripts/lib.sh
set_up >/dev/null
install_missing clang libclang-rt-14-dev
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DSHMBRIDGE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz --target fuzz_room fuzz_wire
mkdir -p build-fuzz/crashes
for target in fuzz_room fuzz_wire; do
    mkdir -p "build-fuzz/corpus-$target"
    SHMBRIDGE_FUZZ_SEEDS="build-fuzz/corpus-$target" "build-fuzz/tests/fuzz/$target" -runs=0 "build-fuzz/corpus-$target"
    "build-fuzz/tests/fuzz/$target" -max_total_time="$seconds" -max_len=98304 -artifact_prefix=build-fuzz/crashes/ \
        -print_final_stats=1 "build-fuzz/corpus-$target"
done

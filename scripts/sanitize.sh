#!/bin/sh
# Builds with AddressSanitizer + UndefinedBehaviorSanitizer and runs the unit
# and multi-process tests; then with ThreadSanitizer and runs the core's
# tests. Qt itself is not instrumented, so the TSan run is limited to the
# core (which owns every thread it tests).
set -eu
cd "$(dirname "$0")/.."
./scripts/setup.sh >/dev/null
export QT_QPA_PLATFORM=offscreen
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSHMBRIDGE_SANITIZE=address,undefined >/dev/null
cmake --build build-asan
(cd build-asan && ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -L "unit|multiprocess")
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSHMBRIDGE_SANITIZE=thread >/dev/null
cmake --build build-tsan --target tst_room tst_payload
(cd build-tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -L unit)
echo "sanitize: ASan/UBSan and TSan runs clean"

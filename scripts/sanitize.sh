#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# The sanitizer stage of CI (.ci/run runs it after ./scripts/test.sh):
#  - AddressSanitizer + UndefinedBehaviorSanitizer over the unit,
#    multi-process and fault tests (their CLI and roomtool peers are
#    sanitized builds too);
#  - ThreadSanitizer over the core (including the seqlock with writer and
#    reader sharing one mapping, and the worker pool handing results back to
#    its owner's thread) and the bridge with its image worker thread
#    (tst_hostile's bridge tests).
# Qt itself is not instrumented: tests/tsan.supp names the Qt-internal frames
# TSan cannot see through, and nothing of ours.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib.sh
set_up >/dev/null
export QT_QPA_PLATFORM=offscreen
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSHMBRIDGE_SANITIZE=address,undefined >/dev/null
cmake --build build-asan
(cd build-asan && ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure --timeout 1800 -L "unit|multiprocess|faults")
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSHMBRIDGE_SANITIZE=thread >/dev/null
cmake --build build-tsan --target tst_room tst_payload tst_seqlock tst_telemetryhistory tst_hostile tst_workerpool
# The peers tst_hostile starts are the plain build's (setup.sh built it).
# die_after_fork=0: QProcess forks and execs at once; TSan would otherwise
# refuse threads started after a fork from a process with threads.
(cd build-tsan && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 die_after_fork=0 suppressions=$PWD/../tests/tsan.supp" \
    SHMBRIDGE_TEST_CLI="$PWD/../build/bin/shmbridge-cli" SHMBRIDGE_TEST_ROOMTOOL="$PWD/../build/bin/roomtool" \
    ctest --output-on-failure --timeout 1800 \
        -R "^(tst_room|tst_payload|tst_seqlock|tst_telemetryhistory|tst_hostile|tst_workerpool)$")
echo "sanitize: ASan/UBSan and TSan runs clean"

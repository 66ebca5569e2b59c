#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Runs one test in private mount and IPC namespaces, with its own /dev/shm,
# TMPDIR and runtime directory (XDG_RUNTIME_DIR, a tmpfs of mode 0700 as a
# login session has), where the machine allows it (root, or user
# namespaces). Elsewhere the test runs as is and relies on its unique room
# keys.
. "$(dirname "$0")/../scripts/lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shmbridge-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export TMPDIR="$tmp"
if [ -z "${SHMBRIDGE_ISOLATED:-}" ] && can_isolate; then
    mkdir -m 700 "$tmp/run"
    unshare --mount --ipc --propagation private sh -c \
        "$PRIVATE_SHM"' &&
         mount -t tmpfs -o mode=0700 shmbridge-run "$TMPDIR/run" &&
         XDG_RUNTIME_DIR="$TMPDIR/run" SHMBRIDGE_ISOLATED=1 exec "$@"' sh "$@"
else
    "$@"
fi

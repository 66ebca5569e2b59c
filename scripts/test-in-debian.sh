#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# The README's test command and the package test, from a clean clone of this
# checkout's HEAD, on a clean Debian of another release: how CI proves Debian
# 13 (Qt 6.8) on a Debian 12 machine. Needs root (mmdebstrap, namespaces).
#   scripts/test-in-debian.sh [SUITE]     SUITE: trixie (default), bookworm
# The root has only git and what the README's set-up installs; the set-up,
# build and tests run in it as they would on such a machine. Logs of a
# failure: build/debian-SUITE/.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib.sh
[ "$(id -u)" -eq 0 ] || { echo "test-in-debian: needs root (mmdebstrap, namespaces)" >&2; exit 2; }
suite=${1:-trixie}
artifacts=$PWD/build/debian-$suite
rm -rf "$artifacts" && mkdir -p "$artifacts"
work=$(mktemp -d /var/tmp/shmbridge-$suite.XXXXXX)
cleanup() {
    # in_root's mounts lived in its own namespace; refuse to delete through one.
    if findmnt -rn -o TARGET | grep -q "^$work"; then
        echo "test-in-debian: something is still mounted under $work; not removing it" >&2
    else
        rm -rf --one-file-system "$work"
    fi
}
trap cleanup EXIT

started=$(date +%s)
echo "test-in-debian: a clean $suite root"
make_root "$suite" amd64 "$work/root" git,ca-certificates
git clone --quiet --no-hardlinks "$PWD" "$work/root/src"
echo "test-in-debian: $(($(date +%s) - started)) s; the README's ./scripts/test.sh there"
status=0
IN_ROOT_RESULTS=$artifacts in_root "$work/root" sh -c '
    cd /src && ./scripts/test.sh; status=$?
    cp build/Testing/Temporary/LastTest.log /results/ 2>/dev/null
    [ -d build/tests/ui/ui-artifacts ] && cp -r build/tests/ui/ui-artifacts /results/
    [ "$status" -eq 0 ] || exit "$status"
    SHMBRIDGE_SET_UP=1 ./scripts/package-test.sh; status=$?
    [ -d build/package-test ] && cp -r build/package-test /results/
    exit "$status"' || status=$?
echo "test-in-debian: $suite took $(($(date +%s) - started)) s in all"
[ "$status" -eq 0 ] || { echo "test-in-debian: FAIL on $suite (logs: $artifacts)" >&2; exit 1; }
echo "test-in-debian: passed on $suite"

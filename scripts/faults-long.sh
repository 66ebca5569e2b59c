#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# The long fault suite: 40 kill rounds per variant, 2 minutes of hostile
# writes, and a 30-minute soak of 8 peers at 1,000 updates/s each.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib.sh
set_up >/dev/null
cd build
SHMBRIDGE_LONG=1 ctest --output-on-failure -L faults --timeout 7200

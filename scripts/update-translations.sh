#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Refreshes assets/translations/*.ts from the view's QML and the bridge's C++
# (run after changing user-visible strings, then translate what is new, e.g.
# with Qt Linguist). Strings no longer in the sources are dropped. The build
# compiles the .ts files into the app.
set -eu
cd "$(dirname "$0")/.."
lupdate=/usr/lib/qt6/bin/lupdate
"$lupdate" -locations relative -no-obsolete qml backend/bridge backend/app -ts assets/translations/shmbridge_zh_CN.ts
"$lupdate" -locations relative -no-obsolete -pluralonly qml backend/bridge backend/app -ts assets/translations/shmbridge_en.ts

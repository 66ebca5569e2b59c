// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The processes a benchmark run is made of. The coordinator (main.cpp)
// starts this same executable with --role NAME; each role prints one JSON
// object (its measurements) on its last line of stdout.
#pragma once

#include <QCommandLineParser>

namespace bench {

int runRole(const QString &role, const QCommandLineParser &options);
// The floor and the paired writer (floorroles.cpp); -1 for an unknown role.
int runFloorRole(const QString &role, const QCommandLineParser &options);
// The cold-path and on-screen roles (coldroles.cpp); -1 for an unknown role.
int runColdRole(const QString &role, const QCommandLineParser &options);
// The Eclipse iceoryx roles (iceoryxroles.cpp, built where iceoryx is
// installed); -1 for an unknown role.
int runIceoryxRole(const QString &role, const QCommandLineParser &options);

} // namespace bench

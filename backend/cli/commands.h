// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace shmbridge::cli {

// Exit codes, documented in --help.
enum ExitCode { Ok = 0, Failed = 1, Usage = 2, TimedOut = 3 };

QString topLevelHelp();
int runSend(const QStringList &arguments);
int runWatch(const QStringList &arguments);
int runPeers(const QStringList &arguments);
int runInspect(const QStringList &arguments);
int runLegacy(const QStringList &arguments);

} // namespace shmbridge::cli

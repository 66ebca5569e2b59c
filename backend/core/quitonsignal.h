// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// SIGINT, SIGTERM and SIGHUP (Ctrl+C, systemctl stop, a closed terminal or
// session) end the event loop cleanly, so the room is left, not abandoned,
// through a self-pipe the loop can wait on.
#pragma once

class QObject;

namespace shmbridge {

// Calls QCoreApplication::exit(exitCode) on SIGINT, SIGTERM or SIGHUP.
void quitOnSignals(QObject *context, int exitCode);

} // namespace shmbridge

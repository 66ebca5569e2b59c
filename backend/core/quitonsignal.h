// SIGINT and SIGTERM end the event loop cleanly (so the room is left, not
// abandoned), through a self-pipe the loop can wait on.
#pragma once

class QObject;

namespace shmbridge {

// Calls QCoreApplication::exit(exitCode) on SIGINT or SIGTERM.
void quitOnSignals(QObject *context, int exitCode);

} // namespace shmbridge

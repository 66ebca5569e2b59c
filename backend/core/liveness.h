// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Is a peer's process still there? A pid alone is not enough (pids are
// reused), so a peer is identified by its pid and its start time.
#pragma once

#include <QtGlobal>

#include <cstdint>

namespace shmbridge {

// Field 22 of /proc/<pid>/task/<pid>/stat (the process's start time), or 0
// when it cannot be read.
std::uint64_t processStartTime(qint64 pid);
// False for a process that exited (a zombie counts as exited) or whose pid
// now belongs to another process.
bool processAlive(qint64 pid, std::uint64_t startTime);
// A pidfd that becomes readable when the process exits; -1 with errno set
// where the kernel has none (then callers poll processAlive).
int openPidfd(qint64 pid);

} // namespace shmbridge

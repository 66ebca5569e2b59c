// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "liveness.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QString>

#include <cerrno>
#include <csignal>
#include <limits>
#include <optional>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

namespace shmbridge {

namespace {

struct ProcessStat
{
    char state = 0;
    std::uint64_t startTime = 0;
};

// The main thread's stat, not /proc/<pid>/stat: for the main thread the two
// hold the same state and start time, but an emulator (qemu-user) answers a
// program's reading of its own /proc/<pid>/stat with a copy of its own making,
// whose start time is a clock tick later than what everyone else reads, so
// every peer would look dead to the others. The task path is the kernel's
// answer for everyone. The C and Python peers read the same path.
constexpr char statPath[] = "/proc/%1/task/%1/stat";

std::optional<ProcessStat> readProcessStat(qint64 pid)
{
    if (pid <= 0)
        return std::nullopt;
    QFile stat(QString::fromLatin1(statPath).arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray line = stat.read(4096);
    // The command name may hold spaces and ')': fields resume after the last ')'.
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    if (fields.size() <= 19 || fields.at(0).isEmpty())
        return std::nullopt;
    return ProcessStat { fields.at(0).at(0), fields.at(19).toULongLong() }; // fields 3 and 22
}

} // namespace

std::uint64_t processStartTime(qint64 pid)
{
    const auto stat = readProcessStat(pid);
    return stat ? stat->startTime : 0;
}

bool processAlive(qint64 pid, std::uint64_t startTime)
{
    if (pid <= 0 || pid > std::numeric_limits<pid_t>::max())
        return false;
    if (kill(pid_t(pid), 0) != 0 && errno != EPERM)
        return false;
    const auto stat = readProcessStat(pid);
    if (!stat)
        return true; // no /proc (hidepid): the pid check is all we have
    // A zombie has exited; only its parent has not collected it yet.
    return stat->state != 'Z' && stat->state != 'X' && stat->startTime == startTime;
}

int openPidfd(qint64 pid)
{
#ifdef SYS_pidfd_open
    if (pid <= 0 || pid > std::numeric_limits<pid_t>::max()) {
        errno = ESRCH;
        return -1;
    }
    return int(syscall(SYS_pidfd_open, pid_t(pid), 0));
#else
    errno = ENOSYS;
    return -1;
#endif
}

} // namespace shmbridge

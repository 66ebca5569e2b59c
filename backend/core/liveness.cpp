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

std::optional<ProcessStat> readProcessStat(qint64 pid)
{
    if (pid <= 0)
        return std::nullopt;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
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

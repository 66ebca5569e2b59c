// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "peerwatch.h"

#include "liveness.h"

#include <QSocketNotifier>

#include <cerrno>
#include <unistd.h>

namespace shmbridge {

struct PeerWatch::Watched
{
    qint64 pid = 0;
    std::uint64_t startTime = 0;
    int pidfd = -1;
    std::unique_ptr<QSocketNotifier> exitNotifier;

    ~Watched()
    {
        exitNotifier.reset();
        if (pidfd >= 0)
            close(pidfd);
    }
};

PeerWatch::PeerWatch(QObject *parent) : QObject(parent)
{
    m_sweep.setInterval(1000);
    connect(&m_sweep, &QTimer::timeout, this, &PeerWatch::sweep);
}

PeerWatch::~PeerWatch() = default;

void PeerWatch::watch(PeerId id, qint64 pid, std::uint64_t startTime)
{
    auto watched = std::make_shared<Watched>();
    watched->pid = pid;
    watched->startTime = startTime;
    m_watched.insert(id, watched);
    const auto reportLater = [this, id] {
        QMetaObject::invokeMethod(this, [this, id] {
            if (m_watched.remove(id))
                Q_EMIT exited(id);
        }, Qt::QueuedConnection);
    };
    const int pidfd = openPidfd(pid);
    if (pidfd >= 0) {
        watched->pidfd = pidfd;
        // The pidfd pins one process; if the pid was already reused by
        // another, the start time tells us so and the peer is gone.
        if (processStartTime(pid) != startTime) {
            reportLater();
            return;
        }
        watched->exitNotifier = std::make_unique<QSocketNotifier>(pidfd, QSocketNotifier::Read);
        connect(watched->exitNotifier.get(), &QSocketNotifier::activated, this, [this, id] {
            // A pidfd stays readable: stop listening before anyone hears of it.
            if (m_watched.remove(id))
                Q_EMIT exited(id);
        });
        return;
    }
    if (errno == ESRCH) {
        reportLater();
        return;
    }
    if (!m_sweep.isActive())
        m_sweep.start();
}

void PeerWatch::forget(PeerId id)
{
    m_watched.remove(id);
}

void PeerWatch::clear()
{
    m_watched.clear();
    m_sweep.stop();
}

void PeerWatch::sweep()
{
    QList<PeerId> gone;
    for (auto it = m_watched.cbegin(); it != m_watched.cend(); ++it) {
        if (!it.value()->exitNotifier && !processAlive(it.value()->pid, it.value()->startTime))
            gone.append(it.key());
    }
    for (const PeerId id : std::as_const(gone)) {
        if (m_watched.remove(id))
            Q_EMIT exited(id);
    }
}

} // namespace shmbridge

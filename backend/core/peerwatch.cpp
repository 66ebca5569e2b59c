// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "peerwatch.h"

#include "liveness.h"

#include <QSocketNotifier>

#include <cerrno>
#include <iterator>
#include <sys/epoll.h>
#include <unistd.h>

namespace shmbridge {

struct PeerWatch::Watched
{
    qint64 pid = 0;
    std::uint64_t startTime = 0;
    int pidfd = -1;
    int epoll = -1; // the one it was added to

    ~Watched()
    {
        if (pidfd < 0)
            return;
        if (epoll >= 0)
            epoll_ctl(epoll, EPOLL_CTL_DEL, pidfd, nullptr);
        close(pidfd);
    }
};

PeerWatch::PeerWatch(QObject *parent) : QObject(parent)
{
    m_sweep.setInterval(1000);
    connect(&m_sweep, &QTimer::timeout, this, &PeerWatch::sweep);
}

PeerWatch::~PeerWatch()
{
    m_watched.clear(); // their pidfds leave the epoll descriptor first
    delete m_exitsNotifier; // and the event loop lets go of it before it closes
    if (m_exits >= 0)
        close(m_exits);
}

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
        if (listen(id, pidfd)) {
            watched->epoll = m_exits;
            return;
        }
    } else if (errno == ESRCH) {
        reportLater();
        return;
    }
    if (!m_sweep.isActive())
        m_sweep.start();
}

bool PeerWatch::listen(PeerId id, int pidfd)
{
    if (m_exits < 0) {
        m_exits = epoll_create1(EPOLL_CLOEXEC);
        if (m_exits < 0)
            return false;
        m_exitsNotifier = new QSocketNotifier(m_exits, QSocketNotifier::Read, this);
        connect(m_exitsNotifier, &QSocketNotifier::activated, this, &PeerWatch::reportExits);
    }
    epoll_event event {};
    event.events = EPOLLIN; // level-triggered: a pidfd stays readable until it is closed
    event.data.u64 = id;
    return epoll_ctl(m_exits, EPOLL_CTL_ADD, pidfd, &event) == 0;
}

void PeerWatch::reportExits()
{
    // Stop listening to each before anyone hears of it: a handler may watch
    // the id again, or forget every peer. More than fit here stay readable,
    // and the notifier brings us back for them.
    epoll_event events[16];
    const int ready = epoll_wait(m_exits, events, int(std::size(events)), 0);
    for (int i = 0; i < ready; ++i) {
        const PeerId id = events[i].data.u64;
        if (m_watched.remove(id))
            Q_EMIT exited(id);
    }
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
        if (it.value()->epoll < 0 && !processAlive(it.value()->pid, it.value()->startTime))
            gone.append(it.key());
    }
    for (const PeerId id : std::as_const(gone)) {
        if (m_watched.remove(id))
            Q_EMIT exited(id);
    }
}

} // namespace shmbridge

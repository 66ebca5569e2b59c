// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Told when a peer's process ends, without polling: a pidfd per watched
// peer, all of them behind one epoll descriptor in the event loop of the
// thread the watch lives on. One, however many peers: every descriptor in
// that loop's poll costs each of its wake-ups (a bell's too) about 0.1 µs
// here (`shmbridge-bench --role floor --extra-fds N`), and a peer's end is
// rare enough to pay for asking epoll which one it was. Where the kernel
// has no pidfd_open, every watched process is looked at once a second
// instead. A process already gone, or whose pid now belongs to another
// process (liveness.h), is reported from the event loop at once.
#pragma once

#include "peerinfo.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

class QSocketNotifier;

namespace shmbridge {

class PeerWatch : public QObject
{
    Q_OBJECT

public:
    explicit PeerWatch(QObject *parent = nullptr);
    ~PeerWatch() override;

    // Watches the process pid that started at startTime, as peer id.
    void watch(PeerId id, qint64 pid, std::uint64_t startTime);
    // Stops watching that peer (it left, or is being reaped).
    void forget(PeerId id);
    void clear();

Q_SIGNALS:
    // The peer's process ended (or was never the one we were told of).
    void exited(shmbridge::PeerId id);

private:
    struct Watched;
    // Adds a pidfd to the epoll descriptor, making both on first use.
    bool listen(PeerId id, int pidfd);
    // The epoll descriptor is readable: reports each peer whose pidfd is.
    void reportExits();
    void sweep();

    QHash<PeerId, std::shared_ptr<Watched>> m_watched;
    int m_exits = -1; // epoll: the pidfds of m_watched
    QSocketNotifier *m_exitsNotifier = nullptr;
    QTimer m_sweep; // only where pidfd_open is unavailable
};

} // namespace shmbridge

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Doorbells: how peers wake each other without polling, and without giving
// anybody else a way in. Each peer owns an eventfd, its bell, that its event
// loop watches, and a rendezvous socket at a path in the room home (a
// directory only our user can enter, roomhome.h). Peers hand each other
// their bells through those sockets (SCM_RIGHTS, checked against the sender's
// SCM_CREDENTIALS and the room's table); from then on, waking a peer is one
// eventfd write: it never blocks, never waits for the reader, and no other
// user has an address to send anything to.
#pragma once

#include "names.h"
#include "result.h"

#include <QList>

#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace shmbridge {

// My bell and my rendezvous socket.
class Doorbell
{
public:
    Doorbell() = default;
    Doorbell(const Doorbell &) = delete;
    Doorbell &operator=(const Doorbell &) = delete;
    ~Doorbell() { close(); }

    // Makes the bell and binds the rendezvous socket under a fresh random
    // peer id (the nonce of the slot the peer will take), which it returns.
    Result<std::uint64_t> open(const RoomNames &names);
    // Closes both and removes the socket's path.
    void close();
    int bellFd() const { return m_bell; }
    int rendezvousFd() const { return m_rendezvous; }

    // Resets the bell without blocking; how many rings it had taken since
    // the last reset (0 if none).
    std::uint64_t takeRings();

    // A peer's bell as it arrived: the caller checks pid and id against
    // the room's table before adopting it, and owns fd either way.
    struct Hello
    {
        std::uint64_t id = 0;
        qint64 pid = 0;
        int fd = -1;
    };
    // Takes what is queued, at most kBatch datagrams, without blocking.
    // Anything malformed, from another user, or carrying anything but one
    // non-blocking eventfd is dropped (its descriptors closed).
    QList<Hello> receive();
    static constexpr int kBatch = 64;

    // Sends my bell to that peer's rendezvous socket, without blocking.
    // Fails with EAGAIN when its queue is full (try again later). It also
    // wakes the peer: until it answers with its own bell, this is how we
    // ring it.
    Result<void> introduce(const RoomNames &names, std::uint64_t peer, std::uint64_t me) const;

    // Removes the room's rendezvous sockets that nobody is bound to any more:
    // those of peers killed while joining, before their slot named them (so
    // no reclaim finds them). A socket a process still holds takes a connect
    // and stays. Returns how many went.
    static int removeAbandonedSockets(const RoomNames &names);

private:
    int m_bell = -1;
    int m_rendezvous = -1;
    QByteArray m_path;
};

// The other peers' bells, keyed by peer id: each a descriptor of that peer's
// own eventfd. Rung from every publishing thread.
class PeerBells
{
public:
    PeerBells() = default;
    PeerBells(const PeerBells &) = delete;
    PeerBells &operator=(const PeerBells &) = delete;
    ~PeerBells() { clear(); }

    // Takes ownership of fd (replacing any bell that peer had).
    void adopt(std::uint64_t id, int fd);
    bool has(std::uint64_t id) const;
    // Non-blocking. False when we do not have that peer's bell (yet): the
    // caller then knocks at its rendezvous socket instead.
    bool ring(std::uint64_t id);
    // Rings every bell held, without looking at the room's table; true if
    // there was one.
    bool ringAll();
    void forget(std::uint64_t id);
    // Closes the bells of every peer not in ids (those no longer in the
    // room's table): churn must not pile up descriptors.
    void keepOnly(const quint64 *ids, std::size_t count);
    void clear();

private:
    mutable std::mutex m_lock;
    std::unordered_map<std::uint64_t, int> m_bells;
};

} // namespace shmbridge

// Doorbells: how peers wake each other without polling. Each peer binds a
// datagram socket in the abstract namespace, named by the room's prefix and
// the peer's nonce; a writer sends one byte to every live peer.
//
// An abstract socket has no permissions: anyone on the machine can send to
// one. So the kernel tells us who sent each datagram (SO_PASSCRED), and only
// our own user's count; the caller stops listening for a while when others
// ring, so a flood costs us next to nothing.
#pragma once

#include "result.h"

#include <QByteArray>

#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace shmbridge {

// My doorbell.
class Doorbell
{
public:
    Doorbell() = default;
    Doorbell(const Doorbell &) = delete;
    Doorbell &operator=(const Doorbell &) = delete;
    ~Doorbell() { close(); }

    // Binds under a fresh random nonce, which it returns: the peer's id.
    Result<std::uint64_t> bind(const QByteArray &prefix);
    void close();
    int fd() const { return m_fd; }

    struct Rings
    {
        int own = 0; // from our own user: look at the room
        int foreign = 0; // from anyone else: ignored
    };
    // Takes what is queued, at most kBatch datagrams, without blocking.
    Rings drain();
    static constexpr int kBatch = 64;

private:
    int m_fd = -1;
};

// The other peers' doorbells: one socket connected to each, so a publish
// skips the name lookup a sendto() would repeat for every update. Used by
// every publishing thread.
class PeerBells
{
public:
    PeerBells() = default;
    PeerBells(const PeerBells &) = delete;
    PeerBells &operator=(const PeerBells &) = delete;
    ~PeerBells() { clear(); }

    // Non-blocking: a full queue means the peer already has a wake-up pending.
    void ring(const QByteArray &prefix, std::uint64_t nonce);
    void forget(std::uint64_t nonce);
    // Closes the sockets of every peer not in nonces (those no longer in the
    // room's table): churn must not pile up connected sockets.
    void keepOnly(const quint64 *nonces, std::size_t count);
    void clear();

private:
    std::mutex m_lock;
    std::unordered_map<std::uint64_t, int> m_sockets;
};

} // namespace shmbridge

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "roomtable.h"

#include "doorbell.h"
#include "liveness.h"
#include "payload.h"
#include "seqlock.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace shmbridge {

using namespace layout;


RoomLock::RoomLock(int fd, int timeoutMs) : m_fd(fd)
{
    const std::uint64_t deadline = monotonicNow() + std::uint64_t(timeoutMs) * 1000000;
    for (;;) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
            m_locked = true;
            return;
        }
        if ((errno != EWOULDBLOCK && errno != EINTR) || monotonicNow() > deadline)
            return;
        const timespec pause { 0, 200 * 1000 };
        nanosleep(&pause, nullptr);
    }
}

RoomLock::~RoomLock()
{
    if (m_locked)
        flock(m_fd, LOCK_UN);
}

Error busyError(const QString &key, int timeoutMs)
{
    return Error { QStringLiteral("Room \"%1\" is busy: another process has held its lock for more "
                                  "than %2 ms. Try again, or stop a hung peer.")
                           .arg(key)
                           .arg(timeoutMs),
                   EWOULDBLOCK };
}

void beginSlotWrite(PeerEntry *e)
{
    auto generation = atomic(e->slotGeneration);
    generation.store(generation.load(std::memory_order_relaxed) | 1u, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
}

void endSlotWrite(PeerEntry *e)
{
    auto generation = atomic(e->slotGeneration);
    generation.store((generation.load(std::memory_order_relaxed) | 1u) + 1, std::memory_order_release);
}

void initialiseRoomHeader(const SharedSegment &segment, const RoomNames &names)
{
    RoomHeader *h = roomHeader(segment);
    std::memset(segment.data(), 0, segment.size());
    h->version = kProtocolVersion;
    h->headerSize = sizeof(RoomHeader);
    h->peerCapacity = kMaxPeers;
    h->peerEntrySize = sizeof(PeerEntry);
    h->peerTableOffset = kPeerTableOffset;
    h->keySize = std::uint32_t(names.keyUtf8().size());
    std::memcpy(h->key, names.keyUtf8().constData(), h->keySize);
    h->createdRealtimeNs = realtimeNow();
    atomic(h->magic).store(kRoomMagic, std::memory_order_release);
}

Result<void> validateRoomHeader(const SharedSegment &segment, const RoomNames &names)
{
    const auto *h = static_cast<const RoomHeader *>(segment.data());
    const QString segmentName = QString::fromUtf8(segment.name());
    if (segment.size() < sizeof(RoomHeader) || h->magic != kRoomMagic) {
        return Error { QStringLiteral("Shared memory for room \"%1\" exists but is not a "
                                      "ShmBridge room. Remove %2 or choose another key.")
                               .arg(names.key(), segmentName) };
    }
    if (h->version != kProtocolVersion) {
        return Error { QStringLiteral("Room \"%1\" was created by an incompatible ShmBridge "
                                      "(protocol version %2; this one speaks %3). Close the other "
                                      "programs in the room or choose another key.")
                               .arg(names.key())
                               .arg(h->version)
                               .arg(kProtocolVersion) };
    }
    if (segment.size() != kRoomSegmentSize || h->headerSize != sizeof(RoomHeader)
        || h->peerCapacity != kMaxPeers || h->peerEntrySize != sizeof(PeerEntry)
        || h->peerTableOffset != kPeerTableOffset) {
        return Error { QStringLiteral("Room \"%1\" is corrupt: its header does not match its "
                                      "size. Remove %2 or choose another key.")
                               .arg(names.key(), segmentName) };
    }
    if (h->keySize != std::uint32_t(names.keyUtf8().size())
        || std::memcmp(h->key, names.keyUtf8().constData(), h->keySize) != 0) {
        return Error { QStringLiteral("Room \"%1\" collides with another key's room; choose "
                                      "another key.")
                               .arg(names.key()) };
    }
    return {};
}

Result<void> refuseProtocol3Room(const RoomNames &names)
{
    const QByteArray old = "/dev/shm/shmbridge-" + QByteArray::number(uint(geteuid())) + '-' + names.stem().mid(5);
    struct stat info {};
    if (lstat(old.constData(), &info) != 0 || info.st_uid != geteuid())
        return {};
    return Error { QStringLiteral("Room \"%1\" is in use by an older ShmBridge (protocol 3, %2), whose peers "
                                  "cannot meet this one (protocol 4). Close or upgrade them; if none is "
                                  "running, remove %2.")
                           .arg(names.key(), QFile::decodeName(old)) };
}

int markDeadPeersLeft(const SharedSegment &segment)
{
    int live = 0;
    for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
        PeerEntry *e = peerEntry(segment, slot);
        if (stateOf(e) != PeerState::Live)
            continue;
        if (processAlive(atomic(e->pid).load(std::memory_order_relaxed),
                         atomic(e->startTime).load(std::memory_order_relaxed)))
            ++live;
        else
            atomic(e->state).store(std::uint32_t(PeerState::Left), std::memory_order_release);
    }
    return live;
}

void reclaimAbandonedRoom(const SharedSegment &segment, const RoomNames &names)
{
    for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
        if (stateOf(peerEntry(segment, slot)) != PeerState::Free)
            reclaimEntry(names, peerEntry(segment, slot));
    }
    Doorbell::removeAbandonedSockets(names);
}

void reclaimEntry(const RoomNames &names, PeerEntry *e)
{
    const std::uint64_t id = atomic(e->nonce).load(std::memory_order_acquire);
    if (id != 0) {
        SharedSegment::unlinkAllWithPrefix(names.channelPrefix(id));
        unlink(names.rendezvousSocket(id).constData()); // a crashed peer's socket stays behind
    }
    beginSlotWrite(e);
    atomic(e->state).store(std::uint32_t(PeerState::Free), std::memory_order_relaxed);
    atomic(e->nonce).store(0, std::memory_order_relaxed);
    atomic(e->pid).store(0, std::memory_order_relaxed);
    atomic(e->nameSize).store(0, std::memory_order_relaxed);
    atomic(e->startTime).store(0, std::memory_order_relaxed);
    atomic(e->joinedRealtimeNs).store(0, std::memory_order_relaxed);
    constexpr char noName[sizeof e->name] = {};
    seqlock::copyToShared(e->name, noName, sizeof noName);
    for (auto &channel : e->channels) {
        atomic(channel.segmentGeneration).store(0, std::memory_order_relaxed);
        atomic(channel.segmentToken).store(0, std::memory_order_relaxed);
        atomic(channel.latestSeq).store(0, std::memory_order_relaxed);
        atomic(channel.capacity).store(0, std::memory_order_relaxed);
    }
    for (auto &ack : e->acks) {
        atomic(ack.writerNonce).store(0, std::memory_order_relaxed);
        for (auto &seq : ack.seq)
            atomic(seq).store(0, std::memory_order_relaxed);
        atomic(ack.imageLease).store(0, std::memory_order_relaxed);
    }
    endSlotWrite(e);
}

QString SlotSnapshot::displayName() const
{
    auto decoded = decodeText(name, nameSize);
    return decoded && !decoded.value().isEmpty() ? decoded.value() : QStringLiteral("peer-%1").arg(id, 0, 16);
}

std::optional<SlotSnapshot> snapshot(PeerEntry *e)
{
    const std::uint32_t before = atomic(e->slotGeneration).load(std::memory_order_acquire);
    if (before & 1)
        return std::nullopt;
    SlotSnapshot s;
    s.state = stateOf(e);
    s.id = atomic(e->nonce).load(std::memory_order_acquire);
    s.pid = atomic(e->pid).load(std::memory_order_relaxed);
    s.startTime = atomic(e->startTime).load(std::memory_order_relaxed);
    s.nameSize = std::min(atomic(e->nameSize).load(std::memory_order_relaxed), kMaxNameBytes);
    seqlock::copyFromShared(s.name, e->name, s.nameSize);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (atomic(e->slotGeneration).load(std::memory_order_relaxed) != before)
        return std::nullopt;
    if (s.state != PeerState::Live && s.state != PeerState::Left)
        return std::nullopt;
    return s;
}

ChannelLocation channelLocation(PeerEntry *e, Kind kind)
{
    ChannelState &state = e->channels[std::uint32_t(kind)];
    ChannelLocation location;
    for (int attempt = 0; attempt < 4; ++attempt) {
        location.generation = atomic(state.segmentGeneration).load(std::memory_order_acquire);
        location.token = atomic(state.segmentToken).load(std::memory_order_acquire);
        if (atomic(state.segmentGeneration).load(std::memory_order_acquire) == location.generation)
            break;
    }
    return location;
}

void storeChannelState(PeerEntry *e, Kind kind, const ChannelWriter::Published &published)
{
    ChannelState &state = e->channels[std::uint32_t(kind)];
    atomic(state.capacity).store(published.capacity, std::memory_order_relaxed);
    atomic(state.segmentToken).store(published.location.token, std::memory_order_release);
    atomic(state.segmentGeneration).store(published.location.generation, std::memory_order_release);
    atomic(state.latestSeq).store(published.seq, std::memory_order_release);
}

} // namespace shmbridge

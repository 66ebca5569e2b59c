// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The control segment: its header and its table of peer slots, with the
// room lock that serialises claiming and freeing slots. Every byte here can
// be rewritten by any process of our user, so every loop is bounded by a
// constant (kMaxPeers, kKindCount) or by what exists in the room home, never by a
// number read from the segment.
#pragma once

#include "atomicword.h"
#include "channel.h"
#include "clocks.h"
#include "layout.h"
#include "names.h"
#include "result.h"
#include "sharedsegment.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <optional>

namespace shmbridge {

// flock() on the control segment. The kernel drops it when its holder dies,
// so a crash never leaves it held; waiting for it is bounded by timeoutMs.
class RoomLock
{
public:
    RoomLock(int fd, int timeoutMs);
    ~RoomLock();
    RoomLock(const RoomLock &) = delete;
    RoomLock &operator=(const RoomLock &) = delete;
    bool locked() const { return m_locked; }

private:
    int m_fd;
    bool m_locked = false;
};

Error busyError(const QString &key, int timeoutMs);

// Inline: every scan and every publish walks the whole table.
inline layout::RoomHeader *roomHeader(const SharedSegment &segment)
{
    return static_cast<layout::RoomHeader *>(segment.data());
}

inline layout::PeerEntry *peerEntry(const SharedSegment &segment, std::uint32_t slot)
{
    return reinterpret_cast<layout::PeerEntry *>(static_cast<char *>(segment.data()) + layout::kPeerTableOffset) + slot;
}

inline layout::PeerState stateOf(layout::PeerEntry *e)
{
    return layout::PeerState(atomic(e->state).load(std::memory_order_acquire));
}

// Every word of a slot may be rewritten by another process at any time: even
// the fields only the room lock's holder writes are read through atomics, so
// no read races in the C++ sense (docs/segment-layout.md, "Orderings").
inline std::uint64_t joinedAt(layout::PeerEntry *e)
{
    return atomic(e->joinedRealtimeNs).load(std::memory_order_relaxed);
}

// Writers of a slot's identity make slotGeneration odd while they work, so a
// reader can tell a half-claimed slot from a stable one.
void beginSlotWrite(layout::PeerEntry *e);
void endSlotWrite(layout::PeerEntry *e);

// Fills a new (zeroed) control segment; the magic goes last.
void initialiseRoomHeader(const SharedSegment &segment, const RoomNames &names);
// Everything a joiner or an observer checks before trusting a room's table.
Result<void> validateRoomHeader(const SharedSegment &segment, const RoomNames &names);

// Protocol 3 kept rooms in /dev/shm under names of their own: peers of the
// two versions would share a key without ever meeting. Refuses, in words,
// a key whose protocol-3 room is there.
Result<void> refuseProtocol3Room(const RoomNames &names);

// Under the room lock: marks every live slot whose process is gone as left,
// and returns how many live peers remain.
int markDeadPeersLeft(const SharedSegment &segment);
// Under the room lock, when no peer is live: reclaims every slot, and
// removes the sockets of peers killed between binding and claiming a slot
// (no slot names them).
void reclaimAbandonedRoom(const SharedSegment &segment, const RoomNames &names);

// Removes the channel segments of a peer that left (by listing them: whatever
// generation it died at, or says it died at) and frees its slot.
void reclaimEntry(const RoomNames &names, layout::PeerEntry *e);

// A stable copy of a slot's identity, or nothing while it is being rewritten.
// The name stays raw bytes until somebody needs it as text: scans run on
// every ring, new peers are rare.
struct SlotSnapshot
{
    layout::PeerState state;
    std::uint64_t id; // the slot's nonce
    qint64 pid;
    std::uint64_t startTime;
    std::uint32_t nameSize;
    char name[layout::kMaxNameBytes];

    QString displayName() const;
};
std::optional<SlotSnapshot> snapshot(layout::PeerEntry *e);

// Where a peer's channel of that kind is now. The owner writes the token
// before the generation, readers read the generation on both sides of the
// token: a pair that changed meanwhile is read again (a few times at most).
ChannelLocation channelLocation(layout::PeerEntry *e, layout::Kind kind);
void storeChannelState(layout::PeerEntry *e, layout::Kind kind, const ChannelWriter::Published &published);

} // namespace shmbridge

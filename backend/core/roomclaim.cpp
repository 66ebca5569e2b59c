// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "roomclaim.h"

#include "atomicword.h"
#include "clocks.h"
#include "liveness.h"
#include "roomtable.h"
#include "seqlock.h"

#include <algorithm>
#include <cerrno>
#include <optional>
#include <unistd.h>

namespace shmbridge {

using namespace layout;

Result<ClaimedSlot> claimSlot(const RoomNames &names, PeerId self, const QByteArray &nameUtf8, int lockWaitMs)
{
    const QByteArray segmentName = names.roomSegment();
    for (int attempt = 0; attempt < 16; ++attempt) {
        auto opened = SharedSegment::open(segmentName, SharedSegment::Access::ReadWrite);
        if (!opened && opened.systemError() == ENOENT) {
            // Nothing is reserved or written yet: that happens under the
            // lock, below. A peer that opens the segment now may take the
            // lock first and set the room up, and nothing may be zeroed
            // under it afterwards.
            opened = SharedSegment::create(segmentName, kRoomSegmentSize, 0);
            if (!opened && opened.systemError() == EEXIST)
                continue; // someone else created it first: attach to theirs
        }
        if (!opened)
            return Error { opened.error() };
        SharedSegment segment = std::move(opened).value();
        RoomLock lock(segment.fd(), lockWaitMs);
        if (!lock.locked())
            return busyError(names.key(), lockWaitMs);
        if (segment.isUnlinked())
            continue; // the last peer removed the room between our open and lock
        // The size seen at opening may be old news: its creator may have
        // sized it, and even set the room up, since.
        if (auto refreshed = segment.refresh(); !refreshed)
            return Error { refreshed.error() };
        // One rule in every peer (docs/segment-layout.md): a room segment
        // is empty (new, or its creator died before sizing it) or exactly
        // kRoomSegmentSize; any other size is refused, never resized.
        if (segment.size() == 0) {
            if (auto resized = segment.resize(kRoomSegmentSize); !resized)
                return Error { resized.error() };
        } else if (auto allocated = segment.allocate(0, std::min(segment.size(), kRoomSegmentSize)); !allocated) {
            // Before the first read: on a full tmpfs a page nobody has
            // reserved yet is a SIGBUS even to read.
            return Error { allocated.error() };
        }
        if (segment.size() == kRoomSegmentSize && atomic(roomHeader(segment)->magic).load(std::memory_order_acquire) == 0) {
            // New, or its creator died before initialising it: ours to set up.
            initialiseRoomHeader(segment, names);
        } else if (auto valid = validateRoomHeader(segment, names); !valid) {
            return Error { valid.error(), valid.systemError() };
        }

        // Peers that died without leaving become "left"; if nobody is alive,
        // the room is a leftover of a crash and starts afresh.
        if (markDeadPeersLeft(segment) == 0)
            reclaimAbandonedRoom(segment, names);

        // A free slot, or else the one of the peer that left longest ago:
        // the values of peers that left stay readable for as long as there is room.
        std::optional<std::uint32_t> chosen;
        std::optional<std::uint32_t> oldestLeft;
        for (std::uint32_t slot = 0; slot < kMaxPeers && !chosen; ++slot) {
            PeerEntry *e = peerEntry(segment, slot);
            const PeerState state = stateOf(e);
            if (state == PeerState::Free)
                chosen = slot;
            else if (state == PeerState::Left
                     && (!oldestLeft || joinedAt(e) < joinedAt(peerEntry(segment, *oldestLeft))))
                oldestLeft = slot;
        }
        if (!chosen)
            chosen = oldestLeft;
        if (!chosen)
            return Error { QStringLiteral("Room \"%1\" is full: %2 peers are in it.")
                                   .arg(names.key())
                                   .arg(kMaxPeers) };
        PeerEntry *e = peerEntry(segment, *chosen);
        if (stateOf(e) != PeerState::Free)
            reclaimEntry(names, e);
        beginSlotWrite(e);
        atomic(e->nonce).store(self, std::memory_order_relaxed);
        atomic(e->pid).store(getpid(), std::memory_order_relaxed);
        atomic(e->startTime).store(processStartTime(getpid()), std::memory_order_relaxed);
        atomic(e->joinedRealtimeNs).store(realtimeNow(), std::memory_order_relaxed);
        atomic(e->nameSize).store(std::uint32_t(nameUtf8.size()), std::memory_order_relaxed);
        seqlock::copyToShared(e->name, nameUtf8.constData(), std::size_t(nameUtf8.size()));
        atomic(e->state).store(std::uint32_t(PeerState::Live), std::memory_order_relaxed);
        endSlotWrite(e);
        return ClaimedSlot { std::move(segment), *chosen };
    }
    return Error { QStringLiteral("Room \"%1\" keeps being removed while joining; try again.")
                           .arg(names.key()) };
}

} // namespace shmbridge

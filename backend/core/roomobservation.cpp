// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "roomobservation.h"

#include "atomicword.h"
#include "liveness.h"
#include "names.h"
#include "roomtable.h"
#include "sharedsegment.h"

#include <cstring>

namespace shmbridge {

using namespace layout;

Result<RoomObservation> observeRoom(const QString &key)
{
    auto names = RoomNames::fromKey(key);
    if (!names)
        return Error { names.error() };
    if (auto older = refuseProtocol3Room(names.value()); !older)
        return Error { older.error() };
    auto opened = SharedSegment::open(names.value().roomSegment(), SharedSegment::Access::ReadOnly);
    if (!opened && opened.systemError() == ENOENT)
        return Error { QStringLiteral("There is no room \"%1\": nobody is in it.").arg(key), ENOENT };
    if (!opened)
        return Error { opened.error(), opened.systemError() };
    const SharedSegment &segment = opened.value();
    if (auto valid = validateRoomHeader(segment, names.value()); !valid)
        return Error { valid.error() };
    const auto *h = static_cast<const RoomHeader *>(segment.data());
    auto *table = reinterpret_cast<PeerEntry *>(static_cast<char *>(segment.data()) + kPeerTableOffset);

    RoomObservation observation;
    observation.home = names.value().home().description();
    observation.segment = segment.name();
    observation.segmentSize = segment.size();
    std::memcpy(&observation.header, h, sizeof observation.header);
    for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
        PeerEntry *e = table + slot;
        const auto s = snapshot(e);
        if (!s)
            continue;
        PeerInfo info;
        info.id = s->id;
        info.name = s->displayName();
        info.pid = s->pid;
        info.live = s->state == PeerState::Live && processAlive(s->pid, s->startTime);
        RoomObservation::Slot seen { slot, !info.live && s->state == PeerState::Live, {} };
        for (std::uint32_t kind = 0; kind < kKindCount; ++kind) {
            ChannelState &c = e->channels[kind];
            info.latestSeq[kind] = atomic(c.latestSeq).load(std::memory_order_acquire);
            const std::uint64_t generation = atomic(c.segmentGeneration).load(std::memory_order_acquire);
            if (generation != 0)
                seen.channels.append({ Kind(kind), generation, atomic(c.capacity).load(std::memory_order_relaxed) });
        }
        observation.peers.append(info);
        observation.slots.append(seen);
    }
    return observation;
}

} // namespace shmbridge

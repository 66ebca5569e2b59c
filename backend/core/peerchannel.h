// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// One peer's channel of one kind, as this process reads it: the one
// ChannelReader of that channel here, and the way to the channel's current
// segment through the room's table. Whoever reads a peer's value reads it
// through this, on whichever thread (the Room's for text and telemetry, the
// bridge's image worker for frames), and is always given the newest value:
// following the writer into each new generation happens here and nowhere
// else. Reads are serialised, so any thread may call at any time.
#pragma once

#include "channel.h"
#include "lease.h"
#include "names.h"
#include "peerinfo.h"
#include "result.h"
#include "sharedsegment.h"

#include <QString>

#include <memory>
#include <mutex>

namespace shmbridge {

class PeerChannel
{
public:
    // table maps the room's control segment and stays mapped as long as
    // this object lives; the writer owns slot while its nonce says writer.
    // lease is where our leases on this writer's buffers are recorded
    // (invalid for kinds that are only copied).
    PeerChannel(const RoomNames &names, std::shared_ptr<SharedSegment> table, std::uint32_t slot,
                const PeerInfo &writer, layout::Kind kind, LeaseWord lease);

    PeerId writer() const { return m_writer; }
    layout::Kind kind() const { return m_kind; }
    // Where the table says the channel is now; generation 0 when the writer
    // has published nothing of this kind yet, or no longer owns the slot.
    ChannelLocation location() const;
    // Copies the newest update.
    Result<Update> read();
    // The newest update in place, under a lease: no copy is made, and the
    // writer leaves those bytes alone while the result lives.
    Result<LeasedUpdate> lease();

private:
    // Reads with readAt(location) at the location the table gives, again
    // when the writer grew into a new generation meanwhile (ENOENT).
    template<typename Value, typename ReadAt>
    Result<Value> readNewest(ReadAt readAt);

    std::shared_ptr<SharedSegment> m_table;
    std::uint32_t m_slot;
    PeerId m_writer;
    QString m_writerName;
    layout::Kind m_kind;
    LeaseWord m_lease;
    std::mutex m_reading;
    ChannelReader m_reader;
};

} // namespace shmbridge

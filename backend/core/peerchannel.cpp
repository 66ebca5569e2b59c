// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "peerchannel.h"

#include "atomicword.h"
#include "payload.h"
#include "roomtable.h"

#include <cerrno>

namespace shmbridge {

PeerChannel::PeerChannel(const RoomNames &names, std::shared_ptr<SharedSegment> table, std::uint32_t slot,
                         const PeerInfo &writer, layout::Kind kind, LeaseWord lease)
    : m_table(std::move(table)),
      m_slot(slot),
      m_writer(writer.id),
      m_writerName(writer.name),
      m_kind(kind),
      m_lease(std::move(lease)),
      m_reader(names, writer.id, kind)
{
}

ChannelLocation PeerChannel::location() const
{
    layout::PeerEntry *e = peerEntry(*m_table, m_slot);
    if (atomic(e->nonce).load(std::memory_order_acquire) != m_writer)
        return {};
    return channelLocation(e, m_kind);
}

template<typename Value, typename ReadAt>
Result<Value> PeerChannel::readNewest(ReadAt readAt)
{
    std::lock_guard reading(m_reading);
    // The writer may grow into a new generation between our look at the
    // table and our read; a few retries always catch up with it.
    QString lastError;
    for (int attempt = 0; attempt < 4; ++attempt) {
        const ChannelLocation at = location();
        if (at.generation == 0)
            return Error { QStringLiteral("%1 has not published any %2 yet.").arg(m_writerName, kindName(m_kind)) };
        auto value = readAt(at);
        if (value || value.systemError() != ENOENT)
            return value;
        lastError = value.error();
    }
    return Error { lastError.isEmpty() ? QStringLiteral("The channel keeps growing while being read.") : lastError };
}

Result<Update> PeerChannel::read()
{
    return readNewest<Update>([this](ChannelLocation at) {
        auto update = m_reader.read(at);
        if (update && location() != at)
            return Result<Update>(Error { QString(), ENOENT }); // it grew meanwhile: read the new one
        return update;
    });
}

Result<LeasedUpdate> PeerChannel::lease()
{
    return readNewest<LeasedUpdate>([this](ChannelLocation at) { return m_reader.lease(at, m_lease); });
}

} // namespace shmbridge

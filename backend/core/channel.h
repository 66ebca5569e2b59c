// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A channel is one peer's stream of one kind of update: a segment of
// several buffers that only its owner writes. The writer fills a buffer that
// is not the published one, under a per-buffer sequence lock, and then
// publishes its index; readers copy the published buffer and check the lock
// afterwards, so they never keep a torn value and never make the writer wait.
#pragma once

#include "layout.h"
#include "lease.h"
#include "names.h"
#include "result.h"
#include "sharedsegment.h"

#include <QByteArray>

#include <array>
#include <functional>
#include <memory>
#include <cstdint>

namespace shmbridge {

// What an update says of itself, however its bytes are held.
struct UpdateInfo
{
    std::uint64_t seq = 0;
    std::uint64_t publishMonotonicNs = 0;
    std::uint32_t width = 0; // images only
    std::uint32_t height = 0;
    std::uint32_t format = 0;
};

// An update copied out of shared memory.
struct Update : UpdateInfo
{
    QByteArray payload;
};

// Where a channel's current segment is: its generation and the random token
// in its name, both as the owner's slot in the control segment says.
struct ChannelLocation
{
    std::uint64_t generation = 0; // 0: nothing published yet
    std::uint64_t token = 0;

    friend bool operator==(const ChannelLocation &, const ChannelLocation &) = default;
};

struct PayloadView
{
    const char *data = nullptr;
    std::size_t size = 0;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::uint32_t format = 0;
    std::uint64_t publishMonotonicNs = 0;
};

// An update read in place: the pixels stay in shared memory, and keepAlive
// holds both the mapping and the lease that keeps the writer away from them.
struct LeasedUpdate : UpdateInfo
{
    const char *data = nullptr;
    std::size_t size = 0;
    std::shared_ptr<const void> keepAlive;
};

// A copied update held the way a leased one is, for code that handles both
// alike (keepAlive holds the copy).
LeasedUpdate heldAsLeased(Update update);

// The buffers of a generation that readers hold leases on, as a bit mask.
using LeasedBuffers = std::function<std::uint64_t(std::uint64_t generation)>;

class ChannelWriter
{
public:
    ChannelWriter(RoomNames names, std::uint64_t writer, layout::Kind kind);

    struct Published
    {
        std::uint64_t seq;
        ChannelLocation location; // changes when the channel grew
        std::uint64_t capacity;
    };
    // Grows into a new, larger segment (a new generation) when the payload
    // does not fit, at least doubling, so a stream of growing values makes
    // few segments and a steady one makes none; the previous generation is
    // unlinked once the new one is published. Readers that still map the old
    // one finish their copy safely. A buffer that leased() marks is left
    // alone; when every buffer but the published one is leased, the writer
    // moves to a new generation with one buffer more rather than wait.
    Result<Published> publish(const PayloadView &payload, const LeasedBuffers &leased = {});
    // Reserves the buffer the next publish will fill, up to the size just
    // published, so that the next update of this size pays no page faults.
    // Called after readers have been told of the last one.
    void prepareNext();
    // Unlinks the segment of the previous generation after the room has been
    // told about the new one.
    void retirePreviousGeneration();

private:
    Result<void> grow(std::size_t payloadSize, std::uint32_t bufferCount);
    // Reserves a buffer's pages up to its header plus payloadSize.
    Result<void> reserveBuffer(std::uint32_t index, std::size_t payloadSize);

    RoomNames m_names;
    std::uint64_t m_writer;
    layout::Kind m_kind;
    SharedSegment m_segment;
    ChannelLocation m_location;
    QByteArray m_retiredName; // the previous generation's, until retired
    std::uint64_t m_seq = 0;
    std::uint64_t m_capacity = 0;
    std::uint64_t m_stride = 0;
    std::uint32_t m_bufferCount = 0;
    std::uint32_t m_publishedIndex = 0;
    std::uint64_t m_lastSize = 0;
    // Bytes of each buffer reserved so far: a segment is sized for its
    // capacity but pays only for what has been written.
    std::array<std::uint64_t, layout::kMaxBuffers> m_reserved {};
};

class ChannelReader
{
public:
    ChannelReader(RoomNames names, std::uint64_t writer, layout::Kind kind);

    // Reads (copies) the newest update of the segment at that location,
    // mapping it on first use. Every field of the segment is validated before
    // use. Fails with systemError ENOENT when the writer has moved on to a
    // newer generation: look up the location again.
    Result<Update> read(ChannelLocation location);
    // Reads the newest update in place, under a lease recorded in word,
    // without copying the payload. Fails with systemError ENOENT when the
    // writer has moved on, like read().
    Result<LeasedUpdate> lease(ChannelLocation location, const LeaseWord &word);

private:
    Result<void> map(ChannelLocation location);
    Result<void> mapIfMoved(ChannelLocation location);
    // The buffer readers are told to read now, or why there is none.
    Result<std::uint32_t> publishedIndex() const;
    layout::BufferHeader *bufferAt(std::uint32_t index) const;
    void populate(std::uint32_t index, const layout::BufferHeader *buffer);

    RoomNames m_names;
    std::uint64_t m_writer;
    layout::Kind m_kind;
    std::shared_ptr<SharedSegment> m_segment; // shared with leased updates
    ChannelLocation m_location;
    // Geometry copied out of the header when mapping: a hostile writer that
    // rewrites the header later cannot move our reads out of bounds.
    std::uint32_t m_bufferCount = 0;
    std::uint64_t m_stride = 0;
    std::uint64_t m_capacity = 0;
    // Bytes of each buffer already mapped into this process, so that a copy
    // out of it pays one kernel call rather than a fault per page.
    std::array<std::uint64_t, layout::kMaxBuffers> m_populated {};
    // One lease per buffer of the mapped generation, shared by every
    // update read from it, so the bit is cleared only when all are gone.
    std::array<std::weak_ptr<BufferLease>, layout::kMaxBuffers> m_leases;
    // The last small payload read, shared with its reader: once the reader
    // lets go of it, the next read copies into it instead of allocating.
    QByteArray m_lastPayload;
};

// Upper bound of a payload of this kind, used to size and to validate.
std::uint64_t maxPayloadBytes(layout::Kind kind);

} // namespace shmbridge

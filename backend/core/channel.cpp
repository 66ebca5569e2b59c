// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "channel.h"

#include "atomicword.h"
#include "corelogging.h"
#include "pages.h"
#include "payload.h"
#include "seqlock.h"

#include <QRandomGenerator>

#include <cerrno>
#include <cstring>


namespace shmbridge {

using namespace layout;

namespace {

constexpr std::uint32_t kBufferCount = SHMBRIDGE_WRITER_BUFFERS;
constexpr int kReadAttempts = int(SHMBRIDGE_READ_ATTEMPTS);
// A reader keeps its last payload for the next read up to this size: texts
// and telemetry, not the megabytes of an image.
constexpr qsizetype kReusedPayloadBytes = 64 * 1024;

// Buffers are whole pages, header included.
constexpr std::uint64_t pageCapacity(std::uint64_t payloadBytes)
{
    return pages::roundUp(payloadBytes + sizeof(BufferHeader)) - sizeof(BufferHeader);
}

std::uint64_t minimumCapacity(Kind kind)
{
    return pageCapacity(kind == Kind::Image ? 64 * 1024 : 1);
}

} // namespace

std::uint64_t maxPayloadBytes(Kind kind)
{
    switch (kind) {
    case Kind::Text:
        return kMaxTextBytes;
    case Kind::Image:
        return std::uint64_t(kMaxImageSide) * kMaxImageSide * 4;
    case Kind::Telemetry:
        return 8 + 8 * kMaxTelemetryValues + kMaxTelemetryValues * (1 + kMaxTelemetryNameBytes);
    }
    return 0;
}

ChannelWriter::ChannelWriter(RoomNames names, std::uint64_t writer, Kind kind)
    : m_names(std::move(names)), m_writer(writer), m_kind(kind)
{
}

Result<void> ChannelWriter::grow(std::size_t payloadSize, std::uint32_t bufferCount)
{
    const bool fits = m_segment.isValid() && payloadSize <= m_capacity;
    const std::uint64_t wanted = std::max({ std::uint64_t(payloadSize), minimumCapacity(m_kind), fits ? m_capacity : 2 * m_capacity });
    const std::uint64_t capacity = std::min(pageCapacity(wanted), pageCapacity(maxPayloadBytes(m_kind)));
    const std::uint64_t stride = capacity + sizeof(BufferHeader);
    ChannelLocation next { m_location.generation + 1, 0 };
    // A random token ends the name, so nobody can create it before we do.
    // Should the name exist anyway (planted by another user who guessed it,
    // or left by a crash), a fresh token gives a fresh name.
    Result<SharedSegment> segment = Error { QString() };
    QByteArray name;
    for (int attempt = 0; attempt < 8; ++attempt) {
        do {
            next.token = QRandomGenerator::system()->generate64();
        } while (next.token == 0);
        name = m_names.channelSegment(m_writer, std::uint32_t(m_kind), next.generation, next.token);
        // Only the header is reserved now: buffers are reserved as they fill.
        segment = SharedSegment::create(name, kChannelBuffersOffset + bufferCount * stride, kChannelBuffersOffset);
        if (segment || segment.systemError() != EEXIST)
            break;
        qCWarning(lcCore) << "shared memory" << name << "already exists; trying another name";
    }
    if (!segment)
        return Error { segment.error(), segment.systemError() };
    auto *header = static_cast<ChannelHeader *>(segment.value().data());
    header->version = kProtocolVersion;
    header->kind = std::uint32_t(m_kind);
    header->bufferCount = bufferCount;
    header->headerSize = sizeof(ChannelHeader);
    header->bufferStride = stride;
    header->bufferCapacity = capacity;
    header->writerNonce = m_writer;
    std::atomic_ref<std::uint64_t>(header->magic).store(kChannelMagic, std::memory_order_release);

    if (m_segment.isValid())
        m_retiredName = m_segment.name();
    m_segment = std::move(segment).value();
    m_location = next;
    m_capacity = capacity;
    m_stride = stride;
    m_bufferCount = bufferCount;
    m_publishedIndex = 0;
    m_reserved.fill(0);
    qCDebug(lcCore) << "channel" << kindName(m_kind) << "grew to" << capacity
                       << "bytes, generation" << next.generation;
    return {};
}

Result<ChannelWriter::Published> ChannelWriter::publish(const PayloadView &payload, const LeasedBuffers &leased)
{
    if (payload.size > maxPayloadBytes(m_kind))
        return Error { QStringLiteral("The %1 update is %2 bytes; the limit is %3.")
                               .arg(kindName(m_kind))
                               .arg(payload.size)
                               .arg(maxPayloadBytes(m_kind)) };
    if (!m_segment.isValid() || payload.size > m_capacity) {
        if (auto grown = grow(payload.size, std::max(m_bufferCount, kBufferCount)); !grown)
            return Error { grown.error(), grown.systemError() };
    }
    const std::uint64_t seq = m_seq + 1;
    for (int round = 0; round < 2; ++round) {
        auto *base = static_cast<char *>(m_segment.data());
        // Never the buffer readers are told to read: with three buffers, a
        // copying reader is torn only if it is still copying after two newer
        // publishes (and then it notices, and reads again).
        for (std::uint32_t step = 1; step < m_bufferCount; ++step) {
            const std::uint32_t index = (m_publishedIndex + step) % m_bufferCount;
            if (auto reserved = reserveBuffer(index, payload.size); !reserved)
                return Error { reserved.error(), reserved.systemError() };
            auto *buffer = reinterpret_cast<BufferHeader *>(base + kChannelBuffersOffset + index * m_stride);
            const std::uint64_t before = seqlock::claim(buffer);
            if (leased && (leased(m_location.generation) & (std::uint64_t(1) << index))) {
                seqlock::abandon(buffer, before);
                continue;
            }
            seqlock::fill(buffer, payload, seq, before);
            atomic(reinterpret_cast<ChannelHeader *>(base)->published)
                    .store(packPublished(seq, index), std::memory_order_release);
            m_seq = seq;
            m_publishedIndex = index;
            m_lastSize = payload.size;
            return Published { seq, m_location, m_capacity };
        }
        // Readers hold every other buffer: a fresh generation has none
        // leased, and one buffer more makes this rarer next time.
        qCDebug(lcCore) << "every" << kindName(m_kind) << "buffer is leased; moving to a new generation";
        if (auto grown = grow(payload.size, std::min(m_bufferCount + 1, kMaxBuffers)); !grown)
            return Error { grown.error(), grown.systemError() };
    }
    return Error { QStringLiteral("No free %1 buffer in a fresh channel segment.").arg(kindName(m_kind)) };
}

Result<void> ChannelWriter::reserveBuffer(std::uint32_t index, std::size_t payloadSize)
{
    const std::uint64_t wanted = pages::roundUp(sizeof(BufferHeader) + payloadSize);
    if (wanted <= m_reserved[index])
        return {};
    const std::uint64_t start = kChannelBuffersOffset + index * m_stride;
    if (auto reserved = m_segment.reserve(start + m_reserved[index], wanted - m_reserved[index]); !reserved)
        return reserved;
    m_reserved[index] = wanted;
    return {};
}

void ChannelWriter::prepareNext()
{
    if (!m_segment.isValid())
        return;
    // A failure (a full tmpfs) is reported by the next publish, which
    // reserves again before it writes.
    [[maybe_unused]] const auto reserved = reserveBuffer((m_publishedIndex + 1) % m_bufferCount, m_lastSize);
}

void ChannelWriter::retirePreviousGeneration()
{
    if (m_retiredName.isEmpty())
        return;
    SharedSegment::unlink(m_retiredName);
    m_retiredName.clear();
}

ChannelReader::ChannelReader(RoomNames names, std::uint64_t writer, Kind kind)
    : m_names(std::move(names)), m_writer(writer), m_kind(kind)
{
}

Result<void> ChannelReader::map(ChannelLocation location)
{
    m_segment.reset();
    m_location = {};
    const QByteArray name = m_names.channelSegment(m_writer, std::uint32_t(m_kind), location.generation, location.token);
    auto segment = SharedSegment::open(name, SharedSegment::Access::ReadOnly);
    if (!segment)
        return Error { segment.error(), segment.systemError() };
    const auto corrupt = [&](const char *why) {
        return Error { QStringLiteral("The %1 channel %2 is corrupt: %3.")
                               .arg(kindName(m_kind), QString::fromUtf8(name),
                                    QLatin1StringView(why)) };
    };
    const std::size_t size = segment.value().size();
    if (size < kChannelBuffersOffset)
        return corrupt("too small for its header");
    ChannelHeader header;
    seqlock::copyFromShared(reinterpret_cast<char *>(&header), static_cast<const char *>(segment.value().data()), sizeof header);
    if (header.magic != kChannelMagic)
        return corrupt("bad magic");
    if (header.version != kProtocolVersion)
        return Error { QStringLiteral("The %1 channel was written by protocol version %2; this "
                                      "program speaks version %3.")
                               .arg(kindName(m_kind))
                               .arg(header.version)
                               .arg(kProtocolVersion) };
    if (header.kind != std::uint32_t(m_kind) || header.writerNonce != m_writer)
        return corrupt("it belongs to another channel");
    if (header.bufferCount < kMinBuffers || header.bufferCount > kMaxBuffers)
        return corrupt("bad buffer count");
    if (header.bufferCapacity > pageCapacity(maxPayloadBytes(m_kind)))
        return corrupt("buffer capacity over the limit");
    if (header.bufferStride < sizeof(BufferHeader) + header.bufferCapacity
        || header.bufferStride > size)
        return corrupt("bad buffer stride");
    if (kChannelBuffersOffset + header.bufferCount * header.bufferStride > size)
        return corrupt("buffers extend past the segment");
    m_segment = std::make_shared<SharedSegment>(std::move(segment).value());
    m_location = location;
    m_populated.fill(0);
    m_leases = {};
    m_bufferCount = header.bufferCount;
    m_stride = header.bufferStride;
    m_capacity = header.bufferCapacity;
    return {};
}

void ChannelReader::populate(std::uint32_t index, const BufferHeader *buffer)
{
    // The size is only a hint (the writer may be changing it): it is clamped
    // to the buffer, and the copy checks everything again under the lock.
    const std::uint64_t claimed = std::atomic_ref<std::uint64_t>(const_cast<std::uint64_t &>(buffer->payloadSize))
                                          .load(std::memory_order_relaxed);
    const std::uint64_t wanted = pages::roundUp(sizeof(BufferHeader) + std::min(claimed, m_capacity));
    if (wanted <= m_populated[index])
        return;
    pages::populateForRead(reinterpret_cast<const char *>(buffer) + m_populated[index], wanted - m_populated[index]);
    m_populated[index] = wanted;
}

Result<void> ChannelReader::mapIfMoved(ChannelLocation location)
{
    if (location.generation == 0)
        return Error { QStringLiteral("Nothing has been published on this channel yet.") };
    if (location == m_location && m_segment)
        return {};
    return map(location);
}

Result<std::uint32_t> ChannelReader::publishedIndex() const
{
    auto *header = static_cast<ChannelHeader *>(m_segment->data());
    const std::uint64_t published = atomic(header->published).load(std::memory_order_acquire);
    if (published == 0)
        return Error { QStringLiteral("Nothing has been published on this channel yet.") };
    const auto index = std::uint32_t(published & 0xff);
    if (index >= m_bufferCount) // the header's count was checked when mapping; this index was not
        return Error { QStringLiteral("The %1 channel is corrupt: bad buffer index.").arg(kindName(m_kind)) };
    return index;
}

BufferHeader *ChannelReader::bufferAt(std::uint32_t index) const
{
    return reinterpret_cast<BufferHeader *>(static_cast<char *>(m_segment->data()) + kChannelBuffersOffset
                                            + index * m_stride);
}

Result<LeasedUpdate> ChannelReader::lease(ChannelLocation location, const LeaseWord &word)
{
    if (auto mapped = mapIfMoved(location); !mapped)
        return Error { mapped.error(), mapped.systemError() };
    for (int attempt = 0; attempt < kReadAttempts; ++attempt) {
        const auto published = publishedIndex();
        if (!published)
            return Error { published.error() };
        const std::uint32_t index = published.value();
        BufferHeader *buffer = bufferAt(index);
        BufferHeader fields;
        std::uint64_t lockSeen = 0;
        switch (seqlock::peek(buffer, m_capacity, fields, lockSeen)) {
        case seqlock::Attempt::Busy:
            continue;
        case seqlock::Attempt::TooLarge:
            return Error { QStringLiteral("The %1 channel is corrupt: payload larger than its buffer.")
                                   .arg(kindName(m_kind)) };
        case seqlock::Attempt::Copied:
            break;
        }
        std::shared_ptr<BufferLease> held = m_leases[index].lock();
        if (!held) {
            held = BufferLease::take(word, location.generation, index);
            if (!held) // we hold leases on a newer generation: this one is stale
                return Error { QStringLiteral("The %1 channel has moved on.").arg(kindName(m_kind)), ENOENT };
            m_leases[index] = held;
        }
        if (!seqlock::unchangedSince(buffer, lockSeen))
            continue; // the writer claimed it before it saw our lease
        populate(index, buffer);
        LeasedUpdate update;
        update.seq = fields.updateSeq;
        update.publishMonotonicNs = fields.publishMonotonicNs;
        update.width = fields.width;
        update.height = fields.height;
        update.format = fields.format;
        update.data = reinterpret_cast<const char *>(buffer) + sizeof(BufferHeader);
        update.size = std::size_t(fields.payloadSize);
        update.keepAlive = std::make_shared<std::pair<std::shared_ptr<SharedSegment>, std::shared_ptr<BufferLease>>>(
                m_segment, std::move(held));
        return update;
    }
    return Error { QStringLiteral("The %1 update changed %2 times while being leased; the writer is "
                                  "faster than this reader.")
                           .arg(kindName(m_kind))
                           .arg(kReadAttempts) };
}

LeasedUpdate heldAsLeased(Update update)
{
    auto payload = std::make_shared<const QByteArray>(std::move(update.payload));
    LeasedUpdate held;
    static_cast<UpdateInfo &>(held) = update;
    held.data = payload->constData();
    held.size = std::size_t(payload->size());
    held.keepAlive = std::move(payload);
    return held;
}

Result<Update> ChannelReader::read(ChannelLocation location)
{
    if (auto mapped = mapIfMoved(location); !mapped)
        return Error { mapped.error(), mapped.systemError() };
    Update update;
    // Nobody else holds the last payload: it is written over, where a new
    // one would cost an allocation and a free on every read of a small value.
    if (m_lastPayload.isDetached())
        update.payload = std::move(m_lastPayload);
    m_lastPayload = QByteArray();
    for (int attempt = 0; attempt < kReadAttempts; ++attempt) {
        const auto published = publishedIndex();
        if (!published)
            return Error { published.error() };
        BufferHeader *buffer = bufferAt(published.value());
        populate(published.value(), buffer);
        switch (seqlock::read(buffer, m_capacity, update)) {
        case seqlock::Attempt::Copied:
            if (update.payload.capacity() <= kReusedPayloadBytes)
                m_lastPayload = update.payload; // images and large texts are not kept
            return update;
        case seqlock::Attempt::Busy:
            continue; // the writer came round to this buffer again: take the newer one
        case seqlock::Attempt::TooLarge:
            return Error { QStringLiteral("The %1 channel is corrupt: payload larger than its buffer.")
                                   .arg(kindName(m_kind)) };
        }
    }
    return Error { QStringLiteral("The %1 update changed %2 times while being read; the writer is "
                                  "faster than this reader.")
                           .arg(kindName(m_kind))
                           .arg(kReadAttempts) };
}

} // namespace shmbridge

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "seqlock.h"

#include "pages.h"

#include <atomic>
#include <cstring>

namespace shmbridge::seqlock {

using namespace layout;

namespace {

// Shared memory is written by other processes while we look: it is only
// ever touched through these.
std::uint64_t loadWord(const char *shared)
{
    return std::atomic_ref<std::uint64_t>(*reinterpret_cast<std::uint64_t *>(const_cast<char *>(shared)))
            .load(std::memory_order_relaxed);
}

void storeWord(char *shared, std::uint64_t word)
{
    std::atomic_ref<std::uint64_t>(*reinterpret_cast<std::uint64_t *>(shared)).store(word, std::memory_order_relaxed);
}

std::atomic<std::uint64_t> copiedToShared { 0 };
std::atomic<std::uint64_t> copiedFromShared { 0 };

std::atomic_ref<std::uint64_t> lockOf(BufferHeader *buffer)
{
    return std::atomic_ref<std::uint64_t>(buffer->lock);
}

} // namespace

// Shared addresses are 8-byte aligned (buffers start on pages, payloads 128
// bytes in); the private side may be anywhere, so it goes through memcpy.
void copyToShared(char *shared, const char *source, std::size_t size)
{
    std::size_t at = 0;
    for (; at + 8 <= size; at += 8) {
        std::uint64_t word;
        std::memcpy(&word, source + at, 8);
        storeWord(shared + at, word);
    }
    for (; at < size; ++at)
        std::atomic_ref<char>(shared[at]).store(source[at], std::memory_order_relaxed);
}

void copyFromShared(char *target, const char *shared, std::size_t size)
{
    std::size_t at = 0;
    for (; at + 8 <= size; at += 8) {
        const std::uint64_t word = loadWord(shared + at);
        std::memcpy(target + at, &word, 8);
    }
    for (; at < size; ++at)
        target[at] = std::atomic_ref<char>(const_cast<char &>(shared[at])).load(std::memory_order_relaxed);
}

std::uint64_t claim(BufferHeader *buffer)
{
    auto lock = lockOf(buffer);
    const std::uint64_t before = lock.load(std::memory_order_relaxed);
    lock.store(before + 1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    return before;
}

void abandon(BufferHeader *buffer, std::uint64_t before)
{
    // Nothing was written: a reader that copied across the claim has a
    // whole value, so the lock may go back to where it was.
    lockOf(buffer).store(before, std::memory_order_release);
}

void fill(BufferHeader *buffer, const PayloadView &payload, std::uint64_t seq, std::uint64_t before)
{
    BufferHeader fields {};
    fields.updateSeq = seq;
    fields.publishMonotonicNs = payload.publishMonotonicNs;
    fields.payloadSize = payload.size;
    fields.width = payload.width;
    fields.height = payload.height;
    fields.format = payload.format;
    // Everything after the lock word.
    constexpr std::size_t skip = sizeof fields.lock;
    copyToShared(reinterpret_cast<char *>(buffer) + skip, reinterpret_cast<const char *>(&fields) + skip, sizeof fields - skip);
    if (payload.size > 0)
        copyToShared(reinterpret_cast<char *>(buffer) + sizeof(BufferHeader), payload.data, payload.size);
    copiedToShared.fetch_add(payload.size, std::memory_order_relaxed);
    lockOf(buffer).store(before + 2, std::memory_order_release);
}

void write(BufferHeader *buffer, const PayloadView &payload, std::uint64_t seq)
{
    fill(buffer, payload, seq, claim(buffer));
}

Attempt read(BufferHeader *buffer, std::uint64_t capacity, Update &update)
{
    auto lock = lockOf(buffer);
    const std::uint64_t lockBefore = lock.load(std::memory_order_acquire);
    if (lockBefore & 1)
        return Attempt::Busy;
    BufferHeader fields;
    copyFromShared(reinterpret_cast<char *>(&fields), reinterpret_cast<const char *>(buffer), sizeof fields);
    const bool tooLarge = fields.payloadSize > capacity;
    if (!tooLarge) {
        if (update.payload.size() != qsizetype(fields.payloadSize)) {
            const bool fresh = update.payload.capacity() < qsizetype(fields.payloadSize);
            update.payload.resize(qsizetype(fields.payloadSize));
            if (fresh) // megabytes of new memory: map them in one call, not a fault per page
                pages::populateForWrite(update.payload.data(), std::size_t(fields.payloadSize));
        }
        if (fields.payloadSize > 0)
            copyFromShared(update.payload.data(), reinterpret_cast<const char *>(buffer) + sizeof(BufferHeader),
                           fields.payloadSize);
        copiedFromShared.fetch_add(fields.payloadSize, std::memory_order_relaxed);
    }
    std::atomic_thread_fence(std::memory_order_acquire);
    if (lock.load(std::memory_order_relaxed) != lockBefore)
        return Attempt::Busy;
    if (tooLarge)
        return Attempt::TooLarge;
    update.seq = fields.updateSeq;
    update.publishMonotonicNs = fields.publishMonotonicNs;
    update.width = fields.width;
    update.height = fields.height;
    update.format = fields.format;
    return Attempt::Copied;
}

Attempt peek(BufferHeader *buffer, std::uint64_t capacity, BufferHeader &fields, std::uint64_t &lockSeen)
{
    auto lock = lockOf(buffer);
    lockSeen = lock.load(std::memory_order_acquire);
    if (lockSeen & 1)
        return Attempt::Busy;
    copyFromShared(reinterpret_cast<char *>(&fields), reinterpret_cast<const char *>(buffer), sizeof fields);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (lock.load(std::memory_order_relaxed) != lockSeen)
        return Attempt::Busy;
    return fields.payloadSize > capacity ? Attempt::TooLarge : Attempt::Copied;
}

CopiedBytes copiedBytes()
{
    return { copiedToShared.load(std::memory_order_relaxed), copiedFromShared.load(std::memory_order_relaxed) };
}

bool unchangedSince(BufferHeader *buffer, std::uint64_t lockSeen)
{
    std::atomic_thread_fence(std::memory_order_seq_cst);
    return lockOf(buffer).load(std::memory_order_relaxed) == lockSeen;
}

} // namespace shmbridge::seqlock

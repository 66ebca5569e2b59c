// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "lease.h"

#include "atomicword.h"
#include "layout.h"

namespace shmbridge {

using namespace layout;

std::unique_ptr<BufferLease> BufferLease::take(const LeaseWord &word, std::uint64_t generation,
                                               std::uint32_t index)
{
    if (!word.isValid() || index >= kMaxBuffers || generation == 0
        || atomic(*word.writerWord).load(std::memory_order_acquire) != word.writer)
        return nullptr;
    const std::uint64_t bit = std::uint64_t(1) << index;
    auto lease = atomic(*word.lease);
    std::uint64_t current = lease.load(std::memory_order_relaxed);
    for (;;) {
        if (leaseGeneration(current) > generation)
            return nullptr;
        // Leases on an older generation mean nothing to the writer, which
        // never writes there again: a newer generation replaces them.
        const std::uint64_t next = leaseGeneration(current) == generation ? current | bit : packLease(generation, bit);
        // seq_cst: ordered before the reader's check that the writer has not
        // claimed the buffer meanwhile (seqlock::unchangedSince).
        if (lease.compare_exchange_weak(current, next, std::memory_order_seq_cst, std::memory_order_relaxed))
            break;
    }
    return std::unique_ptr<BufferLease>(new BufferLease(word, generation, bit));
}

BufferLease::~BufferLease()
{
    if (atomic(*m_word.writerWord).load(std::memory_order_relaxed) != m_word.writer)
        return; // the slot's acks now belong to another writer
    auto lease = atomic(*m_word.lease);
    std::uint64_t current = lease.load(std::memory_order_relaxed);
    while (leaseGeneration(current) == m_generation
           && !lease.compare_exchange_weak(current, current & ~m_bit, std::memory_order_release,
                                           std::memory_order_relaxed)) { }
}

} // namespace shmbridge

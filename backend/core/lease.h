// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A reader's lease on one buffer of a writer's image channel. While a lease
// is held, the writer fills its other buffers (or a new generation) and
// leaves the leased one as it is, so the reader can show the pixels straight
// from shared memory instead of copying them out. The writer never waits
// for a lease.
//
// Leases live in the reader's own slot, one word per writer
// (Ack::imageLease: a generation and a mask of buffer bits), which only the
// reader writes and the writer only reads. docs/segment-layout.md, "Leases",
// has the protocol and why the fences make it safe.
#pragma once

#include "sharedsegment.h"

#include <cstdint>
#include <memory>

namespace shmbridge {

// Where this process records its leases on one writer's buffers.
struct LeaseWord
{
    std::shared_ptr<SharedSegment> control; // keeps the words mapped after we leave
    std::uint64_t *lease = nullptr; // our Ack::imageLease for that writer
    std::uint64_t *writerWord = nullptr; // our Ack::writerNonce for that writer
    std::uint64_t writer = 0;

    bool isValid() const { return lease != nullptr; }
};

class BufferLease
{
public:
    // Sets the buffer's bit. Fails (null) when the word already speaks of a
    // newer generation, or of another writer: the caller reads again.
    static std::unique_ptr<BufferLease> take(const LeaseWord &word, std::uint64_t generation,
                                             std::uint32_t index);
    // Clears the bit, unless the word has moved on to a newer generation.
    ~BufferLease();

    BufferLease(const BufferLease &) = delete;
    BufferLease &operator=(const BufferLease &) = delete;

private:
    BufferLease(LeaseWord word, std::uint64_t generation, std::uint64_t bit)
        : m_word(std::move(word)), m_generation(generation), m_bit(bit)
    {
    }

    LeaseWord m_word;
    std::uint64_t m_generation;
    std::uint64_t m_bit;
};

} // namespace shmbridge

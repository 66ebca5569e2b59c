// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The sequence lock of one channel buffer: how a writer fills a buffer that
// readers in other processes may be copying at the same moment, and how a
// reader knows whether its copy is whole.
//
// The writer makes the lock word odd, writes the fields and the payload, and
// makes it even again (release). A reader loads the lock (acquire), copies,
// and checks with an acquire fence that the lock did not move. Every byte on
// the shared side is read and written with relaxed atomic word accesses, so
// the concurrent copy is well-defined C++ (not merely "works on x86"), and
// ThreadSanitizer can check the protocol; on x86-64 and aarch64 these
// compile to plain loads and stores, and a 4K frame copies within a few
// percent of memcpy (docs/seqlock.md).
#pragma once

#include "channel.h"
#include "layout.h"

#include <cstddef>
#include <cstdint>

namespace shmbridge::seqlock {

void copyToShared(char *shared, const char *source, std::size_t size);
void copyFromShared(char *target, const char *shared, std::size_t size);

// Fills buffer (a BufferHeader followed by at least payload.size bytes).
void write(layout::BufferHeader *buffer, const PayloadView &payload, std::uint64_t seq);

// write() in steps, for a writer that must look at readers' leases after
// it has claimed a buffer and before it fills it. claim() makes the lock odd
// and returns its value before, then fences (seq_cst) so that the leases
// read afterwards are at least as new as any lease whose reader did not see
// the claim (see unchangedSince). abandon() gives an untouched buffer back.
std::uint64_t claim(layout::BufferHeader *buffer);
void abandon(layout::BufferHeader *buffer, std::uint64_t before);
void fill(layout::BufferHeader *buffer, const PayloadView &payload, std::uint64_t seq, std::uint64_t before);

enum class Attempt {
    Copied, // update holds a whole, consistent value
    Busy, // the writer was at this buffer meanwhile: try again
    TooLarge, // a stable header claims more than capacity: corrupt
};
// One attempt at copying the buffer's value into update, whose payload is
// resized (and its storage reused) as needed.
Attempt read(layout::BufferHeader *buffer, std::uint64_t capacity, Update &update);

// For a reader that leases a buffer instead of copying it: copies only the
// header, and says which lock value it was consistent with.
Attempt peek(layout::BufferHeader *buffer, std::uint64_t capacity, layout::BufferHeader &fields,
             std::uint64_t &lockSeen);
// Called after the reader has stored its lease: true if no writer claimed
// the buffer since peek(). Then the writer, whose claim() fences before it
// reads leases, sees the lease and leaves the buffer alone until released.
bool unchangedSince(layout::BufferHeader *buffer, std::uint64_t lockSeen);

// Payload bytes this process has copied into and out of shared memory, so
// a benchmark can count copies per frame instead of asserting them.
struct CopiedBytes
{
    std::uint64_t toShared = 0;
    std::uint64_t fromShared = 0;
};
CopiedBytes copiedBytes();

} // namespace shmbridge::seqlock

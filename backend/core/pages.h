// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Page-fault discipline. On these machines the first touch of a page costs
// about 11 µs, so a 33 MB frame written into fresh memory page by page costs
// 90 ms where the copy itself takes 2 ms. Asking the kernel to map a whole
// range in one call (MADV_POPULATE_*, Linux 5.14) costs a fraction of that.
// Each function is an optimisation only: where the kernel cannot populate,
// the pages fault in on first touch as before.
#pragma once

#include <shmbridge/layout.h> // SHMBRIDGE_PAGE_BYTES

#include <cstddef>

namespace shmbridge::pages {

constexpr std::size_t kSize = SHMBRIDGE_PAGE_BYTES;

constexpr std::size_t roundUp(std::size_t bytes)
{
    return (bytes + kSize - 1) / kSize * kSize;
}

// Maps the pages of [data, data + size) for writing, allocating any that are
// missing. For private memory about to be filled (a fresh destination
// buffer), and for shared memory already reserved with posix_fallocate.
void populateForWrite(void *data, std::size_t size);
// Maps the pages for reading; for a shared buffer about to be copied out.
void populateForRead(const void *data, std::size_t size);

} // namespace shmbridge::pages

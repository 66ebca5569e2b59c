// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "pages.h"

#include <cstdint>
#include <sys/mman.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

namespace shmbridge::pages {

namespace {

// madvise wants page-aligned ranges: populate the whole pages inside the range
// (the partial ones at either end fault in as usual).
void populate(const void *data, std::size_t size, int advice)
{
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = (begin + kSize - 1) / kSize * kSize;
    const std::uintptr_t last = (begin + size) / kSize * kSize;
    if (last > first)
        madvise(reinterpret_cast<void *>(first), last - first, advice);
}

} // namespace

void populateForWrite(void *data, std::size_t size)
{
    populate(data, size, MADV_POPULATE_WRITE);
}

void populateForRead(const void *data, std::size_t size)
{
    populate(data, size, MADV_POPULATE_READ);
}

} // namespace shmbridge::pages

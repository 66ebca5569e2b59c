// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Repeats on the clock's beat, for streams: repeat n is due at
// start + n / rate, so one late repeat (a slow publish, a busy machine) is
// caught up on instead of delaying every repeat after it, as a fixed
// interval between repeats would.
#pragma once

#include "clocks.h"

#include <cstdint>

namespace shmbridge {

class FramePacer
{
public:
    // perSecond must be at least 1.
    explicit FramePacer(std::uint64_t perSecond) : m_perSecond(perSecond), m_startNs(monotonicNow()) { }

    // Whole milliseconds from now until repeat n (counted from 0 at the
    // start) is due; 0 once it is due.
    int msUntil(std::uint64_t n) const
    {
        const std::uint64_t dueNs = m_startNs + n * 1'000'000'000ULL / m_perSecond;
        const std::uint64_t now = monotonicNow();
        return dueNs > now ? int((dueNs - now) / 1'000'000ULL) : 0;
    }

private:
    std::uint64_t m_perSecond;
    std::uint64_t m_startNs;
};

} // namespace shmbridge

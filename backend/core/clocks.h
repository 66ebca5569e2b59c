// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The two clocks of the protocol, in nanoseconds: CLOCK_MONOTONIC for
// publish times and latencies (shared by every process on the machine),
// CLOCK_REALTIME for join and creation times (and across machines).
#pragma once

#include <cstdint>
#include <ctime>

namespace shmbridge {

inline std::uint64_t clockNs(clockid_t clock)
{
    timespec now {};
    clock_gettime(clock, &now);
    return std::uint64_t(now.tv_sec) * 1000000000ULL + std::uint64_t(now.tv_nsec);
}

inline std::uint64_t monotonicNow()
{
    return clockNs(CLOCK_MONOTONIC);
}

inline std::uint64_t realtimeNow()
{
    return clockNs(CLOCK_REALTIME);
}

} // namespace shmbridge

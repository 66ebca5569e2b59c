// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// One frame at a time through a slow stage (reading a peer's image,
// compressing, sending, decoding), with only the newest waiting behind it.
// When frames come faster than the stage works, the ones in between are
// dropped, never the one being worked on: what comes out is
// min(offered, capacity) frames a second, never 0.
// (Cancelling the frame in work for a newer one instead starves the lane
// for good once frames come faster than one stage's time.)
// Single-threaded: the owner offers and finishes on one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

namespace shmbridge {

template<typename Frame>
class FrameLane
{
public:
    // A new frame: returned when the stage is free and should start it now,
    // otherwise kept (replacing any older one kept).
    std::optional<Frame> offer(Frame frame)
    {
        if (!m_busy) {
            m_busy = true;
            return frame;
        }
        if (m_waiting)
            ++m_dropped;
        m_waiting = std::move(frame);
        return std::nullopt;
    }

    // The frame in work is done: the next one to start, if one waits.
    std::optional<Frame> finish()
    {
        if (!m_waiting) {
            m_busy = false;
            return std::nullopt;
        }
        std::optional<Frame> next = std::move(m_waiting);
        m_waiting.reset();
        return next;
    }

    // The frame in work is done and the stage is free: what waited, if
    // anything, for the owner to offer again when it will (the bridge waits
    // for a window to draw first).
    std::optional<Frame> release()
    {
        std::optional<Frame> waiting = std::move(m_waiting);
        m_waiting.reset();
        m_busy = false;
        return waiting;
    }

    bool busy() const { return m_busy; }
    // Frames replaced while waiting, since the lane began.
    std::uint64_t dropped() const { return m_dropped; }

private:
    bool m_busy = false;
    std::optional<Frame> m_waiting;
    std::uint64_t m_dropped = 0;
};

} // namespace shmbridge

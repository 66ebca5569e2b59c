// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Joining a room's table: open or create its control segment, set it up or
// check it (one rule for its size in every peer), recover it if everybody
// in it died, and claim a slot, all under the room lock.
#pragma once

#include "names.h"
#include "peerinfo.h"
#include "result.h"
#include "sharedsegment.h"

#include <QByteArray>

#include <cstdint>

namespace shmbridge {

struct ClaimedSlot
{
    SharedSegment segment; // the control segment, mapped read-write
    std::uint32_t slot = 0;
};

// Claims a slot for peer self (our doorbell's id) named nameUtf8. Waits at
// most lockWaitMs for the room lock; fails with systemError EWOULDBLOCK
// when another process holds it longer.
Result<ClaimedSlot> claimSlot(const RoomNames &names, PeerId self, const QByteArray &nameUtf8, int lockWaitMs);

} // namespace shmbridge

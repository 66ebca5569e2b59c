// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A room looked at read-only, without joining or creating it: for
// `shmbridge-cli inspect` and `peers`, and for tests and the fuzzer.
#pragma once

#include "layout.h"
#include "peerinfo.h"
#include "result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstddef>
#include <cstdint>

namespace shmbridge {

// A read-only look at a room: its header, and every peer in its slots with
// the channels it publishes on (what `shmbridge-cli inspect` prints).
struct RoomObservation
{
    struct Channel
    {
        layout::Kind kind;
        std::uint64_t generation;
        std::uint64_t capacity; // payload bytes per buffer
    };
    struct Slot
    {
        std::uint32_t slot;
        bool died; // marked live, but its process is gone
        QList<Channel> channels;
    };
    QString home; // RoomHome::description()
    QByteArray segment;
    std::size_t segmentSize = 0;
    layout::RoomHeader header {}; // as validated
    QList<PeerInfo> peers; // in slot order
    QList<Slot> slots; // one per peer, in the same order
};

// Looks at the room of that key now. Refuses, in words, a key whose room
// does not exist, fails validation, or is a protocol-3 room.
Result<RoomObservation> observeRoom(const QString &key);

} // namespace shmbridge

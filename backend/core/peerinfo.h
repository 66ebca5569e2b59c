// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A peer of a room as everyone above the core knows it: its id (its slot's
// nonce), its name, its process, whether it is in the room, and how far it
// has published and read.
#pragma once

#include "layout.h"

#include <QMetaType>
#include <QString>

#include <array>
#include <cstdint>

namespace shmbridge {

using PeerId = quint64;

struct PeerInfo
{
    PeerId id = 0;
    QString name;
    qint64 pid = 0;
    bool live = false;
    std::array<std::uint64_t, layout::kKindCount> latestSeq {}; // newest seen per kind
    std::array<std::uint64_t, layout::kKindCount> acked {}; // what it read of ours
};

} // namespace shmbridge

Q_DECLARE_METATYPE(shmbridge::PeerInfo)

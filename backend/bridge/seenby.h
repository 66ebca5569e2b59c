// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// "Seen by": which peers hold what I published, from their acks in the
// room. Each peer's row says whether it holds my latest update (a card's
// ✓ seen); MyValues says, per kind, which live peers hold my latest value
// of that kind ("✓ seen by alice, bob").
#pragma once

#include "peerinfo.h"

#include <functional>
#include <optional>

class MyValues;
class PeerModel;

// What the room says of a peer now (Room::peer), or nothing if it is gone.
using PeerLookup = std::function<std::optional<shmbridge::PeerInfo>(shmbridge::PeerId)>;

// Brings every row's "seen" and my values' "seen by" up to date with the
// acks, for my latest update (lastKind, lastSeq; lastSeq 0: none yet).
void refreshSeen(PeerModel &peers, MyValues &me, const PeerLookup &lookup, shmbridge::layout::Kind lastKind,
                 quint64 lastSeq);
// How many live peers hold my latest update.
int seenByCount(const PeerModel &peers);

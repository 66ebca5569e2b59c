// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "seenby.h"

#include "myvalues.h"
#include "peermodel_p.h"

#include <array>

using namespace shmbridge;
using layout::Kind;

void refreshSeen(PeerModel &peers, MyValues &me, const PeerLookup &lookup, Kind lastKind, quint64 lastSeq)
{
    std::array<QStringList, layout::kKindCount> seenBy;
    for (int row = 0; row < peers.rowCount(); ++row) {
        const PeerModel::Peer &peer = peers.at(row);
        const auto info = lookup(peer.id);
        const bool seen = lastSeq > 0 && info && info->acked[std::uint32_t(lastKind)] >= lastSeq;
        const QString name = peer.name;
        if (seen != peer.seen)
            peers.update(peer.id, [&](PeerModel::Peer &changed) { changed.seen = seen; });
        for (std::uint32_t kind = 0; kind < layout::kKindCount; ++kind) {
            const quint64 mine = me.seq(Kind(kind));
            if (mine > 0 && info && info->live && info->acked[kind] >= mine)
                seenBy[kind].append(name);
        }
    }
    for (std::uint32_t kind = 0; kind < layout::kKindCount; ++kind)
        me.setSeenBy(Kind(kind), seenBy[kind]);
}

int seenByCount(const PeerModel &peers)
{
    int seen = 0;
    for (int row = 0; row < peers.rowCount(); ++row) {
        const PeerModel::Peer &peer = peers.at(row);
        if (peer.seen && peer.live)
            ++seen;
    }
    return seen;
}

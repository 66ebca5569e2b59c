// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// How a room key becomes the paths of its files in the user's room home
// (roomhome.h). Keys are arbitrary Unicode typed by people, so they are
// hashed: the names stay short, free of '/', and the same in every process
// of the same user.
#pragma once

#include "result.h"
#include "roomhome.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace shmbridge {

class RoomNames
{
public:
    // Validates the key (validateRoomKey) and finds the user's room home.
    static Result<RoomNames> fromKey(const QString &key);

    const QString &key() const { return m_key; }
    const QByteArray &keyUtf8() const { return m_keyUtf8; }
    const RoomHome &home() const { return m_home; }
    // "room-<hash>": every file of this room is named <home>/<stem>...
    const QByteArray &stem() const { return m_stem; }

    // Paths of the room's files: its control segment, a peer's channel
    // segments, and a peer's rendezvous socket.
    QByteArray roomSegment() const;
    QByteArray channelSegment(std::uint64_t peer, std::uint32_t kind,
                              std::uint64_t generation, std::uint64_t token) const;
    // What every channel segment path of that peer starts with.
    QByteArray channelPrefix(std::uint64_t peer) const;
    QByteArray rendezvousSocket(std::uint64_t peer) const;

private:
    QString m_key;
    QByteArray m_keyUtf8;
    RoomHome m_home;
    QByteArray m_stem;
};

// Accepts 1..kMaxKeyBytes bytes of UTF-8 without control characters, and
// returns it as UTF-8.
Result<QByteArray> validateRoomKey(const QString &key);
// Accepts 1..kMaxNameBytes bytes of UTF-8 without control characters.
Result<QByteArray> validatePeerName(const QString &name);

} // namespace shmbridge

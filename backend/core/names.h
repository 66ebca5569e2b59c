// How a room key becomes the names of its shared-memory objects. Keys are
// arbitrary Unicode typed by people, so they are hashed: the names stay short,
// free of '/', and the same in every process of the same user.
#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace shmbridge {

class RoomNames
{
public:
    // Accepts 1..kMaxKeyBytes bytes of UTF-8 without control characters.
    static Result<RoomNames> fromKey(const QString &key);

    const QString &key() const { return m_key; }
    const QByteArray &keyUtf8() const { return m_keyUtf8; }

    // POSIX shared-memory names ("/..."), unique per user and room.
    QByteArray roomSegment() const;
    QByteArray channelSegment(std::uint64_t peerNonce, std::uint32_t kind,
                              std::uint64_t generation, std::uint64_t token) const;
    // What every channel segment name of that peer starts with.
    QByteArray channelPrefix(std::uint64_t peerNonce) const;
    // Linux abstract-namespace socket names (without the leading NUL) are
    // this prefix, '-' and the peer's nonce in hex.
    const QByteArray &doorbellPrefix() const { return m_prefix; }

private:
    QString m_key;
    QByteArray m_keyUtf8;
    QByteArray m_prefix; // "shmbridge-<uid>-<hash>"
};

// Accepts 1..kMaxNameBytes bytes of UTF-8 without control characters.
Result<QByteArray> validatePeerName(const QString &name);

} // namespace shmbridge

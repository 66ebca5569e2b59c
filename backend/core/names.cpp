// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "names.h"

#include "layout.h"

#include <QCryptographicHash>
#include <QList>

namespace shmbridge {

namespace {

bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

// Limits are bytes of UTF-8 (the slot has a fixed field), but people count
// characters: say both, with what fits in each script.
Error tooLong(const char *what, const QString &text, qsizetype utf8Bytes, std::uint32_t limit)
{
    return Error { QStringLiteral("The %1 is too long: its %2 characters take %3 bytes, and the limit is %4 "
                                  "(%4 Latin letters, or %5 Chinese characters).")
                           .arg(QLatin1StringView(what))
                           .arg(text.toUcs4().size())
                           .arg(utf8Bytes)
                           .arg(limit)
                           .arg(limit / 3) };
}

} // namespace

Result<QByteArray> validateRoomKey(const QString &key)
{
    if (key.isEmpty())
        return Error { QStringLiteral("The room key is empty; choose a key such as \"demo\".") };
    if (hasControlCharacters(key))
        return Error { QStringLiteral("The room key contains control characters.") };
    // A lone surrogate becomes U+FFFD in UTF-8: two different keys would be one room.
    if (!QStringView(key).isValidUtf16())
        return Error { QStringLiteral("The room key is not valid Unicode (it holds half of a character).") };
    const QByteArray utf8 = key.toUtf8();
    if (utf8.size() > qsizetype(layout::kMaxKeyBytes))
        return tooLong("room key", key, utf8.size(), layout::kMaxKeyBytes);
    return utf8;
}

Result<RoomNames> RoomNames::fromKey(const QString &key)
{
    auto utf8 = validateRoomKey(key);
    if (!utf8)
        return Error { utf8.error() };
    auto home = RoomHome::find();
    if (!home)
        return Error { home.error(), home.systemError() };
    RoomNames names;
    names.m_key = key;
    names.m_keyUtf8 = utf8.value();
    names.m_home = home.value();
    const QByteArray hash = QCryptographicHash::hash(names.m_keyUtf8, QCryptographicHash::Sha256);
    names.m_stem = "room-" + hash.left(12).toHex();
    return names;
}

QByteArray RoomNames::roomSegment() const
{
    return m_home.path + '/' + m_stem;
}

QByteArray RoomNames::channelSegment(std::uint64_t peer, std::uint32_t kind,
                                     std::uint64_t generation, std::uint64_t token) const
{
    return channelPrefix(peer) + QByteArray::number(kind) + '-' + QByteArray::number(quint64(generation))
            + '-' + QByteArray::number(quint64(token), 16);
}

QByteArray RoomNames::channelPrefix(std::uint64_t peer) const
{
    return roomSegment() + '-' + QByteArray::number(quint64(peer), 16) + '-';
}

QByteArray RoomNames::rendezvousSocket(std::uint64_t peer) const
{
    return roomSegment() + '-' + QByteArray::number(quint64(peer), 16) + ".sock";
}

Result<QByteArray> validatePeerName(const QString &name)
{
    if (name.trimmed().isEmpty())
        return Error { QStringLiteral("The peer name is empty.") };
    if (hasControlCharacters(name))
        return Error { QStringLiteral("The peer name contains control characters.") };
    if (!QStringView(name).isValidUtf16())
        return Error { QStringLiteral("The peer name is not valid Unicode (it holds half of a character).") };
    const QByteArray utf8 = name.toUtf8();
    if (utf8.size() > qsizetype(layout::kMaxNameBytes))
        return tooLong("peer name", name, utf8.size(), layout::kMaxNameBytes);
    return utf8;
}

} // namespace shmbridge

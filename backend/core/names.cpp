#include "names.h"

#include "layout.h"

#include <QCryptographicHash>

#include <unistd.h>

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

} // namespace

Result<RoomNames> RoomNames::fromKey(const QString &key)
{
    if (key.isEmpty())
        return Error { QStringLiteral("The room key is empty; choose a key such as \"demo\".") };
    if (hasControlCharacters(key))
        return Error { QStringLiteral("The room key contains control characters.") };
    const QByteArray utf8 = key.toUtf8();
    if (utf8.size() > qsizetype(layout::kMaxKeyBytes)) {
        return Error { QStringLiteral("The room key is %1 bytes long; the limit is %2.")
                               .arg(utf8.size())
                               .arg(layout::kMaxKeyBytes) };
    }
    RoomNames names;
    names.m_key = key;
    names.m_keyUtf8 = utf8;
    const QByteArray hash = QCryptographicHash::hash(utf8, QCryptographicHash::Sha256);
    names.m_prefix = "shmbridge-" + QByteArray::number(uint(geteuid())) + '-'
            + hash.left(12).toHex();
    return names;
}

QByteArray RoomNames::roomSegment() const
{
    return '/' + m_prefix;
}

QByteArray RoomNames::channelSegment(std::uint64_t peerNonce, std::uint32_t kind,
                                     std::uint64_t generation) const
{
    return '/' + m_prefix + '-' + QByteArray::number(quint64(peerNonce), 16) + '-'
            + QByteArray::number(kind) + '-' + QByteArray::number(quint64(generation));
}

Result<QByteArray> validatePeerName(const QString &name)
{
    if (name.trimmed().isEmpty())
        return Error { QStringLiteral("The peer name is empty.") };
    if (hasControlCharacters(name))
        return Error { QStringLiteral("The peer name contains control characters.") };
    const QByteArray utf8 = name.toUtf8();
    if (utf8.size() > qsizetype(layout::kMaxNameBytes)) {
        return Error { QStringLiteral("The peer name is %1 bytes long; the limit is %2.")
                               .arg(utf8.size())
                               .arg(layout::kMaxNameBytes) };
    }
    return utf8;
}

} // namespace shmbridge

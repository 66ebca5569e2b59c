// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "peerimageprovider.h"

#include "displayscale.h"

PeerImageStore &PeerImageStore::instance()
{
    static PeerImageStore store;
    return store;
}

PeerImageStore::ShownFlag PeerImageStore::put(const ImageKey &id, const QImage &image, const ScaledImages &scaled)
{
    auto shown = std::make_shared<std::atomic_bool>(false);
    QMutexLocker locker(&m_mutex);
    Entry &entry = m_entries[id];
    if (!entry.asked.isEmpty())
        entry.askedBefore = std::exchange(entry.asked, {});
    entry.image = image;
    entry.scaled = scaled;
    entry.shown = shown;
    return shown;
}

bool PeerImageStore::replace(const ImageKey &id, qint64 expected, const QImage &image)
{
    QMutexLocker locker(&m_mutex);
    const auto found = m_entries.find(id);
    if (found == m_entries.end() || found->image.cacheKey() != expected)
        return false;
    found->image = image;
    found->scaled.clear();
    return true;
}

void PeerImageStore::remove(const ImageKey &id)
{
    QMutexLocker locker(&m_mutex);
    m_entries.remove(id);
}

void PeerImageStore::removeAllOf(quintptr bridge)
{
    QMutexLocker locker(&m_mutex);
    m_entries.removeIf([&](const auto &entry) { return entry.key().bridge == bridge; });
}

QImage PeerImageStore::get(const ImageKey &id) const
{
    QMutexLocker locker(&m_mutex);
    return m_entries.value(id).image;
}

QImage PeerImageStore::getScaled(const ImageKey &id, QSize bounds, QSize *fullSize)
{
    QImage image;
    {
        QMutexLocker locker(&m_mutex);
        const auto found = m_entries.find(id);
        if (found == m_entries.end())
            return {};
        image = found->image;
        if (found->shown)
            found->shown->store(true, std::memory_order_relaxed);
        if (fullSize)
            *fullSize = image.size();
        if (bounds.width() <= 0 && bounds.height() <= 0)
            return image;
        if (!found->asked.contains(bounds)) {
            found->asked.append(bounds);
            if (found->asked.size() > kSizesKept)
                found->asked.removeFirst();
        }
        for (const auto &[size, scaled] : std::as_const(found->scaled)) {
            if (size == bounds)
                return scaled;
        }
    }
    // Scaled outside the lock: the worker may be putting the next frame.
    const QImage scaled = shmbridge::scaledForDisplay(image, bounds);
    QMutexLocker locker(&m_mutex);
    ++m_scaledOnRequest;
    if (const auto found = m_entries.find(id); found != m_entries.end() && found->image.cacheKey() == image.cacheKey()) {
        found->scaled.append({ bounds, scaled });
        if (found->scaled.size() > kSizesKept)
            found->scaled.removeFirst();
    }
    return scaled;
}

QList<QSize> PeerImageStore::sizesAskedFor(const ImageKey &id) const
{
    QMutexLocker locker(&m_mutex);
    const auto found = m_entries.constFind(id);
    if (found == m_entries.cend())
        return {};
    return found->asked.isEmpty() ? found->askedBefore : found->asked;
}

quint64 PeerImageStore::scaledOnRequest() const
{
    QMutexLocker locker(&m_mutex);
    return m_scaledOnRequest;
}

QString PeerImageProvider::url(const ImageKey &key, quint64 seq, Copy copy)
{
    return QStringLiteral("image://%1/%2/%3/%4%5")
            .arg(QLatin1StringView(providerId))
            .arg(key.bridge, 0, 16)
            .arg(key.peer, 16, 16, QLatin1Char('0'))
            .arg(seq)
            .arg(copy == Copy::Private ? QLatin1StringView("-kept") : QLatin1StringView());
}

std::optional<ImageKey> PeerImageProvider::keyOf(const QString &id)
{
    // The seq only makes a new URL: the store keeps one image per key.
    const QStringList parts = id.split(QLatin1Char('/'));
    if (parts.size() != 3)
        return std::nullopt;
    bool bridgeOk = false;
    bool peerOk = false;
    const ImageKey key { quintptr(parts.at(0).toULongLong(&bridgeOk, 16)), parts.at(1).toULongLong(&peerOk, 16) };
    if (!bridgeOk || !peerOk)
        return std::nullopt;
    return key;
}

QImage PeerImageProvider::requestImage(const QString &id, QSize *size, const QSize &requestedSize)
{
    // An Image with a sourceSize (a card) gets a texture of that size; one
    // without (the detail at 1:1) gets the leased pixels themselves.
    const auto key = keyOf(id);
    return key ? PeerImageStore::instance().getScaled(*key, requestedSize, size) : QImage();
}

#include "peerimageprovider.h"

#include "displayscale.h"

PeerImageStore &PeerImageStore::instance()
{
    static PeerImageStore store;
    return store;
}

void PeerImageStore::put(const QString &id, const QImage &image)
{
    QMutexLocker locker(&m_mutex);
    m_images.insert(id, image);
}

bool PeerImageStore::replace(const QString &id, qint64 expected, const QImage &image)
{
    QMutexLocker locker(&m_mutex);
    const auto found = m_images.find(id);
    if (found == m_images.end() || found->cacheKey() != expected)
        return false;
    *found = image;
    return true;
}

void PeerImageStore::remove(const QString &prefix)
{
    QMutexLocker locker(&m_mutex);
    m_images.removeIf([&](const auto &entry) { return entry.key().startsWith(prefix); });
}

QImage PeerImageStore::get(const QString &id) const
{
    QMutexLocker locker(&m_mutex);
    return m_images.value(id);
}

QImage PeerImageProvider::requestImage(const QString &id, QSize *size, const QSize &requestedSize)
{
    // Drop the trailing "/<seq>": the store keeps one image per peer.
    const QImage image = PeerImageStore::instance().get(id.section(QLatin1Char('/'), 0, -2));
    if (size)
        *size = image.size();
    // An Image with a sourceSize (a card) gets a texture of that size, made
    // from the sampled pixels only; one without (the detail at 1:1) gets the
    // leased pixels themselves.
    return shmbridge::scaledForDisplay(image, requestedSize);
}

// Peer images reach QML as the very QImage the worker leased in shared
// memory: no encoding, no copy. Sources look like
// "image://shmbridge/<bridge>/<peer>/<seq>"; the last part only makes each
// new frame (or the private copy of a peer that left) a new URL. An Image
// with a sourceSize gets the image at that size instead (displayscale.h).
#pragma once

#include <QHash>
#include <QImage>
#include <QMutex>
#include <QQuickImageProvider>

class PeerImageStore
{
public:
    static PeerImageStore &instance();
    void put(const QString &id, const QImage &image);
    // Puts image in place of expected (by cacheKey); false if id now holds
    // another image, which then stays.
    bool replace(const QString &id, qint64 expected, const QImage &image);
    void remove(const QString &prefix);
    QImage get(const QString &id) const;

private:
    mutable QMutex m_mutex;
    QHash<QString, QImage> m_images;
};

class PeerImageProvider : public QQuickImageProvider
{
public:
    static constexpr auto providerId = "shmbridge";
    PeerImageProvider() : QQuickImageProvider(QQuickImageProvider::Image) { }
    // "image://shmbridge/<storeId>/<seq>": the source of that stored image.
    static QString url(const QString &storeId, quint64 seq)
    {
        return QStringLiteral("image://%1/%2/%3").arg(QLatin1StringView(providerId), storeId).arg(seq);
    }
    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;
};

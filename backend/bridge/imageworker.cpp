// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "imageworker.h"

#include "displayscale.h"
#include "imagefile.h"
#include "payload.h"

using namespace shmbridge;

ImageWorker::ImageWorker(std::shared_ptr<RoomAccess> access) : m_access(std::move(access)) { }

ImageWorker::~ImageWorker() = default;

void ImageWorker::readPeerImage(const std::shared_ptr<PeerChannel> &channel, const ImageKey &storeId)
{
    const PeerId peer = channel->writer();
    auto update = channel->lease();
    if (!update) {
        Q_EMIT peerImageFailed(peer, update.error());
        return;
    }
    const LeasedUpdate &info = update.value();
    if (auto valid = validateImageGeometry(info.width, info.height, info.format, std::uint64_t(info.size)); !valid) {
        Q_EMIT peerImageFailed(peer, valid.error());
        return;
    }
    PeerFrame frame { wrapLeased(info), {}, info.seq, info.publishMonotonicNs };
    for (const QSize bounds : PeerImageStore::instance().sizesAskedFor(storeId))
        frame.scaled.append({ bounds, scaledForDisplay(frame.image, bounds) });
    Q_EMIT peerImageRead(peer, frame);
}

void ImageWorker::keepCopyOf(PeerId peer, const ImageKey &storeId)
{
    PeerImageStore &store = PeerImageStore::instance();
    const QImage shown = store.get(storeId);
    if (shown.isNull())
        return;
    if (store.replace(storeId, shown.cacheKey(), shown.copy()))
        Q_EMIT peerImageKept(peer);
}

void ImageWorker::publishFile(const QUrl &url)
{
    // qrc: URLs name the built-in gallery; everything else must be a local file.
    QString path;
    if (url.scheme() == QLatin1String("qrc"))
        path = QLatin1Char(':') + url.path();
    else if (url.isLocalFile())
        path = url.toLocalFile();
    else if (url.scheme().isEmpty())
        path = url.path();
    if (path.isEmpty()) {
        Q_EMIT publishFailed(tr("Only local image files can be shared, not %1.").arg(url.toDisplayString()));
        return;
    }
    auto image = loadImageFile(path);
    if (!image) {
        Q_EMIT publishFailed(image.error());
        return;
    }
    publishImage(image.value());
}

void ImageWorker::publishImage(const QImage &source)
{
    auto image = prepareForPublishing(source);
    if (!image) {
        Q_EMIT publishFailed(image.error());
        return;
    }
    const QImage &pixels = image.value();
    Q_EMIT publishing(tr("Sending %1 × %2…").arg(pixels.width()).arg(pixels.height()));
    QMutexLocker locker(&m_access->guard);
    if (!m_access->room || !m_access->room->isJoined()) {
        Q_EMIT publishFailed(tr("Not in a room: join one first."));
        return;
    }
    auto seq = m_access->room->publishImage(std::uint32_t(pixels.width()), std::uint32_t(pixels.height()),
                                    pixelFormatOf(pixels), reinterpret_cast<const char *>(pixels.constBits()));
    if (!seq) {
        Q_EMIT publishFailed(seq.error());
        return;
    }
    Q_EMIT published(seq.value(), pixels);
}

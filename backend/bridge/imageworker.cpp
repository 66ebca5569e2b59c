// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "imageworker.h"

#include "displayscale.h"
#include "imagefile.h"
#include "payload.h"

using namespace shmbridge;

ImageWorker::ImageWorker(std::shared_ptr<RoomAccess> access) : m_access(std::move(access)) { }

ImageWorker::~ImageWorker() = default;

void ImageWorker::readPeerImage(const QString &key, PeerId peer, quint64 generation, quint64 token,
                                const LeaseWord &lease, const ImageKey &storeId)
{
    if (key != m_readerKey) {
        m_readers.clear();
        m_readerKey = key;
    }
    auto &reader = m_readers[peer];
    if (!reader) {
        auto names = RoomNames::fromKey(key);
        if (!names) {
            m_readers.erase(peer);
            return;
        }
        reader = std::make_unique<ChannelReader>(names.value(), peer, layout::Kind::Image);
    }
    auto update = reader->lease(ChannelLocation { generation, token }, lease);
    if (!update) {
        Q_EMIT peerImageFailed(peer, update.error(), update.systemError(), generation);
        return;
    }
    const LeasedUpdate &info = update.value();
    if (auto valid = validateImageGeometry(info.width, info.height, info.format, std::uint64_t(info.size)); !valid) {
        Q_EMIT peerImageFailed(peer, valid.error(), 0, generation);
        return;
    }
    PeerFrame frame { wrapLeased(info), {}, info.seq, info.publishMonotonicNs };
    for (const QSize bounds : PeerImageStore::instance().sizesAskedFor(storeId))
        frame.scaled.append({ bounds, scaledForDisplay(frame.image, bounds) });
    Q_EMIT peerImageRead(peer, frame);
}

void ImageWorker::forgetPeers()
{
    m_readers.clear();
}

void ImageWorker::forgetPeer(PeerId peer, const ImageKey &storeId)
{
    m_readers.erase(peer);
    PeerImageStore &store = PeerImageStore::instance();
    const QImage shown = store.get(storeId);
    if (shown.isNull())
        return;
    // One copy per peer that leaves, so that nobody's leaving pins shared memory.
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

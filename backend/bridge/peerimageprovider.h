// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Peer images reach QML as the very QImage the worker leased in shared
// memory: no encoding, no copy. The store keys them by ImageKey (a bridge,
// and one of its peers or its own image); sources look like
// "image://shmbridge/<bridge>/<peer>/<seq>", written and read here alone.
// The last part only makes each new frame (or the private copy of a peer
// that left) a new URL.
//
// An Image with a sourceSize gets the image at that size (displayscale.h).
// The store remembers the sizes its Images ask for, so that the image worker
// makes them for the next frame as it reads it, off the GUI thread; the
// provider scales on the GUI thread only a size nobody asked for before (a
// card's first frame, or a card that was just resized).
#pragma once

#include "peerinfo.h"

#include <QHash>
#include <QImage>
#include <QList>
#include <QMutex>
#include <QQuickImageProvider>

#include <atomic>
#include <memory>
#include <optional>
#include <utility>

// An image at the size an Image asked for, keyed by that request.
using ScaledImages = QList<std::pair<QSize, QImage>>;

// Whose image: a bridge's (each has its own), and one of its peers, or
// peer 0 for the bridge's own (no peer has id 0).
struct ImageKey
{
    quintptr bridge = 0;
    shmbridge::PeerId peer = 0;

    friend bool operator==(const ImageKey &, const ImageKey &) = default;
    friend size_t qHash(const ImageKey &key, size_t seed = 0) { return qHashMulti(seed, key.bridge, key.peer); }
};

class PeerImageStore
{
public:
    static PeerImageStore &instance();
    // Whether an Image has loaded a stored image (at any size) since it was
    // put: whether anyone shows it. Set by the provider, read by whoever put
    // the image, without another look in the store.
    using ShownFlag = std::shared_ptr<const std::atomic_bool>;
    // image as read, with what the worker made of it at sizesAskedFor(id).
    ShownFlag put(const ImageKey &id, const QImage &image, const ScaledImages &scaled = {});
    // Puts image in place of expected (by cacheKey); false if id now holds
    // another image, which then stays. The scaled images go: one may be the
    // leased image itself (when it was asked for at its own size).
    bool replace(const ImageKey &id, qint64 expected, const QImage &image);
    void remove(const ImageKey &id);
    // Every image of that bridge.
    void removeAllOf(quintptr bridge);
    QImage get(const ImageKey &id) const;
    // id's image fitted within bounds (see scaledForDisplay); the image
    // itself when bounds are empty. fullSize is set to the image's own size.
    QImage getScaled(const ImageKey &id, QSize bounds, QSize *fullSize = nullptr);
    // The sizes Images asked of id's current image, or, while nobody has
    // asked yet, of the one before it: what to make of the next frame.
    QList<QSize> sizesAskedFor(const ImageKey &id) const;
    // How many images getScaled had to scale itself, not finding them made.
    quint64 scaledOnRequest() const;

private:
    // Sizes kept per image, the newest: a card and the detail need two;
    // resizing a window asks for a new size at every step, and neither the
    // sizes to make nor the images made may pile up meanwhile.
    static constexpr qsizetype kSizesKept = 4;
    struct Entry
    {
        QImage image;
        ScaledImages scaled;
        QList<QSize> asked; // of this image
        QList<QSize> askedBefore; // of the last image that was asked anything
        std::shared_ptr<std::atomic_bool> shown;
    };
    mutable QMutex m_mutex;
    QHash<ImageKey, Entry> m_entries;
    quint64 m_scaledOnRequest = 0;
};

class PeerImageProvider : public QQuickImageProvider
{
public:
    static constexpr auto providerId = "shmbridge";
    PeerImageProvider() : QQuickImageProvider(QQuickImageProvider::Image) { }
    // Whether a source names the image as read, or the private copy made
    // when its peer left (another URL, so every Image loads the copy).
    enum class Copy { Leased, Private };
    // The source of that stored image, frame seq.
    static QString url(const ImageKey &key, quint64 seq, Copy copy = Copy::Leased);
    // The key a source's id ("<bridge>/<peer>/<seq>") names; nothing if it names none.
    static std::optional<ImageKey> keyOf(const QString &id);
    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;
};

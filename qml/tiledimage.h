// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// An image drawn as tiles, of which only those in visibleArea are uploaded.
// An Image uploads its whole frame as one texture whatever part of it shows:
// zoomed in on a 4K frame in a 1280x720 window, that is 33 MB per frame for
// 3.5 MB seen. Here each tile of the image (kTileSize square) becomes a
// texture when it first shows for that frame; a new frame re-uploads only the
// tiles in view, and panning uploads the tiles that come into view.
//
// The image comes from source at sourceSize, as an Image's does (an image
// provider's URL, a file or qrc:), and is stretched over the item.
#pragma once

#include <QImage>
#include <QQuickItem>
#include <QUrl>

#include <atomic>

class TiledImage : public QQuickItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QUrl source READ source WRITE setSource NOTIFY sourceChanged FINAL)
    // The size to ask the source for; unset, the image's own.
    Q_PROPERTY(QSize sourceSize READ sourceSize WRITE setSourceSize RESET resetSourceSize NOTIFY sourceSizeChanged FINAL)
    // The part of the item on screen, in its own coordinates (what a
    // Flickable around it shows).
    Q_PROPERTY(QRectF visibleArea READ visibleArea WRITE setVisibleArea NOTIFY visibleAreaChanged FINAL)
    // The image as loaded (its size at sourceSize).
    Q_PROPERTY(QSize loadedSize READ loadedSize NOTIFY loadedSizeChanged FINAL)
    // Texels uploaded since the item was made, margins included: what a test
    // or the bench counts.
    Q_PROPERTY(qint64 uploadedTexels READ uploadedTexels NOTIFY uploadedTexelsChanged FINAL)

public:
    static constexpr int kTileSize = 512;
    // Each tile carries a texel of its neighbours on every side, so that
    // smooth scaling blends across the seams as it does inside a tile.
    static constexpr int kTileMargin = 1;

    explicit TiledImage(QQuickItem *parent = nullptr);

    QUrl source() const { return m_source; }
    void setSource(const QUrl &source);
    QSize sourceSize() const { return m_sourceSize; }
    void setSourceSize(QSize size);
    void resetSourceSize() { setSourceSize(QSize()); }
    QRectF visibleArea() const { return m_visibleArea; }
    void setVisibleArea(const QRectF &area);
    QSize loadedSize() const { return m_image.size(); }
    qint64 uploadedTexels() const { return m_uploadedTexels.load(std::memory_order_relaxed); }

Q_SIGNALS:
    void sourceChanged();
    void sourceSizeChanged();
    void visibleAreaChanged();
    void loadedSizeChanged();
    void uploadedTexelsChanged();

protected:
    void componentComplete() override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;
    QSGNode *updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *) override;

private:
    void load();
    QImage read() const;

    QUrl m_source;
    QSize m_sourceSize;
    QRectF m_visibleArea;
    QImage m_image;
    // Bumped for each image loaded: a tile made from an older one is stale.
    quint64 m_frame = 0;
    // Written by the scene graph's thread, read by the GUI thread.
    std::atomic<qint64> m_uploadedTexels { 0 };
};

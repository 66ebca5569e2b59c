// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "tiledimage.h"

#include <QImageReader>
#include <QQmlContext>
#include <QQmlEngine>
#include <QQmlFile>
#include <QQmlInfo>
#include <QQuickImageProvider>
#include <QQuickWindow>
#include <QSGImageNode>

#include <algorithm>

namespace {

struct Tile
{
    QSGImageNode *node = nullptr; // a child of the layer, which owns it
    quint64 frame = 0; // of which image it was made
};

// The item's node: the tiles on screen, by index.
class TileLayer : public QSGNode
{
public:
    QHash<QPoint, Tile> tiles;
};

QRect cellOf(QPoint index, const QRect &image)
{
    return QRect(index * TiledImage::kTileSize, QSize(TiledImage::kTileSize, TiledImage::kTileSize)).intersected(image);
}

} // namespace

TiledImage::TiledImage(QQuickItem *parent) : QQuickItem(parent)
{
    setFlag(ItemHasContents);
}

void TiledImage::setSource(const QUrl &source)
{
    if (source == m_source)
        return;
    m_source = source;
    Q_EMIT sourceChanged();
    if (isComponentComplete())
        load();
}

void TiledImage::setSourceSize(QSize size)
{
    if (size == m_sourceSize)
        return;
    m_sourceSize = size;
    Q_EMIT sourceSizeChanged();
    if (isComponentComplete())
        load();
}

void TiledImage::setVisibleArea(const QRectF &area)
{
    if (area == m_visibleArea)
        return;
    m_visibleArea = area;
    Q_EMIT visibleAreaChanged();
    update();
}

void TiledImage::componentComplete()
{
    QQuickItem::componentComplete();
    load();
}

void TiledImage::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    QQuickItem::geometryChange(newGeometry, oldGeometry);
    if (newGeometry.size() != oldGeometry.size())
        update();
}

void TiledImage::load()
{
    const QSize before = m_image.size();
    m_image = read();
    ++m_frame;
    if (m_image.size() != before)
        Q_EMIT loadedSizeChanged();
    update();
}

QImage TiledImage::read() const
{
    if (m_source.isEmpty())
        return {};
    const QQmlContext *context = qmlContext(this);
    const QUrl url = context ? context->resolvedUrl(m_source) : m_source;
    if (url.scheme() == QLatin1String("image")) {
        // As an Image asks it: the id is what follows the provider's name.
        QQmlEngine *engine = qmlEngine(this);
        QQmlImageProviderBase *base = engine ? engine->imageProvider(url.host()) : nullptr;
        if (!base || base->imageType() != QQmlImageProviderBase::Image) {
            qmlWarning(this) << "no image provider \"" << url.host() << "\" that gives images";
            return {};
        }
        QSize size;
        const QString id = url.toString(QUrl::RemoveScheme | QUrl::RemoveAuthority).mid(1);
        return static_cast<QQuickImageProvider *>(base)->requestImage(id, &size, m_sourceSize);
    }
    QImageReader reader(QQmlFile::urlToLocalFileOrQrc(url));
    QImage image = reader.read();
    if (image.isNull()) {
        qmlWarning(this) << "cannot read " << url.toString() << ": " << reader.errorString();
        return {};
    }
    if (m_sourceSize.isValid() && !m_sourceSize.isEmpty())
        image = image.scaled(m_sourceSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

QSGNode *TiledImage::updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *)
{
    auto *old = static_cast<TileLayer *>(oldNode);
    if (m_image.isNull() || width() <= 0 || height() <= 0) {
        delete old;
        return nullptr;
    }
    const qreal scaleX = width() / m_image.width();
    const qreal scaleY = height() / m_image.height();
    const QRectF shown = m_visibleArea.isValid() ? m_visibleArea.intersected(boundingRect()) : boundingRect();
    const QRect inImage = QRectF(shown.x() / scaleX, shown.y() / scaleY, shown.width() / scaleX, shown.height() / scaleY)
                                  .toAlignedRect()
                                  .intersected(m_image.rect());
    // The tiles it touches (QPoint's division rounds: this one must not).
    const QRect inView = inImage.isEmpty() ? QRect()
                                           : QRect(QPoint(inImage.left() / kTileSize, inImage.top() / kTileSize),
                                                   QPoint(inImage.right() / kTileSize, inImage.bottom() / kTileSize));
    const auto isCurrent = [&](const Tile &tile, QPoint index) { return tile.frame == m_frame && inView.contains(index); };

    TileLayer *layer = old;
    const bool sameTiles = old && old->tiles.size() == qsizetype(inView.width()) * inView.height()
            && std::all_of(old->tiles.keyValueBegin(), old->tiles.keyValueEnd(),
                           [&](const auto &entry) { return isCurrent(entry.second, entry.first); });
    qint64 uploaded = 0;
    if (!sameTiles) {
        // A new layer whenever tiles come or go, the current ones moved into
        // it: Qt 6.4's software renderer draws a node added under a kept
        // parent where the item was before it moved in the same frame.
        layer = new TileLayer;
        for (int row = inView.top(); row <= inView.bottom() && !inView.isEmpty(); ++row) {
            for (int column = inView.left(); column <= inView.right(); ++column) {
                const QPoint index(column, row);
                if (old && old->tiles.contains(index) && isCurrent(old->tiles.value(index), index)) {
                    const Tile tile = old->tiles.take(index);
                    old->removeChildNode(tile.node);
                    layer->appendChildNode(tile.node);
                    layer->tiles.insert(index, tile);
                    continue;
                }
                const QRect cell = cellOf(index, m_image.rect());
                const QRect withMargin = cell.adjusted(-kTileMargin, -kTileMargin, kTileMargin, kTileMargin).intersected(m_image.rect());
                // A copy: the texture is uploaded when the frame is rendered,
                // and the image may by then be the next frame's.
                QSGImageNode *node = window()->createImageNode();
                node->setTexture(window()->createTextureFromImage(m_image.copy(withMargin)));
                node->setOwnsTexture(true);
                node->setSourceRect(QRectF(cell.topLeft() - withMargin.topLeft(), cell.size()));
                layer->appendChildNode(node);
                layer->tiles.insert(index, { node, m_frame });
                uploaded += qint64(withMargin.width()) * withMargin.height();
            }
        }
        delete old; // with the tiles that left the view, and their textures
    }

    // Placed every time: the item may have been resized or rescaled. Shown
    // texel for pixel, filtering would only blend a texel with itself: at
    // 1:1 the tiles are sampled unfiltered, which a CPU rasteriser draws
    // faster (llvmpipe's swap, p95: 8 ms instead of 11; see the README).
    const QQuickWindow *shownIn = window();
    const qreal pixelsPerTexel = shownIn ? shownIn->effectiveDevicePixelRatio() : 1.0;
    const QSizeF onScene = mapRectToScene(boundingRect()).size();
    const bool texelPerPixel = qFuzzyCompare(scaleX * pixelsPerTexel, 1.0) && qFuzzyCompare(scaleY * pixelsPerTexel, 1.0)
            && qFuzzyCompare(onScene.width(), width()) && qFuzzyCompare(onScene.height(), height());
    const QSGTexture::Filtering filtering = smooth() && !texelPerPixel ? QSGTexture::Linear : QSGTexture::Nearest;
    for (auto tile = layer->tiles.cbegin(); tile != layer->tiles.cend(); ++tile) {
        const QRect cell = cellOf(tile.key(), m_image.rect());
        tile->node->setRect(QRectF(cell.x() * scaleX, cell.y() * scaleY, cell.width() * scaleX, cell.height() * scaleY));
        tile->node->setFiltering(filtering);
    }

    if (uploaded > 0) {
        m_uploadedTexels.fetch_add(uploaded, std::memory_order_relaxed);
        // This runs on the scene graph's thread; QML hears of it on its own.
        QMetaObject::invokeMethod(this, &TiledImage::uploadedTexelsChanged, Qt::QueuedConnection);
    }
    return layer;
}

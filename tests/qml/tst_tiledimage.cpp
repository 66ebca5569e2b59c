// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The detail's TiledImage on a real window: a 4K frame at 1:1 in a 1280x720
// window uploads the tiles in view, not the frame; a new frame uploads them
// again, panning uploads what comes into view, and what is drawn is the
// frame's pixels in their places. Run twice: on the offscreen platform
// (Qt Quick's software renderer) and on Xvfb, through OpenGL as on a desktop.
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QQuickImageProvider>
#include <QQuickItem>
#include <QQuickWindow>
#include <QtTest>

#include <memory>

Q_IMPORT_QML_PLUGIN(ShmBridgePlugin)
Q_IMPORT_QML_PLUGIN(ShmBridgeAppPlugin)
Q_IMPORT_QML_PLUGIN(ShmBridgeViewPlugin)

namespace {

constexpr QSize kFrame(3840, 2160);
constexpr QSize kWindow(1280, 720);
constexpr qint64 kTile = 512; // TiledImage::kTileSize
constexpr qint64 kMostTexelsPerTile = (kTile + 2) * (kTile + 2); // with a margin each side

// A pixel says where it is in the frame (in 16-pixel steps) and which frame
// it belongs to, so a grabbed window shows whether each tile is in its place.
QRgb pixelOf(int frame, int x, int y)
{
    return qRgb((x / 16) % 256, (y / 16) % 256, (frame * 50) % 256);
}

// Frame n of a camera: "image://frames/<n>".
class FrameProvider : public QQuickImageProvider
{
public:
    FrameProvider() : QQuickImageProvider(Image) { }

    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override
    {
        const int frame = id.toInt();
        QImage image(kFrame, QImage::Format_RGB32);
        for (int y = 0; y < image.height(); ++y) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
            for (int x = 0; x < image.width(); ++x)
                line[x] = pixelOf(frame, x, y);
        }
        *size = image.size();
        return requestedSize.isValid() ? image.scaled(requestedSize, Qt::KeepAspectRatio) : image;
    }
};

// Columns of black and white pixels: blended, they would be grey.
class StripesProvider : public QQuickImageProvider
{
public:
    StripesProvider() : QQuickImageProvider(Image) { }

    QImage requestImage(const QString &, QSize *size, const QSize &requestedSize) override
    {
        QImage image(kFrame, QImage::Format_RGB32);
        for (int y = 0; y < image.height(); ++y) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
            for (int x = 0; x < image.width(); ++x)
                line[x] = x % 2 ? qRgb(255, 255, 255) : qRgb(0, 0, 0);
        }
        *size = image.size();
        return requestedSize.isValid() ? image.scaled(requestedSize, Qt::KeepAspectRatio) : image;
    }
};

// How many tiles a span of pixels [first, first + length) touches.
qint64 tilesAcross(int first, int length)
{
    return (first + length - 1) / kTile - first / kTile + 1;
}

} // namespace

class tst_TiledImage : public QObject
{
    Q_OBJECT

    QQuickWindow m_window;
    QQmlEngine m_engine;
    std::unique_ptr<QQuickItem> m_tiles;

    qint64 uploaded() const { return m_tiles->property("uploadedTexels").toLongLong(); }

    // Shows the frame from (x, y) on, as the detail's Flickable does.
    void panTo(int x, int y)
    {
        m_tiles->setPosition(QPointF(-x, -y));
        m_tiles->setProperty("visibleArea", QRectF(QPointF(x, y), QSizeF(kWindow)));
    }

    // The window drawn, and the frame's pixels at (x, y) in it as they were
    // published.
    void verifyShows(int frame, int panX, int panY)
    {
        const QImage shown = m_window.grabWindow();
        QCOMPARE(shown.size(), kWindow);
        for (const QPoint at : { QPoint(8, 8), QPoint(600, 300), QPoint(1272, 712), QPoint(520, 520), QPoint(1030, 40) }) {
            const QRgb expected = pixelOf(frame, panX + at.x(), panY + at.y());
            const QRgb got = shown.pixel(at);
            if (got != expected)
                QFAIL(qPrintable(QStringLiteral("at %1,%2 of the window: #%3, not #%4 (frame %5 panned to %6,%7)")
                                         .arg(at.x()).arg(at.y()).arg(got & 0xffffff, 6, 16, QLatin1Char('0'))
                                         .arg(expected & 0xffffff, 6, 16, QLatin1Char('0')).arg(frame).arg(panX).arg(panY)));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_engine.addImageProvider(QStringLiteral("frames"), new FrameProvider);
        m_engine.addImageProvider(QStringLiteral("stripes"), new StripesProvider);
        m_engine.addImportPath(QStringLiteral("qrc:/"));
        QQmlComponent component(&m_engine);
        component.setData("import ShmBridgeView\nTiledImage { width: 3840; height: 2160 }", QUrl());
        m_tiles.reset(qobject_cast<QQuickItem *>(component.create()));
        QVERIFY2(m_tiles, qPrintable(component.errorString()));
        m_tiles->setParentItem(m_window.contentItem());
        m_window.resize(kWindow);
        m_window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&m_window));
        panTo(0, 0);
    }

    void aZoomedInFrameUploadsOnlyTheTilesInView()
    {
        m_tiles->setProperty("source", QUrl(QStringLiteral("image://frames/1")));
        QCOMPARE(m_tiles->property("loadedSize").toSize(), kFrame);
        verifyShows(1, 0, 0);
        const qint64 tiles = tilesAcross(0, kWindow.width()) * tilesAcross(0, kWindow.height());
        QCOMPARE(tiles, 6);
        QVERIFY2(uploaded() >= qint64(kWindow.width()) * kWindow.height(), "what shows was uploaded");
        QVERIFY2(uploaded() <= tiles * kMostTexelsPerTile,
                 qPrintable(QStringLiteral("%1 texels uploaded for 6 tiles in view (a whole frame is %2)")
                                    .arg(uploaded()).arg(qint64(kFrame.width()) * kFrame.height())));
    }

    void aNewFrameUploadsTheTilesInViewAgain()
    {
        const qint64 before = uploaded();
        m_tiles->setProperty("source", QUrl(QStringLiteral("image://frames/2")));
        verifyShows(2, 0, 0);
        QCOMPARE(uploaded() - before, before);
    }

    void panningWithinTheSameTilesUploadsNothing()
    {
        const qint64 before = uploaded();
        panTo(200, 100); // shows 200..1479 x 100..819: the same 3 x 2 tiles
        verifyShows(2, 200, 100);
        QCOMPARE(uploaded(), before);
    }

    void panningUploadsWhatComesIntoView()
    {
        const qint64 before = uploaded();
        panTo(1300, 600); // 1300..2579 x 600..1319: tiles 2..5 x 1..2, of which 2 x 1 was there
        verifyShows(2, 1300, 600);
        const qint64 fresh = tilesAcross(1300, kWindow.width()) * tilesAcross(600, kWindow.height()) - 1;
        QCOMPARE(fresh, 7);
        QVERIFY(uploaded() - before >= fresh * kTile * kTile / 2);
        QVERIFY2(uploaded() - before <= fresh * kMostTexelsPerTile,
                 qPrintable(QStringLiteral("%1 texels uploaded for 7 tiles").arg(uploaded() - before)));
    }

    void theLastTilesOfTheFrameAreInTheirPlaces()
    {
        panTo(kFrame.width() - kWindow.width(), kFrame.height() - kWindow.height());
        verifyShows(2, kFrame.width() - kWindow.width(), kFrame.height() - kWindow.height());
    }

    // Texel for pixel, the frame's pixels are drawn as they are, even half a
    // pixel off during a drag: not blended with their neighbours (which
    // also costs a CPU rasteriser time in every frame).
    void atOneToOneThePixelsAreNotBlended()
    {
        m_tiles->setProperty("source", QUrl(QStringLiteral("image://stripes/1")));
        m_tiles->setPosition(QPointF(-100.5, -100));
        m_tiles->setProperty("visibleArea", QRectF(QPointF(100.5, 100), QSizeF(kWindow)));
        const QImage shown = m_window.grabWindow();
        for (const QPoint at : { QPoint(10, 10), QPoint(11, 10), QPoint(640, 360), QPoint(641, 360), QPoint(1001, 700) }) {
            const int grey = qGray(shown.pixel(at));
            QVERIFY2(grey < 16 || grey > 239,
                     qPrintable(QStringLiteral("at %1,%2: grey %3, blended").arg(at.x()).arg(at.y()).arg(grey)));
        }
        m_tiles->setProperty("source", QUrl(QStringLiteral("image://frames/2")));
    }

    void aSourceSizeLoadsTheFrameAtThatSize()
    {
        m_tiles->setProperty("sourceSize", QSize(1920, 1080));
        QCOMPARE(m_tiles->property("loadedSize").toSize(), QSize(1920, 1080));
        m_tiles->setProperty("sourceSize", QVariant());
        m_tiles->setProperty("source", QUrl());
        QVERIFY(m_tiles->property("loadedSize").toSize().isEmpty());
    }
};

QTEST_MAIN(tst_TiledImage)
#include "tst_tiledimage.moc"

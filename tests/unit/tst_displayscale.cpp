// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Images at the size they are shown (displayscale.h): the fitted size, the
// image itself when no scaling is asked, and thumbnails that average what
// they sample and stay cheap whatever the source size.
#include "displayscale.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>

using shmbridge::fitWithin;
using shmbridge::scaledForDisplay;

class TestDisplayScale : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fitsKeepingTheAspectRatio_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QSize>("bounds");
        QTest::addColumn<QSize>("fitted");
        QTest::newRow("by width") << QSize(3840, 2160) << QSize(240, 240) << QSize(240, 135);
        QTest::newRow("by height") << QSize(3840, 2160) << QSize(1000, 135) << QSize(240, 135);
        QTest::newRow("height free") << QSize(3840, 2160) << QSize(480, 0) << QSize(480, 270);
        QTest::newRow("width free") << QSize(3840, 2160) << QSize(-1, 216) << QSize(384, 216);
        QTest::newRow("both free") << QSize(640, 480) << QSize(0, 0) << QSize(640, 480);
        QTest::newRow("never larger") << QSize(640, 480) << QSize(1920, 1080) << QSize(640, 480);
        QTest::newRow("never below a pixel") << QSize(10000, 1) << QSize(100, 100) << QSize(100, 1);
    }
    void fitsKeepingTheAspectRatio()
    {
        QFETCH(QSize, size);
        QFETCH(QSize, bounds);
        QFETCH(QSize, fitted);
        QCOMPARE(fitWithin(size, bounds), fitted);
    }

    void theImageItselfWhenItFits()
    {
        QImage image(640, 480, QImage::Format_RGB32);
        image.fill(Qt::red);
        // The same pixels, not a copy: a leased frame shown 1:1 stays zero-copy.
        QCOMPARE(scaledForDisplay(image, QSize()).cacheKey(), image.cacheKey());
        QCOMPARE(scaledForDisplay(image, QSize(1920, 1080)).cacheKey(), image.cacheKey());
    }

    void aThumbnailAveragesWhatItSamples()
    {
        // Stripes as wide as the sampling step (3840 / 480 = 8 pixels): the
        // samples alternate black and white, and the halving after them
        // averages each pair to grey. (Stripes one pixel wide would alias,
        // as any sampling does: the price of not reading the whole frame.)
        QImage stripes(3840, 2160, QImage::Format_RGB32);
        for (int y = 0; y < stripes.height(); ++y) {
            auto *line = reinterpret_cast<QRgb *>(stripes.scanLine(y));
            for (int x = 0; x < stripes.width(); ++x)
                line[x] = (x / 8) % 2 ? qRgb(255, 255, 255) : qRgb(0, 0, 0);
        }
        const QImage thumbnail = scaledForDisplay(stripes, QSize(240, 135));
        QCOMPARE(thumbnail.size(), QSize(240, 135));
        QCOMPARE(thumbnail.format(), stripes.format());
        for (int x : { 1, 60, 120, 238 }) {
            const int grey = qGray(thumbnail.pixel(x, 67));
            QVERIFY2(grey > 64 && grey < 192, qPrintable(QStringLiteral("grey %1 at x %2").arg(grey).arg(x)));
        }
    }

    void premultipliedColoursAverageByteByByte()
    {
        // Half-transparent red beside opaque blue, in blocks wider than the
        // sampling step: each channel averages on its own, none spills.
        QImage image(1920, 1080, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        for (int y = 0; y < image.height(); ++y) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
            for (int x = 0; x < image.width(); ++x)
                line[x] = x < image.width() / 2 ? qRgba(128, 0, 0, 128) : qRgba(0, 0, 255, 255);
        }
        const QImage thumbnail = scaledForDisplay(image, QSize(192, 108));
        QCOMPARE(thumbnail.format(), QImage::Format_ARGB32_Premultiplied);
        QCOMPARE(thumbnail.pixel(10, 50), qRgba(128, 0, 0, 128));
        QCOMPARE(thumbnail.pixel(180, 50), qRgba(0, 0, 255, 255));
        // Straight alpha is not averaged as it is: Qt scales it, keeping the format.
        const QImage straight = image.convertToFormat(QImage::Format_ARGB32);
        QCOMPARE(scaledForDisplay(straight, QSize(192, 108)).format(), QImage::Format_ARGB32);
    }

    void aThumbnailOfA4KFrameCostsLessThanScalingAllOfIt()
    {
        // Scaling the whole frame smoothly reads all 33 MB of it (more on a
        // cold frame, a fault per page); the thumbnail reads 480 x 270
        // samples of it. Interleaved, the median of each, printed. Not
        // under the sanitizers, whose interceptors slow Qt's scaling
        // unevenly (3.0 against 3.5 ms under ASan).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
        QSKIP("timing means nothing under a sanitizer");
#endif
        QImage frame(3840, 2160, QImage::Format_RGB32);
        frame.fill(Qt::darkCyan);
        QList<qint64> sampled, whole;
        for (int i = 0; i < 9; ++i) {
            QElapsedTimer timer;
            timer.start();
            QCOMPARE(scaledForDisplay(frame, QSize(240, 240)).size(), QSize(240, 135));
            sampled.append(timer.nsecsElapsed());
            timer.restart();
            QCOMPARE(frame.scaled(240, 135, Qt::IgnoreAspectRatio, Qt::SmoothTransformation).size(), QSize(240, 135));
            whole.append(timer.nsecsElapsed());
        }
        std::sort(sampled.begin(), sampled.end());
        std::sort(whole.begin(), whole.end());
        const qint64 sampledNs = sampled.at(4), wholeNs = whole.at(4);
        qInfo("a 240 x 135 thumbnail of a 4K frame: %.2f ms; the whole frame scaled smoothly: %.2f ms (medians of 9)",
              double(sampledNs) / 1e6, double(wholeNs) / 1e6);
        QVERIFY2(sampledNs * 3 < wholeNs * 2,
                 qPrintable(QStringLiteral("thumbnail %1 us, whole frame %2 us").arg(sampledNs / 1000).arg(wholeNs / 1000)));
    }
};

QTEST_GUILESS_MAIN(TestDisplayScale)
#include "tst_displayscale.moc"

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The gateway's wire format and topic names: every value crosses exactly,
// and every malformed message from a broker is refused in words.
#include "payload.h"
#include "topics.h"
#include "wireformat.h"

#include <QBuffer>
#include <QImage>
#include <QImageWriter>
#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

#include <cstring>

#include <zstd.h>

using namespace shmbridge;
using namespace shmbridge::gateway;
using layout::Kind;
using layout::PixelFormat;

namespace {

QByteArray randomPixels(int width, int height, PixelFormat format)
{
    QByteArray pixels(width * height * 4, Qt::Uninitialized);
    auto *words = reinterpret_cast<quint32 *>(pixels.data());
    for (int i = 0; i < width * height; ++i) {
        quint32 word = QRandomGenerator::global()->generate();
        if (format == PixelFormat::Rgb32)
            word |= 0xff000000u;
        if (format == PixelFormat::Argb32Premultiplied) { // each colour at most its alpha
            const quint32 alpha = word >> 24;
            word = (alpha << 24) | (((word >> 16) & 0xff) * alpha / 255) << 16 | (((word >> 8) & 0xff) * alpha / 255) << 8
                    | ((word & 0xff) * alpha / 255);
        }
        words[i] = word;
    }
    return pixels;
}

QByteArray header(quint8 kind, quint8 encoding, quint8 format, quint32 width, quint32 height, quint32 size)
{
    QByteArray out(36, '\0');
    std::memcpy(out.data(), "SHBW", 4);
    out[4] = 1;
    out[5] = char(kind);
    out[6] = char(encoding);
    out[7] = char(format);
    qToLittleEndian<quint32>(width, out.data() + 24);
    qToLittleEndian<quint32>(height, out.data() + 28);
    qToLittleEndian<quint32>(size, out.data() + 32);
    return out;
}

} // namespace

class TestWireFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textAndTelemetryCrossExactly()
    {
        WireValue text;
        text.kind = Kind::Text;
        text.seq = 42;
        text.publishRealtimeNs = 1234567890123;
        text.value = QStringLiteral("héllo, 世界").toUtf8();
        auto decoded = decodeWire(encodeWire(text).value());
        QVERIFY(decoded);
        QCOMPARE(decoded.value().value, text.value);
        QCOMPARE(decoded.value().seq, 42u);
        QCOMPARE(decoded.value().publishRealtimeNs, text.publishRealtimeNs);
        Telemetry telemetry;
        telemetry.values = { 1.5, -2, 1e300 };
        telemetry.names = { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("温度") };
        WireValue values;
        values.kind = Kind::Telemetry;
        values.value = encodeTelemetry(telemetry).value();
        auto back = decodeWire(encodeWire(values).value());
        QVERIFY(back);
        QCOMPARE(back.value().value, values.value);
    }

    void imagesCrossExactlyInEveryFormat_data()
    {
        QTest::addColumn<PixelFormat>("format");
        QTest::addColumn<ImageCodec>("codec");
        QTest::addColumn<ImageCodec>("used");
        QTest::newRow("RGB32, zstd") << PixelFormat::Rgb32 << ImageCodec::Zstd << ImageCodec::Zstd;
        QTest::newRow("ARGB32, zstd") << PixelFormat::Argb32 << ImageCodec::Zstd << ImageCodec::Zstd;
        QTest::newRow("premultiplied, zstd") << PixelFormat::Argb32Premultiplied << ImageCodec::Zstd << ImageCodec::Zstd;
        // JPEG has no alpha: those go as zstd, exactly.
        QTest::newRow("ARGB32, jpeg asked") << PixelFormat::Argb32 << ImageCodec::Jpeg << ImageCodec::Zstd;
        QTest::newRow("premultiplied, jpeg asked") << PixelFormat::Argb32Premultiplied << ImageCodec::Jpeg << ImageCodec::Zstd;
    }
    void imagesCrossExactlyInEveryFormat()
    {
        QFETCH(PixelFormat, format);
        QFETCH(ImageCodec, codec);
        QFETCH(ImageCodec, used);
        WireValue image;
        image.kind = Kind::Image;
        image.width = 97;
        image.height = 61;
        image.format = format;
        image.value = randomPixels(97, 61, format);
        auto message = encodeWire(image, { codec, 85 });
        QVERIFY2(message, qPrintable(message ? QString() : message.error()));
        QCOMPARE(ImageCodec(message.value()[6]), used);
        auto decoded = decodeWire(message.value());
        QVERIFY2(decoded, qPrintable(decoded ? QString() : decoded.error()));
        QCOMPARE(decoded.value().width, 97u);
        QCOMPARE(decoded.value().height, 61u);
        QCOMPARE(decoded.value().format, format);
        QVERIFY(decoded.value().value == image.value); // bit for bit
    }

    // Lossy, but near: a smooth picture through JPEG at quality 90 comes back
    // within a few levels per channel, opaque, and far smaller than its pixels.
    void jpegCrossesNearAndSmall()
    {
        QImage picture(320, 200, QImage::Format_RGB32);
        for (int y = 0; y < picture.height(); ++y)
            for (int x = 0; x < picture.width(); ++x)
                picture.setPixel(x, y, qRgb(x * 255 / 319, y * 255 / 199, 128));
        WireValue image { Kind::Image, 1, 0, 320, 200, PixelFormat::Rgb32,
                          QByteArray(reinterpret_cast<const char *>(picture.constBits()), 320 * 200 * 4) };
        const auto jpeg = encodeWire(image, { ImageCodec::Jpeg, 90 });
        QVERIFY(jpeg);
        QCOMPARE(ImageCodec(jpeg.value()[6]), ImageCodec::Jpeg);
        auto decoded = decodeWire(jpeg.value());
        QVERIFY2(decoded, qPrintable(decoded ? QString() : decoded.error()));
        const auto *sent = reinterpret_cast<const quint32 *>(image.value.constData());
        const auto *back = reinterpret_cast<const quint32 *>(decoded.value().value.constData());
        int worst = 0;
        for (int i = 0; i < 320 * 200; ++i) {
            QCOMPARE(back[i] >> 24, 0xffu);
            for (int shift : { 0, 8, 16 })
                worst = std::max(worst, std::abs(int((sent[i] >> shift) & 0xff) - int((back[i] >> shift) & 0xff)));
        }
        QVERIFY2(worst <= 8, qPrintable(QStringLiteral("a channel is %1 levels off").arg(worst)));
        QVERIFY(jpeg.value().size() < image.value.size() / 10);
    }

    // What gateways of 0.2 sent: PNG for opaque pixels, zlib for alpha.
    void olderGatewaysImagesAreRead()
    {
        const QByteArray opaque = randomPixels(13, 7, PixelFormat::Rgb32);
        QBuffer png;
        png.open(QIODevice::WriteOnly);
        QImageWriter(&png, "png").write(QImage(reinterpret_cast<const uchar *>(opaque.constData()), 13, 7, QImage::Format_RGB32));
        auto fromPng = decodeWire(header(1, 1, 1, 13, 7, quint32(png.data().size())) + png.data());
        QVERIFY2(fromPng, qPrintable(fromPng ? QString() : fromPng.error()));
        QVERIFY(fromPng.value().value == opaque);
        const QByteArray alpha = randomPixels(13, 7, PixelFormat::Argb32);
        const QByteArray zlib = qCompress(alpha);
        auto fromZlib = decodeWire(header(1, 2, 2, 13, 7, quint32(zlib.size())) + zlib);
        QVERIFY2(fromZlib, qPrintable(fromZlib ? QString() : fromZlib.error()));
        QVERIFY(fromZlib.value().value == alpha);
    }

    void hostileMessagesAreRefusedInWords_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QString>("why");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("shorter than the header");
        QTest::newRow("garbage") << QByteArray("garbage, not a value at all, long enough for a header")
                                 << QStringLiteral("bad magic");
        QByteArray future = header(0, 0, 0, 0, 0, 0);
        future[4] = 9;
        QTest::newRow("a future version") << future << QStringLiteral("version 9");
        QTest::newRow("unknown kind") << header(7, 0, 0, 0, 0, 0) << QStringLiteral("unknown kind 7");
        QTest::newRow("size says more") << header(0, 0, 0, 0, 0, 100) + "short" << QStringLiteral("not the 100");
        QTest::newRow("text, not UTF-8") << header(0, 0, 0, 0, 0, 2) + "\xff\xfe" << QStringLiteral("UTF-8");
        QTest::newRow("text as PNG") << header(0, 1, 0, 0, 0, 1) + "x" << QStringLiteral("image encoding");
        QTest::newRow("telemetry, corrupt") << header(2, 0, 0, 0, 0, 3) + "abc" << QStringLiteral("telemetry");
        QTest::newRow("image, unknown codec") << header(1, 9, 1, 2, 2, 1) + "x" << QStringLiteral("codec 9");
        QTest::newRow("image, unknown format") << header(1, 1, 9, 2, 2, 1) + "x" << QStringLiteral("pixel format 9");
        QTest::newRow("image, too large") << header(1, 1, 1, 100000, 2, 1) + "x" << QStringLiteral("8192");
        QTest::newRow("image, zero wide") << header(1, 1, 1, 0, 2, 1) + "x" << QStringLiteral("image");
        // A zlib stream that claims 256 MiB for a 2 x 2 image: refused before
        // anything is allocated.
        QByteArray bomb = header(1, 2, 3, 2, 2, 8);
        bomb += QByteArray("\x10\x00\x00\x00zzzz", 8);
        QTest::newRow("zlib bomb") << bomb << QStringLiteral("does not expand to the image's size");
        QByteArray damaged = header(1, 2, 3, 2, 2, 8);
        damaged += QByteArray("\x00\x00\x00\x10zzzz", 8);
        QTest::newRow("zlib damaged") << damaged << QStringLiteral("damaged");
        // A real PNG, but not the size its header claims.
        QImage small(3, 3, QImage::Format_RGB32);
        small.fill(Qt::red);
        QBuffer png;
        png.open(QIODevice::WriteOnly);
        small.save(&png, "png");
        QTest::newRow("PNG of another size") << header(1, 1, 1, 4, 4, quint32(png.data().size())) + png.data()
                                             << QStringLiteral("not the size");
        QTest::newRow("not a PNG") << header(1, 1, 1, 4, 4, 4) + "junk" << QStringLiteral("no image");
        // zstd that expands to 64 MiB for a 2 x 2 image: refused by the size
        // it declares, before anything is allocated.
        const QByteArray huge(64 * 1024 * 1024, '\0');
        QByteArray zstdBomb(qsizetype(ZSTD_compressBound(std::size_t(huge.size()))), Qt::Uninitialized);
        zstdBomb.truncate(qsizetype(ZSTD_compress(zstdBomb.data(), std::size_t(zstdBomb.size()), huge.constData(),
                                                  std::size_t(huge.size()), 1)));
        QTest::newRow("zstd bomb") << header(1, 3, 1, 2, 2, quint32(zstdBomb.size())) + zstdBomb
                                   << QStringLiteral("does not expand to the image's size");
        // zstd whose frame says 16 bytes (2 x 2) but whose blocks are junk.
        const QByteArray sixteen(16, 'a');
        QByteArray zstdDamaged(64, Qt::Uninitialized);
        zstdDamaged.truncate(qsizetype(ZSTD_compress(zstdDamaged.data(), 64, sixteen.constData(), 16, 1)));
        for (qsizetype i = 6; i < zstdDamaged.size(); ++i)
            zstdDamaged[i] = char(0xff);
        QTest::newRow("zstd damaged") << header(1, 3, 1, 2, 2, quint32(zstdDamaged.size())) + zstdDamaged
                                      << QStringLiteral("zstd image is damaged");
        // A real JPEG, but not the size its header claims; one cut short;
        // one claiming alpha.
        QBuffer jpeg;
        jpeg.open(QIODevice::WriteOnly);
        QImage(16, 16, QImage::Format_RGB32).save(&jpeg, "jpeg");
        const QByteArray jpegBytes = jpeg.data();
        QTest::newRow("JPEG of another size") << header(1, 4, 1, 8, 8, quint32(jpegBytes.size())) + jpegBytes
                                              << QStringLiteral("not the 8 × 8");
        QTest::newRow("JPEG cut short") << header(1, 4, 1, 16, 16, quint32(jpegBytes.size() / 2)) + jpegBytes.left(jpegBytes.size() / 2)
                                        << QStringLiteral("jpeg image is damaged");
        QTest::newRow("JPEG with alpha") << header(1, 4, 2, 16, 16, quint32(jpegBytes.size())) + jpegBytes
                                         << QStringLiteral("no alpha");
        QTest::newRow("not a JPEG") << header(1, 4, 1, 4, 4, 4) + "junk" << QStringLiteral("jpeg image is damaged");
    }
    void hostileMessagesAreRefusedInWords()
    {
        QFETCH(QByteArray, message);
        QFETCH(QString, why);
        auto decoded = decodeWire(message);
        QVERIFY(!decoded);
        QVERIFY2(decoded.error().contains(why), qPrintable(decoded.error()));
    }

    void anOversizedValueIsNotSent()
    {
        WireValue text;
        text.kind = Kind::Text;
        text.value = QByteArray(int(kMaxWireBytes), 'x');
        auto message = encodeWire(text);
        QVERIFY(!message);
        QVERIFY(message.error().contains(QStringLiteral("at most 64 MiB")));
    }

    void namesCannotReachIntoOtherLevels()
    {
        const Topics topics(QStringLiteral("shmbridge"), QStringLiteral("lab/#1 +x"));
        const QByteArray topic = topics.value(QStringLiteral("site/a"), QStringLiteral("$peer+#/你"), "text");
        QCOMPARE(topic.count('/'), 4); // prefix/room/site/peer/kind, nothing more
        QVERIFY(!topic.contains('+') && !topic.contains('#'));
        const auto parsed = topics.parse(topic);
        QVERIFY(parsed);
        QCOMPARE(parsed->site, QStringLiteral("site/a"));
        QCOMPARE(parsed->peer, QStringLiteral("$peer+#/你"));
        QCOMPARE(parsed->kind, QByteArray("text"));
        const auto online = topics.parse(topics.online(QStringLiteral("b")));
        QVERIFY(online && online->kind == "$online" && online->site == QLatin1String("b"));
        // Foreign or malformed topics are not ours.
        QVERIFY(!topics.parse("shmbridge/other/a/b/text"));
        QVERIFY(!topics.parse(topics.value(QStringLiteral("a"), QStringLiteral("b"), "text") + "/extra"));
        QVERIFY(!topics.parse("shmbridge/lab%2F%231%20%2Bx/a%ZZ/b/text")); // not percent-encoding
        QVERIFY(!topics.parse("shmbridge/lab%2F%231%20%2Bx/%FF/b/text")); // not UTF-8
        QVERIFY(!topics.parse("shmbridge/lab%2F%231%20%2Bx//b/text")); // an empty level
    }
};

QTEST_GUILESS_MAIN(TestWireFormat)
#include "tst_wireformat.moc"

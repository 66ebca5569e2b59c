// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Codecs: everything that turns untrusted bytes or typed text into values.
#include "payload.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace shmbridge;
using layout::Kind;

class TestPayload : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Kinds are named in topics, on the command line and in JSON: each name
    // leads back to its kind, and nothing else is a kind's name.
    void kindNamesLeadBackToTheirKinds()
    {
        for (const Kind kind : layout::kKinds)
            QCOMPARE(kindFromName(kindName(kind)), kind);
        QCOMPARE(kindName(Kind::Image), QStringLiteral("image"));
        for (const QString &notAKind : { QStringLiteral("Text"), QStringLiteral(""), QStringLiteral("presence"),
                                         QStringLiteral("image "), QStringLiteral("unknown") })
            QCOMPARE(kindFromName(notAKind), std::nullopt);
    }

    void textRoundTrip()
    {
        const QString text = QStringLiteral("héllo, 世界 🚀");
        auto encoded = encodeText(text);
        QVERIFY(encoded);
        auto decoded = decodeText(encoded.value().constData(), std::size_t(encoded.value().size()));
        QVERIFY(decoded);
        QCOMPARE(decoded.value(), text);
    }

    // ASCII takes a shorter path than the rest of UTF-8: its edges (NUL,
    // DEL, the empty text) arrive as sent, and one byte over 0x7f at the end
    // of a long ASCII run still goes through the validating decoder.
    void asciiRoundTrip()
    {
        const QString text = QStringLiteral("plain ascii") + QChar(0) + QChar(0x7f) + QStringLiteral(" end");
        auto encoded = encodeText(text);
        QVERIFY(encoded);
        auto decoded = decodeText(encoded.value().constData(), std::size_t(encoded.value().size()));
        QVERIFY(decoded);
        QCOMPARE(decoded.value(), text);
        auto empty = decodeText("", 0);
        QVERIFY(empty);
        QVERIFY(empty.value().isEmpty());
        QByteArray longRun(4096, 'a');
        QVERIFY(decodeText(longRun.constData(), std::size_t(longRun.size())));
        longRun.append(char(0xc3)); // a lead byte with nothing after it
        auto truncated = decodeText(longRun.constData(), std::size_t(longRun.size()));
        QVERIFY(!truncated);
        QVERIFY(truncated.error().contains(QLatin1String("UTF-8")));
        longRun.append(char(0xa9)); // now é
        auto accented = decodeText(longRun.constData(), std::size_t(longRun.size()));
        QVERIFY(accented);
        QCOMPARE(accented.value(), QString(4096, QLatin1Char('a')) + QChar(0xe9));
    }

    void textOverTheLimitIsRefused()
    {
        auto encoded = encodeText(QString(int(layout::kMaxTextBytes) + 1, QLatin1Char('x')));
        QVERIFY(!encoded);
        QVERIFY2(encoded.error().contains(QLatin1String("limit")), qPrintable(encoded.error()));
        QVERIFY(encodeText(QString(int(layout::kMaxTextBytes), QLatin1Char('x'))));
    }

    void invalidUtf8IsAnError()
    {
        const char bad[] = { 'o', 'k', char(0xc3), char(0x28) };
        auto decoded = decodeText(bad, sizeof bad);
        QVERIFY(!decoded);
        QVERIFY(decoded.error().contains(QLatin1String("UTF-8")));
    }

    void telemetryRoundTrip()
    {
        auto parsed = parseTelemetry(QStringLiteral("pitch=1.5, roll=-2,yaw=3e2"));
        QVERIFY2(parsed, qPrintable(parsed.error()));
        QCOMPARE(parsed.value().values, (QList<double> { 1.5, -2, 300 }));
        QCOMPARE(parsed.value().names, (QStringList { QStringLiteral("pitch"), QStringLiteral("roll"), QStringLiteral("yaw") }));
        auto encoded = encodeTelemetry(parsed.value());
        QVERIFY(encoded);
        auto decoded = decodeTelemetry(encoded.value().constData(), std::size_t(encoded.value().size()));
        QVERIFY2(decoded, qPrintable(decoded.error()));
        QCOMPARE(decoded.value(), parsed.value());
        QCOMPARE(formatTelemetry(decoded.value()), QStringLiteral("pitch=1.5,roll=-2,yaw=300"));
    }

    void badTelemetryIsRefused_data()
    {
        QTest::addColumn<QString>("input");
        QTest::newRow("nan") << QStringLiteral("1,nan,3");
        QTest::newRow("inf") << QStringLiteral("inf");
        QTest::newRow("not a number") << QStringLiteral("1,two");
        QTest::newRow("empty") << QString();
        QTest::newRow("half named") << QStringLiteral("a=1,2");
        QStringList many;
        for (int i = 0; i <= int(layout::kMaxTelemetryValues); ++i)
            many.append(QString::number(i));
        QTest::newRow("too many") << many.join(QLatin1Char(','));
    }

    void badTelemetryIsRefused()
    {
        QFETCH(QString, input);
        auto parsed = parseTelemetry(input);
        QVERIFY(!parsed);
        QVERIFY(!parsed.error().isEmpty());
    }

    void corruptTelemetryBytesAreErrors()
    {
        auto encoded = encodeTelemetry(Telemetry { { 1, 2 }, { QStringLiteral("a"), QStringLiteral("b") } });
        QVERIFY(encoded);
        const QByteArray good = encoded.value();
        // Every truncation, and every single-byte corruption of the header, is
        // either rejected or decodes to something valid: never a crash.
        for (qsizetype size = 0; size < good.size(); ++size)
            QVERIFY(!decodeTelemetry(good.constData(), std::size_t(size)));
        for (qsizetype at = 0; at < 8; ++at) {
            QByteArray bad = good;
            bad[at] = char(0xff);
            QVERIFY(!decodeTelemetry(bad.constData(), std::size_t(bad.size())));
        }
        QByteArray nan = good;
        const double value = std::numeric_limits<double>::quiet_NaN();
        std::memcpy(nan.data() + 8, &value, 8);
        QVERIFY(!decodeTelemetry(nan.constData(), std::size_t(nan.size())));
    }

    void imageGeometry()
    {
        using layout::PixelFormat;
        QVERIFY(validateImageGeometry(8192, 8192, std::uint32_t(PixelFormat::Rgb32), 8192ULL * 8192 * 4));
        auto tooBig = validateImageGeometry(8193, 10, std::uint32_t(PixelFormat::Rgb32), 8193ULL * 10 * 4);
        QVERIFY(!tooBig);
        QVERIFY(tooBig.error().startsWith(QLatin1String("Image is larger than 8192 x 8192")));
        QVERIFY(!validateImageGeometry(0, 10, 1, 0));
        QVERIFY(!validateImageGeometry(10, 10, 9, 400));
        QVERIFY(!validateImageGeometry(10, 10, 1, 399));
        // width * height * 4 must not wrap around to a small number.
        QVERIFY(!validateImageGeometry(0xffffffffu, 0xffffffffu, 1, 4));
    }
};

QTEST_GUILESS_MAIN(TestPayload)
#include "tst_payload.moc"

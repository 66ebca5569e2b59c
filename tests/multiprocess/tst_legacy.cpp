// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// shmbridge-cli legacy between real processes: legacypeer plays the
// QSharedMemory programs (Qt's example, seeds 000 and 002), written the way
// they are, and shmbridge-cli send/watch play the room. Both sides share the
// test's TMPDIR, where Qt 6.4 keeps setKey's key files.
#include "processtest.h"

#include <QElapsedTimer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

using namespace testing;

namespace {

const QString cli = QStringLiteral(SHMBRIDGE_CLI);
const QString legacyPeer = QStringLiteral(SHMBRIDGE_LEGACYPEER);
const QString gallery = QStringLiteral(SHMBRIDGE_GALLERY_DIR);

QStringList legacy(const QString &room, const QStringList &rest)
{
    return QStringList { QStringLiteral("legacy"), QStringLiteral("--key"), room } + rest;
}

// The one JSON line of a finished command, e.g. send --json.
QJsonObject lastJson(Child &child)
{
    const QList<QJsonObject> lines = child.jsonLines();
    return lines.isEmpty() ? QJsonObject() : lines.last();
}

} // namespace

class TestLegacy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theExamplesImageReachesWatch()
    {
        const QString room = uniqueKey("legacy-image-in");
        const QString segment = uniqueKey("example");
        const QString file = gallery + QStringLiteral("/aurora.png");
        Child writer(legacyPeer, { QStringLiteral("write-image"), QStringLiteral("--qt-key"), segment, file });
        QVERIFY(!writer.waitForLine("ready").isEmpty());
        Child watch(cli, { QStringLiteral("watch"), QStringLiteral("--key"), room, QStringLiteral("--json"),
                           QStringLiteral("--count"), QStringLiteral("1"), QStringLiteral("--timeout"),
                           QStringLiteral("20") });
        Child bridge(cli, legacy(room, { QStringLiteral("--qt-key"), segment, QStringLiteral("--format"),
                                         QStringLiteral("qimage"), QStringLiteral("--import"),
                                         QStringLiteral("--name"), QStringLiteral("example"),
                                         QStringLiteral("--json") }));
        QVERIFY(watch.finishedWith(0));
        const QJsonObject seen = lastJson(watch);
        // The sender's own account of the same file's pixels.
        Child send(cli, { QStringLiteral("send"), QStringLiteral("--key"), uniqueKey("legacy-reference"),
                          QStringLiteral("--json"), QStringLiteral("--image"), file });
        QVERIFY(send.finishedWith(0));
        QCOMPARE(seen.value(QStringLiteral("peer")).toString(), QStringLiteral("example"));
        QCOMPARE(seen.value(QStringLiteral("width")).toInt(), 640);
        QCOMPARE(seen.value(QStringLiteral("height")).toInt(), 480);
        QCOMPARE(seen.value(QStringLiteral("sha256")).toString(), lastJson(send).value(QStringLiteral("sha256")).toString());
    }

    // The example's writer detaches and creates a new segment for each image
    // it loads: the bridge must follow, not stop.
    void theBridgeFollowsASegmentThatGoesAndComesBack()
    {
        const QString room = uniqueKey("legacy-reappear");
        const QString segment = uniqueKey("reloaded");
        Child watch(cli, { QStringLiteral("watch"), QStringLiteral("--key"), room, QStringLiteral("--json"),
                           QStringLiteral("--count"), QStringLiteral("2"), QStringLiteral("--timeout"),
                           QStringLiteral("30") });
        Child bridge(cli, legacy(room, { QStringLiteral("--qt-key"), segment, QStringLiteral("--format"),
                                         QStringLiteral("qimage"), QStringLiteral("--import"),
                                         QStringLiteral("--name"), QStringLiteral("example"),
                                         QStringLiteral("--json") }));
        QVERIFY(!bridge.waitForLine("\"event\":\"absent\"").isEmpty());
        QStringList hashes;
        for (const char *file : { "/aurora.png", "/dunes.png" }) {
            Child writer(legacyPeer, { QStringLiteral("write-image"), QStringLiteral("--qt-key"), segment,
                                       gallery + QLatin1String(file) });
            QVERIFY(!writer.waitForLine("ready").isEmpty());
            const QByteArray imported = bridge.waitForLine("\"kind\":\"image\"");
            QVERIFY(!imported.isEmpty());
            hashes.append(QJsonDocument::fromJson(imported).object().value(QStringLiteral("sha256")).toString());
            writer.closeWriteChannel(); // it detaches and exits: the segment is gone
            QVERIFY(writer.finishedWith(0));
            QVERIFY(!bridge.waitForLine("\"event\":\"absent\"").isEmpty());
        }
        QVERIFY(watch.finishedWith(0));
        const QList<QJsonObject> seen = watch.jsonLines();
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen.at(0).value(QStringLiteral("sha256")).toString(), hashes.at(0));
        QCOMPARE(seen.at(1).value(QStringLiteral("sha256")).toString(), hashes.at(1));
        QVERIFY(hashes.at(0) != hashes.at(1));
    }

    void aSentImageReachesALegacyReader()
    {
        const QString room = uniqueKey("legacy-image-out");
        const QString segment = uniqueKey("display");
        Child bridge(cli, legacy(room, { QStringLiteral("--qt-key"), segment, QStringLiteral("--format"),
                                         QStringLiteral("qimage"), QStringLiteral("--export"),
                                         QStringLiteral("--from"), QStringLiteral("cli"),
                                         QStringLiteral("--json") }));
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(room, QStringLiteral("legacy")), 10000);
        Child send(cli, { QStringLiteral("send"), QStringLiteral("--key"), room, QStringLiteral("--json"),
                          QStringLiteral("--image"), gallery + QStringLiteral("/dunes.png") });
        QVERIFY(send.finishedWith(0));
        QVERIFY(!bridge.waitForLine("\"kind\":\"image\"").isEmpty());
        Child reader(legacyPeer, { QStringLiteral("read-image"), QStringLiteral("--qt-key"), segment });
        QVERIFY(reader.finishedWith(0));
        const QList<QByteArray> words = reader.readAllStandardOutput().trimmed().split(' ');
        QCOMPARE(words.size(), 3);
        QCOMPARE(words.at(0), QByteArray("640"));
        QCOMPARE(words.at(1), QByteArray("480"));
        QCOMPARE(QString::fromLatin1(words.at(2)), lastJson(send).value(QStringLiteral("sha256")).toString());
    }

    // Qt's example writer killed (no clean detach) leaves its segment behind,
    // sized for its image. While it lives, a larger image is refused, naming
    // it; once nobody is attached, the bridge replaces the segment and the
    // example's reader shows the room's newest image.
    void aCrashedWritersSegmentIsReplaced()
    {
        const QString room = uniqueKey("legacy-crashed");
        const QString segment = uniqueKey("crashed");
        QTemporaryDir dir;
        QImage small(20, 10, QImage::Format_RGB32);
        small.fill(Qt::red);
        const QString smallFile = dir.filePath(QStringLiteral("small.png"));
        QVERIFY(small.save(smallFile));
        Child writer(legacyPeer, { QStringLiteral("write-image"), QStringLiteral("--qt-key"), segment, smallFile });
        QVERIFY(!writer.waitForLine("ready").isEmpty());
        Child bridge(cli, legacy(room, { QStringLiteral("--qt-key"), segment, QStringLiteral("--format"),
                                         QStringLiteral("qimage"), QStringLiteral("--export"),
                                         QStringLiteral("--from"), QStringLiteral("cli"),
                                         QStringLiteral("--json") }));
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(room, QStringLiteral("legacy")), 10000);
        const auto sendImage = [&](const char *file) {
            Child send(cli, { QStringLiteral("send"), QStringLiteral("--key"), room, QStringLiteral("--json"),
                              QStringLiteral("--image"), gallery + QLatin1String(file) });
            return send.finishedWith(0) ? lastJson(send) : QJsonObject();
        };
        QVERIFY(!sendImage("/aurora.png").isEmpty());
        const QByteArray refused = bridge.waitForLine("\"event\":\"error\"");
        QVERIFY2(refused.contains("which 1 other process(es) still hold"), refused.constData());

        ::kill(pid_t(writer.processId()), SIGKILL);
        QVERIFY(writer.waitForFinished(5000));
        const QJsonObject sent = sendImage("/dunes.png");
        QVERIFY(!sent.isEmpty());
        const QByteArray replaced = bridge.waitForLine("\"event\":\"replaced\"");
        QVERIFY2(replaced.contains("nobody was attached"), replaced.constData());
        QVERIFY(!bridge.waitForLine("\"kind\":\"image\"").isEmpty());
        Child reader(legacyPeer, { QStringLiteral("read-image"), QStringLiteral("--qt-key"), segment });
        QVERIFY(reader.finishedWith(0));
        QCOMPARE(reader.readAllStandardOutput().trimmed(),
                 QByteArray("640 480 ") + sent.value(QStringLiteral("sha256")).toString().toLatin1());
    }

    void seedRealsBecomeNamedTelemetry()
    {
        const QString room = uniqueKey("legacy-reals");
        const QString segment = uniqueKey("MEM_TEST");
        Child writer(legacyPeer, { QStringLiteral("write-reals"), QStringLiteral("--native-key"), segment,
                                   QStringLiteral("10.5,-20,30,40.25,50,60") });
        QVERIFY(!writer.waitForLine("ready").isEmpty());
        Child watch(cli, { QStringLiteral("watch"), QStringLiteral("--key"), room, QStringLiteral("--json"),
                           QStringLiteral("--count"), QStringLiteral("1"), QStringLiteral("--timeout"),
                           QStringLiteral("20") });
        Child bridge(cli, legacy(room, { QStringLiteral("--native-key"), segment, QStringLiteral("--format"),
                                         QStringLiteral("reals:6"), QStringLiteral("--names"),
                                         QStringLiteral("base,shoulder,elbow,wrist,roll,grip"),
                                         QStringLiteral("--import"), QStringLiteral("--name"),
                                         QStringLiteral("robot") }));
        QVERIFY(watch.finishedWith(0));
        const QJsonObject seen = lastJson(watch);
        QCOMPARE(seen.value(QStringLiteral("kind")).toString(), QStringLiteral("telemetry"));
        QCOMPARE(seen.value(QStringLiteral("names")).toArray().toVariantList(),
                 QVariantList({ QStringLiteral("base"), QStringLiteral("shoulder"), QStringLiteral("elbow"),
                                QStringLiteral("wrist"), QStringLiteral("roll"), QStringLiteral("grip") }));
        QCOMPARE(seen.value(QStringLiteral("values")).toArray().toVariantList(),
                 QVariantList({ 10.5, -20.0, 30.0, 40.25, 50.0, 60.0 }));
    }

    void roomTextFillsAHundredByteSegment()
    {
        const QString room = uniqueKey("legacy-text");
        const QString segment = uniqueKey("seed002");
        Child bridge(cli, legacy(room, { QStringLiteral("--qt-key"), segment, QStringLiteral("--format"),
                                         QStringLiteral("utf8"), QStringLiteral("--export"),
                                         QStringLiteral("--from"), QStringLiteral("cli"),
                                         QStringLiteral("--json") }));
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(room, QStringLiteral("legacy")), 10000);
        // 40 Chinese characters are 120 bytes: cut at a character, never inside one.
        const QString text = QString(QStringLiteral("你好")).repeated(20);
        Child send(cli, { QStringLiteral("send"), QStringLiteral("--key"), room, QStringLiteral("--text"), text });
        QVERIFY(send.finishedWith(0));
        QVERIFY(!bridge.waitForLine("\"kind\":\"text\"").isEmpty());
        Child reader(legacyPeer, { QStringLiteral("read-text"), QStringLiteral("--qt-key"), segment });
        QVERIFY(reader.finishedWith(0));
        QCOMPARE(QString::fromUtf8(reader.readAllStandardOutput().trimmed()),
                 QStringLiteral("100 ") + text.left(33));
    }

    void aCorruptSegmentIsRefusedAndTheLastGoodValueStays()
    {
        const QString room = uniqueKey("legacy-corrupt");
        const QString segment = uniqueKey("short");
        Child writer(legacyPeer, { QStringLiteral("write-bytes"), QStringLiteral("--native-key"), segment,
                                   QStringLiteral("0011223344556677") });
        QVERIFY(!writer.waitForLine("ready").isEmpty());
        Child bridge(cli, legacy(room, { QStringLiteral("--native-key"), segment, QStringLiteral("--format"),
                                         QStringLiteral("reals:6"), QStringLiteral("--import"),
                                         QStringLiteral("--json") }));
        QVERIFY(!bridge.waitForLine("is 8 bytes; reals:6 needs exactly 48").isEmpty());
        QCOMPARE(bridge.state(), QProcess::Running); // refused, and still bridging
    }

    void aLockHeldByTheLegacyProgramStopsNeitherRoomNorCtrlC()
    {
        const QString room = uniqueKey("legacy-locked");
        const QString segment = uniqueKey("held");
        Child holder(legacyPeer, { QStringLiteral("hold-lock"), QStringLiteral("--qt-key"), segment, QStringLiteral("hi") });
        QVERIFY(!holder.waitForLine("locked").isEmpty());
        const QStringList bridging = legacy(room, { QStringLiteral("--qt-key"), segment, QStringLiteral("--format"),
                                                    QStringLiteral("utf8"), QStringLiteral("--import"),
                                                    QStringLiteral("--json") });
        {
            // Stuck in lock(), the bridge still says so, and Ctrl+C still ends it.
            Child stuck(cli, bridging + QStringList { QStringLiteral("--name"), QStringLiteral("stuck") });
            QVERIFY(!stuck.waitForLine("\"event\":\"waiting\"").isEmpty());
            QVERIFY(livePeerNamed(room, QStringLiteral("stuck")));
            QElapsedTimer clock;
            clock.start();
            ::kill(pid_t(stuck.processId()), SIGINT);
            QVERIFY(stuck.finishedWith(0, 5000));
            QVERIFY2(clock.elapsed() < 3000, qPrintable(QStringLiteral("Ctrl+C took %1 ms").arg(clock.elapsed())));
            QVERIFY(!livePeerNamed(room, QStringLiteral("stuck"))); // it left the room on its way out
        }
        // Once the program lets go, the value comes through.
        Child watch(cli, { QStringLiteral("watch"), QStringLiteral("--key"), room, QStringLiteral("--json"),
                           QStringLiteral("--count"), QStringLiteral("1"), QStringLiteral("--timeout"), QStringLiteral("20") });
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(room, QStringLiteral("watch")), 10000);
        Child bridge(cli, bridging);
        QVERIFY(!bridge.waitForLine("\"event\":\"waiting\"").isEmpty());
        holder.write("unlock\n");
        QVERIFY(!holder.waitForLine("unlocked").isEmpty());
        QVERIFY(watch.finishedWith(0));
        QCOMPARE(lastJson(watch).value(QStringLiteral("text")).toString(), QStringLiteral("hi"));
    }

    void badUsageIsRefusedInWords()
    {
        const QString room = uniqueKey("legacy-usage");
        const QList<QPair<QStringList, QByteArray>> cases {
            { { QStringLiteral("--qt-key"), QStringLiteral("k"), QStringLiteral("--format"), QStringLiteral("jpeg"),
                QStringLiteral("--import") },
              "unknown format \"jpeg\"" },
            { { QStringLiteral("--qt-key"), QStringLiteral("k"), QStringLiteral("--format"),
                QStringLiteral("reals:0"), QStringLiteral("--import") },
              "reals:N wants N from 1 to 64" },
            { { QStringLiteral("--qt-key"), QStringLiteral("k"), QStringLiteral("--native-key"), QStringLiteral("k"),
                QStringLiteral("--format"), QStringLiteral("utf8"), QStringLiteral("--import") },
              "give one of --qt-key or --native-key" },
            { { QStringLiteral("--qt-key"), QStringLiteral("k"), QStringLiteral("--format"), QStringLiteral("utf8"),
                QStringLiteral("--export") },
              "--export needs --from PEER" },
            { { QStringLiteral("--qt-key"), QStringLiteral("k"), QStringLiteral("--format"),
                QStringLiteral("reals:2"), QStringLiteral("--names"), QStringLiteral("a,b,c"),
                QStringLiteral("--import") },
              "reals:2 has 2 values, but 3 names were given" },
        };
        for (const auto &[arguments, message] : cases) {
            Child bad(cli, legacy(room, arguments));
            QVERIFY(bad.waitForFinished(10000));
            QCOMPARE(bad.exitCode(), 2);
            const QByteArray said = bad.readAllStandardError();
            QVERIFY2(said.contains(message), said.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestLegacy)
#include "tst_legacy.moc"

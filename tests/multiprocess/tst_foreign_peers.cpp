// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Peers that are not ShmBridge: the C example (layout.h and libc) and the
// pure-Python module, each against shmbridge-cli in both directions, joining
// late, and with the other side killed; and both with the app's window.
#include "appwindow.h"
#include "layout.h"
#include "processtest.h"

#include "names.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

using namespace testing;

namespace {

const QString cli = QStringLiteral(SHMBRIDGE_CLI);
const QString app = QStringLiteral(SHMBRIDGE_APP);
const QString cPeer = QStringLiteral(SHMBRIDGE_C_TELEMETRY);
const QString python = QStringLiteral(SHMBRIDGE_PYTHON);
const QString pythonModule = QStringLiteral(SHMBRIDGE_PYTHON_MODULE);

QStringList cArguments(const QString &key, const QStringList &more = {})
{
    return QStringList { QStringLiteral("--key"), key } + more;
}

QStringList pythonArguments(const QString &key, const QStringList &more = {})
{
    return QStringList { pythonModule, QStringLiteral("--key"), key } + more;
}

// A watcher keeps the room alive between the short-lived peers, and sees
// what they publish.
std::unique_ptr<Child> startWatcher(const QString &key, int count)
{
    auto watch = std::make_unique<Child>(cli, QStringList { QStringLiteral("watch"), QStringLiteral("--key"), key,
                                                            QStringLiteral("--name"), QStringLiteral("keeper"),
                                                            QStringLiteral("--json"), QStringLiteral("--count"),
                                                            QString::number(count), QStringLiteral("--timeout"),
                                                            QStringLiteral("120") });
    return watch;
}

bool send(const QString &key, const QString &name, const QStringList &what)
{
    Child sender(cli, QStringList { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"), name }
                              + what);
    return sender.finishedWith(0);
}

QJsonObject lastOfKind(const QList<QJsonObject> &lines, const QString &kind, const QString &peer)
{
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
        if (it->value(QStringLiteral("kind")).toString() == kind && it->value(QStringLiteral("peer")).toString() == peer)
            return *it;
    }
    return {};
}

} // namespace

class TestForeignPeers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cPublishesTextAndTelemetryAt100Hz()
    {
        const QString key = uniqueKey("c-out");
        auto watch = startWatcher(key, 0);
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("keeper")), 10000);
        QElapsedTimer clock;
        clock.start();
        Child c(cPeer, cArguments(key, { QStringLiteral("--name"), QStringLiteral("robot"), QStringLiteral("--text"),
                                         QStringLiteral("from C, 你好"), QStringLiteral("--count"),
                                         QStringLiteral("100") }));
        QVERIFY(c.finishedWith(0, 20000));
        const qint64 took = clock.elapsed();
        // 100 updates at 100 Hz: a second, give or take a noisy machine.
        QVERIFY2(took >= 900 && took < 5000, qPrintable(QStringLiteral("100 updates took %1 ms").arg(took)));
        QVERIFY(!watch->waitForLine("\"counter\"", 10000).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(lastOfKind(watch->jsonLines(), QStringLiteral("telemetry"), QStringLiteral("robot"))
                                         .value(QStringLiteral("seq")).toInt() == 100, 10000);
        const QList<QJsonObject> lines = watch->jsonLines();
        QCOMPARE(lastOfKind(lines, QStringLiteral("text"), QStringLiteral("robot")).value(QStringLiteral("text")).toString(),
                 QStringLiteral("from C, 你好"));
        const QJsonObject telemetry = lastOfKind(lines, QStringLiteral("telemetry"), QStringLiteral("robot"));
        QCOMPARE(telemetry.value(QStringLiteral("names")).toArray(),
                 QJsonArray({ QStringLiteral("sine"), QStringLiteral("cosine"), QStringLiteral("counter") }));
        QCOMPARE(telemetry.value(QStringLiteral("values")).toArray().at(2).toDouble(), 99.0); // the latest, whole
        watch->terminate();
        QVERIFY(watch->waitForFinished(10000));
        QTRY_COMPARE_WITH_TIMEOUT(segmentsOf(key), QStringList(), 5000);
    }

    void cSeesTheRoomJoiningLateThenLive()
    {
        const QString key = uniqueKey("c-in");
        auto watch = startWatcher(key, 0);
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("keeper")), 10000);
        QVERIFY(send(key, QStringLiteral("alice"), { QStringLiteral("--text"), QStringLiteral("héllo\nworld") }));
        QVERIFY(send(key, QStringLiteral("bob"), { QStringLiteral("--telemetry"), QStringLiteral("pitch=1.5,roll=-2") }));
        Child c(cPeer, cArguments(key, { QStringLiteral("--hz"), QStringLiteral("10") }));
        // Published before it joined:
        QCOMPARE(c.waitForLine("text alice"), QByteArray("text alice héllo\\x0aworld"));
        QCOMPARE(c.waitForLine("telemetry bob"), QByteArray("telemetry bob pitch=1.5 roll=-2"));
        // and after:
        QVERIFY(send(key, QStringLiteral("carol"), { QStringLiteral("--text"), QStringLiteral("now") }));
        QCOMPARE(c.waitForLine("text carol"), QByteArray("text carol now"));
        ::kill(pid_t(c.processId()), SIGINT);
        QVERIFY(!c.waitForLine("left after").isEmpty());
        QVERIFY(c.finishedWith(0));
    }

    void killedOnEitherSideTheOtherCarriesOn()
    {
        const QString key = uniqueKey("c-kill");
        auto watch = startWatcher(key, 0);
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("keeper")), 10000);
        {
            Child c(cPeer, cArguments(key, { QStringLiteral("--name"), QStringLiteral("doomed") }));
            QVERIFY(!c.waitForLine("joined").isEmpty());
            QVERIFY(!watch->waitForLine("\"doomed\"").isEmpty());
            c.kill();
            QVERIFY(c.waitForFinished(5000));
        }
        QTRY_VERIFY_WITH_TIMEOUT(!livePeerNamed(key, QStringLiteral("doomed")), 5000);
        // The room goes on: a new C peer joins, and hears the keeper's peers.
        Child c(cPeer, cArguments(key, { QStringLiteral("--name"), QStringLiteral("survivor") }));
        QVERIFY(!c.waitForLine("joined").isEmpty());
        // Now the ShmBridge side dies mid-stream, and the C peer carries on.
        Child stream(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                            QStringLiteral("stream"), QStringLiteral("--telemetry"), QStringLiteral("x=1"),
                            QStringLiteral("--repeat"), QStringLiteral("0"), QStringLiteral("--interval-ms"),
                            QStringLiteral("5") });
        QVERIFY(!c.waitForLine("telemetry stream x=1").isEmpty());
        stream.kill();
        watch->kill();
        QVERIFY(stream.waitForFinished(5000) && watch->waitForFinished(5000));
        QVERIFY(!livePeerNamed(key, QStringLiteral("stream")));
        QVERIFY(livePeerNamed(key, QStringLiteral("survivor")));
        Child lateWatch(cli, { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--json"),
                               QStringLiteral("--count"), QStringLiteral("3"), QStringLiteral("--timeout"),
                               QStringLiteral("10") });
        QVERIFY(lateWatch.finishedWith(0));
        QVERIFY(!lastOfKind(lateWatch.jsonLines(), QStringLiteral("telemetry"), QStringLiteral("survivor")).isEmpty());
        // The last one out (the C peer) removes the room, the dead peers' segments too.
        ::kill(pid_t(c.processId()), SIGTERM);
        QVERIFY(c.finishedWith(0));
        QCOMPARE(segmentsOf(key), QStringList());
    }

    void pythonPublishesTextTelemetryAndAnImage()
    {
        const QString key = uniqueKey("py-out");
        QTemporaryDir dir;
        QByteArray pixels(97 * 61 * 4, Qt::Uninitialized);
        for (char &byte : pixels)
            byte = char(QRandomGenerator::global()->generate());
        QFile raw(dir.filePath(QStringLiteral("pixels.raw")));
        QVERIFY(raw.open(QIODevice::WriteOnly) && raw.write(pixels) == pixels.size());
        raw.close();
        auto watch = startWatcher(key, 3);
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("keeper")), 10000);
        Child py(python, pythonArguments(key, { QStringLiteral("--name"), QStringLiteral("snake"), QStringLiteral("--text"),
                                                QStringLiteral("from Python, 你好"), QStringLiteral("--telemetry"),
                                                QStringLiteral("speed=2.5,heading=-90"), QStringLiteral("--image"),
                                                raw.fileName(), QStringLiteral("--width"), QStringLiteral("97"),
                                                QStringLiteral("--height"), QStringLiteral("61") }));
        QVERIFY(py.finishedWith(0));
        QVERIFY(watch->finishedWith(0));
        const QList<QJsonObject> lines = watch->jsonLines();
        QCOMPARE(lastOfKind(lines, QStringLiteral("text"), QStringLiteral("snake")).value(QStringLiteral("text")).toString(),
                 QStringLiteral("from Python, 你好"));
        const QJsonObject telemetry = lastOfKind(lines, QStringLiteral("telemetry"), QStringLiteral("snake"));
        QCOMPARE(telemetry.value(QStringLiteral("names")).toArray(),
                 QJsonArray({ QStringLiteral("speed"), QStringLiteral("heading") }));
        QCOMPARE(telemetry.value(QStringLiteral("values")).toArray(), QJsonArray({ 2.5, -90 }));
        const QJsonObject image = lastOfKind(lines, QStringLiteral("image"), QStringLiteral("snake"));
        QCOMPARE(image.value(QStringLiteral("width")).toInt(), 97);
        QCOMPARE(image.value(QStringLiteral("height")).toInt(), 61);
        QCOMPARE(image.value(QStringLiteral("sha256")).toString(),
                 QString::fromLatin1(QCryptographicHash::hash(pixels, QCryptographicHash::Sha256).toHex()));
        QTRY_COMPARE_WITH_TIMEOUT(segmentsOf(key), QStringList(), 5000);
    }

    void pythonSeesTheRoomJoiningLateThenLive()
    {
        const QString key = uniqueKey("py-in");
        auto watch = startWatcher(key, 0);
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("keeper")), 10000);
        const QString picture = QStringLiteral(SHMBRIDGE_GALLERY_DIR) + QStringLiteral("/")
                + QDir(QStringLiteral(SHMBRIDGE_GALLERY_DIR)).entryList(QDir::Files).value(0);
        Child image(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                           QStringLiteral("painter"), QStringLiteral("--image"), picture, QStringLiteral("--json") });
        QVERIFY(image.finishedWith(0));
        const QJsonObject sent = image.jsonLines().value(0);
        QVERIFY(send(key, QStringLiteral("bob"), { QStringLiteral("--telemetry"), QStringLiteral("pitch=1.5,roll=-2") }));
        Child py(python, pythonArguments(key, { QStringLiteral("--watch"), QStringLiteral("--count"), QStringLiteral("3"),
                                                QStringLiteral("--timeout"), QStringLiteral("20") }));
        QVERIFY(!py.waitForLine("\"painter\"").isEmpty());
        QVERIFY(send(key, QStringLiteral("carol"), { QStringLiteral("--text"), QStringLiteral("héllo, 世界") }));
        QVERIFY(py.finishedWith(0));
        const QList<QJsonObject> lines = py.jsonLines();
        const QJsonObject picked = lastOfKind(lines, QStringLiteral("image"), QStringLiteral("painter"));
        QCOMPARE(picked.value(QStringLiteral("sha256")).toString(), sent.value(QStringLiteral("sha256")).toString());
        QCOMPARE(picked.value(QStringLiteral("width")).toInt(), sent.value(QStringLiteral("width")).toInt());
        const QJsonObject values = lastOfKind(lines, QStringLiteral("telemetry"), QStringLiteral("bob"))
                                           .value(QStringLiteral("values")).toObject();
        QCOMPARE(values.value(QStringLiteral("pitch")).toDouble(), 1.5);
        QCOMPARE(values.value(QStringLiteral("roll")).toDouble(), -2.0);
        QCOMPARE(lastOfKind(lines, QStringLiteral("text"), QStringLiteral("carol")).value(QStringLiteral("text")).toString(),
                 QStringLiteral("héllo, 世界"));
    }

    void pythonKilledIsNoticedAndPythonOutlivesTheCli()
    {
        const QString key = uniqueKey("py-kill");
        auto watch = startWatcher(key, 0);
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("keeper")), 10000);
        {
            Child py(python, pythonArguments(key, { QStringLiteral("--name"), QStringLiteral("doomed"),
                                                    QStringLiteral("--text"), QStringLiteral("bye"), QStringLiteral("--watch") }));
            QVERIFY(!watch->waitForLine("\"doomed\"").isEmpty());
            py.kill();
            QVERIFY(py.waitForFinished(5000));
        }
        QTRY_VERIFY_WITH_TIMEOUT(!livePeerNamed(key, QStringLiteral("doomed")), 5000);
        Child py(python, pythonArguments(key, { QStringLiteral("--name"), QStringLiteral("survivor"), QStringLiteral("--watch") }));
        QVERIFY(!py.waitForLine("\"joined\"").isEmpty());
        // The dead peer's last text is still there for a late joiner.
        QVERIFY(!py.waitForLine("\"bye\"").isEmpty());
        watch->kill();
        QVERIFY(watch->waitForFinished(5000));
        QVERIFY(send(key, QStringLiteral("after"), { QStringLiteral("--text"), QStringLiteral("still here?") }));
        QVERIFY(!py.waitForLine("still here?").isEmpty());
        py.terminate(); // SIGTERM: it leaves, and as the last one out removes the room
        QVERIFY(py.waitForFinished(10000));
        QCOMPARE(py.exitCode(), 143);
        QCOMPARE(segmentsOf(key), QStringList());
    }

    // One rule in all three peers: a room segment of 0 bytes is new (its
    // creator died before sizing it) and is set up; any size but 0 and the
    // room's own is refused in words and left as it is, never resized.
    void everyPeerRefusesARoomSegmentOfAnotherSize_data()
    {
        QTest::addColumn<QString>("peer");
        QTest::addColumn<qint64>("size");
        for (const char *peer : { "C++", "C", "Python" }) {
            for (const qint64 size : { qint64(0), qint64(100), qint64(shmbridge::layout::kRoomSegmentSize) + 4096 })
                QTest::addRow("%s, %lld bytes", peer, size) << QString::fromLatin1(peer) << size;
        }
    }
    void everyPeerRefusesARoomSegmentOfAnotherSize()
    {
        QFETCH(QString, peer);
        QFETCH(qint64, size);
        const QString key = uniqueKey("sized");
        const auto names = shmbridge::RoomNames::fromKey(key).value();
        QFile segment(QFile::decodeName(names.roomSegment()));
        QVERIFY(segment.open(QIODevice::WriteOnly));
        QVERIFY(segment.resize(size));
        QVERIFY(segment.setPermissions(QFile::ReadOwner | QFile::WriteOwner)); // as a peer makes it
        segment.close();
        const QStringList publish { QStringLiteral("--name"), QStringLiteral("sizer"), QStringLiteral("--text"), QStringLiteral("hi") };
        std::unique_ptr<Child> joiner;
        if (peer == QLatin1String("C++"))
            joiner = std::make_unique<Child>(cli, QStringList { QStringLiteral("send"), QStringLiteral("--key"), key } + publish);
        else if (peer == QLatin1String("C"))
            joiner = std::make_unique<Child>(cPeer, cArguments(key, publish + QStringList { QStringLiteral("--count"), QStringLiteral("1") }));
        else
            joiner = std::make_unique<Child>(python, pythonArguments(key, publish));
        QVERIFY(joiner->waitForFinished(20000));
        const QString said = QString::fromUtf8(joiner->readAllStandardError());
        if (size == 0) {
            QVERIFY2(joiner->exitCode() == 0, qPrintable(said));
            segment.remove();
            return;
        }
        QVERIFY2(joiner->exitCode() != 0, qPrintable(peer + QStringLiteral(" joined a room of %1 bytes").arg(size)));
        QVERIFY2(said.contains(QLatin1String("corrupt")) || said.contains(QLatin1String("not a ShmBridge room")), qPrintable(said));
        QCOMPARE(QFileInfo(segment.fileName()).size(), size);
        QVERIFY(segment.remove());
    }

    void cAndPythonMeetTheAppBothWays()
    {
        const QString key = uniqueKey("app");
        QTemporaryDir config;
        AppWindow window(app, key, QStringLiteral("window"), config.path());
        QVERIFY(window.run(QStringLiteral("wait bridge connected true")));
        Child c(cPeer, cArguments(key, { QStringLiteral("--name"), QStringLiteral("robot"), QStringLiteral("--text"),
                                         QStringLiteral("from C") }));
        Child py(python, pythonArguments(key, { QStringLiteral("--name"), QStringLiteral("snake"), QStringLiteral("--text"),
                                                QStringLiteral("from Python"), QStringLiteral("--watch"), QStringLiteral("--timeout"),
                                                QStringLiteral("60") }));
        QVERIFY(window.run(QStringLiteral("wait peerText_robot text from C")));
        QVERIFY(window.run(QStringLiteral("wait peerTelemetry_robot visible true")));
        QVERIFY(window.run(QStringLiteral("wait peerText_snake text from Python")));
        QVERIFY(window.run(QStringLiteral("type messageInput from the app")));
        QVERIFY(window.run(QStringLiteral("key messageInput Return")));
        QVERIFY(!c.waitForLine("from the app").isEmpty());
        QVERIFY(!py.waitForLine("\"from the app\"").isEmpty());
        QVERIFY(window.run(QStringLiteral("wait peerSeen_robot text ✓ seen")));
        c.terminate();
        QVERIFY(c.finishedWith(0));
        QVERIFY(window.run(QStringLiteral("wait peer_robot live false")));
        QVERIFY(window.quit());
    }
};

QTEST_GUILESS_MAIN(TestForeignPeers)
#include "tst_foreign_peers.moc"

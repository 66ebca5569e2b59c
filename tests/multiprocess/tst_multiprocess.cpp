// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Real processes on real shared memory: shmbridge-cli and the roomtool test
// peer, started, killed and checked from outside.
#include "processtest.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace shmbridge;
using namespace testing;

namespace {

const QString cli = QStringLiteral(SHMBRIDGE_CLI);
const QString roomtool = QStringLiteral(SHMBRIDGE_ROOMTOOL);

QJsonObject run(const QStringList &arguments)
{
    Child child(cli, arguments);
    if (!child.finishedWith(0))
        return {};
    const auto lines = child.jsonLines();
    return lines.isEmpty() ? QJsonObject() : lines.last();
}

} // namespace

class TestMultiProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(cli), qPrintable(cli));
        m_image = QDir::temp().filePath(QStringLiteral("mp-photo.png"));
        Child make(roomtool, { QStringLiteral("make-image"), QStringLiteral("--out"), m_image,
                               QStringLiteral("--width"), QStringLiteral("640"), QStringLiteral("--height"),
                               QStringLiteral("480") });
        QVERIFY(make.finishedWith(0));
    }

    void textImageAndTelemetryCrossBetweenProcesses()
    {
        const QString key = uniqueKey("cross");
        Child watch(cli, { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--count"),
                           QStringLiteral("3"), QStringLiteral("--timeout"), QStringLiteral("20"), QStringLiteral("--json") });
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("watch")), 10000);

        const QJsonObject text = run({ QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                                       QStringLiteral("carol"), QStringLiteral("--text"), QStringLiteral("hello ☀"),
                                       QStringLiteral("--json") });
        QCOMPARE(text.value(QStringLiteral("seq")).toInt(), 1);
        const QJsonObject image = run({ QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                                        QStringLiteral("dave"), QStringLiteral("--image"), m_image, QStringLiteral("--json") });
        QCOMPARE(image.value(QStringLiteral("width")).toInt(), 640);
        QCOMPARE(image.value(QStringLiteral("sha256")).toString().size(), 64);
        run({ QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("erin"),
              QStringLiteral("--telemetry"), QStringLiteral("1.5,-2,3") });

        QVERIFY(watch.finishedWith(0));
        QHash<QString, QJsonObject> byKind;
        for (const QJsonObject &line : watch.jsonLines())
            byKind.insert(line.value(QStringLiteral("kind")).toString(), line);
        QCOMPARE(byKind.size(), 3);
        QCOMPARE(byKind[QStringLiteral("text")].value(QStringLiteral("text")).toString(), QStringLiteral("hello ☀"));
        QCOMPARE(byKind[QStringLiteral("text")].value(QStringLiteral("peer")).toString(), QStringLiteral("carol"));
        QCOMPARE(byKind[QStringLiteral("image")].value(QStringLiteral("sha256")), image.value(QStringLiteral("sha256")));
        QCOMPARE(byKind[QStringLiteral("image")].value(QStringLiteral("height")).toInt(), 480);
        QCOMPARE(byKind[QStringLiteral("telemetry")].value(QStringLiteral("values")).toArray(),
                 (QJsonArray { 1.5, -2, 3 }));
        for (const QJsonObject &line : std::as_const(byKind)) {
            const double latency = line.value(QStringLiteral("latency_us")).toDouble();
            QVERIFY2(latency > 0 && latency < 1e6, qPrintable(QString::number(latency)));
        }
        QTRY_COMPARE(segmentsOf(key), QStringList());
    }

    void lateJoinerSeesCurrentValues()
    {
        const QString key = uniqueKey("late");
        // "early" stays in the room; "gone" publishes and leaves.
        Child early(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("early"),
                           QStringLiteral("--text"), QStringLiteral("still here"), QStringLiteral("--repeat"), QStringLiteral("0"),
                           QStringLiteral("--interval-ms"), QStringLiteral("100000") });
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("early")), 10000);
        run({ QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("gone"),
              QStringLiteral("--text"), QStringLiteral("was here") });

        Child late(cli, { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--count"), QStringLiteral("2"),
                          QStringLiteral("--timeout"), QStringLiteral("10"), QStringLiteral("--json") });
        QVERIFY(late.finishedWith(0));
        QMap<QString, QString> texts;
        for (const QJsonObject &line : late.jsonLines())
            texts.insert(line.value(QStringLiteral("peer")).toString(), line.value(QStringLiteral("text")).toString());
        QCOMPARE(texts.value(QStringLiteral("early")), QStringLiteral("still here"));
        QCOMPARE(texts.value(QStringLiteral("gone")), QStringLiteral("was here"));

        early.terminate(); // SIGTERM: a clean leave
        QVERIFY(early.finishedWith(0));
        QCOMPARE(segmentsOf(key), QStringList());
    }

    void concurrentWritersNeverTearAReader_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("bytes");
        QTest::addColumn<QString>("count");
        QTest::newRow("text up to 256 KiB") << QStringLiteral("text") << QStringLiteral("262144") << QStringLiteral("3000");
        QTest::newRow("images up to 1024 px") << QStringLiteral("image") << QStringLiteral("1024") << QStringLiteral("150");
    }

    void concurrentWritersNeverTearAReader()
    {
        QFETCH(QString, kind);
        QFETCH(QString, bytes);
        QFETCH(QString, count);
        const QString key = uniqueKey("torn");
        const auto common = QStringList { QStringLiteral("--key"), key, QStringLiteral("--count"), count,
                                          QStringLiteral("--kind"), kind, QStringLiteral("--bytes"), bytes };
        Child verify1(roomtool, QStringList { QStringLiteral("verify"), QStringLiteral("--name"), QStringLiteral("r1"),
                                              QStringLiteral("--writers"), QStringLiteral("2"), QStringLiteral("--timeout"), QStringLiteral("90") } + common);
        Child verify2(roomtool, QStringList { QStringLiteral("verify"), QStringLiteral("--name"), QStringLiteral("r2"),
                                              QStringLiteral("--writers"), QStringLiteral("2"), QStringLiteral("--timeout"), QStringLiteral("90") } + common);
        QVERIFY(!verify1.waitForLine("ready").isEmpty());
        QVERIFY(!verify2.waitForLine("ready").isEmpty());
        Child writer1(roomtool, QStringList { QStringLiteral("hammer"), QStringLiteral("--name"), QStringLiteral("w1") } + common);
        Child writer2(roomtool, QStringList { QStringLiteral("hammer"), QStringLiteral("--name"), QStringLiteral("w2") } + common);
        QVERIFY(writer1.finishedWith(0, 90000));
        QVERIFY(writer2.finishedWith(0, 90000));
        for (Child *verify : { &verify1, &verify2 }) {
            QVERIFY(verify->finishedWith(0, 90000));
            const QJsonObject result = verify->jsonLines().last();
            QVERIFY2(result.value(QStringLiteral("reads")).toInt() > 0, "the reader read nothing");
            QCOMPARE(result.value(QStringLiteral("torn")).toInt(), 0);
            QCOMPARE(result.value(QStringLiteral("errors")).toInt(), 0);
        }
        QCOMPARE(segmentsOf(key), QStringList());
    }

    void staleSegmentsOfAKilledRoomAreRecovered()
    {
        const QString key = uniqueKey("stale");
        Child victim(roomtool, { QStringLiteral("hammer"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                                 QStringLiteral("victim"), QStringLiteral("--count"), QStringLiteral("0") });
        QTRY_VERIFY_WITH_TIMEOUT(segmentsOf(key).size() >= 2, 10000);
        ::kill(pid_t(victim.processId()), SIGKILL);
        QVERIFY(victim.waitForFinished(5000));
        QVERIFY(segmentsOf(key).size() >= 2); // left behind by the crash

        const QJsonObject sent = run({ QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--text"),
                                       QStringLiteral("fresh start"), QStringLiteral("--json") });
        QCOMPARE(sent.value(QStringLiteral("seq")).toInt(), 1);
        QCOMPARE(segmentsOf(key).join(QLatin1Char(' ')), QString());
    }

    void fortyThousandUpdatesHitNoKernelLimit()
    {
        const QString key = uniqueKey("many");
        const QString count = QStringLiteral("41000");
        Child reader(roomtool, { QStringLiteral("verify"), QStringLiteral("--key"), key, QStringLiteral("--count"), count,
                                 QStringLiteral("--timeout"), QStringLiteral("240") });
        QVERIFY(!reader.waitForLine("ready").isEmpty());
        Child writer(roomtool, { QStringLiteral("hammer"), QStringLiteral("--key"), key, QStringLiteral("--count"), count,
                                 QStringLiteral("--bytes"), QStringLiteral("64") });
        QVERIFY(writer.finishedWith(0, 240000));
        QVERIFY(reader.finishedWith(0, 240000));
        const QJsonObject result = reader.jsonLines().last();
        QVERIFY(result.value(QStringLiteral("finished")).toBool());
        QCOMPARE(result.value(QStringLiteral("errors")).toInt(), 0);
        QCOMPARE(result.value(QStringLiteral("torn")).toInt(), 0);
        QCOMPARE(segmentsOf(key), QStringList());
    }

    void peersListsLivePeers()
    {
        const QString key = uniqueKey("peers");
        Child a(cli, { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("anna") });
        Child b(cli, { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("ben") });
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("anna")) && livePeerNamed(key, QStringLiteral("ben")), 10000);
        Child peers(cli, { QStringLiteral("peers"), QStringLiteral("--key"), key, QStringLiteral("--json") });
        QVERIFY(peers.finishedWith(0));
        const QJsonArray list = QJsonDocument::fromJson(peers.readAllStandardOutput()).array();
        QStringList names;
        for (const QJsonValue &peer : list) {
            QVERIFY(peer.toObject().value(QStringLiteral("live")).toBool());
            names.append(peer.toObject().value(QStringLiteral("name")).toString());
        }
        names.sort();
        QCOMPARE(names, (QStringList { QStringLiteral("anna"), QStringLiteral("ben") }));
        a.terminate();
        b.terminate();
        QVERIFY(a.finishedWith(0));
        QVERIFY(b.finishedWith(0));
        QCOMPARE(segmentsOf(key), QStringList());
    }

    // Peers starting together race to create the room: one may open it
    // before its creator has sized it and set it up first, and nothing the
    // creator does afterwards may undo that (it once zeroed the table
    // outside the lock, and two peers then shared a slot).
    void peersJoiningAtOnceEachGetTheirOwnSlot()
    {
        constexpr int rounds = 50;
        constexpr int peersPerRound = 6;
        for (int round = 0; round < rounds; ++round) {
            const QString key = uniqueKey("stampede");
            std::vector<std::unique_ptr<Child>> peers;
            for (int i = 0; i < peersPerRound; ++i)
                peers.push_back(std::make_unique<Child>(
                        cli, QStringList { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                                           QStringLiteral("w%1").arg(i), QStringLiteral("--json") }));
            const auto everyoneIn = [&] {
                auto observed = shmbridge::observeRoom(key);
                if (!observed)
                    return false;
                QSet<QString> names;
                for (const shmbridge::PeerInfo &peer : observed.value().peers)
                    if (peer.live)
                        names.insert(peer.name);
                return names.size() == peersPerRound;
            };
            QTRY_VERIFY2_WITH_TIMEOUT(everyoneIn(), qPrintable(QStringLiteral("round %1: a peer lost its slot").arg(round)),
                                      10000);
            QVERIFY(!run({ QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--json"),
                           QStringLiteral("--text"), QStringLiteral("round %1").arg(round) })
                             .isEmpty());
            for (auto &peer : peers)
                QVERIFY2(!peer->waitForLine(QStringLiteral("round %1").arg(round).toUtf8()).isEmpty(),
                         qPrintable(QStringLiteral("round %1: a peer did not hear the room").arg(round)));
        }
    }

    void anImageStreamIsPublishedInTurnOnTheClock()
    {
        const QString key = uniqueKey("stream");
        QTemporaryDir frames;
        QVERIFY(frames.isValid());
        for (int seed = 1; seed <= 3; ++seed) {
            Child make(roomtool, { QStringLiteral("make-image"), QStringLiteral("--out"),
                                   frames.filePath(QStringLiteral("frame%1.png").arg(seed)), QStringLiteral("--width"),
                                   QStringLiteral("320"), QStringLiteral("--height"), QStringLiteral("240"),
                                   QStringLiteral("--seed"), QString::number(seed) });
            QVERIFY(make.finishedWith(0));
        }
        Child watch(cli, { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--count"), QStringLiteral("6"),
                           QStringLiteral("--timeout"), QStringLiteral("5"), QStringLiteral("--json") });
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("watch")), 10000);
        QElapsedTimer elapsed;
        elapsed.start();
        Child send(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--image-dir"), frames.path(),
                          QStringLiteral("--fps"), QStringLiteral("20"), QStringLiteral("--repeat"), QStringLiteral("6"),
                          QStringLiteral("--json") });
        QVERIFY(send.finishedWith(0));
        // Six publishes at 20 a second: the last is due 250 ms after the first.
        QVERIFY2(elapsed.elapsed() >= 250, qPrintable(QStringLiteral("%1 ms").arg(elapsed.elapsed())));
        QStringList sent;
        for (const QJsonObject &line : send.jsonLines())
            sent.append(line.value(QStringLiteral("sha256")).toString());
        QCOMPARE(sent.size(), 6);
        QCOMPARE(sent.mid(3), sent.mid(0, 3)); // in turn, round and round
        QCOMPARE(QSet<QString>(sent.cbegin(), sent.cend()).size(), 3);
        QVERIFY(watch.waitForFinished(10000)); // 0, or 3 if it missed one (it keeps the latest value)
        QSet<QString> seen;
        for (const QJsonObject &line : watch.jsonLines())
            seen.insert(line.value(QStringLiteral("sha256")).toString());
        QCOMPARE(seen, QSet<QString>(sent.cbegin(), sent.cend()));
    }

    void badInputIsAClearErrorAndLosesNothing()
    {
        const QString key = uniqueKey("bad");
        Child keeper(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("keeper"),
                            QStringLiteral("--text"), QStringLiteral("precious"), QStringLiteral("--repeat"), QStringLiteral("0"),
                            QStringLiteral("--interval-ms"), QStringLiteral("100000") });
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("keeper")), 10000);
        QFile notImage(QDir::temp().filePath(QStringLiteral("not-an-image.png")));
        QVERIFY(notImage.open(QIODevice::WriteOnly));
        notImage.write("this is text, not a PNG\n");
        notImage.close();
        QFile bigText(QDir::temp().filePath(QStringLiteral("big.txt")));
        QVERIFY(bigText.open(QIODevice::WriteOnly));
        bigText.write(QByteArray(1024 * 1024 + 1, 'x'));
        bigText.close();
        QTemporaryDir emptyDir;
        QVERIFY(emptyDir.isValid());
        QFile badUtf8(QDir::temp().filePath(QStringLiteral("bad-utf8.txt")));
        QVERIFY(badUtf8.open(QIODevice::WriteOnly));
        badUtf8.write("ok \xc3\x28");
        badUtf8.close();
        const QList<std::pair<QStringList, QString>> cases {
            { { QStringLiteral("--image"), notImage.fileName() }, QStringLiteral("not an image") },
            { { QStringLiteral("--telemetry"), QStringLiteral("1,nan") }, QStringLiteral("finite") },
            { { QStringLiteral("--text-file"), bigText.fileName() }, QStringLiteral("limit") },
            { { QStringLiteral("--text-file"), badUtf8.fileName() }, QStringLiteral("UTF-8") },
            { { QStringLiteral("--image-dir"), QDir::temp().filePath(QStringLiteral("no-such-dir")) }, QStringLiteral("no directory") },
            { { QStringLiteral("--image-dir"), emptyDir.path() }, QStringLiteral("no files") },
            { { QStringLiteral("--image"), m_image, QStringLiteral("--image"), notImage.fileName() }, QStringLiteral("not an image") },
        };
        for (const auto &[arguments, expected] : cases) {
            Child bad(cli, QStringList { QStringLiteral("send"), QStringLiteral("--key"), key } + arguments);
            QVERIFY(bad.waitForFinished(10000));
            QCOMPARE(bad.exitCode(), 1);
            const QString message = QString::fromUtf8(bad.readAllStandardError());
            QVERIFY2(message.contains(expected), qPrintable(message));
        }
        for (const QStringList &usage : { QStringList { QStringLiteral("--fps"), QStringLiteral("0") },
                                          QStringList { QStringLiteral("--fps"), QStringLiteral("30"), QStringLiteral("--interval-ms"), QStringLiteral("5") } }) {
            Child bad(cli, QStringList { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--text"), QStringLiteral("x") } + usage);
            QVERIFY(bad.waitForFinished(10000));
            QCOMPARE(bad.exitCode(), 2);
            QVERIFY(QString::fromUtf8(bad.readAllStandardError()).contains(QLatin1String("--fps")));
        }
        Child empty(cli, { QStringLiteral("send"), QStringLiteral("--key"), QString(), QStringLiteral("--text"), QStringLiteral("x") });
        QVERIFY(empty.waitForFinished(10000));
        QCOMPARE(empty.exitCode(), 1);
        QVERIFY(QString::fromUtf8(empty.readAllStandardError()).contains(QLatin1String("empty")));

        Child watch(cli, { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--count"), QStringLiteral("1"),
                           QStringLiteral("--timeout"), QStringLiteral("10"), QStringLiteral("--json") });
        QVERIFY(watch.finishedWith(0));
        QCOMPARE(watch.jsonLines().value(0).value(QStringLiteral("text")).toString(), QStringLiteral("precious"));
        keeper.terminate();
        QVERIFY(keeper.finishedWith(0));
    }

private:
    QString m_image;
};

QTEST_GUILESS_MAIN(TestMultiProcess)
#include "tst_multiprocess.moc"

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The fault suite: crashes, stalls, hostile memory, leftovers, other users.
// Real processes on real shared memory. SHMBRIDGE_LONG=1 selects the long
// variants (scripts/faults-long.sh).
#include "layout.h"
#include "processtest.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace shmbridge;
using namespace testing;

namespace {

const QString cli = QStringLiteral(SHMBRIDGE_CLI);
const QString roomtool = QStringLiteral(SHMBRIDGE_ROOMTOOL);

bool longRun()
{
    return qEnvironmentVariableIntValue("SHMBRIDGE_LONG") == 1;
}

QByteArray roomSegment(const QString &key)
{
    return RoomNames::fromKey(key).value().roomSegment();
}


} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedWritersNeverTearAndAreNoticed_data()
    {
        QTest::addColumn<bool>("victimCreatesRoom");
        QTest::newRow("victim joined second") << false;
        QTest::newRow("victim created the room") << true;
    }

    // Writers are killed at random points of a stream of large writes, again
    // and again; the readers verify every value and notice every death.
    void killedWritersNeverTearAndAreNoticed()
    {
        QFETCH(bool, victimCreatesRoom);
        const int rounds = longRun() ? 40 : 4;
        for (int round = 0; round < rounds; ++round) {
            const QString key = uniqueKey("kill");
            const QStringList victimArgs { QStringLiteral("hammer"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                                           QStringLiteral("victim"), QStringLiteral("--kind"), QStringLiteral("image"),
                                           QStringLiteral("--bytes"), QStringLiteral("1200"), QStringLiteral("--count"), QStringLiteral("0") };
            std::unique_ptr<Child> victim;
            if (victimCreatesRoom) {
                victim = std::make_unique<Child>(roomtool, victimArgs);
                QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("victim")), 10000);
            }
            Child reader(roomtool, { QStringLiteral("verify"), QStringLiteral("--key"), key, QStringLiteral("--kind"), QStringLiteral("image"),
                                     QStringLiteral("--count"), QStringLiteral("300"), QStringLiteral("--timeout"), QStringLiteral("60") });
            QVERIFY(!reader.waitForLine("ready", 10000).isEmpty());
            if (!victimCreatesRoom) {
                victim = std::make_unique<Child>(roomtool, victimArgs);
                QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("victim")), 10000);
            }
            // Let it publish for a random while: the kill lands anywhere in a write.
            QTest::qWait(50 + int(QRandomGenerator::global()->bounded(400)));
            ::kill(pid_t(victim->processId()), SIGKILL);
            QElapsedTimer sinceKill;
            sinceKill.start();
            QVERIFY(!reader.waitForLine("\"left\":\"victim\"", 5000).isEmpty());
            const qint64 noticedMs = sinceKill.elapsed();
            qInfo() << "round" << round << ": death noticed after" << noticedMs << "ms";
            QVERIFY2(noticedMs < 1000, qPrintable(QStringLiteral("death noticed after %1 ms").arg(noticedMs)));
            Child successor(roomtool, { QStringLiteral("hammer"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("successor"),
                                        QStringLiteral("--kind"), QStringLiteral("image"), QStringLiteral("--bytes"), QStringLiteral("1200"),
                                        QStringLiteral("--count"), QStringLiteral("300") });
            QVERIFY(successor.waitForFinished(60000));
            QCOMPARE(successor.exitCode(), 0);
            QVERIFY(reader.waitForFinished(60000));
            const QJsonObject result = reader.jsonLines().last();
            QVERIFY(result.value(QStringLiteral("finished")).toBool());
            QCOMPARE(result.value(QStringLiteral("torn")).toInt(), 0);
            QCOMPARE(result.value(QStringLiteral("errors")).toInt(), 0);
            QTRY_COMPARE(segmentsOf(key), QStringList());
        }
    }

    // A reader stopped for 10 s slows nobody down and costs no memory; once
    // continued it catches up to the latest value.
    void stoppedReaderStallsNobody()
    {
        const QString key = uniqueKey("stop");
        const int seconds = 14;
        Child reader(roomtool, { QStringLiteral("verify"), QStringLiteral("--key"), key, QStringLiteral("--count"),
                                 QString::number(seconds * 1000), QStringLiteral("--timeout"), QStringLiteral("60") });
        QVERIFY(!reader.waitForLine("ready", 10000).isEmpty());
        // One update per millisecond, publish times reported per second.
        Child writer(roomtool, { QStringLiteral("hammer"), QStringLiteral("--key"), key, QStringLiteral("--count"),
                                 QString::number(seconds * 1000), QStringLiteral("--interval-ms"), QStringLiteral("1"),
                                 QStringLiteral("--bytes"), QStringLiteral("4096"), QStringLiteral("--window-ms"), QStringLiteral("1000") });
        QVERIFY(!writer.waitForLine("\"window\":1", 10000).isEmpty());
        ::kill(pid_t(reader.processId()), SIGSTOP);
        QTest::qWait(10000); // the stall under test lasts ten seconds
        ::kill(pid_t(reader.processId()), SIGCONT);
        QVERIFY(writer.waitForFinished(60000));
        QCOMPARE(writer.exitCode(), 0);
        QVERIFY(reader.waitForFinished(30000));
        const QJsonObject result = reader.jsonLines().last();
        QVERIFY2(result.value(QStringLiteral("finished")).toBool(), "the reader did not catch up to the last update");
        QCOMPARE(result.value(QStringLiteral("torn")).toInt(), 0);

        const QList<QJsonObject> windows = writer.jsonLines();
        QVERIFY(windows.size() >= seconds - 1);
        QList<double> normal, stalled;
        for (const QJsonObject &w : windows) {
            const int index = w.value(QStringLiteral("window")).toInt();
            (index >= 2 && index <= 10 ? stalled : normal).append(w.value(QStringLiteral("p50_us")).toDouble());
        }
        std::sort(normal.begin(), normal.end());
        std::sort(stalled.begin(), stalled.end());
        const double normalP50 = normal.at(normal.size() / 2);
        const double stalledP50 = stalled.at(stalled.size() / 2);
        qInfo() << "publish p50: normal" << normalP50 << "µs, reader stopped" << stalledP50 << "µs";
        QVERIFY2(stalledP50 <= 2 * normalP50 + 2, qPrintable(QStringLiteral("%1 µs vs %2 µs").arg(stalledP50).arg(normalP50)));
        const double rssGrowth = windows.last().value(QStringLiteral("rss_kib")).toDouble()
                - windows.at(1).value(QStringLiteral("rss_kib")).toDouble();
        if (residentMemoryIsMeaningful)
            QVERIFY2(rssGrowth < 1024, qPrintable(QStringLiteral("writer grew by %1 KiB").arg(rssGrowth)));
        QTRY_COMPARE(segmentsOf(key), QStringList());
    }

    // Everybody killed: the segments stay (nobody is left to remove them)
    // until the next peer recovers the room; then nothing is left over.
    void everybodyKilledThenRecovered()
    {
        const QString key = uniqueKey("allkilled");
        std::vector<std::unique_ptr<Child>> peers;
        for (int i = 0; i < 3; ++i)
            peers.push_back(std::make_unique<Child>(roomtool, QStringList { QStringLiteral("hammer"), QStringLiteral("--key"), key,
                                                                            QStringLiteral("--name"), QStringLiteral("p%1").arg(i),
                                                                            QStringLiteral("--count"), QStringLiteral("0"),
                                                                            QStringLiteral("--interval-ms"), QStringLiteral("1") }));
        for (int i = 0; i < 3; ++i)
            QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("p%1").arg(i)), 10000);
        for (auto &peer : peers) {
            ::kill(pid_t(peer->processId()), SIGKILL);
            QVERIFY(peer->waitForFinished(5000));
        }
        QVERIFY(segmentsOf(key).size() >= 4);
        Child fresh(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--text"), QStringLiteral("after the crash"),
                           QStringLiteral("--json") });
        QVERIFY(fresh.waitForFinished(10000));
        QCOMPARE(fresh.exitCode(), 0);
        QCOMPARE(segmentsOf(key), QStringList());
    }

    // Random and adversarial bytes written into a live room: the reader
    // reports errors, never crashes, and still shuts down cleanly.
    void hostileBytesInALiveRoom()
    {
        const QString key = uniqueKey("hostile");
        Child writer(roomtool, { QStringLiteral("hammer"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("writer"),
                                 QStringLiteral("--count"), QStringLiteral("0"), QStringLiteral("--interval-ms"), QStringLiteral("1"),
                                 QStringLiteral("--bytes"), QStringLiteral("2048") });
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("writer")), 10000);
        Child reader(cli, { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("reader"),
                            QStringLiteral("--json") });
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("reader")), 10000);
        QVERIFY(!reader.waitForLine("\"kind\":\"text\"", 10000).isEmpty());

        const QStringList segments = segmentsOf(key);
        QRandomGenerator random(QRandomGenerator::global()->generate());
        QElapsedTimer timer;
        timer.start();
        const int attackMs = longRun() ? 120000 : 3000;
        int writes = 0;
        while (timer.elapsed() < attackMs) {
            const QString name = segments.at(int(random.bounded(segments.size())));
            const int fd = open(roomFile(name).constData(), O_RDWR | O_NOFOLLOW | O_NONBLOCK);
            if (fd < 0)
                continue; // retired meanwhile
            struct stat info {};
            fstat(fd, &info);
            const auto size = std::size_t(info.st_size);
            auto *bytes = size ? static_cast<quint8 *>(mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) : nullptr;
            close(fd);
            if (!bytes || bytes == MAP_FAILED)
                continue;
            // Random bytes anywhere in the first pages, and adversarial values
            // in the fields that steer readers: sizes, offsets, indexes, locks.
            const int strategy = int(random.bounded(3));
            const std::size_t span = std::min<std::size_t>(size, 8192);
            if (strategy == 0) {
                for (int i = 0; i < 64; ++i)
                    bytes[random.bounded(quint32(span))] = quint8(random.generate());
            } else {
                static const quint64 evil[] = { 0, 1, 0xff, 0x7fffffff, 0xffffffff, 0x100000000ULL, ~0ULL, ~0ULL >> 1, 4096, 4097 };
                const quint64 value = evil[random.bounded(quint32(std::size(evil)))];
                const std::size_t at = (random.bounded(quint32(span / 8))) * 8;
                std::memcpy(bytes + at, &value, strategy == 1 ? 8 : 4);
            }
            munmap(bytes, size);
            ++writes;
            QTest::qWait(1); // let the peers run between strikes
        }
        qInfo() << writes << "hostile writes";
        QVERIFY(reader.state() == QProcess::Running);
        reader.terminate();
        QVERIFY(reader.waitForFinished(10000));
        QCOMPARE(reader.exitStatus(), QProcess::NormalExit);
        QCOMPARE(reader.exitCode(), 0);
        writer.kill();
        writer.waitForFinished(5000);
        for (const QString &name : segmentsOf(key))
            unlink(roomFile(name).constData()); // a trashed room cannot clean itself up
    }

    void soakOfEightPeers()
    {
        const QString key = uniqueKey("soak");
        const int seconds = longRun() ? 1800 : 60;
        std::vector<std::unique_ptr<Child>> peers;
        for (int i = 0; i < 8; ++i)
            peers.push_back(std::make_unique<Child>(roomtool, QStringList { QStringLiteral("soak"), QStringLiteral("--key"), key,
                                                                            QStringLiteral("--name"), QStringLiteral("s%1").arg(i),
                                                                            QStringLiteral("--interval-ms"), QStringLiteral("1"),
                                                                            QStringLiteral("--seconds"), QString::number(seconds) }));
        qint64 published = 0, reads = 0;
        for (auto &peer : peers) {
            QVERIFY(peer->waitForFinished((seconds + 60) * 1000));
            QCOMPARE(peer->exitCode(), 0);
            const QJsonObject result = peer->jsonLines().last();
            // The peer says on stderr what each error was.
            const QByteArray said = peer->readAllStandardError().left(4000);
            QVERIFY2(result.value(QStringLiteral("torn")).toInt() == 0, said.constData());
            QVERIFY2(result.value(QStringLiteral("errors")).toInt() == 0, said.constData());
            published += result.value(QStringLiteral("published")).toInteger();
            reads += result.value(QStringLiteral("reads")).toInteger();
            // Resident memory levels off: the last sample is within 2 MiB of
            // the one taken after warm-up (10 s).
            const QJsonArray rss = result.value(QStringLiteral("rss_kib")).toArray();
            QVERIFY(rss.size() >= 3);
            const double growth = rss.last().toDouble() - rss.at(1).toDouble();
            if (residentMemoryIsMeaningful)
                QVERIFY2(growth < 2048, qPrintable(QStringLiteral("a peer grew by %1 KiB").arg(growth)));
        }
        qInfo() << "soak:" << published << "updates published," << reads << "read, in" << seconds << "s";
        QVERIFY(published > qint64(seconds) * 8 * 300); // at least 300 of the 1000 per second, on 2 cores
        QCOMPARE(segmentsOf(key), QStringList());
    }

    void anotherUserCannotGetIn()
    {
        if (const QString why = nobodyUnavailable(); !why.isEmpty())
            QSKIP(qPrintable(why));
        // Our room: nobody cannot open its segments.
        const QString key = uniqueKey("owner");
        Child owner(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("owner"),
                           QStringLiteral("--text"), QStringLiteral("secret"), QStringLiteral("--repeat"), QStringLiteral("0"),
                           QStringLiteral("--interval-ms"), QStringLiteral("100000") });
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("owner")), 10000);
        for (const QString &name : segmentsOf(key)) {
            Child probe(reachableByNobody(roomtool), { QStringLiteral("open-segment"), QStringLiteral("--segment"), QFile::decodeName(roomFile(name)) }, asNobody);
            QVERIFY(probe.waitForFinished(10000));
            const QByteArray answer = probe.readAllStandardOutput();
            QVERIFY2(answer.startsWith("refused Permission denied"), answer.constData());
        }
        // nobody running ShmBridge with the same key meets its own room, not ours.
        Child intruder(reachableByNobody(cli), { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--count"), QStringLiteral("1"),
                              QStringLiteral("--timeout"), QStringLiteral("2"), QStringLiteral("--json") },
                       asNobody);
        QVERIFY(intruder.waitForFinished(10000));
        QCOMPARE(intruder.exitCode(), 3); // saw nothing, timed out
        QVERIFY(!intruder.readAllStandardOutput().contains("secret"));
        owner.terminate();
        QVERIFY(owner.waitForFinished(10000));

        // nobody cannot take the name our next room would use: it cannot
        // even enter the directory where it would be made.
        const QString squatted = uniqueKey("squat");
        Child squat(reachableByNobody(roomtool), { QStringLiteral("squat-segment"), QStringLiteral("--segment"), QFile::decodeName(roomSegment(squatted)) }, asNobody);
        QVERIFY(squat.waitForFinished(10000));
        const QByteArray answer = squat.readAllStandardOutput();
        QVERIFY2(answer.startsWith("refused Permission denied"), answer.constData());
        Child victim(cli, { QStringLiteral("send"), QStringLiteral("--key"), squatted, QStringLiteral("--text"), QStringLiteral("x") });
        QVERIFY(victim.waitForFinished(10000));
        QCOMPARE(victim.exitCode(), 0);
    }

    void symlinkedSegmentIsNotFollowed()
    {
        const QString key = uniqueKey("symlink");
        QFile target(QDir::temp().filePath(QStringLiteral("victim-file")));
        QVERIFY(target.open(QIODevice::WriteOnly));
        target.write("precious");
        target.close();
        const QString link = QFile::decodeName(roomSegment(key));
        QVERIFY(QFile::link(target.fileName(), link));
        Child send(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--text"), QStringLiteral("x") });
        QVERIFY(send.waitForFinished(10000));
        QCOMPARE(send.exitCode(), 1);
        QVERIFY(!send.readAllStandardError().isEmpty());
        QVERIFY(target.open(QIODevice::ReadOnly));
        QCOMPARE(target.readAll(), QByteArray("precious"));
        QFile::remove(link);
    }

    void badFilesAreRefusedInWords_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("0 bytes") << QByteArray() << QStringLiteral("is empty, not an image");
        QTest::newRow("not an image") << QByteArray("hello\n") << QStringLiteral("not an image");
        QByteArray png;
        {
            QFile gallery(QStringLiteral(SHMBRIDGE_GALLERY_DIR "/lagoon.png"));
            gallery.open(QIODevice::ReadOnly);
            png = gallery.readAll();
        }
        QTest::newRow("truncated PNG") << png.left(png.size() / 3) << QStringLiteral("could not be read as an image");
    }

    void badFilesAreRefusedInWords()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QFile file(QDir::temp().filePath(QStringLiteral("bad-input.png")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        Child send(cli, { QStringLiteral("send"), QStringLiteral("--key"), uniqueKey("bad"), QStringLiteral("--image"), file.fileName() });
        QVERIFY(send.waitForFinished(10000));
        QCOMPARE(send.exitCode(), 1);
        const QString message = QString::fromUtf8(send.readAllStandardError());
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void badKeysAreRefusedInWords_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QString() << 1 << QStringLiteral("empty");
        QTest::newRow("very long") << QString(300, QLatin1Char('k')) << 1 << QStringLiteral("the limit is 256");
        QTest::newRow("slash and unicode") << QStringLiteral("a/b/ключ/🚀-%1").arg(QCoreApplication::applicationPid()) << 0 << QString();
    }

    void badKeysAreRefusedInWords()
    {
        QFETCH(QString, key);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        Child send(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--text"), QStringLiteral("x") });
        QVERIFY(send.waitForFinished(10000));
        QCOMPARE(send.exitCode(), exitCode);
        QVERIFY(QString::fromUtf8(send.readAllStandardError()).contains(expected));
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Regression tests for the defects a hostile neighbour found, one test per
// defect, named by its number, and for protocol 4's promise that another
// user has nothing to reach: user nobody (via setpriv) rings every socket it
// can find, squats names, plants FIFOs and fills /dev/shm; and the races and
// leaks of the bridge and its image worker. Each failed on the main of the
// time; a test that would hang there is run under a watchdog.
#include "imagefile.h"
#include "layout.h"
#include "processtest.h"
#include "room.h"
#include "roomtable.h"
#include "imageworkerthread.h"
#include "sharedmemorybridge.h"

#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <memory>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace shmbridge;
using namespace testing;
using layout::Kind;

namespace {

// The peers this test starts; the ThreadSanitizer run points these at plain
// builds, since Qt (not instrumented) makes TSan-built tools report races
// inside Qt's own thread pool.
const QString cli = qEnvironmentVariable("SHMBRIDGE_TEST_CLI", QStringLiteral(SHMBRIDGE_CLI));
const QString roomtool = qEnvironmentVariable("SHMBRIDGE_TEST_ROOMTOOL", QStringLiteral(SHMBRIDGE_ROOMTOOL));

// A sh function, `without_runtime_directory COMMAND...`: runs COMMAND as on a
// machine with no runtime directory, where rooms fall back to /dev/shm.
// Unsetting XDG_RUNTIME_DIR is not enough: the room home then takes
// /run/user/<uid> where a login session made one, so /run/user is hidden too,
// in a mount namespace of the command's own.
const QString withoutRuntimeDirectory = QStringLiteral(
        "without_runtime_directory() {\n"
        "    unshare --mount --propagation private sh -c '\n"
        "        [ ! -d /run/user ] || mount -t tmpfs -o mode=755 no-run-user /run/user || exit 97\n"
        "        exec env -u XDG_RUNTIME_DIR \"$@\"' without_runtime_directory \"$@\"\n"
        "}\n");

// Runs work on another thread; if it has not returned within timeoutMs, the
// test process ends with a message instead of hanging ctest for an hour.
template<typename Work>
void finishesWithin(int timeoutMs, const char *what, Work work)
{
    std::atomic<bool> done = false;
    std::thread watchdog([&] {
        for (int waited = 0; waited < timeoutMs && !done; waited += 10)
            QThread::msleep(10);
        if (!done) {
            fprintf(stderr, "FAIL: %s did not finish within %d ms\n", what, timeoutMs);
            std::_Exit(1);
        }
    });
    work();
    done = true;
    watchdog.join();
}

// CPU time (user + system) of a process, in milliseconds.
double cpuMs(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

// The process's CPU time once it has stopped moving: its card is in the
// room before its start-up is over, and under emulation (arm64 through
// qemu-user) the rest of that start-up costs tens of milliseconds. Sampled
// every 300 ms, for at most 20 s; -1 if it never settles.
double settledCpuMs(qint64 pid)
{
    QElapsedTimer waited;
    waited.start();
    double last = cpuMs(pid);
    while (waited.elapsed() < 20000) {
        QTest::qWait(300);
        const double now = cpuMs(pid);
        if (now == last)
            return now;
        last = now;
    }
    return -1;
}

int mappedImageChannels(const QString &key)
{
    const QByteArray prefix = RoomNames::fromKey(key).value().roomSegment() + '-';
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return -1;
    int count = 0;
    for (const QByteArray &line : maps.readAll().split('\n')) {
        const qsizetype at = line.indexOf(prefix);
        if (at >= 0 && line.mid(at + prefix.size()).split('-').value(1) == "1") // <nonce>-<kind>-...
            ++count;
    }
    return count;
}

int threadCount()
{
    return int(QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

QString makeImage(const QString &name, int width, int height, int noise = 8)
{
    const QString path = QDir::temp().filePath(name);
    if (!QFile::exists(path)) {
        QProcess make;
        make.start(roomtool, { QStringLiteral("make-image"), QStringLiteral("--out"), path, QStringLiteral("--width"),
                               QString::number(width), QStringLiteral("--height"), QString::number(height),
                               QStringLiteral("--noise"), QString::number(noise) });
        make.waitForFinished(120000);
        if (!QFile::exists(path))
            qWarning() << "roomtool make-image did not make" << path << make.readAllStandardError();
    }
    return path;
}

// nobody runs the neighbour's source as given (python3 -c): it may not be
// allowed to read the checkout.
QStringList neighbourArguments(const QString &intervalS, const QString &home)
{
    QFile source(QStringLiteral(SHMBRIDGE_NEIGHBOUR));
    if (!source.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", SHMBRIDGE_NEIGHBOUR);
    return { QStringLiteral("-c"), QString::fromUtf8(source.readAll()), intervalS, home };
}

// The latencies (ms) of the texts a watcher saw from alice, who sends count
// texts at 20 per second; empty if it did not see every one of them.
QList<double> watchedLatencies(const QString &key, int count, QByteArray *why)
{
    Child watcher(cli, { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("victim"),
                         QStringLiteral("--json"), QStringLiteral("--skip-current"), QStringLiteral("--count"), QString::number(count),
                         QStringLiteral("--timeout"), QStringLiteral("30") });
    if (!watcher.waitForStarted(10000))
        return {};
    for (int waited = 0; waited < 10000 && !livePeerNamed(key, QStringLiteral("victim")); waited += 10)
        QTest::qWait(10);
    Child alice(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("alice"),
                       QStringLiteral("--text"), QStringLiteral("drip"), QStringLiteral("--repeat"), QString::number(count),
                       QStringLiteral("--interval-ms"), QStringLiteral("50") });
    if (!alice.finishedWith(0, 60000) || !watcher.waitForFinished(40000) || watcher.exitCode() != 0) {
        *why = "the watcher did not see all " + QByteArray::number(count) + " texts: " + watcher.readAllStandardError();
        return {};
    }
    QList<double> latencies;
    for (const QJsonObject &line : watcher.jsonLines()) {
        if (line.value(QStringLiteral("peer")).toString() == QLatin1String("alice"))
            latencies.append(line.value(QStringLiteral("latency_us")).toDouble() / 1000.0);
    }
    std::sort(latencies.begin(), latencies.end());
    return latencies;
}

double percentile(const QList<double> &sorted, double p)
{
    return sorted.isEmpty() ? 0 : sorted.at(std::min<qsizetype>(sorted.size() - 1, qsizetype(p * double(sorted.size()))));
}

} // namespace

class TestHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defect1_aHugeGenerationDoesNotSpinUnderTheLock()
    {
        const QString key = uniqueKey("d1");
        Room victim;
        QVERIFY(victim.join(key, QStringLiteral("victim")));
        QVERIFY(victim.publishText(QStringLiteral("x")));
        // A same-user process rewrites the slot: generation 2^64 - 2.
        auto control = SharedSegment::open(victim.names()->roomSegment(), SharedSegment::Access::ReadWrite);
        QVERIFY(control);
        for (std::uint32_t slot = 0; slot < layout::kMaxPeers; ++slot)
            atomic(peerEntry(control.value(), slot)->channels[0].segmentGeneration).store(~0ULL - 1);
        finishesWithin(5000, "leaving a room with a hostile generation", [&] { victim.leave(); });
        QCOMPARE(segmentsOf(key), QStringList());
    }

    void defect2_aFullDevShmIsAnErrorNotABusError()
    {
        if (geteuid() != 0 || QProcess::execute(QStringLiteral("unshare"), { QStringLiteral("--mount"), QStringLiteral("true") }) != 0)
            QSKIP("needs root and mount namespaces for a small private /dev/shm");
        const QString image = makeImage(QStringLiteral("hostile-1024.png"), 1024, 1024);
        // A 4 MiB /dev/shm. Without a runtime directory, rooms live there: a
        // new room once it is full, and a 4 MiB image into an existing room,
        // are errors in words. With one, another user filling /dev/shm
        // changes nothing.
        const QString script = withoutRuntimeDirectory + QStringLiteral(
                "mount -t tmpfs -o size=4m,mode=1777 hostile /dev/shm || exit 99\n"
                "without_runtime_directory \"$1\" send --key full-a --text hello >/dev/null 2>&1 || { echo small send failed; exit 98; }\n"
                "without_runtime_directory \"$1\" send --key full-b --image \"$2\" 2>&1; echo \"image exit $?\"\n"
                "%1 dd if=/dev/zero of=/dev/shm/filler bs=64k 2>/dev/null\n"
                "without_runtime_directory \"$1\" send --key full-c --text hello 2>&1; echo \"text exit $?\"\n"
                "[ -n \"$XDG_RUNTIME_DIR\" ] || exit 0\n"
                "\"$1\" send --key full-d --image \"$2\" 2>&1; echo \"private image exit $?\"\n")
                .arg(nobodyUnavailable().isEmpty() ? asNobody.mid(0, 5).join(QLatin1Char(' ')) : QString());
        QProcess run;
        run.setProcessChannelMode(QProcess::MergedChannels);
        run.start(QStringLiteral("unshare"), { QStringLiteral("--mount"), QStringLiteral("--propagation"), QStringLiteral("private"),
                                               QStringLiteral("sh"), QStringLiteral("-c"), script, QStringLiteral("sh"), cli, image });
        QVERIFY(run.waitForFinished(60000));
        const QByteArray output = run.readAll();
        QVERIFY2(run.exitCode() == 0, output.constData());
        QVERIFY2(output.contains("image exit 1") && output.contains("text exit 1"), output.constData());
        QVERIFY2(output.count("/dev/shm/shmbridge-0 is full") == 2, output.constData());
        QVERIFY2(!output.contains("Bus error") && !output.contains("exit 135"), output.constData());
        if (qEnvironmentVariableIsSet("XDG_RUNTIME_DIR"))
            QVERIFY2(output.contains("private image exit 0"), output.constData());
    }

    void defect3_squattedNamesDoNotStopPublishing()
    {
        if (const QString why = nobodyUnavailable(); !why.isEmpty())
            QSKIP(qPrintable(why));
        const QString key = uniqueKey("d3");
        Room victim, reader;
        QVERIFY(victim.join(key, QStringLiteral("victim")));
        QVERIFY(reader.join(key, QStringLiteral("reader")));
        QVERIFY(victim.publishText(QStringLiteral("small")));
        // nobody tries every name it could derive, had it seen the victim's
        // nonce: the room home refuses it each one.
        const QByteArray prefix = victim.names()->channelPrefix(victim.selfId());
        for (int kind = 0; kind < 3; ++kind) {
            for (int generation = 1; generation <= 3; ++generation) {
                const QByteArray name = prefix + QByteArray::number(kind) + '-' + QByteArray::number(generation) + "-0";
                Child squat(reachableByNobody(roomtool), { QStringLiteral("squat-segment"), QStringLiteral("--segment"), QString::fromUtf8(name) }, asNobody);
                QVERIFY(squat.waitForFinished(10000));
                const QByteArray answer = squat.readAllStandardOutput();
                QVERIFY2(answer.startsWith("refused Permission denied"), answer.constData());
            }
        }
        // Growing text, a first image and first telemetry: all publish.
        QVERIFY(victim.publishText(QString(100000, QLatin1Char('g'))));
        const QByteArray pixels(64 * 64 * 4, char(0x40));
        auto image = victim.publishImage(64, 64, layout::PixelFormat::Rgb32, pixels.constData());
        QVERIFY2(image, qPrintable(image.error()));
        QVERIFY(victim.publishTelemetry(Telemetry { { 1, 2 }, {} }));
        QTRY_VERIFY(reader.peer(victim.selfId()) && reader.peer(victim.selfId())->latestSeq[0] == 2);
        auto text = reader.read(victim.selfId(), Kind::Text);
        QVERIFY2(text, qPrintable(text.error()));
        QCOMPARE(text.value().payload.size(), 100000);
    }

    void defect4_nobodyHasAnAddressToFlood()
    {
        if (const QString why = nobodyUnavailable(); !why.isEmpty())
            QSKIP(qPrintable(why));
        const QString key = uniqueKey("d4");
        Child victim(cli, { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("victim"),
                            QStringLiteral("--json") });
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("victim")), 10000);
        const QString home = QFile::decodeName(RoomNames::fromKey(key).value().home().path);
        const double before = settledCpuMs(victim.processId());
        QVERIFY2(before >= 0, "the victim was still busy 20 s after it joined");
        // Two seconds of everything nobody can find, as fast as it can.
        Child attacker(QStringLiteral("/usr/bin/python3"), neighbourArguments(QStringLiteral("0"), home), asNobody);
        QVERIFY(attacker.waitForStarted(10000));
        QTest::qWait(2000);
        attacker.terminate();
        QVERIFY(attacker.waitForFinished(10000));
        const QJsonObject report = QJsonDocument::fromJson(attacker.readAllStandardOutput()).object();
        const double spent = cpuMs(victim.processId()) - before;
        qInfo().noquote() << QStringLiteral("nobody tried %1 sends (%2 reached any socket, %3 reached ours): the victim spent %4 ms of CPU")
                                     .arg(report.value(QStringLiteral("tried")).toInt())
                                     .arg(report.value(QStringLiteral("reached")).toInt())
                                     .arg(report.value(QStringLiteral("reached_protected")).toInt())
                                     .arg(spent, 0, 'f', 1);
        QVERIFY2(report.value(QStringLiteral("tried")).toInt() > 0, "the neighbour did not run");
        QCOMPARE(report.value(QStringLiteral("reached_protected")).toInt(), 0);
        QVERIFY2(spent < 20, qPrintable(QStringLiteral("%1 ms").arg(spent)));
        // Our own peers get through.
        QProcess::execute(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--text"), QStringLiteral("still here") });
        QVERIFY(!victim.waitForLine("still here", 10000).isEmpty());
    }

    void aDripFromAnotherUserChangesNothing()
    {
        if (const QString why = nobodyUnavailable(); !why.isEmpty())
            QSKIP(qPrintable(why));
        // The drip: one datagram to every socket nobody can find,
        // every 100 ms, while alice sends text 20 times a second.
        const int count = 100;
        QByteArray why;
        const QList<double> quiet = watchedLatencies(uniqueKey("quiet"), count, &why);
        QVERIFY2(quiet.size() == count, why.constData());
        const QString key = uniqueKey("drip");
        const QString home = QFile::decodeName(RoomNames::fromKey(key).value().home().path);
        Child attacker(QStringLiteral("/usr/bin/python3"), neighbourArguments(QStringLiteral("0.1"), home), asNobody);
        QVERIFY(attacker.waitForStarted(10000));
        const QList<double> dripped = watchedLatencies(key, count, &why);
        attacker.terminate();
        QVERIFY(attacker.waitForFinished(10000));
        const QJsonObject report = QJsonDocument::fromJson(attacker.readAllStandardOutput()).object();
        qInfo().noquote() << QStringLiteral("texts seen %1/%2 quiet, %3/%2 under the drip; p50/p90 %4/%5 ms quiet, %6/%7 ms "
                                            "under the drip (%8 sends by nobody, %9 reached our sockets)")
                                     .arg(quiet.size()).arg(count).arg(dripped.size())
                                     .arg(percentile(quiet, 0.5), 0, 'f', 3).arg(percentile(quiet, 0.9), 0, 'f', 3)
                                     .arg(percentile(dripped, 0.5), 0, 'f', 3).arg(percentile(dripped, 0.9), 0, 'f', 3)
                                     .arg(report.value(QStringLiteral("tried")).toInt())
                                     .arg(report.value(QStringLiteral("reached_protected")).toInt());
        QVERIFY2(dripped.size() == count, why.constData());
        QCOMPARE(report.value(QStringLiteral("reached_protected")).toInt(), 0);
        QVERIFY2(percentile(dripped, 0.9) < 3 * percentile(quiet, 0.9) + 2.0, "the drip raised the p90 latency");
    }

    void nobodyCannotEnterTheRoomHome()
    {
        if (const QString why = nobodyUnavailable(); !why.isEmpty())
            QSKIP(qPrintable(why));
        const QString key = uniqueKey("enter");
        Room victim;
        QVERIFY(victim.join(key, QStringLiteral("victim")));
        QVERIFY(victim.publishText(QStringLiteral("secret")));
        const QString home = QFile::decodeName(victim.names()->home().path);
        for (const QString &command : { QStringLiteral("ls \"$1\""), QStringLiteral("touch \"$1/planted\""),
                                        QStringLiteral("cat \"$2\""), QStringLiteral("mkfifo \"$1/planted\"") }) {
            const int code = QProcess::execute(asNobody.first(), asNobody.mid(1) + QStringList { QStringLiteral("sh"), QStringLiteral("-c"), command + QStringLiteral(" 2>/dev/null"), QStringLiteral("sh"), home,
                                                                                                  QFile::decodeName(victim.names()->roomSegment()) });
            QVERIFY2(code != 0, qPrintable(command + QStringLiteral(" worked for nobody")));
        }
        QVERIFY(!QFile::exists(home + QStringLiteral("/planted")));
    }

    void defect5_aPlantedFifoDoesNotHang()
    {
        // A same-user FIFO at the room's name: refused, not opened.
        const QString key = uniqueKey("d5");
        const QString fifo = QFile::decodeName(RoomNames::fromKey(key).value().roomSegment());
        QCOMPARE(QProcess::execute(QStringLiteral("mkfifo"), { fifo }), 0);
        for (const QStringList &command : { QStringList { QStringLiteral("peers"), QStringLiteral("--key"), key },
                                            QStringList { QStringLiteral("inspect"), QStringLiteral("--key"), key },
                                            QStringList { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--text"), QStringLiteral("x") } }) {
            Child run(cli, command);
            QVERIFY2(run.waitForFinished(5000), qPrintable(command.join(QLatin1Char(' ')) + QStringLiteral(" hung on a FIFO")));
            QCOMPARE(run.exitCode(), 1);
            const QByteArray message = run.readAllStandardError();
            QVERIFY2(message.contains("not shared memory"), message.constData());
        }
        QFile::remove(fifo);
    }

    void aSquattedFallbackHomeIsRefusedInWords()
    {
        if (const QString why = nobodyUnavailable(); !why.isEmpty())
            QSKIP(qPrintable(why));
        if (QProcess::execute(QStringLiteral("unshare"), { QStringLiteral("--mount"), QStringLiteral("true") }) != 0)
            QSKIP("needs mount namespaces for a private /dev/shm");
        // Without a runtime directory, rooms live in /dev/shm/shmbridge-<uid>,
        // a name another user can take first: as a FIFO, a directory open to
        // all, or a link. Each is refused at once, in words.
        const QString nobody = asNobody.mid(0, 5).join(QLatin1Char(' '));
        for (const QString &plant : { QStringLiteral("mkfifo /dev/shm/shmbridge-0"), QStringLiteral("mkdir -m 777 /dev/shm/shmbridge-0"),
                                      QStringLiteral("ln -s /tmp /dev/shm/shmbridge-0") }) {
            const QString script = withoutRuntimeDirectory
                    + QStringLiteral("mount -t tmpfs -o mode=1777 squat /dev/shm || exit 99\n"
                                     "%1 %2 || exit 98\n"
                                     "without_runtime_directory timeout 5 \"$1\" send --key squatted --text x 2>&1; echo \"exit $?\"\n")
                              .arg(nobody, plant);
            QProcess run;
            run.setProcessChannelMode(QProcess::MergedChannels);
            run.start(QStringLiteral("unshare"), { QStringLiteral("--mount"), QStringLiteral("--propagation"), QStringLiteral("private"),
                                                   QStringLiteral("sh"), QStringLiteral("-c"), script, QStringLiteral("sh"), cli });
            QVERIFY(run.waitForFinished(20000));
            const QByteArray output = run.readAll();
            QVERIFY2(output.contains("exit 1") && output.contains("/dev/shm/shmbridge-0"), output.constData());
            QVERIFY2(!plant.startsWith(QLatin1String("mkdir")) || output.contains("belongs to user 65534"), output.constData());
        }
    }

    void defect6_channelsDoNotLeakWhenTheRoomIsRemoved()
    {
        const QString key = uniqueKey("d6");
        Room first, second;
        QVERIFY(first.join(key, QStringLiteral("first")));
        QVERIFY(second.join(key, QStringLiteral("second")));
        QVERIFY(first.publishText(QStringLiteral("text")));
        QVERIFY(second.publishTelemetry(Telemetry { { 1 }, {} }));
        SharedSegment::unlink(first.names()->roomSegment()); // removed by hand, or a tool
        QVERIFY(first.roomWasRemoved());
        first.leave();
        second.leave();
        QCOMPARE(segmentsOf(key), QStringList());
    }

    void aKioskBridgeRejoinsARemovedRoomWithoutPolling()
    {
        const QString key = uniqueKey("rejoin");
        SharedMemoryBridge kiosk;
        kiosk.setAutoRejoin(true);
        kiosk.setName(QStringLiteral("kiosk"));
        kiosk.setKey(key);
        QVERIFY(kiosk.connected());
        const QByteArray segment = RoomNames::fromKey(key).value().roomSegment();
        SharedSegment::unlink(segment); // removed by hand, or a tool
        // Told by inotify: it is back in a room of that key, which a newcomer
        // can meet it in.
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(QFile::decodeName(segment)), 5000);
        Room newcomer;
        QVERIFY(newcomer.join(key, QStringLiteral("newcomer")));
        QTRY_COMPARE(kiosk.peerCount(), 1);
    }

    void defect7_handlersMayCallBackIntoTheBridge()
    {
        const QString key = uniqueKey("d7");
        Room other;
        QVERIFY(other.join(key, QStringLiteral("other")));
        SharedMemoryBridge bridge;
        int calls = 0;
        // A QML handler that moves to another room when someone joins, then back.
        connect(&bridge, &SharedMemoryBridge::peerJoined, &bridge, [&] {
            if (++calls == 1) {
                bridge.setKey(key + QStringLiteral("-elsewhere"));
                bridge.leave();
                bridge.join();
            }
        });
        finishesWithin(10000, "a re-entrant join from a peerJoined handler", [&] {
            bridge.setName(QStringLiteral("bridge"));
            bridge.setKey(key);
            QTRY_COMPARE(calls, 1);
            QTRY_COMPARE(bridge.key(), key + QStringLiteral("-elsewhere"));
        });
        QVERIFY(bridge.connected());
        QCOMPARE(bridge.peerCount(), 0);
        QCOMPARE(bridge.lastError(), QString());
    }

    void defect8_departedPeersAreNotKeptMapped()
    {
        const QString key = uniqueKey("d8");
        const QString image = makeImage(QStringLiteral("hostile-512.png"), 512, 512);
        SharedMemoryBridge bridge;
        bridge.setName(QStringLiteral("viewer"));
        bridge.setKey(key);
        QVERIFY(bridge.connected());
        QSignalSpy received(&bridge, &SharedMemoryBridge::imageReceived);
        for (int i = 0; i < 40; ++i) {
            Child send(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                              QStringLiteral("sender%1").arg(i), QStringLiteral("--image"), image });
            QVERIFY(send.finishedWith(0));
            QTRY_COMPARE_WITH_TIMEOUT(received.count(), i + 1, 10000);
        }
        QTRY_COMPARE(bridge.peerCount(), 0);
        QTRY_COMPARE(mappedImageChannels(key), 0);
    }

    void defect9_aNewerImageIsNotLostWhenTheChannelGrows()
    {
        const QString key = uniqueKey("d9");
        const QString big = makeImage(QStringLiteral("hostile-4096.png"), 4096, 4096, 40);
        SharedMemoryBridge bridge;
        bridge.setName(QStringLiteral("viewer"));
        bridge.setKey(key);
        Room sender;
        QVERIFY(sender.join(key, QStringLiteral("sender")));
        QTRY_COMPARE(bridge.peerCount(), 1);
        // The bridge hears of each frame first and hands the read to its
        // worker at once; this spy hears of it just after.
        QSignalSpy requested(bridge.findChild<Room *>(), &Room::updateAvailable);
        QSignalSpy received(&bridge, &SharedMemoryBridge::imageReceived);
        // The worker decodes a large file; the read of the 64 x 64 frame
        // queues behind it, and the channel grows before it runs.
        bridge.writeImage(QUrl::fromLocalFile(big));
        QByteArray pixels(200 * 200 * 4, char(0x55));
        QVERIFY(sender.publishImage(64, 64, layout::PixelFormat::Rgb32, pixels.constData()));
        QTRY_COMPARE(requested.count(), 1);
        QVERIFY(sender.publishImage(200, 200, layout::PixelFormat::Rgb32, pixels.constData()));
        QVERIFY2(bridge.busy(), "the worker finished its decode too early for this test to prove anything");
        QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty() && received.last().at(1).toInt() == 200, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(bridge.busy(), false, 20000);
        QCOMPARE(bridge.lastError(), QString());
    }

    void defect10_aBusyWorkerAtShutdownDoesNotAbort()
    {
        const QString key = uniqueKey("d10");
        const QString big = makeImage(QStringLiteral("hostile-4096.png"), 4096, 4096, 40);
        const int threadsBefore = threadCount();
        Room room;
        QVERIFY(room.join(key, QStringLiteral("leaving")));
        auto access = std::make_shared<RoomAccess>();
        access->room = &room;
        {
            // A stop wait of 0: as if the decode outlasted any wait.
            ImageWorkerThread images(access, std::chrono::milliseconds(0));
            auto decoded = std::make_shared<std::atomic_bool>(false);
            QObject::connect(images.worker(), &ImageWorker::publishing, images.worker(),
                             [decoded] { *decoded = true; }, Qt::DirectConnection);
            images.post([url = QUrl::fromLocalFile(big)](ImageWorker &worker) { worker.publishFile(url); });
            QMutexLocker locker(&access->guard);
            access->room = nullptr; // as the bridge does before it lets its worker go
            QVERIFY2(!*decoded, "the decode finished too early for this test to prove anything");
        } // destroyed with the decode in progress: no abort
        QTRY_COMPARE_WITH_TIMEOUT(threadCount(), threadsBefore, 20000); // the worker ended on its own
        room.leave();
        QCOMPARE(segmentsOf(key), QStringList()); // and published nothing after we left
    }

    void defect11_aNamesakeWhileWeWereBusyTakesOverTheCard()
    {
        // carol leaves and a new carol comes and goes while the viewer's
        // thread is busy (a long frame, a stopped process): one look then
        // finds both. The viewer must show what one that watched would: one
        // card for carol, with the first one's telemetry and the second
        // one's image, not two carols.
        const QString key = uniqueKey("d11");
        const QString image = makeImage(QStringLiteral("hostile-64.png"), 64, 48);
        const int threadsBefore = threadCount();
        auto owned = std::make_unique<SharedMemoryBridge>();
        SharedMemoryBridge &viewer = *owned;
        viewer.setName(QStringLiteral("viewer"));
        viewer.setKey(key);
        QVERIFY(viewer.connected());
        const auto rowsNamed = [&](const QString &name) {
            QList<QVariantMap> rows;
            for (int row = 0; row < viewer.peers()->rowCount(); ++row) {
                if (const QVariantMap values = viewer.peers()->get(row); values.value(QStringLiteral("name")) == name)
                    rows.append(values);
            }
            return rows;
        };
        Child first(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                           QStringLiteral("carol"), QStringLiteral("--telemetry"), QStringLiteral("1.5,-2,3"),
                           QStringLiteral("--repeat"), QStringLiteral("0"), QStringLiteral("--interval-ms"),
                           QStringLiteral("100000") });
        QTRY_VERIFY_WITH_TIMEOUT(rowsNamed(QStringLiteral("carol")).value(0).value(QStringLiteral("telemetrySeq")).toInt() == 1,
                                 10000);
        // From here until both are gone, this thread runs no event loop.
        first.terminate();
        QVERIFY(first.finishedWith(0));
        Child second(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                            QStringLiteral("carol"), QStringLiteral("--image"), image });
        QVERIFY(second.finishedWith(0));
        QVERIFY2(rowsNamed(QStringLiteral("carol")).value(0).value(QStringLiteral("live")).toBool(),
                 "the viewer saw the first carol leave: this test proves nothing");

        const auto hasImage = [](const QVariantMap &row) { return row.value(QStringLiteral("imageSeq")).toInt() == 1; };
        QTRY_VERIFY_WITH_TIMEOUT(std::ranges::any_of(rowsNamed(QStringLiteral("carol")), hasImage), 10000);
        const QList<QVariantMap> carols = rowsNamed(QStringLiteral("carol"));
        QCOMPARE(carols.size(), 1);
        QCOMPARE(carols.first().value(QStringLiteral("live")).toBool(), false);
        QCOMPARE(carols.first().value(QStringLiteral("telemetry")).toList(), (QVariantList { 1.5, -2.0, 3.0 }));
        QCOMPARE(carols.first().value(QStringLiteral("imageWidth")).toInt(), 64);
        QCOMPARE(viewer.peerCount(), 0);
        QCOMPARE(viewer.lastError(), QString());
        // Its image worker may still be copying the departed carol's frame
        // when it goes; that thread too must end (defect10 counts threads).
        owned.reset();
        QTRY_VERIFY_WITH_TIMEOUT(threadCount() <= threadsBefore, 20000);
    }
};

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv); // the bridge reads the clipboard
    TestHostile test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_hostile.moc"

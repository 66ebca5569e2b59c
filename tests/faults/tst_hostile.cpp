// Regression tests for the ten defects of issue 10, one test per defect,
// named by its number: a hostile neighbour (user nobody, via setpriv), a
// full /dev/shm, planted FIFOs and names, doorbell floods, and the races and
// leaks of the bridge and its image worker. Each failed on the main of the
// time; a test that would hang there is run under a watchdog.
#include "imagefile.h"
#include "layout.h"
#include "processtest.h"
#include "room.h"
#include "roomtable.h"
#include "sharedmemorybridge.h"

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
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

int mappedImageChannels(const QString &key)
{
    const QByteArray prefix = RoomNames::fromKey(key).value().roomSegment();
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return -1;
    int count = 0;
    for (const QByteArray &line : maps.readAll().split('\n')) {
        const qsizetype at = line.indexOf("/dev/shm" + prefix + '-');
        if (at >= 0 && line.mid(at).split('-').value(4) == "1") // <prefix>-<nonce>-<kind>-...
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
        // A 4 MiB /dev/shm: a new room in it once it is full, and a 4 MiB
        // image into an existing room.
        const QString script = QStringLiteral(
                "mount -t tmpfs -o size=4m,mode=1777 hostile /dev/shm || exit 99\n"
                "\"$1\" send --key full-a --text hello >/dev/null 2>&1 || { echo small send failed; exit 98; }\n"
                "\"$1\" send --key full-b --image \"$2\" 2>&1; echo \"image exit $?\"\n"
                "dd if=/dev/zero of=/dev/shm/filler bs=64k 2>/dev/null\n"
                "\"$1\" send --key full-c --text hello 2>&1; echo \"text exit $?\"\n");
        QProcess run;
        run.setProcessChannelMode(QProcess::MergedChannels);
        run.start(QStringLiteral("unshare"), { QStringLiteral("--mount"), QStringLiteral("--propagation"), QStringLiteral("private"),
                                               QStringLiteral("sh"), QStringLiteral("-c"), script, QStringLiteral("sh"), cli, image });
        QVERIFY(run.waitForFinished(60000));
        const QByteArray output = run.readAll();
        QVERIFY2(run.exitCode() == 0, output.constData());
        QVERIFY2(output.contains("image exit 1") && output.contains("text exit 1"), output.constData());
        QVERIFY2(output.count("/dev/shm is full") == 2, output.constData());
        QVERIFY2(!output.contains("Bus error") && !output.contains("exit 135"), output.constData());
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
        // nobody plants every name it can derive from what it can see: the
        // victim's nonce (public in /proc/net/unix and in ls /dev/shm).
        const QByteArray prefix = victim.names()->channelPrefix(victim.selfId());
        for (int kind = 0; kind < 3; ++kind) {
            for (int generation = 1; generation <= 3; ++generation) {
                for (const QByteArray &name : { prefix + QByteArray::number(kind) + '-' + QByteArray::number(generation),
                                                prefix + QByteArray::number(kind) + '-' + QByteArray::number(generation) + "-0" }) {
                    Child squat(roomtool, { QStringLiteral("squat-segment"), QStringLiteral("--segment"), QString::fromUtf8(name) }, asNobody);
                    QVERIFY(squat.waitForFinished(10000));
                }
            }
        }
        // Growing text, a first image and first telemetry: all still publish.
        QVERIFY(victim.publishText(QString(100000, QLatin1Char('g'))));
        const QByteArray pixels(64 * 64 * 4, char(0x40));
        auto image = victim.publishImage(64, 64, layout::PixelFormat::Rgb32, pixels.constData());
        QVERIFY2(image, qPrintable(image.error()));
        QVERIFY(victim.publishTelemetry(Telemetry { { 1, 2 }, {} }));
        QTRY_VERIFY(reader.peer(victim.selfId()) && reader.peer(victim.selfId())->latestSeq[0] == 2);
        auto text = reader.read(victim.selfId(), Kind::Text);
        QVERIFY2(text, qPrintable(text.error()));
        QCOMPARE(text.value().payload.size(), 100000);
        for (const QString &name : QDir(QStringLiteral("/dev/shm")).entryList({ QString::fromUtf8(prefix.mid(1)) + QLatin1Char('*') }, QDir::System | QDir::Files)) {
            if (QFileInfo(QStringLiteral("/dev/shm/") + name).ownerId() == 65534)
                shm_unlink((QLatin1Char('/') + name).toUtf8().constData());
        }
    }

    void defect4_aDoorbellFloodCostsItsVictimLittle()
    {
        if (const QString why = nobodyUnavailable(); !why.isEmpty())
            QSKIP(qPrintable(why));
        const QString key = uniqueKey("d4");
        Child victim(cli, { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("victim"),
                            QStringLiteral("--json") });
        QTRY_VERIFY_WITH_TIMEOUT(livePeerNamed(key, QStringLiteral("victim")), 10000);
        const auto observed = Room::observe(key);
        QVERIFY(observed);
        const quint64 nonce = observed.value().peers.constFirst().id;
        const QByteArray address = RoomNames::fromKey(key).value().doorbellPrefix() + QByteArrayLiteral("-") + QByteArray::number(nonce, 16);
        const double before = cpuMs(victim.processId());
        const QString flood = QStringLiteral(
                "import socket, sys\n"
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                "s.setblocking(False)\n"
                "address = b'\\0' + sys.argv[1].encode()\n"
                "sent = 0\n"
                "for i in range(400000):\n"
                "    try:\n"
                "        s.sendto(b'x', address)\n"
                "        sent += 1\n"
                "    except BlockingIOError:\n"
                "        pass\n"
                "print(sent)\n");
        Child attacker(QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), flood, QString::fromLatin1(address) }, asNobody);
        QVERIFY(attacker.waitForFinished(120000));
        QCOMPARE(attacker.exitCode(), 0);
        const double spent = cpuMs(victim.processId()) - before;
        qInfo().noquote() << QStringLiteral("400,000 datagrams from nobody (%1 delivered): the victim spent %2 ms of CPU")
                                     .arg(QString::fromLatin1(attacker.readAllStandardOutput().trimmed()))
                                     .arg(spent, 0, 'f', 1);
        QVERIFY2(spent < 50, qPrintable(QStringLiteral("%1 ms").arg(spent)));
        // Our own peers still get through.
        QProcess::execute(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--text"), QStringLiteral("still here") });
        QVERIFY(!victim.waitForLine("still here", 10000).isEmpty());
    }

    void defect5_aPlantedFifoDoesNotHang()
    {
        if (const QString why = nobodyUnavailable(); !why.isEmpty())
            QSKIP(qPrintable(why));
        const QString key = uniqueKey("d5");
        const QString fifo = QStringLiteral("/dev/shm") + QString::fromUtf8(RoomNames::fromKey(key).value().roomSegment());
        QCOMPARE(QProcess::execute(asNobody.first(), asNobody.mid(1) + QStringList { QStringLiteral("mkfifo"), fifo }), 0);
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
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(QStringLiteral("/dev/shm") + QString::fromUtf8(segment)), 5000);
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
        QSignalSpy requested(&bridge, &SharedMemoryBridge::imageReadRequested);
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
        const int timeout = SharedMemoryBridge::workerStopTimeoutMs;
        SharedMemoryBridge::workerStopTimeoutMs = 0; // as if the decode outlasted any wait
        {
            SharedMemoryBridge bridge;
            bridge.setName(QStringLiteral("leaving"));
            bridge.setKey(key);
            bridge.writeImage(QUrl::fromLocalFile(big));
            QVERIFY(bridge.busy());
        } // destroyed with the decode in progress: no abort
        SharedMemoryBridge::workerStopTimeoutMs = timeout;
        QTRY_COMPARE_WITH_TIMEOUT(threadCount(), threadsBefore, 20000); // the worker ended on its own
        QCOMPARE(segmentsOf(key), QStringList()); // and published nothing after we left
    }
};

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv); // the bridge reads the clipboard
    TestHostile test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_hostile.moc"

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "roles.h"

#include "photo.h"
#include "rep_bench_merged.h"
#include "room.h"
#include "sharedmemorybridge.h"
#include "roleutil.h"
#include "seqlock.h"
#include "stats.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDataStream>
#include <QJsonDocument>
#include <QLocalServer>
#include <QLocalSocket>
#include <QRemoteObjectHost>
#include <QRemoteObjectNode>
#include <QSharedMemory>
#include <QTextStream>
#include <QTimer>

#include <cstring>
#include <memory>
#include <sys/resource.h>
#include <unistd.h>

namespace bench {

using shmbridge::Room;
using shmbridge::layout::Kind;

namespace {

// --- ShmBridge ------------------------------------------------------------

int textWriter(const QCommandLineParser &o)
{
    const int count = option(o, "count");
    const int readers = option(o, "readers");
    const int idleMs = option(o, "idle-ms");
    SharedMemoryBridge bridge;
    bridge.setName(QStringLiteral("writer"));
    bridge.setKey(text(o, "key"));
    int sent = 0;
    int acks = 0;
    long faultsAtFirst = 0;
    long faultsAtLast = 0;
    const auto send = [&] {
        acks = 0;
        if (sent == 0)
            faultsAtFirst = minorFaults();
        ++sent;
        bridge.writeText(stampedText());
    };
    QObject::connect(&bridge, &SharedMemoryBridge::seen, [&](const QString &, const QString &, quint64 seq) {
        if (seq != quint64(sent) || ++acks < readers)
            return;
        if (sent == count) {
            faultsAtLast = minorFaults();
            QCoreApplication::exit(0);
        } else {
            after(idleMs, send);
        }
    });
    const auto start = [&] {
        if (bridge.peerCount() >= readers && sent == 0)
            after(100, send);
    };
    QObject::connect(&bridge, &SharedMemoryBridge::peerCountChanged, start);
    start();
    watchdog(300);
    const int code = QCoreApplication::exec();
    return code == 0 ? report({ { QStringLiteral("sent"), sent },
                                { QStringLiteral("minor_faults_per_update"), perUpdate(faultsAtFirst, faultsAtLast, sent) } })
                     : code;
}

// A reader in a SharedMemoryBridge. connectLatency(bridge, record) connects
// the handler of the signal that announces each value, which calls record
// with that value's latency.
template<typename ConnectLatency>
int latencyReader(const QCommandLineParser &o, ConnectLatency connectLatency)
{
    const int count = option(o, "count");
    int warmup = option(o, "warmup"); // the first few pay for fresh memory: measured apart
    SharedMemoryBridge bridge;
    bridge.setName(text(o, "name"));
    bridge.setKey(text(o, "key"));
    QList<double> latencies;
    latencies.reserve(count);
    long faultsAtFirst = 0;
    long faultsAtLast = 0;
    connectLatency(bridge, [&](double latencyUs) {
        if (warmup > 0 && warmup--)
            return;
        latencies.append(latencyUs);
        if (latencies.size() == 1)
            faultsAtFirst = minorFaults();
        if (latencies.size() == count) {
            faultsAtLast = minorFaults();
            QCoreApplication::exit(0);
        }
    });
    watchdog(300);
    const int code = QCoreApplication::exec();
    const auto copied = shmbridge::seqlock::copiedBytes();
    return code == 0 ? report({ { QStringLiteral("latency_us"), summarize(latencies) },
                                { QStringLiteral("copied_from_shared"), double(copied.fromShared) },
                                { QStringLiteral("minor_faults_per_update"),
                                  perUpdate(faultsAtFirst, faultsAtLast, latencies.size()) } })
                     : code;
}

// Texts carry their send time (stampedText): timed in textReceived's handler.
int textReader(const QCommandLineParser &o)
{
    return latencyReader(o, [](SharedMemoryBridge &bridge, const std::function<void(double)> &record) {
        QObject::connect(&bridge, &SharedMemoryBridge::textReceived,
                         [record](const QString &, const QString &text) { record(usSinceStamped(text)); });
    });
}

int imageWriter(const QCommandLineParser &o)
{
    const int count = option(o, "count") + option(o, "warmup");
    const QImage image = photoLikeImage(option(o, "width"), option(o, "height"), 7);
    Room room;
    if (!room.join(text(o, "key"), QStringLiteral("writer")))
        return 1;
    int sent = 0;
    quint64 lastSeq = 0;
    const auto send = [&] {
        ++sent;
        auto seq = room.publishImage(quint32(image.width()), quint32(image.height()),
                                     shmbridge::layout::PixelFormat::Rgb32,
                                     reinterpret_cast<const char *>(image.constBits()));
        if (!seq) {
            QTextStream(stderr) << seq.error() << Qt::endl;
            QCoreApplication::exit(1);
            return;
        }
        lastSeq = seq.value();
    };
    QObject::connect(&room, &Room::acknowledged, [&](shmbridge::PeerId, Kind kind, quint64 seq) {
        if (kind != Kind::Image || seq != lastSeq)
            return;
        if (sent == count)
            QCoreApplication::exit(0);
        else
            after(0, send);
    });
    const auto start = [&] {
        if (sent == 0)
            after(100, send);
    };
    QObject::connect(&room, &Room::peerJoined, start);
    if (!room.peers().isEmpty())
        start();
    watchdog(300);
    const int code = QCoreApplication::exec();
    const auto copied = shmbridge::seqlock::copiedBytes();
    return code == 0 ? report({ { QStringLiteral("sent"), sent },
                                { QStringLiteral("copies"), double(copied.toShared) / double(image.sizeInBytes()) / sent } })
                     : code;
}

// Images: the bridge's own figure, from the writer starting to publish to
// this main thread holding the QImage.
int imageReader(const QCommandLineParser &o)
{
    return latencyReader(o, [](SharedMemoryBridge &bridge, const std::function<void(double)> &record) {
        QObject::connect(&bridge, &SharedMemoryBridge::imageReceived, [&bridge, record] { record(bridge.lastLatencyUs()); });
    });
}

int streamWriter(const QCommandLineParser &o)
{
    const QImage image = photoLikeImage(1920, 1080, 11);
    Room room;
    if (!room.join(text(o, "key"), QStringLiteral("streamer")))
        return 1;
    const int readers = option(o, "readers");
    quint64 published = 0;
    double startedUs = 0;
    double startedCpu = 0;
    QTimer pump; // zero timer: publish as fast as possible, yet answer doorbells
    QObject::connect(&pump, &QTimer::timeout, [&] {
        if (nowUs() - startedUs > option(o, "seconds") * 1e6) {
            pump.stop();
            QCoreApplication::exit(0);
            return;
        }
        if (room.publishImage(1920, 1080, shmbridge::layout::PixelFormat::Rgb32,
                              reinterpret_cast<const char *>(image.constBits())))
            ++published;
    });
    const auto start = [&] {
        if (!pump.isActive() && published == 0 && room.peers().size() >= readers) {
            startedUs = nowUs();
            startedCpu = cpuMs();
            pump.start(0);
        }
    };
    QObject::connect(&room, &Room::peerJoined, start);
    start();
    watchdog(120);
    const int code = QCoreApplication::exec();
    const double seconds = (nowUs() - startedUs) / 1e6;
    return code == 0 ? report({ { QStringLiteral("published"), qint64(published) },
                                { QStringLiteral("seconds"), seconds },
                                { QStringLiteral("stream_cpu_ms"), cpuMs() - startedCpu } })
                     : code;
}

int streamReader(const QCommandLineParser &o)
{
    SharedMemoryBridge bridge;
    bridge.setName(text(o, "name"));
    bridge.setKey(text(o, "key"));
    quint64 delivered = 0;
    double firstUs = 0;
    double lastUs = 0;
    double cpuAtFirst = 0;
    QObject::connect(&bridge, &SharedMemoryBridge::imageReceived, [&] {
        if (delivered++ == 0) {
            firstUs = nowUs();
            cpuAtFirst = cpuMs();
        }
        lastUs = nowUs();
    });
    QObject::connect(&bridge, &SharedMemoryBridge::peerLeft, [&](const QString &peer) {
        if (peer == QLatin1String("streamer"))
            QTimer::singleShot(200, qApp, [] { QCoreApplication::exit(0); }); // the last frame lands
    });
    watchdog(120);
    const int code = QCoreApplication::exec();
    return code == 0 ? report({ { QStringLiteral("delivered"), qint64(delivered) },
                                { QStringLiteral("seconds"), (lastUs - firstUs) / 1e6 },
                                { QStringLiteral("stream_cpu_ms"), cpuMs() - cpuAtFirst } })
                     : code;
}

// A peer that does nothing: it says "listening" once it has met another
// peer, and leaves --seconds later. Its CPU time is read from outside.
int idlePeer(const QCommandLineParser &o)
{
    SharedMemoryBridge bridge;
    bridge.setName(text(o, "name"));
    bridge.setKey(text(o, "key"));
    bool met = false;
    const auto start = [&] {
        if (bridge.peerCount() < 1 || met)
            return;
        met = true;
        QTextStream(stdout) << "listening" << Qt::endl;
        QTimer::singleShot(option(o, "seconds") * 1000, qApp, [] { QCoreApplication::exit(0); });
    };
    QObject::connect(&bridge, &SharedMemoryBridge::peerCountChanged, start);
    start();
    watchdog(option(o, "seconds") + 30);
    const int code = QCoreApplication::exec();
    return code == 0 ? report({ { QStringLiteral("seconds"), option(o, "seconds") } }) : code;
}

// --- Qt Remote Objects -----------------------------------------------------

// The source answers the replica's ack() by sending the next update.
class AckingSource : public BenchChannelSimpleSource
{
public:
    std::function<void()> onAck;
    void ack() override { onAck(); }
};

// Frames carry their send time and size ahead of the raw pixels.
QByteArray frameOf(const QImage &image)
{
    const double t0 = nowUs();
    const qint64 size[2] = { image.width(), image.height() };
    QByteArray frame(24, Qt::Uninitialized);
    std::memcpy(frame.data(), &t0, 8);
    std::memcpy(frame.data() + 8, size, 16);
    frame.append(reinterpret_cast<const char *>(image.constBits()), image.sizeInBytes());
    return frame;
}

int roSource(const QCommandLineParser &o)
{
    const int count = option(o, "count");
    const int idleMs = option(o, "idle-ms");
    const bool images = option(o, "width") > 0;
    const QImage image = images ? photoLikeImage(option(o, "width"), option(o, "height"), 7) : QImage();
    QRemoteObjectHost host(QUrl(text(o, "url")));
    AckingSource source;
    host.enableRemoting(&source);
    QTextStream(stdout) << "listening" << Qt::endl;
    int sent = 0;
    const auto send = [&] {
        ++sent;
        if (images)
            source.setFrame(frameOf(image));
        else
            source.setText(QString::number(nowUs(), 'f', 3));
    };
    bool started = false;
    source.onAck = [&] {
        if (!started) { // the replica's hello: it is connected and listening
            started = true;
            after(100, send);
        } else if (sent == count) {
            QCoreApplication::exit(0);
        } else {
            after(idleMs, send);
        }
    };
    watchdog(600);
    const int code = QCoreApplication::exec();
    return code == 0 ? report({ { QStringLiteral("sent"), sent } }) : code;
}

int roReplica(const QCommandLineParser &o)
{
    const int count = option(o, "count");
    QRemoteObjectNode node;
    node.connectToNode(QUrl(text(o, "url")));
    std::unique_ptr<BenchChannelReplica> replica(node.acquire<BenchChannelReplica>());
    QList<double> latencies;
    QImage received;
    const auto record = [&](double sentUs) {
        latencies.append(nowUs() - sentUs);
        replica->ack();
        if (latencies.size() == count) // let the last ack leave before exiting
            QTimer::singleShot(100, qApp, [] { QCoreApplication::exit(0); });
    };
    QObject::connect(replica.get(), &BenchChannelReplica::textChanged, [&](const QString &value) { record(value.toDouble()); });
    QObject::connect(replica.get(), &BenchChannelReplica::frameChanged, [&](const QByteArray &frame) {
        double t0;
        qint64 size[2];
        std::memcpy(&t0, frame.constData(), 8);
        std::memcpy(size, frame.constData() + 8, 16);
        // A QImage usable in this thread: one copy out of the message.
        received = QImage(reinterpret_cast<const uchar *>(frame.constData() + 24), int(size[0]), int(size[1]),
                          QImage::Format_RGB32).copy();
        record(t0);
    });
    QObject::connect(replica.get(), &QRemoteObjectReplica::initialized, [&] { replica->ack(); });
    watchdog(600);
    const int code = QCoreApplication::exec();
    return code == 0 ? report({ { QStringLiteral("latency_us"), summarize(latencies) } }) : code;
}

// --- QLocalSocket ping ---------------------------------------------------------

// The reading end of the two local-socket paths: each line is one update;
// handle() does the work of receiving it and returns when it was sent; the
// answer lets the writer go on.
int answerLines(const QCommandLineParser &o, const std::function<double(const QByteArray &)> &handle)
{
    const int count = option(o, "count");
    QLocalServer::removeServer(text(o, "server"));
    QLocalServer server;
    if (!server.listen(text(o, "server")))
        return 1;
    QList<double> latencies;
    QLocalSocket *peer = nullptr;
    QObject::connect(&server, &QLocalServer::newConnection, [&] {
        peer = server.nextPendingConnection();
        QObject::connect(peer, &QLocalSocket::readyRead, [&] {
            while (peer->canReadLine()) {
                const double sentUs = handle(peer->readLine().trimmed());
                latencies.append(nowUs() - sentUs);
                peer->write("ack\n");
                peer->flush();
                if (latencies.size() == count)
                    QCoreApplication::exit(0);
            }
        });
    });
    QTextStream(stdout) << "listening" << Qt::endl;
    watchdog(900);
    const int code = QCoreApplication::exec();
    return code == 0 ? report({ { QStringLiteral("latency_us"), summarize(latencies) } }) : code;
}

int localSocketReader(const QCommandLineParser &o)
{
    return answerLines(o, [](const QByteArray &line) { return line.toDouble(); });
}

int localSocketWriter(const QCommandLineParser &o)
{
    const int count = option(o, "count");
    const int idleMs = option(o, "idle-ms");
    QLocalSocket socket;
    socket.connectToServer(text(o, "server"));
    if (!socket.waitForConnected(5000))
        return 1;
    int sent = 0;
    const auto send = [&] {
        ++sent;
        socket.write(QByteArray::number(nowUs(), 'f', 3) + '\n');
        socket.flush();
    };
    QObject::connect(&socket, &QLocalSocket::readyRead, [&] {
        while (socket.canReadLine()) {
            socket.readLine();
            if (sent == count)
                QCoreApplication::exit(0);
            else
                after(idleMs, send);
        }
    });
    QObject::connect(&socket, &QLocalSocket::disconnected, [&] { QCoreApplication::exit(sent == count ? 0 : 1); });
    after(0, send);
    watchdog(600);
    const int code = QCoreApplication::exec();
    return code == 0 ? report({ { QStringLiteral("sent"), sent } }) : code;
}

// --- the classic Qt "Shared Memory" example's path -----------------------------
// Writer: QDataStream << QImage (PNG), create a segment of that size, lock,
// memcpy, unlock, tell the reader. Reader: attach, lock, QDataStream >>
// QImage, unlock, detach. The notification rides a local socket.

int classicReader(const QCommandLineParser &o)
{
    QImage image;
    return answerLines(o, [&](const QByteArray &line) {
        const QList<QByteArray> words = line.split(' ');
        QSharedMemory memory(QString::fromLatin1(words.value(0)));
        if (memory.attach(QSharedMemory::ReadOnly)) {
            memory.lock();
            QBuffer buffer;
            buffer.setData(static_cast<const char *>(memory.constData()), memory.size());
            buffer.open(QIODevice::ReadOnly);
            QDataStream in(&buffer);
            in >> image;
            memory.unlock();
            memory.detach();
        }
        return words.value(1).toDouble();
    });
}

int classicWriter(const QCommandLineParser &o)
{
    const int count = option(o, "count");
    const QImage image = photoLikeImage(option(o, "width"), option(o, "height"), 7);
    QLocalSocket socket;
    socket.connectToServer(text(o, "server"));
    if (!socket.waitForConnected(5000))
        return 1;
    int sent = 0;
    std::unique_ptr<QSharedMemory> memory;
    const auto send = [&] {
        const double t0 = nowUs();
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QDataStream out(&buffer);
        out << image;
        memory = std::make_unique<QSharedMemory>(QStringLiteral("shmbridge-bench-classic-%1-%2").arg(getpid()).arg(sent));
        if (!memory->create(int(buffer.size())))
            QCoreApplication::exit(1);
        memory->lock();
        std::memcpy(memory->data(), buffer.data().constData(), std::size_t(buffer.size()));
        memory->unlock();
        socket.write(memory->key().toLatin1() + ' ' + QByteArray::number(t0, 'f', 3) + '\n');
        socket.flush();
        ++sent;
    };
    QObject::connect(&socket, &QLocalSocket::readyRead, [&] {
        while (socket.canReadLine()) {
            socket.readLine();
            memory.reset(); // the writer keeps the segment until the reader is done
            if (sent == count)
                QCoreApplication::exit(0);
            else
                QObject::connect(&socket, &QLocalSocket::disconnected, [&] { QCoreApplication::exit(sent == count ? 0 : 1); });
    after(0, send);
        }
    });
    after(0, send);
    watchdog(900);
    const int code = QCoreApplication::exec();
    return code == 0 ? report({ { QStringLiteral("sent"), sent } }) : code;
}

} // namespace

int runRole(const QString &role, const QCommandLineParser &options)
{
    if (role == QLatin1String("text-writer"))
        return textWriter(options);
    if (role == QLatin1String("text-reader"))
        return textReader(options);
    if (role == QLatin1String("image-writer"))
        return imageWriter(options);
    if (role == QLatin1String("image-reader"))
        return imageReader(options);
    if (role == QLatin1String("stream-writer"))
        return streamWriter(options);
    if (role == QLatin1String("stream-reader"))
        return streamReader(options);
    if (role == QLatin1String("idle-peer"))
        return idlePeer(options);
    if (role == QLatin1String("ro-source"))
        return roSource(options);
    if (role == QLatin1String("ro-replica"))
        return roReplica(options);
    if (role == QLatin1String("localsocket-reader"))
        return localSocketReader(options);
    if (role == QLatin1String("localsocket-writer"))
        return localSocketWriter(options);
    if (role == QLatin1String("classic-reader"))
        return classicReader(options);
    if (role == QLatin1String("classic-writer"))
        return classicWriter(options);
    if (const int code = runFloorRole(role, options); code != -1)
        return code;
    if (const int code = runColdRole(role, options); code != -1)
        return code;
#ifdef SHMBRIDGE_BENCH_ICEORYX
    if (const int code = runIceoryxRole(role, options); code != -1)
        return code;
#endif
    QTextStream(stderr) << "unknown role " << role << Qt::endl;
    return 2;
}

} // namespace bench

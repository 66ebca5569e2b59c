// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The roles that measure what users feel rather than warm loops: a first
// image into fresh memory, a new reader's first image, the first image after
// a size change, the same steps as plain C++ (the cold floor), a paced 4K
// stream for `shmbridge-cli watch`, and an image from publish to pixels on
// screen.
#include "roles.h"

#include "photo.h"
#include "peerimageprovider.h"
#include "peermodel_p.h"
#include "roleutil.h"
#include "seqlock.h"
#include "sharedmemorybridge.h"
#include "stats.h"

#include <QGuiApplication>
#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QQuickItem>
#include <QQuickView>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

// The screen reader shows frames in the view's own items (ScreenReader.qml).
Q_IMPORT_QML_PLUGIN(ShmBridgePlugin)
Q_IMPORT_QML_PLUGIN(ShmBridgeAppPlugin)
Q_IMPORT_QML_PLUGIN(ShmBridgeViewPlugin)

namespace bench {

using shmbridge::Room;
using shmbridge::layout::Kind;
using shmbridge::layout::PixelFormat;

namespace {

// A frame whose pages are all resident, as a decoded or rendered frame is.
QImage warmFrame(int width, int height, quint32 seed)
{
    return photoLikeImage(width, height, seed, 0);
}

QJsonObject copiesPerFrame(std::uint64_t frames, std::uint64_t frameBytes)
{
    const auto copied = shmbridge::seqlock::copiedBytes();
    const double per = double(frames * frameBytes);
    return { { QStringLiteral("to_shared"), per > 0 ? double(copied.toShared) / per : 0.0 },
             { QStringLiteral("from_shared"), per > 0 ? double(copied.fromShared) / per : 0.0 } };
}

// The cold floor: what any shared-memory hand-off of one fresh frame must
// pay here. A new segment reserved and mapped in one call, one memcpy of
// the frame, and the reader's mapping, populated in one call.
int coldFloor(const QCommandLineParser &o)
{
    const QImage frame = warmFrame(option(o, "width"), option(o, "height"), 3);
    const std::size_t bytes = std::size_t(frame.sizeInBytes());
    const std::size_t size = bytes + 4096;
    const QByteArray name = "/shmbridge-floor-" + QByteArray::number(getpid());
    const double started = nowUs();
    const int fd = shm_open(name.constData(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || ftruncate(fd, off_t(size)) != 0 || posix_fallocate(fd, 0, off_t(size)) != 0)
        return 1;
    auto *written = static_cast<char *>(mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0));
    if (written == MAP_FAILED)
        return 1;
    std::memcpy(written + 4096, frame.constBits(), bytes);
    const int readerFd = shm_open(name.constData(), O_RDONLY | O_CLOEXEC, 0);
    auto *read = static_cast<const char *>(mmap(nullptr, size, PROT_READ, MAP_SHARED | MAP_POPULATE, readerFd, 0));
    if (read == MAP_FAILED)
        return 1;
    const double held = nowUs();
    const bool same = std::memcmp(read + 4096, frame.constBits(), 64) == 0;
    munmap(const_cast<char *>(read), size);
    munmap(written, size);
    close(readerFd);
    close(fd);
    shm_unlink(name.constData());
    return same ? report({ { QStringLiteral("latency_us"), held - started } }) : 1;
}

// A fresh process joins, publishes one image (after one of another size,
// with --warmup-width), waits for the reader to hold it, and leaves.
int coldWriter(const QCommandLineParser &o)
{
    const QImage warmup = option(o, "warmup-width") > 0
            ? warmFrame(option(o, "warmup-width"), option(o, "warmup-height"), 5)
            : QImage();
    const QImage frame = warmFrame(option(o, "width"), option(o, "height"), 9);
    Room room;
    if (!room.join(text(o, "key"), text(o, "name")))
        return 1;
    quint64 waitingFor = 0;
    const auto publish = [&](const QImage &image) {
        auto seq = room.publishImage(quint32(image.width()), quint32(image.height()), PixelFormat::Rgb32,
                                     reinterpret_cast<const char *>(image.constBits()));
        if (!seq) {
            QTextStream(stderr) << seq.error() << Qt::endl;
            QCoreApplication::exit(1);
            return;
        }
        waitingFor = seq.value();
    };
    QObject::connect(&room, &Room::acknowledged, [&](shmbridge::PeerId, Kind kind, quint64 seq) {
        if (kind != Kind::Image || seq != waitingFor)
            return;
        if (seq == 1 && !warmup.isNull())
            publish(frame);
        else
            QCoreApplication::exit(0);
    });
    bool started = false;
    const auto start = [&] {
        if (started || room.peers().isEmpty())
            return;
        started = true;
        publish(warmup.isNull() ? frame : warmup);
    };
    QObject::connect(&room, &Room::peerJoined, start);
    room.refresh();
    start();
    watchdog(60);
    const int code = QCoreApplication::exec();
    return code == 0 ? report({ { QStringLiteral("sent"), qint64(waitingFor) } }) : code;
}

// Stays in the room while fresh writers come and go, through the app's own
// bridge, and records each image of --width: from the writer starting to
// publish to this main thread holding the QImage. After each, it prints
// "settled" once the departed writer's image is a private copy, so the
// coordinator starts the next run on a quiet machine.
int coldReader(const QCommandLineParser &o)
{
    const int count = option(o, "count");
    SharedMemoryBridge bridge;
    bridge.setName(QStringLiteral("cold-reader"));
    bridge.setKey(text(o, "key"));
    QList<double> latencies;
    QTimer settle;
    settle.setInterval(2);
    QString departed;
    QObject::connect(&bridge, &SharedMemoryBridge::imageReceived, [&](const QString &, int width, int) {
        if (width == option(o, "width"))
            latencies.append(bridge.lastLatencyUs());
    });
    QObject::connect(&bridge, &SharedMemoryBridge::peerLeft, [&](const QString &peer) {
        departed = peer;
        settle.start();
    });
    QObject::connect(&settle, &QTimer::timeout, [&] {
        const PeerModel::Peer *peer = bridge.peers()->findByName(departed);
        if (!peer || !peer->imageSource.endsWith(QLatin1String("-kept")))
            return;
        settle.stop();
        if (latencies.size() == count) {
            QCoreApplication::exit(0);
            return;
        }
        QTextStream(stdout) << "settled" << Qt::endl;
    });
    QTextStream(stdout) << "listening" << Qt::endl;
    watchdog(900);
    const int code = QCoreApplication::exec();
    return code == 0 ? report({ { QStringLiteral("latency_us"), summarize(latencies) } }) : code;
}

// Publishes one image and stays until --count readers have come and gone.
int imageHolder(const QCommandLineParser &o)
{
    const QImage frame = warmFrame(option(o, "width"), option(o, "height"), 13);
    Room room;
    if (!room.join(text(o, "key"), QStringLiteral("holder")))
        return 1;
    if (!room.publishImage(quint32(frame.width()), quint32(frame.height()), PixelFormat::Rgb32,
                           reinterpret_cast<const char *>(frame.constBits())))
        return 1;
    int left = 0;
    QObject::connect(&room, &Room::peerLeft, [&] {
        if (++left == option(o, "count"))
            QCoreApplication::exit(0);
    });
    QTextStream(stdout) << "listening" << Qt::endl;
    watchdog(900);
    const int code = QCoreApplication::exec();
    return code == 0 ? report({ { QStringLiteral("readers"), left } }) : code;
}

// A new process joins a room where an image waits: from join() to holding it.
int freshReader(const QCommandLineParser &o)
{
    SharedMemoryBridge bridge;
    bridge.setName(QStringLiteral("fresh-reader"));
    bridge.setAutoJoin(false);
    bridge.setKey(text(o, "key"));
    double latency = 0;
    QObject::connect(&bridge, &SharedMemoryBridge::imageReceived, [&] { QCoreApplication::exit(0); });
    const double started = nowUs();
    if (!bridge.join())
        return 1;
    watchdog(60);
    const int code = QCoreApplication::exec();
    latency = nowUs() - started;
    return code == 0 ? report({ { QStringLiteral("latency_us"), latency } }) : code;
}

// A steady stream for `shmbridge-cli watch`: --width x --height every
// --interval-ms for --seconds, each frame different (its first row carries
// the frame number), once --readers peers are in the room.
int pacedWriter(const QCommandLineParser &o)
{
    QImage frame = warmFrame(option(o, "width"), option(o, "height"), 17);
    Room room;
    if (!room.join(text(o, "key"), QStringLiteral("paced")))
        return 1;
    qint64 published = 0;
    double startedUs = 0;
    QTimer pace;
    pace.setTimerType(Qt::PreciseTimer);
    pace.setInterval(option(o, "interval-ms"));
    QObject::connect(&pace, &QTimer::timeout, [&] {
        if (nowUs() - startedUs >= option(o, "seconds") * 1e6) {
            pace.stop();
            QCoreApplication::exit(0);
            return;
        }
        std::memset(frame.scanLine(0), int(published & 0xff), std::size_t(frame.bytesPerLine()));
        if (room.publishImage(quint32(frame.width()), quint32(frame.height()), PixelFormat::Rgb32,
                              reinterpret_cast<const char *>(frame.constBits())))
            ++published;
    });
    const auto start = [&] {
        if (pace.isActive() || published > 0 || room.peers().size() < option(o, "readers"))
            return;
        startedUs = nowUs();
        pace.start();
    };
    QObject::connect(&room, &Room::peerJoined, start);
    // A reader that has all it came for leaves: the stream ends with it.
    QObject::connect(&room, &Room::peerLeft, [&] {
        const QList<shmbridge::PeerInfo> peers = room.peers();
        const auto live = std::count_if(peers.cbegin(), peers.cend(), [](const shmbridge::PeerInfo &p) { return p.live; });
        if (pace.isActive() && live < option(o, "readers")) {
            pace.stop();
            QCoreApplication::exit(0);
        }
    });
    room.refresh();
    start();
    watchdog(option(o, "seconds") + 60);
    const int code = QCoreApplication::exec();
    const std::uint64_t frameBytes = std::uint64_t(frame.sizeInBytes());
    return code == 0 ? report({ { QStringLiteral("published"), published },
                                { QStringLiteral("copies"), copiesPerFrame(std::uint64_t(published), frameBytes) } })
                     : code;
}

// Pixels on screen: a window showing the peer's image the way the app does
// (the view's items on the bridge's image provider), on a real platform
// (Xvfb): the detail at 1:1 filling the window, or a card --card-width wide.
// The detail is then dragged across the frame, the stream still running,
// for the time between the frames it draws meanwhile.
// Each frame's latency runs from the writer starting to publish to the
// window's next frameSwapped after the Image took the new source. The first
// frames are the cold ones (each of the writer's buffers is new to both
// processes once), left out of the warm figures as the hand-off rows do.
int screenReader(const QCommandLineParser &o)
{
    const int count = option(o, "count");
    SharedMemoryBridge bridge;
    bridge.setName(QStringLiteral("screen"));
    QQuickView view;
    view.engine()->addImageProvider(QLatin1String(PeerImageProvider::providerId), new PeerImageProvider);
    view.engine()->addImportPath(QStringLiteral("qrc:/"));
    view.setResizeMode(QQuickView::SizeRootObjectToView);
    view.setSource(QUrl(QStringLiteral("qrc:/bench/ScreenReader.qml")));
    if (!view.rootObject())
        return 1;
    view.rootObject()->setProperty("cardWidth", option(o, "card-width"));
    view.resize(1280, 720);
    view.show();
    bridge.setKey(text(o, "key"));
    constexpr int kColdFrames = 5;
    QList<double> latencies;
    double first = 0;
    int seen = 0;
    double pendingPublishUs = -1;
    // Then, for the detail, a drag across the frame while the stream goes on:
    // the time between frames drawn, and what each uploaded.
    constexpr int kPanFrames = 120;
    const QPointF panStep(20, 11);
    const bool pans = option(o, "card-width") == 0;
    QList<double> panFrameUs;
    bool panning = false;
    double lastSwapUs = -1; // while panning: the last frame's swap
    qint64 texelsOfFrames = 0; // uploaded for the frames, before the drag
    qint64 texelsBeforePan = 0; // once the drag has started
    QObject *detail = view.rootObject()->findChild<QObject *>(QStringLiteral("detail"));
    const auto texels = [&] { return detail ? detail->property("uploadedTexels").toLongLong() : 0; };
    QObject::connect(&bridge, &SharedMemoryBridge::imageReceived, [&](const QString &peer) {
        pendingPublishUs = nowUs() - bridge.lastLatencyUs();
        if (const PeerModel::Peer *row = bridge.peers()->findByName(peer))
            view.rootObject()->setProperty("source", row->imageSource);
        view.update();
    });
    // The scene graph may swap on its own thread: the time is taken there,
    // everything else happens on the GUI thread, which owns the items.
    const auto swapped = [&](double now) {
        if (panning) {
            // The frame that jumped to the corner is not a drag's: the
            // clock and the count start after it.
            if (lastSwapUs < 0)
                texelsBeforePan = texels();
            else
                panFrameUs.append(now - lastSwapUs);
            lastSwapUs = now;
            if (panFrameUs.size() == kPanFrames) {
                QCoreApplication::exit(0);
                return;
            }
            const QPointF pan = view.rootObject()->property("pan").toPointF();
            view.rootObject()->setProperty("pan", pan + panStep);
            return;
        }
        if (pendingPublishUs < 0)
            return;
        const double latency = now - pendingPublishUs;
        pendingPublishUs = -1;
        if (seen == 0)
            first = latency;
        if (++seen > kColdFrames)
            latencies.append(latency);
        if (latencies.size() < count)
            return;
        if (!pans) {
            QCoreApplication::exit(0);
            return;
        }
        // From near the top left corner towards the bottom right.
        panning = true;
        texelsOfFrames = texels();
        view.rootObject()->setProperty("pan", QPointF(-1200, -660));
    };
    QObject::connect(&view, &QQuickWindow::frameSwapped, [&] {
        const double now = nowUs();
        QMetaObject::invokeMethod(&view, [&swapped, now] { swapped(now); }, Qt::AutoConnection);
    });
    watchdog(300);
    const int code = QCoreApplication::exec();
    const std::uint64_t frameBytes = std::uint64_t(option(o, "width")) * std::uint64_t(option(o, "height")) * 4;
    // What the detail uploaded for each frame it drew (before the drag).
    const double texelsPerFrame = double(panning ? texelsOfFrames : texels()) / (seen > 0 ? seen : 1);
    return code == 0 ? report({ { QStringLiteral("latency_us"), summarize(latencies) },
                                { QStringLiteral("first_us"), first },
                                { QStringLiteral("uploaded_texels_per_frame"), texelsPerFrame },
                                { QStringLiteral("pan_frame_us"), summarize(panFrameUs) },
                                { QStringLiteral("pan_uploaded_texels_per_frame"),
                                  panFrameUs.isEmpty() ? 0.0 : double(texels() - texelsBeforePan) / panFrameUs.size() },
                                { QStringLiteral("copies"), copiesPerFrame(std::uint64_t(count + kColdFrames), frameBytes) } })
                     : code;
}

} // namespace

int runColdRole(const QString &role, const QCommandLineParser &options)
{
    if (role == QLatin1String("cold-floor"))
        return coldFloor(options);
    if (role == QLatin1String("cold-writer"))
        return coldWriter(options);
    if (role == QLatin1String("cold-reader"))
        return coldReader(options);
    if (role == QLatin1String("image-holder"))
        return imageHolder(options);
    if (role == QLatin1String("fresh-reader"))
        return freshReader(options);
    if (role == QLatin1String("paced-writer"))
        return pacedWriter(options);
    if (role == QLatin1String("screen-reader"))
        return screenReader(options);
    return -1;
}

} // namespace bench

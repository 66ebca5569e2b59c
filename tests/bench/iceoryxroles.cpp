// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Eclipse iceoryx 2.0 (Debian's), measured as ShmBridge is: a value from a
// writer's loop to a handler in the reader's Qt main thread. Its daemon,
// RouDi, owns the shared memory; the bench starts one per measurement in a
// private IPC and mount namespace (its own /dev/shm and /tmp), so nothing of
// it is left on the machine or meets another RouDi.
//
//   iox-host    in the namespace: RouDi, then the reader and the writer;
//               prints the reader's result
//   iox-reader  a Listener thread hears of each chunk and queues a call to
//               the main thread, which takes it (an image: wrapped in a
//               QImage, not copied), times it, releases it and acks
//   iox-writer  loans a chunk, writes the value in (an image: one memcpy,
//               as ShmBridge's writer does), publishes, waits for the ack
#include "roles.h"

#include "photo.h"
#include "roleutil.h"
#include "stats.h"

#include <QCoreApplication>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTextStream>

#include <iceoryx_posh/popo/listener.hpp>
#include <iceoryx_posh/popo/untyped_publisher.hpp>
#include <iceoryx_posh/popo/untyped_subscriber.hpp>
#include <iceoryx_posh/popo/wait_set.hpp>
#include <iceoryx_posh/runtime/posh_runtime.hpp>

#include <cstring>
#include <unistd.h>

namespace bench {

namespace {

// What leads each chunk; a text is 100 bytes in all, as in the text rows.
struct Header
{
    double sentUs;
    quint32 width; // 0 for a text
    quint32 height;
};
constexpr quint32 kTextBytes = 100;

const iox::capro::ServiceDescription kValues { "ShmBridgeBench", "Values", "Latency" };
const iox::capro::ServiceDescription kAcks { "ShmBridgeBench", "Values", "Ack" };

quint32 payloadBytes(int width, int height)
{
    return width > 0 ? quint32(sizeof(Header)) + quint32(width) * quint32(height) * 4 : kTextBytes;
}

void initRuntime(const char *name)
{
    iox::runtime::PoshRuntime::initRuntime(iox::RuntimeName_t(iox::cxx::TruncateToCapacity, name));
}

// --- the reader ------------------------------------------------------------

struct Reader
{
    iox::popo::UntypedSubscriber values { kValues };
    iox::popo::UntypedPublisher acks { kAcks };
    int expected = 0;
    int warmup = 0;
    int received = 0;
    QList<double> latencies;

    // In the main thread: every chunk there is.
    void drain()
    {
        while (true) {
            const auto taken = values.take();
            if (taken.has_error())
                return;
            const void *payload = taken.value();
            Header header;
            std::memcpy(&header, payload, sizeof header);
            if (header.width > 0) {
                const QImage image(static_cast<const uchar *>(payload) + sizeof(Header), int(header.width), int(header.height),
                                   QImage::Format_RGB32);
                Q_UNUSED(image); // usable here, as ShmBridge's reader's leased QImage is
            }
            const double latency = nowUs() - header.sentUs;
            values.release(payload);
            if (++received > warmup)
                latencies.append(latency);
            acks.loan(sizeof(quint32)).and_then([&](void *ack) {
                std::memcpy(ack, &received, sizeof(quint32));
                acks.publish(ack);
            });
            if (received == expected)
                QCoreApplication::exit(0);
        }
    }
};

// In the Listener's thread: hand over to the main thread, as a Qt program
// receiving through iceoryx would.
void onValue(iox::popo::UntypedSubscriber *const, Reader *const reader)
{
    QMetaObject::invokeMethod(qApp, [reader] { reader->drain(); }, Qt::QueuedConnection);
}

int iceoryxReader(const QCommandLineParser &o)
{
    initRuntime("shmbridge-bench-reader");
    Reader reader;
    reader.warmup = option(o, "warmup");
    reader.expected = option(o, "count") + reader.warmup;
    iox::popo::Listener listener;
    if (listener.attachEvent(reader.values, iox::popo::SubscriberEvent::DATA_RECEIVED,
                             iox::popo::createNotificationCallback(onValue, reader))
                .has_error()) {
        QTextStream(stderr) << "iceoryx: cannot attach the Listener" << Qt::endl;
        return 1;
    }
    QTextStream(stdout) << "listening" << Qt::endl;
    watchdog(300);
    const int code = QCoreApplication::exec();
    listener.detachEvent(reader.values, iox::popo::SubscriberEvent::DATA_RECEIVED);
    return code == 0 ? report({ { QStringLiteral("latency_us"), summarize(reader.latencies) } }) : code;
}

// --- the writer ------------------------------------------------------------

int iceoryxWriter(const QCommandLineParser &o)
{
    initRuntime("shmbridge-bench-writer");
    const int count = option(o, "count") + option(o, "warmup");
    const int idleMs = option(o, "idle-ms");
    const int width = option(o, "width");
    const int height = option(o, "height");
    const QImage image = width > 0 ? photoLikeImage(width, height, 7) : QImage();
    const quint32 bytes = payloadBytes(width, height);
    iox::popo::UntypedPublisher values(kValues);
    iox::popo::UntypedSubscriber acks(kAcks);
    iox::popo::WaitSet<> waitSet;
    if (waitSet.attachState(acks, iox::popo::SubscriberState::HAS_DATA).has_error())
        return 1;
    // Subscriptions are made by RouDi, a moment after each side asks.
    for (int waited = 0; !values.hasSubscribers() || acks.getSubscriptionState() != iox::SubscribeState::SUBSCRIBED;
         ++waited) {
        if (waited == 10000) {
            QTextStream(stderr) << "iceoryx: the reader never subscribed" << Qt::endl;
            return 1;
        }
        usleep(1000);
    }
    for (int i = 0; i < count; ++i) {
        if (idleMs > 0)
            usleep(useconds_t(idleMs) * 1000);
        const Header header { nowUs(), quint32(width), quint32(height) };
        const auto loaned = values.loan(bytes, alignof(Header));
        if (loaned.has_error()) {
            QTextStream(stderr) << "iceoryx: no chunk of " << bytes << " bytes to loan (RouDi's mempools)" << Qt::endl;
            return 1;
        }
        auto *payload = static_cast<char *>(loaned.value());
        std::memcpy(payload, &header, sizeof header);
        if (width > 0)
            std::memcpy(payload + sizeof header, image.constBits(), std::size_t(image.sizeInBytes()));
        else
            std::memset(payload + sizeof header, 'x', kTextBytes - sizeof header);
        values.publish(payload);
        bool acked = false;
        while (!acked) {
            if (waitSet.timedWait(iox::units::Duration::fromSeconds(10)).empty()) {
                QTextStream(stderr) << "iceoryx: no ack in 10 s" << Qt::endl;
                return 1;
            }
            while (true) {
                const auto ack = acks.take();
                if (ack.has_error())
                    break;
                acks.release(ack.value());
                acked = true;
            }
        }
    }
    return report({ { QStringLiteral("sent"), count } });
}

// --- the host, in its own namespaces ---------------------------------------

int iceoryxHost(const QCommandLineParser &o)
{
    // The mempools RouDi makes: the chunk each side loans (a value, an ack),
    // a few of each, rounded up to whole KiB.
    const quint32 valueBytes = (payloadBytes(option(o, "width"), option(o, "height")) + 1023) / 1024 * 1024;
    QFile config(QStringLiteral("/tmp/roudi.toml"));
    if (!config.open(QIODevice::WriteOnly))
        return 1;
    QTextStream(&config) << "[general]\nversion = 1\n\n[[segment]]\n\n"
                         << "[[segment.mempool]]\nsize = 128\ncount = 64\n\n"
                         << "[[segment.mempool]]\nsize = " << valueBytes << "\ncount = 8\n";
    config.close();
    QProcess roudi;
    roudi.setProcessChannelMode(QProcess::MergedChannels);
    roudi.start(QStringLiteral("iox-roudi"), { QStringLiteral("-c"), config.fileName(), QStringLiteral("-m"), QStringLiteral("off") });
    QByteArray said;
    while (!said.contains("RouDi is ready for clients")) {
        if (!roudi.waitForReadyRead(10000)) {
            QTextStream(stderr) << "iceoryx: RouDi did not start: " << said << roudi.errorString() << Qt::endl;
            return 1;
        }
        said += roudi.readAll();
    }
    const auto role = [&](const char *name) {
        auto *process = new QProcess(&roudi);
        QStringList arguments { QStringLiteral("--role"), QLatin1StringView(name) };
        for (const char *option : { "count", "warmup", "idle-ms", "width", "height" })
            arguments << QStringLiteral("--") + QLatin1StringView(option) << o.value(QLatin1StringView(option));
        process->start(QCoreApplication::applicationFilePath(), arguments);
        return process;
    };
    QProcess *reader = role("iox-reader");
    if (!reader->waitForReadyRead(10000) || !reader->readLine().startsWith("listening")) {
        QTextStream(stderr) << "iceoryx: the reader did not start: " << reader->readAllStandardError() << Qt::endl;
        return 1;
    }
    QProcess *writer = role("iox-writer");
    const bool done = writer->waitForFinished(600000) && writer->exitCode() == 0 && reader->waitForFinished(60000)
            && reader->exitCode() == 0;
    if (!done)
        QTextStream(stderr) << "iceoryx: " << writer->readAllStandardError() << reader->readAllStandardError() << Qt::endl;
    roudi.terminate();
    if (!roudi.waitForFinished(10000))
        roudi.kill();
    if (!done)
        return 1;
    QTextStream(stdout) << reader->readAllStandardOutput().trimmed().split('\n').last() << Qt::endl;
    return 0;
}

} // namespace

int runIceoryxRole(const QString &role, const QCommandLineParser &options)
{
    if (role == QLatin1String("iox-host"))
        return iceoryxHost(options);
    if (role == QLatin1String("iox-reader"))
        return iceoryxReader(options);
    if (role == QLatin1String("iox-writer"))
        return iceoryxWriter(options);
    return -1;
}

} // namespace bench

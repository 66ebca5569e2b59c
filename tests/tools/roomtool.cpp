// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A test peer that publishes and verifies self-checking payloads, so
// multi-process tests can prove that no reader ever keeps a torn value.
//
//   roomtool hammer --key K --name N --count C [--kind text|image] [--bytes B]
//   roomtool verify --key K --writers W --count C [--timeout SEC]
//   roomtool make-image --out FILE --width W --height H [--seed S] [--noise N]
//   roomtool soak --key K --name N --interval-ms I --seconds S
//   roomtool open-segment|squat-segment --segment /NAME   (security probes)
//   roomtool persona --key K --name N [--text-file F] [--image F] [--telemetry V]
//                    [--interval-ms I] [--stream WxH@FPS] [--seconds S]
//
// Every payload ends with an FNV-1a hash of everything before it; verify
// re-hashes each value it reads and counts mismatches as torn reads.
#include "framepacer.h"
#include "imagefile.h"
#include "photo.h"
#include "quitonsignal.h"
#include "residentmemory.h"
#include "room.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimer>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <optional>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

using namespace shmbridge;
using layout::Kind;
using testing::residentKiB;

namespace {

std::uint64_t fnv1a(const char *data, std::size_t size)
{
    std::uint64_t hash = 1469598103934665603ULL;
    for (std::size_t i = 0; i < size; ++i) {
        hash ^= std::uint8_t(data[i]);
        hash *= 1099511628211ULL;
    }
    return hash;
}

// Text: "<seq>:<hex filler>:<16 hex digits of FNV of what precedes>".
QByteArray checkedText(std::uint64_t seq, std::size_t fillerBytes, QRandomGenerator &random)
{
    QByteArray body = QByteArray::number(quint64(seq)) + ':';
    QByteArray filler(qsizetype(fillerBytes), Qt::Uninitialized);
    static const char digits[] = "0123456789abcdef";
    const char digit = digits[random.bounded(16)];
    filler.fill(digit); // one value per payload: a torn copy mixes two digits
    body += filler + ':';
    return body + QByteArray::number(quint64(fnv1a(body.constData(), std::size_t(body.size()))), 16).rightJustified(16, '0');
}

bool textIsIntact(const QByteArray &payload)
{
    if (payload.size() < 17)
        return false;
    const QByteArray body = payload.left(payload.size() - 16);
    bool ok = false;
    const quint64 stored = payload.right(16).toULongLong(&ok, 16);
    return ok && stored == fnv1a(body.constData(), std::size_t(body.size()));
}

// Image: random pixels; the last 8 bytes hold the FNV of the rest.
void fillCheckedImage(QByteArray &pixels, QRandomGenerator &random)
{
    const quint32 value = random.generate();
    auto *words = reinterpret_cast<quint32 *>(pixels.data());
    const qsizetype count = pixels.size() / 4;
    for (qsizetype i = 0; i < count; ++i)
        words[i] = value ^ quint32(i);
    const std::uint64_t hash = fnv1a(pixels.constData(), std::size_t(pixels.size() - 8));
    std::memcpy(pixels.data() + pixels.size() - 8, &hash, 8);
}

bool imageIsIntact(const QByteArray &pixels)
{
    if (pixels.size() < 16)
        return false;
    std::uint64_t stored = 0;
    std::memcpy(&stored, pixels.constData() + pixels.size() - 8, 8);
    return stored == fnv1a(pixels.constData(), std::size_t(pixels.size() - 8));
}

// What a checking reader counts: values read, torn ones, read errors.
struct Tally
{
    quint64 reads = 0;
    quint64 torn = 0;
    quint64 errors = 0;
};

// Reads the newest value, checks its checksum and acknowledges it.
std::optional<Update> readAndCheck(Room &room, PeerId id, Kind kind, Tally &tally)
{
    auto update = room.read(id, kind);
    if (!update) {
        ++tally.errors;
        QTextStream(stderr) << "read error: " << update.error() << Qt::endl;
        return std::nullopt;
    }
    ++tally.reads;
    const QByteArray &payload = update.value().payload;
    if (!(kind == Kind::Image ? imageIsIntact(payload) : textIsIntact(payload)))
        ++tally.torn;
    room.acknowledge(id, kind, update.value().seq);
    return std::move(update).value();
}

// How long publish() took, per window: what a stopped reader must not change.
class PublishWindows
{
public:
    explicit PublishWindows(int windowMs) : m_windowMs(windowMs) { m_clock.start(); }
    void add(double microseconds)
    {
        m_samples.append(microseconds);
        if (m_windowMs > 0 && m_clock.elapsed() >= m_windowMs)
            flush();
    }
    void flush()
    {
        if (m_samples.isEmpty())
            return;
        std::sort(m_samples.begin(), m_samples.end());
        QTextStream(stdout) << QJsonDocument(QJsonObject {
                                       { QStringLiteral("window"), m_index++ },
                                       { QStringLiteral("publishes"), m_samples.size() },
                                       { QStringLiteral("p50_us"), m_samples.at(m_samples.size() / 2) },
                                       { QStringLiteral("p99_us"), m_samples.at(m_samples.size() * 99 / 100) },
                                       { QStringLiteral("rss_kib"), residentKiB() } })
                                       .toJson(QJsonDocument::Compact)
                            << Qt::endl;
        m_samples.clear();
        m_clock.restart();
    }

private:
    int m_windowMs;
    int m_index = 0;
    QElapsedTimer m_clock;
    QList<double> m_samples;
};

int hammer(QCommandLineParser &parser)
{
    Room room;
    if (auto joined = room.join(parser.value(QStringLiteral("key")), parser.value(QStringLiteral("name"))); !joined) {
        QTextStream(stderr) << joined.error() << Qt::endl;
        return 1;
    }
    const quint64 count = parser.value(QStringLiteral("count")).toULongLong();
    const bool image = parser.value(QStringLiteral("kind")) == QLatin1String("image");
    const std::size_t maxBytes = parser.value(QStringLiteral("bytes")).toULongLong();
    QRandomGenerator random(quint32(QCoreApplication::applicationPid()));
    PublishWindows windows(parser.value(QStringLiteral("window-ms")).toInt());
    quint64 published = 0;
    QTimer timer; // keeps the loop free to answer doorbells between publishes
    timer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&timer, &QTimer::timeout, [&] {
        Result<std::uint64_t> seq = Error {};
        QElapsedTimer took;
        if (image) {
            const quint32 side = 64 + random.bounded(quint32(std::max<std::size_t>(maxBytes, 65)) - 64);
            QByteArray pixels(qsizetype(side) * side * 4, Qt::Uninitialized);
            fillCheckedImage(pixels, random);
            took.start();
            seq = room.publishImage(side, side, layout::PixelFormat::Rgb32, pixels.constData());
        } else {
            const QByteArray text = checkedText(published + 1, 1 + random.bounded(quint32(maxBytes)), random);
            const QString value = QString::fromLatin1(text);
            took.start();
            seq = room.publishText(value);
        }
        windows.add(double(took.nsecsElapsed()) / 1000.0);
        if (!seq) {
            QTextStream(stderr) << seq.error() << Qt::endl;
            QCoreApplication::exit(1);
            return;
        }
        if (++published == count)
            QCoreApplication::exit(0);
    });
    timer.start(parser.value(QStringLiteral("interval-ms")).toInt());
    const int code = QCoreApplication::exec();
    windows.flush();
    return code;
}

// A peer of the soak: publishes self-checking text every interval and
// verifies everything it reads from the others, for a number of seconds.
int soak(QCommandLineParser &parser)
{
    Room room;
    Tally tally;
    quint64 published = 0;
    QObject::connect(&room, &Room::updateAvailable,
                     [&](PeerId id, Kind kind, quint64) { readAndCheck(room, id, kind, tally); });
    if (auto joined = room.join(parser.value(QStringLiteral("key")), parser.value(QStringLiteral("name"))); !joined) {
        QTextStream(stderr) << joined.error() << Qt::endl;
        return 1;
    }
    QRandomGenerator random(quint32(QCoreApplication::applicationPid()));
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const QByteArray text = checkedText(published + 1, 1 + random.bounded(1024u), random);
        if (const auto seq = room.publishText(QString::fromLatin1(text))) {
            ++published;
        } else {
            ++tally.errors;
            QTextStream(stderr) << "publish error: " << seq.error() << Qt::endl;
        }
    });
    timer.start(parser.value(QStringLiteral("interval-ms")).toInt());
    // Resident memory every few seconds: the test checks it levels off.
    QJsonArray rss;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, [&] { rss.append(residentKiB()); });
    sampler.start(5000);
    QTimer::singleShot(parser.value(QStringLiteral("seconds")).toInt() * 1000, [] { QCoreApplication::exit(0); });
    const int code = QCoreApplication::exec();
    QTextStream(stdout) << QJsonDocument(QJsonObject { { QStringLiteral("published"), qint64(published) },
                                                       { QStringLiteral("reads"), qint64(tally.reads) },
                                                       { QStringLiteral("torn"), qint64(tally.torn) },
                                                       { QStringLiteral("errors"), qint64(tally.errors) },
                                                       { QStringLiteral("rss_kib"), rss } })
                                   .toJson(QJsonDocument::Compact)
                        << Qt::endl;
    return code;
}

// Security probes, run as another user: open someone's segment, or squat a name.
int probe(QCommandLineParser &parser, bool squat)
{
    const QByteArray name = parser.value(QStringLiteral("segment")).toUtf8();
    const int fd = squat ? open(name.constData(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW, 0666)
                         : open(name.constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) {
        QTextStream(stdout) << "refused " << std::strerror(errno) << Qt::endl;
        return 0;
    }
    if (squat)
        fchmod(fd, 0666);
    QTextStream(stdout) << "opened" << Qt::endl;
    return 0;
}

int verify(QCommandLineParser &parser)
{
    Room room;
    const int writers = parser.value(QStringLiteral("writers")).toInt();
    const quint64 count = parser.value(QStringLiteral("count")).toULongLong();
    Tally tally;
    QHash<PeerId, quint64> lastSeq;
    QObject::connect(&room, &Room::updateAvailable, [&](PeerId id, Kind kind, quint64) {
        const auto update = readAndCheck(room, id, kind, tally);
        if (!update)
            return;
        if (update->seq < lastSeq.value(id))
            ++tally.errors; // a value older than one already held
        lastSeq[id] = update->seq;
        int finished = 0;
        for (quint64 seq : std::as_const(lastSeq))
            finished += seq >= count ? 1 : 0;
        if (finished >= writers)
            QCoreApplication::exit(0);
    });
    QObject::connect(&room, &Room::peerLeft, [](const PeerInfo &peer) {
        QTextStream(stdout) << QJsonDocument(QJsonObject { { QStringLiteral("left"), peer.name } })
                                       .toJson(QJsonDocument::Compact)
                            << Qt::endl;
    });
    if (auto joined = room.join(parser.value(QStringLiteral("key")), parser.value(QStringLiteral("name"))); !joined) {
        QTextStream(stderr) << joined.error() << Qt::endl;
        return 1;
    }
    QTimer::singleShot(int(parser.value(QStringLiteral("timeout")).toDouble() * 1000), [] { QCoreApplication::exit(3); });
    // Tell the test we are in the room before the writers start.
    QTextStream(stdout) << "ready" << Qt::endl;
    const int code = QCoreApplication::exec();
    QTextStream(stdout) << QJsonDocument(QJsonObject { { QStringLiteral("reads"), qint64(tally.reads) },
                                                       { QStringLiteral("torn"), qint64(tally.torn) },
                                                       { QStringLiteral("errors"), qint64(tally.errors) },
                                                       { QStringLiteral("finished"), code == 0 } })
                                   .toJson(QJsonDocument::Compact)
                        << Qt::endl;
    return code;
}

// A live peer with a full set of values, for UI tests and screenshots: it
// publishes its text, image and telemetry, says "ready", and stays in the
// room for --seconds. With --interval-ms its telemetry keeps moving, so the
// detail view's charts have a minute of history to draw. With --stream it is
// a camera: WxH frames (eight photo-like pictures in turn) FPS times a second,
// on the clock's beat.
int persona(QCommandLineParser &parser)
{
    Room room;
    // Reads what others send, so that they see it acknowledged; a camera
    // looks at no one's pictures (ten cameras reading each other's 1080p
    // frames would copy 21 GB/s, and measure that rather than the app).
    const bool camera = !parser.value(QStringLiteral("stream")).isEmpty();
    QObject::connect(&room, &Room::updateAvailable, [&](PeerId id, Kind kind, quint64) {
        if (camera && kind == Kind::Image)
            return;
        if (auto update = room.read(id, kind))
            room.acknowledge(id, kind, update.value().seq);
    });
    if (auto joined = room.join(parser.value(QStringLiteral("key")), parser.value(QStringLiteral("name"))); !joined) {
        QTextStream(stderr) << joined.error() << Qt::endl;
        return 1;
    }
    const auto fail = [](const QString &message) {
        QTextStream(stderr) << message << Qt::endl;
        return 1;
    };
    if (const QString path = parser.value(QStringLiteral("text-file")); !path.isEmpty()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(file.errorString());
        if (auto seq = room.publishText(QString::fromUtf8(file.readAll())); !seq)
            return fail(seq.error());
    }
    if (const QString path = parser.value(QStringLiteral("image")); !path.isEmpty()) {
        auto image = loadImageFile(path);
        if (!image)
            return fail(image.error());
        auto pixels = prepareForPublishing(image.value());
        if (!pixels)
            return fail(pixels.error());
        const QImage &p = pixels.value();
        if (auto seq = room.publishImage(std::uint32_t(p.width()), std::uint32_t(p.height()), pixelFormatOf(p),
                                         reinterpret_cast<const char *>(p.constBits()));
            !seq)
            return fail(seq.error());
    }
    Telemetry telemetry;
    if (const QString values = parser.value(QStringLiteral("telemetry")); !values.isEmpty()) {
        auto parsed = parseTelemetry(values);
        if (!parsed)
            return fail(parsed.error());
        telemetry = parsed.value();
        if (auto seq = room.publishTelemetry(telemetry); !seq)
            return fail(seq.error());
    }
    QTimer wobble;
    quint64 tick = 0;
    QObject::connect(&wobble, &QTimer::timeout, [&] {
        Telemetry moved = telemetry;
        ++tick;
        for (qsizetype i = 0; i < moved.values.size(); ++i)
            moved.values[i] += std::abs(moved.values[i]) * 0.1 * std::sin(double(tick) / 5.0 + double(i));
        (void)room.publishTelemetry(moved);
    });
    if (const int interval = parser.value(QStringLiteral("interval-ms")).toInt(); interval > 0 && !telemetry.values.isEmpty())
        wobble.start(interval);
    QList<QImage> frames;
    QTimer shutter;
    shutter.setTimerType(Qt::PreciseTimer);
    std::optional<FramePacer> pacer;
    quint64 shot = 0;
    if (const QString stream = parser.value(QStringLiteral("stream")); !stream.isEmpty()) {
        const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("^(\\d+)x(\\d+)@(\\d+)$")).match(stream);
        if (!m.hasMatch() || m.captured(3).toInt() < 1 || m.captured(3).toInt() > 240)
            return fail(QStringLiteral("--stream wants WIDTHxHEIGHT@FPS, e.g. 1920x1080@30, not \"%1\"").arg(stream));
        pacer.emplace(m.captured(3).toUInt());
        for (quint32 seed = 1; seed <= 8; ++seed)
            frames.append(photoLikeImage(m.captured(1).toInt(), m.captured(2).toInt(), seed, 0));
        QObject::connect(&shutter, &QTimer::timeout, [&] {
            const QImage &frame = frames.at(qsizetype(shot % quint64(frames.size())));
            (void)room.publishImage(std::uint32_t(frame.width()), std::uint32_t(frame.height()), pixelFormatOf(frame),
                                    reinterpret_cast<const char *>(frame.constBits()));
            shutter.setInterval(pacer->msUntil(++shot));
        });
        shutter.start(0);
    }
    QTimer::singleShot(parser.value(QStringLiteral("seconds")).toInt() * 1000, [] { QCoreApplication::exit(0); });
    QTextStream(stdout) << "ready" << Qt::endl;
    const int code = QCoreApplication::exec();
    room.leave();
    return code;
}

int makeImage(QCommandLineParser &parser)
{
    const QImage image = photoLikeImage(parser.value(QStringLiteral("width")).toInt(),
                                        parser.value(QStringLiteral("height")).toInt(),
                                        parser.value(QStringLiteral("seed")).toUInt(),
                                        parser.value(QStringLiteral("noise")).toInt());
    return image.save(parser.value(QStringLiteral("out"))) ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication::setAttribute(Qt::AA_PluginApplication); // no platform plugin needed
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("mode"), QStringLiteral("hammer, verify or make-image"));
    for (const auto &[name, fallback] : std::initializer_list<std::pair<const char *, const char *>> {
                 { "key", "" }, { "name", "roomtool" }, { "count", "1000" }, { "kind", "text" },
                 { "bytes", "65536" }, { "writers", "1" }, { "timeout", "60" }, { "out", "" },
                 { "width", "640" }, { "height", "480" }, { "seed", "1" }, { "noise", "8" },
                 { "interval-ms", "0" }, { "window-ms", "0" }, { "seconds", "10" }, { "segment", "" },
                 { "text-file", "" }, { "image", "" }, { "telemetry", "" }, { "stream", "" } })
        parser.addOption(QCommandLineOption(QString::fromLatin1(name), QString(), QStringLiteral("value"),
                                            QString::fromLatin1(fallback)));
    parser.process(app);
    // A test that stops a peer politely (SIGTERM) sees it leave.
    shmbridge::quitOnSignals(&app, 0);
    const QString mode = parser.positionalArguments().value(0);
    if (mode == QLatin1String("hammer"))
        return hammer(parser);
    if (mode == QLatin1String("verify"))
        return verify(parser);
    if (mode == QLatin1String("make-image"))
        return makeImage(parser);
    if (mode == QLatin1String("soak"))
        return soak(parser);
    if (mode == QLatin1String("persona"))
        return persona(parser);
    if (mode == QLatin1String("open-segment"))
        return probe(parser, false);
    if (mode == QLatin1String("squat-segment"))
        return probe(parser, true);
    QTextStream(stderr) << "unknown mode " << mode << Qt::endl;
    return 2;
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "commands.h"

#include "cliutil.h"

#include "framepacer.h"
#include "imagefile.h"
#include "payload.h"
#include "quitonsignal.h"
#include "room.h"
#include "roomobservation.h"
#include "workerpool.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QSet>
#include <QTimer>

#include <deque>
#include <memory>

namespace shmbridge::cli {

using layout::Kind;

namespace {

// Reads at most one byte past the limit, so a huge file is refused cheaply.
Result<QString> readTextFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { QStringLiteral("Cannot read \"%1\": %2.").arg(path, file.errorString()) };
    const QByteArray bytes = file.read(qint64(layout::kMaxTextBytes) + 1);
    if (quint64(bytes.size()) > layout::kMaxTextBytes)
        return Error { QStringLiteral("The text in \"%1\" is over the limit of %2 KiB.")
                               .arg(path)
                               .arg(layout::kMaxTextBytes / 1024) };
    return decodeText(bytes.constData(), std::size_t(bytes.size()));
}

// A stream's frames are decoded before the first is sent, so that each
// publish is a copy, not a decode: within these bounds.
constexpr qsizetype kMaxStreamFrames = 1000;
constexpr qint64 kMaxStreamBytes = qint64(1) << 30;

Result<QList<QImage>> loadImageFiles(const QStringList &paths)
{
    if (paths.size() > kMaxStreamFrames)
        return Error { QStringLiteral("%1 images are more than a stream may have (%2).").arg(paths.size()).arg(kMaxStreamFrames) };
    QList<QImage> frames;
    qint64 bytes = 0;
    for (const QString &path : paths) {
        auto loaded = loadImageFile(path);
        if (!loaded)
            return Error { loaded.error(), loaded.systemError() };
        bytes += loaded.value().sizeInBytes();
        if (bytes > kMaxStreamBytes)
            return Error { QStringLiteral("The images up to \"%1\" take more than %2 MiB of pixels, more than a "
                                          "stream may hold in memory; use fewer or smaller ones.")
                                   .arg(path)
                                   .arg(kMaxStreamBytes >> 20) };
        frames.append(loaded.value());
    }
    return frames;
}

Result<QList<QImage>> loadImageDirectory(const QString &path)
{
    const QDir directory(path);
    if (!directory.exists())
        return Error { QStringLiteral("There is no directory \"%1\".").arg(path) };
    QStringList paths;
    for (const QString &name : directory.entryList(QDir::Files | QDir::Readable, QDir::Name))
        paths.append(directory.filePath(name));
    if (paths.isEmpty())
        return Error { QStringLiteral("The directory \"%1\" has no files to read.").arg(path) };
    return loadImageFiles(paths);
}

// The newest update of that peer and kind, as watch prints it: an image in
// place under a lease (no copy of 33 MB per 4K frame), text and telemetry
// copied out.
Result<LeasedUpdate> holdLatest(Room &room, PeerId id, Kind kind)
{
    if (kind == Kind::Image)
        return room.leaseImage(id);
    auto copied = room.read(id, kind);
    if (!copied)
        return Error { copied.error(), copied.systemError() };
    return heldAsLeased(std::move(copied.value()));
}

} // namespace

QString topLevelHelp()
{
    return QStringLiteral(
            "Usage: shmbridge-cli <command> [options]\n"
            "A headless ShmBridge peer: share text, images and telemetry with every process\n"
            "on this machine that uses the same room key.\n"
            "\n"
            "Commands:\n"
            "  send     publish text, an image or telemetry to a room\n"
            "  watch    print updates from the other peers of a room\n"
            "  peers    list the live peers of a room\n"
            "  inspect  dump a room's header and slots, for debugging\n"
            "  legacy   bridge a room and a QSharedMemory segment of a legacy program\n"
            "\n"
            "Run shmbridge-cli <command> --help for the options of each.\n"
            "Exit status: 0 success, 1 failure, 2 bad usage, 3 timeout.\n");
}

int runSend(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption name = nameOption(QStringLiteral("cli"));
    const QCommandLineOption text(QStringLiteral("text"), QStringLiteral("Publish this text (UTF-8, up to 1 MiB)."),
                                  QStringLiteral("text"));
    const QCommandLineOption textFile(QStringLiteral("text-file"),
                                      QStringLiteral("Publish the text in this UTF-8 file."),
                                      QStringLiteral("file"));
    const QCommandLineOption image(QStringLiteral("image"),
                                   QStringLiteral("Publish the pixels of this image file. Given more than once, "
                                                  "each publish takes the next file, round and round (a stream)."),
                                   QStringLiteral("file"));
    const QCommandLineOption imageDir(QStringLiteral("image-dir"),
                                      QStringLiteral("Publish the image files in this directory, by name, in turn."),
                                      QStringLiteral("dir"));
    const QCommandLineOption telemetry(QStringLiteral("telemetry"),
                                       QStringLiteral("Publish telemetry: 1.5,2,3 or pitch=1.5,roll=2."),
                                       QStringLiteral("values"));
    const QCommandLineOption repeat(QStringLiteral("repeat"),
                                    QStringLiteral("Publish N times; 0 = until interrupted (default 1)."),
                                    QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption interval(QStringLiteral("interval-ms"),
                                      QStringLiteral("Milliseconds between repeats (default 0)."),
                                      QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption fps(QStringLiteral("fps"),
                                 QStringLiteral("Repeats per second, kept to the clock (1 to 240; instead of --interval-ms)."),
                                 QStringLiteral("N"));
    parser.addOptions({ name, text, textFile, image, imageDir, telemetry, repeat, interval, fps, jsonOption });
    if (auto done = parse(parser, arguments,
                          QStringLiteral("Publish an update to a room. The value stays visible to the "
                                         "room after this exits, for as long as the room exists.")))
        return *done;

    const bool images = parser.isSet(image) || parser.isSet(imageDir);
    const int payloads = int(parser.isSet(text)) + int(parser.isSet(textFile)) + int(images)
            + int(parser.isSet(telemetry));
    if (payloads != 1 || (parser.isSet(image) && parser.isSet(imageDir)))
        return fail(QStringLiteral("give exactly one of --text, --text-file, --image (once or more), --image-dir "
                                   "or --telemetry."),
                    Usage);
    bool ok = false;
    const auto repeatCount = parseCount(parser.value(repeat), &ok);
    if (!ok)
        return fail(QStringLiteral("--repeat wants a whole number, not \"%1\".").arg(parser.value(repeat)), Usage);
    const auto intervalMs = parseCount(parser.value(interval), &ok);
    if (!ok || *intervalMs > 24 * 3600 * 1000ULL)
        return fail(QStringLiteral("--interval-ms wants a number of milliseconds, not \"%1\".")
                            .arg(parser.value(interval)),
                    Usage);
    if (parser.isSet(fps) && parser.isSet(interval))
        return fail(QStringLiteral("give --fps or --interval-ms, not both."), Usage);
    const auto perSecond = parser.isSet(fps) ? parseCount(parser.value(fps), &ok) : std::optional<quint64>(0);
    if (!ok || (parser.isSet(fps) && (*perSecond < 1 || *perSecond > 240)))
        return fail(QStringLiteral("--fps wants a whole number from 1 to 240, not \"%1\".").arg(parser.value(fps)), Usage);
    const bool json = parser.isSet(jsonOption);

    // Validate the payload before joining, so bad input never touches the room.
    QString message = parser.value(text);
    QList<QImage> frames; // published in turn
    Telemetry values;
    QList<QJsonObject> descriptions; // one per payload, as --json prints it
    QJsonObject description;
    if (parser.isSet(textFile)) {
        auto read = readTextFile(parser.value(textFile));
        if (!read)
            return fail(read.error());
        message = read.value();
    }
    if (parser.isSet(text) || parser.isSet(textFile)) {
        if (auto encoded = encodeText(message); !encoded)
            return fail(encoded.error());
        description.insert(QStringLiteral("kind"), kindName(Kind::Text));
    } else if (images) {
        auto loaded = parser.isSet(imageDir) ? loadImageDirectory(parser.value(imageDir)) : loadImageFiles(parser.values(image));
        if (!loaded)
            return fail(loaded.error());
        frames = loaded.value();
        for (const QImage &pixels : std::as_const(frames)) {
            QJsonObject frame;
            frame.insert(QStringLiteral("kind"), kindName(Kind::Image));
            frame.insert(QStringLiteral("width"), pixels.width());
            frame.insert(QStringLiteral("height"), pixels.height());
            frame.insert(QStringLiteral("format"), pixelFormatName(pixelFormatOf(pixels)));
            frame.insert(QStringLiteral("sha256"), pixelSha256(pixels));
            descriptions.append(frame);
        }
    } else {
        auto parsed = parseTelemetry(parser.value(telemetry));
        if (!parsed)
            return fail(parsed.error());
        values = parsed.value();
        description.insert(QStringLiteral("kind"), kindName(Kind::Telemetry));
    }
    if (descriptions.isEmpty())
        descriptions.append(description);

    Room room;
    if (auto joined = room.join(parser.value(keyOption), parser.value(name)); !joined)
        return fail(joined.error());
    quitOnSignals(&room, Ok);

    quint64 published = 0;
    const auto publishOnce = [&]() -> Result<std::uint64_t> {
        if (parser.isSet(text) || parser.isSet(textFile))
            return room.publishText(message);
        if (images) {
            const QImage &pixels = frames.at(qsizetype(published % quint64(frames.size())));
            return room.publishImage(std::uint32_t(pixels.width()), std::uint32_t(pixels.height()),
                                     pixelFormatOf(pixels),
                                     reinterpret_cast<const char *>(pixels.constBits()));
        }
        return room.publishTelemetry(values);
    };

    // Fires at once, then every --interval-ms, or on the clock's beat of --fps.
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    const FramePacer pacer(std::max<quint64>(1, *perSecond));
    const auto nextInterval = [&]() -> int { return *perSecond == 0 ? int(*intervalMs) : pacer.msUntil(published); };
    QObject::connect(&timer, &QTimer::timeout, &room, [&] {
        const QJsonObject &payload = descriptions.at(qsizetype(published % quint64(descriptions.size())));
        auto seq = publishOnce();
        if (!seq) {
            fail(seq.error());
            timer.stop();
            finish(Failed);
            return;
        }
        ++published;
        timer.setInterval(nextInterval());
        if (json) {
            QJsonObject line = payload;
            line.insert(QStringLiteral("seq"), qint64(seq.value()));
            printJson(line);
        }
        if (*repeatCount != 0 && published >= *repeatCount) {
            timer.stop();
            if (!json)
                out() << "published " << published << " update(s) to room \"" << room.key() << "\"" << Qt::endl;
            finish(Ok);
        }
    });
    timer.start(0);
    return QCoreApplication::exec();
}

int runWatch(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption name = nameOption(QStringLiteral("watch"));
    const QCommandLineOption count(QStringLiteral("count"),
                                   QStringLiteral("Exit after N updates; 0 = never (default)."),
                                   QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Fail after SEC seconds without reaching --count."),
                                     QStringLiteral("sec"), QStringLiteral("0"));
    const QCommandLineOption skipCurrent(QStringLiteral("skip-current"),
                                         QStringLiteral("Do not print the values already in the room."));
    const QCommandLineOption kinds(QStringLiteral("kind"),
                                   QStringLiteral("Only updates of this kind: text, image or telemetry (may be given "
                                                  "more than once). Others are not even read."),
                                   QStringLiteral("kind"));
    parser.addOptions({ name, count, timeout, skipCurrent, kinds, jsonOption });
    if (auto done = parse(parser, arguments,
                          QStringLiteral("Print the room's current values from other peers, then each "
                                         "update as it arrives.")))
        return *done;
    bool ok = false;
    const auto wanted = parseCount(parser.value(count), &ok);
    if (!ok)
        return fail(QStringLiteral("--count wants a whole number, not \"%1\".").arg(parser.value(count)), Usage);
    const double timeoutSeconds = parser.value(timeout).toDouble(&ok);
    if (!ok || timeoutSeconds < 0 || timeoutSeconds > 7 * 24 * 3600)
        return fail(QStringLiteral("--timeout wants a number of seconds, not \"%1\".").arg(parser.value(timeout)),
                    Usage);
    QSet<Kind> shown;
    for (const QString &kind : parser.values(kinds)) {
        const auto named = kindFromName(kind);
        if (!named)
            return fail(QStringLiteral("--kind wants text, image or telemetry, not \"%1\".").arg(kind), Usage);
        shown.insert(*named);
    }
    const bool json = parser.isSet(jsonOption);

    Room room;
    quint64 printed = 0;
    bool done = false;
    // Lines go out in the order their updates arrived. An image's line waits
    // for its hash, which a worker thread computes while this thread goes on
    // reading: a slow hash (the first read of a buffer costs ~2 µs a page
    // here) delays lines but skips no frame. The lease keeps a queued
    // frame's pixels still until it is hashed.
    struct Pending
    {
        quint64 ticket;
        QJsonObject line;
        QString text; // the line without --json
        bool ready;
        bool isUpdate = true; // false: a line about a peer joining or leaving
    };
    std::deque<Pending> pending;
    quint64 nextTicket = 0;
    const auto flush = [&] {
        while (!done && !pending.empty() && pending.front().ready) {
            const Pending next = pending.front();
            pending.pop_front();
            if (json)
                printJson(next.line);
            else
                out() << next.text << Qt::endl;
            if (!next.isUpdate)
                continue;
            ++printed;
            if (*wanted != 0 && printed >= *wanted) {
                done = true;
                finish(Ok);
            }
        }
    };
    WorkerPool hashes(1, std::chrono::seconds(2)); // one thread: hashes end in the order they start
    const auto onUpdate = [&](PeerId id, Kind kind, quint64) {
        if (done || (!shown.isEmpty() && !shown.contains(kind)))
            return;
        auto held = holdLatest(room, id, kind);
        const std::uint64_t heldAt = Room::monotonicNs();
        const auto peer = room.peer(id);
        const QString peerName = peer ? peer->name : hexId(id);
        if (!held) {
            err() << "shmbridge-cli: could not read " << kindName(kind) << " from " << peerName << ": "
                  << held.error() << Qt::endl;
            return;
        }
        const std::uint64_t seq = held.value().seq;
        const std::uint64_t publishedAt = held.value().publishMonotonicNs;
        const char *bytes = held.value().data;
        const std::size_t size = held.value().size;
        room.acknowledge(id, kind, seq);
        QJsonObject line;
        line.insert(QStringLiteral("peer"), peerName);
        line.insert(QStringLiteral("peer_id"), hexId(id));
        line.insert(QStringLiteral("kind"), kindName(kind));
        line.insert(QStringLiteral("seq"), qint64(seq));
        line.insert(QStringLiteral("latency_us"),
                    heldAt > publishedAt ? double(heldAt - publishedAt) / 1000.0 : 0.0);
        const QString prefix = QStringLiteral("[%1] %2 #%3 (%4 us): ")
                                       .arg(peerName, kindName(kind))
                                       .arg(seq)
                                       .arg(qRound(line.value(QStringLiteral("latency_us")).toDouble()));
        if (kind == Kind::Text) {
            auto text = decodeText(bytes, size);
            if (!text) {
                err() << "shmbridge-cli: " << peerName << ": " << text.error() << Qt::endl;
                return;
            }
            line.insert(QStringLiteral("text"), text.value());
            pending.push_back({ nextTicket++, line, prefix + text.value(), true });
        } else if (kind == Kind::Telemetry) {
            auto telemetry = decodeTelemetry(bytes, size);
            if (!telemetry) {
                err() << "shmbridge-cli: " << peerName << ": " << telemetry.error() << Qt::endl;
                return;
            }
            QJsonArray numbers;
            for (double v : telemetry.value().values)
                numbers.append(v);
            line.insert(QStringLiteral("values"), numbers);
            if (!telemetry.value().names.isEmpty())
                line.insert(QStringLiteral("names"), QJsonArray::fromStringList(telemetry.value().names));
            pending.push_back({ nextTicket++, line, prefix + formatTelemetry(telemetry.value()), true });
        } else {
            const LeasedUpdate &image = held.value();
            if (auto valid = validateImageGeometry(image.width, image.height, image.format, size); !valid) {
                err() << "shmbridge-cli: " << peerName << ": " << valid.error() << Qt::endl;
                return;
            }
            line.insert(QStringLiteral("width"), qint64(image.width));
            line.insert(QStringLiteral("height"), qint64(image.height));
            line.insert(QStringLiteral("format"), pixelFormatName(layout::PixelFormat(image.format)));
            const quint64 ticket = nextTicket++;
            pending.push_back({ ticket, line, prefix, false });
            // The payload is the packed rows, exactly what pixelSha256 hashes.
            hashes.run(
                    &room, [image] { return sha256Hex(image.data, image.size); },
                    [&pending, &flush, ticket, image](const QString &sha256) {
                        for (Pending &entry : pending) {
                            if (entry.ticket != ticket)
                                continue;
                            entry.line.insert(QStringLiteral("sha256"), sha256);
                            entry.text += QStringLiteral("%1x%2 %3").arg(image.width).arg(image.height).arg(sha256);
                            entry.ready = true;
                        }
                        flush();
                    });
        }
        flush();
    };

    if (!json) {
        const auto say = [&](const QString &text) {
            pending.push_back({ nextTicket++, QJsonObject(), text, true, false });
            flush();
        };
        QObject::connect(&room, &Room::peerJoined, &room, [say](const PeerInfo &peer) {
            say(peer.name + (peer.live ? QStringLiteral(" is in the room") : QStringLiteral(" was in the room")));
        });
        QObject::connect(&room, &Room::peerLeft, &room, [say](const PeerInfo &peer) { say(peer.name + QStringLiteral(" left")); });
    }
    if (!parser.isSet(skipCurrent))
        QObject::connect(&room, &Room::updateAvailable, &room, onUpdate);
    if (auto joined = room.join(parser.value(keyOption), parser.value(name)); !joined)
        return fail(joined.error());
    if (parser.isSet(skipCurrent)) {
        room.refresh(); // takes in the current values, unheard
        QObject::connect(&room, &Room::updateAvailable, &room, onUpdate);
    }
    quitOnSignals(&room, Ok);
    if (timeoutSeconds > 0) {
        QTimer::singleShot(qRound(timeoutSeconds * 1000), &room, [&] {
            if (done)
                return;
            done = true;
            fail(QStringLiteral("timed out after %1 s with %2 of %3 update(s).")
                         .arg(timeoutSeconds)
                         .arg(printed)
                         .arg(*wanted));
            QCoreApplication::exit(TimedOut);
        });
    }
    return QCoreApplication::exec();
}

int runPeers(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption all(QStringLiteral("all"), QStringLiteral("Also list peers that have left."));
    parser.addOptions({ all, jsonOption });
    if (auto done = parse(parser, arguments, QStringLiteral("List the live peers of a room, without joining it.")))
        return *done;
    auto observed = observeRoom(parser.value(keyOption));
    QList<PeerInfo> peers;
    if (observed)
        peers = observed.value().peers;
    else if (observed.systemError() != ENOENT)
        return fail(observed.error());
    QJsonArray list;
    for (const PeerInfo &peer : std::as_const(peers)) {
        if (!peer.live && !parser.isSet(all))
            continue;
        QJsonObject seqs;
        for (std::uint32_t kind = 0; kind < layout::kKindCount; ++kind)
            seqs.insert(kindName(Kind(kind)), qint64(peer.latestSeq[kind]));
        list.append(QJsonObject { { QStringLiteral("id"), hexId(peer.id) },
                                  { QStringLiteral("name"), peer.name },
                                  { QStringLiteral("pid"), peer.pid },
                                  { QStringLiteral("live"), peer.live },
                                  { QStringLiteral("seq"), seqs } });
        if (!parser.isSet(jsonOption))
            out() << peer.name << "\tpid " << peer.pid << '\t' << (peer.live ? "live" : "left") << '\t'
                  << hexId(peer.id) << Qt::endl;
    }
    if (parser.isSet(jsonOption))
        out() << QJsonDocument(list).toJson(QJsonDocument::Compact) << Qt::endl;
    return Ok;
}

int runInspect(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (auto done = parse(parser, arguments,
                          QStringLiteral("Dump a room's header and slots, read-only, for debugging.")))
        return *done;
    auto observed = observeRoom(parser.value(keyOption));
    if (!observed)
        return fail(observed.error());
    const RoomObservation &room = observed.value();
    out() << "home " << room.home << '\n'
          << "segment " << QString::fromUtf8(room.segment) << ", " << room.segmentSize << " bytes\n"
          << QStringLiteral("magic 0x%1, protocol version %2, %3 slots of %4 bytes at offset %5\n")
                     .arg(room.header.magic, 16, 16, QLatin1Char('0'))
                     .arg(room.header.version)
                     .arg(room.header.peerCapacity)
                     .arg(room.header.peerEntrySize)
                     .arg(room.header.peerTableOffset)
          << QStringLiteral("key \"%1\", created %2\n")
                     .arg(parser.value(keyOption),
                          QDateTime::fromMSecsSinceEpoch(qint64(room.header.createdRealtimeNs / 1000000)).toString(Qt::ISODateWithMs));
    for (qsizetype i = 0; i < room.peers.size(); ++i) {
        const PeerInfo &peer = room.peers.at(i);
        const RoomObservation::Slot &slot = room.slots.at(i);
        out() << QStringLiteral("slot %1: %2 \"%3\" id %4 pid %5\n")
                         .arg(slot.slot)
                         .arg(QLatin1StringView(peer.live ? "live" : slot.died ? "dead" : "left"), peer.name)
                         .arg(peer.id, 16, 16, QLatin1Char('0'))
                         .arg(peer.pid);
        for (const RoomObservation::Channel &channel : slot.channels) {
            out() << QStringLiteral("  %1: seq %2, segment generation %3, %4 bytes per buffer\n")
                             .arg(kindName(channel.kind))
                             .arg(peer.latestSeq[std::size_t(channel.kind)])
                             .arg(channel.generation)
                             .arg(channel.capacity);
        }
    }
    out().flush();
    return Ok;
}

} // namespace shmbridge::cli

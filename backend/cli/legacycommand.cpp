// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// shmbridge-cli legacy: a bridge between a room and one QSharedMemory segment
// of the kind the shared-memory tutorials and Qt's "Shared Memory" example use.
//   --import  polls the segment and publishes what changes into the room;
//   --export  keeps the segment holding one peer's latest value.
#include "cliutil.h"
#include "commands.h"
#include "imagefile.h"
#include "legacyformat.h"
#include "legacysegment.h"
#include "payload.h"
#include "quitonsignal.h"
#include "room.h"
#include "segmentworker.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QTimer>

#include <optional>

#include <unistd.h>

namespace shmbridge::cli {

using interop::LegacyFormat;
using interop::LegacySegment;
using interop::SegmentWorker;
using layout::Kind;

namespace {

// A legacy program may hold its segment's lock for as long as it likes:
// after this long the bridge says it is waiting.
constexpr int kLockPatienceMs = 2000;
// How long the bridge waits for a lock() on its way out before it leaves
// without it.
constexpr int kExitPatienceMs = 1000;

// Says each refusal once, not at every poll, until something else happens.
class Reporter
{
public:
    explicit Reporter(bool json) : m_json(json) { }

    void event(const QString &event, const QString &message)
    {
        if (message == m_last)
            return;
        m_last = message;
        if (m_json)
            printJson({ { QStringLiteral("event"), event }, { QStringLiteral("message"), message } });
        else
            err() << "shmbridge-cli: " << message << Qt::endl;
    }
    void value(QJsonObject line, const QString &human)
    {
        m_last.clear();
        if (m_json)
            printJson(line);
        else
            out() << human << Qt::endl;
    }

private:
    bool m_json;
    QString m_last;
};

QJsonObject describe(const LegacyFormat &format, const QByteArray &payload, const Update &update)
{
    QJsonObject line { { QStringLiteral("kind"), kindName(format.roomKind()) },
                       { QStringLiteral("seq"), qint64(update.seq) } };
    if (format.roomKind() == Kind::Image) {
        line.insert(QStringLiteral("width"), qint64(update.width));
        line.insert(QStringLiteral("height"), qint64(update.height));
    }
    line.insert(QStringLiteral("segment_bytes"), payload.size());
    return line;
}

int runImport(Room &room, const LegacyFormat &format, const LegacySegment &segment, SegmentWorker &worker,
              Reporter &report, int pollMs)
{
    // The segment's bytes last looked at, good or not; empty while it is
    // absent, so that it is published again when it comes back.
    QByteArray lastSeen;
    QTimer poll;
    poll.setInterval(pollMs);
    const auto take = [&](const Result<std::optional<QByteArray>> &snapshot) {
        if (!snapshot) {
            report.event(QStringLiteral("error"), snapshot.error());
            return;
        }
        if (!snapshot.value()) {
            // Said once per absence: the reporter repeats no message.
            report.event(QStringLiteral("absent"),
                         QStringLiteral("%1 does not exist (now); waiting for it").arg(segment.shown()));
            lastSeen.clear();
            return;
        }
        const QByteArray bytes = *snapshot.value();
        if (bytes == lastSeen)
            return; // legacy writers send no notification: publish only changes
        lastSeen = bytes;
        Result<std::uint64_t> published = Error { QString() };
        QJsonObject line { { QStringLiteral("kind"), kindName(format.roomKind()) } };
        QString human;
        switch (format.roomKind()) {
        case Kind::Image: {
            auto image = format.decodeImage(bytes, segment.shown());
            if (!image) {
                report.event(QStringLiteral("refused"), image.error() + QStringLiteral(" The last good image stays."));
                return;
            }
            const QImage &pixels = image.value();
            published = room.publishImage(std::uint32_t(pixels.width()), std::uint32_t(pixels.height()),
                                          pixelFormatOf(pixels), reinterpret_cast<const char *>(pixels.constBits()));
            line.insert(QStringLiteral("width"), pixels.width());
            line.insert(QStringLiteral("height"), pixels.height());
            line.insert(QStringLiteral("sha256"), pixelSha256(pixels));
            human = QStringLiteral("image %1 x %2").arg(pixels.width()).arg(pixels.height());
            break;
        }
        case Kind::Text: {
            auto text = format.decodeText(bytes, segment.shown());
            if (!text) {
                report.event(QStringLiteral("refused"), text.error() + QStringLiteral(" The last good text stays."));
                return;
            }
            published = room.publishText(text.value());
            line.insert(QStringLiteral("text"), text.value());
            human = QStringLiteral("text \"%1\"").arg(text.value());
            break;
        }
        case Kind::Telemetry: {
            auto telemetry = format.decodeReals(bytes, segment.shown());
            if (!telemetry) {
                report.event(QStringLiteral("refused"), telemetry.error() + QStringLiteral(" The last good values stay."));
                return;
            }
            published = room.publishTelemetry(telemetry.value());
            QJsonArray values;
            for (const double value : telemetry.value().values)
                values.append(value);
            line.insert(QStringLiteral("values"), values);
            line.insert(QStringLiteral("names"), QJsonArray::fromStringList(telemetry.value().names));
            human = QStringLiteral("telemetry %1").arg(formatTelemetry(telemetry.value()));
            break;
        }
        }
        if (!published) {
            report.event(QStringLiteral("error"), published.error());
            return;
        }
        line.insert(QStringLiteral("seq"), qint64(published.value()));
        report.value(line, QStringLiteral("imported %1 as seq %2").arg(human).arg(published.value()));
    };
    // While a snapshot waits for the lock, ticks pass it by.
    const auto look = [&] { worker.snapshot(take); };
    QObject::connect(&poll, &QTimer::timeout, &room, look);
    poll.start();
    QTimer::singleShot(0, &room, look);
    return QCoreApplication::exec();
}

// The legacy bytes of one update from the room, in the segment's format.
Result<QByteArray> exportBytes(const LegacyFormat &format, const Update &update, qsizetype textSegmentSize)
{
    switch (format.roomKind()) {
    case Kind::Image: {
        const QImage pixels(reinterpret_cast<const uchar *>(update.payload.constData()), int(update.width),
                            int(update.height), int(update.width) * 4,
                            qImageFormat(layout::PixelFormat(update.format)));
        if (pixels.isNull())
            return Error { QStringLiteral("the peer's image has an unknown pixel format %1.").arg(update.format) };
        return LegacyFormat::encodeImage(pixels);
    }
    case Kind::Text: {
        auto text = decodeText(update.payload.constData(), std::size_t(update.payload.size()));
        if (!text)
            return Error { text.error() };
        return LegacyFormat::encodeText(text.value(), textSegmentSize);
    }
    case Kind::Telemetry:
        break;
    }
    auto telemetry = decodeTelemetry(update.payload.constData(), std::size_t(update.payload.size()));
    if (!telemetry)
        return Error { telemetry.error() };
    return format.encodeReals(telemetry.value());
}

int runExport(Room &room, const LegacyFormat &format, const LegacySegment &segment, SegmentWorker &worker,
              Reporter &report, const QString &from, qsizetype textSegmentSize)
{
    const Kind kind = format.roomKind();
    std::uint64_t lastSeq = 0;
    PeerId lastPeer = 0;
    const auto exportFrom = [&](PeerId peer) {
        auto update = room.read(peer, kind);
        if (!update) {
            report.event(QStringLiteral("error"), update.error());
            return;
        }
        if (peer == lastPeer && update.value().seq == lastSeq)
            return;
        auto bytes = exportBytes(format, update.value(), textSegmentSize);
        if (!bytes) {
            report.event(QStringLiteral("refused"),
                         QStringLiteral("%1's %2 cannot be written as %3: %4")
                                 .arg(from, kindName(kind), format.spec(), bytes.error()));
            return;
        }
        worker.write(bytes.value(), [&, peer, value = bytes.value(), update = std::move(update).value()](
                                            const Result<QString> &written) {
            if (!written) {
                report.event(QStringLiteral("error"), written.error());
                return;
            }
            if (!written.value().isEmpty())
                report.event(QStringLiteral("replaced"), written.value());
            lastPeer = peer;
            lastSeq = update.seq;
            room.acknowledge(peer, kind, lastSeq);
            report.value(describe(format, value, update),
                         QStringLiteral("exported %1's %2 (seq %3) to %4")
                                 .arg(from, kindName(kind))
                                 .arg(lastSeq)
                                 .arg(segment.shown()));
        });
    };
    QObject::connect(&room, &Room::peerJoined, &room, [&](const PeerInfo &peer) {
        if (peer.name == from && peer.latestSeq[std::size_t(kind)] > 0)
            exportFrom(peer.id);
    });
    QObject::connect(&room, &Room::updateAvailable, &room, [&](PeerId peer, Kind updated, quint64) {
        if (updated != kind)
            return;
        if (auto info = room.peer(peer); info && info->name == from)
            exportFrom(peer);
    });
    return QCoreApplication::exec();
}

} // namespace

int runLegacy(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption qtKey(QStringLiteral("qt-key"),
                                   QStringLiteral("The segment's key as QSharedMemory::setKey takes it. Qt 6.4 "
                                                  "derives it from a file in the temporary directory: give both "
                                                  "sides the same TMPDIR."),
                                   QStringLiteral("key"));
    const QCommandLineOption nativeKey(QStringLiteral("native-key"),
                                       QStringLiteral("The segment's key as QSharedMemory::setNativeKey takes it."),
                                       QStringLiteral("key"));
    const QCommandLineOption formatOption(QStringLiteral("format"),
                                          QStringLiteral("What the segment holds: qimage (QDataStream << QImage), "
                                                         "utf8 (NUL-padded text) or reals:N (N QDataStream doubles)."),
                                          QStringLiteral("format"));
    const QCommandLineOption importOption(QStringLiteral("import"),
                                          QStringLiteral("Publish the segment's content into the room when it changes."));
    const QCommandLineOption exportOption(QStringLiteral("export"),
                                          QStringLiteral("Keep the segment holding one peer's latest value."));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("With --export: the peer to export."),
                                  QStringLiteral("peer"));
    const QCommandLineOption name = nameOption(QStringLiteral("legacy"));
    const QCommandLineOption poll(QStringLiteral("poll-ms"),
                                  QStringLiteral("With --import: how often to look, in ms (default 50)."),
                                  QStringLiteral("ms"), QStringLiteral("50"));
    const QCommandLineOption names(QStringLiteral("names"),
                                   QStringLiteral("Names of the reals:N values, comma-separated."),
                                   QStringLiteral("a,b,c"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("With --export --format utf8: the segment's size in bytes "
                                                 "(default 100, the size the text tutorials use)."),
                                  QStringLiteral("bytes"), QStringLiteral("100"));
    parser.addOptions({ qtKey, nativeKey, formatOption, importOption, exportOption, from, name, poll, names, size,
                        jsonOption });
    if (auto done = parse(parser, arguments,
                          QStringLiteral("Bridge a room and one QSharedMemory segment of a legacy program.")))
        return *done;

    if (parser.isSet(qtKey) == parser.isSet(nativeKey))
        return fail(QStringLiteral("give one of --qt-key or --native-key."), Usage);
    if (parser.isSet(importOption) == parser.isSet(exportOption))
        return fail(QStringLiteral("give one of --import or --export."), Usage);
    if (!parser.isSet(formatOption))
        return fail(QStringLiteral("--format is required: qimage, utf8 or reals:N."), Usage);
    if (parser.isSet(exportOption) && !parser.isSet(from))
        return fail(QStringLiteral("--export needs --from PEER, the peer whose values to export."), Usage);
    const QString segmentKey = parser.isSet(qtKey) ? parser.value(qtKey) : parser.value(nativeKey);
    if (segmentKey.isEmpty())
        return fail(QStringLiteral("the segment key is empty."), Usage);
    auto format = LegacyFormat::parse(parser.value(formatOption),
                                      parser.isSet(names) ? parser.value(names).split(QLatin1Char(','))
                                                          : QStringList());
    if (!format)
        return fail(format.error(), Usage);
    bool ok = false;
    const int pollMs = parser.value(poll).toInt(&ok);
    if (!ok || pollMs < 1 || pollMs > 60000)
        return fail(QStringLiteral("--poll-ms wants 1 to 60000 milliseconds, not \"%1\".").arg(parser.value(poll)),
                    Usage);
    const int textSize = parser.value(size).toInt(&ok);
    if (!ok || textSize < 1 || qint64(textSize) > qint64(layout::kMaxTextBytes))
        return fail(QStringLiteral("--size wants 1 to %1 bytes, not \"%2\".")
                            .arg(layout::kMaxTextBytes)
                            .arg(parser.value(size)),
                    Usage);

    LegacySegment segment(segmentKey, parser.isSet(qtKey) ? LegacySegment::KeyType::Qt : LegacySegment::KeyType::Native);
    if (parser.isSet(exportOption) && format.value().shape() == LegacyFormat::Shape::Reals)
        segment.setExactSize(format.value().realsSize());
    if (parser.isSet(exportOption) && format.value().shape() == LegacyFormat::Shape::Utf8)
        segment.setExactSize(textSize);
    Room room;
    if (auto joined = room.join(parser.value(keyOption), parser.value(name)); !joined)
        return fail(joined.error());
    quitOnSignals(&room, Ok);
    Reporter report(parser.isSet(jsonOption));
    // The segment is touched on a thread of its own: a lock() held by the
    // legacy program blocks only that thread.
    SegmentWorker worker(segment, &room);
    QTimer patience;
    QObject::connect(&patience, &QTimer::timeout, &room, [&] {
        if (worker.busyMs() > kLockPatienceMs)
            report.event(QStringLiteral("waiting"),
                         QStringLiteral("%1 has been locked by another program for over %2 s; waiting for it.")
                                 .arg(segment.shown())
                                 .arg(kLockPatienceMs / 1000));
    });
    patience.start(kLockPatienceMs / 2);
    const int code = parser.isSet(importOption)
            ? runImport(room, format.value(), segment, worker, report, pollMs)
            : runExport(room, format.value(), segment, worker, report, parser.value(from), textSize);
    room.leave();
    if (!worker.stop(kExitPatienceMs)) {
        report.event(QStringLiteral("error"),
                     QStringLiteral("%1 is still locked by another program; leaving without it.").arg(segment.shown()));
        out().flush();
        err().flush();
        _exit(code); // the worker thread stays in lock(): nothing may be destroyed under it
    }
    return code;
}

} // namespace shmbridge::cli

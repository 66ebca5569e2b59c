// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// libFuzzer target over everything that parses bytes from shared memory:
// the control segment (via observeRoom), channel segments (via
// ChannelReader), and the text and telemetry codecs.
//
// Input: byte 0 picks the parser, the rest is what it parses. With
// SHMBRIDGE_FUZZ_SEEDS=DIR set, the first run writes real segments from a
// real room into DIR as the seed corpus (scripts/fuzz.sh does this).
#include "channel.h"
#include "layout.h"
#include "names.h"
#include "payload.h"
#include "room.h"
#include "roomobservation.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

using namespace shmbridge;

namespace {

const QString kKey = QStringLiteral("fuzz-%1").arg(getpid());

// Replaces the named segment's contents with the fuzzer's bytes.
void writeSegment(const QByteArray &name, const std::uint8_t *data, std::size_t size, std::size_t minimum)
{
    unlink(name.constData());
    const int fd = open(name.constData(), O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return;
    const std::size_t length = std::max(size, minimum);
    if (ftruncate(fd, off_t(length)) == 0 && size > 0) {
        [[maybe_unused]] const auto written = pwrite(fd, data, size, 0);
    }
    close(fd);
}

void writeSeed(const QDir &dir, const char *name, char selector, const QByteArray &bytes)
{
    QFile file(dir.filePath(QString::fromLatin1(name)));
    if (file.open(QIODevice::WriteOnly))
        file.write(QByteArray(1, selector) + bytes);
}

// Up to 96 KiB: a whole control segment (74,240 bytes) and a small channel's
// header and first buffers; scripts/fuzz.sh lets inputs grow that far.
QByteArray segmentBytes(const QByteArray &name)
{
    QFile file(QFile::decodeName(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll().left(96 * 1024) : QByteArray();
}

void writeSeeds(const QDir &dir)
{
    Room room;
    if (!room.join(QStringLiteral("fuzz-seeds-%1").arg(getpid()), QStringLiteral("seeder")))
        return;
    (void)room.publishText(QStringLiteral("hello, seeds"));
    (void)room.publishTelemetry(Telemetry { { 1.5, -2, 3 }, { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") } });
    const QByteArray pixels(8 * 8 * 4, char(0x7f));
    (void)room.publishImage(8, 8, layout::PixelFormat::Rgb32, pixels.constData());
    const RoomNames &names = *room.names();
    writeSeed(dir, "room", 3, segmentBytes(names.roomSegment()));
    // Channel names end in a random token: find each by listing the room home.
    const auto channel = [&](std::uint32_t kind) {
        QByteArray found;
        QDir home(QFile::decodeName(names.home().path));
        const QByteArray prefix = names.channelPrefix(room.selfId()) + QByteArray::number(kind) + '-';
        const QString stem = QFile::decodeName(prefix.mid(prefix.lastIndexOf('/') + 1));
        for (const QString &file : home.entryList({ stem + QLatin1Char('*') }, QDir::System | QDir::Files))
            found = names.home().path + '/' + QFile::encodeName(file);
        return segmentBytes(found);
    };
    writeSeed(dir, "channel-text", 2, channel(0));
    writeSeed(dir, "channel-image", 2, channel(1));
    writeSeed(dir, "channel-telemetry", 2, channel(2));
    writeSeed(dir, "text", 0, "héllo");
    writeSeed(dir, "telemetry", 1, encodeTelemetry(Telemetry { { 1, 2 }, {} }).value());
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    if (const QByteArray dir = qgetenv("SHMBRIDGE_FUZZ_SEEDS"); !dir.isEmpty()) {
        QDir().mkpath(QString::fromLocal8Bit(dir));
        writeSeeds(QDir(QString::fromLocal8Bit(dir)));
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::uint8_t selector = data[0] % 4;
    const auto *bytes = reinterpret_cast<const char *>(data + 1);
    const std::size_t length = size - 1;
    static const RoomNames names = RoomNames::fromKey(kKey).value();
    switch (selector) {
    case 0:
        (void)decodeText(bytes, length);
        break;
    case 1:
        (void)decodeTelemetry(bytes, length);
        break;
    case 2: {
        // A channel segment: a fresh reader maps it and reads it, twice.
        // The channel's own nonce and kind are taken from the header so the
        // fuzzer reaches the buffers, not just the identity check.
        layout::ChannelHeader header {};
        std::memcpy(&header, bytes, std::min(length, sizeof header));
        const auto kind = layout::Kind(header.kind % layout::kKindCount);
        const ChannelLocation location { 1, 1 };
        const QByteArray name = names.channelSegment(header.writerNonce, header.kind % 3, location.generation, location.token);
        writeSegment(name, data + 1, length, 0);
        ChannelReader reader(names, header.writerNonce, kind);
        (void)reader.read(location);
        (void)reader.read(location);
        unlink(name.constData());
        break;
    }
    case 3: {
        // A control segment, looked at the way `shmbridge-cli inspect` does.
        writeSegment(names.roomSegment(), data + 1, std::min(length, layout::kRoomSegmentSize), layout::kRoomSegmentSize);
        (void)observeRoom(kKey);
        unlink(names.roomSegment().constData());
        break;
    }
    }
    return 0;
}

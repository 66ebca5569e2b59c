// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The room in one process: two or more Room objects, real shared memory, real
// doorbells. Cross-process behaviour is in tests/multiprocess.
#include "doorbell.h"
#include "room.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <bit>
#include <thread>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace shmbridge;
using layout::Kind;

namespace {

QString uniqueKey()
{
    return QStringLiteral("unit-%1-%2").arg(QCoreApplication::applicationPid()).arg(QRandomGenerator::global()->generate());
}

// Every file of a room in the room home: segments and sockets.
QStringList segmentsOf(const QString &key)
{
    const auto names = RoomNames::fromKey(key).value();
    return QDir(QFile::decodeName(names.home().path))
            .entryList({ QString::fromUtf8(names.stem()) + QLatin1Char('*') }, QDir::Files | QDir::System);
}

// A small image whose every pixel is value, so that a buffer the writer
// overwrote shows at once.
QByteArray pixelsOf(std::uint32_t value, int side = 64)
{
    QByteArray pixels(side * side * 4, Qt::Uninitialized);
    for (int i = 0; i < side * side; ++i)
        std::memcpy(pixels.data() + i * 4, &value, 4);
    return pixels;
}

bool allPixelsAre(const LeasedUpdate &update, std::uint32_t value)
{
    for (std::size_t at = 0; at + 4 <= update.size; at += 4) {
        std::uint32_t pixel;
        std::memcpy(&pixel, update.data + at, 4);
        if (pixel != value)
            return false;
    }
    return update.size > 0;
}

// Joins both rooms to key and waits until each sees the other.
bool meet(Room &writer, Room &reader, const QString &key)
{
    return writer.join(key, QStringLiteral("writer")) && reader.join(key, QStringLiteral("reader"))
            && QTest::qWaitFor([&] { return writer.peers().size() == 1 && reader.peers().size() == 1; });
}

// Publishes an image of one colour from writer, and waits until reader sees it.
void publishColour(Room &writer, Room &reader, std::uint32_t value)
{
    QSignalSpy updates(&reader, &Room::updateAvailable);
    const QByteArray pixels = pixelsOf(value);
    QVERIFY(writer.publishImage(64, 64, layout::PixelFormat::Rgb32, pixels.constData()));
    QTRY_VERIFY(!updates.isEmpty());
}

} // namespace

class TestRoom : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textCrossesAndIsAcknowledged()
    {
        const QString key = uniqueKey();
        Room alice, bob;
        QVERIFY(alice.join(key, QStringLiteral("alice")));
        QSignalSpy joined(&alice, &Room::peerJoined);
        QVERIFY(bob.join(key, QStringLiteral("bob")));
        QTRY_COMPARE(joined.count(), 1);
        QCOMPARE(joined.at(0).at(0).value<PeerInfo>().name, QStringLiteral("bob"));

        QSignalSpy updates(&bob, &Room::updateAvailable);
        QSignalSpy acknowledged(&alice, &Room::acknowledged);
        auto seq = alice.publishText(QStringLiteral("hello"));
        QVERIFY(seq);
        QCOMPARE(seq.value(), 1u);
        QTRY_COMPARE(updates.count(), 1);
        const PeerId from = updates.at(0).at(0).value<PeerId>();
        QCOMPARE(from, alice.selfId());
        auto update = bob.read(from, Kind::Text);
        QVERIFY2(update, qPrintable(update.error()));
        QCOMPARE(update.value().payload, QByteArray("hello"));
        QCOMPARE(update.value().seq, 1u);
        QVERIFY(update.value().publishMonotonicNs <= Room::monotonicNs());

        bob.acknowledge(from, Kind::Text, update.value().seq);
        QTRY_COMPARE(acknowledged.count(), 1);
        QCOMPARE(acknowledged.at(0).at(0).value<PeerId>(), bob.selfId());
        QCOMPARE(acknowledged.at(0).at(2).toULongLong(), 1u);
    }

    void channelsGrowWithoutRestarting()
    {
        const QString key = uniqueKey();
        Room writer, reader;
        QVERIFY(writer.join(key, QStringLiteral("writer")));
        QVERIFY(reader.join(key, QStringLiteral("reader")));
        QSignalSpy updates(&reader, &Room::updateAvailable);
        // Small, then the largest text, then small again: the channel grows
        // once and the reader follows it to the new segment.
        for (const qsizetype size : { qsizetype(10), qsizetype(layout::kMaxTextBytes), qsizetype(20) }) {
            const QString text(size, QLatin1Char('a' + char(size % 26)));
            auto seq = writer.publishText(text);
            QVERIFY2(seq, qPrintable(seq.error()));
            QTRY_VERIFY(!updates.isEmpty() && updates.last().at(2).toULongLong() == seq.value());
            auto update = reader.read(writer.selfId(), Kind::Text);
            QVERIFY2(update, qPrintable(update.error()));
            QCOMPARE(update.value().payload.size(), size);
            QCOMPARE(update.value().seq, seq.value());
        }
        // Only the current generation is left: 1 room + 1 channel + 2 sockets.
        QCOMPARE(segmentsOf(key).size(), 4);
    }

    void aLeasedImageBufferIsNeverOverwritten()
    {
        Room writer, reader;
        QVERIFY(meet(writer, reader, uniqueKey()));
        const PeerId from = writer.selfId();
        ChannelReader channel(*reader.names(), from, Kind::Image);

        publishColour(writer, reader, 1);
        auto held = channel.lease(reader.channel(from, Kind::Image)->location(), reader.leaseWord(from));
        QVERIFY2(held, qPrintable(held.error()));
        QCOMPARE(held.value().seq, 1u);
        // Far more publishes than there are buffers: a writer that ignored
        // the lease would have filled the held buffer again by now.
        for (std::uint32_t colour = 2; colour < 20; ++colour)
            publishColour(writer, reader, colour);
        QVERIFY(allPixelsAre(held.value(), 1));
        const auto latest = channel.lease(reader.channel(from, Kind::Image)->location(), reader.leaseWord(from));
        QVERIFY2(latest, qPrintable(latest.error()));
        QCOMPARE(latest.value().seq, 19u);
        QVERIFY(allPixelsAre(latest.value(), 19));
        QVERIFY(allPixelsAre(held.value(), 1));
        // Both leases live in one word, in the reader's own slot; dropping
        // the updates releases them.
        QCOMPARE(layout::leaseGeneration(*reader.leaseWord(from).lease), 1u);
        QCOMPARE(std::popcount(layout::leaseMask(*reader.leaseWord(from).lease)), 2);
        held = Error { QString() };
        QCOMPARE(std::popcount(layout::leaseMask(*reader.leaseWord(from).lease)), 1);
    }

    void whenEveryBufferIsLeasedTheWriterMovesOnInsteadOfWaiting()
    {
        Room writer, reader;
        QVERIFY(meet(writer, reader, uniqueKey()));
        const PeerId from = writer.selfId();
        ChannelReader channel(*reader.names(), from, Kind::Image);
        // Hold every frame: with three buffers, the third publish finds the
        // two others leased.
        QList<LeasedUpdate> held;
        for (std::uint32_t colour = 1; colour <= 6; ++colour) {
            publishColour(writer, reader, colour);
            auto lease = channel.lease(reader.channel(from, Kind::Image)->location(), reader.leaseWord(from));
            QVERIFY2(lease, qPrintable(lease.error()));
            QCOMPARE(lease.value().seq, colour);
            held.append(lease.value());
        }
        QVERIFY(reader.channel(from, Kind::Image)->location().generation > 1);
        for (std::uint32_t colour = 1; colour <= 6; ++colour)
            QVERIFY2(allPixelsAre(held.at(colour - 1), colour), qPrintable(QString::number(colour)));
    }

    void aLeaseOnAnOlderGenerationIsRefused()
    {
        Room writer, reader;
        QVERIFY(meet(writer, reader, uniqueKey()));
        const PeerId from = writer.selfId();
        publishColour(writer, reader, 1);
        const ChannelLocation first = reader.channel(from, Kind::Image)->location();
        ChannelReader old(*reader.names(), from, Kind::Image);
        QVERIFY(old.read(first)); // mapped while it still exists
        QSignalSpy updates(&reader, &Room::updateAvailable);
        const QByteArray big = pixelsOf(7, 512);
        QVERIFY(writer.publishImage(512, 512, layout::PixelFormat::Rgb32, big.constData()));
        QTRY_VERIFY(!updates.isEmpty());
        ChannelReader channel(*reader.names(), from, Kind::Image);
        auto newer = channel.lease(reader.channel(from, Kind::Image)->location(), reader.leaseWord(from));
        QVERIFY2(newer, qPrintable(newer.error()));
        QCOMPARE(layout::leaseGeneration(*reader.leaseWord(from).lease), 2u);
        const auto stale = old.lease(first, reader.leaseWord(from));
        QVERIFY(!stale);
        QCOMPARE(stale.systemError(), ENOENT);
    }

    void aPeerChannelFollowsItsWriterOnAnyThread()
    {
        Room writer, reader;
        QVERIFY(meet(writer, reader, uniqueKey()));
        const PeerId from = writer.selfId();
        publishColour(writer, reader, 1);
        const std::shared_ptr<PeerChannel> channel = reader.channel(from, Kind::Image);
        QVERIFY(channel);
        QCOMPARE(channel->writer(), from);
        const std::uint64_t first = channel->location().generation;
        QVERIFY(channel->lease());
        // A frame too big for the first generation: the writer grows, and a
        // read from another thread is given the new frame, not an error.
        QSignalSpy updates(&reader, &Room::updateAvailable);
        const QByteArray big = pixelsOf(7, 512);
        QVERIFY(writer.publishImage(512, 512, layout::PixelFormat::Rgb32, big.constData()));
        QTRY_VERIFY(!updates.isEmpty());
        QVERIFY(channel->location().generation > first);
        Result<LeasedUpdate> leased = Error { QStringLiteral("not read") };
        std::thread([&] { leased = channel->lease(); }).join();
        QVERIFY2(leased, qPrintable(leased.error()));
        QCOMPARE(leased.value().width, 512u);
        QVERIFY(allPixelsAre(leased.value(), 7));
        // One reader per channel: the Room reads through the same one.
        QCOMPARE(reader.channel(from, Kind::Image), channel);
        auto copied = reader.read(from, Kind::Image);
        QVERIFY2(copied, qPrintable(copied.error()));
        QCOMPARE(copied.value().seq, leased.value().seq);
    }

    void aPeerThatLeftHasItsChannelsLetGo()
    {
        Room writer, reader;
        QVERIFY(meet(writer, reader, uniqueKey()));
        const PeerId from = writer.selfId();
        QVERIFY(writer.publishText(QStringLiteral("bye")));
        QTRY_VERIFY(reader.read(from, Kind::Text));
        std::weak_ptr<PeerChannel> kept = reader.channel(from, Kind::Text);
        QSignalSpy left(&reader, &Room::peerLeft);
        writer.leave();
        QTRY_COMPARE(left.count(), 1);
        QVERIFY(kept.expired()); // nothing keeps the left peer's segment mapped
        // Its last value stays readable: a new read maps it again.
        auto update = reader.read(from, Kind::Text);
        QVERIFY2(update, qPrintable(update.error()));
        QCOMPARE(update.value().payload, QByteArray("bye"));
    }

    void lateJoinerSeesCurrentValuesAndLeftPeersKeepThem()
    {
        const QString key = uniqueKey();
        Room anchor;
        QVERIFY(anchor.join(key, QStringLiteral("anchor")));
        {
            Room sender;
            QVERIFY(sender.join(key, QStringLiteral("sender")));
            QVERIFY(sender.publishTelemetry(Telemetry { { 1, 2, 3 }, {} }));
        } // sender left; its value stays for the room
        Room late;
        QSignalSpy updates(&late, &Room::updateAvailable);
        QSignalSpy left(&late, &Room::peerLeft);
        QVERIFY(late.join(key, QStringLiteral("late")));
        QCOMPARE(updates.count(), 0); // join() itself emits nothing
        QTRY_COMPARE(updates.count(), 1);
        QCOMPARE(left.count(), 1);
        auto update = late.read(updates.at(0).at(0).value<PeerId>(), Kind::Telemetry);
        QVERIFY2(update, qPrintable(update.error()));
        auto values = decodeTelemetry(update.value().payload.constData(), std::size_t(update.value().payload.size()));
        QVERIFY(values);
        QCOMPARE(values.value().values, (QList<double> { 1, 2, 3 }));
    }

    void lastPeerOutLeavesNothingBehind()
    {
        const QString key = uniqueKey();
        {
            Room a, b;
            QVERIFY(a.join(key, QStringLiteral("a")));
            QVERIFY(b.join(key, QStringLiteral("b")));
            QVERIFY(a.publishText(QStringLiteral("x")));
            QVERIFY(b.publishImage(2, 2, layout::PixelFormat::Rgb32, QByteArray(16, 'p').constData()));
            QVERIFY(segmentsOf(key).size() >= 3);
            a.leave();
            QVERIFY(!segmentsOf(key).isEmpty()); // b is still in the room
        }
        QCOMPARE(segmentsOf(key), QStringList());
    }

    // A peer killed between binding its rendezvous socket and claiming a
    // slot leaves a socket no slot names (the kernel unbinds it; the file
    // stays). The last peer to leave cleanly takes it with the room.
    void lastPeerOutRemovesSocketsOfPeersKilledBeforeTheyClaimed()
    {
        const QString key = uniqueKey();
        {
            Room a;
            QVERIFY(a.join(key, QStringLiteral("a")));
            const QByteArray orphan = a.names()->home().path + '/' + a.names()->stem() + "-4242424242.sock";
            sockaddr_un address {};
            address.sun_family = AF_UNIX;
            QVERIFY(std::size_t(orphan.size()) < sizeof(address.sun_path));
            std::memcpy(address.sun_path, orphan.constData(), std::size_t(orphan.size()));
            const int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
            QCOMPARE(bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)), 0);
            close(fd); // as a killed process's socket: unbound, its file left
            QVERIFY(segmentsOf(key).contains(QFile::decodeName(orphan.mid(orphan.lastIndexOf('/') + 1))));
        }
        QCOMPARE(segmentsOf(key), QStringList());
    }

    void segmentsAreOwnerOnly()
    {
        const QString key = uniqueKey();
        Room room;
        QVERIFY(room.join(key, QStringLiteral("owner")));
        QVERIFY(room.publishText(QStringLiteral("secret")));
        const QStringList segments = segmentsOf(key);
        QCOMPARE(segments.size(), 3); // the room, a channel, a rendezvous socket
        for (const QString &name : segments) {
            struct stat info {};
            const QByteArray path = room.names()->home().path + '/' + QFile::encodeName(name);
            QCOMPARE(stat(path.constData(), &info), 0);
            QCOMPARE(info.st_mode & 0777, 0600u);
            QCOMPARE(info.st_uid, geteuid());
        }
    }

    void foreignOrOpenSegmentIsRefused()
    {
        const QString key = uniqueKey();
        const QByteArray name = RoomNames::fromKey(key).value().roomSegment();
        const int fd = open(name.constData(), O_RDWR | O_CREAT | O_EXCL, 0600);
        QVERIFY(fd >= 0);
        fchmod(fd, 0666); // a room squatted open to everybody
        Room room;
        auto joined = room.join(key, QStringLiteral("victim"));
        QVERIFY(!joined);
        QVERIFY2(joined.error().contains(QLatin1String("other users")), qPrintable(joined.error()));
        close(fd);
        unlink(name.constData());
    }

    void aRuntimeDirectoryOthersMayEnterIsRefused()
    {
        // Rooms are only kept where nobody else can enter: a runtime
        // directory that is not ours alone is refused in words, not used.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray saved = qgetenv("XDG_RUNTIME_DIR");
        const auto restore = qScopeGuard([&] {
            if (saved.isNull())
                qunsetenv("XDG_RUNTIME_DIR");
            else
                qputenv("XDG_RUNTIME_DIR", saved);
        });
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(dir.path()));
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner
                                                          | QFile::ReadOther | QFile::ExeOther));
        Room room;
        auto joined = room.join(uniqueKey(), QStringLiteral("careful"));
        QVERIFY(!joined);
        QVERIFY2(joined.error().contains(QLatin1String("open to other users")), qPrintable(joined.error()));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("shmbridge"))));
        // Closed to others, it is used: the room home is made inside it, 0700.
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QVERIFY2(room.join(uniqueKey(), QStringLiteral("careful")), "a private runtime directory was refused");
        QCOMPARE(room.names()->home().kind, RoomHome::Kind::RuntimeDirectory);
        struct stat info {};
        QCOMPARE(stat(QFile::encodeName(dir.filePath(QStringLiteral("shmbridge"))).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, 0700u);
        room.leave();
    }

    void aProtocol3RoomOfTheKeyIsRefusedInWords()
    {
        // Where a protocol-3 peer keeps the room of this key: its peers and
        // ours would never meet, so we say so rather than sit alone.
        const QString key = uniqueKey();
        const RoomNames names = RoomNames::fromKey(key).value();
        const QByteArray old = "/dev/shm/shmbridge-" + QByteArray::number(uint(geteuid())) + '-' + names.stem().mid(5);
        const int fd = open(old.constData(), O_RDWR | O_CREAT | O_EXCL, 0600);
        QVERIFY(fd >= 0);
        close(fd);
        Room room;
        auto joined = room.join(key, QStringLiteral("new"));
        unlink(old.constData());
        QVERIFY(!joined);
        QVERIFY2(joined.error().contains(QLatin1String("protocol 3")) && joined.error().contains(QString::fromUtf8(old)),
                 qPrintable(joined.error()));
        QVERIFY(room.join(key, QStringLiteral("new"))); // once it is gone
    }

    void corruptOrIncompatibleRoomIsAnError_data()
    {
        QTest::addColumn<int>("offset");
        QTest::addColumn<quint32>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("magic") << 0 << 0x12345678u << QStringLiteral("not a ShmBridge room");
        QTest::newRow("version") << 8 << 99u << QStringLiteral("incompatible");
        QTest::newRow("entry size") << 20 << 7u << QStringLiteral("corrupt");
    }

    void corruptOrIncompatibleRoomIsAnError()
    {
        QFETCH(int, offset);
        QFETCH(quint32, value);
        QFETCH(QString, expected);
        const QString key = uniqueKey();
        Room first;
        QVERIFY(first.join(key, QStringLiteral("first")));
        const QByteArray name = RoomNames::fromKey(key).value().roomSegment();
        const int fd = open(name.constData(), O_RDWR);
        auto *bytes = static_cast<char *>(mmap(nullptr, layout::kRoomSegmentSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
        QVERIFY(bytes != MAP_FAILED);
        std::uint32_t saved;
        std::memcpy(&saved, bytes + offset, 4);
        std::memcpy(bytes + offset, &value, 4);
        Room second;
        auto joined = second.join(key, QStringLiteral("second"));
        QVERIFY(!joined);
        QVERIFY2(joined.error().contains(expected), qPrintable(joined.error()));
        std::memcpy(bytes + offset, &saved, 4);
        munmap(bytes, layout::kRoomSegmentSize);
        close(fd);
    }

    void hostileChannelHeaderIsAReadError()
    {
        const QString key = uniqueKey();
        Room writer, reader;
        QVERIFY(writer.join(key, QStringLiteral("writer")));
        QVERIFY(reader.join(key, QStringLiteral("reader")));
        QSignalSpy updates(&reader, &Room::updateAvailable);
        QVERIFY(writer.publishText(QStringLiteral("fine")));
        QTRY_COMPARE(updates.count(), 1);
        const ChannelLocation location = reader.channel(writer.selfId(), Kind::Text)->location();
        const QByteArray channel = writer.names()->channelSegment(writer.selfId(), 0, location.generation, location.token);
        const int fd = open(channel.constData(), O_RDWR);
        QVERIFY(fd >= 0);
        auto *header = static_cast<layout::ChannelHeader *>(mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
        header->bufferStride = ~0ULL; // buffers "extend" far past the segment
        auto update = reader.read(writer.selfId(), Kind::Text);
        QVERIFY(!update);
        QVERIFY2(update.error().contains(QLatin1String("corrupt")), qPrintable(update.error()));
        munmap(header, 4096);
        close(fd);
    }

    void sixteenPeersSeeEachOther()
    {
        const QString key = uniqueKey();
        std::vector<std::unique_ptr<Room>> rooms;
        for (int i = 0; i < 16; ++i) {
            rooms.push_back(std::make_unique<Room>());
            QVERIFY(rooms.back()->join(key, QStringLiteral("peer%1").arg(i)));
        }
        QVERIFY(rooms.front()->publishText(QStringLiteral("to everyone")));
        for (const auto &room : rooms)
            QTRY_COMPARE(room->peers().size(), 15);
        QTRY_VERIFY(std::all_of(rooms.begin() + 1, rooms.end(), [&](const auto &room) {
            const auto peer = room->peer(rooms.front()->selfId());
            return peer && peer->latestSeq[0] == 1;
        }));
    }
};

QTEST_GUILESS_MAIN(TestRoom)
#include "tst_room.moc"

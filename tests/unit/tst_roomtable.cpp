// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The control segment (roomtable.h): a header set up and checked, every
// mismatch refused in words; a slot read only while nobody rewrites it;
// dead peers marked left, a room of none reclaimed; reclaiming a slot
// removes the peer's files and only those; the room lock
// waits no longer than it was told.
#include "liveness.h"
#include "roomtable.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace shmbridge;
using namespace shmbridge::layout;

namespace {

RoomNames freshRoom()
{
    return RoomNames::fromKey(QStringLiteral("table-%1").arg(QRandomGenerator::global()->generate())).value();
}

// A room's control segment, set up, removed at the end.
struct Table
{
    Table() : names(freshRoom()), segment(SharedSegment::create(names.roomSegment(), kRoomSegmentSize).value())
    {
        initialiseRoomHeader(segment, names);
    }
    ~Table() { SharedSegment::unlink(names.roomSegment()); }
    RoomNames names;
    SharedSegment segment;
};

} // namespace

class TestRoomTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aHeaderSetUpIsValidForItsKeyAlone()
    {
        Table table;
        QVERIFY(validateRoomHeader(table.segment, table.names));
        QCOMPARE(roomHeader(table.segment)->magic, kRoomMagic);
        // Another key whose names collided with this one's: refused, not shared.
        const RoomNames other = freshRoom();
        auto collided = validateRoomHeader(table.segment, other);
        QVERIFY(!collided);
        QVERIFY2(collided.error().contains(QLatin1String("collides with another key's room")), qPrintable(collided.error()));
    }

    void everyMismatchIsRefusedInWords_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<QString>("said");
        QTest::newRow("magic") << 0 << QStringLiteral("is not a ShmBridge room");
        QTest::newRow("version") << 1 << QStringLiteral("protocol version 3; this one speaks 4");
        QTest::newRow("headerSize") << 2 << QStringLiteral("its header does not match its size");
        QTest::newRow("peerCapacity") << 3 << QStringLiteral("its header does not match its size");
        QTest::newRow("peerEntrySize") << 4 << QStringLiteral("its header does not match its size");
        QTest::newRow("peerTableOffset") << 5 << QStringLiteral("its header does not match its size");
    }
    void everyMismatchIsRefusedInWords()
    {
        QFETCH(int, field);
        QFETCH(QString, said);
        Table table;
        RoomHeader *h = roomHeader(table.segment);
        switch (field) {
        case 0: h->magic ^= 1; break;
        case 1: h->version = 3; break;
        case 2: h->headerSize += 8; break;
        case 3: h->peerCapacity = 1000; break;
        case 4: h->peerEntrySize -= 64; break;
        case 5: h->peerTableOffset = 0; break;
        }
        auto valid = validateRoomHeader(table.segment, table.names);
        QVERIFY(!valid);
        QVERIFY2(valid.error().contains(said), qPrintable(valid.error()));
    }

    void aSlotIsReadOnlyWhileNobodyRewritesIt()
    {
        Table table;
        PeerEntry *e = peerEntry(table.segment, 5);
        QVERIFY(!snapshot(e)); // free
        beginSlotWrite(e);
        e->state = std::uint32_t(PeerState::Live);
        e->nonce = 0xfeed;
        e->pid = 4242;
        e->nameSize = 6;
        std::memcpy(e->name, "小明", 6);
        QVERIFY(!snapshot(e)); // half written
        endSlotWrite(e);
        const auto seen = snapshot(e);
        QVERIFY(seen);
        QCOMPARE(seen->id, std::uint64_t(0xfeed));
        QCOMPARE(seen->pid, qint64(4242));
        QCOMPARE(seen->displayName(), QStringLiteral("小明"));
        // A name size from shared memory larger than the field is cut to it.
        beginSlotWrite(e);
        e->nameSize = 100000;
        endSlotWrite(e);
        QCOMPARE(snapshot(e)->nameSize, kMaxNameBytes);
    }

    void aChannelsLocationReadsAsItWasStored()
    {
        Table table;
        PeerEntry *e = peerEntry(table.segment, 0);
        QCOMPARE(channelLocation(e, Kind::Image), ChannelLocation {});
        storeChannelState(e, Kind::Image, { 9, ChannelLocation { 3, 0xabcdef }, 1 << 20 });
        QCOMPARE(channelLocation(e, Kind::Image), (ChannelLocation { 3, 0xabcdef }));
        QCOMPARE(e->channels[std::uint32_t(Kind::Image)].latestSeq, std::uint64_t(9));
        QCOMPARE(channelLocation(e, Kind::Text), ChannelLocation {});
    }

    void reclaimingASlotRemovesThatPeersFilesAndNoOthers()
    {
        Table table;
        PeerEntry *e = peerEntry(table.segment, 1);
        beginSlotWrite(e);
        e->state = std::uint32_t(PeerState::Left);
        e->nonce = 0xab;
        endSlotWrite(e);
        for (const QByteArray &path : { table.names.channelSegment(0xab, 0, 1, 7), table.names.channelSegment(0xab, 1, 4, 8),
                                        table.names.channelSegment(0xabc, 0, 1, 9) })
            QVERIFY(SharedSegment::create(path, 4096));
        reclaimEntry(table.names, e);
        QVERIFY(!QFile::exists(QFile::decodeName(table.names.channelSegment(0xab, 0, 1, 7))));
        QVERIFY(!QFile::exists(QFile::decodeName(table.names.channelSegment(0xab, 1, 4, 8))));
        QVERIFY(QFile::exists(QFile::decodeName(table.names.channelSegment(0xabc, 0, 1, 9)))); // another peer's
        QVERIFY(!snapshot(e));
        QCOMPARE(e->nonce, std::uint64_t(0));
        SharedSegment::unlink(table.names.channelSegment(0xabc, 0, 1, 9));
    }

    void deadPeersBecomeLeftAndARoomOfNoneIsReclaimed()
    {
        Table table;
        const auto claim = [&](std::uint32_t slot, qint64 pid, std::uint64_t id) {
            PeerEntry *e = peerEntry(table.segment, slot);
            beginSlotWrite(e);
            e->state = std::uint32_t(PeerState::Live);
            e->nonce = id;
            e->pid = std::int32_t(pid);
            e->startTime = processStartTime(pid);
            endSlotWrite(e);
        };
        const pid_t child = fork();
        if (child == 0)
            _exit(0);
        const std::uint64_t childStart = processStartTime(child);
        waitpid(child, nullptr, 0);
        claim(0, getpid(), 0x1);
        claim(1, child, 0x2);
        peerEntry(table.segment, 1)->startTime = childStart;
        claim(2, getpid(), 0x3);
        peerEntry(table.segment, 2)->startTime += 1; // our pid, another process's start: a reused pid
        QCOMPARE(markDeadPeersLeft(table.segment), 1);
        QCOMPARE(stateOf(peerEntry(table.segment, 0)), PeerState::Live);
        QCOMPARE(stateOf(peerEntry(table.segment, 1)), PeerState::Left);
        QCOMPARE(stateOf(peerEntry(table.segment, 2)), PeerState::Left);
        // Nobody live: every slot is reclaimed, with the files of its peer.
        peerEntry(table.segment, 0)->state = std::uint32_t(PeerState::Left);
        QVERIFY(SharedSegment::create(table.names.channelSegment(0x2, 0, 1, 1), 4096));
        QCOMPARE(markDeadPeersLeft(table.segment), 0);
        reclaimAbandonedRoom(table.segment, table.names);
        for (std::uint32_t slot = 0; slot < 3; ++slot)
            QCOMPARE(stateOf(peerEntry(table.segment, slot)), PeerState::Free);
        QVERIFY(!QFile::exists(QFile::decodeName(table.names.channelSegment(0x2, 0, 1, 1))));
    }

    void theLockWaitsNoLongerThanItWasTold()
    {
        Table table;
        RoomLock held(table.segment.fd(), 0);
        QVERIFY(held.locked());
        const int other = open(table.names.roomSegment().constData(), O_RDWR | O_CLOEXEC); // another open file: another process's lock
        QVERIFY(other >= 0);
        QElapsedTimer waited;
        waited.start();
        {
            RoomLock blocked(other, 150);
            QVERIFY(!blocked.locked());
        }
        QVERIFY2(waited.elapsed() >= 140 && waited.elapsed() < 2000, qPrintable(QString::number(waited.elapsed())));
        QVERIFY(busyError(table.names.key(), 150).message.contains(table.names.key()));
        close(other);
    }
};

QTEST_GUILESS_MAIN(TestRoomTable)
#include "tst_roomtable.moc"

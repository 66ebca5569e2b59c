// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// One writer's channel (channel.h): what is published is read back whole;
// a payload that does not fit moves the channel to a new generation, and a
// reader asking for the retired one is told so (ENOENT); hostile bytes in the
// segment are read errors, never reads out of bounds.
#include "channel.h"
#include "layout.h"
#include "names.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <cstring>

using namespace shmbridge;
using namespace shmbridge::layout;

namespace {

RoomNames freshRoom()
{
    return RoomNames::fromKey(QStringLiteral("channel-%1").arg(QRandomGenerator::global()->generate())).value();
}

constexpr std::uint64_t kWriter = 0x5eed;

PayloadView view(const QByteArray &bytes)
{
    return PayloadView { bytes.constData(), std::size_t(bytes.size()), 0, 0, 0, 123 };
}

} // namespace

class TestChannel : public QObject
{
    Q_OBJECT

    QList<QByteArray> m_made;

private Q_SLOTS:
    void cleanup()
    {
        for (const QByteArray &name : std::as_const(m_made))
            SharedSegment::unlinkAllWithPrefix(name);
        m_made.clear();
    }

    void whatIsPublishedIsReadBackWhole()
    {
        const RoomNames names = freshRoom();
        m_made.append(names.channelPrefix(kWriter));
        ChannelWriter writer(names, kWriter, Kind::Text);
        ChannelReader reader(names, kWriter, Kind::Text);
        auto first = writer.publish(view("hello"));
        QVERIFY2(first, qPrintable(first.error()));
        QCOMPARE(first.value().seq, std::uint64_t(1));
        QVERIFY(first.value().location.generation > 0);
        auto read = reader.read(first.value().location);
        QVERIFY2(read, qPrintable(read.error()));
        QCOMPARE(read.value().payload, QByteArray("hello"));
        QCOMPARE(read.value().seq, std::uint64_t(1));
        QCOMPARE(read.value().publishMonotonicNs, std::uint64_t(123));
        auto second = writer.publish(view("world, longer"));
        QVERIFY(second);
        QCOMPARE(second.value().location, first.value().location); // it fits: the same segment
        QCOMPARE(reader.read(second.value().location).value().payload, QByteArray("world, longer"));
    }

    // A copy held like a lease: same description, the same bytes, alive as
    // long as the holder is, whatever happened to the Update it came from.
    void aCopiedUpdateHeldAsLeasedKeepsItsBytes()
    {
        LeasedUpdate held;
        {
            Update copied;
            copied.seq = 7;
            copied.publishMonotonicNs = 123456789;
            copied.width = 2;
            copied.height = 1;
            copied.format = 1;
            copied.payload = QByteArray("\x01\x02\x03\x04\x05\x06\x07\x08", 8);
            held = heldAsLeased(copied);
            copied.payload.fill('x');
        }
        QCOMPARE(held.seq, 7u);
        QCOMPARE(held.publishMonotonicNs, 123456789u);
        QCOMPARE(held.width, 2u);
        QCOMPARE(held.height, 1u);
        QCOMPARE(held.format, 1u);
        QCOMPARE(QByteArray(held.data, qsizetype(held.size)), QByteArray("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
        QVERIFY(held.keepAlive);
    }

    void aPayloadThatDoesNotFitMovesToANewGeneration()
    {
        const RoomNames names = freshRoom();
        m_made.append(names.channelPrefix(kWriter));
        ChannelWriter writer(names, kWriter, Kind::Text);
        ChannelReader reader(names, kWriter, Kind::Text);
        const auto small = writer.publish(view("small")).value();
        QVERIFY(reader.read(small.location));
        const QByteArray big(3 * 4096, 'b');
        const auto grown = writer.publish(view(big)).value();
        QVERIFY(grown.location.generation > small.location.generation);
        QVERIFY(grown.capacity >= std::uint64_t(big.size()));
        writer.retirePreviousGeneration();
        QVERIFY(!QFile::exists(QFile::decodeName(names.channelSegment(kWriter, 0, small.location.generation,
                                                                       small.location.token))));
        // Asked for the retired generation, a reader that has not mapped it
        // says it is gone (one that has still reads what it mapped, safely).
        ChannelReader late(names, kWriter, Kind::Text);
        auto stale = late.read(small.location);
        QVERIFY(!stale);
        QCOMPARE(stale.systemError(), ENOENT);
        QCOMPARE(reader.read(grown.location).value().payload, big);
    }

    void aPayloadOverItsKindsLimitIsRefused()
    {
        const RoomNames names = freshRoom();
        m_made.append(names.channelPrefix(kWriter));
        ChannelWriter writer(names, kWriter, Kind::Text);
        const QByteArray tooBig(qsizetype(maxPayloadBytes(Kind::Text)) + 1, 'x');
        QVERIFY(!writer.publish(view(tooBig)));
    }

    void hostileBytesInTheSegmentAreReadErrors_data()
    {
        QTest::addColumn<int>("field");
        QTest::newRow("channel magic") << 0;
        QTest::newRow("buffer count past the lease mask") << 1;
        QTest::newRow("stride past the segment") << 2;
        QTest::newRow("payload size past its buffer") << 3;
        QTest::newRow("published index past the buffers") << 4;
    }
    void hostileBytesInTheSegmentAreReadErrors()
    {
        QFETCH(int, field);
        const RoomNames names = freshRoom();
        m_made.append(names.channelPrefix(kWriter));
        ChannelWriter writer(names, kWriter, Kind::Text);
        const auto published = writer.publish(view("honest")).value();
        auto segment = SharedSegment::open(names.channelSegment(kWriter, 0, published.location.generation,
                                                                published.location.token),
                                           SharedSegment::Access::ReadWrite);
        QVERIFY(segment);
        auto *header = static_cast<ChannelHeader *>(segment.value().data());
        const std::uint32_t index = std::uint32_t(header->published & 0xff);
        auto *buffer = reinterpret_cast<BufferHeader *>(static_cast<char *>(segment.value().data()) + kChannelBuffersOffset
                                                        + index * header->bufferStride);
        switch (field) {
        case 0: header->magic = 0; break;
        case 1: header->bufferCount = 9; break;
        case 2: header->bufferStride = std::uint64_t(1) << 40; break;
        case 3: buffer->payloadSize = std::uint64_t(1) << 40; break;
        case 4: header->published = (header->published & ~std::uint64_t(0xff)) | 200; break;
        }
        ChannelReader reader(names, kWriter, Kind::Text);
        auto read = reader.read(published.location);
        QVERIFY(!read);
        QVERIFY2(read.error().contains(QLatin1String("corrupt")), qPrintable(read.error()));
    }
};

QTEST_GUILESS_MAIN(TestChannel)
#include "tst_channel.moc"

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A reader's lease on a writer's image buffers (lease.h): one bit per
// buffer in one word per writer, a newer generation replacing an older one,
// and nothing taken or cleared once the word speaks of another writer.
#include "layout.h"
#include "lease.h"

#include <QTest>

using namespace shmbridge;
using namespace shmbridge::layout;

namespace {

// One reader's words for one writer, as its slot of the room holds them.
struct Words
{
    alignas(8) std::uint64_t lease = 0;
    alignas(8) std::uint64_t writerNonce = 0x1234;
    LeaseWord word() { return LeaseWord { nullptr, &lease, &writerNonce, 0x1234 }; }
};

} // namespace

class TestLease : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachBufferHasItsBitWhileLeased()
    {
        Words words;
        {
            auto first = BufferLease::take(words.word(), 5, 0);
            QVERIFY(first);
            QCOMPARE(words.lease, packLease(5, 0b001));
            {
                auto third = BufferLease::take(words.word(), 5, 2);
                QVERIFY(third);
                QCOMPARE(words.lease, packLease(5, 0b101));
            }
            QCOMPARE(words.lease, packLease(5, 0b001));
        }
        QCOMPARE(words.lease, packLease(5, 0));
    }

    void aNewerGenerationReplacesAnOlderOneAndNeverTheReverse()
    {
        Words words;
        auto old = BufferLease::take(words.word(), 5, 1);
        QVERIFY(old);
        auto newer = BufferLease::take(words.word(), 6, 0);
        QVERIFY(newer);
        QCOMPARE(words.lease, packLease(6, 0b1)); // generation 5's leases mean nothing now
        QVERIFY(!BufferLease::take(words.word(), 5, 2)); // too old: the caller reads again
        old.reset(); // leaves generation 6's bits alone
        QCOMPARE(words.lease, packLease(6, 0b1));
        newer.reset();
        QCOMPARE(words.lease, packLease(6, 0));
    }

    void anotherWritersWordIsLeftAlone()
    {
        Words words;
        auto lease = BufferLease::take(words.word(), 3, 0);
        QVERIFY(lease);
        // The writer left; its slot's acks now count for a newcomer.
        words.writerNonce = 0x9999;
        QVERIFY(!BufferLease::take(words.word(), 3, 1));
        const std::uint64_t newcomers = words.lease;
        lease.reset();
        QCOMPARE(words.lease, newcomers); // not cleared: no longer ours
    }

    void whatCannotBeABufferIsRefused()
    {
        Words words;
        QVERIFY(!BufferLease::take(words.word(), 0, 0)); // generation 0: never published
        QVERIFY(!BufferLease::take(words.word(), 1, kMaxBuffers)); // past the mask's 8 bits
        QVERIFY(!BufferLease::take(LeaseWord {}, 1, 0)); // no word at all
        QCOMPARE(words.lease, std::uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestLease)
#include "tst_lease.moc"

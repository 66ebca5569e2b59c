// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The buffer sequence lock with writer and reader on two threads of one
// process sharing one mapping, so ThreadSanitizer sees every access of the
// protocol (across processes it cannot: each maps the segment elsewhere).
// In any build it also proves that no copy the reader keeps is torn.
#include "seqlock.h"

#include <QTest>

#include <atomic>
#include <memory>
#include <thread>

using namespace shmbridge;

namespace {

// A payload that says whether it is whole: every word is the sequence number.
QByteArray payloadFor(std::uint64_t seq, std::size_t words)
{
    QByteArray bytes(qsizetype(words * 8), Qt::Uninitialized);
    for (std::size_t i = 0; i < words; ++i)
        std::memcpy(bytes.data() + i * 8, &seq, 8);
    return bytes;
}

} // namespace

class TestSeqlock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readersNeverKeepATornCopy()
    {
        constexpr std::size_t capacity = 64 * 1024;
        // One buffer, as in a channel segment: header, then payload.
        auto memory = std::make_unique<std::uint64_t[]>((sizeof(layout::BufferHeader) + capacity) / 8);
        auto *buffer = reinterpret_cast<layout::BufferHeader *>(memory.get());
        constexpr std::uint64_t updates = 20000;
        std::atomic<bool> done = false;
        std::thread writer([&] {
            for (std::uint64_t seq = 1; seq <= updates; ++seq) {
                const QByteArray payload = payloadFor(seq, 1 + seq % (capacity / 8));
                PayloadView view;
                view.data = payload.constData();
                view.size = std::size_t(payload.size());
                seqlock::write(buffer, view, seq);
            }
            done = true;
        });
        std::uint64_t copies = 0, busy = 0, torn = 0, last = 0;
        Update update;
        while (!done || last < updates) {
            switch (seqlock::read(buffer, capacity, update)) {
            case seqlock::Attempt::Copied: {
                ++copies;
                const QByteArray expected = payloadFor(update.seq, std::size_t(update.payload.size()) / 8);
                if (update.seq == 0 ? !update.payload.isEmpty() : update.payload != expected)
                    ++torn;
                last = update.seq;
                break;
            }
            case seqlock::Attempt::Busy:
                ++busy;
                break;
            case seqlock::Attempt::TooLarge:
                QFAIL("an honest writer never claims more than the capacity");
            }
        }
        writer.join();
        qInfo() << copies << "copies," << busy << "retried while the writer was at the buffer";
        QCOMPARE(torn, 0u);
        QCOMPARE(last, updates);
    }

    void copiesOfOddSizesAreExact()
    {
        alignas(8) char shared[64] = {};
        const char source[] = "thirteen byte"; // 13 bytes: one word and a tail
        seqlock::copyToShared(shared, source, 13);
        char back[13];
        seqlock::copyFromShared(back, shared, 13);
        QCOMPARE(QByteArray(back, 13), QByteArray(source, 13));
    }
};

QTEST_APPLESS_MAIN(TestSeqlock)
#include "tst_seqlock.moc"

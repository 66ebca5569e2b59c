// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The frame lane: one frame in work, only the newest waiting, and the one in
// work never dropped, however fast frames come.
#include "framelane.h"

#include <QTest>

using namespace shmbridge;

class TestFrameLane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aFreeLaneStartsAFrameAtOnce()
    {
        FrameLane<int> lane;
        QVERIFY(!lane.busy());
        QCOMPARE(lane.offer(1), 1);
        QVERIFY(lane.busy());
        QCOMPARE(lane.finish(), std::nullopt);
        QVERIFY(!lane.busy());
    }

    // Frames 2..100 come while 1 is in work: 1 is finished, then only 100.
    void framesThatComeWhileOneIsInWorkLeaveOnlyTheNewest()
    {
        FrameLane<int> lane;
        QCOMPARE(lane.offer(1), 1);
        for (int frame = 2; frame <= 100; ++frame)
            QCOMPARE(lane.offer(frame), std::nullopt);
        QCOMPARE(lane.dropped(), 98u);
        QCOMPARE(lane.finish(), 100);
        QVERIFY(lane.busy()); // 100 is in work now
        QCOMPARE(lane.finish(), std::nullopt);
        QVERIFY(!lane.busy());
    }

    // Faster than the stage for ever, the lane still hands a frame on at
    // every finish: what comes out is the stage's rate, never 0.
    void aLaneFasterThanItsStageNeverStarves()
    {
        FrameLane<int> lane;
        int next = 0, started = 0;
        if (lane.offer(next++))
            ++started;
        for (int round = 0; round < 1000; ++round) {
            for (int i = 0; i < 10; ++i)
                lane.offer(next++);
            if (const auto frame = lane.finish()) {
                ++started;
                QCOMPARE(*frame, next - 1); // the newest
            }
        }
        QCOMPARE(started, 1001);
    }

    // release(): the stage is free, and the owner gets what waited to offer
    // again when it will.
    void releaseFreesTheLaneAndHandsBackWhatWaited()
    {
        FrameLane<int> lane;
        QCOMPARE(lane.offer(1), 1);
        lane.offer(2);
        QCOMPARE(lane.release(), 2);
        QVERIFY(!lane.busy());
        QCOMPARE(lane.release(), std::nullopt);
        QCOMPARE(lane.offer(3), 3); // free: starts at once
    }
};

QTEST_GUILESS_MAIN(TestFrameLane)
#include "tst_framelane.moc"

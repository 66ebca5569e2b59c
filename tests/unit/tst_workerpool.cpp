// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The worker pool: results come back on the owner's thread, in order with one
// thread; an owner that goes is never called back and never waits long.
#include "workerpool.h"

#include <QElapsedTimer>
#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>
#include <thread>

using namespace shmbridge;
using namespace std::chrono_literals;

class TestWorkerPool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resultsComeBackOnTheOwnersThreadInOrder()
    {
        QObject owner;
        WorkerPool pool(1, 5s);
        QList<int> results;
        bool allOnOwnersThread = true;
        std::atomic<bool> workedOffOwnersThread = true;
        QThread *const ownersThread = QThread::currentThread();
        for (int i = 0; i < 100; ++i) {
            pool.run(
                    &owner,
                    [i, ownersThread, &workedOffOwnersThread] {
                        if (QThread::currentThread() == ownersThread)
                            workedOffOwnersThread = false;
                        return i * i;
                    },
                    [&](int square) {
                        allOnOwnersThread = allOnOwnersThread && QThread::currentThread() == ownersThread;
                        results.append(square);
                    });
        }
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 100, 10000);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(results[i], i * i);
        QVERIFY(allOnOwnersThread);
        QVERIFY(workedOffOwnersThread);
    }

    // A job still at work when its owner goes (a frame being compressed
    // when the gateway is told to stop): going waits only the bound, and
    // the result that comes later is dropped.
    void anOwnerThatGoesWaitsBoundedAndIsNeverCalledBack()
    {
        auto release = std::make_shared<QSemaphore>();
        auto finished = std::make_shared<std::atomic<bool>>(false);
        bool delivered = false;
        QElapsedTimer going;
        {
            QObject owner;
            WorkerPool pool(2, 100ms);
            auto started = std::make_shared<QSemaphore>();
            pool.run(
                    &owner,
                    [release, started, finished] {
                        started->release();
                        release->tryAcquire(1, 10000);
                        finished->store(true);
                        return 1;
                    },
                    [&delivered](int) { delivered = true; });
            QVERIFY(started->tryAcquire(1, 5000));
            going.start();
        } // the pool, then the owner, go here
        const qint64 goneMs = going.elapsed();
        QVERIFY2(goneMs < 2000, qPrintable(QStringLiteral("going took %1 ms").arg(goneMs)));
        release->release();
        QTRY_VERIFY_WITH_TIMEOUT(finished->load(), 5000);
        QCoreApplication::processEvents();
        QVERIFY(!delivered);
    }

    // Jobs that had not started when the pool went never start.
    void jobsNotStartedWhenThePoolGoesNeverStart()
    {
        QObject owner;
        std::atomic<int> ran = 0;
        auto release = std::make_shared<QSemaphore>();
        std::thread releaser;
        {
            WorkerPool pool(1, 10s);
            auto started = std::make_shared<QSemaphore>();
            pool.run(
                    &owner,
                    [release, started] {
                        started->release();
                        release->tryAcquire(1, 10000);
                        return 0;
                    },
                    [](int) {});
            for (int i = 0; i < 10; ++i)
                pool.run(&owner, [&ran] { return ++ran; }, [](int) {});
            QVERIFY(started->tryAcquire(1, 5000));
            // Lets the first job end while the pool is going (waiting for it).
            releaser = std::thread([release] {
                std::this_thread::sleep_for(100ms);
                release->release();
            });
        } // waits for the first job, which ends; the ten never started
        releaser.join();
        QCOMPARE(ran.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestWorkerPool)
#include "tst_workerpool.moc"

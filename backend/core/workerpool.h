// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Slow work (compressing a frame, hashing one) off the thread that owns the
// room, its result handed back to that thread. Each job works only on what
// it was given; the pool, not the job, knows where results go, so its owner
// can go at any time:
// - a result that comes after the pool has gone is dropped, never delivered
//   to an object that no longer exists;
// - going waits a bounded time for the jobs in progress, then leaves them to
//   finish on their own (at exit, one frame's work), never hanging a program
//   that was told to stop.
// Jobs start in the order run() was called; with one thread, they also end
// in that order.
#pragma once

#include <QMetaObject>
#include <QMutex>
#include <QObject>

#include <chrono>
#include <functional>
#include <memory>
#include <utility>

class QThreadPool;

namespace shmbridge {

class WorkerPool
{
public:
    // threads: at most this many jobs at once. stopWait: how long going
    // waits for jobs in progress.
    WorkerPool(int threads, std::chrono::milliseconds stopWait);
    ~WorkerPool();
    WorkerPool(const WorkerPool &) = delete;
    WorkerPool &operator=(const WorkerPool &) = delete;

    // Runs work() on a worker thread, then deliver(its result) on receiver's
    // thread, unless the pool has gone by then. receiver owns the pool (or
    // outlives it). Jobs that have not started when the pool goes never start.
    template<typename Work, typename Deliver>
    void run(QObject *receiver, Work work, Deliver deliver)
    {
        start([gate = m_gate, receiver, work = std::move(work), deliver = std::move(deliver)] {
            auto result = work();
            // Under the gate's lock, so the pool cannot go (nor its owner,
            // the receiver) while this posts. Posting emits nothing; a
            // receiver destroyed later discards what was posted to it.
            const QMutexLocker locker(&gate->mutex);
            if (gate->open)
                QMetaObject::invokeMethod(receiver, [deliver, result = std::move(result)] { deliver(result); },
                                          Qt::QueuedConnection);
        });
    }

private:
    struct Gate
    {
        QMutex mutex;
        bool open = true;
    };
    void start(std::function<void()> job);

    std::shared_ptr<Gate> m_gate = std::make_shared<Gate>();
    QThreadPool *m_threads; // outlives us if a job is still busy when we go
    std::chrono::milliseconds m_stopWait;
};

} // namespace shmbridge

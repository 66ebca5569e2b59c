// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Runs a LegacySegment's snapshots and writes on a thread of its own. A
// legacy program may hold the segment's lock() for as long as it likes, and
// Qt 6.4's lock() cannot time out; meanwhile the bridge's thread must go on
// serving the room and answering Ctrl+C.
#pragma once

#include "legacysegment.h"

#include <QElapsedTimer>
#include <QObject>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace shmbridge::interop {

class SegmentWorker
{
public:
    using SnapshotDone = std::function<void(Result<std::optional<QByteArray>>)>;
    using WriteDone = std::function<void(Result<QString>)>; // a notice, if any (LegacySegment::write)

    // Results are handed to done on context's thread.
    SegmentWorker(LegacySegment &segment, QObject *context);
    ~SegmentWorker();
    SegmentWorker(const SegmentWorker &) = delete;
    SegmentWorker &operator=(const SegmentWorker &) = delete;

    // Takes a snapshot, unless an operation is under way (then false: the
    // caller looks again at its next tick).
    bool snapshot(SnapshotDone done);
    // Writes the value; while an operation is under way, the newest waiting
    // value replaces an older one (latest value wins).
    void write(QByteArray value, WriteDone done);
    // How long the operation under way has run, in ms; 0 when idle.
    qint64 busyMs() const;
    // Ends the thread. False if it is still blocked (in a lock() another
    // program holds) after waitMs: the process must then end without
    // destroying this object, with _exit(). The destructor waits for ever,
    // so call this first wherever a lock may be held.
    bool stop(int waitMs);

private:
    void submit(std::function<void()> job);
    void finished();
    void run();

    LegacySegment &m_segment;
    QObject *m_context; // outlives this object
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::function<void()> m_job; // guarded by m_mutex
    bool m_stopping = false; // guarded by m_mutex
    bool m_exited = false; // guarded by m_mutex
    // Touched on context's thread only:
    bool m_busy = false;
    QElapsedTimer m_busyClock;
    std::function<void()> m_nextWrite;
    std::thread m_thread; // last: it starts with everything above in place
};

} // namespace shmbridge::interop

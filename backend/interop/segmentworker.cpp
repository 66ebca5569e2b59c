// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "segmentworker.h"

namespace shmbridge::interop {

SegmentWorker::SegmentWorker(LegacySegment &segment, QObject *context)
    : m_segment(segment), m_context(context), m_thread([this] { run(); })
{
}

SegmentWorker::~SegmentWorker()
{
    stop(-1);
}

void SegmentWorker::run()
{
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || m_job; });
            if (m_stopping) {
                m_exited = true;
                m_wake.notify_all();
                return;
            }
            job = std::exchange(m_job, nullptr);
        }
        job();
    }
}

void SegmentWorker::submit(std::function<void()> job)
{
    m_busy = true;
    m_busyClock.start();
    std::lock_guard lock(m_mutex);
    m_job = std::move(job);
    m_wake.notify_all();
}

// On context's thread, after a job's result was handed over.
void SegmentWorker::finished()
{
    m_busy = false;
    if (m_nextWrite)
        std::exchange(m_nextWrite, nullptr)();
}

bool SegmentWorker::snapshot(SnapshotDone done)
{
    if (m_busy)
        return false;
    submit([this, done = std::move(done)] {
        auto taken = m_segment.snapshot();
        QMetaObject::invokeMethod(m_context, [this, done, taken = std::move(taken)] {
            finished();
            done(taken);
        }, Qt::QueuedConnection);
    });
    return true;
}

void SegmentWorker::write(QByteArray value, WriteDone done)
{
    auto start = [this, value = std::move(value), done = std::move(done)] {
        submit([this, value, done] {
            auto written = m_segment.write(value);
            QMetaObject::invokeMethod(m_context, [this, done, written = std::move(written)] {
                finished();
                done(written);
            }, Qt::QueuedConnection);
        });
    };
    if (m_busy)
        m_nextWrite = std::move(start);
    else
        start();
}

qint64 SegmentWorker::busyMs() const
{
    return m_busy ? m_busyClock.elapsed() : 0;
}

bool SegmentWorker::stop(int waitMs)
{
    if (!m_thread.joinable())
        return true;
    std::unique_lock lock(m_mutex);
    m_stopping = true;
    m_wake.notify_all();
    const auto exited = [this] { return m_exited; };
    if (waitMs < 0)
        m_wake.wait(lock, exited);
    else if (!m_wake.wait_for(lock, std::chrono::milliseconds(waitMs), exited))
        return false;
    lock.unlock();
    m_thread.join();
    return true;
}

} // namespace shmbridge::interop

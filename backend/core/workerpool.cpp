// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "workerpool.h"

#include <QThreadPool>

#include <algorithm>

namespace shmbridge {

WorkerPool::WorkerPool(int threads, std::chrono::milliseconds stopWait)
    : m_threads(new QThreadPool),
      m_stopWait(stopWait)
{
    m_threads->setMaxThreadCount(std::max(1, threads));
}

WorkerPool::~WorkerPool()
{
    {
        const QMutexLocker locker(&m_gate->mutex);
        m_gate->open = false; // from here on, results are dropped
    }
    m_threads->clear();
    if (m_threads->waitForDone(int(m_stopWait.count())))
        delete m_threads;
    // Otherwise a job is still at work: the pool is left to it (its jobs
    // hold only their own values and the closed gate), not waited for.
}

void WorkerPool::start(std::function<void()> job)
{
    m_threads->start(std::move(job));
}

} // namespace shmbridge

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The image worker's thread, from start to end. The bridge hands the worker
// jobs with post() and listens to its signals; it never sees the thread.
#pragma once

#include "imageworker.h"

#include <QMetaObject>
#include <QThread>

#include <chrono>
#include <memory>

class ImageWorkerThread
{
public:
    // stopWait: how long destruction waits for a job in progress; a worker
    // still busy then is left to finish on its own and tidy up after itself.
    explicit ImageWorkerThread(std::shared_ptr<RoomAccess> access,
                               std::chrono::milliseconds stopWait = std::chrono::seconds(5));
    ~ImageWorkerThread();
    ImageWorkerThread(const ImageWorkerThread &) = delete;
    ImageWorkerThread &operator=(const ImageWorkerThread &) = delete;

    // For connecting to the worker's signals (queued: it lives on the thread).
    ImageWorker *worker() const { return m_worker; }

    // Runs job(worker) on the worker's thread, after the jobs posted before it.
    template<typename Job>
    void post(Job &&job)
    {
        ImageWorker *worker = m_worker;
        QMetaObject::invokeMethod(worker, [worker, job = std::forward<Job>(job)]() mutable { job(*worker); },
                                  Qt::QueuedConnection);
    }

private:
    QThread *m_thread; // outlives us if the worker is still busy when we go
    ImageWorker *m_worker;
    std::chrono::milliseconds m_stopWait;
};

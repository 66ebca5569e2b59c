// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "imageworkerthread.h"

#include "bridgelogging.h"

#include <QDeadlineTimer>

#include <atomic>

ImageWorkerThread::ImageWorkerThread(std::shared_ptr<RoomAccess> access, std::chrono::milliseconds stopWait)
    : m_thread(new QThread), m_worker(new ImageWorker(std::move(access))), m_stopWait(stopWait)
{
    m_thread->setObjectName(QStringLiteral("shmbridge image worker"));
    m_worker->moveToThread(m_thread);
    m_thread->start();
}

ImageWorkerThread::~ImageWorkerThread()
{
    m_thread->quit();
    if (m_thread->wait(QDeadlineTimer(m_stopWait.count()))) {
        delete m_worker;
        delete m_thread;
        return;
    }
    // Never destroy a running thread: this one finishes its job (finding no
    // room, if its owner cleared the RoomAccess first), and then deletes its
    // worker and itself.
    qCWarning(lcBridge) << "image worker still busy after" << m_stopWait.count() << "ms; leaving it to finish";
    ImageWorker *worker = m_worker;
    QThread *thread = m_thread;
    // Whoever comes first tidies up: the thread as it finishes, or we, if it
    // finished between the wait and the connect.
    auto tidied = std::make_shared<std::atomic_bool>(false);
    QObject::connect(thread, &QThread::finished, thread, [worker, thread, tidied] {
        if (!tidied->exchange(true)) {
            delete worker;
            thread->deleteLater();
        }
    }, Qt::DirectConnection);
    if (thread->isFinished() && !tidied->exchange(true)) {
        delete worker;
        delete thread;
    }
}

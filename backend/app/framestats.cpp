// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "framestats.h"

#include "clocks.h"

#include <QKeyEvent>
#include <QQuickWindow>

namespace {

// Now on the X server's clock: CLOCK_MONOTONIC in milliseconds, in 32 bits.
quint32 serverTimeNow()
{
    return quint32(shmbridge::monotonicNow() / 1'000'000ULL);
}

} // namespace

FrameStats::FrameStats(QQuickWindow *window) : QObject(window)
{
    window->installEventFilter(this);
    // The GUI thread waits while a frame synchronises: the keys handled by
    // then are the ones this frame shows.
    connect(window, &QQuickWindow::beforeSynchronizing, this, [this] {
        QMutexLocker locker(&m_mutex);
        m_inFrame.append(m_handled);
        m_handled.clear();
    }, Qt::DirectConnection);
    connect(window, &QQuickWindow::frameSwapped, this, [this] {
        const quint32 now = serverTimeNow();
        QMutexLocker locker(&m_mutex);
        ++m_frames;
        for (const quint32 stamp : std::as_const(m_inFrame)) {
            const quint32 ms = now - stamp; // modulo 2^32, as X time wraps
            if (ms < 60'000) // else not on this clock (a synthesised event)
                m_latencies.append(double(ms));
        }
        m_inFrame.clear();
    }, Qt::DirectConnection);
}

quint64 FrameStats::framesDrawn() const
{
    QMutexLocker locker(&m_mutex);
    return m_frames;
}

QList<double> FrameStats::takeKeyLatencies()
{
    QMutexLocker locker(&m_mutex);
    return std::exchange(m_latencies, {});
}

bool FrameStats::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        QMutexLocker locker(&m_mutex);
        m_handled.append(quint32(static_cast<QKeyEvent *>(event)->timestamp()));
    }
    return QObject::eventFilter(watched, event);
}

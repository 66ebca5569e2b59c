// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "framegate.h"

#include <QGuiApplication>
#include <QQuickWindow>

#include <algorithm>
#include <utility>

using shmbridge::PeerId;

FrameGate::FrameGate(QObject *parent) : QObject(parent)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(kWaitMs);
    connect(&m_timeout, &QTimer::timeout, this, &FrameGate::open);
}

bool FrameGate::holdAfterShown(PeerId id, quint64 next)
{
    if (!windowsAreDrawing())
        return false;
    m_waiting.insert(id, next);
    if (!m_timeout.isActive())
        m_timeout.start();
    return true;
}

bool FrameGate::holdIfWaiting(PeerId id, quint64 seq)
{
    const auto waiting = m_waiting.find(id);
    if (waiting == m_waiting.end())
        return false;
    *waiting = std::max(*waiting, seq);
    return true;
}

void FrameGate::forget(PeerId id)
{
    m_waiting.remove(id);
}

void FrameGate::clear()
{
    m_waiting.clear();
    m_timeout.stop();
}

bool FrameGate::windowsAreDrawing()
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return false;
    bool drawing = false;
    for (QWindow *window : QGuiApplication::topLevelWindows()) {
        auto *quickWindow = qobject_cast<QQuickWindow *>(window);
        if (!quickWindow || !quickWindow->isExposed())
            continue;
        connect(quickWindow, &QQuickWindow::afterAnimating, this, &FrameGate::open, Qt::UniqueConnection);
        drawing = true;
    }
    return drawing;
}

void FrameGate::open()
{
    if (m_waiting.isEmpty())
        return;
    m_timeout.stop();
    // Emptied first: a handler reading a frame may be held again at once.
    const QHash<PeerId, quint64> waiting = std::exchange(m_waiting, {});
    for (auto [id, seq] : waiting.asKeyValueRange()) {
        if (seq)
            Q_EMIT release(id, seq);
    }
}

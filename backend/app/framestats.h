// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// What the window's user feels, counted from inside: frames drawn, and how
// long each key press took to show on screen, from the moment the window
// system stamped it (an X server timestamp is CLOCK_MONOTONIC in
// milliseconds) to the swap of the first frame synchronised after the app
// handled it. For the remote control's "stats", which the bench reads.
#pragma once

#include <QList>
#include <QMutex>
#include <QObject>

class QQuickWindow;

class FrameStats : public QObject
{
    Q_OBJECT

public:
    explicit FrameStats(QQuickWindow *window);

    quint64 framesDrawn() const;
    // The key-to-screen latencies (ms) measured since the last call.
    QList<double> takeKeyLatencies();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Timestamps (ms) of the keys handled and not yet in a frame; those of
    // the frame being drawn; the latencies measured. frameSwapped and
    // beforeSynchronizing come from the render thread.
    mutable QMutex m_mutex;
    QList<quint32> m_handled;
    QList<quint32> m_inFrame;
    QList<double> m_latencies;
    quint64 m_frames = 0;
};

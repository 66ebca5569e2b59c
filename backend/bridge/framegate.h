// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Frames are read no faster than the windows draw them. A peer whose frame
// an Image has just loaded is read again only once a window has started its
// next frame (QQuickWindow::afterAnimating), or kWaitMs have passed (a
// window that draws nothing new, such as one whose card is hidden). Frames
// announced meanwhile cost nothing: only the newest is remembered, and read
// when the gate opens. Frames no Image loads (a C++ user of imageReceived)
// never wait.
#pragma once

#include "peerinfo.h"

#include <QHash>
#include <QObject>
#include <QTimer>

class FrameGate : public QObject
{
    Q_OBJECT

public:
    static constexpr int kWaitMs = 100;

    explicit FrameGate(QObject *parent = nullptr);

    // A frame of peer id was just shown: holds the peer until a window has
    // drawn it, with next (0: none) as the newest frame wanted meanwhile.
    // False, holding nothing, when no window is drawing.
    bool holdAfterShown(shmbridge::PeerId id, quint64 next);
    // A frame seq was announced: true when the gate holds that peer (it
    // then keeps the newest seq for later).
    bool holdIfWaiting(shmbridge::PeerId id, quint64 seq);
    void forget(shmbridge::PeerId id);
    void clear();

Q_SIGNALS:
    // A window drew (or the wait ran out): read that peer's frame seq now.
    void release(shmbridge::PeerId id, quint64 seq);

private:
    // Whether a window shows images now; connects to each one's frames.
    bool windowsAreDrawing();
    void open();

    QHash<shmbridge::PeerId, quint64> m_waiting; // peer -> newest seq announced meanwhile (0: none)
    QTimer m_timeout;
};

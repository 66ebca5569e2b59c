// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Tells a supervising service manager how the app is doing, by systemd's
// notify protocol (sd_notify(3), a datagram per state): READY=1 once the
// window has drawn its first frame; WATCHDOG=1 from the GUI thread every half
// watchdog interval, so that a frozen GUI stops the pings and the manager
// restarts the app; STOPPING=1 on quit. Without NOTIFY_SOCKET in the
// environment nothing is created and nothing changes.
#pragma once

#include <QObject>

class QQuickWindow;

class ServiceNotifier : public QObject
{
    Q_OBJECT

public:
    // Reads systemd's variables and removes them from the environment, so
    // that no child process takes the app's place: the D-Bus daemon that
    // libdbus may autolaunch sends READY=1 of its own when it sees
    // NOTIFY_SOCKET. Call first in main(), before anything can start one.
    static void takeEnvironment();
    // Null when no service manager asked for notifications, or when its
    // socket cannot be reached (said on stderr).
    static ServiceNotifier *attach(QQuickWindow *window, QObject *parent);
    ~ServiceNotifier() override;

private:
    ServiceNotifier(int socket, QQuickWindow *window, QObject *parent);
    // Never blocks: a manager that does not read loses the datagram, and the
    // GUI thread goes on.
    void send(const char *state);

    int m_socket;
    QMetaObject::Connection m_firstFrame;
    bool m_readySent = false;
};

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "servicenotifier.h"

#include "applogging.h"

#include <QCoreApplication>
#include <QQuickWindow>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <utility>

namespace {

void warn(const QString &message)
{
    qCWarning(lcApp).noquote() << message;
}

// NOTIFY_SOCKET is a socket path, or "@name" in the abstract namespace.
// Returns a connected, non-blocking datagram socket, or -1.
int connectToNotifySocket(const QByteArray &address)
{
    sockaddr_un peer {};
    peer.sun_family = AF_UNIX;
    const bool abstract = address.startsWith('@');
    if ((address.front() != '/' && !abstract) || size_t(address.size()) > sizeof peer.sun_path) {
        warn(QStringLiteral("NOTIFY_SOCKET \"%1\" is neither a socket path nor @name; not notifying the service manager")
                     .arg(QString::fromLocal8Bit(address)));
        return -1;
    }
    std::memcpy(peer.sun_path, address.constData(), size_t(address.size()));
    if (abstract)
        peer.sun_path[0] = '\0';
    const socklen_t length = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(address.size()));
    const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 || connect(fd, reinterpret_cast<const sockaddr *>(&peer), length) != 0) {
        warn(QStringLiteral("cannot reach the service manager at NOTIFY_SOCKET \"%1\": %2")
                     .arg(QString::fromLocal8Bit(address), QString::fromLocal8Bit(std::strerror(errno))));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

// What the service manager asked for, taken from the environment.
struct Request
{
    QByteArray notifySocket;
    qint64 watchdogIntervalMs = 0; // 0: no watchdog
};
Request taken;

// WATCHDOG_PID, when set, names the one process meant to ping.
qint64 watchdogIntervalMs()
{
    bool ok = false;
    const qint64 usec = qEnvironmentVariable("WATCHDOG_USEC").toLongLong(&ok);
    if (!ok || usec <= 0)
        return 0;
    if (qEnvironmentVariableIsSet("WATCHDOG_PID") && qEnvironmentVariable("WATCHDOG_PID").toLongLong() != getpid())
        return 0;
    return std::max<qint64>(1, usec / 1000);
}

} // namespace

void ServiceNotifier::takeEnvironment()
{
    taken.notifySocket = qgetenv("NOTIFY_SOCKET");
    taken.watchdogIntervalMs = watchdogIntervalMs();
    for (const char *name : { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID" })
        qunsetenv(name);
}

ServiceNotifier *ServiceNotifier::attach(QQuickWindow *window, QObject *parent)
{
    if (taken.notifySocket.isEmpty())
        return nullptr;
    const int socket = connectToNotifySocket(taken.notifySocket);
    return socket < 0 ? nullptr : new ServiceNotifier(socket, window, parent);
}

ServiceNotifier::ServiceNotifier(int socket, QQuickWindow *window, QObject *parent)
    : QObject(parent), m_socket(socket)
{
    // Ready means drawn, not merely constructed: the first swapped frame.
    // It is signalled on the render thread; the datagram goes from here.
    // Frames may be swapped again before the first queued call runs here,
    // and systemd wants READY=1 once.
    m_firstFrame = connect(window, &QQuickWindow::frameSwapped, this, [this] {
        disconnect(m_firstFrame);
        if (!std::exchange(m_readySent, true))
            send("READY=1");
    }, Qt::QueuedConnection);

    if (const qint64 intervalMs = taken.watchdogIntervalMs) {
        // Half the interval, as sd_watchdog_enabled(3) advises, from a timer
        // on the GUI thread: it fires only while that thread serves events.
        auto *watchdog = new QTimer(this);
        watchdog->setTimerType(Qt::PreciseTimer);
        connect(watchdog, &QTimer::timeout, this, [this] { send("WATCHDOG=1"); });
        watchdog->start(std::chrono::milliseconds(std::max<qint64>(1, intervalMs / 2)));
        connect(qApp, &QCoreApplication::aboutToQuit, watchdog, &QTimer::stop);
    }
    connect(qApp, &QCoreApplication::aboutToQuit, this, [this] { send("STOPPING=1"); });
}

ServiceNotifier::~ServiceNotifier()
{
    close(m_socket);
}

void ServiceNotifier::send(const char *state)
{
    // A full queue (EAGAIN) or a vanished manager loses this one datagram;
    // the next ping is due within half an interval anyway.
    ::send(m_socket, state, std::strlen(state), MSG_DONTWAIT | MSG_NOSIGNAL);
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A TCP relay between a gateway and the broker that a test can cut the way a
// network goes down: it stops carrying bytes and closes nothing (no FIN, no
// RST), so only keepalives can tell. It runs on a thread of its own, because
// the test's waits (QProcess::waitFor...) do not run the test's event loop.
#pragma once

#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <atomic>

namespace testing {

class LinkProxy : public QThread
{
public:
    explicit LinkProxy(quint16 target) : m_target(target) { }
    ~LinkProxy() override
    {
        quit();
        wait();
    }

    // The port to connect to, once the relay listens (0 if it could not).
    quint16 listen()
    {
        start();
        while (!m_ready.load())
            QThread::msleep(5);
        return m_port.load();
    }
    void cut() { m_cut = true; }
    // Drops every connection (dead anyway after a cut) and carries bytes
    // again for the next ones.
    void restore()
    {
        QMetaObject::invokeMethod(m_context, [this] {
            for (const QPointer<QTcpSocket> &socket : std::as_const(m_sockets)) {
                if (socket)
                    socket->abort();
            }
            m_sockets.clear();
            m_cut = false;
        }, Qt::BlockingQueuedConnection);
    }

protected:
    void run() override
    {
        QObject context;
        m_context = &context;
        QTcpServer server;
        QObject::connect(&server, &QTcpServer::newConnection, &context, [&] {
            while (QTcpSocket *client = server.nextPendingConnection()) {
                auto *broker = new QTcpSocket(client);
                broker->connectToHost(QHostAddress::LocalHost, m_target);
                relay(client, broker);
                relay(broker, client);
                m_sockets << client << broker;
            }
        });
        m_port = server.listen(QHostAddress::LocalHost, 0) ? server.serverPort() : 0;
        m_ready = true;
        exec();
        for (const QPointer<QTcpSocket> &socket : std::as_const(m_sockets)) {
            if (socket)
                socket->abort();
        }
    }

private:
    void relay(QTcpSocket *from, QTcpSocket *to)
    {
        QObject::connect(from, &QTcpSocket::readyRead, to, [this, from, to] {
            if (!m_cut)
                to->write(from->readAll()); // cut: the bytes wait, and are dropped with the connection
        });
        QObject::connect(from, &QTcpSocket::disconnected, to, [this, to] {
            if (!m_cut)
                to->disconnectFromHost();
        });
    }

    quint16 m_target;
    std::atomic<quint16> m_port { 0 };
    std::atomic<bool> m_ready { false };
    std::atomic<bool> m_cut { false };
    QObject *m_context = nullptr;
    QList<QPointer<QTcpSocket>> m_sockets; // on the relay's thread only
};

} // namespace testing

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// One connection to an MQTT broker through libmosquitto, on a thread of its
// own: the TCP connect, the TLS handshake and every read and write happen
// there, never on the thread that serves the room. Results come back as
// queued signals. It reconnects after any loss with back-off (1 s, doubling
// to 30 s) and subscribes again; what to publish again is the caller's
// business (connected() says when).
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

struct mosquitto;
struct mosquitto_message;
typedef struct mqtt5__property mosquitto_property;

namespace shmbridge::gateway {

class MqttLink : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        QString host;
        int port = 8883;
        bool tls = true;
        QString caFile; // empty: the system's CAs
        QString certFile; // client certificate, with keyFile
        QString keyFile;
        QString username;
        QByteArray password;
        QByteArray clientId;
        int keepaliveSeconds = 10;
        qint64 maxIncomingBytes = 0; // per message; larger ones the broker must not send us
    };

    explicit MqttLink(Settings settings, QObject *parent = nullptr);
    ~MqttLink() override;

    // The message the broker publishes (retained) if we vanish without
    // disconnecting; before start().
    void setWill(const QByteArray &topic, const QByteArray &payload);
    // Starts connecting; subscriptions given before or after are made on
    // every connection.
    void start();
    void subscribe(const QByteArray &pattern);
    // QoS 1. The message's id, which delivered() gives back once the broker
    // has it; 0 while there is no connection: publish again on connected().
    int publish(const QByteArray &topic, const QByteArray &payload, bool retain);
    bool isConnected() const { return m_connected.load(); }

Q_SIGNALS:
    void connected();
    // The connection was lost, or an attempt failed; it tries again.
    void disconnected(const QString &why);
    // The broker refused our credentials, or its certificate is not to be
    // trusted: trying again cannot help, and it stops.
    void refused(const QString &why);
    void message(const QByteArray &topic, const QByteArray &payload);
    // The broker acknowledged the message publish() numbered so.
    void delivered(int messageId);
    // A message was dropped: too much from the broker waits to be taken in.
    void dropped(const QString &why);

private:
    void run();
    void pause(int ms);
    // On the link's thread: true (and refused emitted) when OpenSSL refused a
    // certificate, which no retry mends.
    bool refuseOnCertificateProblem(const QString &why);
    QString describe(int code) const;
    QString lastError() const;
    void onConnect(int reason);
    void onMessage(const mosquitto_message *delivered);
    void onLog(int level, const char *text);

    Settings m_settings;
    QByteArray m_willTopic;
    QByteArray m_willPayload;
    mosquitto *m_client = nullptr;
    mosquitto_property *m_connectProperties = nullptr;
    std::atomic<bool> m_connected { false };
    std::atomic<bool> m_stopping { false };
    std::atomic<bool> m_refused { false };
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    QList<QByteArray> m_subscriptions; // guarded by m_mutex
    QString m_lastError; // guarded by m_mutex: libmosquitto's last error line (OpenSSL's words)
    // Messages handed to the room's thread and not yet taken: a flood is
    // dropped rather than queued without bound.
    std::atomic<qint64> m_pendingBytes { 0 };
    std::thread m_thread;
};

} // namespace shmbridge::gateway

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "mqttlink.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <QMetaObject>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace shmbridge::gateway {

namespace {

// How much of the broker's traffic may wait for the room's thread at once.
constexpr qint64 kMaxPendingBytes = 256LL * 1024 * 1024;
constexpr int kFirstRetryMs = 1000;
constexpr int kLastRetryMs = 30000;

// A TLS failure that trying again cannot mend (a certificate refused either
// way), told from one the network caused (a connection reset mid-handshake)
// by OpenSSL's words, which libmosquitto logs.
bool isCertificateProblem(const QString &openSslError)
{
    return openSslError.contains(QLatin1String("certificate"), Qt::CaseInsensitive)
            || openSslError.contains(QLatin1String("verify"), Qt::CaseInsensitive)
            || openSslError.contains(QLatin1String("unknown ca"), Qt::CaseInsensitive);
}

bool isCredentialRefusal(int reason)
{
    return reason == MQTT_RC_BAD_USERNAME_OR_PASSWORD || reason == MQTT_RC_NOT_AUTHORIZED
            || reason == MQTT_RC_BAD_AUTHENTICATION_METHOD || reason == MQTT_RC_BANNED
            || reason == MQTT_RC_CLIENTID_NOT_VALID;
}

} // namespace

MqttLink::MqttLink(Settings settings, QObject *parent) : QObject(parent), m_settings(std::move(settings))
{
}

MqttLink::~MqttLink()
{
    // A clean DISCONNECT: the broker then keeps our will to itself. The
    // thread writes what is queued before it (the last publishes) first.
    if (m_client && m_connected)
        mosquitto_disconnect(m_client);
    m_stopping = true;
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    if (m_client)
        mosquitto_destroy(m_client);
    mosquitto_property_free_all(&m_connectProperties);
}

void MqttLink::subscribe(const QByteArray &pattern)
{
    std::lock_guard lock(m_mutex);
    m_subscriptions.append(pattern);
    if (m_connected)
        mosquitto_subscribe(m_client, nullptr, pattern.constData(), 1);
}

int MqttLink::publish(const QByteArray &topic, const QByteArray &payload, bool retain)
{
    if (!m_connected)
        return 0;
    int id = 0;
    if (mosquitto_publish(m_client, &id, topic.constData(), int(payload.size()), payload.constData(), 1, retain)
        != MOSQ_ERR_SUCCESS)
        return 0;
    return id;
}

void MqttLink::setWill(const QByteArray &topic, const QByteArray &payload)
{
    m_willTopic = topic;
    m_willPayload = payload;
}

void MqttLink::start()
{
    m_client = mosquitto_new(m_settings.clientId.constData(), true, this);
    mosquitto_int_option(m_client, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    mosquitto_threaded_set(m_client, true);
    // A text is one small packet: Nagle's algorithm would hold it back until
    // the broker's delayed ACK of the one before, 40 ms later.
    mosquitto_int_option(m_client, MOSQ_OPT_TCP_NODELAY, 1);
    if (m_settings.tls) {
        const QByteArray ca = m_settings.caFile.toLocal8Bit();
        const QByteArray cert = m_settings.certFile.toLocal8Bit();
        const QByteArray key = m_settings.keyFile.toLocal8Bit();
        mosquitto_tls_set(m_client, ca.isEmpty() ? nullptr : ca.constData(), ca.isEmpty() ? "/etc/ssl/certs" : nullptr,
                          cert.isEmpty() ? nullptr : cert.constData(), key.isEmpty() ? nullptr : key.constData(), nullptr);
        mosquitto_tls_opts_set(m_client, 1, nullptr, nullptr); // verify the broker's certificate and name
        mosquitto_tls_insecure_set(m_client, false);
    }
    if (!m_settings.username.isEmpty())
        mosquitto_username_pw_set(m_client, m_settings.username.toUtf8().constData(),
                                  m_settings.password.isEmpty() ? nullptr : m_settings.password.constData());
    if (!m_willTopic.isEmpty())
        mosquitto_will_set(m_client, m_willTopic.constData(), int(m_willPayload.size()), m_willPayload.constData(), 1,
                           true);
    if (m_settings.maxIncomingBytes > 0) // the broker then drops anything larger meant for us
        mosquitto_property_add_int32(&m_connectProperties, MQTT_PROP_MAXIMUM_PACKET_SIZE,
                                     std::uint32_t(m_settings.maxIncomingBytes));
    mosquitto_connect_v5_callback_set(m_client, [](mosquitto *, void *self, int reason, int, const mosquitto_property *) {
        static_cast<MqttLink *>(self)->onConnect(reason);
    });
    mosquitto_message_v5_callback_set(m_client, [](mosquitto *, void *self, const mosquitto_message *message,
                                                   const mosquitto_property *) {
        static_cast<MqttLink *>(self)->onMessage(message);
    });
    mosquitto_publish_v5_callback_set(m_client, [](mosquitto *, void *self, int id, int, const mosquitto_property *) {
        QMetaObject::invokeMethod(static_cast<MqttLink *>(self), [self, id] {
            Q_EMIT static_cast<MqttLink *>(self)->delivered(id);
        }, Qt::QueuedConnection);
    });
    mosquitto_log_callback_set(m_client, [](mosquitto *, void *self, int level, const char *text) {
        static_cast<MqttLink *>(self)->onLog(level, text);
    });
    m_thread = std::thread([this] { run(); });
}

// On the link's thread.
void MqttLink::run()
{
    int retryMs = kFirstRetryMs;
    bool socketUp = false;
    // An idle link wakes only for the keepalive: a quarter of it, so the
    // ping goes at most 1.25 keepalives after the last packet (the broker
    // waits 1.5). Publishes and disconnects wake the loop at once (libmosquitto's
    // socket pair in threaded mode).
    const int loopMs = std::max(1000, m_settings.keepaliveSeconds * 1000 / 4);
    const QByteArray host = m_settings.host.toUtf8();
    while (!m_stopping) {
        if (!socketUp) {
            {
                std::lock_guard lock(m_mutex);
                m_lastError.clear();
            }
            const int code = mosquitto_connect_bind_v5(m_client, host.constData(), m_settings.port,
                                                       m_settings.keepaliveSeconds, nullptr, m_connectProperties);
            if (code != MOSQ_ERR_SUCCESS) {
                const QString why = describe(code);
                if (refuseOnCertificateProblem(why))
                    return;
                QMetaObject::invokeMethod(this, [this, why, retryMs] {
                    Q_EMIT disconnected(QStringLiteral("%1; trying again in %2 s").arg(why).arg(retryMs / 1000));
                }, Qt::QueuedConnection);
                pause(retryMs);
                retryMs = std::min(retryMs * 2, kLastRetryMs);
                continue;
            }
            socketUp = true;
        }
        const int code = mosquitto_loop(m_client, loopMs, 1);
        if (m_refused)
            return;
        if (code == MOSQ_ERR_SUCCESS) {
            if (m_connected)
                retryMs = kFirstRetryMs;
            continue;
        }
        socketUp = false;
        const bool wasConnected = m_connected.exchange(false);
        const QString why = describe(code);
        if (!wasConnected && refuseOnCertificateProblem(why)) // in the handshake
            return;
        QMetaObject::invokeMethod(this, [this, why, retryMs, wasConnected] {
            Q_EMIT disconnected(QStringLiteral("%1%2; trying again in %3 s")
                                        .arg(wasConnected ? QStringLiteral("lost the broker: ") : QString(), why)
                                        .arg(retryMs / 1000));
        }, Qt::QueuedConnection);
        pause(retryMs);
        retryMs = std::min(retryMs * 2, kLastRetryMs);
    }
    // Stopping: write out what is queued, the DISCONNECT last (bounded).
    for (int round = 0; socketUp && round < 10 && mosquitto_want_write(m_client); ++round)
        mosquitto_loop(m_client, 100, 1);
    if (socketUp)
        mosquitto_loop(m_client, 100, 1);
}

QString MqttLink::lastError() const
{
    std::lock_guard lock(m_mutex);
    return m_lastError;
}

void MqttLink::pause(int ms)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_stopping.load(); });
}

// Whatever code libmosquitto gives it: 2.0.11 with OpenSSL 3.0 says "A TLS
// error occurred", 2.0.21 with OpenSSL 3.5 mostly "Protocol error" for the
// same untrusted broker. OpenSSL's own words, which it logs, are what tell a
// certificate refused (final) from a network failure (worth another try).
bool MqttLink::refuseOnCertificateProblem(const QString &why)
{
    if (!isCertificateProblem(lastError()))
        return false;
    m_refused = true;
    const QString words = QStringLiteral("%1 — a certificate was refused (the broker's is not trusted by --ca, or "
                                         "it refused ours); trying again cannot help")
                                  .arg(why);
    QMetaObject::invokeMethod(this, [this, words] { Q_EMIT refused(words); }, Qt::QueuedConnection);
    return true;
}

QString MqttLink::describe(int code) const
{
    QString why = code == MOSQ_ERR_ERRNO ? QString::fromLocal8Bit(std::strerror(errno))
                                         : QString::fromUtf8(mosquitto_strerror(code));
    std::lock_guard lock(m_mutex);
    if (!m_lastError.isEmpty())
        why += QStringLiteral(" (%1)").arg(m_lastError);
    return QStringLiteral("%1:%2: %3").arg(m_settings.host).arg(m_settings.port).arg(why);
}

// On the link's thread, from mosquitto_loop.
void MqttLink::onConnect(int reason)
{
    if (reason != 0) {
        const QString why = QStringLiteral("%1:%2: the broker refused us: %3")
                                    .arg(m_settings.host)
                                    .arg(m_settings.port)
                                    .arg(QString::fromUtf8(mosquitto_reason_string(reason)));
        if (isCredentialRefusal(reason)) {
            m_refused = true;
            QMetaObject::invokeMethod(this, [this, why] { Q_EMIT refused(why); }, Qt::QueuedConnection);
        }
        return; // the broker closes the connection; the loop notices and tries again
    }
    {
        std::lock_guard lock(m_mutex);
        for (const QByteArray &pattern : std::as_const(m_subscriptions))
            mosquitto_subscribe(m_client, nullptr, pattern.constData(), 1);
    }
    m_connected = true;
    QMetaObject::invokeMethod(this, [this] { Q_EMIT connected(); }, Qt::QueuedConnection);
}

// On the link's thread.
void MqttLink::onMessage(const mosquitto_message *delivered)
{
    const qint64 bytes = delivered->payloadlen;
    if (m_pendingBytes.fetch_add(bytes) + bytes > kMaxPendingBytes) {
        m_pendingBytes.fetch_sub(bytes);
        const QByteArray topic(delivered->topic);
        QMetaObject::invokeMethod(this, [this, topic] {
            Q_EMIT dropped(QStringLiteral("dropped a message on %1: more than %2 MiB from the broker wait to be "
                                               "taken in")
                                        .arg(QString::fromUtf8(topic))
                                        .arg(kMaxPendingBytes / 1048576));
        }, Qt::QueuedConnection);
        return;
    }
    const QByteArray topic(delivered->topic);
    const QByteArray payload(static_cast<const char *>(delivered->payload), delivered->payloadlen);
    QMetaObject::invokeMethod(this, [this, topic, payload, bytes] {
        m_pendingBytes.fetch_sub(bytes);
        Q_EMIT message(topic, payload);
    }, Qt::QueuedConnection);
}

void MqttLink::onLog(int level, const char *text)
{
    if (!(level & MOSQ_LOG_ERR))
        return;
    std::lock_guard lock(m_mutex);
    m_lastError = QString::fromUtf8(text);
}

} // namespace shmbridge::gateway

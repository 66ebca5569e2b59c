// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The gateway of one site: it mirrors a local room through an MQTT broker.
//   Outbound: every local peer's latest text, image and telemetry, and
//             whether it is live, as retained QoS 1 messages under
//             <prefix>/<room>/<site>/<peer>/<kind>.
//   Inbound:  every other site's peers, each as a local peer of its own
//             named "peer@site", with its values.
// A name with '@' in it is an imported peer: never exported, so no value
// goes round in a loop. The site's $online topic carries the gateway's
// instance; a second gateway claiming the same site is refused in words.
#pragma once

#include "framelane.h"
#include "gatewaylog.h"
#include "imagecodec.h"
#include "mqttlink.h"
#include "room.h"
#include "topics.h"
#include "wireformat.h"
#include "workerpool.h"

#include <QHash>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <map>
#include <memory>

namespace shmbridge::gateway {

class Gateway : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        QString key;
        QString site;
        QString prefix = QStringLiteral("shmbridge");
        QString name = QStringLiteral("gateway"); // its own peer in the local room
        QString broker; // host:port, for the status its card shows
        int keepaliveSeconds = 10;
        ImageCodecChoice imageCodec;
    };

    // Text, telemetry, presence and the sites' $online go through `link`;
    // images through `imageLink`, a second connection, so that a text never
    // waits behind the megabytes of a frame in a socket, here or at the broker.
    Gateway(Settings settings, MqttLink &link, MqttLink &imageLink, const GatewayLog &log, QObject *parent = nullptr);
    ~Gateway() override;

    // Joins the local room; the links are started by the caller.
    Result<void> start();
    // The will the link must leave with the broker.
    QByteArray willTopic() const;
    QByteArray willPayload() const;

Q_SIGNALS:
    // Something that running on cannot fix: the process should end.
    void fatal(const QString &why);

private:
    enum class Phase { Connecting, Probing, WaitingForRival, Running };

    // Outbound.
    bool exports(const PeerInfo &peer) const;
    void exportPeer(const PeerInfo &peer);
    void exportValue(PeerId peer, layout::Kind kind);
    void sendRetained(const QByteArray &topic, const QByteArray &message);
    // Images: compressed on the worker pool, then sent, one frame at a time
    // per peer in each stage; see framelane.h.
    void compressNewest(const QByteArray &topic);
    void onCompressed(const QByteArray &topic, const Result<QByteArray> &message);
    void sendImage(const QByteArray &topic, QByteArray message);
    void onDelivered(int messageId);
    void forgetUndelivered();
    void onImageLinkConnected();
    // Inbound.
    void onMessage(const QByteArray &topic, const QByteArray &payload);
    void onSiteOnline(const QString &site, const QByteArray &payload);
    void importValue(const QString &site, const QString &peer, layout::Kind kind, const QByteArray &message);
    void decompress(const QString &site, const QString &peer, const QByteArray &message);
    void onDecompressed(const QString &site, const QString &peer, const Result<WireValue> &value);
    // A remote peer's value that cannot be shown: said once per reason, not
    // once per frame of a stream; the last good value stays.
    struct Imported;
    void refuseImported(Imported &record, const QString &site, const QString &peer, layout::Kind kind,
                        const QString &why);
    void importPresence(const QString &site, const QString &peer, const QByteArray &payload);
    void publishImported(const QString &site, const QString &peer, const WireValue &value);
    Room *importedRoom(const QString &site, const QString &peer);
    // Leaves after a short stay, so that values arriving with "left" land
    // in the same membership.
    void leaveSoon(const QString &site, const QString &peer);
    // The record of a remote peer; nothing once too many are known (a rogue
    // client inventing names must not grow us without bound).
    Imported *imported(const QString &site, const QString &peer);
    void markSiteLeft(const QString &site);
    // The link.
    void onConnected();
    void goOnline();
    QByteArray onlinePayload(bool online) const;
    // The gateway's own card in every window says how the link is.
    void showStatus(const QString &status);

    Settings m_settings;
    MqttLink &m_link;
    MqttLink &m_imageLink;
    const GatewayLog &m_log;
    Topics m_topics;
    Room m_room;
    Phase m_phase = Phase::Connecting;
    QByteArray m_instance; // this run's random id, in $online
    qint64 m_since = 0; // when it started, ns since the epoch
    QString m_rival; // the other instance seen on our site's $online, if any
    QTimer m_phaseTimer;

    // Every text, telemetry and presence we keep retained on the broker, to
    // send again after a reconnect.
    QHash<QByteArray, QByteArray> m_outbound;

    // A local peer's images on their way out.
    struct Outgoing
    {
        PeerId peer = 0;
        FrameLane<bool> compressing; // a frame: "the room has a newer image"
        FrameLane<QByteArray> sending; // the next message, until the broker has the one before
        QByteArray latest; // retained on the broker: sent again after a reconnect
    };
    QHash<QByteArray, Outgoing> m_outgoingImages; // by topic
    QHash<int, QByteArray> m_undelivered; // message id -> topic, until the broker acknowledges it

    struct Imported
    {
        std::unique_ptr<Room> room;
        bool left = false;
        // The values of a peer that left (retained, arriving together) are shown
        // in one short stay in the room, not one stay per value.
        bool leavePending = false;
        FrameLane<QByteArray> decompressing;
        QString refusal; // the last one said, until a good value comes
    };
    std::map<std::pair<QString, QString>, Imported> m_imported; // (site, peer)

    // Compressing and decompressing images, on every core, below the
    // priority of the thread that serves the room and carries text. Going,
    // it waits up to 2 s for the frames in work (a 4K frame takes well under
    // a second), then drops their results.
    WorkerPool m_codecs { QThread::idealThreadCount(), std::chrono::seconds(2) };
};

} // namespace shmbridge::gateway

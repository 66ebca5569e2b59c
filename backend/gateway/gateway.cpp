// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "gateway.h"

#include "clocks.h"
#include "names.h"
#include "payload.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <sys/resource.h>
#include <unistd.h>

namespace shmbridge::gateway {

using layout::Kind;

namespace {

// After connecting, how long to listen for a retained $online of our own
// site before claiming it.
constexpr int kProbeMs = 1000;
// Remote peers a gateway keeps track of; a room holds 32 peers anyway.
constexpr std::size_t kMaxImported = 256;
// How long a remote peer that left stays in the room to take in its values.
constexpr int kLeftPeerStayMs = 500;
using layout::kKinds;
// How far below the room's thread the codec workers run: a frame may wait,
// a text behind it must not.
constexpr int kCodecNiceness = 10;

void lowerThisThreadsPriority()
{
    // Linux gives each thread its own nice value.
    setpriority(PRIO_PROCESS, id_t(gettid()), kCodecNiceness);
}

WireValue wireValue(Kind kind, const Update &update)
{
    WireValue value;
    value.kind = kind;
    value.seq = update.seq;
    // The peer's monotonic publish time, on the wall clock other machines share.
    value.publishRealtimeNs = realtimeNow() - (monotonicNow() - update.publishMonotonicNs);
    value.width = update.width;
    value.height = update.height;
    value.format = layout::PixelFormat(update.format);
    value.value = update.payload;
    return value;
}

} // namespace

Gateway::Gateway(Settings settings, MqttLink &link, MqttLink &imageLink, const GatewayLog &log, QObject *parent)
    : QObject(parent),
      m_settings(std::move(settings)),
      m_link(link),
      m_imageLink(imageLink),
      m_log(log),
      m_topics(m_settings.prefix, m_settings.key),
      m_instance(QByteArray::number(QRandomGenerator::system()->generate64(), 16)),
      m_since(QDateTime::currentMSecsSinceEpoch() * 1000000)
{
    m_phaseTimer.setSingleShot(true);
    connect(&m_link, &MqttLink::connected, this, &Gateway::onConnected);
    connect(&m_link, &MqttLink::message, this, &Gateway::onMessage);
    connect(&m_imageLink, &MqttLink::connected, this, &Gateway::onImageLinkConnected);
    connect(&m_imageLink, &MqttLink::delivered, this, &Gateway::onDelivered);
    connect(&m_imageLink, &MqttLink::message, this, &Gateway::onMessage);
    connect(&m_imageLink, &MqttLink::disconnected, this, [this](const QString &why) {
        forgetUndelivered();
        m_log.error(QStringLiteral("broker"), QStringLiteral("images: %1").arg(why));
    });
    for (MqttLink *link : { &m_link, &m_imageLink }) {
        connect(link, &MqttLink::refused, this, &Gateway::fatal);
        connect(link, &MqttLink::dropped, this, [this](const QString &why) { m_log.error(QStringLiteral("refused"), why); });
    }
    connect(&m_link, &MqttLink::disconnected, this, [this](const QString &why) {
        m_log.error(QStringLiteral("broker"), why);
        showStatus(tr("Site “%1”: no broker (%2).").arg(m_settings.site, why));
    });
    connect(&m_phaseTimer, &QTimer::timeout, this, [this] {
        if (m_phase == Phase::Probing && m_rival.isEmpty()) {
            goOnline();
        } else if (m_phase == Phase::Probing) {
            // A crashed gateway's "online" stays until its will fires, at most
            // one and a half keepalives after it died.
            m_phase = Phase::WaitingForRival;
            const int waitMs = m_settings.keepaliveSeconds * 1500 + 2000;
            m_log.info(QStringLiteral("rival"),
                       QStringLiteral("site \"%1\" is claimed by another gateway (instance %2); waiting up to %3 s "
                                      "for it to go offline")
                               .arg(m_settings.site, m_rival)
                               .arg(waitMs / 1000));
            m_phaseTimer.start(waitMs);
        } else if (m_phase == Phase::WaitingForRival) {
            Q_EMIT fatal(QStringLiteral("site \"%1\" of room \"%2\" is served by another gateway (instance %3), "
                                        "which is still online; choose another --site, or stop that gateway")
                                 .arg(m_settings.site, m_settings.key, m_rival));
        }
    });
    connect(&m_room, &Room::peerJoined, this, [this](const PeerInfo &peer) {
        if (m_phase == Phase::Running && exports(peer))
            exportPeer(peer);
    });
    connect(&m_room, &Room::updateAvailable, this, [this](PeerId id, Kind kind, quint64) {
        const auto peer = m_room.peer(id);
        if (m_phase == Phase::Running && peer && exports(*peer))
            exportValue(id, kind);
    });
    connect(&m_room, &Room::peerLeft, this, [this](const PeerInfo &peer) {
        if (m_phase == Phase::Running && exports(peer))
            sendRetained(m_topics.value(m_settings.site, peer.name, "presence"), "left");
    });
}

Gateway::~Gateway()
{
    // Leaving on purpose: other sites show our peers as left at once, as
    // the will would if we had died.
    if (m_phase == Phase::Running)
        m_link.publish(m_topics.online(m_settings.site), onlinePayload(false), true);
}

Result<void> Gateway::start()
{
    if (auto joined = m_room.join(m_settings.key, m_settings.name); !joined)
        return joined;
    m_log.info(QStringLiteral("joined"), QStringLiteral("joined room \"%1\" as \"%2\" for site \"%3\"")
                                                 .arg(m_settings.key, m_settings.name, m_settings.site));
    showStatus(tr("Site “%1”: connecting to %2…").arg(m_settings.site, m_settings.broker));
    for (const Kind kind : kKinds) {
        MqttLink &link = kind == Kind::Image ? m_imageLink : m_link;
        link.subscribe(m_topics.everyValueOf(kindName(kind).toLatin1()));
    }
    m_link.subscribe(m_topics.everyValueOf("presence"));
    m_link.subscribe(m_topics.everyOnline());
    return {};
}

QByteArray Gateway::willTopic() const
{
    return m_topics.online(m_settings.site);
}

QByteArray Gateway::willPayload() const
{
    return onlinePayload(false);
}

QByteArray Gateway::onlinePayload(bool online) const
{
    return QJsonDocument(QJsonObject { { QStringLiteral("state"), online ? QStringLiteral("online") : QStringLiteral("offline") },
                                       { QStringLiteral("instance"), QString::fromLatin1(m_instance) },
                                       { QStringLiteral("since"), m_since } })
            .toJson(QJsonDocument::Compact);
}

// --- the link ---------------------------------------------------------------

void Gateway::onConnected()
{
    m_log.info(QStringLiteral("connected"), QStringLiteral("connected to the broker"));
    if (m_phase == Phase::Connecting) {
        // Our own site's retained $online, if any, arrives first: listen a moment.
        m_phase = Phase::Probing;
        m_phaseTimer.start(kProbeMs);
        return;
    }
    if (m_phase != Phase::Running)
        return;
    // After an outage: claim the site again and send every latest value.
    m_link.publish(m_topics.online(m_settings.site), onlinePayload(true), true);
    for (auto it = m_outbound.cbegin(); it != m_outbound.cend(); ++it)
        m_link.publish(it.key(), it.value(), true);
    m_log.info(QStringLiteral("republished"), QStringLiteral("sent %1 latest values again").arg(m_outbound.size()));
    showStatus(tr("Site “%1”: online through %2.").arg(m_settings.site, m_settings.broker));
}

void Gateway::goOnline()
{
    m_phase = Phase::Running;
    m_link.publish(m_topics.online(m_settings.site), onlinePayload(true), true);
    m_log.info(QStringLiteral("online"), QStringLiteral("site \"%1\" is online").arg(m_settings.site));
    showStatus(tr("Site “%1”: online through %2.").arg(m_settings.site, m_settings.broker));
    m_room.refresh();
    for (const PeerInfo &peer : m_room.peers()) {
        if (exports(peer))
            exportPeer(peer);
    }
}

void Gateway::showStatus(const QString &status)
{
    if (auto shown = m_room.publishText(status); !shown)
        m_log.error(QStringLiteral("room"), shown.error());
}

// --- outbound ----------------------------------------------------------------

bool Gateway::exports(const PeerInfo &peer) const
{
    // Imported peers carry '@' (ours, or another gateway's on this machine).
    return peer.id != m_room.selfId() && !peer.name.contains(QLatin1Char('@'));
}

void Gateway::exportPeer(const PeerInfo &peer)
{
    sendRetained(m_topics.value(m_settings.site, peer.name, "presence"), peer.live ? "live" : "left");
    for (const Kind kind : kKinds) {
        if (peer.latestSeq[std::size_t(kind)] > 0)
            exportValue(peer.id, kind);
    }
}

void Gateway::exportValue(PeerId id, Kind kind)
{
    const auto peer = m_room.peer(id);
    if (!peer)
        return;
    const QByteArray topic = m_topics.value(m_settings.site, peer->name, kindName(kind).toLatin1());
    if (kind == Kind::Image) {
        // Read when the compressor is free, so frames that come faster
        // than it works are never even copied.
        Outgoing &lane = m_outgoingImages[topic];
        lane.peer = id;
        if (lane.compressing.offer(true))
            compressNewest(topic);
        return;
    }
    auto update = m_room.read(id, kind);
    if (!update) {
        m_log.error(QStringLiteral("read"), update.error());
        return;
    }
    m_room.acknowledge(id, kind, update.value().seq);
    auto message = encodeWire(wireValue(kind, update.value()));
    if (!message) {
        m_log.error(QStringLiteral("export"), message.error());
        return;
    }
    sendRetained(topic, message.value());
}

void Gateway::compressNewest(const QByteArray &topic)
{
    Outgoing &lane = m_outgoingImages[topic];
    auto update = m_room.read(lane.peer, Kind::Image);
    if (!update) {
        m_log.error(QStringLiteral("read"), update.error());
        if (lane.compressing.finish()) // a newer frame came meanwhile: try that
            compressNewest(topic);
        return;
    }
    m_room.acknowledge(lane.peer, Kind::Image, update.value().seq);
    m_codecs.run(
            this,
            [value = wireValue(Kind::Image, update.value()), codec = m_settings.imageCodec] {
                lowerThisThreadsPriority();
                return encodeWire(value, codec);
            },
            [this, topic](const Result<QByteArray> &message) { onCompressed(topic, message); });
}

void Gateway::onCompressed(const QByteArray &topic, const Result<QByteArray> &message)
{
    Outgoing &lane = m_outgoingImages[topic];
    if (!message) {
        m_log.error(QStringLiteral("export"), message.error());
    } else {
        lane.latest = message.value(); // if disconnected, onImageLinkConnected() sends it
        if (auto first = lane.sending.offer(message.value()))
            sendImage(topic, std::move(*first));
    }
    if (lane.compressing.finish())
        compressNewest(topic);
}

void Gateway::sendImage(const QByteArray &topic, QByteArray message)
{
    Outgoing &lane = m_outgoingImages[topic];
    for (std::optional<QByteArray> next = std::move(message); next; next = lane.sending.finish()) {
        if (const int id = m_imageLink.publish(topic, *next, true)) {
            m_undelivered.insert(id, topic);
            return;
        }
        // Not connected: onImageLinkConnected() sends the newest.
    }
}

void Gateway::onDelivered(int messageId)
{
    const QByteArray topic = m_undelivered.take(messageId);
    if (topic.isEmpty())
        return; // not an image's, or from before a reconnect
    if (auto next = m_outgoingImages[topic].sending.finish())
        sendImage(topic, std::move(*next));
}

void Gateway::forgetUndelivered()
{
    // What was on its way is sent again, newest first, on reconnecting.
    m_undelivered.clear();
    for (Outgoing &lane : m_outgoingImages) {
        while (lane.sending.finish()) {
        }
    }
}

void Gateway::onImageLinkConnected()
{
    m_log.info(QStringLiteral("images-connected"), QStringLiteral("connected to the broker for images"));
    int count = 0;
    for (auto it = m_outgoingImages.cbegin(); it != m_outgoingImages.cend(); ++it) {
        if (!it->latest.isEmpty() && m_imageLink.publish(it.key(), it->latest, true))
            ++count;
    }
    if (count > 0)
        m_log.info(QStringLiteral("images-republished"), QStringLiteral("sent %1 latest images again").arg(count));
}

void Gateway::sendRetained(const QByteArray &topic, const QByteArray &message)
{
    m_outbound.insert(topic, message);
    m_link.publish(topic, message, true); // if disconnected, onConnected() sends it
}

// --- inbound -----------------------------------------------------------------

void Gateway::onMessage(const QByteArray &topic, const QByteArray &payload)
{
    const auto parsed = m_topics.parse(topic);
    if (!parsed) {
        m_log.error(QStringLiteral("refused"),
                    QStringLiteral("refused a message on %1: not a topic of this room").arg(QString::fromUtf8(topic.left(200))));
        return;
    }
    if (parsed->kind == "$online") {
        onSiteOnline(parsed->site, payload);
        return;
    }
    if (parsed->site == m_settings.site)
        return; // our own values, back from the broker
    if (payload.isEmpty())
        return; // a retained value cleared
    if (parsed->kind == "presence") {
        importPresence(parsed->site, parsed->peer, payload);
        return;
    }
    const auto kind = kindFromName(QString::fromLatin1(parsed->kind));
    if (!kind) {
        m_log.error(QStringLiteral("refused"), QStringLiteral("refused a message on %1: unknown kind \"%2\"")
                                                       .arg(QString::fromUtf8(topic.left(200)), QString::fromUtf8(parsed->kind.left(40))));
        return;
    }
    importValue(parsed->site, parsed->peer, *kind, payload);
}

void Gateway::onSiteOnline(const QString &site, const QByteArray &payload)
{
    const QJsonObject state = QJsonDocument::fromJson(payload).object();
    const QString instance = state.value(QStringLiteral("instance")).toString();
    const bool online = state.value(QStringLiteral("state")).toString() == QLatin1String("online");
    if (site != m_settings.site) {
        if (!online)
            markSiteLeft(site);
        return;
    }
    if (instance == QLatin1String(m_instance) || payload.isEmpty())
        return;
    if (!online) {
        if (m_phase == Phase::WaitingForRival && instance == m_rival) {
            m_log.info(QStringLiteral("rival"), QStringLiteral("the other gateway of site \"%1\" went offline").arg(site));
            m_phaseTimer.stop();
            goOnline();
        }
        return;
    }
    if (m_phase == Phase::Probing || m_phase == Phase::WaitingForRival) {
        m_rival = instance;
        return;
    }
    if (m_phase != Phase::Running)
        return;
    // Two gateways went online for one site at once: the older one keeps it.
    const qint64 since = state.value(QStringLiteral("since")).toInteger();
    if (since < m_since || (since == m_since && instance < QLatin1String(m_instance))) {
        Q_EMIT fatal(QStringLiteral("site \"%1\" of room \"%2\" is served by another gateway (instance %3) that came "
                                    "first; choose another --site")
                             .arg(site, m_settings.key, instance));
        return;
    }
    m_log.error(QStringLiteral("rival"), QStringLiteral("another gateway (instance %1) claims site \"%2\" too; it "
                                                        "should give way, and this one keeps the site")
                                                 .arg(instance, site));
    m_link.publish(m_topics.online(m_settings.site), onlinePayload(true), true);
}

void Gateway::markSiteLeft(const QString &site)
{
    int count = 0;
    for (auto &[key, imported] : m_imported) {
        if (key.first != site || imported.left)
            continue;
        imported.left = true;
        if (imported.room)
            imported.room->leave();
        ++count;
    }
    if (count > 0)
        m_log.info(QStringLiteral("site-offline"),
                   QStringLiteral("site \"%1\" went offline: its %2 peer(s) are shown as left").arg(site).arg(count));
}

Gateway::Imported *Gateway::imported(const QString &site, const QString &peer)
{
    const auto key = std::make_pair(site, peer);
    if (const auto it = m_imported.find(key); it != m_imported.end())
        return &it->second;
    if (m_imported.size() >= kMaxImported) {
        m_log.error(QStringLiteral("refused"), QStringLiteral("refused %1@%2: %3 remote peers are known already")
                                                       .arg(peer, site)
                                                       .arg(kMaxImported));
        return nullptr;
    }
    return &m_imported[key];
}

void Gateway::importPresence(const QString &site, const QString &peer, const QByteArray &payload)
{
    if (payload != "live" && payload != "left") {
        m_log.error(QStringLiteral("refused"), QStringLiteral("refused the presence of %1@%2: \"%3\" is neither live nor left")
                                                       .arg(peer, site, QString::fromUtf8(payload.left(40))));
        return;
    }
    Imported *record = imported(site, peer);
    if (!record)
        return;
    record->left = payload == "left";
    if (record->left)
        leaveSoon(site, peer);
    else
        importedRoom(site, peer);
}

void Gateway::importValue(const QString &site, const QString &peer, Kind kind, const QByteArray &message)
{
    Imported *record = imported(site, peer);
    if (!record)
        return;
    if (kind == Kind::Image) {
        // Decompressing takes a while: on the worker pool, one at a time.
        if (auto first = record->decompressing.offer(message))
            decompress(site, peer, *first);
        return;
    }
    auto value = decodeWire(message);
    if (!value || value.value().kind != kind) {
        refuseImported(*record, site, peer, kind, value ? QStringLiteral("its header names another kind") : value.error());
        return;
    }
    publishImported(site, peer, value.value());
}

void Gateway::decompress(const QString &site, const QString &peer, const QByteArray &message)
{
    m_codecs.run(
            this,
            [message] {
                lowerThisThreadsPriority();
                return decodeWire(message);
            },
            [this, site, peer](const Result<WireValue> &value) { onDecompressed(site, peer, value); });
}

void Gateway::onDecompressed(const QString &site, const QString &peer, const Result<WireValue> &value)
{
    Imported *record = imported(site, peer);
    if (!record)
        return;
    if (!value || value.value().kind != Kind::Image)
        refuseImported(*record, site, peer, Kind::Image,
                       value ? QStringLiteral("its header names another kind") : value.error());
    else
        publishImported(site, peer, value.value());
    if (auto next = record->decompressing.finish())
        decompress(site, peer, *next);
}

void Gateway::refuseImported(Imported &record, const QString &site, const QString &peer, Kind kind, const QString &why)
{
    const QString words = QStringLiteral("refused %1's %2 from site \"%3\": %4").arg(peer, kindName(kind), site, why);
    if (words == record.refusal)
        return;
    record.refusal = words;
    m_log.error(QStringLiteral("refused"), words);
}

void Gateway::publishImported(const QString &site, const QString &peer, const WireValue &value)
{
    Room *room = importedRoom(site, peer);
    if (!room)
        return;
    PayloadView view;
    view.data = value.value.constData();
    view.size = std::size_t(value.value.size());
    view.width = value.width; // images: checked by decodeWire
    view.height = value.height;
    view.format = std::uint32_t(value.format);
    // The original publish time on this machine's monotonic clock, so that
    // a reader's latency counts the whole way (as well as the machines'
    // clocks agree). A time from the future, or over a minute old (a
    // retained value for a late joiner), counts from now.
    const std::uint64_t nowReal = realtimeNow();
    const std::uint64_t nowMonotonic = monotonicNow();
    const std::uint64_t age = nowReal - value.publishRealtimeNs;
    view.publishMonotonicNs = value.publishRealtimeNs <= nowReal && age < 60'000'000'000ULL && age < nowMonotonic
            ? nowMonotonic - age
            : nowMonotonic;
    const auto published = room->publish(value.kind, view);
    if (published) {
        if (Imported *record = imported(site, peer))
            record->refusal.clear();
    }
    if (!published)
        m_log.error(QStringLiteral("import"), QStringLiteral("cannot show %1@%2's %3: %4")
                                                      .arg(peer, site, kindName(value.kind), published.error()));
    if (const Imported *record = imported(site, peer); record && record->left)
        leaveSoon(site, peer); // a peer that left: its last values stay, shown as left
}

void Gateway::leaveSoon(const QString &site, const QString &peer)
{
    Imported *record = imported(site, peer);
    if (!record || record->leavePending || !record->room || !record->room->isJoined())
        return;
    record->leavePending = true;
    QTimer::singleShot(kLeftPeerStayMs, this, [this, site, peer] {
        Imported *record = imported(site, peer);
        if (!record)
            return;
        record->leavePending = false;
        if (record->left && record->room)
            record->room->leave();
    });
}

Room *Gateway::importedRoom(const QString &site, const QString &peer)
{
    Imported *record = imported(site, peer);
    if (!record)
        return nullptr;
    if (record->room && record->room->isJoined())
        return record->room.get();
    const QString name = peer + QLatin1Char('@') + site;
    if (auto valid = validatePeerName(name); !valid) {
        m_log.error(QStringLiteral("refused"), QStringLiteral("cannot show a peer of site \"%1\": %2").arg(site, valid.error()));
        return nullptr;
    }
    if (!record->room)
        record->room = std::make_unique<Room>();
    if (auto joined = record->room->join(m_settings.key, name); !joined) {
        m_log.error(QStringLiteral("import"), QStringLiteral("cannot show %1: %2").arg(name, joined.error()));
        return nullptr;
    }
    m_log.info(QStringLiteral("imported"), QStringLiteral("%1 is in the room").arg(name));
    return record->room.get();
}

} // namespace shmbridge::gateway

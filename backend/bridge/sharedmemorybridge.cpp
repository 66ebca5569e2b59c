#include "sharedmemorybridge.h"

#include "imagefile.h"
#include "imageworkerthread.h"
#include "peerimageprovider.h"

#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QMimeData>

#include <cerrno>

Q_LOGGING_CATEGORY(lcBridge, "shmbridge.bridge", QtWarningMsg)

using namespace shmbridge;
using layout::Kind;

SharedMemoryBridge::SharedMemoryBridge(QObject *parent)
    : QObject(parent),
      m_room(new Room(this)),
      m_peers(new PeerModel(this)),
      m_me(new MyValues(this)),
      m_access(std::make_shared<RoomAccess>())
{
    m_access->room = m_room;
    m_images = std::make_unique<ImageWorkerThread>(m_access);
    ImageWorker *worker = m_images->worker();
    connect(worker, &ImageWorker::peerImageRead, this, &SharedMemoryBridge::onImageRead);
    connect(worker, &ImageWorker::peerImageFailed, this, &SharedMemoryBridge::onImageFailed);
    connect(worker, &ImageWorker::peerImageKept, this, [this](quint64 id) {
        // A new URL, so that every Image showing the leased pixels loads the copy.
        m_peers->update(id, [](PeerModel::Peer &peer) {
            if (!peer.imageSource.isEmpty())
                peer.imageSource += QLatin1String("-kept");
        });
    });
    connect(worker, &ImageWorker::publishing, this, &SharedMemoryBridge::setSending);
    connect(worker, &ImageWorker::published, this, [this](quint64 seq, const QImage &image) {
        finishSending();
        const QString storeId = imageStorePrefix() + QLatin1String("/me");
        PeerImageStore::instance().put(storeId, image);
        m_me->setImage(PeerImageProvider::url(storeId, seq),
                       image.size(), seq);
        onPublished(Kind::Image, seq);
    });
    connect(worker, &ImageWorker::publishFailed, this, [this](const QString &message) {
        finishSending();
        setError(message);
    });

    connect(m_room, &Room::peerJoined, this, [this](const PeerInfo &info) {
        m_peers->add(info.id, info.name, info.live);
        Q_EMIT peerJoined(info.name);
        Q_EMIT peerCountChanged();
    });
    connect(m_room, &Room::peerLeft, this, [this](const PeerInfo &info) {
        // Only the row's current owner can make it "left": an old owner's
        // late news must not mark its successor.
        if (const PeerModel::Peer *peer = m_peers->find(info.id); peer && peer->id == info.id)
            m_peers->update(info.id, [](PeerModel::Peer &peer) { peer.live = false; });
        forgetImageOf(info.id);
        Q_EMIT peerLeft(info.name);
        Q_EMIT peerCountChanged();
        refreshSeen();
    });
    connect(m_room, &Room::updateAvailable, this, &SharedMemoryBridge::onUpdate);
    connect(m_room, &Room::acknowledged, this, &SharedMemoryBridge::onAcknowledged);

    m_joinRetry.setSingleShot(true);
    m_joinRetry.setInterval(kJoinRetryMs);
    connect(&m_joinRetry, &QTimer::timeout, this, [this] {
        if (!connected() && !m_key.isEmpty() && !m_name.isEmpty())
            join();
    });

    connect(&m_roomWatcher, &QFileSystemWatcher::fileChanged, this, [this] {
        if (m_autoRejoin && m_room->roomWasRemoved()) {
            qCInfo(lcBridge) << "room" << m_key << "was removed; joining it afresh";
            rejoin();
        }
    });
}

SharedMemoryBridge::~SharedMemoryBridge()
{
    leave();
    {
        QMutexLocker locker(&m_access->guard);
        m_access->room = nullptr; // from now on the worker publishes nothing
    }
    m_images.reset(); // waits a while for a job in progress, then leaves it to finish alone
    PeerImageStore::instance().remove(imageStorePrefix());
}

void SharedMemoryBridge::classBegin()
{
    m_complete = false;
    if (QQmlEngine *engine = qmlEngine(this); engine && !engine->imageProvider(QLatin1String(PeerImageProvider::providerId)))
        engine->addImageProvider(QLatin1String(PeerImageProvider::providerId), new PeerImageProvider);
}

void SharedMemoryBridge::componentComplete()
{
    m_complete = true;
    if (m_autoJoin && !m_key.isEmpty() && !m_name.isEmpty())
        join();
}

void SharedMemoryBridge::setKey(const QString &key)
{
    if (key == m_key)
        return;
    // A key the core would refuse must not take us out of the room we are in.
    if (auto valid = validateRoomKey(key); !valid && connected()) {
        setError(valid.error());
        Q_EMIT keyChanged(); // bindings to the key go back to the one in use
        return;
    }
    m_key = key;
    Q_EMIT keyChanged();
    if (m_complete && (m_autoJoin || connected()))
        rejoin();
}

void SharedMemoryBridge::setName(const QString &name)
{
    if (name == m_name)
        return;
    if (auto valid = validatePeerName(name); !valid && connected()) {
        setError(valid.error());
        Q_EMIT nameChanged();
        return;
    }
    m_name = name;
    Q_EMIT nameChanged();
    if (m_complete && (m_autoJoin || connected()))
        rejoin();
}

void SharedMemoryBridge::setAutoJoin(bool autoJoin)
{
    if (autoJoin == m_autoJoin)
        return;
    m_autoJoin = autoJoin;
    Q_EMIT autoJoinChanged();
}

void SharedMemoryBridge::setAutoRejoin(bool autoRejoin)
{
    if (autoRejoin == this->autoRejoin())
        return;
    m_autoRejoin = autoRejoin;
    watchRoomSegment();
    Q_EMIT autoRejoinChanged();
}

void SharedMemoryBridge::watchRoomSegment()
{
    if (const QStringList watched = m_roomWatcher.files(); !watched.isEmpty())
        m_roomWatcher.removePaths(watched);
    if (m_autoRejoin && m_room->isJoined())
        m_roomWatcher.addPath(QFile::decodeName(m_room->names()->roomSegment()));
}

void SharedMemoryBridge::rejoin()
{
    leave();
    if (!m_key.isEmpty() && !m_name.isEmpty())
        join();
}

bool SharedMemoryBridge::join()
{
    const bool wasConnected = connected();
    // Nothing here emits while the guard is held: QML handlers of these
    // signals may call straight back into the bridge.
    m_peers->clear();
    m_imageReadsInFlight.clear();
    m_told.clear();
    m_lastSentSeq = 0;
    m_me->clear();
    PeerImageStore::instance().remove(imageStorePrefix() + QLatin1Char('/'));
    m_images->post([](ImageWorker &worker) { worker.forgetPeers(); });
    m_joinRetry.stop();
    Result<void> joined;
    {
        QMutexLocker locker(&m_access->guard);
        // Never waits for the room lock here, on the GUI thread: a peer
        // stopped while holding it would freeze the window. Announces the
        // peers later, from the event loop.
        joined = m_room->join(m_key, m_name, 0);
    }
    const bool busy = !joined && joined.systemError() == EWOULDBLOCK;
    if (busy) {
        if (!m_joinWaiting.isValid())
            m_joinWaiting.start();
        m_joinRetry.start();
    } else {
        m_joinWaiting.invalidate();
    }
    watchRoomSegment();
    if (connected() != wasConnected || !joined)
        Q_EMIT connectedChanged();
    Q_EMIT peerCountChanged();
    Q_EMIT lastSentChanged();
    if (busy && m_joinWaiting.elapsed() < kBusyReportMs)
        return false; // a lock is normally held for microseconds: say nothing yet
    if (busy) {
        const QString message = tr("Room \"%1\" is busy: another process has held its lock for more than "
                                   "%2 s. Still trying; if this lasts, stop the hung peer.")
                                        .arg(m_key)
                                        .arg(kBusyReportMs / 1000);
        if (m_lastError != message) // once, not at every try
            setError(message);
        m_errorIsFromJoining = true;
        return false;
    }
    if (!joined) {
        setError(joined.error());
        m_errorIsFromJoining = true;
        return false;
    }
    if (m_errorIsFromJoining) // joining worked now: that error is over
        clearError();
    return true;
}

void SharedMemoryBridge::leave()
{
    m_joinRetry.stop();
    m_joinWaiting.invalidate();
    if (!connected())
        return;
    {
        QMutexLocker locker(&m_access->guard);
        m_room->leave(); // emits nothing
    }
    watchRoomSegment();
    Q_EMIT connectedChanged();
}

QString SharedMemoryBridge::roomHome() const
{
    return m_room->names() ? QFile::decodeName(m_room->names()->home().path) : QString();
}

bool SharedMemoryBridge::roomHomeIsPrivate() const
{
    return m_room->names() && m_room->names()->home().kind != RoomHome::Kind::SharedMemory;
}

QString SharedMemoryBridge::lastSentKind() const
{
    return m_lastSentSeq == 0 ? QString() : kindName(m_lastSentKind);
}

int SharedMemoryBridge::seenByCount() const
{
    int seen = 0;
    for (int row = 0; row < m_peers->rowCount(); ++row) {
        const PeerModel::Peer &peer = m_peers->at(row);
        if (peer.seen && peer.live)
            ++seen;
    }
    return seen;
}

bool SharedMemoryBridge::writeText(const QString &text)
{
    auto seq = m_room->publishText(text);
    if (!seq) {
        setError(seq.error());
        return false;
    }
    m_me->setText(text, seq.value());
    onPublished(Kind::Text, seq.value());
    return true;
}

void SharedMemoryBridge::writeImage(const QUrl &url)
{
    if (!connected()) {
        setError(tr("Not in a room: enter a room key first."));
        return;
    }
    ++m_pendingPublishes;
    setSending(tr("Reading %1…").arg(url.fileName()));
    m_images->post([url](ImageWorker &worker) { worker.publishFile(url); });
}

void SharedMemoryBridge::writeClipboardImage()
{
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    if (mime && mime->hasImage()) {
        if (!connected()) {
            setError(tr("Not in a room: enter a room key first."));
            return;
        }
        ++m_pendingPublishes;
        setSending(tr("Reading the pasted image…"));
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        m_images->post([image](ImageWorker &worker) { worker.publishImage(image); });
    } else if (mime && mime->hasUrls()) {
        writeImage(mime->urls().constFirst());
    } else {
        setError(tr("The clipboard holds no image."));
    }
}

bool SharedMemoryBridge::writeTelemetry(const QString &values)
{
    auto telemetry = parseTelemetry(values);
    if (!telemetry) {
        setError(telemetry.error());
        return false;
    }
    auto seq = m_room->publishTelemetry(telemetry.value());
    if (!seq) {
        setError(seq.error());
        return false;
    }
    m_me->setTelemetry(telemetry.value(), seq.value());
    onPublished(Kind::Telemetry, seq.value());
    return true;
}

QString SharedMemoryBridge::readText(const QString &peerName)
{
    const PeerModel::Peer *peer = m_peers->findByName(peerName);
    if (!peer) {
        setError(tr("There is no peer called %1 in this room.").arg(peerName));
        return {};
    }
    onUpdate(peer->id, Kind::Text, 0);
    peer = m_peers->findByName(peerName);
    return peer ? peer->text : QString();
}

QString SharedMemoryBridge::readImage(const QString &peerName)
{
    const PeerModel::Peer *peer = m_peers->findByName(peerName);
    if (!peer) {
        setError(tr("There is no peer called %1 in this room.").arg(peerName));
        return {};
    }
    onUpdate(peer->id, Kind::Image, 0);
    return peer->imageSource;
}

void SharedMemoryBridge::clearError()
{
    if (m_lastError.isEmpty())
        return;
    m_lastError.clear();
    Q_EMIT lastErrorChanged();
}

void SharedMemoryBridge::setError(const QString &message)
{
    m_errorIsFromJoining = false;
    qCWarning(lcBridge).noquote() << message;
    m_lastError = message;
    Q_EMIT lastErrorChanged();
    Q_EMIT errorOccurred(message);
}

void SharedMemoryBridge::setSending(const QString &what)
{
    m_sendingWhat = what;
    Q_EMIT busyChanged();
}

void SharedMemoryBridge::finishSending()
{
    --m_pendingPublishes;
    if (m_pendingPublishes == 0)
        m_sendingWhat.clear();
    Q_EMIT busyChanged();
}

void SharedMemoryBridge::setLatency(quint64 publishNs)
{
    const quint64 now = Room::monotonicNs();
    m_lastLatencyUs = now > publishNs ? double(now - publishNs) / 1000.0 : 0.0;
    Q_EMIT lastLatencyUsChanged();
}

// A peer that left, whose row a namesake took over may still show its last
// values, but only where the successor has not sent that kind itself.
static bool supersededValue(const PeerModel::Peer *row, PeerId id, Kind kind)
{
    if (!row || row->id == id)
        return false;
    switch (kind) {
    case Kind::Text:
        return row->textSeq > 0;
    case Kind::Image:
        return row->imageSeq > 0;
    case Kind::Telemetry:
        return row->telemetrySeq > 0;
    }
    return false;
}

void SharedMemoryBridge::onUpdate(PeerId id, Kind kind, quint64 seq)
{
    if (supersededValue(m_peers->find(id), id, kind))
        return;
    if (kind == Kind::Image) {
        // One read in flight per peer; a newer frame announced meanwhile is
        // fetched when it returns, older ones are simply skipped.
        if (m_imageReadsInFlight.contains(id)) {
            m_imageReadsInFlight[id] = std::max(m_imageReadsInFlight[id], seq);
            return;
        }
        m_imageReadsInFlight.insert(id, seq);
        requestImage(id);
        return;
    }
    auto update = m_room->read(id, kind);
    if (!update) {
        setError(update.error());
        return;
    }
    const quint64 publishNs = update.value().publishMonotonicNs;
    const quint64 readSeq = update.value().seq;
    const QByteArray &payload = update.value().payload;
    const PeerModel::Peer *known = m_peers->find(id);
    const QString peerName = known ? known->name : QString();
    if (kind == Kind::Text) {
        auto text = decodeText(payload.constData(), std::size_t(payload.size()));
        if (!text) {
            setError(tr("%1 sent unreadable text: %2").arg(peerName, text.error()));
            return;
        }
        setLatency(publishNs);
        const bool isNew = isNews(id, kind, readSeq);
        m_peers->update(id, [&](PeerModel::Peer &peer) {
            peer.text = text.value();
            peer.textSeq = readSeq;
            peer.latencyUs = m_lastLatencyUs;
        });
        if (isNew)
            Q_EMIT textReceived(peerName, text.value());
        m_room->acknowledge(id, kind, readSeq); // last: the writer may send the next one at once
    } else {
        auto telemetry = decodeTelemetry(payload.constData(), std::size_t(payload.size()));
        if (!telemetry) {
            setError(tr("%1 sent unreadable telemetry: %2").arg(peerName, telemetry.error()));
            return;
        }
        setLatency(publishNs);
        const bool isNew = isNews(id, kind, readSeq);
        const qint64 nowMs = PeerModel::nowMs();
        m_peers->update(id, [&](PeerModel::Peer &peer) {
            peer.telemetry = telemetry.value();
            peer.telemetrySeq = readSeq;
            peer.telemetryHistory.add(nowMs, telemetry.value().values);
            peer.latencyUs = m_lastLatencyUs;
        });
        if (isNew)
            Q_EMIT telemetryReceived(peerName, toVariantList(telemetry.value().values));
        m_room->acknowledge(id, kind, readSeq);
    }
}

void SharedMemoryBridge::onImageRead(quint64 id, const QImage &image, quint64 seq, quint64 publishNs)
{
    const quint64 wanted = m_imageReadsInFlight.value(id);
    m_imageReadsInFlight.remove(id);
    const PeerModel::Peer *known = m_peers->find(id);
    if (!known || supersededValue(known, id, Kind::Image))
        return; // we changed rooms while the worker was reading, or a namesake took over
    setLatency(publishNs);
    const bool isNew = isNews(id, Kind::Image, seq);
    const QString storeId = imageStoreId(id);
    PeerImageStore::instance().put(storeId, image);
    const QString peerName = known->name;
    m_peers->update(id, [&](PeerModel::Peer &peer) {
        peer.imageSource = PeerImageProvider::url(storeId, seq);
        peer.imageSize = image.size();
        peer.imageSeq = seq;
        peer.latencyUs = m_lastLatencyUs;
    });
    if (isNew)
        Q_EMIT imageReceived(peerName, image.width(), image.height());
    if (const PeerModel::Peer *peer = m_peers->find(id); peer && !peer->live)
        forgetImageOf(id); // it left while we read: keep a private copy
    m_room->acknowledge(id, Kind::Image, seq);
    if (wanted > seq)
        onUpdate(id, Kind::Image, wanted);
}

bool SharedMemoryBridge::isNews(PeerId id, Kind kind, quint64 seq)
{
    quint64 &told = m_told[id][std::size_t(kind)];
    if (seq <= told)
        return false;
    told = seq;
    return true;
}

void SharedMemoryBridge::requestImage(PeerId id)
{
    const ChannelLocation location = m_room->channelLocation(id, Kind::Image);
    if (location.generation == 0) {
        m_imageReadsInFlight.remove(id);
        return;
    }
    m_images->post([key = m_key, id, location, lease = m_room->leaseWord(id)](ImageWorker &worker) {
        worker.readPeerImage(key, id, location.generation, location.token, lease);
    });
}

void SharedMemoryBridge::forgetImageOf(PeerId id)
{
    m_images->post([id, storeId = imageStoreId(id)](ImageWorker &worker) { worker.forgetPeer(id, storeId); });
}

void SharedMemoryBridge::onImageFailed(quint64 id, const QString &message, int systemError, quint64 generation)
{
    if (!m_imageReadsInFlight.contains(id))
        return; // we changed rooms while the worker was reading
    // The writer grew into a new generation while the request was queued:
    // read that one, still wanting the newest frame. Bounded: the generation
    // must have moved on since the failed attempt.
    if (systemError == ENOENT && m_room->channelLocation(id, Kind::Image).generation > generation) {
        requestImage(id);
        return;
    }
    m_imageReadsInFlight.remove(id);
    setError(message);
}

void SharedMemoryBridge::onAcknowledged(PeerId id, Kind kind, quint64 seq)
{
    const PeerModel::Peer *peer = m_peers->find(id);
    if (peer)
        Q_EMIT seen(peer->name, kindName(kind), seq);
    refreshSeen();
}

void SharedMemoryBridge::onPublished(Kind kind, quint64 seq)
{
    m_lastSentKind = kind;
    m_lastSentSeq = seq;
    Q_EMIT lastSentChanged();
    refreshSeen();
}

void SharedMemoryBridge::refreshSeen()
{
    const int before = seenByCount();
    std::array<QStringList, layout::kKindCount> seenBy;
    for (int row = 0; row < m_peers->rowCount(); ++row) {
        const PeerModel::Peer &peer = m_peers->at(row);
        const auto info = m_room->peer(peer.id);
        const bool seen = m_lastSentSeq > 0 && info && info->acked[std::uint32_t(m_lastSentKind)] >= m_lastSentSeq;
        const QString name = peer.name;
        if (seen != peer.seen)
            m_peers->update(peer.id, [&](PeerModel::Peer &changed) { changed.seen = seen; });
        for (std::uint32_t kind = 0; kind < layout::kKindCount; ++kind) {
            const quint64 mine = m_me->seq(Kind(kind));
            if (mine > 0 && info && info->live && info->acked[kind] >= mine)
                seenBy[kind].append(name);
        }
    }
    for (std::uint32_t kind = 0; kind < layout::kKindCount; ++kind)
        m_me->setSeenBy(Kind(kind), seenBy[kind]);
    if (seenByCount() != before)
        Q_EMIT seenByCountChanged();
}

QString SharedMemoryBridge::imageStorePrefix() const
{
    return QString::number(quintptr(this), 16);
}

QString SharedMemoryBridge::imageStoreId(PeerId id) const
{
    return QStringLiteral("%1/%2").arg(imageStorePrefix()).arg(id, 16, 16, QLatin1Char('0'));
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "sharedmemorybridge.h"

#include "bridgelogging.h"
#include "framegate.h"
#include "framelane.h"
#include "imagefile.h"
#include "imageworkerthread.h"
#include "peerimageprovider.h"
#include "peermodel_p.h"
#include "room.h"
#include "seenby.h"

#include <QClipboard>
#include <QElapsedTimer>
#include <QFile>
#include <QFileSystemWatcher>
#include <QGuiApplication>
#include <QHash>
#include <QImage>
#include <QMimeData>
#include <QTimer>

#include <array>
#include <cerrno>


using namespace shmbridge;
using layout::Kind;

struct SharedMemoryBridge::State
{
    explicit State(SharedMemoryBridge *bridge)
        : room(new Room(bridge)), peers(new PeerModel(bridge)), me(new MyValues(bridge)),
          access(std::make_shared<RoomAccess>())
    {
    }

    Room *room;
    PeerModel *peers;
    MyValues *me;
    QString key;
    QString name;
    bool autoJoin = true;
    bool complete = true; // false between classBegin and componentComplete
    QString lastError;
    bool errorIsFromJoining = false;
    // While another process holds the room lock, joining is tried again from
    // the event loop: the GUI thread never waits for the lock.
    QTimer joinRetry;
    QElapsedTimer joinWaiting;
    double lastLatencyUs = 0;
    int pendingPublishes = 0;
    QString sendingWhat;
    Kind lastSentKind = Kind::Text;
    quint64 lastSentSeq = 0;
    QHash<PeerId, FrameLane<quint64>> imageReads; // per peer: the seq being read, the newest waiting
    FrameGate frameGate; // frames no faster than the windows draw them
    QHash<PeerId, std::array<quint64, layout::kKindCount>> told; // see isNews
    std::shared_ptr<RoomAccess> access;
    std::unique_ptr<ImageWorkerThread> images;
    // Told by inotify when the room's control segment is removed or
    // changed, so an idle bridge never wakes to poll for it.
    QFileSystemWatcher roomWatcher;
    bool autoRejoin = false;
};

SharedMemoryBridge::SharedMemoryBridge(QObject *parent)
    : QObject(parent), d(std::make_unique<State>(this))
{
    d->access->room = d->room;
    d->images = std::make_unique<ImageWorkerThread>(d->access);
    ImageWorker *worker = d->images->worker();
    connect(worker, &ImageWorker::peerImageRead, this, &SharedMemoryBridge::onImageRead);
    connect(&d->frameGate, &FrameGate::release, this,
            [this](PeerId id, quint64 seq) { onUpdate(id, Kind::Image, seq); });
    connect(worker, &ImageWorker::peerImageFailed, this, &SharedMemoryBridge::onImageFailed);
    connect(worker, &ImageWorker::peerImageKept, this, [this](PeerId id) {
        // A new URL, so that every Image showing the leased pixels loads the copy.
        d->peers->update(id, [&](PeerModel::Peer &peer) {
            if (!peer.imageSource.isEmpty())
                peer.imageSource = PeerImageProvider::url(imageKey(id), peer.imageSeq, PeerImageProvider::Copy::Private);
        });
    });
    connect(worker, &ImageWorker::publishing, this, &SharedMemoryBridge::setSending);
    connect(worker, &ImageWorker::published, this, [this](quint64 seq, const QImage &image) {
        finishSending();
        PeerImageStore::instance().put(myImageKey(), image);
        d->me->setImage(PeerImageProvider::url(myImageKey(), seq),
                       image.size(), seq);
        onPublished(Kind::Image, seq);
    });
    connect(worker, &ImageWorker::publishFailed, this, [this](const QString &message) {
        finishSending();
        setError(message);
    });

    connect(d->room, &Room::peerJoined, this, [this](const PeerInfo &info) {
        forgetRows(d->peers->add(info.id, info.name, info.live));
        Q_EMIT peerJoined(info.name);
        Q_EMIT peerCountChanged();
    });
    connect(d->room, &Room::peerLeft, this, [this](const PeerInfo &info) {
        keepCopyOfImage(info.id);
        forgetRows(d->peers->markLeft(info.id));
        Q_EMIT peerLeft(info.name);
        Q_EMIT peerCountChanged();
        refreshSeen();
    });
    connect(d->room, &Room::updateAvailable, this, &SharedMemoryBridge::onUpdate);
    connect(d->room, &Room::acknowledged, this, &SharedMemoryBridge::onAcknowledged);

    d->joinRetry.setSingleShot(true);
    d->joinRetry.setInterval(kJoinRetryMs);
    connect(&d->joinRetry, &QTimer::timeout, this, [this] {
        if (!connected() && !d->key.isEmpty() && !d->name.isEmpty())
            join();
    });

    connect(&d->roomWatcher, &QFileSystemWatcher::fileChanged, this, [this] {
        if (d->autoRejoin && d->room->roomWasRemoved()) {
            qCInfo(lcBridge) << "room" << d->key << "was removed; joining it afresh";
            rejoin();
        }
    });
}

SharedMemoryBridge::~SharedMemoryBridge()
{
    leave();
    {
        QMutexLocker locker(&d->access->guard);
        d->access->room = nullptr; // from now on the worker publishes nothing
    }
    d->images.reset(); // waits a while for a job in progress, then leaves it to finish alone
    PeerImageStore::instance().removeAllOf(quintptr(this));
}

void SharedMemoryBridge::classBegin()
{
    d->complete = false;
    if (QQmlEngine *engine = qmlEngine(this); engine && !engine->imageProvider(QLatin1String(PeerImageProvider::providerId)))
        engine->addImageProvider(QLatin1String(PeerImageProvider::providerId), new PeerImageProvider);
}

void SharedMemoryBridge::componentComplete()
{
    d->complete = true;
    if (d->autoJoin && !d->key.isEmpty() && !d->name.isEmpty())
        join();
}

void SharedMemoryBridge::setKey(const QString &key)
{
    if (key == d->key)
        return;
    // A key the core would refuse must not take us out of the room we are in.
    if (auto valid = validateRoomKey(key); !valid && connected()) {
        setError(valid.error());
        Q_EMIT keyChanged(); // bindings to the key go back to the one in use
        return;
    }
    d->key = key;
    Q_EMIT keyChanged();
    if (d->complete && (d->autoJoin || connected()))
        rejoin();
}

void SharedMemoryBridge::setName(const QString &name)
{
    if (name == d->name)
        return;
    if (auto valid = validatePeerName(name); !valid && connected()) {
        setError(valid.error());
        Q_EMIT nameChanged();
        return;
    }
    d->name = name;
    Q_EMIT nameChanged();
    if (d->complete && (d->autoJoin || connected()))
        rejoin();
}

void SharedMemoryBridge::setAutoJoin(bool autoJoin)
{
    if (autoJoin == d->autoJoin)
        return;
    d->autoJoin = autoJoin;
    Q_EMIT autoJoinChanged();
}

void SharedMemoryBridge::setAutoRejoin(bool autoRejoin)
{
    if (autoRejoin == this->autoRejoin())
        return;
    d->autoRejoin = autoRejoin;
    watchRoomSegment();
    Q_EMIT autoRejoinChanged();
}

void SharedMemoryBridge::watchRoomSegment()
{
    if (const QStringList watched = d->roomWatcher.files(); !watched.isEmpty())
        d->roomWatcher.removePaths(watched);
    if (d->autoRejoin && d->room->isJoined())
        d->roomWatcher.addPath(QFile::decodeName(d->room->names()->roomSegment()));
}

void SharedMemoryBridge::rejoin()
{
    leave();
    if (!d->key.isEmpty() && !d->name.isEmpty())
        join();
}

bool SharedMemoryBridge::join()
{
    const bool wasConnected = connected();
    // Nothing here emits while the guard is held: QML handlers of these
    // signals may call straight back into the bridge.
    d->peers->clear();
    d->imageReads.clear();
    d->frameGate.clear();
    d->told.clear();
    d->lastSentSeq = 0;
    d->me->clear();
    PeerImageStore::instance().removeAllOf(quintptr(this));
    d->joinRetry.stop();
    Result<void> joined;
    {
        QMutexLocker locker(&d->access->guard);
        // Never waits for the room lock here, on the GUI thread: a peer
        // stopped while holding it would freeze the window. Announces the
        // peers later, from the event loop.
        joined = d->room->join(d->key, d->name, 0);
    }
    const bool busy = !joined && joined.systemError() == EWOULDBLOCK;
    if (busy) {
        if (!d->joinWaiting.isValid())
            d->joinWaiting.start();
        d->joinRetry.start();
    } else {
        d->joinWaiting.invalidate();
    }
    watchRoomSegment();
    if (connected() != wasConnected || !joined)
        Q_EMIT connectedChanged();
    Q_EMIT peerCountChanged();
    Q_EMIT lastSentChanged();
    if (busy && d->joinWaiting.elapsed() < kBusyReportMs)
        return false; // a lock is normally held for microseconds: say nothing yet
    if (busy) {
        const QString message = tr("Room \"%1\" is busy: another process has held its lock for more than "
                                   "%2 s. Still trying; if this lasts, stop the hung peer.")
                                        .arg(d->key)
                                        .arg(kBusyReportMs / 1000);
        if (d->lastError != message) // once, not at every try
            setError(message);
        d->errorIsFromJoining = true;
        return false;
    }
    if (!joined) {
        setError(joined.error());
        d->errorIsFromJoining = true;
        return false;
    }
    if (d->errorIsFromJoining) // joining worked now: that error is over
        clearError();
    return true;
}

void SharedMemoryBridge::leave()
{
    d->joinRetry.stop();
    d->joinWaiting.invalidate();
    if (!connected())
        return;
    {
        QMutexLocker locker(&d->access->guard);
        d->room->leave(); // emits nothing
    }
    watchRoomSegment();
    Q_EMIT connectedChanged();
}

QString SharedMemoryBridge::key() const { return d->key; }
QString SharedMemoryBridge::name() const { return d->name; }
bool SharedMemoryBridge::autoJoin() const { return d->autoJoin; }
bool SharedMemoryBridge::autoRejoin() const { return d->autoRejoin; }
bool SharedMemoryBridge::connected() const { return d->room->isJoined(); }
PeerModel *SharedMemoryBridge::peers() const { return d->peers; }
int SharedMemoryBridge::peerCount() const { return d->peers->liveCount(); }
int SharedMemoryBridge::leftCount() const { return d->peers->leftCount(); }
int SharedMemoryBridge::keepLeft() const { return d->peers->keepLeft(); }
MyValues *SharedMemoryBridge::me() const { return d->me; }
QString SharedMemoryBridge::lastError() const { return d->lastError; }
double SharedMemoryBridge::lastLatencyUs() const { return d->lastLatencyUs; }
bool SharedMemoryBridge::busy() const { return d->pendingPublishes > 0; }
QString SharedMemoryBridge::sendingWhat() const { return busy() ? d->sendingWhat : QString(); }
quint64 SharedMemoryBridge::lastSequence() const { return d->lastSentSeq; }

QString SharedMemoryBridge::roomHome() const
{
    return d->room->names() ? QFile::decodeName(d->room->names()->home().path) : QString();
}

bool SharedMemoryBridge::roomHomeIsPrivate() const
{
    return d->room->names() && d->room->names()->home().kind != RoomHome::Kind::SharedMemory;
}

QString SharedMemoryBridge::lastSentKind() const
{
    return d->lastSentSeq == 0 ? QString() : kindName(d->lastSentKind);
}

int SharedMemoryBridge::seenByCount() const
{
    return ::seenByCount(*d->peers);
}

bool SharedMemoryBridge::writeText(const QString &text)
{
    auto seq = d->room->publishText(text);
    if (!seq) {
        setError(seq.error());
        return false;
    }
    d->me->setText(text, seq.value());
    onPublished(Kind::Text, seq.value());
    return true;
}

void SharedMemoryBridge::writeImage(const QUrl &url)
{
    if (!connected()) {
        setError(tr("Not in a room: enter a room key first."));
        return;
    }
    ++d->pendingPublishes;
    setSending(tr("Reading %1…").arg(url.fileName()));
    d->images->post([url](ImageWorker &worker) { worker.publishFile(url); });
}

void SharedMemoryBridge::writeClipboardImage()
{
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    if (mime && mime->hasImage()) {
        if (!connected()) {
            setError(tr("Not in a room: enter a room key first."));
            return;
        }
        ++d->pendingPublishes;
        setSending(tr("Reading the pasted image…"));
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        d->images->post([image](ImageWorker &worker) { worker.publishImage(image); });
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
    auto seq = d->room->publishTelemetry(telemetry.value());
    if (!seq) {
        setError(seq.error());
        return false;
    }
    d->me->setTelemetry(telemetry.value(), seq.value());
    onPublished(Kind::Telemetry, seq.value());
    return true;
}

QString SharedMemoryBridge::readText(const QString &peerName)
{
    const PeerModel::Peer *peer = d->peers->findByName(peerName);
    if (!peer) {
        setError(tr("There is no peer called %1 in this room.").arg(peerName));
        return {};
    }
    onUpdate(peer->id, Kind::Text, 0);
    peer = d->peers->findByName(peerName);
    return peer ? peer->text : QString();
}

QString SharedMemoryBridge::readImage(const QString &peerName)
{
    const PeerModel::Peer *peer = d->peers->findByName(peerName);
    if (!peer) {
        setError(tr("There is no peer called %1 in this room.").arg(peerName));
        return {};
    }
    onUpdate(peer->id, Kind::Image, 0);
    return peer->imageSource;
}

void SharedMemoryBridge::clearError()
{
    if (d->lastError.isEmpty())
        return;
    d->lastError.clear();
    Q_EMIT lastErrorChanged();
}

void SharedMemoryBridge::setError(const QString &message)
{
    d->errorIsFromJoining = false;
    qCWarning(lcBridge).noquote() << message;
    d->lastError = message;
    Q_EMIT lastErrorChanged();
    Q_EMIT errorOccurred(message);
}

void SharedMemoryBridge::setSending(const QString &what)
{
    d->sendingWhat = what;
    Q_EMIT busyChanged();
}

void SharedMemoryBridge::finishSending()
{
    --d->pendingPublishes;
    if (d->pendingPublishes == 0)
        d->sendingWhat.clear();
    Q_EMIT busyChanged();
}

double SharedMemoryBridge::latencyUs(quint64 publishMonotonicNs)
{
    const quint64 now = Room::monotonicNs();
    return now > publishMonotonicNs ? double(now - publishMonotonicNs) / 1000.0 : 0.0;
}

void SharedMemoryBridge::setLatency(quint64 publishMonotonicNs)
{
    d->lastLatencyUs = latencyUs(publishMonotonicNs);
    Q_EMIT lastLatencyUsChanged();
}

void SharedMemoryBridge::onUpdate(PeerId id, Kind kind, quint64 seq)
{
    if (!d->peers->takesValueFrom(id, kind))
        return;
    if (kind == Kind::Image) {
        // One read in flight per peer; a newer frame announced meanwhile is
        // fetched when it returns, the ones in between are simply skipped.
        FrameLane<quint64> &reads = d->imageReads[id];
        if (!reads.busy() && d->frameGate.holdIfWaiting(id, seq))
            return;
        if (reads.offer(seq))
            requestImage(id);
        return;
    }
    auto update = d->room->read(id, kind);
    if (!update) {
        setError(update.error());
        return;
    }
    const quint64 readSeq = update.value().seq;
    const QByteArray &payload = update.value().payload;
    PeerModel::Peer *row = d->peers->edit(id);
    const QString peerName = row ? row->name : QString();
    // The row and the latency are set first, quietly, so that a handler of
    // textReceived reads the new value from the bridge or the model. Views
    // and the latency readout are told after the handlers: a reader woken
    // from idle, its caches cold, reaches them a few hundred instructions
    // sooner (callgrind; the README's performance section).
    const double latency = latencyUs(update.value().publishMonotonicNs);
    if (kind == Kind::Text) {
        auto text = decodeText(payload.constData(), std::size_t(payload.size()));
        if (!text) {
            setError(tr("%1 sent unreadable text: %2").arg(peerName, text.error()));
            return;
        }
        d->lastLatencyUs = latency;
        if (row) {
            row->text = text.value();
            row->textSeq = readSeq;
            row->latencyUs = latency;
        }
        if (isNews(id, kind, readSeq))
            Q_EMIT textReceived(peerName, text.value());
    } else {
        auto telemetry = decodeTelemetry(payload.constData(), std::size_t(payload.size()));
        if (!telemetry) {
            setError(tr("%1 sent unreadable telemetry: %2").arg(peerName, telemetry.error()));
            return;
        }
        d->lastLatencyUs = latency;
        if (row) {
            row->telemetry = telemetry.value();
            row->telemetrySeq = readSeq;
            row->telemetryHistory.add(PeerModel::nowMs(), telemetry.value().values);
            row->latencyUs = latency;
        }
        if (isNews(id, kind, readSeq))
            Q_EMIT telemetryReceived(peerName, toVariantList(telemetry.value().values));
    }
    // A handler may have changed rooms: the row is looked up again.
    d->peers->changed(id);
    Q_EMIT lastLatencyUsChanged();
    d->room->acknowledge(id, kind, readSeq); // last: the writer may send the next one at once
}

void SharedMemoryBridge::onImageRead(PeerId id, const PeerFrame &frame)
{
    const auto reads = d->imageReads.find(id);
    const quint64 wanted = reads != d->imageReads.end() ? reads->release().value_or(0) : 0;
    const PeerModel::Peer *known = d->peers->find(id);
    if (!known || !d->peers->takesValueFrom(id, Kind::Image))
        return; // we changed rooms while the worker was reading, or a namesake took over
    setLatency(frame.publishMonotonicNs);
    const bool isNew = isNews(id, Kind::Image, frame.seq);
    const ImageKey storeId = imageKey(id);
    const PeerImageStore::ShownFlag shown = PeerImageStore::instance().put(storeId, frame.image, frame.scaled);
    const QString peerName = known->name;
    d->peers->update(id, [&](PeerModel::Peer &peer) {
        peer.imageSource = PeerImageProvider::url(storeId, frame.seq);
        peer.imageSize = frame.image.size();
        peer.imageSeq = frame.seq;
        peer.latencyUs = d->lastLatencyUs;
    });
    if (isNew)
        Q_EMIT imageReceived(peerName, frame.image.width(), frame.image.height());
    if (const PeerModel::Peer *peer = d->peers->find(id); peer && !peer->live)
        keepCopyOfImage(id); // it left while we read: keep a private copy
    d->room->acknowledge(id, Kind::Image, frame.seq);
    const quint64 next = wanted > frame.seq ? wanted : 0;
    // The model's update has made every Image showing this peer load the
    // frame (the provider is synchronous): did any?
    const bool held = shown->load(std::memory_order_relaxed) && d->frameGate.holdAfterShown(id, next);
    if (!held && next) {
        onUpdate(id, Kind::Image, next);
    }
}

bool SharedMemoryBridge::isNews(PeerId id, Kind kind, quint64 seq)
{
    quint64 &told = d->told[id][std::size_t(kind)];
    if (seq <= told)
        return false;
    told = seq;
    return true;
}

void SharedMemoryBridge::requestImage(PeerId id)
{
    auto channel = d->room->channel(id, Kind::Image);
    if (!channel || channel->location().generation == 0) {
        d->imageReads[id].release();
        return;
    }
    d->images->post([channel = std::move(channel), storeId = imageKey(id)](ImageWorker &worker) {
        worker.readPeerImage(channel, storeId);
    });
}

void SharedMemoryBridge::keepCopyOfImage(PeerId id)
{
    d->images->post([id, storeId = imageKey(id)](ImageWorker &worker) { worker.keepCopyOf(id, storeId); });
}

void SharedMemoryBridge::forgetRows(const QList<PeerId> &ids)
{
    for (const PeerId id : ids) {
        d->told.remove(id);
        d->imageReads.remove(id);
        d->frameGate.forget(id);
        PeerImageStore::instance().remove(imageKey(id));
    }
}

void SharedMemoryBridge::setKeepLeft(int keep)
{
    if (keep == keepLeft())
        return;
    forgetRows(d->peers->setKeepLeft(keep));
    Q_EMIT keepLeftChanged();
    Q_EMIT peerCountChanged();
}

void SharedMemoryBridge::onImageFailed(PeerId id, const QString &message)
{
    const auto reads = d->imageReads.find(id);
    if (reads == d->imageReads.end() || !reads->busy())
        return; // we changed rooms while the worker was reading
    reads->release();
    setError(message);
}

void SharedMemoryBridge::onAcknowledged(PeerId id, Kind kind, quint64 seq)
{
    const PeerModel::Peer *peer = d->peers->find(id);
    if (peer)
        Q_EMIT seen(peer->name, kindName(kind), seq);
    refreshSeen();
}

void SharedMemoryBridge::onPublished(Kind kind, quint64 seq)
{
    d->lastSentKind = kind;
    d->lastSentSeq = seq;
    Q_EMIT lastSentChanged();
    refreshSeen();
}

void SharedMemoryBridge::refreshSeen()
{
    const int before = seenByCount();
    ::refreshSeen(*d->peers, *d->me, [this](PeerId id) { return d->room->peer(id); }, d->lastSentKind, d->lastSentSeq);
    if (seenByCount() != before)
        Q_EMIT seenByCountChanged();
}

ImageKey SharedMemoryBridge::imageKey(PeerId id) const
{
    return ImageKey { quintptr(this), id };
}

ImageKey SharedMemoryBridge::myImageKey() const
{
    return ImageKey { quintptr(this), 0 };
}

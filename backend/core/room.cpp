// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "room.h"

#include "roomtable.h"
#include "seqlock.h"

#include <QLoggingCategory>
#include <QVarLengthArray>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcRoom, "shmbridge.room", QtWarningMsg)

namespace shmbridge {

using namespace layout;


struct RoomPeerEntry
{
    PeerInfo info;
    std::uint32_t slot = 0;
    std::uint64_t startTime = 0;
    int pidfd = -1;
    quint64 lastScan = 0; // the scan that last found it in the table
    std::unique_ptr<QSocketNotifier> exitNotifier;
    std::array<std::unique_ptr<ChannelReader>, kKindCount> readers;

    ~RoomPeerEntry()
    {
        exitNotifier.reset();
        if (pidfd >= 0)
            close(pidfd);
    }
};

std::uint64_t Room::monotonicNs()
{
    return monotonicNow();
}

Room::Room(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<shmbridge::PeerInfo>();
    qRegisterMetaType<shmbridge::PeerId>("shmbridge::PeerId");
    qRegisterMetaType<shmbridge::layout::Kind>();
}

Room::~Room()
{
    leave();
}

Result<void> Room::join(const QString &key, const QString &name, int lockWaitMs)
{
    if (m_joined)
        leave();
    auto names = RoomNames::fromKey(key);
    if (!names)
        return Error { names.error() };
    auto nameUtf8 = validatePeerName(name);
    if (!nameUtf8)
        return Error { nameUtf8.error() };
    if (auto older = refuseProtocol3Room(names.value()); !older)
        return older;
    m_names = std::make_unique<RoomNames>(names.value());
    m_name = name;
    auto id = m_doorbell.open(*m_names);
    if (!id) {
        shutDown();
        return Error { id.error(), id.systemError() };
    }
    m_selfId = id.value();
    if (auto claimed = attachAndClaim(nameUtf8.value(), lockWaitMs); !claimed) {
        shutDown();
        return claimed;
    }
    if (auto mapping = SharedSegment::open(m_segment.name(), SharedSegment::Access::ReadWrite);
        mapping && mapping.value().size() == m_segment.size())
        m_leaseMapping = std::make_shared<SharedSegment>(std::move(mapping).value());
    m_joined = true;
    ++m_session;
    m_bellNotifier = new QSocketNotifier(m_doorbell.bellFd(), QSocketNotifier::Read, this);
    connect(m_bellNotifier, &QSocketNotifier::activated, this, &Room::onBell);
    m_rendezvousNotifier = new QSocketNotifier(m_doorbell.rendezvousFd(), QSocketNotifier::Read, this);
    connect(m_rendezvousNotifier, &QSocketNotifier::activated, this, &Room::onRendezvous);
    qCInfo(lcRoom) << "joined room" << key << "as" << name << "in slot" << m_selfSlot << "in"
                   << m_names->home().description();
    // From the event loop: whoever called join() may hold a lock of its own.
    QMetaObject::invokeMethod(this, &Room::scan, Qt::QueuedConnection);
    introduceToLivePeers(); // each answers with its own bell, and looks at the room
    return {};
}

Result<void> Room::attachAndClaim(const QByteArray &nameUtf8, int lockWaitMs)
{
    const QByteArray segmentName = m_names->roomSegment();
    for (int attempt = 0; attempt < 16; ++attempt) {
        auto opened = SharedSegment::open(segmentName, SharedSegment::Access::ReadWrite);
        if (!opened && opened.systemError() == ENOENT) {
            // Nothing is reserved or written yet: that happens under the
            // lock, below. A peer that opens the segment now may take the
            // lock first and set the room up, and nothing may be zeroed
            // under it afterwards.
            opened = SharedSegment::create(segmentName, kRoomSegmentSize, 0);
            if (!opened && opened.systemError() == EEXIST)
                continue; // someone else created it first: attach to theirs
        }
        if (!opened)
            return Error { opened.error() };
        m_segment = std::move(opened).value();
        RoomLock lock(m_segment.fd(), lockWaitMs);
        if (!lock.locked())
            return busyError(m_names->key(), lockWaitMs);
        if (m_segment.isUnlinked())
            continue; // the last peer removed the room between our open and lock
        // The size seen at opening may be old news: its creator may have
        // sized it, and even set the room up, since.
        if (auto refreshed = m_segment.refresh(); !refreshed)
            return Error { refreshed.error() };
        // One rule in every peer (docs/segment-layout.md): a room segment
        // is empty (new, or its creator died before sizing it) or exactly
        // kRoomSegmentSize; any other size is refused, never resized.
        if (m_segment.size() == 0) {
            if (auto resized = m_segment.resize(kRoomSegmentSize); !resized)
                return Error { resized.error() };
        } else if (auto allocated = m_segment.allocate(0, std::min(m_segment.size(), kRoomSegmentSize)); !allocated) {
            // Before the first read: on a full tmpfs a page nobody has
            // reserved yet is a SIGBUS even to read.
            return Error { allocated.error() };
        }
        if (m_segment.size() == kRoomSegmentSize && atomic(header()->magic).load(std::memory_order_acquire) == 0) {
            // New, or its creator died before initialising it: ours to set up.
            initialiseRoomHeader(m_segment, *m_names);
            qCInfo(lcRoom) << "created room" << m_names->key();
        } else if (auto valid = validateRoomHeader(m_segment, *m_names); !valid) {
            return valid;
        }

        // Peers that died without leaving become "left"; if nobody is alive,
        // the room is a leftover of a crash and starts afresh.
        int live = 0;
        for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
            PeerEntry *e = entry(slot);
            if (stateOf(e) != PeerState::Live)
                continue;
            if (processAlive(atomic(e->pid).load(std::memory_order_relaxed),
                             atomic(e->startTime).load(std::memory_order_relaxed)))
                ++live;
            else
                atomic(e->state).store(std::uint32_t(PeerState::Left), std::memory_order_release);
        }
        if (live == 0) {
            for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
                if (stateOf(entry(slot)) != PeerState::Free)
                    reclaimEntry(*m_names, entry(slot));
            }
            // A peer killed between binding its socket and claiming a slot
            // is in no slot: its socket would stay for ever.
            Doorbell::removeAbandonedSockets(*m_names);
        }

        // A free slot, or else the one of the peer that left longest ago:
        // the values of peers that left stay readable for as long as there is room.
        std::optional<std::uint32_t> chosen;
        std::optional<std::uint32_t> oldestLeft;
        for (std::uint32_t slot = 0; slot < kMaxPeers && !chosen; ++slot) {
            PeerEntry *e = entry(slot);
            const PeerState state = stateOf(e);
            if (state == PeerState::Free)
                chosen = slot;
            else if (state == PeerState::Left
                     && (!oldestLeft || joinedAt(e) < joinedAt(entry(*oldestLeft))))
                oldestLeft = slot;
        }
        if (!chosen)
            chosen = oldestLeft;
        if (!chosen)
            return Error { QStringLiteral("Room \"%1\" is full: %2 peers are in it.")
                                   .arg(m_names->key())
                                   .arg(kMaxPeers) };
        PeerEntry *e = entry(*chosen);
        if (stateOf(e) != PeerState::Free)
            reclaimEntry(*m_names, e);
        beginSlotWrite(e);
        atomic(e->nonce).store(m_selfId, std::memory_order_relaxed);
        atomic(e->pid).store(getpid(), std::memory_order_relaxed);
        atomic(e->startTime).store(processStartTime(getpid()), std::memory_order_relaxed);
        atomic(e->joinedRealtimeNs).store(realtimeNow(), std::memory_order_relaxed);
        atomic(e->nameSize).store(std::uint32_t(nameUtf8.size()), std::memory_order_relaxed);
        seqlock::copyToShared(e->name, nameUtf8.constData(), std::size_t(nameUtf8.size()));
        atomic(e->state).store(std::uint32_t(PeerState::Live), std::memory_order_relaxed);
        endSlotWrite(e);
        m_selfSlot = *chosen;
        return {};
    }
    return Error { QStringLiteral("Room \"%1\" keeps being removed while joining; try again.")
                           .arg(m_names->key()) };
}

void Room::leave()
{
    if (!m_joined) {
        shutDown();
        return;
    }
    bool roomRemoved = false;
    const bool removedUnderUs = m_segment.isUnlinked();
    {
        RoomLock lock(m_segment.fd(), kLeaveLockWaitMs);
        atomic(entry(m_selfSlot)->state).store(std::uint32_t(PeerState::Left), std::memory_order_release);
        if (removedUnderUs) {
            // Someone removed the room while we were in it: nobody can reach
            // our channels through it any more, and nobody else will remove
            // them, so we do.
            SharedSegment::unlinkAllWithPrefix(m_names->channelPrefix(m_selfId));
        } else if (lock.locked()) {
            bool anyoneLive = false;
            for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
                PeerEntry *e = entry(slot);
                if (stateOf(e) == PeerState::Live && processAlive(e->pid, e->startTime))
                    anyoneLive = true;
            }
            if (!anyoneLive) {
                for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
                    if (stateOf(entry(slot)) != PeerState::Free)
                        reclaimEntry(*m_names, entry(slot));
                }
                SharedSegment::unlink(m_segment.name());
                // Peers killed between binding their socket and claiming a
                // slot left sockets no slot names: the last one out takes them.
                Doorbell::removeAbandonedSockets(*m_names);
                roomRemoved = true;
            }
        } else {
            qCWarning(lcRoom) << "left room" << m_names->key()
                              << "without its lock; the next peer to join will tidy up";
        }
    }
    if (!roomRemoved)
        ringAll();
    qCInfo(lcRoom) << "left room" << m_names->key() << (roomRemoved ? "and removed it" : "");
    shutDown();
}

void Room::shutDown()
{
    m_joined = false;
    ++m_session;
    delete m_bellNotifier;
    m_bellNotifier = nullptr;
    delete m_rendezvousNotifier;
    m_rendezvousNotifier = nullptr;
    delete m_livenessTimer;
    m_livenessTimer = nullptr;
    m_known.clear();
    for (std::uint32_t kind = 0; kind < kKindCount; ++kind) {
        std::lock_guard guard(m_writerLocks[kind]);
        m_writers[kind].reset();
    }
    m_segment = SharedSegment();
    m_leaseMapping.reset(); // leases still held keep their own reference
    m_doorbell.close();
    m_bells.clear();
    m_introduced.clear();
    m_introductionsPending = false;
    m_selfId = 0;
}

void Room::onBell()
{
    // Rings that came together cost one scan: the eventfd counts them.
    if (m_doorbell.takeRings())
        scan();
}

void Room::onRendezvous()
{
    // A peer handing us its bell: it joined, answers our introduction, or
    // rings us before it has our bell; so we look at the room either way.
    // Its credentials must match the slot that carries its nonce, so a bell
    // is only ever kept for a live peer of the room, under its own name.
    const QList<Doorbell::Hello> hellos = m_doorbell.receive();
    if (hellos.isEmpty())
        return;
    bool adopted = false;
    for (const Doorbell::Hello &hello : hellos) {
        bool matches = false;
        for (std::uint32_t slot = 0; slot < kMaxPeers && !matches; ++slot) {
            if (slot == m_selfSlot)
                continue;
            const auto s = snapshot(entry(slot));
            matches = s && s->state == PeerState::Live && s->id == hello.id && s->pid == hello.pid;
        }
        if (!matches) {
            qCInfo(lcRoom) << "ignoring a bell from pid" << hello.pid << "that is no live peer of the room";
            close(hello.fd);
            continue;
        }
        const bool known = m_bells.has(hello.id);
        m_bells.adopt(hello.id, hello.fd);
        if (!known) {
            // Whatever we published before we had its bell, it looks at now.
            m_bells.ring(hello.id);
            adopted = true;
        }
    }
    if (adopted)
        introduceToLivePeers();
    scan();
}

void Room::introduceToLivePeers()
{
    m_introductionsPending = false;
    for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
        if (slot == m_selfSlot)
            continue;
        const auto s = snapshot(entry(slot));
        if (!s || s->state != PeerState::Live || s->id == 0 || m_introduced.contains(s->id))
            continue;
        auto introduced = m_doorbell.introduce(*m_names, s->id, m_selfId);
        if (!introduced && introduced.systemError() == EAGAIN) {
            m_introductionsPending = true; // its queue is full: the next scan tries again
            continue;
        }
        if (!introduced)
            qCInfo(lcRoom) << "cannot meet peer" << s->displayName() << ":" << introduced.error();
        m_introduced.insert(s->id); // a peer without a socket is dead: reaping tells
    }
}

void Room::scan()
{
    if (!m_joined)
        return;
    // Collect first, emit afterwards: handlers may call back into the Room,
    // even leave it or join another; then the rest of this news is stale.
    QList<PeerInfo> joined;
    QList<PeerInfo> left;
    struct Event
    {
        bool delivery;
        PeerId peer;
        Kind kind;
        std::uint64_t seq;
    };
    QVarLengthArray<Event, 3 * kMaxPeers> events;
    // Every ring brings a scan, so it stays cheap: one pass over the slots,
    // and a pass over what we know only when someone is no longer there.
    const quint64 scanNumber = ++m_scans;
    qsizetype found = 0;
    PeerEntry *const table = entry(0);
    for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
        if (slot == m_selfSlot)
            continue;
        PeerEntry *e = table + slot;
        if (stateOf(e) == PeerState::Free)
            continue;
        const auto s = snapshot(e);
        if (!s || s->id == 0 || s->id == m_selfId)
            continue;
        auto &known = m_known[s->id];
        if (!known) {
            known = std::make_shared<RoomPeerEntry>();
            known->info.id = s->id;
            known->info.name = s->displayName();
            known->info.pid = s->pid;
            known->info.live = s->state == PeerState::Live;
            known->slot = slot;
            known->startTime = s->startTime;
            adoptAcks(slot, s->id);
            joined.append(known->info);
            if (known->info.live)
                watchLiveness(*known);
            else
                left.append(known->info);
        } else if (known->info.live && s->state == PeerState::Left) {
            known->info.live = false;
            known->exitNotifier.reset();
            m_bells.forget(s->id);
            m_introduced.remove(s->id);
            left.append(known->info);
        }
        if (known->lastScan != scanNumber) {
            known->lastScan = scanNumber;
            ++found;
        }
        for (std::uint32_t kind = 0; kind < kKindCount; ++kind) {
            const std::uint64_t seq = atomic(e->channels[kind].latestSeq).load(std::memory_order_acquire);
            if (seq > known->info.latestSeq[kind]) {
                known->info.latestSeq[kind] = seq;
                events.append({ false, s->id, Kind(kind), seq });
            }
        }
        Ack &ack = e->acks[m_selfSlot];
        if (atomic(ack.writerNonce).load(std::memory_order_acquire) == m_selfId) {
            for (std::uint32_t kind = 0; kind < kKindCount; ++kind) {
                const std::uint64_t seq = atomic(ack.seq[kind]).load(std::memory_order_acquire);
                if (seq > known->info.acked[kind]) {
                    known->info.acked[kind] = seq;
                    events.append({ true, s->id, Kind(kind), seq });
                }
            }
        }
    }
    if (found != m_known.size()) {
        QVarLengthArray<PeerId, kMaxPeers> present;
        for (auto it = m_known.begin(); it != m_known.end();) {
            if (it.value()->lastScan == scanNumber) {
                present.append(it.key());
                ++it;
                continue;
            }
            if (it.value()->info.live) {
                it.value()->info.live = false;
                left.append(it.value()->info);
            }
            m_introduced.remove(it.key());
            it = m_known.erase(it);
        }
        m_bells.keepOnly(present.constData(), std::size_t(present.size()));
    }
    if (!joined.isEmpty() || m_introductionsPending)
        introduceToLivePeers();
    const quint64 session = m_session;
    for (const PeerInfo &peer : std::as_const(joined)) {
        Q_EMIT peerJoined(peer);
        if (m_session != session)
            return;
    }
    for (const Event &event : std::as_const(events)) {
        if (event.delivery)
            Q_EMIT acknowledged(event.peer, event.kind, event.seq);
        else
            Q_EMIT updateAvailable(event.peer, event.kind, event.seq);
        if (m_session != session)
            return;
    }
    for (const PeerInfo &peer : std::as_const(left)) {
        Q_EMIT peerLeft(peer);
        if (m_session != session)
            return;
    }
}

void Room::watchLiveness(RoomPeerEntry &known)
{
    const PeerId id = known.info.id;
    const int pidfd = openPidfd(known.info.pid);
    if (pidfd >= 0) {
        // The pidfd pins one process; if the pid was already reused by
        // another, the start time tells us so and the peer is gone.
        if (processStartTime(known.info.pid) != known.startTime) {
            close(pidfd);
            QMetaObject::invokeMethod(this, [this, id] { reap(id); }, Qt::QueuedConnection);
            return;
        }
        known.pidfd = pidfd;
        known.exitNotifier = std::make_unique<QSocketNotifier>(pidfd, QSocketNotifier::Read);
        connect(known.exitNotifier.get(), &QSocketNotifier::activated, this,
                [this, id] { reap(id); });
        return;
    }
    if (errno == ESRCH) {
        QMetaObject::invokeMethod(this, [this, id] { reap(id); }, Qt::QueuedConnection);
        return;
    }
    // No pidfd here: check once a second instead.
    if (!m_livenessTimer) {
        m_livenessTimer = new QTimer(this);
        m_livenessTimer->setInterval(1000);
        connect(m_livenessTimer, &QTimer::timeout, this, &Room::sweepLiveness);
        m_livenessTimer->start();
    }
}

void Room::sweepLiveness()
{
    const auto known = m_known.values();
    for (const auto &peer : known) {
        if (peer->info.live && !peer->exitNotifier && !processAlive(peer->info.pid, peer->startTime))
            reap(peer->info.id);
    }
}

void Room::reap(PeerId id)
{
    if (!m_joined)
        return;
    const auto known = m_known.value(id);
    if (!known)
        return;
    known->exitNotifier.reset(); // a pidfd stays readable: stop listening
    {
        // Never waits: a peer stopped while holding the lock (in a debugger,
        // by SIGSTOP) must not freeze the thread that watches the room.
        RoomLock lock(m_segment.fd(), 0);
        if (!lock.locked()) {
            QTimer::singleShot(100, this, [this, id] { reap(id); });
            return;
        }
        PeerEntry *e = entry(known->slot);
        if (atomic(e->nonce).load(std::memory_order_acquire) == id && stateOf(e) == PeerState::Live
            && !processAlive(e->pid, e->startTime)) {
            qCInfo(lcRoom) << "peer" << known->info.name << "died; marking it as left";
            atomic(e->state).store(std::uint32_t(PeerState::Left), std::memory_order_release);
        }
    }
    ringAll();
    scan();
}

void Room::ringAll() const
{
    if (!m_segment.isValid())
        return;
    for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
        PeerEntry *e = entry(slot);
        if (slot == m_selfSlot || stateOf(e) != PeerState::Live)
            continue;
        const PeerId id = atomic(e->nonce).load(std::memory_order_acquire);
        if (id != 0)
            ring(id);
    }
}

void Room::ring(PeerId id) const
{
    if (!m_bells.ring(id))
        (void)m_doorbell.introduce(*m_names, id, m_selfId);
}

QList<PeerInfo> Room::peers() const
{
    QList<std::shared_ptr<RoomPeerEntry>> known = m_known.values();
    std::sort(known.begin(), known.end(), [](const auto &a, const auto &b) { return a->slot < b->slot; });
    QList<PeerInfo> result;
    for (const auto &peer : std::as_const(known))
        result.append(peer->info);
    return result;
}

std::optional<PeerInfo> Room::peer(PeerId id) const
{
    const auto known = m_known.value(id);
    return known ? std::optional<PeerInfo>(known->info) : std::nullopt;
}

Result<std::uint64_t> Room::publish(Kind kind, PayloadView payload)
{
    if (!m_joined)
        return Error { QStringLiteral("Not in a room: join one first.") };
    const auto index = std::uint32_t(kind);
    if (payload.publishMonotonicNs == 0)
        payload.publishMonotonicNs = monotonicNs();
    {
        std::lock_guard guard(m_writerLocks[index]);
        auto &writer = m_writers[index];
        if (!writer)
            writer = std::make_unique<ChannelWriter>(*m_names, m_selfId, kind);
        auto published = kind == Kind::Image
                ? writer->publish(payload, [this](std::uint64_t generation) { return leasedImageBuffers(generation); })
                : writer->publish(payload);
        if (!published)
            return Error { published.error(), published.systemError() };
        storeChannelState(entry(m_selfSlot), kind, published.value());
        writer->retirePreviousGeneration();
        ringAll();
        writer->prepareNext(); // while the readers copy
        return published.value().seq;
    }
}

// An encoded text or telemetry value, timed from before its encoding.
static Result<std::uint64_t> publishEncoded(Room &room, Kind kind, const Result<QByteArray> &encoded,
                                            std::uint64_t started)
{
    if (!encoded)
        return Error { encoded.error() };
    PayloadView view;
    view.data = encoded.value().constData();
    view.size = std::size_t(encoded.value().size());
    view.publishMonotonicNs = started;
    return room.publish(kind, view);
}

Result<std::uint64_t> Room::publishText(const QString &text)
{
    const std::uint64_t started = monotonicNs();
    return publishEncoded(*this, Kind::Text, encodeText(text), started);
}

Result<std::uint64_t> Room::publishTelemetry(const Telemetry &telemetry)
{
    const std::uint64_t started = monotonicNs();
    return publishEncoded(*this, Kind::Telemetry, encodeTelemetry(telemetry), started);
}

Result<std::uint64_t> Room::publishImage(std::uint32_t width, std::uint32_t height,
                                         PixelFormat format, const char *pixels)
{
    const std::uint64_t started = monotonicNs();
    const std::uint64_t size = std::uint64_t(width) * height * 4;
    if (auto valid = validateImageGeometry(width, height, std::uint32_t(format), size); !valid)
        return Error { valid.error() };
    PayloadView view;
    view.data = pixels;
    view.size = std::size_t(size);
    view.width = width;
    view.height = height;
    view.format = std::uint32_t(format);
    view.publishMonotonicNs = started;
    return publish(Kind::Image, view);
}

RoomPeerEntry *Room::known(PeerId id) const
{
    const auto it = m_known.constFind(id); // no copy of the shared pointer: reads are hot
    return it == m_known.constEnd() ? nullptr : it.value().get();
}

ChannelLocation Room::channelLocation(PeerId id, Kind kind) const
{
    const RoomPeerEntry *known = this->known(id);
    if (!known || !m_joined)
        return {};
    PeerEntry *e = entry(known->slot);
    if (atomic(e->nonce).load(std::memory_order_acquire) != id)
        return {};
    return shmbridge::channelLocation(e, kind);
}

template<typename Value, typename ReadAt>
Result<Value> Room::readLatest(PeerId id, Kind kind, ReadAt readAt)
{
    RoomPeerEntry *known = this->known(id); // nothing here emits, so it stays
    if (!known)
        return Error { QStringLiteral("That peer is no longer in the room.") };
    auto &reader = known->readers[std::uint32_t(kind)];
    if (!reader)
        reader = std::make_unique<ChannelReader>(*m_names, id, kind);
    // The writer may grow into a new generation between our look at the
    // table and our read; a few retries always catch up with it.
    QString lastError;
    for (int attempt = 0; attempt < 4; ++attempt) {
        const ChannelLocation location = channelLocation(id, kind);
        if (location.generation == 0)
            return Error { QStringLiteral("%1 has not published any %2 yet.")
                                   .arg(known->info.name, kindName(kind)) };
        auto value = readAt(*reader, location);
        if (value || value.systemError() != ENOENT)
            return value;
        lastError = value.error();
    }
    return Error { lastError.isEmpty() ? QStringLiteral("The channel keeps growing while being read.")
                                       : lastError };
}

Result<Update> Room::read(PeerId id, Kind kind)
{
    return readLatest<Update>(id, kind, [&](ChannelReader &reader, ChannelLocation location) {
        auto update = reader.read(location);
        if (update && channelLocation(id, kind) != location)
            return Result<Update>(Error { QString(), ENOENT }); // it grew meanwhile: read the new one
        return update;
    });
}

Result<LeasedUpdate> Room::leaseImage(PeerId id)
{
    return readLatest<LeasedUpdate>(id, Kind::Image, [&](ChannelReader &reader, ChannelLocation location) {
        return reader.lease(location, leaseWord(id));
    });
}

void Room::acknowledge(PeerId id, Kind kind, std::uint64_t seq)
{
    const RoomPeerEntry *known = this->known(id);
    if (!known || !m_joined)
        return;
    adoptAcks(known->slot, id);
    Ack &ack = entry(m_selfSlot)->acks[known->slot];
    auto acked = atomic(ack.seq[std::uint32_t(kind)]);
    if (seq > acked.load(std::memory_order_relaxed)) {
        acked.store(seq, std::memory_order_release);
        if (known->info.live)
            ring(id);
    }
}

void Room::adoptAcks(std::uint32_t writerSlot, PeerId writer)
{
    Ack &ack = entry(m_selfSlot)->acks[writerSlot];
    if (atomic(ack.writerNonce).load(std::memory_order_relaxed) == writer)
        return;
    atomic(ack.writerNonce).store(0, std::memory_order_release); // old leases stop counting first
    for (auto &s : ack.seq)
        atomic(s).store(0, std::memory_order_relaxed);
    atomic(ack.imageLease).store(0, std::memory_order_relaxed);
    atomic(ack.writerNonce).store(writer, std::memory_order_release);
}

LeaseWord Room::leaseWord(PeerId writer) const
{
    const RoomPeerEntry *known = this->known(writer);
    if (!known || !m_joined || !m_leaseMapping)
        return {};
    Ack &ack = peerEntry(*m_leaseMapping, m_selfSlot)->acks[known->slot];
    return LeaseWord { m_leaseMapping, &ack.imageLease, &ack.writerNonce, writer };
}

std::uint64_t Room::leasedImageBuffers(std::uint64_t generation) const
{
    std::uint64_t mask = 0;
    for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
        PeerEntry *e = entry(slot);
        if (slot == m_selfSlot || stateOf(e) != PeerState::Live)
            continue;
        Ack &ack = e->acks[m_selfSlot];
        if (atomic(ack.writerNonce).load(std::memory_order_acquire) != m_selfId)
            continue;
        const std::uint64_t lease = atomic(ack.imageLease).load(std::memory_order_relaxed);
        if (leaseGeneration(lease) == generation)
            mask |= leaseMask(lease);
    }
    return mask;
}

Result<RoomObservation> Room::observe(const QString &key)
{
    auto names = RoomNames::fromKey(key);
    if (!names)
        return Error { names.error() };
    if (auto older = refuseProtocol3Room(names.value()); !older)
        return Error { older.error() };
    auto opened = SharedSegment::open(names.value().roomSegment(), SharedSegment::Access::ReadOnly);
    if (!opened && opened.systemError() == ENOENT)
        return Error { QStringLiteral("There is no room \"%1\": nobody is in it.").arg(key), ENOENT };
    if (!opened)
        return Error { opened.error(), opened.systemError() };
    const SharedSegment &segment = opened.value();
    if (auto valid = validateRoomHeader(segment, names.value()); !valid)
        return Error { valid.error() };
    const auto *h = static_cast<const RoomHeader *>(segment.data());
    auto *table = reinterpret_cast<PeerEntry *>(static_cast<char *>(segment.data()) + kPeerTableOffset);

    RoomObservation observation;
    observation.home = names.value().home().description();
    observation.segment = segment.name();
    observation.segmentSize = segment.size();
    std::memcpy(&observation.header, h, sizeof observation.header);
    for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
        PeerEntry *e = table + slot;
        const auto s = snapshot(e);
        if (!s)
            continue;
        PeerInfo info;
        info.id = s->id;
        info.name = s->displayName();
        info.pid = s->pid;
        info.live = s->state == PeerState::Live && processAlive(s->pid, s->startTime);
        RoomObservation::Slot seen { slot, !info.live && s->state == PeerState::Live, {} };
        for (std::uint32_t kind = 0; kind < kKindCount; ++kind) {
            ChannelState &c = e->channels[kind];
            info.latestSeq[kind] = atomic(c.latestSeq).load(std::memory_order_acquire);
            const std::uint64_t generation = atomic(c.segmentGeneration).load(std::memory_order_acquire);
            if (generation != 0)
                seen.channels.append({ Kind(kind), generation, atomic(c.capacity).load(std::memory_order_relaxed) });
        }
        observation.peers.append(info);
        observation.slots.append(seen);
    }
    return observation;
}

} // namespace shmbridge

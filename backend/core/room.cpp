// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "room.h"

#include "corelogging.h"
#include "payload.h"
#include "roomclaim.h"
#include "roomtable.h"
#include "seqlock.h"

#include <QVarLengthArray>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sched.h>
#include <unistd.h>


namespace shmbridge {

using namespace layout;


struct RoomPeerEntry
{
    PeerInfo info;
    std::uint32_t slot = 0;
    std::uint64_t startTime = 0;
    quint64 lastScan = 0; // the scan that last found it in the table
    // Made on the first read of each kind while the peer is live, and
    // dropped when it leaves, so that a left peer's segments are not kept
    // mapped (see channel()).
    std::array<std::shared_ptr<PeerChannel>, kKindCount> channels;
};

std::uint64_t Room::monotonicNs()
{
    return monotonicNow();
}

Room::Room(QObject *parent) : QObject(parent), m_watch(this) // a child: it moves to the Room's thread with it
{
    qRegisterMetaType<shmbridge::PeerInfo>();
    qRegisterMetaType<shmbridge::PeerId>("shmbridge::PeerId");
    qRegisterMetaType<shmbridge::layout::Kind>();
    connect(&m_watch, &PeerWatch::exited, this, &Room::reap);
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
    auto claimed = claimSlot(*m_names, m_selfId, nameUtf8.value(), lockWaitMs);
    if (!claimed) {
        shutDown();
        return Error { claimed.error(), claimed.systemError() };
    }
    m_segment = std::move(claimed.value().segment);
    m_selfSlot = claimed.value().slot;
    auto table = SharedSegment::open(m_segment.name(), SharedSegment::Access::ReadWrite);
    if (!table || table.value().size() != m_segment.size()) {
        shutDown();
        return Error { QStringLiteral("Could not map the room's table for reading: %1")
                               .arg(table ? QStringLiteral("it changed size") : table.error()),
                       table ? 0 : table.systemError() };
    }
    m_tableMapping = std::make_shared<SharedSegment>(std::move(table).value());
    m_joined = true;
    ++m_session;
    m_bellNotifier = new QSocketNotifier(m_doorbell.bellFd(), QSocketNotifier::Read, this);
    connect(m_bellNotifier, &QSocketNotifier::activated, this, &Room::onBell);
    m_rendezvousNotifier = new QSocketNotifier(m_doorbell.rendezvousFd(), QSocketNotifier::Read, this);
    connect(m_rendezvousNotifier, &QSocketNotifier::activated, this, &Room::onRendezvous);
    qCInfo(lcCore) << "joined room" << key << "as" << name << "in slot" << m_selfSlot << "in"
                   << m_names->home().description();
    // From the event loop: whoever called join() may hold a lock of its own.
    QMetaObject::invokeMethod(this, &Room::scan, Qt::QueuedConnection);
    introduceToLivePeers(); // each answers with its own bell, and looks at the room
    return {};
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
            if (markDeadPeersLeft(m_segment) == 0) {
                // The last one out: nothing of the room stays.
                reclaimAbandonedRoom(m_segment, *m_names);
                SharedSegment::unlink(m_segment.name());
                roomRemoved = true;
            }
        } else {
            qCWarning(lcCore) << "left room" << m_names->key()
                              << "without its lock; the next peer to join will tidy up";
        }
    }
    if (!roomRemoved)
        ringAll();
    qCInfo(lcCore) << "left room" << m_names->key() << (roomRemoved ? "and removed it" : "");
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
    m_watch.clear();
    m_known.clear();
    m_slotOwners.fill(nullptr);
    for (std::uint32_t kind = 0; kind < kKindCount; ++kind) {
        std::lock_guard guard(m_writerLocks[kind]);
        m_writers[kind].reset();
    }
    m_segment = SharedSegment();
    m_tableMapping.reset(); // leases and channels still held keep their own reference
    m_doorbell.close();
    m_bells.clear();
    m_introduced.clear();
    m_introductionsPending = false;
    m_selfId = 0;
}

void Room::onBell()
{
    // The news first, then the bell: draining the eventfd is a system call
    // (1.4 µs in a PVM guest), and the handlers need not wait for it. The
    // news of the peers we know comes before the walk over the table for
    // comings and goings. The ring that woke us came after its news, which
    // the scan has seen; a second ring may have come after the scan looked,
    // so then the room is scanned again. Any later ring wakes us again.
    // Rings that came together still cost one wake: the eventfd counts them.
    const quint64 session = m_session;
    const KnownPeersLook look = tellNewsOfKnownPeers();
    if (look == KnownPeersLook::LeftTheRoom)
        return; // a handler took us to another room: that bell rings for its news
    // The walk over the whole table only when the ring is not explained by
    // a known peer's news, a known peer is no longer as we knew it, or
    // introductions wait; and every kWalkEvery bells in any case, so that
    // news of a peer not yet known that came with a known one's is late by
    // that many rings at most. Joins come by the rendezvous, which walks.
    if (look != KnownPeersLook::Explained || m_introductionsPending || ++m_bellsSinceWalk >= kWalkEvery)
        scan();
    if (m_session != session)
        return;
    if (m_doorbell.takeRings() > 1)
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
            qCInfo(lcCore) << "ignoring a bell from pid" << hello.pid << "that is no live peer of the room";
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
            qCInfo(lcCore) << "cannot meet peer" << s->displayName() << ":" << introduced.error();
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
    QList<PeerInfo> departed; // known to us as live until this scan
    QList<PeerInfo> left; // gone before we ever saw them
    NewsList news;
    // Every ring brings a scan, so it stays cheap: one pass over the slots,
    // and a pass over what we know only when someone is no longer there.
    const quint64 scanNumber = ++m_scans;
    m_bellsSinceWalk = 0;
    qsizetype found = 0;
    PeerEntry *const table = entry(0);
    for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
        if (slot == m_selfSlot)
            continue;
        PeerEntry *e = table + slot;
        const PeerState state = stateOf(e);
        if (state == PeerState::Free)
            continue;
        if (RoomPeerEntry *owner = m_slotOwners[slot]; owner && owner->info.live && state == PeerState::Live
            && atomic(e->nonce).load(std::memory_order_acquire) == owner->info.id) {
            // The peer we found here last time, still live: a nonce is
            // never reused, so only its news can be new.
            if (owner->lastScan != scanNumber) {
                owner->lastScan = scanNumber;
                ++found;
            }
            collectNews(e, *owner, false, news);
            continue;
        }
        const auto s = snapshot(e);
        if (!s || s->id == 0 || s->id == m_selfId)
            continue;
        auto &known = m_known[s->id];
        bool departing = false;
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
                m_watch.watch(s->id, s->pid, s->startTime);
            else
                left.append(known->info);
        } else if (known->info.live && s->state == PeerState::Left) {
            known->info.live = false;
            known->channels = {};
            m_watch.forget(s->id);
            m_bells.forget(s->id);
            m_introduced.remove(s->id);
            departed.append(known->info);
            departing = true;
        }
        m_slotOwners[slot] = known.get();
        if (known->lastScan != scanNumber) {
            known->lastScan = scanNumber;
            ++found;
        }
        collectNews(e, *known, departing, news);
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
                departed.append(it.value()->info);
            }
            m_introduced.remove(it.key());
            m_watch.forget(it.key());
            if (m_slotOwners[it.value()->slot] == it.value().get())
                m_slotOwners[it.value()->slot] = nullptr;
            it = m_known.erase(it);
        }
        m_bells.keepOnly(present.constData(), std::size_t(present.size()));
    }
    if (!joined.isEmpty() || m_introductionsPending)
        introduceToLivePeers();
    // Told in the order it happened, as far as one look can say: a peer
    // that left did so after its last news and before a namesake took its
    // name; a newcomer's news follows its arrival. So a reader that was busy
    // while carol left and came back sees what one that watched saw: carol
    // left, then carol joined (and takes over her row), not two carols.
    const quint64 session = m_session;
    if (!tell(news, true))
        return;
    for (const PeerInfo &peer : std::as_const(departed)) {
        Q_EMIT peerLeft(peer);
        if (m_session != session)
            return;
    }
    for (const PeerInfo &peer : std::as_const(joined)) {
        Q_EMIT peerJoined(peer);
        if (m_session != session)
            return;
    }
    if (!tell(news, false))
        return;
    for (const PeerInfo &peer : std::as_const(left)) {
        Q_EMIT peerLeft(peer);
        if (m_session != session)
            return;
    }
}

void Room::collectNews(PeerEntry *e, RoomPeerEntry &known, bool departing, NewsList &news)
{
    for (std::uint32_t kind = 0; kind < kKindCount; ++kind) {
        const std::uint64_t seq = atomic(e->channels[kind].latestSeq).load(std::memory_order_acquire);
        if (seq > known.info.latestSeq[kind]) {
            known.info.latestSeq[kind] = seq;
            news.append({ false, departing, known.info.id, Kind(kind), seq });
        }
    }
    Ack &ack = e->acks[m_selfSlot];
    if (atomic(ack.writerNonce).load(std::memory_order_acquire) != m_selfId)
        return;
    for (std::uint32_t kind = 0; kind < kKindCount; ++kind) {
        const std::uint64_t seq = atomic(ack.seq[kind]).load(std::memory_order_acquire);
        if (seq > known.info.acked[kind]) {
            known.info.acked[kind] = seq;
            news.append({ true, departing, known.info.id, Kind(kind), seq });
        }
    }
}

bool Room::tell(const NewsList &news, bool departing)
{
    const quint64 session = m_session;
    for (const News &item : news) {
        if (item.departing != departing)
            continue;
        if (item.delivery)
            Q_EMIT acknowledged(item.peer, item.kind, item.seq);
        else
            Q_EMIT updateAvailable(item.peer, item.kind, item.seq);
        if (m_session != session)
            return false;
    }
    return true;
}

Room::KnownPeersLook Room::tellNewsOfKnownPeers()
{
    // A ring is most likely for news of a peer we know. Its entry is read
    // first and its news told at once; the walk over all 32 entries (72 KiB
    // of table, 18 pages, cold after an idle spell) comes after the handlers.
    // A peer's slot given to someone else since is the walk's to tell.
    if (!m_joined)
        return KnownPeersLook::Unexplained;
    NewsList news;
    bool changed = false;
    PeerEntry *const table = entry(0);
    for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
        RoomPeerEntry *owner = m_slotOwners[slot];
        if (!owner || !owner->info.live)
            continue;
        if (atomic(table[slot].nonce).load(std::memory_order_acquire) != owner->info.id || stateOf(table + slot) != PeerState::Live)
            changed = true; // gone, or leaving: the walk tells it
        else
            collectNews(table + slot, *owner, false, news);
    }
    const bool explained = !news.isEmpty() && !changed;
    if (!tell(news, false))
        return KnownPeersLook::LeftTheRoom;
    return explained ? KnownPeersLook::Explained : KnownPeersLook::Unexplained;
}

void Room::reap(PeerId id)
{
    if (!m_joined)
        return;
    const auto known = m_known.value(id);
    if (!known)
        return;
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
            qCInfo(lcCore) << "peer" << known->info.name << "died; marking it as left";
            atomic(e->state).store(std::uint32_t(PeerState::Left), std::memory_order_release);
        }
    }
    ringAll();
    scan();
}

bool Room::ringAll() const
{
    if (!m_segment.isValid())
        return false;
    const bool rang = m_bells.ringAll();
    knockAtStrangers();
    return rang;
}

void Room::knockAtStrangers() const
{
    for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
        PeerEntry *e = entry(slot);
        if (slot == m_selfSlot || stateOf(e) != PeerState::Live)
            continue;
        const PeerId id = atomic(e->nonce).load(std::memory_order_acquire);
        if (id != 0 && !m_bells.has(id))
            (void)m_doorbell.introduce(*m_names, id, m_selfId);
    }
}

bool Room::ring(PeerId id) const
{
    if (m_bells.ring(id))
        return true;
    (void)m_doorbell.introduce(*m_names, id, m_selfId);
    return false;
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

// A reader we just rang is often woken on this very CPU, and Linux's
// scheduler (EEVDF, 6.6 and later) lets the running writer finish its slice
// first: whatever the writer does until it sleeps is added to the reader's
// latency (measured: 20 µs of work after the ring, 20 µs later). Yielding
// lets that reader run now; with nobody waiting it returns at once. It never
// spins and costs nothing while idle. The writer lock stays held meanwhile:
// only another of our threads publishing this same kind waits for it.
static void handOverToReaders()
{
    sched_yield();
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
        // The bells we hold first, then the walk over the room's table for
        // peers whose bell we lack: a reader woken on this CPU runs before
        // the walk, which touches 32 entries 2,304 bytes apart, cold after
        // an idle spell.
        if (m_bells.ringAll())
            handOverToReaders();
        knockAtStrangers();
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

std::shared_ptr<PeerChannel> Room::channel(PeerId id, Kind kind)
{
    RoomPeerEntry *known = this->known(id);
    if (!known || !m_joined)
        return nullptr;
    const auto make = [&] {
        return std::make_shared<PeerChannel>(*m_names, m_tableMapping, known->slot, known->info, kind,
                                             kind == Kind::Image ? leaseWord(id) : LeaseWord {});
    };
    if (!known->info.live)
        return make(); // not kept: nothing here keeps a left peer's segments mapped
    auto &channel = known->channels[std::uint32_t(kind)];
    if (!channel)
        channel = make();
    return channel;
}

Result<Update> Room::read(PeerId id, Kind kind)
{
    const auto channel = this->channel(id, kind);
    if (!channel)
        return Error { QStringLiteral("That peer is no longer in the room.") };
    return channel->read();
}

Result<LeasedUpdate> Room::leaseImage(PeerId id)
{
    const auto channel = this->channel(id, Kind::Image);
    if (!channel)
        return Error { QStringLiteral("That peer is no longer in the room.") };
    return channel->lease();
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
    if (!known || !m_joined)
        return {};
    Ack &ack = peerEntry(*m_tableMapping, m_selfSlot)->acks[known->slot];
    return LeaseWord { m_tableMapping, &ack.imageLease, &ack.writerNonce, writer };
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

} // namespace shmbridge

#include "room.h"

#include <QDateTime>
#include <QFile>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QVarLengthArray>
#include <QSocketNotifier>
#include <QTimer>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcRoom, "shmbridge.room", QtWarningMsg)

namespace shmbridge {

using namespace layout;

int Room::lockTimeoutMs = 2000;

struct RoomPeerEntry
{
    PeerInfo info;
    std::uint32_t slot = 0;
    std::uint64_t startTime = 0;
    int pidfd = -1;
    std::unique_ptr<QSocketNotifier> exitNotifier;
    std::array<std::unique_ptr<ChannelReader>, kKindCount> readers;

    ~RoomPeerEntry()
    {
        exitNotifier.reset();
        if (pidfd >= 0)
            close(pidfd);
    }
};

namespace {

template<typename T>
std::atomic_ref<T> atomic(T &word)
{
    return std::atomic_ref<T>(word);
}

// flock() on the control segment serialises join, leave and reaping. The
// kernel drops it when its holder dies, so a crash never leaves it held.
class RoomLock
{
public:
    RoomLock(int fd, int timeoutMs) : m_fd(fd)
    {
        const std::uint64_t deadline = Room::monotonicNs() + std::uint64_t(timeoutMs) * 1000000;
        for (;;) {
            if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
                m_locked = true;
                return;
            }
            if ((errno != EWOULDBLOCK && errno != EINTR) || Room::monotonicNs() > deadline)
                return;
            const timespec pause { 0, 200 * 1000 };
            nanosleep(&pause, nullptr);
        }
    }
    ~RoomLock()
    {
        if (m_locked)
            flock(m_fd, LOCK_UN);
    }
    bool locked() const { return m_locked; }

private:
    int m_fd;
    bool m_locked = false;
};

Error busyError(const QString &key)
{
    return Error { QStringLiteral("Room \"%1\" is busy: another process has held its lock for more "
                                  "than %2 ms. Try again, or stop a hung peer.")
                           .arg(key)
                           .arg(Room::lockTimeoutMs) };
}

std::uint64_t realtimeNs()
{
    timespec now {};
    clock_gettime(CLOCK_REALTIME, &now);
    return std::uint64_t(now.tv_sec) * 1000000000ULL + std::uint64_t(now.tv_nsec);
}

// Writers of a slot's identity make slotGeneration odd while they work, so a
// reader can tell a half-claimed slot from a stable one.
void beginSlotWrite(PeerEntry *e)
{
    auto generation = atomic(e->slotGeneration);
    generation.store(generation.load(std::memory_order_relaxed) | 1u, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
}

void endSlotWrite(PeerEntry *e)
{
    auto generation = atomic(e->slotGeneration);
    generation.store((generation.load(std::memory_order_relaxed) | 1u) + 1, std::memory_order_release);
}

// Removes a departed peer's channels and frees its slot. Besides the
// generation the entry names, the neighbours are tried too: a writer that died
// while growing leaves either the next or the previous generation behind.
void reclaimEntry(const RoomNames &names, PeerEntry *e)
{
    const std::uint64_t nonce = atomic(e->nonce).load(std::memory_order_acquire);
    for (std::uint32_t kind = 0; kind < kKindCount; ++kind) {
        const std::uint64_t generation =
                atomic(e->channels[kind].segmentGeneration).load(std::memory_order_acquire);
        for (std::uint64_t g = generation > 1 ? generation - 1 : 1; g <= generation + 1; ++g)
            SharedSegment::unlink(names.channelSegment(nonce, kind, g));
    }
    beginSlotWrite(e);
    atomic(e->state).store(std::uint32_t(PeerState::Free), std::memory_order_relaxed);
    atomic(e->nonce).store(0, std::memory_order_relaxed);
    e->pid = 0;
    e->nameSize = 0;
    e->startTime = 0;
    e->joinedRealtimeNs = 0;
    std::memset(e->name, 0, sizeof e->name);
    for (auto &channel : e->channels) {
        atomic(channel.segmentGeneration).store(0, std::memory_order_relaxed);
        atomic(channel.latestSeq).store(0, std::memory_order_relaxed);
        channel.capacity = 0;
    }
    for (auto &ack : e->acks) {
        atomic(ack.writerNonce).store(0, std::memory_order_relaxed);
        for (auto &seq : ack.seq)
            atomic(seq).store(0, std::memory_order_relaxed);
    }
    endSlotWrite(e);
}

PeerState stateOf(PeerEntry *e)
{
    return PeerState(atomic(e->state).load(std::memory_order_acquire));
}

// A stable copy of a slot's identity, or nothing while it is being rewritten.
// The name stays raw bytes until somebody needs it as text: scans run on
// every doorbell, new peers are rare.
struct SlotSnapshot
{
    PeerState state;
    std::uint64_t nonce;
    qint64 pid;
    std::uint64_t startTime;
    std::uint32_t nameSize;
    char name[kMaxNameBytes];

    QString displayName() const
    {
        auto decoded = decodeText(name, nameSize);
        return decoded && !decoded.value().isEmpty() ? decoded.value()
                                                      : QStringLiteral("peer-%1").arg(nonce, 0, 16);
    }
};

std::optional<SlotSnapshot> snapshot(PeerEntry *e)
{
    const std::uint32_t before = atomic(e->slotGeneration).load(std::memory_order_acquire);
    if (before & 1)
        return std::nullopt;
    SlotSnapshot s;
    s.state = stateOf(e);
    s.nonce = atomic(e->nonce).load(std::memory_order_acquire);
    s.pid = e->pid;
    s.startTime = e->startTime;
    s.nameSize = std::min(e->nameSize, kMaxNameBytes);
    std::memcpy(s.name, e->name, s.nameSize);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (atomic(e->slotGeneration).load(std::memory_order_relaxed) != before)
        return std::nullopt;
    if (s.state != PeerState::Live && s.state != PeerState::Left)
        return std::nullopt;
    return s;
}

// "\0<prefix>-<nonce in hex>", formatted without touching the heap: every
// publish rings every peer.
sockaddr_un doorbellAddress(const QByteArray &prefix, std::uint64_t nonce, socklen_t *length)
{
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    char *out = address.sun_path + 1; // leading NUL: abstract namespace
    const auto prefixSize = std::min<std::size_t>(std::size_t(prefix.size()), sizeof(address.sun_path) - 20);
    std::memcpy(out, prefix.constData(), prefixSize);
    out += prefixSize;
    *out++ = '-';
    char digits[16];
    int count = 0;
    do {
        digits[count++] = "0123456789abcdef"[nonce & 0xf];
        nonce >>= 4;
    } while (nonce != 0);
    while (count > 0)
        *out++ = digits[--count];
    *length = socklen_t(out - reinterpret_cast<char *>(&address));
    return address;
}

// Everything a joiner or an observer checks before trusting a room's table.
Result<void> validateRoomHeader(const SharedSegment &segment, const RoomNames &names)
{
    const auto *h = static_cast<const RoomHeader *>(segment.data());
    const QString segmentName = QString::fromUtf8(segment.name());
    if (segment.size() < sizeof(RoomHeader) || h->magic != kRoomMagic) {
        return Error { QStringLiteral("Shared memory for room \"%1\" exists but is not a "
                                      "ShmBridge room. Remove /dev/shm%2 or choose another key.")
                               .arg(names.key(), segmentName) };
    }
    if (h->version != kProtocolVersion) {
        return Error { QStringLiteral("Room \"%1\" was created by an incompatible ShmBridge "
                                      "(protocol version %2; this one speaks %3). Close the other "
                                      "programs in the room or choose another key.")
                               .arg(names.key())
                               .arg(h->version)
                               .arg(kProtocolVersion) };
    }
    if (segment.size() < kRoomSegmentSize || h->headerSize != sizeof(RoomHeader)
        || h->peerCapacity != kMaxPeers || h->peerEntrySize != sizeof(PeerEntry)
        || h->peerTableOffset != kPeerTableOffset) {
        return Error { QStringLiteral("Room \"%1\" is corrupt: its header does not match its "
                                      "size. Remove /dev/shm%2 or choose another key.")
                               .arg(names.key(), segmentName) };
    }
    if (h->keySize != std::uint32_t(names.keyUtf8().size())
        || std::memcmp(h->key, names.keyUtf8().constData(), h->keySize) != 0) {
        return Error { QStringLiteral("Room \"%1\" collides with another key's room; choose "
                                      "another key.")
                               .arg(names.key()) };
    }
    return {};
}

} // namespace

namespace {

struct ProcessStat
{
    char state = 0;
    std::uint64_t startTime = 0;
};

std::optional<ProcessStat> readProcessStat(qint64 pid)
{
    if (pid <= 0)
        return std::nullopt;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray line = stat.readAll();
    // The command name may hold spaces and ')': fields resume after the last ')'.
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    if (fields.size() <= 19 || fields.at(0).isEmpty())
        return std::nullopt;
    return ProcessStat { fields.at(0).at(0), fields.at(19).toULongLong() }; // fields 3 and 22
}

} // namespace

std::uint64_t processStartTime(qint64 pid)
{
    const auto stat = readProcessStat(pid);
    return stat ? stat->startTime : 0;
}

bool processAlive(qint64 pid, std::uint64_t startTime)
{
    if (pid <= 0 || pid > std::numeric_limits<pid_t>::max())
        return false;
    if (kill(pid_t(pid), 0) != 0 && errno != EPERM)
        return false;
    const auto stat = readProcessStat(pid);
    if (!stat)
        return true; // no /proc (hidepid): the pid check is all we have
    // A zombie has exited; only its parent has not collected it yet.
    return stat->state != 'Z' && stat->state != 'X' && stat->startTime == startTime;
}

std::uint64_t Room::monotonicNs()
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return std::uint64_t(now.tv_sec) * 1000000000ULL + std::uint64_t(now.tv_nsec);
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

RoomHeader *Room::header() const
{
    return static_cast<RoomHeader *>(m_segment.data());
}

PeerEntry *Room::entry(std::uint32_t slot) const
{
    return reinterpret_cast<PeerEntry *>(static_cast<char *>(m_segment.data()) + kPeerTableOffset)
            + slot;
}

Result<void> Room::join(const QString &key, const QString &name)
{
    if (m_joined)
        leave();
    auto names = RoomNames::fromKey(key);
    if (!names)
        return Error { names.error() };
    auto nameUtf8 = validatePeerName(name);
    if (!nameUtf8)
        return Error { nameUtf8.error() };
    m_names = std::make_unique<RoomNames>(names.value());
    m_name = name;
    if (auto bound = bindDoorbell(); !bound) {
        shutDown();
        return bound;
    }
    if (auto claimed = attachAndClaim(nameUtf8.value()); !claimed) {
        shutDown();
        return claimed;
    }
    m_joined = true;
    m_doorbellNotifier = new QSocketNotifier(m_doorbellFd, QSocketNotifier::Read, this);
    connect(m_doorbellNotifier, &QSocketNotifier::activated, this, &Room::onDoorbell);
    qCInfo(lcRoom) << "joined room" << key << "as" << name << "in slot" << m_selfSlot;
    scan();
    ringAll();
    return {};
}

Result<void> Room::bindDoorbell()
{
    m_doorbellFd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_doorbellFd < 0)
        return Error { QStringLiteral("Cannot create a doorbell socket: %1")
                               .arg(QString::fromLocal8Bit(std::strerror(errno))) };
    for (int attempt = 0; attempt < 4; ++attempt) {
        do {
            m_selfNonce = QRandomGenerator::system()->generate64();
        } while (m_selfNonce == 0);
        socklen_t length = 0;
        const sockaddr_un address = doorbellAddress(m_names->doorbellPrefix(), m_selfNonce, &length);
        if (bind(m_doorbellFd, reinterpret_cast<const sockaddr *>(&address), length) == 0)
            return {};
        if (errno != EADDRINUSE)
            break;
    }
    return Error { QStringLiteral("Cannot bind a doorbell socket: %1")
                           .arg(QString::fromLocal8Bit(std::strerror(errno))) };
}

Result<void> Room::attachAndClaim(const QByteArray &nameUtf8)
{
    const QByteArray segmentName = m_names->roomSegment();
    for (int attempt = 0; attempt < 16; ++attempt) {
        auto opened = SharedSegment::open(segmentName, SharedSegment::Access::ReadWrite);
        if (!opened && opened.systemError() == ENOENT) {
            opened = SharedSegment::create(segmentName, kRoomSegmentSize);
            if (!opened && opened.systemError() == EEXIST)
                continue; // someone else created it first: attach to theirs
        }
        if (!opened)
            return Error { opened.error() };
        m_segment = std::move(opened).value();
        RoomLock lock(m_segment.fd(), lockTimeoutMs);
        if (!lock.locked())
            return busyError(m_names->key());
        if (m_segment.isUnlinked())
            continue; // the last peer removed the room between our open and lock
        if (m_segment.size() == 0) {
            // A creator died before sizing it: the room is ours to initialise.
            if (auto resized = m_segment.resize(kRoomSegmentSize); !resized)
                return Error { resized.error() };
        }
        if (atomic(header()->magic).load(std::memory_order_acquire) == 0) {
            // New, or its creator died before initialising it: ours to set up.
            if (m_segment.size() != kRoomSegmentSize) {
                if (auto resized = m_segment.resize(kRoomSegmentSize); !resized)
                    return Error { resized.error() };
            }
            RoomHeader *h = header();
            std::memset(m_segment.data(), 0, m_segment.size());
            h->version = kProtocolVersion;
            h->headerSize = sizeof(RoomHeader);
            h->peerCapacity = kMaxPeers;
            h->peerEntrySize = sizeof(PeerEntry);
            h->peerTableOffset = kPeerTableOffset;
            h->keySize = std::uint32_t(m_names->keyUtf8().size());
            std::memcpy(h->key, m_names->keyUtf8().constData(), h->keySize);
            h->createdRealtimeNs = realtimeNs();
            atomic(h->magic).store(kRoomMagic, std::memory_order_release);
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
            if (processAlive(e->pid, e->startTime))
                ++live;
            else
                atomic(e->state).store(std::uint32_t(PeerState::Left), std::memory_order_release);
        }
        if (live == 0) {
            for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
                if (stateOf(entry(slot)) != PeerState::Free)
                    reclaimEntry(*m_names, entry(slot));
            }
        }

        // A free slot, or else the one of the peer that left longest ago:
        // departed peers' values stay readable for as long as there is room.
        std::optional<std::uint32_t> chosen;
        std::optional<std::uint32_t> oldestLeft;
        for (std::uint32_t slot = 0; slot < kMaxPeers && !chosen; ++slot) {
            PeerEntry *e = entry(slot);
            const PeerState state = stateOf(e);
            if (state == PeerState::Free)
                chosen = slot;
            else if (state == PeerState::Left
                     && (!oldestLeft || e->joinedRealtimeNs < entry(*oldestLeft)->joinedRealtimeNs))
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
        atomic(e->nonce).store(m_selfNonce, std::memory_order_relaxed);
        e->pid = getpid();
        e->startTime = processStartTime(getpid());
        e->joinedRealtimeNs = realtimeNs();
        e->nameSize = std::uint32_t(nameUtf8.size());
        std::memcpy(e->name, nameUtf8.constData(), e->nameSize);
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
    {
        RoomLock lock(m_segment.fd(), lockTimeoutMs);
        atomic(entry(m_selfSlot)->state).store(std::uint32_t(PeerState::Left), std::memory_order_release);
        if (lock.locked() && !m_segment.isUnlinked()) {
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
                roomRemoved = true;
            }
        } else if (!lock.locked()) {
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
    delete m_doorbellNotifier;
    m_doorbellNotifier = nullptr;
    delete m_livenessTimer;
    m_livenessTimer = nullptr;
    m_known.clear();
    for (std::uint32_t kind = 0; kind < kKindCount; ++kind) {
        std::lock_guard guard(m_writerLocks[kind]);
        m_writers[kind].reset();
    }
    m_segment = SharedSegment();
    if (m_doorbellFd >= 0)
        close(m_doorbellFd);
    m_doorbellFd = -1;
    {
        std::lock_guard guard(m_bellLock);
        for (const auto &[id, fd] : m_bells)
            close(fd);
        m_bells.clear();
    }
    m_selfNonce = 0;
}

void Room::onDoorbell()
{
    // One datagram per wake-up: the notifier is level-triggered, so any
    // still queued bring us back, and the common case costs one syscall.
    char bell[16];
    [[maybe_unused]] const auto got = recv(m_doorbellFd, bell, sizeof bell, MSG_DONTWAIT);
    scan();
}

void Room::scan()
{
    if (!m_joined)
        return;
    // Collect first, emit afterwards: handlers may call back into the Room.
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
    QVarLengthArray<PeerId, kMaxPeers> present;
    for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
        if (slot == m_selfSlot)
            continue;
        PeerEntry *e = entry(slot);
        if (stateOf(e) == PeerState::Free)
            continue;
        const auto s = snapshot(e);
        if (!s || s->nonce == 0 || s->nonce == m_selfNonce)
            continue;
        present.append(s->nonce);
        auto &known = m_known[s->nonce];
        if (!known) {
            known = std::make_shared<RoomPeerEntry>();
            known->info.id = s->nonce;
            known->info.name = s->displayName();
            known->info.pid = s->pid;
            known->info.live = s->state == PeerState::Live;
            known->slot = slot;
            known->startTime = s->startTime;
            joined.append(known->info);
            if (known->info.live)
                watchLiveness(*known);
            else
                left.append(known->info);
        } else if (known->info.live && s->state == PeerState::Left) {
            known->info.live = false;
            known->exitNotifier.reset();
            forgetBell(s->nonce);
            left.append(known->info);
        }
        for (std::uint32_t kind = 0; kind < kKindCount; ++kind) {
            const std::uint64_t seq = atomic(e->channels[kind].latestSeq).load(std::memory_order_acquire);
            if (seq > known->info.latestSeq[kind]) {
                known->info.latestSeq[kind] = seq;
                events.append({ false, s->nonce, Kind(kind), seq });
            }
        }
        Ack &ack = e->acks[m_selfSlot];
        if (atomic(ack.writerNonce).load(std::memory_order_acquire) == m_selfNonce) {
            for (std::uint32_t kind = 0; kind < kKindCount; ++kind) {
                const std::uint64_t seq = atomic(ack.seq[kind]).load(std::memory_order_acquire);
                if (seq > known->info.acked[kind]) {
                    known->info.acked[kind] = seq;
                    events.append({ true, s->nonce, Kind(kind), seq });
                }
            }
        }
    }
    for (auto it = m_known.begin(); it != m_known.end();) {
        if (std::find(present.begin(), present.end(), it.key()) != present.end()) {
            ++it;
            continue;
        }
        if (it.value()->info.live) {
            it.value()->info.live = false;
            left.append(it.value()->info);
        }
        forgetBell(it.key());
        it = m_known.erase(it);
    }
    for (const PeerInfo &peer : std::as_const(joined))
        Q_EMIT peerJoined(peer);
    for (const Event &event : std::as_const(events)) {
        if (event.delivery)
            Q_EMIT delivered(event.peer, event.kind, event.seq);
        else
            Q_EMIT updateAvailable(event.peer, event.kind, event.seq);
    }
    for (const PeerInfo &peer : std::as_const(left))
        Q_EMIT peerLeft(peer);
}

void Room::watchLiveness(RoomPeerEntry &known)
{
    const PeerId id = known.info.id;
#ifdef SYS_pidfd_open
    const int pidfd = int(syscall(SYS_pidfd_open, pid_t(known.info.pid), 0));
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
#endif
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
        RoomLock lock(m_segment.fd(), lockTimeoutMs);
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

void Room::ring(PeerId id) const
{
    // One socket connected to each peer's doorbell: send() on it skips the
    // name lookup a sendto() would repeat for every update.
    std::lock_guard guard(m_bellLock);
    auto it = m_bells.find(id);
    if (it == m_bells.end()) {
        const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        socklen_t length = 0;
        const sockaddr_un address = doorbellAddress(m_names->doorbellPrefix(), id, &length);
        if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr *>(&address), length) != 0) {
            if (fd >= 0)
                close(fd);
            return; // no doorbell: the peer is gone, and the next scan will say so
        }
        it = m_bells.emplace(id, fd).first;
    }
    const char bell = 1;
    // Non-blocking: a full queue means the peer already has a wake-up pending.
    if (send(it->second, &bell, 1, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 && errno != EAGAIN) {
        close(it->second); // its doorbell closed; a rejoin would bring a new nonce anyway
        m_bells.erase(it);
    }
}

void Room::forgetBell(PeerId id)
{
    std::lock_guard guard(m_bellLock);
    if (const auto it = m_bells.find(id); it != m_bells.end()) {
        close(it->second);
        m_bells.erase(it);
    }
}

void Room::ringAll() const
{
    if (!m_segment.isValid())
        return;
    for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
        PeerEntry *e = entry(slot);
        if (slot == m_selfSlot || stateOf(e) != PeerState::Live)
            continue;
        const std::uint64_t nonce = atomic(e->nonce).load(std::memory_order_acquire);
        if (nonce != 0)
            ring(nonce);
    }
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
            writer = std::make_unique<ChannelWriter>(*m_names, m_selfNonce, kind);
        auto published = writer->publish(payload);
        if (!published)
            return Error { published.error() };
        ChannelState &state = entry(m_selfSlot)->channels[index];
        state.capacity = published.value().capacity;
        atomic(state.segmentGeneration).store(published.value().generation, std::memory_order_release);
        atomic(state.latestSeq).store(published.value().seq, std::memory_order_release);
        writer->retirePreviousGeneration();
        ringAll();
        return published.value().seq;
    }
}

Result<std::uint64_t> Room::publishText(const QString &text)
{
    const std::uint64_t started = monotonicNs();
    auto encoded = encodeText(text);
    if (!encoded)
        return Error { encoded.error() };
    PayloadView view;
    view.data = encoded.value().constData();
    view.size = std::size_t(encoded.value().size());
    view.publishMonotonicNs = started;
    return publish(Kind::Text, view);
}

Result<std::uint64_t> Room::publishTelemetry(const Telemetry &telemetry)
{
    const std::uint64_t started = monotonicNs();
    auto encoded = encodeTelemetry(telemetry);
    if (!encoded)
        return Error { encoded.error() };
    PayloadView view;
    view.data = encoded.value().constData();
    view.size = std::size_t(encoded.value().size());
    view.publishMonotonicNs = started;
    return publish(Kind::Telemetry, view);
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

std::uint64_t Room::channelGeneration(PeerId id, Kind kind) const
{
    const auto known = m_known.value(id);
    if (!known || !m_joined)
        return 0;
    PeerEntry *e = entry(known->slot);
    if (atomic(e->nonce).load(std::memory_order_acquire) != id)
        return 0;
    return atomic(e->channels[std::uint32_t(kind)].segmentGeneration).load(std::memory_order_acquire);
}

Result<Update> Room::read(PeerId id, Kind kind)
{
    const auto known = m_known.value(id);
    if (!known)
        return Error { QStringLiteral("That peer is no longer in the room.") };
    auto &reader = known->readers[std::uint32_t(kind)];
    if (!reader)
        reader = std::make_unique<ChannelReader>(*m_names, id, kind);
    // The writer may grow into a new generation between our look at the
    // table and our read; a few retries always catch up with it.
    QString lastError;
    for (int attempt = 0; attempt < 4; ++attempt) {
        const std::uint64_t generation = channelGeneration(id, kind);
        if (generation == 0)
            return Error { QStringLiteral("%1 has not published any %2 yet.")
                                   .arg(known->info.name, kindName(kind)) };
        auto update = reader->read(generation);
        if (update && channelGeneration(id, kind) == generation)
            return update;
        if (!update && update.systemError() != ENOENT)
            return update;
        lastError = update ? QString() : update.error();
    }
    return Error { lastError.isEmpty() ? QStringLiteral("The channel keeps growing while being read.")
                                       : lastError };
}

void Room::acknowledge(PeerId id, Kind kind, std::uint64_t seq)
{
    const auto known = m_known.value(id);
    if (!known || !m_joined)
        return;
    Ack &ack = entry(m_selfSlot)->acks[known->slot];
    if (atomic(ack.writerNonce).load(std::memory_order_relaxed) != id) {
        for (auto &s : ack.seq)
            atomic(s).store(0, std::memory_order_relaxed);
        atomic(ack.writerNonce).store(id, std::memory_order_release);
    }
    auto acked = atomic(ack.seq[std::uint32_t(kind)]);
    if (seq > acked.load(std::memory_order_relaxed)) {
        acked.store(seq, std::memory_order_release);
        if (known->info.live)
            ring(id);
    }
}

Result<RoomObservation> Room::observe(const QString &key)
{
    auto names = RoomNames::fromKey(key);
    if (!names)
        return Error { names.error() };
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
    QString &out = observation.description;
    out += QStringLiteral("segment /dev/shm%1, %2 bytes\n")
                   .arg(QString::fromUtf8(segment.name()))
                   .arg(segment.size());
    out += QStringLiteral("magic 0x%1, protocol version %2, %3 slots of %4 bytes at offset %5\n")
                   .arg(h->magic, 16, 16, QLatin1Char('0'))
                   .arg(h->version)
                   .arg(h->peerCapacity)
                   .arg(h->peerEntrySize)
                   .arg(h->peerTableOffset);
    out += QStringLiteral("key \"%1\", created %2\n")
                   .arg(key, QDateTime::fromMSecsSinceEpoch(qint64(h->createdRealtimeNs / 1000000))
                                     .toString(Qt::ISODateWithMs));
    for (std::uint32_t slot = 0; slot < kMaxPeers; ++slot) {
        PeerEntry *e = table + slot;
        const auto s = snapshot(e);
        if (!s)
            continue;
        PeerInfo info;
        info.id = s->nonce;
        info.name = s->displayName();
        info.pid = s->pid;
        info.live = s->state == PeerState::Live && processAlive(s->pid, s->startTime);
        const char *state = info.live ? "live" : s->state == PeerState::Live ? "dead" : "left";
        out += QStringLiteral("slot %1: %2 \"%3\" id %4 pid %5\n")
                       .arg(slot)
                       .arg(QLatin1StringView(state), info.name)
                       .arg(s->nonce, 16, 16, QLatin1Char('0'))
                       .arg(s->pid);
        for (std::uint32_t kind = 0; kind < kKindCount; ++kind) {
            ChannelState &c = e->channels[kind];
            info.latestSeq[kind] = atomic(c.latestSeq).load(std::memory_order_acquire);
            const std::uint64_t generation = atomic(c.segmentGeneration).load(std::memory_order_acquire);
            if (generation == 0)
                continue;
            out += QStringLiteral("  %1: seq %2, segment generation %3, %4 bytes per buffer\n")
                           .arg(kindName(Kind(kind)))
                           .arg(info.latestSeq[kind])
                           .arg(generation)
                           .arg(c.capacity);
        }
        observation.peers.append(info);
    }
    return observation;
}

} // namespace shmbridge

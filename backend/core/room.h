// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Membership of a room: joining and leaving it, watching its peers come, go
// and publish, publishing our own values and reading theirs. The pieces live
// beside it: the control segment's table (roomtable.h), doorbells
// (doorbell.h), peers' processes (peerwatch.h), channels (channel.h), a
// peer's channel as we read it (peerchannel.h), and a look at a room without
// joining it (roomobservation.h). A Room lives on one thread (its notifiers
// do), but publish*() may be called from any one other thread per kind at a
// time, and a PeerChannel read from any thread. Signals are emitted from the
// event loop only, never from inside join() or leave(), so handlers may call
// back in.
#pragma once

#include "channel.h"
#include "doorbell.h"
#include "layout.h"
#include "liveness.h"
#include "names.h"
#include "payload.h"
#include "peerchannel.h"
#include "peerinfo.h"
#include "peerwatch.h"
#include "result.h"
#include "roomtable.h"
#include "sharedsegment.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QVarLengthArray>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>

class QSocketNotifier;
class QTimer;

namespace shmbridge {

struct RoomPeerEntry; // private bookkeeping of one known peer

class Room : public QObject
{
    Q_OBJECT

public:
    explicit Room(QObject *parent = nullptr);
    ~Room() override;

    // Joins the room, creating it if nobody is in it and recovering it if
    // everybody in it died. Waits at most lockWaitMs for the room lock (0:
    // tries once); when another process holds it longer, fails with
    // systemError EWOULDBLOCK, and the caller may try again later. The
    // peers already there are announced from the event loop.
    Result<void> join(const QString &key, const QString &name, int lockWaitMs = kLockWaitMs);
    // Leaves the room. Our latest values stay readable to the room until its
    // last live peer leaves, which removes every trace of the room. Waits at
    // most kLeaveLockWaitMs for the lock, then leaves without it (the next
    // peer to join tidies up).
    void leave();
    static constexpr int kLeaveLockWaitMs = 100;

    bool isJoined() const { return m_joined; }
    // Looks at the room now and emits what changed since the last look.
    // join() leaves its first look to the event loop; a caller that holds
    // no lock and wants the room's current state at once calls this.
    void refresh() { scan(); }
    // True once someone removed the room's control segment while we were in
    // it (by hand, or a tool): peers that join now meet in a new room.
    bool roomWasRemoved() const { return m_joined && m_segment.isUnlinked(); }
    QString key() const { return m_names ? m_names->key() : QString(); }
    // Where this room's files live, in words (roomhome.h).
    QString name() const { return m_name; }
    PeerId selfId() const { return m_selfId; }
    const RoomNames *names() const { return m_names.get(); }

    // Every other peer known in the room, live or left, in slot order.
    QList<PeerInfo> peers() const;
    std::optional<PeerInfo> peer(PeerId id) const;

    Result<std::uint64_t> publishText(const QString &text);
    Result<std::uint64_t> publishTelemetry(const Telemetry &telemetry);
    Result<std::uint64_t> publishImage(std::uint32_t width, std::uint32_t height,
                                       layout::PixelFormat format, const char *pixels);
    Result<std::uint64_t> publish(layout::Kind kind, PayloadView payload);

    // That peer's channel of that kind, for reading its newest value here or
    // on any other thread (peerchannel.h); null when the peer is unknown.
    // A live peer's is kept, so every read shares one mapping; a left
    // peer's is made anew for each call and unmapped when dropped.
    std::shared_ptr<PeerChannel> channel(PeerId id, layout::Kind kind);
    // Shorthands for channel(id, kind)->read() and channel(id, Image)->lease().
    Result<Update> read(PeerId id, layout::Kind kind);
    Result<LeasedUpdate> leaseImage(PeerId id);
    // Tells the writer we hold its update seq, without blocking anybody.
    void acknowledge(PeerId id, layout::Kind kind, std::uint64_t seq);
    // Where another thread records its leases on that writer's image
    // buffers (lease.h); invalid when the peer is unknown.
    LeaseWord leaseWord(PeerId writer) const;

    static std::uint64_t monotonicNs();
    // How long join() waits for the room lock unless told otherwise.
    static constexpr int kLockWaitMs = int(SHMBRIDGE_LOCK_WAIT_MS);

Q_SIGNALS:
    // What one look at the room found comes in the order it happened: a
    // departing peer's last news, then its leaving, before anyone who came
    // since (a namesake among them) joins and brings its own news.
    void peerJoined(const shmbridge::PeerInfo &peer);
    void peerLeft(const shmbridge::PeerInfo &peer);
    void updateAvailable(shmbridge::PeerId peer, shmbridge::layout::Kind kind, quint64 seq);
    // A peer acknowledged our update seq of that kind: it has it.
    void acknowledged(shmbridge::PeerId peer, shmbridge::layout::Kind kind, quint64 seq);

private:
    layout::RoomHeader *header() const { return roomHeader(m_segment); }
    layout::PeerEntry *entry(std::uint32_t slot) const { return peerEntry(m_segment, slot); }
    RoomPeerEntry *known(PeerId id) const;
    void onBell();
    void onRendezvous();
    // News (updates and acks) in the table since we last looked.
    struct News
    {
        bool delivery; // an ack of ours, else an update of theirs
        bool departing; // from a peer that left since: told before its leaving
        PeerId peer;
        layout::Kind kind;
        std::uint64_t seq;
    };
    using NewsList = QVarLengthArray<News, 3 * layout::kMaxPeers>;
    // Adds what the slot e of a known peer has new to news.
    void collectNews(layout::PeerEntry *e, RoomPeerEntry &known, bool departing, NewsList &news);
    // Emits, in order, the news of departing peers (departing) or of the
    // others; false once a handler has taken us to another session (the
    // rest is then stale).
    bool tell(const NewsList &news, bool departing);
    // The news of the live peers we know, before the walk over the whole
    // table: whether it explains the ring (news, and every known live peer
    // still as we knew it), or a handler took us to another session.
    enum class KnownPeersLook { Explained, Unexplained, LeftTheRoom };
    KnownPeersLook tellNewsOfKnownPeers();
    // Hands our bell to every live peer we have not introduced ourselves to.
    void introduceToLivePeers();
    void scan();
    // A watched peer's process ended: marks its slot left, under the lock.
    void reap(PeerId id);
    // Rings every bell we hold, then knocks at each live peer we hold no
    // bell of; says whether a bell rang.
    bool ringAll() const;
    // Knocks at each live peer of the table whose bell we do not hold.
    void knockAtStrangers() const;
    // Through its bell (true), or else (while we wait for its bell) by
    // introducing ourselves again.
    bool ring(PeerId id) const;
    void shutDown();
    // Makes our acks for the peer in that slot its own, forgetting whatever
    // we acknowledged or leased of the slot's previous owner.
    void adoptAcks(std::uint32_t writerSlot, PeerId writer);
    // The buffers of our image channel's generation that live peers lease.
    std::uint64_t leasedImageBuffers(std::uint64_t generation) const;

    std::unique_ptr<RoomNames> m_names;
    QString m_name;
    SharedSegment m_segment;
    // A second mapping of the control segment, shared with the channels and
    // leases taken through it, so that a reader on another thread, or a
    // lease released after we left, never finds it unmapped.
    std::shared_ptr<SharedSegment> m_tableMapping;
    bool m_joined = false;
    // Bumped by every join and leave: a scan that finds it changed after an
    // emit (a handler left or rejoined) stops emitting the old room's news.
    quint64 m_session = 0;
    std::uint32_t m_selfSlot = 0;
    PeerId m_selfId = 0;
    Doorbell m_doorbell;
    mutable PeerBells m_bells; // rung from publishing threads too
    QSet<PeerId> m_introduced; // peers we handed our bell to
    bool m_introductionsPending = false; // one found its queue full: try again
    QSocketNotifier *m_bellNotifier = nullptr;
    QSocketNotifier *m_rendezvousNotifier = nullptr;
    PeerWatch m_watch; // the processes of the live peers we know
    QHash<PeerId, std::shared_ptr<RoomPeerEntry>> m_known;
    // The known peer each slot held when we last looked (or none): a live
    // one still there needs no identity check, only a look at its news.
    std::array<RoomPeerEntry *, layout::kMaxPeers> m_slotOwners {};
    quint64 m_scans = 0;
    static constexpr int kWalkEvery = 16;
    int m_bellsSinceWalk = 0; // bells answered without a walk over the table
    std::array<std::unique_ptr<ChannelWriter>, layout::kKindCount> m_writers;
    std::array<std::mutex, layout::kKindCount> m_writerLocks;
};

} // namespace shmbridge


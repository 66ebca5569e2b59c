// Membership of a room: the control segment with its peer table, the
// doorbells that wake peers, liveness, delivery acknowledgements and the
// peer's own channels. A Room lives on one thread (its notifiers do), but
// publish*() may be called from any one other thread per kind at a time.
#pragma once

#include "channel.h"
#include "layout.h"
#include "names.h"
#include "payload.h"
#include "result.h"
#include "sharedsegment.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

class QSocketNotifier;
class QTimer;

namespace shmbridge {

using PeerId = quint64;

struct PeerInfo
{
    PeerId id = 0;
    QString name;
    qint64 pid = 0;
    bool live = false;
    std::array<std::uint64_t, layout::kKindCount> latestSeq {}; // newest seen per kind
    std::array<std::uint64_t, layout::kKindCount> acked {}; // what it read of ours
};

// A read-only look at a room: its peers, and a dump of header and slots.
struct RoomObservation
{
    QList<PeerInfo> peers;
    QString description;
};

struct RoomPeerEntry; // private bookkeeping of one known peer

class Room : public QObject
{
    Q_OBJECT

public:
    explicit Room(QObject *parent = nullptr);
    ~Room() override;

    // Joins the room, creating it if nobody is in it and recovering it if
    // everybody in it died. Waits at most lockTimeoutMs for the room lock.
    Result<void> join(const QString &key, const QString &name);
    // Leaves the room. Our latest values stay readable to the room until its
    // last live peer leaves, which removes every trace of the room.
    void leave();

    bool isJoined() const { return m_joined; }
    // True once someone removed the room's control segment while we were in
    // it (by hand, or a tool): peers that join now meet in a new room.
    bool roomWasRemoved() const { return m_joined && m_segment.isUnlinked(); }
    QString key() const { return m_names ? m_names->key() : QString(); }
    QString name() const { return m_name; }
    PeerId selfId() const { return m_selfNonce; }
    const RoomNames *names() const { return m_names.get(); }

    // Every other peer known in the room, live or left, in slot order.
    QList<PeerInfo> peers() const;
    std::optional<PeerInfo> peer(PeerId id) const;

    Result<std::uint64_t> publishText(const QString &text);
    Result<std::uint64_t> publishTelemetry(const Telemetry &telemetry);
    Result<std::uint64_t> publishImage(std::uint32_t width, std::uint32_t height,
                                       layout::PixelFormat format, const char *pixels);
    Result<std::uint64_t> publish(layout::Kind kind, PayloadView payload);

    // Reads the newest value of that peer and kind, on the Room's thread.
    Result<Update> read(PeerId id, layout::Kind kind);
    // Where another thread can read the same value with its own ChannelReader.
    std::uint64_t channelGeneration(PeerId id, layout::Kind kind) const;
    // Tells the writer we hold its update seq, without blocking anybody.
    void acknowledge(PeerId id, layout::Kind kind, std::uint64_t seq);

    // Looks at a room read-only, without joining it or creating it.
    static Result<RoomObservation> observe(const QString &key);

    static std::uint64_t monotonicNs();
    static int lockTimeoutMs;

Q_SIGNALS:
    void peerJoined(const shmbridge::PeerInfo &peer);
    void peerLeft(const shmbridge::PeerInfo &peer);
    void updateAvailable(shmbridge::PeerId peer, shmbridge::layout::Kind kind, quint64 seq);
    void delivered(shmbridge::PeerId peer, shmbridge::layout::Kind kind, quint64 seq);
    void errorOccurred(const QString &message);

private:
    layout::RoomHeader *header() const;
    layout::PeerEntry *entry(std::uint32_t slot) const;
    Result<void> attachAndClaim(const QByteArray &nameUtf8);
    Result<void> bindDoorbell();
    void onDoorbell();
    void scan();
    void watchLiveness(RoomPeerEntry &known);
    void reap(PeerId id);
    void sweepLiveness();
    void ring(PeerId id) const;
    void forgetBell(PeerId id);
    void ringAll() const;
    void shutDown();

    std::unique_ptr<RoomNames> m_names;
    QString m_name;
    SharedSegment m_segment;
    bool m_joined = false;
    std::uint32_t m_selfSlot = 0;
    PeerId m_selfNonce = 0;
    int m_doorbellFd = -1;
    mutable std::mutex m_bellLock; // ring() runs on publishing threads too
    mutable std::unordered_map<PeerId, int> m_bells; // connected sockets, by peer
    QSocketNotifier *m_doorbellNotifier = nullptr;
    QTimer *m_livenessTimer = nullptr; // only where pidfd_open is unavailable
    QHash<PeerId, std::shared_ptr<RoomPeerEntry>> m_known;
    std::array<std::unique_ptr<ChannelWriter>, layout::kKindCount> m_writers;
    std::array<std::mutex, layout::kKindCount> m_writerLocks;
};

// Liveness of a process identified by pid and start time (tells pid reuse apart).
std::uint64_t processStartTime(qint64 pid);
bool processAlive(qint64 pid, std::uint64_t startTime);

} // namespace shmbridge

Q_DECLARE_METATYPE(shmbridge::PeerInfo)

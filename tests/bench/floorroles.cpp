// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The floor: the least a Qt program woken through its event loop can take
// to see another process's update (one eventfd each way, a QSocketNotifier
// in the reader's main thread), and a writer that serves the floor and a
// ShmBridge reader in turns, update by update.
#include "roles.h"

#include "room.h"
#include "roleutil.h"
#include "sharedmemorybridge.h"
#include "stats.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>
#include <utility>
#include <optional>
#include <random>
#include <algorithm>
#include <atomic>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace bench {

using shmbridge::Room;

namespace {

// A descriptor of that kind that never becomes readable while the floor
// runs, or -1 for a kind it does not know. What keeps it quiet stays open
// for the process's life: the socket's other end (closed, it would report
// an error) and the epoll's pidfd.
int quietDescriptor(const QString &kind)
{
    if (kind == QLatin1String("eventfd"))
        return eventfd(0, EFD_CLOEXEC);
    if (kind == QLatin1String("socket")) { // a datagram socket, as the rendezvous is
        int pair[2];
        return socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair) == 0 ? pair[0] : -1;
    }
    if (kind == QLatin1String("inotify")) { // watching a file nobody removes
        const int fd = inotify_init1(IN_CLOEXEC);
        if (fd >= 0)
            inotify_add_watch(fd, "/proc/self/exe", IN_DELETE_SELF | IN_ATTRIB);
        return fd;
    }
    if (kind == QLatin1String("epoll")) { // with the pidfd of a process that stays
        const int fd = epoll_create1(EPOLL_CLOEXEC);
        const int pidfd = int(syscall(SYS_pidfd_open, getppid(), 0));
        epoll_event event {};
        event.events = EPOLLIN;
        if (fd >= 0 && pidfd >= 0)
            epoll_ctl(fd, EPOLL_CTL_ADD, pidfd, &event);
        return fd;
    }
    return -1;
}

// What the floor does besides its own eventfd (the plain floor has none of
// it): what its reader polls or touches, for measuring what a bridge's
// surroundings cost a wake-up, and whether it carries the text.
struct Surroundings
{
    // As many more quiet eventfds, as a room adds descriptors; with
    // viaEpoll, all of them and the floor's own behind one epoll instead.
    int extraFds = 0;
    bool viaEpoll = false;
    // One quiet descriptor of each kind named (quietDescriptor).
    QStringList extraKinds;
    // A SharedMemoryBridge in this room, where the writer is a peer.
    QString roomKey;
    // As many pages of its own (4 KiB, never huge), one word of each read
    // before it answers, each found through the one before in a shuffled
    // order: what a larger working set costs a reader woken from idle.
    int touchPages = 0;
    // The same pages read after it has answered instead: what a reader's
    // work after its handler costs its next wake-up.
    bool touchAfter = false;
    // The floor carries the text too (--carry-text): its writer makes each
    // update's text as ShmBridge's writer does (stampedText) and copies its
    // UTF-8 into shared memory under a sequence lock before it rings; its
    // reader copies it out into a QString and takes the time from the
    // stamp in it, as ShmBridge's reader does. The least any design moving
    // a value through shared memory does, beside the plain floor's wake-up.
    bool carryText = false;
};

// A chain through `pages` pages of fresh memory in a shuffled order: each
// page holds the address of the next, at a different offset in each, so no
// read can start before the one before it ends, nor be prefetched.
class PageChain
{
public:
    explicit PageChain(int pages)
    {
        if (pages <= 0)
            return;
        const std::size_t page = 4096;
        m_size = std::size_t(pages) * page;
        void *memory = mmap(nullptr, m_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED)
            qFatal("--touch-pages: cannot map %d pages: %s", pages, strerror(errno));
        m_memory = static_cast<char *>(memory);
        madvise(m_memory, m_size, MADV_NOHUGEPAGE);
        std::vector<int> order(std::size_t(pages), 0);
        for (int i = 0; i < pages; ++i)
            order[std::size_t(i)] = i;
        std::mt19937 shuffle(1);
        std::shuffle(order.begin(), order.end(), shuffle);
        const auto at = [&](std::size_t i) { return m_memory + std::size_t(order[i]) * page + (i % 60) * 64; };
        for (std::size_t i = 0; i < order.size(); ++i)
            *reinterpret_cast<char **>(at(i)) = i + 1 < order.size() ? at(i + 1) : nullptr;
        m_first = at(0);
    }
    ~PageChain()
    {
        if (m_memory)
            munmap(m_memory, m_size);
    }
    PageChain(const PageChain &) = delete;
    PageChain &operator=(const PageChain &) = delete;

    // Follows the chain to its end; the pages it went through.
    int follow() const
    {
        int pages = 0;
        for (char *at = m_first; at; at = *reinterpret_cast<char *const volatile *>(at))
            ++pages;
        return pages;
    }

private:
    char *m_memory = nullptr;
    std::size_t m_size = 0;
    char *m_first = nullptr;
};

// The floor's path: a reader process forked by start(), woken in its Qt main
// thread by a QSocketNotifier on one eventfd, answering on another. ring()
// is one update: stamp, write, and block until the reader has answered, as
// the floor's writer always has.
class FloorPath
{
public:
    ~FloorPath()
    {
        if (m_child > 0) {
            kill(m_child, SIGKILL);
            waitpid(m_child, nullptr, 0);
        }
    }

    // False, with the reason on stderr, if the reader could not be started.
    bool start(int count, const Surroundings &surroundings)
    {
        if (count < 1) {
            QTextStream(stderr) << "--count: the floor needs at least one update" << Qt::endl;
            return false;
        }
        m_count = count;
        m_carryText = surroundings.carryText;
        m_toReader = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        m_toWriter = eventfd(0, EFD_CLOEXEC);
        void *shared = mmap(nullptr, sizeof(Shared) + sizeof(double) * std::size_t(count), PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (m_toReader < 0 || m_toWriter < 0 || shared == MAP_FAILED) {
            QTextStream(stderr) << "the floor: " << strerror(errno) << Qt::endl;
            return false;
        }
        m_shared = static_cast<Shared *>(shared);
        m_child = fork();
        if (m_child < 0) {
            QTextStream(stderr) << "the floor: fork: " << strerror(errno) << Qt::endl;
            return false;
        }
        if (m_child == 0) {
            read(surroundings);
            _exit(0);
        }
        return true;
    }

    // False if the reader did not answer within 10 s (it died, or hangs).
    bool ring()
    {
        if (m_carryText)
            carry(stampedText().toUtf8());
        else
            m_shared->sentUs = nowUs();
        eventfd_write(m_toReader, 1);
        pollfd answer { m_toWriter, POLLIN, 0 };
        if (poll(&answer, 1, 10000) != 1) {
            QTextStream(stderr) << "the floor's reader did not answer" << Qt::endl;
            return false;
        }
        eventfd_t value;
        eventfd_read(m_toWriter, &value);
        return true;
    }

    // Once every update has been rung: the reader's latencies, and its page
    // faults per update.
    QJsonObject finish()
    {
        waitpid(m_child, nullptr, 0);
        m_child = 0;
        return { { QStringLiteral("latency_us"), summarize(QList<double>(m_shared->latencies, m_shared->latencies + m_count)) },
                 { QStringLiteral("minor_faults_per_update"), m_shared->readerFaultsPerUpdate } };
    }

private:
    struct Shared
    {
        double sentUs;
        double readerFaultsPerUpdate;
        // --carry-text: the text, under a sequence lock (odd while written).
        std::atomic<std::uint64_t> textVersion;
        std::uint32_t textSize;
        char text[64];
        double latencies[1];
    };

    void carry(const QByteArray &utf8)
    {
        const std::uint64_t version = m_shared->textVersion.load(std::memory_order_relaxed);
        m_shared->textVersion.store(version + 1, std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_release);
        m_shared->textSize = std::uint32_t(std::min<qsizetype>(utf8.size(), sizeof m_shared->text));
        std::memcpy(m_shared->text, utf8.constData(), m_shared->textSize);
        m_shared->textVersion.store(version + 2, std::memory_order_release);
    }

    // The text as the writer left it, copied out under the sequence lock.
    QString carried() const
    {
        char copy[sizeof m_shared->text];
        // The writer writes only after the last answer: a torn copy means a
        // broken bench, not a race to wait out.
        for (int attempt = 0; attempt < 1000; ++attempt) {
            const std::uint64_t before = m_shared->textVersion.load(std::memory_order_acquire);
            const std::uint32_t size = std::min<std::uint32_t>(m_shared->textSize, sizeof copy);
            std::memcpy(copy, m_shared->text, size);
            std::atomic_thread_fence(std::memory_order_acquire);
            if (before % 2 == 0 && m_shared->textVersion.load(std::memory_order_relaxed) == before)
                return QString::fromUtf8(copy, size);
        }
        qFatal("the floor's reader never found the text whole");
    }

    void read(const Surroundings &surroundings)
    {
        int received = 0;
        long faultsAtFirst = 0;
        const int epoll = surroundings.viaEpoll ? epoll_create1(EPOLL_CLOEXEC) : -1;
        const auto addToEpoll = [&](int fd) {
            epoll_event event {};
            event.events = EPOLLIN;
            event.data.fd = fd;
            epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
        };
        if (surroundings.viaEpoll)
            addToEpoll(m_toReader);
        QSocketNotifier notifier(surroundings.viaEpoll ? epoll : m_toReader, QSocketNotifier::Read);
        std::vector<std::unique_ptr<QSocketNotifier>> quiet;
        for (int i = 0; i < surroundings.extraFds; ++i) {
            const int fd = eventfd(0, EFD_CLOEXEC);
            if (surroundings.viaEpoll)
                addToEpoll(fd);
            else
                quiet.push_back(std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read));
        }
        for (const QString &kind : surroundings.extraKinds)
            quiet.push_back(std::make_unique<QSocketNotifier>(quietDescriptor(kind), QSocketNotifier::Read));
        const PageChain chain(surroundings.touchPages);
        QObject::connect(&notifier, &QSocketNotifier::activated, [&] {
            const auto touch = [&] {
                if (chain.follow() != surroundings.touchPages)
                    qFatal("the floor's reader lost its chain of pages");
            };
            if (!surroundings.touchAfter)
                touch();
            eventfd_t value;
            eventfd_read(m_toReader, &value);
            m_shared->latencies[received++] = surroundings.carryText ? usSinceStamped(carried()) : nowUs() - m_shared->sentUs;
            if (received == 1)
                faultsAtFirst = minorFaults();
            if (received == m_count)
                m_shared->readerFaultsPerUpdate = perUpdate(faultsAtFirst, minorFaults(), m_count);
            eventfd_write(m_toWriter, 1);
            if (surroundings.touchAfter)
                touch();
            if (received == m_count)
                QCoreApplication::exit(0);
        });
        std::optional<SharedMemoryBridge> bridge;
        if (!surroundings.roomKey.isEmpty()) {
            bridge.emplace();
            bridge->setName(QStringLiteral("floor-reader"));
            bridge->setKey(surroundings.roomKey);
            watchdog(300); // as every ShmBridge reader of the bench has
        }
        QCoreApplication::exec();
    }

    int m_count = 0;
    bool m_carryText = false;
    int m_toReader = -1;
    int m_toWriter = -1;
    Shared *m_shared = nullptr;
    pid_t m_child = 0;
};

// The surroundings the options name: --extra-fds, --via-epoll,
// --extra-kinds, --touch-pages, --touch-after and --carry-text (none by
// default); nothing for a kind it cannot make, or a number of pages out of
// bounds.
std::optional<Surroundings> surroundingsOf(const QCommandLineParser &o)
{
    Surroundings surroundings;
    surroundings.extraFds = option(o, "extra-fds");
    surroundings.viaEpoll = option(o, "via-epoll") != 0;
    surroundings.touchPages = option(o, "touch-pages");
    surroundings.touchAfter = option(o, "touch-after") != 0;
    surroundings.carryText = option(o, "carry-text") != 0;
    if (surroundings.touchPages < 0 || surroundings.touchPages > 65536) {
        QTextStream(stderr) << "--touch-pages: from 0 to 65536 pages (256 MiB)" << Qt::endl;
        return std::nullopt;
    }
    if (o.isSet(QStringLiteral("extra-kinds")))
        surroundings.extraKinds = text(o, "extra-kinds").split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &kind : std::as_const(surroundings.extraKinds)) {
        const int fd = quietDescriptor(kind);
        if (fd < 0) {
            QTextStream(stderr) << "--extra-kinds: cannot make a quiet descriptor of the kind \"" << kind
                                << "\" (socket, inotify, epoll, eventfd)" << Qt::endl;
            return std::nullopt;
        }
        close(fd);
    }
    return surroundings;
}

// --role floor: the floor's writer, idle-ms before each update, and its
// reader, in the surroundings the options name; with --key K, also beside a
// SharedMemoryBridge in room K.
int floorRole(const QCommandLineParser &o)
{
    const int count = option(o, "count");
    const int idleMs = option(o, "idle-ms");
    std::optional<Surroundings> surroundings = surroundingsOf(o);
    if (!surroundings)
        return 2;
    if (const QString key = text(o, "key"); key != QLatin1String("0"))
        surroundings->roomKey = key;
    FloorPath floor;
    if (!floor.start(count, *surroundings))
        return 1;
    // Joined after the fork: a child would poll this Room's descriptors too.
    std::optional<Room> writerInRoom;
    if (!surroundings->roomKey.isEmpty() && !writerInRoom.emplace().join(surroundings->roomKey, QStringLiteral("floor-writer")))
        return 1;
    for (int i = 0; i < count; ++i) {
        if (idleMs > 0)
            usleep(useconds_t(idleMs * 1000));
        if (!floor.ring())
            return 1;
    }
    return report(floor.finish());
}

// --role paired-writer: one update to the floor's reader, then one through
// a SharedMemoryBridge in room --key (to a text-reader, or `shmbridge-cli
// watch`), and so on, idle-ms before each. The floor's reader is plain, or
// in the surroundings --extra-fds, --via-epoll, --extra-kinds,
// --touch-pages, --touch-after and --carry-text name.
// How fast a sleeping process wakes here changes from one second to the
// next (the floor's p50 over 500 updates jumps between 5 and 11 µs and
// back, many times a run), by more than the gap measured; updates in turns
// meet the same moods, so their ratio is the path's, not the machine's.
int pairedWriter(const QCommandLineParser &o)
{
    const int count = option(o, "count");
    const int idleMs = option(o, "idle-ms");
    const std::optional<Surroundings> surroundings = surroundingsOf(o);
    if (!surroundings)
        return 2;
    FloorPath floor;
    if (!floor.start(count, *surroundings)) // forked before the bridge exists
        return 1;
    SharedMemoryBridge bridge;
    bridge.setName(QStringLiteral("writer"));
    bridge.setKey(text(o, "key"));
    int sent = 0;
    long faultsAtFirst = 0;
    long faultsAtLast = 0;
    const auto send = [&] {
        if (sent == 0)
            faultsAtFirst = minorFaults();
        ++sent;
        bridge.writeText(stampedText());
    };
    const std::function<void()> floorThenText = [&] {
        if (floor.ring())
            after(idleMs, send);
        else
            QCoreApplication::exit(1);
    };
    QObject::connect(&bridge, &SharedMemoryBridge::seen, [&](const QString &, const QString &, quint64 seq) {
        if (seq != quint64(sent))
            return;
        if (sent == count) {
            faultsAtLast = minorFaults();
            QCoreApplication::exit(0);
            return;
        }
        after(idleMs, floorThenText);
    });
    bool started = false;
    const auto start = [&] {
        if (bridge.peerCount() >= 1 && !std::exchange(started, true))
            after(100, floorThenText);
    };
    QObject::connect(&bridge, &SharedMemoryBridge::peerCountChanged, start);
    start();
    watchdog(300);
    if (const int code = QCoreApplication::exec(); code != 0)
        return code;
    return report({ { QStringLiteral("floor"), floor.finish() },
                    { QStringLiteral("minor_faults_per_update"), perUpdate(faultsAtFirst, faultsAtLast, sent) } });
}

} // namespace

int runFloorRole(const QString &role, const QCommandLineParser &options)
{
    if (role == QLatin1String("floor"))
        return floorRole(options);
    if (role == QLatin1String("paired-writer"))
        return pairedWriter(options);
    return -1;
}

} // namespace bench

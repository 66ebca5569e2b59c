// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "doorbell.h"

#include "layout.h"

#include <QRandomGenerator>
#include <QString>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <dirent.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace shmbridge {

namespace {

Error socketError(const char *what)
{
    return Error { QStringLiteral("%1: %2").arg(QLatin1StringView(what), QString::fromLocal8Bit(std::strerror(errno))),
                   errno };
}

// A socket address for a path, or nothing if it does not fit (the room home
// checks its length, so this is a defence, not an expected case).
bool pathAddress(const QByteArray &path, sockaddr_un *address, socklen_t *length)
{
    *address = sockaddr_un {};
    address->sun_family = AF_UNIX;
    if (std::size_t(path.size()) >= sizeof address->sun_path)
        return false;
    std::memcpy(address->sun_path, path.constData(), std::size_t(path.size()));
    *length = socklen_t(offsetof(sockaddr_un, sun_path) + std::size_t(path.size()) + 1);
    return true;
}

// Only an eventfd, and a non-blocking one, may be written from a publish:
// anything else handed to us (a pipe, a socket) could block the writer.
bool isNonBlockingEventfd(int fd)
{
    char link[64] = {};
    const QByteArray proc = "/proc/self/fd/" + QByteArray::number(fd);
    const ssize_t size = readlink(proc.constData(), link, sizeof link - 1);
    if (size <= 0 || std::strcmp(link, "anon_inode:[eventfd]") != 0)
        return false;
    const int flags = fcntl(fd, F_GETFL);
    return flags >= 0 && (flags & O_NONBLOCK) != 0;
}

} // namespace

Result<std::uint64_t> Doorbell::open(const RoomNames &names)
{
    close();
    m_bell = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_bell < 0)
        return socketError("Cannot create a doorbell (eventfd)");
    m_rendezvous = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_rendezvous < 0)
        return socketError("Cannot create a rendezvous socket");
    const int on = 1;
    if (setsockopt(m_rendezvous, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) != 0)
        return socketError("Cannot ask for the senders of rendezvous messages");
    for (int attempt = 0; attempt < 4; ++attempt) {
        std::uint64_t id = 0;
        do {
            id = QRandomGenerator::system()->generate64();
        } while (id == 0);
        const QByteArray path = names.rendezvousSocket(id);
        sockaddr_un address;
        socklen_t length = 0;
        if (!pathAddress(path, &address, &length))
            return Error { QStringLiteral("The rendezvous socket's path %1 is too long.").arg(QString::fromUtf8(path)) };
        if (::bind(m_rendezvous, reinterpret_cast<const sockaddr *>(&address), length) == 0) {
            m_path = path;
            // The home is closed to others already; owner-only like every
            // other file of a room, whatever the umask.
            chmod(path.constData(), 0600);
            return id;
        }
        if (errno != EADDRINUSE)
            break;
    }
    return socketError("Cannot bind a rendezvous socket");
}

void Doorbell::close()
{
    if (m_rendezvous >= 0)
        ::close(m_rendezvous);
    if (!m_path.isEmpty())
        unlink(m_path.constData());
    if (m_bell >= 0)
        ::close(m_bell);
    m_rendezvous = m_bell = -1;
    m_path.clear();
}

std::uint64_t Doorbell::takeRings()
{
    std::uint64_t count = 0;
    if (m_bell < 0 || read(m_bell, &count, sizeof count) != sizeof count)
        return 0;
    return count;
}

QList<Doorbell::Hello> Doorbell::receive()
{
    QList<Hello> hellos;
    const uid_t me = geteuid();
    for (int i = 0; i < kBatch && m_rendezvous >= 0; ++i) {
        layout::Hello message {};
        char spare; // a longer datagram is malformed: this byte shows it
        iovec data[2] = { { &message, sizeof message }, { &spare, 1 } };
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred)) + CMSG_SPACE(4 * sizeof(int))];
        msghdr header {};
        header.msg_iov = data;
        header.msg_iovlen = 2;
        header.msg_control = control;
        header.msg_controllen = sizeof control;
        const ssize_t size = recvmsg(m_rendezvous, &header, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
        if (size < 0)
            break; // EAGAIN: nothing more queued
        std::optional<ucred> sender;
        QList<int> fds;
        for (cmsghdr *c = CMSG_FIRSTHDR(&header); c; c = CMSG_NXTHDR(&header, c)) {
            if (c->cmsg_level != SOL_SOCKET)
                continue;
            if (c->cmsg_type == SCM_CREDENTIALS && c->cmsg_len >= CMSG_LEN(sizeof(ucred))) {
                ucred credentials {};
                std::memcpy(&credentials, CMSG_DATA(c), sizeof credentials);
                sender = credentials;
            } else if (c->cmsg_type == SCM_RIGHTS) {
                const std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                for (std::size_t k = 0; k < count; ++k) {
                    int fd;
                    std::memcpy(&fd, CMSG_DATA(c) + k * sizeof(int), sizeof fd);
                    fds.append(fd);
                }
            }
        }
        const bool good = size == sizeof message && !(header.msg_flags & (MSG_CTRUNC | MSG_TRUNC))
                && sender && sender->uid == me && fds.size() == 1 && message.magic == layout::kHelloMagic
                && message.nonce != 0 && isNonBlockingEventfd(fds.first());
        if (!good) {
            for (const int fd : std::as_const(fds))
                ::close(fd);
            continue;
        }
        hellos.append(Hello { message.nonce, sender->pid, fds.first() });
    }
    return hellos;
}

int Doorbell::removeAbandonedSockets(const RoomNames &names)
{
    const QByteArray directory = names.home().path;
    const QByteArray stem = names.stem() + '-';
    DIR *dir = opendir(directory.constData());
    if (!dir)
        return 0;
    int removed = 0;
    while (const dirent *entry = readdir(dir)) {
        const QByteArray name(entry->d_name);
        if (!name.startsWith(stem) || !name.endsWith(".sock"))
            continue;
        struct stat info {};
        if (fstatat(dirfd(dir), entry->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISSOCK(info.st_mode)
            || info.st_uid != geteuid())
            continue; // not a socket of ours: leave it
        sockaddr_un address;
        socklen_t length = 0;
        if (!pathAddress(directory + '/' + name, &address, &length))
            continue;
        const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            break;
        // ECONNREFUSED: the path is there, but no socket is bound to it.
        const bool abandoned = ::connect(fd, reinterpret_cast<const sockaddr *>(&address), length) != 0
                && errno == ECONNREFUSED;
        ::close(fd);
        if (abandoned && unlinkat(dirfd(dir), entry->d_name, 0) == 0)
            ++removed;
    }
    closedir(dir);
    return removed;
}

Result<void> Doorbell::introduce(const RoomNames &names, std::uint64_t peer, std::uint64_t me) const
{
    sockaddr_un address;
    socklen_t length = 0;
    if (!pathAddress(names.rendezvousSocket(peer), &address, &length))
        return Error { QStringLiteral("A rendezvous socket's path is too long."), ENAMETOOLONG };
    const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return socketError("Cannot create a socket to meet a peer");
    layout::Hello message { layout::kHelloMagic, me };
    iovec data { &message, sizeof message };
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr header {};
    header.msg_name = &address;
    header.msg_namelen = length;
    header.msg_iov = &data;
    header.msg_iovlen = 1;
    header.msg_control = control;
    header.msg_controllen = sizeof control;
    cmsghdr *c = CMSG_FIRSTHDR(&header);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &m_bell, sizeof m_bell);
    const bool sent = sendmsg(fd, &header, MSG_DONTWAIT | MSG_NOSIGNAL) == ssize_t(sizeof message);
    const int code = errno;
    ::close(fd);
    if (!sent) {
        errno = code;
        return socketError("Cannot meet a peer");
    }
    return {};
}

void PeerBells::adopt(std::uint64_t id, int fd)
{
    std::lock_guard guard(m_lock);
    auto [it, inserted] = m_bells.try_emplace(id, fd);
    if (!inserted) {
        ::close(it->second);
        it->second = fd;
    }
}

bool PeerBells::has(std::uint64_t id) const
{
    std::lock_guard guard(m_lock);
    return m_bells.count(id) != 0;
}

bool PeerBells::ring(std::uint64_t id)
{
    std::lock_guard guard(m_lock);
    const auto it = m_bells.find(id);
    if (it == m_bells.end())
        return false;
    // EAGAIN only when the count would overflow: the peer has rings pending
    // anyway.
    (void)eventfd_write(it->second, 1);
    return true;
}

bool PeerBells::ringAll()
{
    std::lock_guard guard(m_lock);
    for (const auto &[id, fd] : m_bells)
        (void)eventfd_write(fd, 1);
    return !m_bells.empty();
}

void PeerBells::forget(std::uint64_t id)
{
    std::lock_guard guard(m_lock);
    if (const auto it = m_bells.find(id); it != m_bells.end()) {
        ::close(it->second);
        m_bells.erase(it);
    }
}

void PeerBells::keepOnly(const quint64 *ids, std::size_t count)
{
    std::lock_guard guard(m_lock);
    for (auto it = m_bells.begin(); it != m_bells.end();) {
        if (std::find(ids, ids + count, it->first) != ids + count) {
            ++it;
            continue;
        }
        ::close(it->second);
        it = m_bells.erase(it);
    }
}

void PeerBells::clear()
{
    std::lock_guard guard(m_lock);
    for (const auto &[id, fd] : m_bells)
        ::close(fd);
    m_bells.clear();
}

} // namespace shmbridge

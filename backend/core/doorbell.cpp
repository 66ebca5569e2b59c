#include "doorbell.h"

#include <QRandomGenerator>
#include <QString>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace shmbridge {

namespace {

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

Error socketError(const char *what)
{
    return Error { QStringLiteral("%1: %2").arg(QLatin1StringView(what), QString::fromLocal8Bit(std::strerror(errno))),
                   errno };
}

} // namespace

Result<std::uint64_t> Doorbell::bind(const QByteArray &prefix)
{
    close();
    m_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return socketError("Cannot create a doorbell socket");
    const int on = 1;
    if (setsockopt(m_fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) != 0)
        return socketError("Cannot ask for the senders of doorbell rings");
    for (int attempt = 0; attempt < 4; ++attempt) {
        std::uint64_t nonce = 0;
        do {
            nonce = QRandomGenerator::system()->generate64();
        } while (nonce == 0);
        socklen_t length = 0;
        const sockaddr_un address = doorbellAddress(prefix, nonce, &length);
        if (::bind(m_fd, reinterpret_cast<const sockaddr *>(&address), length) == 0)
            return nonce;
        if (errno != EADDRINUSE)
            break;
    }
    return socketError("Cannot bind a doorbell socket");
}

void Doorbell::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

Doorbell::Rings Doorbell::drain()
{
    Rings rings;
    const uid_t me = geteuid();
    for (int i = 0; i < kBatch; ++i) {
        char bell[16];
        iovec data { bell, sizeof bell };
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred))];
        msghdr message {};
        message.msg_iov = &data;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        if (recvmsg(m_fd, &message, MSG_DONTWAIT) < 0)
            break; // EAGAIN: nothing more queued
        bool ours = false;
        for (cmsghdr *header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
            if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_CREDENTIALS) {
                ucred sender {};
                std::memcpy(&sender, CMSG_DATA(header), sizeof sender);
                ours = sender.uid == me;
            }
        }
        ++(ours ? rings.own : rings.foreign);
    }
    return rings;
}

void PeerBells::ring(const QByteArray &prefix, std::uint64_t nonce)
{
    std::lock_guard guard(m_lock);
    auto it = m_sockets.find(nonce);
    if (it == m_sockets.end()) {
        const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        socklen_t length = 0;
        const sockaddr_un address = doorbellAddress(prefix, nonce, &length);
        if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr *>(&address), length) != 0) {
            if (fd >= 0)
                ::close(fd);
            return; // no doorbell: the peer is gone, and the next scan will say so
        }
        it = m_sockets.emplace(nonce, fd).first;
    }
    const char bell = 1;
    if (send(it->second, &bell, 1, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 && errno != EAGAIN) {
        ::close(it->second); // its doorbell closed; a rejoin would bring a new nonce anyway
        m_sockets.erase(it);
    }
}

void PeerBells::forget(std::uint64_t nonce)
{
    std::lock_guard guard(m_lock);
    if (const auto it = m_sockets.find(nonce); it != m_sockets.end()) {
        ::close(it->second);
        m_sockets.erase(it);
    }
}

void PeerBells::keepOnly(const quint64 *nonces, std::size_t count)
{
    std::lock_guard guard(m_lock);
    for (auto it = m_sockets.begin(); it != m_sockets.end();) {
        if (std::find(nonces, nonces + count, it->first) != nonces + count) {
            ++it;
            continue;
        }
        ::close(it->second);
        it = m_sockets.erase(it);
    }
}

void PeerBells::clear()
{
    std::lock_guard guard(m_lock);
    for (const auto &[nonce, fd] : m_sockets)
        ::close(fd);
    m_sockets.clear();
}

} // namespace shmbridge

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Doorbells (doorbell.h): a peer's bell handed over its rendezvous socket
// rings it; anything else sent there (a wrong magic, no descriptor, two,
// one that could block a publish) is dropped with its descriptors closed;
// a socket nobody holds any more is removed, one still held stays.
#include "doorbell.h"
#include "layout.h"
#include "names.h"

#include <QDir>
#include <QRandomGenerator>
#include <QTest>

#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace shmbridge;

namespace {

RoomNames freshRoom()
{
    return RoomNames::fromKey(QStringLiteral("doorbell-%1").arg(QRandomGenerator::global()->generate())).value();
}

int openDescriptors()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size());
}

// A datagram to a rendezvous socket, carrying these descriptors.
bool sendRaw(const QByteArray &path, std::uint64_t magic, std::uint64_t id, const QList<int> &fds)
{
    const int sender = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.constData(), std::size_t(path.size()));
    const layout::Hello hello { magic, id };
    iovec data { const_cast<layout::Hello *>(&hello), sizeof hello };
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)] = {};
    msghdr message {};
    message.msg_name = &address;
    message.msg_namelen = sizeof address;
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    if (!fds.isEmpty()) {
        message.msg_control = control;
        message.msg_controllen = CMSG_SPACE(sizeof(int) * std::size_t(fds.size()));
        cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * std::size_t(fds.size()));
        std::memcpy(CMSG_DATA(header), fds.constData(), sizeof(int) * std::size_t(fds.size()));
    }
    const bool sent = sendmsg(sender, &message, MSG_DONTWAIT) == ssize_t(sizeof hello);
    close(sender);
    return sent;
}

} // namespace

class TestDoorbell : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aBellHandedOverRingsItsOwner()
    {
        const RoomNames names = freshRoom();
        Doorbell alice;
        Doorbell bob;
        const auto aliceId = alice.open(names);
        const auto bobId = bob.open(names);
        QVERIFY2(aliceId && bobId, "opening a doorbell failed");
        QVERIFY(QFile::exists(QFile::decodeName(names.rendezvousSocket(aliceId.value()))));
        QVERIFY(!alice.takeRings());
        QVERIFY(alice.introduce(names, bobId.value(), aliceId.value()));
        // The knock itself wakes bob: his event loop watches the socket too.
        pollfd knock { bob.rendezvousFd(), POLLIN, 0 };
        QCOMPARE(poll(&knock, 1, 0), 1);
        const QList<Doorbell::Hello> hellos = bob.receive();
        QCOMPARE(hellos.size(), 1);
        QCOMPARE(hellos.first().id, aliceId.value());
        QCOMPARE(hellos.first().pid, qint64(getpid()));
        PeerBells bells;
        QVERIFY(!bells.ring(aliceId.value())); // not adopted yet: the caller knocks instead
        bells.adopt(aliceId.value(), hellos.first().fd);
        QVERIFY(bells.has(aliceId.value()));
        QVERIFY(bells.ring(aliceId.value()));
        QVERIFY(bells.ring(aliceId.value()));
        QCOMPARE(alice.takeRings(), 2u); // two rings, one wake, and a count the room rescans on
        QCOMPARE(alice.takeRings(), 0u);
        QVERIFY(bells.ringAll()); // every bell held, alice's among them
        QCOMPARE(alice.takeRings(), 1u);
        // Closing removes the socket's path.
        const QByteArray path = names.rendezvousSocket(aliceId.value());
        alice.close();
        QVERIFY(!QFile::exists(QFile::decodeName(path)));
    }

    void anythingButOneNonBlockingEventfdIsDropped_data()
    {
        QTest::addColumn<QString>("what");
        QTest::newRow("wrong magic") << QStringLiteral("magic");
        QTest::newRow("no descriptor") << QStringLiteral("none");
        QTest::newRow("two eventfds") << QStringLiteral("two");
        QTest::newRow("a pipe (could block a publish)") << QStringLiteral("pipe");
        QTest::newRow("a blocking eventfd") << QStringLiteral("blocking");
    }
    void anythingButOneNonBlockingEventfdIsDropped()
    {
        QFETCH(QString, what);
        const RoomNames names = freshRoom();
        Doorbell bob;
        const auto bobId = bob.open(names);
        QVERIFY(bobId);
        const int before = openDescriptors();
        QList<int> mine;
        std::uint64_t magic = layout::kHelloMagic;
        if (what == QLatin1String("magic")) {
            magic = 0x6c6c6568;
            mine = { eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC) };
        } else if (what == QLatin1String("two")) {
            mine = { eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC), eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC) };
        } else if (what == QLatin1String("pipe")) {
            int ends[2];
            QCOMPARE(pipe2(ends, O_NONBLOCK | O_CLOEXEC), 0);
            mine = { ends[0], ends[1] };
        } else if (what == QLatin1String("blocking")) {
            mine = { eventfd(0, EFD_CLOEXEC) };
        }
        const QList<int> sent = what == QLatin1String("pipe") ? QList<int> { mine.at(1) } : mine;
        QVERIFY(sendRaw(names.rendezvousSocket(bobId.value()), magic, 42, sent));
        for (const int fd : std::as_const(mine))
            close(fd);
        QCOMPARE(bob.receive().size(), 0);
        QCOMPARE(openDescriptors(), before); // what came with it was closed
    }

    void peerBellsKeepOnlyThePeersStillInTheRoom()
    {
        PeerBells bells;
        const int before = openDescriptors();
        for (std::uint64_t id = 1; id <= 3; ++id)
            bells.adopt(id, eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
        bells.adopt(2, eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)); // a new bell replaces the old one
        QCOMPARE(openDescriptors(), before + 3);
        const quint64 stay[] = { 2 };
        bells.keepOnly(stay, 1);
        QVERIFY(!bells.has(1) && bells.has(2) && !bells.has(3));
        QCOMPARE(openDescriptors(), before + 1);
        bells.forget(2);
        QCOMPARE(openDescriptors(), before);
        QVERIFY(!bells.ring(2));
    }

    void onlySocketsNobodyHoldsAreRemoved()
    {
        const RoomNames names = freshRoom();
        Doorbell held;
        const auto heldId = held.open(names);
        QVERIFY(heldId);
        // A peer killed after binding and before claiming a slot leaves this.
        const QByteArray abandoned = names.rendezvousSocket(0x4242);
        const int socketFd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address {};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, abandoned.constData(), std::size_t(abandoned.size()));
        QCOMPARE(bind(socketFd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
        close(socketFd);
        QCOMPARE(Doorbell::removeAbandonedSockets(names), 1);
        QVERIFY(!QFile::exists(QFile::decodeName(abandoned)));
        QVERIFY(QFile::exists(QFile::decodeName(names.rendezvousSocket(heldId.value()))));
        QCOMPARE(Doorbell::removeAbandonedSockets(names), 0);
    }
};

QTEST_GUILESS_MAIN(TestDoorbell)
#include "tst_doorbell.moc"

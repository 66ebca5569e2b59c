// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Is a peer's process still there (liveness.h): by pid and start time, so
// that a reused pid, a zombie or a pid from shared memory that names nobody
// is never taken for the peer.
#include "liveness.h"

#include <QTest>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <limits>

using namespace shmbridge;

namespace {

// A child that waits to be killed.
pid_t startChild()
{
    const pid_t pid = fork();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    return pid;
}

} // namespace

class TestLiveness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aLiveProcessIsAliveOnlyWithItsOwnStartTime()
    {
        const qint64 self = getpid();
        const std::uint64_t started = processStartTime(self);
        QVERIFY(started > 0);
        QCOMPARE(processStartTime(self), started); // stable
        QVERIFY(processAlive(self, started));
        // The same pid with another start time is another process: a reused pid.
        QVERIFY(!processAlive(self, started + 1));
    }

    void aZombieHasExited()
    {
        const pid_t child = startChild();
        QVERIFY(child > 0);
        const std::uint64_t started = processStartTime(child);
        QVERIFY(started > 0);
        QVERIFY(processAlive(child, started));
        QCOMPARE(kill(child, SIGKILL), 0);
        // Not collected yet: a zombie, still holding its pid.
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(child, started), 5000);
        QCOMPARE(waitpid(child, nullptr, 0), child);
        QVERIFY(!processAlive(child, started));
        QCOMPARE(processStartTime(child), std::uint64_t(0));
    }

    void pidsFromSharedMemoryThatNameNobodyAreNotAlive_data()
    {
        QTest::addColumn<qint64>("pid");
        QTest::newRow("zero (kill would signal our group)") << qint64(0);
        QTest::newRow("negative (kill would signal a group)") << qint64(-1);
        QTest::newRow("past pid_t") << qint64(std::numeric_limits<pid_t>::max()) + 1;
        QTest::newRow("past the kernel's pid_max") << qint64(std::numeric_limits<pid_t>::max());
    }
    void pidsFromSharedMemoryThatNameNobodyAreNotAlive()
    {
        QFETCH(qint64, pid);
        QVERIFY(!processAlive(pid, 0));
        QVERIFY(!processAlive(pid, 12345));
        QCOMPARE(processStartTime(pid), std::uint64_t(0));
        errno = 0;
        QCOMPARE(openPidfd(pid), -1);
    }

    void aPidfdSaysWhenTheProcessExits()
    {
        const pid_t child = startChild();
        const int pidfd = openPidfd(child);
        if (pidfd < 0) {
            kill(child, SIGKILL);
            waitpid(child, nullptr, 0);
            QSKIP("this kernel has no pidfd_open: peers poll processAlive instead");
        }
        pollfd watch { pidfd, POLLIN, 0 };
        QCOMPARE(poll(&watch, 1, 0), 0); // still running
        QCOMPARE(kill(child, SIGKILL), 0);
        QCOMPARE(poll(&watch, 1, 5000), 1);
        QVERIFY(watch.revents & POLLIN);
        close(pidfd);
        waitpid(child, nullptr, 0);
    }
};

QTEST_GUILESS_MAIN(TestLiveness)
#include "tst_liveness.moc"

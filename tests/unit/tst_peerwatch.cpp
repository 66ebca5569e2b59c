// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Told when a peer's process ends (peerwatch.h): real child processes, real
// pidfds, all of them behind the one descriptor the event loop polls.
#include "liveness.h"
#include "peerwatch.h"

#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTest>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace shmbridge;

namespace {

// Children that wait to be killed. Whatever a failed check leaves running
// is killed after each test, so that nothing holds the runner's output open.
QList<pid_t> running;

pid_t startChild()
{
    const pid_t pid = fork();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    running.append(pid);
    return pid;
}

void stop(pid_t pid)
{
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    running.removeAll(pid);
}

QList<PeerId> exitedIds(const QSignalSpy &spy)
{
    QList<PeerId> ids;
    for (const auto &arguments : spy)
        ids.append(arguments.at(0).value<PeerId>());
    return ids;
}

} // namespace

class TestPeerWatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<shmbridge::PeerId>("shmbridge::PeerId"); }
    void cleanup()
    {
        for (const pid_t pid : QList<pid_t>(running))
            stop(pid);
    }

    void eachEndIsReportedOnceThroughOneDescriptor()
    {
        PeerWatch watch;
        QSignalSpy exited(&watch, &PeerWatch::exited);
        QList<pid_t> children;
        for (PeerId id = 1; id <= 5; ++id) {
            children.append(startChild());
            watch.watch(id, children.last(), processStartTime(children.last()));
        }
        // Five processes, one descriptor in the event loop's poll.
        QCOMPARE(watch.findChildren<QSocketNotifier *>().size(), 1);
        stop(children.at(2));
        QTRY_COMPARE(exitedIds(exited), QList<PeerId> { 3 });
        stop(children.at(0));
        stop(children.at(4));
        QTRY_COMPARE(exited.count(), 3);
        QList<PeerId> ids = exitedIds(exited);
        std::sort(ids.begin(), ids.end());
        QCOMPARE(ids, (QList<PeerId> { 1, 3, 5 }));
        stop(children.at(1));
        stop(children.at(3));
        QTRY_COMPARE(exited.count(), 5);
    }

    void aForgottenPeerIsNotReported()
    {
        PeerWatch watch;
        QSignalSpy exited(&watch, &PeerWatch::exited);
        const pid_t forgotten = startChild();
        const pid_t watched = startChild();
        watch.watch(1, forgotten, processStartTime(forgotten));
        watch.watch(2, watched, processStartTime(watched));
        watch.forget(1);
        stop(forgotten); // ends first: its report, were there one, would come first
        stop(watched);
        QTRY_COMPARE(exited.count(), 1);
        QCOMPARE(exitedIds(exited), QList<PeerId> { 2 });
    }

    void aPeerWatchedAgainIsReportedForItsNewProcess()
    {
        PeerWatch watch;
        QSignalSpy exited(&watch, &PeerWatch::exited);
        const pid_t first = startChild();
        const pid_t second = startChild();
        watch.watch(7, first, processStartTime(first));
        watch.watch(7, second, processStartTime(second)); // the first one's pidfd goes
        stop(first);
        const pid_t marker = startChild(); // ends after first: its report shows first's would have come
        watch.watch(8, marker, processStartTime(marker));
        stop(marker);
        QTRY_COMPARE(exited.count(), 1);
        QCOMPARE(exitedIds(exited), QList<PeerId> { 8 });
        stop(second);
        QTRY_COMPARE(exited.count(), 2);
        QCOMPARE(exitedIds(exited).last(), PeerId(7));
    }

    void aReusedPidOrAGoneProcessIsReportedAtOnce()
    {
        PeerWatch watch;
        QSignalSpy exited(&watch, &PeerWatch::exited);
        const pid_t child = startChild();
        watch.watch(1, child, processStartTime(child) + 1); // the pid now names another process
        const pid_t gone = startChild();
        stop(gone);
        watch.watch(2, gone, 1);
        QCOMPARE(exited.count(), 0); // from the event loop, never inside watch()
        QTRY_COMPARE(exited.count(), 2);
        stop(child);
    }

    void aHandlerMayForgetEveryPeer()
    {
        PeerWatch watch;
        const pid_t a = startChild();
        const pid_t b = startChild();
        watch.watch(1, a, processStartTime(a));
        watch.watch(2, b, processStartTime(b));
        int reports = 0;
        connect(&watch, &PeerWatch::exited, &watch, [&] {
            ++reports;
            watch.clear();
        });
        stop(a);
        stop(b); // both readable by the time the loop looks: one report, then nothing is watched
        QTRY_COMPARE(reports, 1);
        // A pidfd still listened to would be readable at the loop's next look.
        for (int look = 0; look < 3; ++look)
            QCoreApplication::processEvents();
        QCOMPARE(reports, 1);
    }
};

QTEST_GUILESS_MAIN(TestPeerWatch)
#include "tst_peerwatch.moc"

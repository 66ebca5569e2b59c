// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The app under a service manager: a real shmbridge process, given a
// NOTIFY_SOCKET that this test owns, as systemd would for Type=notify with
// WatchdogSec=. It must say READY=1 once drawn, ping WATCHDOG=1 while its GUI
// thread serves events, stop pinging while that thread is blocked, and say
// STOPPING=1 on quit; and so under the shipped cage session too.
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <QFile>

#include <csignal>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

const QString app = QStringLiteral(SHMBRIDGE_APP);
const QString cli = QStringLiteral(SHMBRIDGE_CLI);
const QString kioskSession = QStringLiteral(SHMBRIDGE_KIOSK_SESSION);

QByteArray processName(pid_t pid)
{
    QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
    return comm.open(QIODevice::ReadOnly) ? comm.readAll().trimmed() : QByteArray("(gone)");
}

struct Datagram
{
    QByteArray state;
    qint64 atMs;
    pid_t sender; // from SCM_CREDENTIALS, as systemd reads it
};

// The service manager's end: a datagram socket bound in a private directory.
class NotifySocket
{
public:
    explicit NotifySocket(const QString &path) : m_path(path)
    {
        m_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        const int on = 1;
        setsockopt(m_fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
        sockaddr_un address {};
        address.sun_family = AF_UNIX;
        const QByteArray bytes = path.toLocal8Bit();
        std::memcpy(address.sun_path, bytes.constData(), size_t(bytes.size()));
        m_bound = bind(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
        m_clock.start();
    }
    ~NotifySocket() { close(m_fd); }
    bool isBound() const { return m_bound; }
    qint64 nowMs() const { return m_clock.elapsed(); }

    // Everything that arrives within timeoutMs, or until `until` is seen.
    QList<Datagram> receive(int timeoutMs, const QByteArray &until = {})
    {
        QList<Datagram> got;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            pollfd waiting { m_fd, POLLIN, 0 };
            if (poll(&waiting, 1, int(std::max<qint64>(1, timeoutMs - timer.elapsed()))) <= 0)
                continue;
            char buffer[4096];
            alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred))];
            iovec data { buffer, sizeof buffer };
            msghdr message {};
            message.msg_iov = &data;
            message.msg_iovlen = 1;
            message.msg_control = control;
            message.msg_controllen = sizeof control;
            const ssize_t size = recvmsg(m_fd, &message, 0);
            if (size <= 0)
                continue;
            pid_t sender = 0;
            for (cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
                if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
                    ucred credentials;
                    std::memcpy(&credentials, CMSG_DATA(c), sizeof credentials);
                    sender = credentials.pid;
                }
            }
            got.append({ QByteArray(buffer, size), m_clock.elapsed(), sender });
            if (!until.isEmpty() && got.last().state.split('\n').contains(until))
                break;
        }
        return got;
    }

private:
    QString m_path;
    int m_fd = -1;
    bool m_bound = false;
    QElapsedTimer m_clock;
};

QList<qint64> pingTimes(const QList<Datagram> &datagrams)
{
    QList<qint64> times;
    for (const Datagram &d : datagrams) {
        if (d.state.split('\n').contains("WATCHDOG=1"))
            times.append(d.atMs);
    }
    return times;
}

qint64 longestGap(const QList<qint64> &times)
{
    qint64 longest = 0;
    for (qsizetype i = 1; i < times.size(); ++i)
        longest = std::max(longest, times.at(i) - times.at(i - 1));
    return longest;
}

} // namespace

class TestServiceNotify : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readyThenWatchdogThenStopping()
    {
        QTemporaryDir dir;
        NotifySocket manager(dir.filePath(QStringLiteral("notify")));
        QVERIFY(manager.isBound());

        // WatchdogSec=0.4: pings are due every 200 ms.
        constexpr int watchdogMs = 400;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("NOTIFY_SOCKET"), dir.filePath(QStringLiteral("notify")));
        env.insert(QStringLiteral("WATCHDOG_USEC"), QString::number(watchdogMs * 1000));
        // SIGUSR2 then freezes the GUI thread for 2 s (tests/tools/guifreezer.cpp).
        env.insert(QStringLiteral("LD_PRELOAD"), QStringLiteral(SHMBRIDGE_GUI_FREEZER));
        env.insert(QStringLiteral("SHMBRIDGE_FREEZE_MS"), QStringLiteral("2000"));
        QProcess process;
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const QString key = QStringLiteral("notify-%1").arg(QRandomGenerator::global()->generate());
        process.start(app, { QStringLiteral("--kiosk"), QStringLiteral("--key"), key, QStringLiteral("--control") });
        QVERIFY(process.waitForStarted());

        // READY=1 comes first, and only once.
        const QList<Datagram> start = manager.receive(30000, "READY=1");
        QVERIFY2(!start.isEmpty() && start.last().state == "READY=1", "no READY=1 within 30 s");
        for (qsizetype i = 0; i + 1 < start.size(); ++i)
            QCOMPARE(start.at(i).state, QByteArray("WATCHDOG=1"));

        // Steady pings while the GUI thread is free, and no second READY=1.
        const QList<Datagram> later = manager.receive(2000);
        for (const Datagram &d : later)
            QCOMPARE(d.state, QByteArray("WATCHDOG=1"));
        const QList<qint64> steady = pingTimes(later);
        QVERIFY2(steady.size() >= 5, qPrintable(QStringLiteral("%1 pings in 2 s").arg(steady.size())));
        QVERIFY2(longestGap(steady) < watchdogMs,
                 qPrintable(QStringLiteral("a %1 ms gap between pings").arg(longestGap(steady))));

        // The GUI thread blocked for 2 s: no ping while it is, so systemd
        // would restart the app; then pings resume. (A ping already queued
        // may land just after the signal, hence the first 200 ms' grace.)
        const qint64 blockedAtMs = manager.nowMs();
        QCOMPARE(::kill(pid_t(process.processId()), SIGUSR2), 0);
        const QList<qint64> around = pingTimes(manager.receive(3500));
        QList<qint64> duringBlock, afterBlock;
        for (const qint64 at : around)
            (at < blockedAtMs + 2000 ? duringBlock : afterBlock).append(at);
        for (const qint64 at : duringBlock)
            QVERIFY2(at < blockedAtMs + 200,
                     qPrintable(QStringLiteral("a ping %1 ms into a blocked GUI thread").arg(at - blockedAtMs)));
        QVERIFY2(afterBlock.size() >= 3, "pings did not resume after the GUI thread was released");

        // STOPPING=1 on quit, and a clean exit.
        process.write("quit\n");
        QVERIFY(process.waitForBytesWritten(5000));
        const QList<Datagram> end = manager.receive(10000, "STOPPING=1");
        QVERIFY2(!end.isEmpty() && end.last().state == "STOPPING=1",
                 qPrintable(QStringLiteral("no STOPPING=1 on quit; got %1 datagrams, the last \"%2\"; the app %3")
                                    .arg(end.size())
                                    .arg(QString::fromUtf8(end.isEmpty() ? QByteArray() : end.last().state))
                                    .arg(process.state() == QProcess::NotRunning ? QStringLiteral("exited") : QStringLiteral("runs"))));
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
    }

    // Over SSH, on a kiosk before its session starts, in a package's smoke
    // test: no display, and still help and the version, not "could not
    // connect to display".
    void helpAndVersionNeedNoDisplay()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *variable : { "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM" })
            env.remove(QString::fromLatin1(variable));
        for (const auto &[argument, expected] : { std::pair { "--help", "--kiosk" }, std::pair { "--version", "shmbridge " } }) {
            QProcess process;
            process.setProcessEnvironment(env);
            process.start(app, { QString::fromLatin1(argument) });
            QVERIFY(process.waitForFinished(10000));
            const QByteArray out = process.readAllStandardOutput();
            QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
                     qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(argument), QString::fromLocal8Bit(process.readAllStandardError()))));
            QVERIFY2(out.contains(expected), out.constData());
        }
    }

    // systemctl stop, Ctrl+C, a closed terminal: the app quits through its
    // event loop, leaves the room (nothing left for the next peer to reap),
    // says STOPPING=1, and exits 0 within a second.
    void aSignalQuitsCleanly_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
        QTest::newRow("SIGHUP") << int(SIGHUP);
    }
    void aSignalQuitsCleanly()
    {
        QFETCH(int, signal);
        QTemporaryDir dir;
        NotifySocket manager(dir.filePath(QStringLiteral("notify")));
        QVERIFY(manager.isBound());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("NOTIFY_SOCKET"), dir.filePath(QStringLiteral("notify")));
        QProcess process;
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const QString key = QStringLiteral("signal-%1").arg(QRandomGenerator::global()->generate());
        process.start(app, { QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("quitter") });
        QVERIFY(process.waitForStarted());
        const QList<Datagram> start = manager.receive(30000, "READY=1");
        QVERIFY2(!start.isEmpty() && start.last().state == "READY=1", "no READY=1 within 30 s");
        const auto liveInRoom = [&] {
            QProcess peers;
            peers.start(cli, { QStringLiteral("peers"), QStringLiteral("--key"), key, QStringLiteral("--json") });
            if (!peers.waitForFinished(10000))
                return false;
            for (const QJsonValue &peer : QJsonDocument::fromJson(peers.readAllStandardOutput()).array()) {
                if (peer.toObject().value(QStringLiteral("name")).toString() == QLatin1String("quitter"))
                    return peer.toObject().value(QStringLiteral("live")).toBool();
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(liveInRoom(), 10000);

        QElapsedTimer clock;
        clock.start();
        QCOMPARE(::kill(pid_t(process.processId()), signal), 0);
        QVERIFY2(process.waitForFinished(5000), "still running 5 s after the signal");
        const qint64 quitMs = clock.elapsed();
        qInfo() << "quit" << quitMs << "ms after the signal";
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY2(quitMs < 1000, qPrintable(QStringLiteral("took %1 ms").arg(quitMs)));
        const QList<Datagram> end = manager.receive(1000, "STOPPING=1");
        QVERIFY2(!end.isEmpty() && end.last().state == "STOPPING=1", "no STOPPING=1");
        QVERIFY(!liveInRoom()); // left: not a crashed peer waiting to be reaped
    }

    // The shipped cage set-up (packaging/shmbridge-kiosk-session.in), on cage's
    // headless backend: the keyboard works (on Wayland with Qt 6.8, on
    // Xwayland with 6.4), the app pings
    // although WATCHDOG_PID names the main process, and only the app
    // notifies: the D-Bus daemon libdbus autolaunches under X says READY=1
    // of its own if it inherits NOTIFY_SOCKET. cage refuses to run as root,
    // so as root this runs as nobody.
    void aKioskSessionUnderCageNotifiesFromTheAppAlone()
    {
        // In /tmp itself, not the test's private TMPDIR (mode 0700): nobody
        // must reach the socket, the programs and its runtime directory.
        QTemporaryDir dir(QStringLiteral("/tmp/shmbridge-kiosk-session-XXXXXX"));
        QVERIFY(dir.isValid());
        const bool asNobody = getuid() == 0;
        const passwd *nobody = getpwnam("nobody");
        QVERIFY(!asNobody || nobody);
        const auto hand = [&](const QString &path, mode_t mode) {
            chmod(QFile::encodeName(path).constData(), mode);
            if (asNobody && chown(QFile::encodeName(path).constData(), nobody->pw_uid, nobody->pw_gid) != 0)
                return false;
            return true;
        };
        QVERIFY(hand(dir.path(), 0755));
        const QString bin = dir.filePath(QStringLiteral("bin"));
        QVERIFY(QDir().mkpath(bin));
        QVERIFY(QFile::copy(app, bin + QStringLiteral("/shmbridge")));
        QVERIFY(QFile::copy(kioskSession, bin + QStringLiteral("/kiosk-session")));
        QVERIFY(QFile::setPermissions(bin + QStringLiteral("/shmbridge"), QFile::ReadOwner | QFile::ExeOwner
                                              | QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup));
        QVERIFY(QFile::setPermissions(bin + QStringLiteral("/kiosk-session"), QFile::ReadOwner | QFile::ExeOwner
                                              | QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup));
        const QString runtime = dir.filePath(QStringLiteral("runtime"));
        const QString home = dir.filePath(QStringLiteral("home"));
        QVERIFY(QDir().mkpath(runtime) && QDir().mkpath(home));
        QVERIFY(hand(runtime, 0700) && hand(home, 0700));

        const QString socketPath = dir.filePath(QStringLiteral("notify"));
        NotifySocket manager(socketPath);
        QVERIFY(manager.isBound());
        chmod(QFile::encodeName(socketPath).constData(), 0777);

        // As systemd would start the unit: the environment it sets and the
        // unit's, nothing inherited. WATCHDOG_PID names the main process,
        // which is not the app; kiosk-session must clear it.
        const QString key = QStringLiteral("kiosk-session-%1").arg(QRandomGenerator::global()->generate());
        QStringList command { QStringLiteral("env"), QStringLiteral("-i"),
                              QStringLiteral("PATH=%1:/usr/bin:/bin").arg(bin),
                              QStringLiteral("HOME=") + home, QStringLiteral("XDG_RUNTIME_DIR=") + runtime,
                              QStringLiteral("NOTIFY_SOCKET=") + socketPath,
                              QStringLiteral("WATCHDOG_USEC=1000000"), QStringLiteral("WATCHDOG_PID=1"),
                              QStringLiteral("QT_IM_MODULE=qtvirtualkeyboard"),
                              QStringLiteral("WLR_BACKENDS=headless"), QStringLiteral("WLR_LIBINPUT_NO_DEVICES=1"),
                              QStringLiteral("WLR_RENDERER=pixman"),
                              bin + QStringLiteral("/kiosk-session"), QStringLiteral("--key"), key,
                              QStringLiteral("--control") };
        if (asNobody)
            command = QStringList { QStringLiteral("--reuid=nobody"), QStringLiteral("--regid=%1").arg(nobody->pw_gid),
                                    QStringLiteral("--clear-groups") } + command;
        QProcess session;
        session.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        session.start(asNobody ? QStringLiteral("setpriv") : command.takeFirst(), command);
        QVERIFY(session.waitForStarted());
        const auto run = [&](const QByteArray &line) {
            session.write(line + '\n');
            if (!session.waitForBytesWritten(5000))
                return QByteArray("(not written)");
            QElapsedTimer timer;
            timer.start();
            while (!session.canReadLine() && timer.elapsed() < 30000 && session.waitForReadyRead(1000)) { }
            return session.readLine().trimmed();
        };

        const QList<Datagram> start = manager.receive(30000, "READY=1");
        QVERIFY2(!start.isEmpty() && start.last().state == "READY=1", "no READY=1 within 30 s");
        const pid_t appPid = start.last().sender;
        QCOMPARE(processName(appPid), QByteArray("shmbridge"));
        // The session chose the platform by the Qt it was built with: a
        // Wayland client of cage with Qt 6.8, cage's Xwayland with 6.4.
        QFile environment(QStringLiteral("/proc/%1/environ").arg(appPid));
        QVERIFY(environment.open(QIODevice::ReadOnly));
        const QByteArray platform = QT_VERSION >= QT_VERSION_CHECK(6, 8, 0) ? "wayland" : "xcb";
        QVERIFY2(environment.readAll().split('\0').contains("QT_QPA_PLATFORM=" + platform),
                 "kiosk-session did not choose QT_QPA_PLATFORM=" + platform);
        QCOMPARE(run("click messageInput"), QByteArray("ok click messageInput"));
        QCOMPARE(run("wait inputPanel active true 20000"), QByteArray("ok wait inputPanel active true"));

        const QList<Datagram> running = manager.receive(1500);
        QVERIFY2(pingTimes(running).size() >= 2, "the app does not ping the watchdog under kiosk-session");
        session.write("quit\n");
        QVERIFY(session.waitForBytesWritten(5000));
        const QList<Datagram> end = manager.receive(10000, "STOPPING=1");
        QVERIFY2(!end.isEmpty() && end.last().state == "STOPPING=1", "no STOPPING=1 on quit");
        for (const Datagram &d : start + running + end) {
            QVERIFY2(d.sender == appPid,
                     qPrintable(QStringLiteral("\"%1\" came from %2 (%3), not the app")
                                        .arg(QString::fromUtf8(d.state)).arg(d.sender)
                                        .arg(QString::fromUtf8(processName(d.sender)))));
        }
        QVERIFY2(session.waitForFinished(15000), "cage did not end with the app");
    }
};

QTEST_GUILESS_MAIN(TestServiceNotify)
#include "tst_service_notify.moc"

// The app under a service manager: a real shmbridge process, given a
// NOTIFY_SOCKET that this test owns, as systemd would for Type=notify with
// WatchdogSec=. It must say READY=1 once drawn, ping WATCHDOG=1 while its GUI
// thread serves events, stop pinging while that thread is blocked, and say
// STOPPING=1 on quit.
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

const QString app = QStringLiteral(SHMBRIDGE_APP);

struct Datagram
{
    QByteArray state;
    qint64 atMs;
};

// The service manager's end: a datagram socket bound in a private directory.
class NotifySocket
{
public:
    explicit NotifySocket(const QString &path) : m_path(path)
    {
        m_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
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
            const ssize_t size = recv(m_fd, buffer, sizeof buffer, 0);
            if (size <= 0)
                continue;
            got.append({ QByteArray(buffer, size), m_clock.elapsed() });
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

        // Steady pings while the GUI thread is free.
        const QList<qint64> steady = pingTimes(manager.receive(2000));
        QVERIFY2(steady.size() >= 5, qPrintable(QStringLiteral("%1 pings in 2 s").arg(steady.size())));
        QVERIFY2(longestGap(steady) < watchdogMs,
                 qPrintable(QStringLiteral("a %1 ms gap between pings").arg(longestGap(steady))));

        // The GUI thread blocked for 2 s: no ping while it is, so systemd
        // would restart the app; then pings resume. (A ping already queued
        // may land just after the answer, hence the first 200 ms' grace.)
        process.write("block-gui 2000\n");
        QVERIFY(process.waitForReadyRead(10000));
        QVERIFY(process.readLine().startsWith("ok block-gui"));
        const qint64 blockedAtMs = manager.nowMs();
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
};

QTEST_GUILESS_MAIN(TestServiceNotify)
#include "tst_service_notify.moc"

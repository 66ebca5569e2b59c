// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// End to end: real shmbridge app processes (offscreen) driven through their
// UI with --control, plus shmbridge-cli peers, in one room.
#include "appwindow.h"
#include "names.h"
#include "residentmemory.h"

#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using testing::AppWindow;
using testing::residentKiB;

namespace {

const QString app = QStringLiteral(SHMBRIDGE_APP);
const QString cli = QStringLiteral(SHMBRIDGE_CLI);

QJsonObject cliJson(const QStringList &arguments)
{
    QProcess process;
    process.start(cli, arguments);
    if (!process.waitForFinished(20000) || process.exitCode() != 0) {
        qWarning() << arguments << process.readAllStandardError();
        return {};
    }
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    return QJsonDocument::fromJson(lines.last()).object();
}

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xffffffffu;
    for (const char byte : data) {
        crc ^= quint8(byte);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

// A PNG whose header claims 30000 x 30000 pixels: a decompression bomb's face.
QByteArray hugePngHeader()
{
    const auto chunk = [](const QByteArray &type, const QByteArray &data) {
        QByteArray out;
        QDataStream stream(&out, QIODevice::WriteOnly);
        stream << quint32(data.size());
        out += type + data;
        QDataStream tail(&out, QIODevice::Append);
        tail << crc32(type + data);
        return out;
    };
    QByteArray ihdr;
    QDataStream stream(&ihdr, QIODevice::WriteOnly);
    stream << quint32(30000) << quint32(30000) << quint8(8) << quint8(2) << quint8(0) << quint8(0) << quint8(0);
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr)
            + chunk("IDAT", QByteArray::fromHex("789c030000000001")) + chunk("IEND", {});
}

} // namespace

class TestAppEndToEnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twoWindowsAndACliPeerShareARoom()
    {
        QTemporaryDir config;
        const QString key = QStringLiteral("e2e-%1").arg(QRandomGenerator::global()->generate());
        AppWindow alice(app, key, QStringLiteral("alice"), config.filePath(QStringLiteral("alice")));
        AppWindow bob(app, key, QStringLiteral("bob"), config.filePath(QStringLiteral("bob")));
        QVERIFY(alice.run(QStringLiteral("wait bridge peerCount 1")));
        QVERIFY(bob.run(QStringLiteral("wait bridge peerCount 1")));

        // Text typed in one window appears in the other, with no click there.
        QVERIFY(alice.run(QStringLiteral("type messageInput hello bob")));
        QVERIFY(alice.run(QStringLiteral("key messageInput Return")));
        QVERIFY(bob.run(QStringLiteral("wait peerText_alice text hello bob")));
        QVERIFY(bob.run(QStringLiteral("type messageInput hi alice")));
        QVERIFY(bob.run(QStringLiteral("click sendButton")));
        QVERIFY(alice.run(QStringLiteral("wait peerText_bob text hi alice")));
        QVERIFY(bob.run(QStringLiteral("wait peerSeen_alice text ✓ seen")));

        // An image picked from the gallery in one appears in the other.
        QVERIFY(alice.run(QStringLiteral("click galleryButton")));
        QVERIFY(alice.run(QStringLiteral("wait galleryPopup opened true")));
        QVERIFY(alice.run(QStringLiteral("click galleryImage_lagoon")));
        QVERIFY(alice.run(QStringLiteral("wait galleryPopup visible false"))); // its exit transition ends
        QVERIFY(bob.run(QStringLiteral("wait peer_alice imageWidth 640")));
        QVERIFY(bob.run(QStringLiteral("wait peer_alice imageHeight 480")));

        // The window's own count of frames drawn (the bench reads it with
        // "stats") goes on as news arrives and is drawn.
        const auto framesDrawn = [&] {
            return bob.run(QStringLiteral("stats"))
                    ? QJsonDocument::fromJson(bob.answer().toUtf8()).object().value(QStringLiteral("frames")).toDouble(-1)
                    : -1.0;
        };
        const double framesBefore = framesDrawn();
        QVERIFY(framesBefore > 0);
        QVERIFY(alice.run(QStringLiteral("type messageInput drawn")));
        QVERIFY(alice.run(QStringLiteral("key messageInput Return")));
        QVERIFY(bob.run(QStringLiteral("wait peerText_alice text drawn")));
        QTRY_VERIFY_WITH_TIMEOUT(framesDrawn() > framesBefore, 10000);

        // The CLI and the app see each other.
        QVERIFY(!cliJson({ QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                           QStringLiteral("carol"), QStringLiteral("--text"), QStringLiteral("hi"), QStringLiteral("--json") })
                         .isEmpty());
        QVERIFY(!cliJson({ QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                           QStringLiteral("carol"), QStringLiteral("--telemetry"), QStringLiteral("1.5,-2,3"), QStringLiteral("--json") })
                         .isEmpty());
        for (AppWindow *window : { &alice, &bob }) {
            QVERIFY(window->run(QStringLiteral("wait peerText_carol text hi")));
            QVERIFY(window->run(QStringLiteral("wait peerTelemetry_carol visible true")));
        }
        {
            QProcess watch;
            watch.start(cli, { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("dave"),
                               QStringLiteral("--skip-current"), QStringLiteral("--count"), QStringLiteral("1"),
                               QStringLiteral("--timeout"), QStringLiteral("15"), QStringLiteral("--json") });
            QVERIFY(alice.run(QStringLiteral("wait peer_dave live true")));
            QVERIFY(alice.run(QStringLiteral("type messageInput to the cli")));
            QVERIFY(alice.run(QStringLiteral("key messageInput Return")));
            QVERIFY(watch.waitForFinished(20000));
            QCOMPARE(watch.exitCode(), 0);
            const QJsonObject line = QJsonDocument::fromJson(watch.readAllStandardOutput().trimmed()).object();
            QCOMPARE(line.value(QStringLiteral("peer")).toString(), QStringLiteral("alice"));
            QCOMPARE(line.value(QStringLiteral("text")).toString(), QStringLiteral("to the cli"));
        }

        // Bad images are refused visibly, and the last good image stays.
        QTemporaryDir files;
        QFile notImage(files.filePath(QStringLiteral("notes.png")));
        QVERIFY(notImage.open(QIODevice::WriteOnly));
        notImage.write("these are notes, not pixels\n");
        notImage.close();
        QVERIFY(alice.run(QStringLiteral("drop dropArea %1").arg(notImage.fileName())));
        QVERIFY(alice.run(QStringLiteral("wait errorText text That file is not an image: \"notes.png\".")));
        QVERIFY(alice.run(QStringLiteral("click dismissErrorButton")));
        QVERIFY(alice.run(QStringLiteral("wait errorBanner visible false")));
        QFile bomb(files.filePath(QStringLiteral("huge.png")));
        QVERIFY(bomb.open(QIODevice::WriteOnly));
        bomb.write(hugePngHeader());
        bomb.close();
        QVERIFY(alice.run(QStringLiteral("drop dropArea %1").arg(bomb.fileName())));
        QVERIFY(alice.run(QStringLiteral("wait errorText text Image is larger than 8192 x 8192 (\"huge.png\" is 30000 x 30000).")));
        QVERIFY(bob.run(QStringLiteral("wait peer_alice imageWidth 640")));
        QVERIFY(bob.run(QStringLiteral("wait peerText_alice text to the cli")));

        // Closing one window makes the other show that it left.
        QVERIFY(bob.quit());
        QVERIFY(alice.run(QStringLiteral("wait peer_bob live false")));
        QVERIFY(alice.run(QStringLiteral("wait peerState_bob text left")));
        QVERIFY(alice.run(QStringLiteral("wait peerText_bob text hi alice")));
        QVERIFY(alice.quit());
    }

    void aRoomOfShortLivedPeersKeepsTheWindowsMemoryFlat()
    {
        // Scripts that each publish once under a name of their own, as a
        // kiosk fed by jobs sees them: only the newest few to leave keep a
        // card, and the window's memory stays where it was after the first
        // hundred (it grew by 12 MB per hundred when every card stayed).
        constexpr int keep = 4;
        constexpr int warmUp = 100;
        constexpr int peers = 300;
        QTemporaryDir config;
        const QString key = QStringLiteral("e2e-churn-%1").arg(QRandomGenerator::global()->generate());
        AppWindow window(app, key, QStringLiteral("kiosk"), config.filePath(QStringLiteral("kiosk")), {},
                         { QStringLiteral("--keep-left"), QString::number(keep) });
        QVERIFY(window.run(QStringLiteral("wait bridge connected true")));
        qint64 warm = 0;
        for (int job = 0; job < peers; ++job) {
            const QString name = QStringLiteral("job-%1").arg(job);
            QProcess send;
            send.start(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"), name,
                              QStringLiteral("--text"), QStringLiteral("done-%1").arg(job) });
            QVERIFY(send.waitForFinished(20000) && send.exitCode() == 0);
            QVERIFY(window.run(QStringLiteral("wait peerText_%1 text done-%2").arg(name).arg(job)));
            if (job + 1 == warmUp)
                warm = residentKiB(QString::number(window.processId()));
        }
        QVERIFY(window.run(QStringLiteral("wait bridge leftCount %1").arg(keep)));
        QVERIFY(window.run(QStringLiteral("wait bridge peerCount 0")));
        QVERIFY(window.run(QStringLiteral("wait peer_job-%1 live false").arg(peers - keep)));
        // The one before them has no card any more (the app gives up after 300 ms).
        QVERIFY(!window.run(QStringLiteral("wait peer_job-%1 live false 300").arg(peers - keep - 1)));
        const qint64 after = residentKiB(QString::number(window.processId()));
        qInfo().noquote() << QStringLiteral("resident memory after %1 peers: %2 MiB; after %3: %4 MiB")
                                     .arg(warmUp).arg(double(warm) / 1024, 0, 'f', 1)
                                     .arg(peers).arg(double(after) / 1024, 0, 'f', 1);
        QVERIFY(warm > 0 && after > 0);
        QVERIFY2(after - warm < 4 * 1024, "the window's memory grew with peers that left long ago");
        QVERIFY(window.quit());
    }

    // The theme menu changes the colours at once, also in a run started
    // with --theme, and the choice is what the next run starts with.
    void theThemeMenuChoosesAndTheChoiceIsRemembered()
    {
        QTemporaryDir config;
        const QString key = QStringLiteral("e2e-theme-%1").arg(QRandomGenerator::global()->generate());
        const QString lightBackground = QStringLiteral("#f4f5f7"), darkBackground = QStringLiteral("#121418");
        {
            AppWindow window(app, key, QStringLiteral("painter"), config.filePath(QStringLiteral("painter")), {},
                             { QStringLiteral("--theme"), QStringLiteral("light") });
            QVERIFY(window.run(QStringLiteral("wait mainWindow color %1").arg(lightBackground)));
            QVERIFY(window.run(QStringLiteral("click themeButton")));
            QVERIFY(window.run(QStringLiteral("wait theme_dark visible true")));
            QVERIFY(window.run(QStringLiteral("click theme_dark")));
            QVERIFY(window.run(QStringLiteral("wait mainWindow color %1").arg(darkBackground)));
            QVERIFY(window.quit());
        }
        AppWindow again(app, key, QStringLiteral("painter"), config.filePath(QStringLiteral("painter")));
        QVERIFY(again.run(QStringLiteral("wait mainWindow color %1").arg(darkBackground)));
        QVERIFY(again.quit());
    }

    void aBadKeepLeftIsRefusedInWords()
    {
        for (const QString &bad : { QStringLiteral("-1"), QStringLiteral("1001"), QStringLiteral("all") }) {
            QProcess process;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            process.setProcessEnvironment(env);
            process.start(app, { QStringLiteral("--keep-left"), bad });
            QVERIFY(process.waitForFinished(10000));
            QCOMPARE(process.exitCode(), 2);
            QCOMPARE(process.readAllStandardError().trimmed().split('\n').last(),
                     QStringLiteral("shmbridge: --keep-left wants a count from 0 to 1000, not \"%1\"").arg(bad).toUtf8());
        }
    }

    void aStuckLockHolderNeverFreezesTheWindow()
    {
        // A same-user process holds the room lock for 10 s (a peer stopped
        // in a debugger inside join, say). Meanwhile a window in the room
        // reaps a peer that dies, a window that starts joins the room, and
        // both keep answering: within 50 ms as a rule, and never as late
        // as a wait on the lock would make them.
        QTemporaryDir config;
        const QString key = QStringLiteral("e2e-lock-%1").arg(QRandomGenerator::global()->generate());
        QProcess anchor;
        anchor.start(cli, { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("anchor"),
                            QStringLiteral("--text"), QStringLiteral("here"), QStringLiteral("--repeat"), QStringLiteral("0"),
                            QStringLiteral("--interval-ms"), QStringLiteral("1000000") });
        AppWindow inside(app, key, QStringLiteral("inside"), config.filePath(QStringLiteral("inside")));
        QVERIFY(inside.run(QStringLiteral("wait peerText_anchor text here")));

        const QString segment = QFile::decodeName(shmbridge::RoomNames::fromKey(key).value().roomSegment());
        QProcess holder;
        holder.start(QStringLiteral("flock"), { QStringLiteral("--exclusive"), segment, QStringLiteral("sh"), QStringLiteral("-c"),
                                                QStringLiteral("echo locked; exec sleep 10") });
        QVERIFY(holder.waitForReadyRead(10000));
        QCOMPARE(holder.readLine().trimmed(), QByteArray("locked"));
        QElapsedTimer held;
        held.start();

        anchor.kill(); // dies while the lock is held: reaping it must not wait
        QVERIFY(anchor.waitForFinished(5000));
        AppWindow joining(app, key, QStringLiteral("joining"), config.filePath(QStringLiteral("joining")));
        QVERIFY(joining.run(QStringLiteral("wait bridge connected false"))); // up, and not in the room yet
        // Each answer, in ms, per window. The room lock is waited for in
        // tries of up to 2 s: a GUI thread that waited would miss a ping by
        // hundreds of ms, a busy machine by a scheduling slice now and then.
        QList<double> answers[2];
        while (held.elapsed() < 8000) {
            const double a = inside.ping(QStringLiteral("wait bridge connected true"));
            const double b = joining.ping(QStringLiteral("wait bridge connected false"));
            QVERIFY2(a >= 0 && b >= 0, "a window stopped answering");
            answers[0].append(a);
            answers[1].append(b);
            QTest::qWait(20);
        }
        for (QList<double> &window : answers)
            std::sort(window.begin(), window.end());
        const auto median = [](const QList<double> &sorted) { return sorted[sorted.size() / 2]; };
        qInfo().noquote() << QStringLiteral("%1 pings each while the lock was held: median %2 and slowest %3 ms (in the "
                                            "room), median %4 and slowest %5 ms (joining)")
                                     .arg(answers[0].size())
                                     .arg(median(answers[0]), 0, 'f', 1)
                                     .arg(answers[0].last(), 0, 'f', 1)
                                     .arg(median(answers[1]), 0, 'f', 1)
                                     .arg(answers[1].last(), 0, 'f', 1);
        for (const QList<double> &window : answers) {
            QVERIFY2(median(window) < 50, "a window's GUI thread waited for the room lock");
            QVERIFY2(window.last() < 250, "a window's GUI thread waited for the room lock at least once");
        }
        QVERIFY(joining.run(QStringLiteral("wait errorText text Room \"%1\" is busy: another process has held its lock "
                                           "for more than 2 s. Still trying; if this lasts, stop the hung peer.").arg(key)));

        // Once it lets go, the newcomer is in, and the dead peer shown left.
        QVERIFY(holder.waitForFinished(15000));
        QVERIFY(joining.run(QStringLiteral("wait bridge connected true")));
        QVERIFY(joining.run(QStringLiteral("wait errorBanner visible false")));
        QVERIFY(inside.run(QStringLiteral("wait peer_joining live true")));
        QVERIFY(inside.run(QStringLiteral("wait peer_anchor live false")));
        QVERIFY(joining.quit());
        QVERIFY(inside.quit());
    }
};

QTEST_GUILESS_MAIN(TestAppEndToEnd)
#include "tst_app_e2e.moc"

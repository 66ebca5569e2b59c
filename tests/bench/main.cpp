// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// shmbridge-bench: one run measures ShmBridge and what it competes with, on
// this machine, side by side, and writes a table, a JSON file and (through
// scripts/bench-chart.py) a chart. See README "Performance".
#include "roles.h"
#include "stats.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryFile>
#include <QTextStream>
#include <QThread>

#include <cstring>
#include <functional>
#include <memory>
#include <unistd.h>

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

struct Step
{
    QString role;
    QStringList arguments;
    bool waitForListening = false; // start the next only once this one listens
    QStringList environment = {}; // NAME=value, over this process's
};

QProcess *startRole(const Step &step)
{
    auto *process = new QProcess;
    process->setProcessChannelMode(QProcess::SeparateChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &pair : step.environment)
        environment.insert(pair.section(QLatin1Char('='), 0, 0), pair.section(QLatin1Char('='), 1));
    process->setProcessEnvironment(environment);
    process->start(QCoreApplication::applicationFilePath(), QStringList { QStringLiteral("--role"), step.role } + step.arguments);
    return process;
}

// Reads lines until one equals word; false if the process ends or stalls.
bool waitForLine(QProcess &process, const char *word, int timeoutMs = 60000)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        while (process.canReadLine()) {
            if (process.readLine().trimmed() == word)
                return true;
        }
        if (process.state() == QProcess::NotRunning || !process.waitForReadyRead(int(timeoutMs - timer.elapsed())))
            return process.canReadLine() && waitForLine(process, word, 0);
    }
    return false;
}

QJsonObject resultOf(QProcess &process, int timeoutMs = 120000)
{
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString how = process.state() != QProcess::NotRunning ? QStringLiteral("did not finish in %1 s").arg(timeoutMs / 1000)
                : process.exitStatus() != QProcess::NormalExit     ? QStringLiteral("crashed")
                                                                    : QStringLiteral("exited with %1").arg(process.exitCode());
        QTextStream(stderr) << "bench: " << process.arguments().join(QLatin1Char(' ')) << " " << how << ": "
                            << process.readAllStandardError() << Qt::endl;
        process.kill();
        process.waitForFinished();
        return {};
    }
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    return QJsonDocument::fromJson(lines.last()).object();
}

// Runs the processes of one measurement together; returns each one's result.
QList<QJsonObject> run(const QList<Step> &steps, int timeoutMs = 900000)
{
    std::vector<std::unique_ptr<QProcess>> processes;
    for (const Step &step : steps) {
        processes.emplace_back(startRole(step));
        if (step.waitForListening) {
            while (!processes.back()->canReadLine() && processes.back()->waitForReadyRead(10000)) { }
            processes.back()->readLine();
        }
    }
    QList<QJsonObject> results;
    for (auto &process : processes)
        results.append(resultOf(*process, timeoutMs));
    return results;
}

QString uniqueName(const char *what)
{
    return QStringLiteral("bench-%1-%2-%3").arg(QLatin1StringView(what)).arg(QCoreApplication::applicationPid())
            .arg(QRandomGenerator::global()->bounded(1000000));
}

QStringList args(std::initializer_list<std::pair<const char *, QString>> pairs)
{
    QStringList list;
    for (const auto &[name, value] : pairs)
        list << QStringLiteral("--") + QLatin1StringView(name) << value;
    return list;
}

QJsonObject latencyOf(const QJsonObject &result)
{
    return result.value(QStringLiteral("latency_us")).toObject();
}

double faultsPerUpdate(const QJsonObject &result)
{
    return result.value(QStringLiteral("minor_faults_per_update")).toDouble();
}

// Eclipse iceoryx: RouDi, a reader and a writer (iceoryxroles.cpp), in a
// private IPC and mount namespace with a /dev/shm and a /tmp of their own.
// Its latencies, or why there are none.
QJsonObject iceoryx(std::initializer_list<std::pair<const char *, QString>> options)
{
#ifdef SHMBRIDGE_BENCH_ICEORYX
    QProcess host;
    host.setProcessChannelMode(QProcess::SeparateChannels);
    QStringList namespaces { QStringLiteral("--mount"), QStringLiteral("--ipc"), QStringLiteral("--propagation"), QStringLiteral("private") };
    if (geteuid() != 0) // root of a user namespace of its own, to mount there
        namespaces = QStringList { QStringLiteral("--user"), QStringLiteral("--map-root-user") } + namespaces;
    const QString mounts = QStringLiteral("mount -t tmpfs -o mode=1777 iox-shm /dev/shm && mount -t tmpfs -o mode=1777 iox-tmp /tmp"
                                          " && exec \"$0\" \"$@\"");
    host.start(QStringLiteral("unshare"), namespaces + QStringList { QStringLiteral("sh"), QStringLiteral("-c"), mounts,
                                                                     QCoreApplication::applicationFilePath(), QStringLiteral("--role"),
                                                                     QStringLiteral("iox-host") } + args(options));
    const QJsonObject latency = latencyOf(resultOf(host, 900000));
    if (latency.isEmpty())
        return { { QStringLiteral("skipped"), QStringLiteral("iceoryx did not run (its error is above)") } };
    return latency;
#else
    Q_UNUSED(options);
    return { { QStringLiteral("skipped"), QStringLiteral("built without iceoryx (scripts/bench.sh installs Debian's)") } };
#endif
}

// --- the measurements ----------------------------------------------------------

// The median of a few numbers, and their spread, for ratios measured in
// several interleaved rounds.
QJsonObject spread(QList<double> values)
{
    std::sort(values.begin(), values.end());
    QJsonArray all;
    for (double v : values)
        all.append(v);
    return { { QStringLiteral("median"), values.isEmpty() ? 0.0 : values.at(values.size() / 2) },
             { QStringLiteral("min"), values.isEmpty() ? 0.0 : values.first() },
             { QStringLiteral("max"), values.isEmpty() ? 0.0 : values.last() },
             { QStringLiteral("rounds"), all } };
}

// Of several rounds' summaries, the one whose p50 is the median.
QJsonObject medianRound(QList<QJsonObject> rounds)
{
    std::sort(rounds.begin(), rounds.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QStringLiteral("p50")).toDouble() < b.value(QStringLiteral("p50")).toDouble();
    });
    return rounds.isEmpty() ? QJsonObject() : rounds.at(rounds.size() / 2);
}

// `shmbridge-cli watch --json --kind text` as the reader: its own latency
// figure, from the writer starting to publish to the CLI holding the value.
// With the reader idle, the writer serves the floor in turns with it
// (paired-writer), and that floor comes back beside it.
struct WatchRun
{
    QJsonObject watch;
    QJsonObject floor; // only with the reader idle
};

WatchRun watchTextLatency(const QString &count, const QString &idle)
{
    const QString key = uniqueName("watchtext");
    QTemporaryFile lines; // a file, not a pipe: nobody reads the pipe while the writer runs
    if (!lines.open())
        return {};
    QProcess watch;
    watch.setStandardOutputFile(lines.fileName());
    watch.start(QCoreApplication::applicationDirPath() + QStringLiteral("/shmbridge-cli"),
                { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--json"), QStringLiteral("--kind"),
                  QStringLiteral("text"), QStringLiteral("--skip-current"), QStringLiteral("--count"), count,
                  QStringLiteral("--timeout"), QStringLiteral("300") });
    if (!watch.waitForStarted())
        return {};
    const bool paired = idle.toInt() > 0;
    const QJsonObject writer = run({ { paired ? QStringLiteral("paired-writer") : QStringLiteral("text-writer"),
                                       args({ { "key", key }, { "count", count }, { "readers", QStringLiteral("1") }, { "idle-ms", idle } }) } })
                                       .at(0);
    watch.waitForFinished(10000);
    QList<double> latencies;
    while (!lines.atEnd())
        latencies.append(QJsonDocument::fromJson(lines.readLine()).object().value(QStringLiteral("latency_us")).toDouble());
    if (latencies.size() != count.toInt())
        return {};
    return { summarize(latencies), paired ? latencyOf(writer.value(QStringLiteral("floor")).toObject()) : QJsonObject() };
}

QJsonObject textLatency(int count, int idleMs, int rounds)
{
    const QString n = QString::number(count), idle = QString::number(idleMs);
    QJsonObject result;
    // ShmBridge, the floor, Qt Remote Objects and a plain QLocalSocket take
    // turns, round after round, so that the machine's moods fall on all alike.
    QList<QJsonObject> ours, floors, watches, remote, localSockets, iceoryxes;
    QList<double> vsFloor, vsFloorP99, watchVsFloor, watchVsFloorP99, vsRemoteP50, vsRemoteP99, vsLocalSocketP50,
            floorVsRemoteP99, vsIceoryxP50, vsIceoryxP99, readerFaults, writerFaults, floorFaults;
    // With the reader idle, the floor takes its turns update by update
    // inside ShmBridge's run and the CLI's (paired-writer, floorroles.cpp):
    // how fast a sleeping process wakes here changes from second to second,
    // by more than the gap measured, so whole runs in turns would compare
    // the machine's moods. Back to back, the floor runs on its own.
    const bool paired = idleMs > 0;
    for (int round = 0; round < rounds; ++round) {
        const QString key = uniqueName("text");
        const QList<QJsonObject> pair = run({ { QStringLiteral("text-reader"), args({ { "key", key }, { "count", n }, { "name", QStringLiteral("r0") } }) },
                                              { paired ? QStringLiteral("paired-writer") : QStringLiteral("text-writer"),
                                                args({ { "key", key }, { "count", n }, { "readers", QStringLiteral("1") }, { "idle-ms", idle } }) } });
        ours.append(latencyOf(pair.at(0)));
        readerFaults.append(faultsPerUpdate(pair.at(0)));
        writerFaults.append(faultsPerUpdate(pair.at(1)));
        const QJsonObject floor = paired ? pair.at(1).value(QStringLiteral("floor")).toObject()
                                         : run({ { QStringLiteral("floor"), args({ { "count", n }, { "idle-ms", idle } }) } }).at(0);
        floors.append(latencyOf(floor));
        floorFaults.append(faultsPerUpdate(floor));
        const WatchRun watch = watchTextLatency(n, idle);
        watches.append(watch.watch);
        const QJsonObject watchFloor = paired ? watch.floor : floors.last();
        const QString url = QStringLiteral("local:%1").arg(uniqueName("ro"));
        remote.append(latencyOf(run({ { QStringLiteral("ro-source"), args({ { "url", url }, { "count", n }, { "idle-ms", idle } }), true },
                                      { QStringLiteral("ro-replica"), args({ { "url", url }, { "count", n } }) } })
                                        .at(1)));
        const QString server = uniqueName("ls");
        localSockets.append(latencyOf(run({ { QStringLiteral("localsocket-reader"), args({ { "server", server }, { "count", n } }), true },
                                            { QStringLiteral("localsocket-writer"), args({ { "server", server }, { "count", n }, { "idle-ms", idle } }) } })
                                              .at(0)));
        iceoryxes.append(iceoryx({ { "count", n }, { "warmup", QStringLiteral("0") }, { "idle-ms", idle }, { "width", QStringLiteral("0") },
                                   { "height", QStringLiteral("0") } }));
        const auto at = [](const QJsonObject &o, const char *p) { return o.value(QLatin1StringView(p)).toDouble(); };
        if (!iceoryxes.last().contains(QStringLiteral("skipped"))) {
            vsIceoryxP50.append(at(iceoryxes.last(), "p50") / at(ours.last(), "p50"));
            vsIceoryxP99.append(at(iceoryxes.last(), "p99") / at(ours.last(), "p99"));
        }
        vsFloor.append(at(ours.last(), "p50") / at(floors.last(), "p50"));
        vsFloorP99.append(at(ours.last(), "p99") / at(floors.last(), "p99"));
        if (at(watchFloor, "p50") > 0) {
            watchVsFloor.append(at(watches.last(), "p50") / at(watchFloor, "p50"));
            watchVsFloorP99.append(at(watches.last(), "p99") / at(watchFloor, "p99"));
        }
        vsLocalSocketP50.append(at(localSockets.last(), "p50") / at(ours.last(), "p50"));
        // How much faster than Qt Remote Objects a bare eventfd wake-up is:
        // no design woken that way can beat this ratio.
        floorVsRemoteP99.append(at(remote.last(), "p99") / at(floors.last(), "p99"));
        vsRemoteP50.append(at(remote.last(), "p50") / at(ours.last(), "p50"));
        vsRemoteP99.append(at(remote.last(), "p99") / at(ours.last(), "p99"));
    }
    result.insert(QStringLiteral("shmbridge"), medianRound(ours));
    result.insert(QStringLiteral("floor"), medianRound(floors));
    result.insert(QStringLiteral("qtro_local"), medianRound(remote));
    result.insert(QStringLiteral("minor_faults_per_update"),
                  QJsonObject { { QStringLiteral("shmbridge_reader"), spread(readerFaults) },
                                { QStringLiteral("shmbridge_writer"), spread(writerFaults) },
                                { QStringLiteral("floor_reader"), spread(floorFaults) } });
    result.insert(QStringLiteral("vs_floor_p50"), spread(vsFloor));
    result.insert(QStringLiteral("vs_floor_p99"), spread(vsFloorP99));
    result.insert(QStringLiteral("watch"), medianRound(watches));
    result.insert(QStringLiteral("watch_vs_floor_p50"), spread(watchVsFloor));
    result.insert(QStringLiteral("watch_vs_floor_p99"), spread(watchVsFloorP99));
    result.insert(QStringLiteral("qtro_local_slower_p50"), spread(vsRemoteP50));
    result.insert(QStringLiteral("qtro_local_slower_p99"), spread(vsRemoteP99));
    result.insert(QStringLiteral("qlocalsocket"), medianRound(localSockets));
    result.insert(QStringLiteral("qlocalsocket_slower_p50"), spread(vsLocalSocketP50));
    result.insert(QStringLiteral("qtro_local_slower_than_floor_p99"), spread(floorVsRemoteP99));
    if (vsIceoryxP50.isEmpty()) {
        result.insert(QStringLiteral("iceoryx"), iceoryxes.constFirst());
    } else {
        result.insert(QStringLiteral("iceoryx"), medianRound(iceoryxes));
        result.insert(QStringLiteral("iceoryx_slower_p50"), spread(vsIceoryxP50));
        result.insert(QStringLiteral("iceoryx_slower_p99"), spread(vsIceoryxP99));
    }
    const int port = 20000 + int(QRandomGenerator::global()->bounded(40000));
    {
        const QString url = QStringLiteral("tcp://127.0.0.1:%1").arg(port);
        const auto r = run({ { QStringLiteral("ro-source"), args({ { "url", url }, { "count", n }, { "idle-ms", idle } }), true },
                             { QStringLiteral("ro-replica"), args({ { "url", url }, { "count", n } }) } });
        result.insert(QStringLiteral("qtro_tcp"), latencyOf(r.at(1)));
    }
    result.insert(QStringLiteral("count"), count);
    result.insert(QStringLiteral("rounds"), rounds);
    result.insert(QStringLiteral("reader_idle_ms"), idleMs);
    result.insert(QStringLiteral("floor_in_turns"), paired);
    return result;
}

QJsonObject memcpyFloor(int width, int height, int count)
{
    const std::size_t bytes = std::size_t(width) * std::size_t(height) * 4;
    QByteArray source(qsizetype(bytes), 'x');
    QByteArray target(qsizetype(bytes), 'y');
    QList<double> samples;
    for (int i = 0; i < count; ++i) {
        source[i] = char(i); // a fresh value each time, so nothing is elided
        QElapsedTimer timer;
        timer.start();
        std::memcpy(target.data(), source.constData(), bytes);
        samples.append(double(timer.nsecsElapsed()) / 1000.0);
    }
    return summarize(samples);
}

QJsonObject imageHandoff(int width, int height, bool quick)
{
    const QString w = QString::number(width), h = QString::number(height);
    const bool fourK = width >= 3840;
    QJsonObject result;
    {
        // Warm: the first frames, which pay for fresh memory, are measured
        // apart (coldFirstImage) and left out here.
        const QString key = uniqueName("image");
        const int count = quick ? 10 : 200, warmup = 5;
        const QString n = QString::number(count), skip = QString::number(warmup);
        const auto r = run({ { QStringLiteral("image-reader"), args({ { "key", key }, { "count", n }, { "warmup", skip }, { "name", QStringLiteral("r0") } }) },
                             { QStringLiteral("image-writer"), args({ { "key", key }, { "count", n }, { "warmup", skip }, { "width", w }, { "height", h } }) } });
        result.insert(QStringLiteral("shmbridge"), latencyOf(r.at(0)));
        const double frameBytes = double(width) * height * 4;
        result.insert(QStringLiteral("copies"),
                      QJsonObject { { QStringLiteral("writer"), r.at(1).value(QStringLiteral("copies")).toDouble() },
                                    { QStringLiteral("reader"), r.at(0).value(QStringLiteral("copied_from_shared")).toDouble()
                                                                        / (frameBytes * (count + warmup)) } });
    }
    {
        const QString server = uniqueName("classic");
        const QString n = QString::number(quick ? 2 : fourK ? 5 : 15);
        const auto r = run({ { QStringLiteral("classic-reader"), args({ { "server", server }, { "count", n } }), true },
                             { QStringLiteral("classic-writer"), args({ { "server", server }, { "count", n }, { "width", w }, { "height", h } }) } });
        result.insert(QStringLiteral("classic_qt_example"), latencyOf(r.at(0)));
    }
    {
        const QString url = QStringLiteral("local:%1").arg(uniqueName("roimg"));
        const QString n = QString::number(quick ? 5 : 25);
        const auto r = run({ { QStringLiteral("ro-source"), args({ { "url", url }, { "count", n }, { "idle-ms", QStringLiteral("0") }, { "width", w }, { "height", h } }), true },
                             { QStringLiteral("ro-replica"), args({ { "url", url }, { "count", n } }) } });
        result.insert(QStringLiteral("qtro_local"), latencyOf(r.at(1)));
    }
    // iceoryx's zero-copy loan: the writer copies the pixels into a loaned
    // chunk, the reader wraps the chunk in a QImage (iceoryxroles.cpp).
    result.insert(QStringLiteral("iceoryx"), iceoryx({ { "count", QString::number(quick ? 10 : 200) }, { "warmup", QStringLiteral("5") },
                                                      { "idle-ms", QStringLiteral("0") }, { "width", w }, { "height", h } }));
    result.insert(QStringLiteral("memcpy"), memcpyFloor(width, height, quick ? 10 : 50));
    result.insert(QStringLiteral("width"), width);
    result.insert(QStringLiteral("height"), height);
    return result;
}

// A fresh writer's first image of width x height (after one of another
// size, with warmup) reaching a reader already in the room, against the
// cold floor, alternating run by run, in several rounds.
QJsonObject coldFirstImage(int width, int height, int runs, int rounds, int warmupWidth = 0, int warmupHeight = 0)
{
    const QString w = QString::number(width), h = QString::number(height);
    QList<QJsonObject> ours, floors;
    QList<double> ratios;
    for (int round = 0; round < rounds; ++round) {
        const QString key = uniqueName("cold");
        std::unique_ptr<QProcess> reader(startRole({ QStringLiteral("cold-reader"),
                                                     args({ { "key", key }, { "count", QString::number(runs) }, { "width", w } }) }));
        if (!waitForLine(*reader, "listening"))
            return {};
        QList<double> floor;
        for (int i = 0; i < runs; ++i) {
            floor.append(run({ { QStringLiteral("cold-floor"), args({ { "width", w }, { "height", h } }) } })
                                 .at(0).value(QStringLiteral("latency_us")).toDouble());
            run({ { QStringLiteral("cold-writer"), args({ { "key", key }, { "name", QStringLiteral("cold-writer-%1").arg(i) },
                                                          { "width", w }, { "height", h },
                                                          { "warmup-width", QString::number(warmupWidth) },
                                                          { "warmup-height", QString::number(warmupHeight) } }) } });
            if (i + 1 < runs && !waitForLine(*reader, "settled"))
                return {};
        }
        ours.append(latencyOf(resultOf(*reader)));
        floors.append(summarize(floor));
        ratios.append(ours.last().value(QStringLiteral("p50")).toDouble() / floors.last().value(QStringLiteral("p50")).toDouble());
    }
    return { { QStringLiteral("shmbridge"), medianRound(ours) },
             { QStringLiteral("floor"), medianRound(floors) },
             { QStringLiteral("vs_floor_p50"), spread(ratios) },
             { QStringLiteral("runs"), runs },
             { QStringLiteral("width"), width },
             { QStringLiteral("height"), height } };
}

// New readers, one after another, each a fresh process joining a room where
// an image waits: from join() to holding it.
QJsonObject newReaderFirstImage(int width, int height, int runs)
{
    const QString key = uniqueName("fresh");
    std::unique_ptr<QProcess> holder(startRole({ QStringLiteral("image-holder"),
                                                 args({ { "key", key }, { "count", QString::number(runs) },
                                                        { "width", QString::number(width) }, { "height", QString::number(height) } }) }));
    if (!waitForLine(*holder, "listening"))
        return {};
    QList<double> latencies;
    for (int i = 0; i < runs; ++i)
        latencies.append(run({ { QStringLiteral("fresh-reader"), args({ { "key", key } }) } }).at(0).value(QStringLiteral("latency_us")).toDouble());
    resultOf(*holder);
    return { { QStringLiteral("shmbridge"), summarize(latencies) }, { QStringLiteral("runs"), runs } };
}

// `shmbridge-cli watch --json` (SHA-256 of every frame on) under a paced 4K
// stream: what it receives, what it skips, and how late.
QJsonObject watchStream(int fps, int seconds)
{
    const QString key = uniqueName("watch");
    QProcess watch;
    watch.start(QCoreApplication::applicationDirPath() + QStringLiteral("/shmbridge-cli"),
                { QStringLiteral("watch"), QStringLiteral("--key"), key, QStringLiteral("--json"), QStringLiteral("--skip-current") });
    if (!watch.waitForStarted())
        return {};
    const QJsonObject writer = run({ { QStringLiteral("paced-writer"),
                                       args({ { "key", key }, { "width", QStringLiteral("3840") }, { "height", QStringLiteral("2160") },
                                              { "interval-ms", QString::number(1000 / fps) }, { "seconds", QString::number(seconds) },
                                              { "readers", QStringLiteral("1") } }) } })
                                       .at(0);
    const qint64 last = writer.value(QStringLiteral("published")).toInteger();
    // Until the last frame is printed; a frame it has not printed within
    // two seconds of the writer finishing, it missed.
    QList<double> latencies;
    QElapsedTimer grace;
    grace.start();
    bool sawLast = false;
    while (!sawLast && grace.elapsed() < 2000) {
        while (watch.canReadLine()) {
            const QJsonObject o = QJsonDocument::fromJson(watch.readLine()).object();
            if (o.value(QStringLiteral("kind")).toString() != QLatin1String("image") || o.value(QStringLiteral("sha256")).toString().isEmpty())
                continue;
            latencies.append(o.value(QStringLiteral("latency_us")).toDouble());
            sawLast = o.value(QStringLiteral("seq")).toInteger() == last;
        }
        if (!sawLast)
            watch.waitForReadyRead(int(2000 - std::min<qint64>(grace.elapsed(), 2000)));
    }
    watch.terminate();
    watch.waitForFinished();
    const double published = writer.value(QStringLiteral("published")).toDouble();
    return { { QStringLiteral("published"), published },
             { QStringLiteral("received"), latencies.size() },
             { QStringLiteral("skipped"), published - double(latencies.size()) },
             { QStringLiteral("fps"), fps },
             { QStringLiteral("seconds"), seconds },
             { QStringLiteral("latency_us"), summarize(latencies) } };
}

// For the detail: the texels it uploaded per frame, against the frame's.
QString texelsNote(const QJsonObject &shown)
{
    const double texels = shown.value(QStringLiteral("uploaded_texels_per_frame")).toDouble();
    if (shown.value(QStringLiteral("card_width")).toInt() > 0 || texels <= 0)
        return {};
    const double frame = shown.value(QStringLiteral("width")).toDouble() * shown.value(QStringLiteral("height")).toDouble();
    return QStringLiteral("; uploaded %1 Mtexels a frame (%2% of the frame)").arg(texels / 1e6, 0, 'f', 2).arg(100 * texels / frame, 0, 'f', 0);
}

// From writeImage in A to B's window having drawn the frame, on a real
// display (scripts/bench.sh starts Xvfb); the first frame apart (cold). With
// cardWidth, the window shows it as a card of that width does.
QJsonObject onScreen(int width, int height, int frames, int cardWidth = 0)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY"))
        return { { QStringLiteral("skipped"), QStringLiteral("no DISPLAY: run scripts/bench.sh, which starts Xvfb") } };
    const QString key = uniqueName("screen");
    const int intervalMs = 150; // one frame at a time: each is drawn before the next is published
    const auto r = run({ { QStringLiteral("screen-reader"),
                           args({ { "key", key }, { "count", QString::number(frames) }, { "width", QString::number(width) },
                                  { "height", QString::number(height) }, { "card-width", QString::number(cardWidth) } }),
                           false, { QStringLiteral("QT_QPA_PLATFORM=xcb") } },
                         { QStringLiteral("paced-writer"),
                           args({ { "key", key }, { "width", QString::number(width) }, { "height", QString::number(height) },
                                  { "interval-ms", QString::number(intervalMs) },
                                  // Frames the window cannot draw in time are skipped, so the
                                  // stream runs until the reader has its frames and leaves.
                                  { "seconds", QString::number((2 * frames + 10) * intervalMs / 1000 + 1) },
                                  { "readers", QStringLiteral("1") } }) } });
    if (!r.at(0).contains(QStringLiteral("latency_us")))
        return { { QStringLiteral("skipped"), QStringLiteral("the window did not draw %1 frames").arg(frames) } };
    return { { QStringLiteral("warm"), r.at(0).value(QStringLiteral("latency_us")).toObject() },
             { QStringLiteral("first_us"), r.at(0).value(QStringLiteral("first_us")).toDouble() },
             { QStringLiteral("uploaded_texels_per_frame"), r.at(0).value(QStringLiteral("uploaded_texels_per_frame")).toDouble() },
             { QStringLiteral("pan_frame_us"), r.at(0).value(QStringLiteral("pan_frame_us")).toObject() },
             { QStringLiteral("pan_uploaded_texels_per_frame"), r.at(0).value(QStringLiteral("pan_uploaded_texels_per_frame")).toDouble() },
             { QStringLiteral("reader_copies"), r.at(0).value(QStringLiteral("copies")).toObject().value(QStringLiteral("from_shared")).toDouble() },
             { QStringLiteral("writer_copies"), r.at(1).value(QStringLiteral("copies")).toObject().value(QStringLiteral("to_shared")).toDouble() },
             { QStringLiteral("width"), width },
             { QStringLiteral("height"), height },
             { QStringLiteral("card_width"), cardWidth } };
}

// CPU time of every thread of a process so far, in ms, read from outside
// (schedstat: nanoseconds, where getrusage and /proc/<pid>/stat count ticks,
// and where asking the process itself would wake it).
double processCpuMs(qint64 pid)
{
    double ns = 0;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(tasks.filePath(task + QStringLiteral("/schedstat")));
        if (stat.open(QIODevice::ReadOnly))
            ns += stat.readAll().split(' ').value(0).toDouble();
    }
    return ns / 1e6;
}

// The real app, idle in a room with one other peer: CPU time over seconds,
// read from /proc once its window has settled.
QJsonObject appIdle(bool kiosk, int seconds)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY"))
        return { { QStringLiteral("skipped"), QStringLiteral("no DISPLAY") } };
    const QString key = uniqueName("appidle");
    QProcess app;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    app.setProcessEnvironment(environment);
    QStringList arguments { QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("idle-app") };
    if (kiosk)
        arguments << QStringLiteral("--kiosk");
    app.start(QCoreApplication::applicationDirPath() + QStringLiteral("/shmbridge"), arguments);
    const auto cpu = [&] { return processCpuMs(app.processId()); };
    // Another peer stays in the room throughout; once it has met the app,
    // the app gets two seconds to finish starting (fonts, first frames).
    std::unique_ptr<QProcess> other(startRole({ QStringLiteral("idle-peer"),
                                                args({ { "key", key }, { "name", QStringLiteral("other") },
                                                       { "seconds", QString::number(seconds + 4) } }) }));
    if (!waitForLine(*other, "listening"))
        return {};
    QThread::sleep(2);
    const double before = cpu();
    QThread::sleep(unsigned(seconds)); // the measurement itself: a span of idle time
    const double after = cpu();
    app.terminate();
    app.waitForFinished();
    resultOf(*other);
    return { { QStringLiteral("seconds"), seconds }, { QStringLiteral("cpu_ms"), after - before } };
}

// Asks the app's remote control (--control) one command; its answer's
// words after "ok", or an empty string on an error or after timeoutMs.
QString ask(QProcess &app, const QString &command, int timeoutMs = 40000)
{
    app.write((command + QLatin1Char('\n')).toUtf8());
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        while (app.canReadLine()) {
            const QString line = QString::fromUtf8(app.readLine()).trimmed();
            if (line.startsWith(QLatin1String("ok ")))
                return line.mid(3);
            if (line.startsWith(QLatin1String("error "))) {
                QTextStream(stderr) << "bench: the app answered \"" << command << "\" with " << line << Qt::endl;
                return {};
            }
        }
        if (app.state() == QProcess::NotRunning || !app.waitForReadyRead(int(timeoutMs - timer.elapsed())))
            break;
    }
    return {};
}

// The real app in a wall of streams: `streams` cameras (roomtool persona)
// each sending 1920x1080 frames 30 times a second, the app fullscreen on
// an Xvfb screen (`display`; the kiosk's 800x480 is screen 1 of the bench's
// Xvfb, with the on-screen keyboard open), and a person typing ten keys a
// second (xdotool, real X input) into the message field. Measured over
// `seconds`, after a warm-up: the app's drawn frames per second, its CPU
// (all threads: GUI, render, image worker), and for each key the time from
// the X server stamping it to the swap of the frame that shows it (the
// app's remote control "stats", framestats.h).
QJsonObject wallOfStreams(const QString &display, bool kiosk, int streams, int seconds, const QString &screenshot)
{
    if (display.isEmpty())
        return { { QStringLiteral("skipped"), QStringLiteral("no DISPLAY: run scripts/bench.sh, which starts Xvfb") } };
    const QString key = uniqueName("wall");
    const QString bin = QCoreApplication::applicationDirPath();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    environment.insert(QStringLiteral("DISPLAY"), display);
    const int lifetime = seconds + 60;
    std::vector<std::unique_ptr<QProcess>> cameras;
    for (int i = 0; i < streams; ++i) {
        auto camera = std::make_unique<QProcess>();
        camera->start(bin + QStringLiteral("/roomtool"),
                      { QStringLiteral("persona"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                        QStringLiteral("camera%1").arg(i), QStringLiteral("--stream"), QStringLiteral("1920x1080@30"),
                        QStringLiteral("--seconds"), QString::number(lifetime) });
        cameras.push_back(std::move(camera));
    }
    QProcess app;
    app.setProcessEnvironment(environment);
    app.setProcessChannelMode(QProcess::SeparateChannels);
    app.start(bin + QStringLiteral("/shmbridge"),
              { QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("wall"), QStringLiteral("--control"),
                kiosk ? QStringLiteral("--kiosk") : QStringLiteral("--fullscreen") });
    QByteArray xdotoolOutput;
    const auto xdotool = [&](const QStringList &arguments) {
        QProcess tool;
        tool.setProcessEnvironment(environment);
        tool.start(QStringLiteral("xdotool"), arguments);
        const bool ok = tool.waitForFinished(120000) && tool.exitCode() == 0;
        xdotoolOutput = tool.readAllStandardOutput();
        return ok;
    };
    // X's input focus on the app's window: the first of its windows that
    // takes it (Qt also makes a hidden one per process).
    const auto focusApp = [&] {
        if (!xdotool({ QStringLiteral("search"), QStringLiteral("--sync"), QStringLiteral("--pid"), QString::number(app.processId()) }))
            return false;
        const QList<QByteArray> windows = xdotoolOutput.trimmed().split('\n');
        return std::any_of(windows.begin(), windows.end(), [&](const QByteArray &window) {
            return xdotool({ QStringLiteral("windowfocus"), QStringLiteral("--sync"), QString::fromLatin1(window) });
        });
    };
    const auto stop = [&] {
        app.write("quit\n");
        if (!app.waitForFinished(10000))
            app.kill();
        app.waitForFinished();
        for (auto &camera : cameras) {
            camera->terminate();
            camera->waitForFinished();
        }
    };
    QJsonObject result { { QStringLiteral("streams"), streams }, { QStringLiteral("stream"), QStringLiteral("1920x1080@30") },
                         { QStringLiteral("kiosk"), kiosk } };
    // In the room with every camera, then focused on the message field
    // (in the kiosk, that opens the keyboard), with the X focus on its window.
    if (ask(app, QStringLiteral("wait bridge peerCount %1 60000").arg(streams), 70000).isEmpty()
        || ask(app, QStringLiteral("click messageInput")).isEmpty()
        || !focusApp()) {
        stop();
        QTextStream(stderr) << "bench: the app in the wall: " << app.readAllStandardError() << Qt::endl;
        result.insert(QStringLiteral("skipped"), QStringLiteral("the app did not come up in the room with its cameras"));
        return result;
    }
    // Three seconds of streaming before measuring, as the other rows leave
    // out their first frames: the cameras' buffers are new to the app once.
    QThread::sleep(3);
    const auto readStats = [&] {
        return QJsonDocument::fromJson(ask(app, QStringLiteral("stats")).toUtf8()).object();
    };
    const double cpuBefore = processCpuMs(app.processId());
    const double framesBefore = readStats().value(QStringLiteral("frames")).toDouble(); // and forgets the keys so far
    QElapsedTimer span;
    span.start();
    const int keys = seconds * 10;
    QStringList typing { QStringLiteral("key"), QStringLiteral("--delay"), QStringLiteral("100") };
    for (int i = 0; i < keys; ++i)
        typing << QStringLiteral("a");
    const bool typed = xdotool(typing);
    const QJsonObject stats = readStats();
    const double elapsedS = double(span.elapsed()) / 1000.0;
    const double cpuMs = processCpuMs(app.processId()) - cpuBefore;
    ask(app, QStringLiteral("screenshot %1").arg(screenshot)); // to see what was measured
    stop();
    QList<double> latencies;
    for (const QJsonValue &ms : stats.value(QStringLiteral("key_to_frame_ms")).toArray())
        latencies.append(ms.toDouble());
    result.insert(QStringLiteral("seconds"), elapsedS);
    result.insert(QStringLiteral("frames_per_s"), (stats.value(QStringLiteral("frames")).toDouble() - framesBefore) / elapsedS);
    result.insert(QStringLiteral("cpu_percent"), cpuMs / elapsedS / 10.0);
    result.insert(QStringLiteral("keys_sent"), typed ? keys : 0);
    result.insert(QStringLiteral("key_to_frame_ms"), summarize(latencies));
    return result;
}

QJsonObject streaming(int readers, int seconds)
{
    const QString key = uniqueName("stream");
    QList<Step> steps;
    for (int i = 0; i < readers; ++i)
        steps.append({ QStringLiteral("stream-reader"), args({ { "key", key }, { "name", QStringLiteral("s%1").arg(i) } }) });
    steps.append({ QStringLiteral("stream-writer"), args({ { "key", key }, { "readers", QString::number(readers) }, { "seconds", QString::number(seconds) } }) });
    const auto r = run(steps, 120000);
    const QJsonObject writer = r.last();
    const double published = writer.value(QStringLiteral("published")).toDouble();
    const double duration = writer.value(QStringLiteral("seconds")).toDouble();
    QJsonArray perReader;
    double worstFps = 1e9;
    for (int i = 0; i < readers; ++i) {
        const double delivered = r.at(i).value(QStringLiteral("delivered")).toDouble();
        const double fps = duration > 0 ? delivered / duration : 0;
        worstFps = std::min(worstFps, fps);
        perReader.append(QJsonObject { { QStringLiteral("delivered"), delivered },
                                       { QStringLiteral("skipped"), published - delivered },
                                       { QStringLiteral("fps"), fps },
                                       { QStringLiteral("cpu_ms"), r.at(i).value(QStringLiteral("stream_cpu_ms")).toDouble() } });
    }
    return { { QStringLiteral("readers"), readers },
             { QStringLiteral("published"), published },
             { QStringLiteral("seconds"), duration },
             { QStringLiteral("published_fps"), duration > 0 ? published / duration : 0 },
             { QStringLiteral("writer_cpu_ms"), writer.value(QStringLiteral("stream_cpu_ms")).toDouble() },
             { QStringLiteral("worst_reader_fps"), worstFps },
             { QStringLiteral("per_reader"), perReader } };
}

// Two bridge peers in a room, doing nothing: the CPU time of one of them
// over seconds, starting a second after they met.
QJsonObject idleCost(int seconds)
{
    const QString key = uniqueName("idle");
    const QString lifetime = QString::number(seconds + 4);
    std::unique_ptr<QProcess> a(startRole({ QStringLiteral("idle-peer"), args({ { "key", key }, { "name", QStringLiteral("a") }, { "seconds", lifetime } }) }));
    std::unique_ptr<QProcess> b(startRole({ QStringLiteral("idle-peer"), args({ { "key", key }, { "name", QStringLiteral("b") }, { "seconds", lifetime } }) }));
    if (!waitForLine(*a, "listening") || !waitForLine(*b, "listening"))
        return {};
    QThread::sleep(1);
    const double before = processCpuMs(a->processId());
    QThread::sleep(unsigned(seconds)); // the measurement itself: a span of idle time
    const double after = processCpuMs(a->processId());
    resultOf(*a);
    resultOf(*b);
    return { { QStringLiteral("seconds"), seconds }, { QStringLiteral("cpu_ms"), after - before } };
}

QJsonObject scale(int peers, int count)
{
    const QString key = uniqueName("scale");
    const QString n = QString::number(count);
    QList<Step> steps;
    for (int i = 0; i < peers - 1; ++i)
        steps.append({ QStringLiteral("text-reader"), args({ { "key", key }, { "count", n }, { "name", QStringLiteral("r%1").arg(i) } }) });
    steps.append({ QStringLiteral("text-writer"), args({ { "key", key }, { "count", n }, { "readers", QString::number(peers - 1) }, { "idle-ms", QStringLiteral("0") } }) });
    const auto r = run(steps);
    QList<double> p50s;
    double worstP99 = 0;
    for (int i = 0; i < peers - 1; ++i) {
        p50s.append(latencyOf(r.at(i)).value(QStringLiteral("p50")).toDouble());
        worstP99 = std::max(worstP99, latencyOf(r.at(i)).value(QStringLiteral("p99")).toDouble());
    }
    std::sort(p50s.begin(), p50s.end());
    return { { QStringLiteral("peers"), peers },
             { QStringLiteral("count"), count },
             { QStringLiteral("median_reader_p50"), percentile(p50s, 50) },
             { QStringLiteral("worst_reader_p99"), worstP99 } };
}

// --- reporting -----------------------------------------------------------------

QString us(const QJsonObject &latency, const char *which)
{
    const double value = latency.value(QLatin1StringView(which)).toDouble();
    if (value >= 1e6)
        return QStringLiteral("%1 s").arg(value / 1e6, 0, 'f', 2);
    if (value >= 1e3)
        return QStringLiteral("%1 ms").arg(value / 1e3, 0, 'f', 2);
    return QStringLiteral("%1 µs").arg(value, 0, 'f', 1);
}

QString triple(const QJsonObject &latency)
{
    return QStringLiteral("%1 / %2 / %3").arg(us(latency, "p50"), us(latency, "p99"), us(latency, "p999"));
}

// A latency as shown, or why it was not measured.
QString measured(const QJsonObject &latency, const std::function<QString(const QJsonObject &)> &shown)
{
    return latency.contains(QStringLiteral("skipped")) ? QStringLiteral("not measured: ") + latency.value(QStringLiteral("skipped")).toString()
                                                      : shown(latency);
}

// A ratio measured round by round: its median, and the spread of rounds.
QString ratio(const QJsonObject &parent, const char *name)
{
    const QJsonObject s = parent.value(QLatin1StringView(name)).toObject();
    return QStringLiteral("%1x (rounds %2–%3)").arg(s.value(QStringLiteral("median")).toDouble(), 0, 'f', 2)
            .arg(s.value(QStringLiteral("min")).toDouble(), 0, 'f', 2).arg(s.value(QStringLiteral("max")).toDouble(), 0, 'f', 2);
}

double p(const QJsonObject &parent, const char *name, const char *which)
{
    return parent.value(QLatin1StringView(name)).toObject().value(QLatin1StringView(which)).toDouble();
}

QJsonArray targets(const QJsonObject &results)
{
    const auto object = [&](const char *name) { return results.value(QLatin1StringView(name)).toObject(); };
    const auto median = [](const QJsonObject &parent, const char *name) {
        return parent.value(QLatin1StringView(name)).toObject().value(QStringLiteral("median")).toDouble();
    };
    const auto range = [](const QJsonObject &parent, const char *name) {
        const QJsonObject s = parent.value(QLatin1StringView(name)).toObject();
        return QStringLiteral(" (rounds %1–%2)").arg(s.value(QStringLiteral("min")).toDouble(), 0, 'f', 2)
                .arg(s.value(QStringLiteral("max")).toDouble(), 0, 'f', 2);
    };
    const QJsonObject text = object("text_back_to_back");
    const QJsonObject cold = object("cold_3840x2160");
    const QJsonObject fourK = object("image_3840x2160");
    const QJsonObject fullHd = object("image_1920x1080");
    const QJsonObject watch = object("watch_4k");
    const QJsonObject screen = object("on_screen_3840x2160");
    const QJsonObject card = object("on_screen_3840x2160_card");
    const QJsonObject textIdle = object("text_reader_idle");
    const double roP50 = median(text, "qtro_local_slower_p50");
    const double coldVsFloor = median(cold, "vs_floor_p50");
    const double tail4K = p(fourK, "shmbridge", "p99") / p(fourK, "shmbridge", "p50");
    const double tailHd = p(fullHd, "shmbridge", "p99") / p(fullHd, "shmbridge", "p50");
    const double watchSkipped = watch.value(QStringLiteral("skipped")).toDouble(-1);
    const double watchP99 = p(watch, "latency_us", "p99") / 1000.0;
    const double memcpy4K = p(fourK, "memcpy", "p50") / 1000.0;
    const double screenBudget = 2 * memcpy4K + 1000.0 / 60.0;
    const double screenP50 = screen.value(QStringLiteral("warm")).toObject().value(QStringLiteral("p50")).toDouble() / 1000.0;
    const bool screenMeasured = !screen.contains(QStringLiteral("skipped"));
    const double cardP50 = card.value(QStringLiteral("warm")).toObject().value(QStringLiteral("p50")).toDouble() / 1000.0;
    const double cardP99 = card.value(QStringLiteral("warm")).toObject().value(QStringLiteral("p99")).toDouble() / 1000.0;
    const bool cardMeasured = !card.contains(QStringLiteral("skipped"));
    const double panP99 = p(screen, "pan_frame_us", "p99") / 1000.0;
    const bool panMeasured = screen.value(QStringLiteral("pan_frame_us")).toObject().value(QStringLiteral("count")).toInt() > 0;
    const auto onBudget = [&](const QJsonObject &measured, double ms) {
        return !measured.contains(QStringLiteral("skipped"))
                ? QStringLiteral("%1 ms (budget %2 ms)").arg(ms, 0, 'f', 1).arg(screenBudget, 0, 'f', 1)
                : QStringLiteral("not measured: ") + measured.value(QStringLiteral("skipped")).toString();
    };
    const double imageVsClassic = p(fourK, "classic_qt_example", "p50") / p(fourK, "shmbridge", "p50");
    const double imageVsRo = p(fourK, "qtro_local", "p50") / p(fourK, "shmbridge", "p50");
    const double idle = object("idle").value(QStringLiteral("cpu_ms")).toDouble();
    const double idleDesktop = object("idle_app_desktop").value(QStringLiteral("cpu_ms")).toDouble(-1);
    const double idleKiosk = object("idle_app_kiosk").value(QStringLiteral("cpu_ms")).toDouble(-1);
    const QJsonObject wall = object("wall_1280x800");
    const QJsonObject kioskWall = object("wall_800x480_kiosk");
    const auto wallFps = [](const QJsonObject &w) { return w.value(QStringLiteral("frames_per_s")).toDouble(); };
    // A key that never showed counts as too slow: -1 unless every key sent was timed.
    const auto wallKeyP99 = [](const QJsonObject &w) {
        const QJsonObject keys = w.value(QStringLiteral("key_to_frame_ms")).toObject();
        const int timed = keys.value(QStringLiteral("count")).toInt();
        return timed > 0 && timed == w.value(QStringLiteral("keys_sent")).toInt() ? keys.value(QStringLiteral("p99")).toDouble() : -1.0;
    };
    const auto wallShown = [](const QJsonObject &w, const QString &shown) {
        if (w.contains(QStringLiteral("skipped")))
            return QStringLiteral("not measured: ") + w.value(QStringLiteral("skipped")).toString();
        return shown + QStringLiteral(" (app CPU %1% of a core)").arg(w.value(QStringLiteral("cpu_percent")).toDouble(), 0, 'f', 0);
    };
    const auto keysShown = [](const QJsonObject &w, double p99) {
        return p99 < 0 ? QStringLiteral("%1 of %2 keys reached the screen")
                                 .arg(w.value(QStringLiteral("key_to_frame_ms")).toObject().value(QStringLiteral("count")).toInt())
                                 .arg(w.value(QStringLiteral("keys_sent")).toInt())
                       : QStringLiteral("%1 ms (p50 %2 ms, %3 keys)").arg(p99, 0, 'f', 0)
                                 .arg(w.value(QStringLiteral("key_to_frame_ms")).toObject().value(QStringLiteral("p50")).toDouble(), 0, 'f', 0)
                                 .arg(w.value(QStringLiteral("key_to_frame_ms")).toObject().value(QStringLiteral("count")).toInt());
    };
    const QJsonArray streams = results.value(QStringLiteral("streaming")).toArray();
    const double fps = streams.isEmpty() ? 0 : streams.at(0).toObject().value(QStringLiteral("worst_reader_fps")).toDouble();
    const auto row = [](const char *what, const char *target, double value, bool met, const QString &shown) {
        return QJsonObject { { QStringLiteral("measurement"), QLatin1StringView(what) },
                             { QStringLiteral("target"), QLatin1StringView(target) },
                             { QStringLiteral("value"), value },
                             { QStringLiteral("shown"), shown },
                             { QStringLiteral("met"), met } };
    };
    // The median round's ratio against its target, with the spread of rounds.
    const auto vsFloorRow = [&](const char *what, const QJsonObject &measured, const char *ratio, double target) {
        const double value = median(measured, ratio);
        QJsonObject shown = row(what, "", value, value > 0 && value <= target,
                                QStringLiteral("%1x").arg(value, 0, 'f', 2) + range(measured, ratio));
        shown.insert(QStringLiteral("target"), QStringLiteral("<= %1x").arg(target));
        return shown;
    };
    QJsonArray rows {
        row("4K first image, writer start -> reader holds it, vs the cold floor", "<= 1.5x", coldVsFloor, coldVsFloor > 0 && coldVsFloor <= 1.5,
            QStringLiteral("%1x").arg(coldVsFloor, 0, 'f', 2) + range(cold, "vs_floor_p50")),
        row("4K hand-off p99 vs its p50", "<= 3x", tail4K, tail4K <= 3, QStringLiteral("%1x").arg(tail4K, 0, 'f', 2)),
        row("1080p hand-off p99 vs its p50", "<= 3x", tailHd, tailHd <= 3, QStringLiteral("%1x").arg(tailHd, 0, 'f', 2)),
        row("watch --json, 4K at 30 frames/s, 10 s: frames skipped", "0", watchSkipped, watchSkipped == 0,
            QStringLiteral("%1 of %2").arg(watchSkipped).arg(watch.value(QStringLiteral("published")).toDouble())),
        row("watch --json, 4K at 30 frames/s, 10 s: p99 latency", "<= 50 ms", watchP99, watchP99 <= 50, QStringLiteral("%1 ms").arg(watchP99, 0, 'f', 1)),
        row("app: 4K publish -> drawn in the detail at 1:1 (1280x720), warm p50", "<= 2 memcpy + 1 frame", screenP50,
            screenMeasured && screenP50 <= screenBudget, onBudget(screen, screenP50)),
        row("app: dragging the detail at 1:1 over a 4K stream, time between frames p99", "<= 16.7 ms (60 Hz)", panP99,
            panMeasured && panP99 <= 1000.0 / 60.0,
            panMeasured ? QStringLiteral("%1 ms (p50 %2 ms)").arg(panP99, 0, 'f', 1).arg(p(screen, "pan_frame_us", "p50") / 1000.0, 0, 'f', 1)
                        : QStringLiteral("not measured")),
        row("app: 4K publish -> drawn in a card (320 px), warm p50", "<= 2 memcpy + 1 frame", cardP50,
            cardMeasured && cardP50 <= screenBudget, onBudget(card, cardP50)),
        row("app: 4K publish -> drawn in a card (320 px), warm p99", "<= 2 memcpy + 1 frame", cardP99,
            cardMeasured && cardP99 <= screenBudget, onBudget(card, cardP99)),
        row("app, 10 x 1080p30 streams, 1280x800: frames drawn per second", ">= 25", wallFps(wall), wallFps(wall) >= 25,
            wallShown(wall, QStringLiteral("%1 frames/s").arg(wallFps(wall), 0, 'f', 1))),
        row("app, 10 x 1080p30 streams, 1280x800: key press -> on screen, p99", "<= 100 ms", wallKeyP99(wall),
            wallKeyP99(wall) >= 0 && wallKeyP99(wall) <= 100, wallShown(wall, keysShown(wall, wallKeyP99(wall)))),
        row("app, 10 x 1080p30 streams, 800x480 kiosk: frames drawn per second", ">= 25", wallFps(kioskWall), wallFps(kioskWall) >= 25,
            wallShown(kioskWall, QStringLiteral("%1 frames/s").arg(wallFps(kioskWall), 0, 'f', 1))),
        row("app, 10 x 1080p30 streams, 800x480 kiosk: key press -> on screen, p99", "<= 100 ms", wallKeyP99(kioskWall),
            wallKeyP99(kioskWall) >= 0 && wallKeyP99(kioskWall) <= 100, wallShown(kioskWall, keysShown(kioskWall, wallKeyP99(kioskWall)))),
        vsFloorRow("text, back to back: p50 vs the eventfd floor", text, "vs_floor_p50", 1.2),
        vsFloorRow("text, back to back: p99 vs the eventfd floor", text, "vs_floor_p99", 1.5),
        vsFloorRow("text, reader idle 1 ms: p50 vs the eventfd floor", textIdle, "vs_floor_p50", 1.2),
        vsFloorRow("text, reader idle 1 ms: p99 vs the eventfd floor", textIdle, "vs_floor_p99", 1.5),
        vsFloorRow("watch --json, text back to back: p50 vs the eventfd floor", text, "watch_vs_floor_p50", 1.2),
        vsFloorRow("watch --json, text, reader idle 1 ms: p50 vs the eventfd floor", textIdle, "watch_vs_floor_p50", 1.2),
        vsFloorRow("watch --json, text, reader idle 1 ms: p99 vs the eventfd floor", textIdle, "watch_vs_floor_p99", 1.5),
        row("text vs Qt Remote Objects (local:), p50", ">= 2x faster", roP50, roP50 >= 2,
            QStringLiteral("%1x faster").arg(roP50, 0, 'f', 2) + range(text, "qtro_local_slower_p50")
                    + QStringLiteral("; p99 %1x, the floor's %2x")
                              .arg(median(text, "qtro_local_slower_p99"), 0, 'f', 2)
                              .arg(median(text, "qtro_local_slower_than_floor_p99"), 0, 'f', 2)),
        row("idle CPU per 10 s, a bridge peer", "< 1 ms", idle, idle < 1, QStringLiteral("%1 ms").arg(idle, 0, 'f', 2)),
        row("idle CPU per 10 s, the app (desktop)", "< 1 ms", idleDesktop, idleDesktop >= 0 && idleDesktop < 1,
            idleDesktop >= 0 ? QStringLiteral("%1 ms").arg(idleDesktop, 0, 'f', 2) : QStringLiteral("not measured: no display")),
        row("idle CPU per 10 s, the app (kiosk)", "< 1 ms", idleKiosk, idleKiosk >= 0 && idleKiosk < 1,
            idleKiosk >= 0 ? QStringLiteral("%1 ms").arg(idleKiosk, 0, 'f', 2) : QStringLiteral("not measured: no display")),
        row("4K image vs the classic Qt example", ">= 100x faster", imageVsClassic, imageVsClassic >= 100, QStringLiteral("%1x faster").arg(imageVsClassic, 0, 'f', 0)),
        row("4K image vs Qt Remote Objects", ">= 10x faster", imageVsRo, imageVsRo >= 10, QStringLiteral("%1x faster").arg(imageVsRo, 0, 'f', 1)),
        row("1080p streaming to one reader", ">= 120 frames/s", fps, fps >= 120, QStringLiteral("%1 frames/s").arg(fps, 0, 'f', 0)),
    };
    return rows;
}

void printTables(const QJsonObject &results)
{
    for (const auto &[key, title] : { std::pair { "text_back_to_back", "Text latency, writeText in A -> textReceived handler in B's main thread, back-to-back" },
                                      std::pair { "text_reader_idle", "Text latency, reader idle 1 ms before each update" } }) {
        const QJsonObject t = results.value(QLatin1StringView(key)).toObject();
        out() << "\n" << title << " (" << t.value(QStringLiteral("count")).toInt() << " updates), p50 / p99 / p99.9\n";
        for (const auto &[name, label] : { std::pair { "floor", "floor: eventfd + QSocketNotifier" }, std::pair { "shmbridge", "ShmBridge" },
                                           std::pair { "watch", "shmbridge-cli watch --json" },
                                           std::pair { "qtro_local", "Qt Remote Objects, local:" }, std::pair { "qtro_tcp", "Qt Remote Objects, tcp://127.0.0.1" },
                                           std::pair { "qlocalsocket", "QLocalSocket ping" },
                                           std::pair { "iceoryx", "Eclipse iceoryx 2.0, Listener -> main" } })
            out() << "  " << QString::fromUtf8(label).leftJustified(38) << measured(t.value(QLatin1StringView(name)).toObject(), triple) << '\n';
        if (t.contains(QStringLiteral("iceoryx_slower_p50")))
            out() << "  ShmBridge against iceoryx: p50 " << ratio(t, "iceoryx_slower_p50") << " faster, p99 "
                  << ratio(t, "iceoryx_slower_p99") << " faster\n";
    }
    for (const char *key : { "image_640x480", "image_1920x1080", "image_3840x2160" }) {
        const QJsonObject t = results.value(QLatin1StringView(key)).toObject();
        out() << "\nImage hand-off " << t.value(QStringLiteral("width")).toInt() << "x" << t.value(QStringLiteral("height")).toInt()
              << " ARGB32, QImage in A -> QImage in B's main thread, p50 / p99\n";
        for (const auto &[name, label] : { std::pair { "memcpy", "floor: one memcpy" }, std::pair { "shmbridge", "ShmBridge" },
                                           std::pair { "qtro_local", "Qt Remote Objects (QByteArray), local:" },
                                           std::pair { "classic_qt_example", "classic Qt example (PNG + QSharedMemory)" },
                                           std::pair { "iceoryx", "Eclipse iceoryx 2.0, loaned chunk" } }) {
            const auto pair = [](const QJsonObject &l) { return us(l, "p50") + QStringLiteral(" / ") + us(l, "p99"); };
            out() << "  " << QString::fromUtf8(label).leftJustified(42) << measured(t.value(QLatin1StringView(name)).toObject(), pair) << '\n';
        }
    }
    out() << "\nCopies of the pixels per frame on the CPU (4K, counted): writer "
          << results.value(QStringLiteral("image_3840x2160")).toObject().value(QStringLiteral("copies")).toObject().value(QStringLiteral("writer")).toDouble()
          << ", reader " << results.value(QStringLiteral("image_3840x2160")).toObject().value(QStringLiteral("copies")).toObject().value(QStringLiteral("reader")).toDouble()
          << "; then one texture upload by the scene graph\n";

    out() << "\nFirst images (cold), writer starts publishing -> reader's main thread holds the QImage, p50 / p99 / max\n";
    for (const auto &[key, label] : { std::pair { "cold_3840x2160", "4K, a fresh writer's first image" },
                                      std::pair { "cold_1920x1080", "1080p, a fresh writer's first image" },
                                      std::pair { "cold_after_size_change", "4K right after a 1080p one (the channel grows)" } }) {
        const QJsonObject c = results.value(QLatin1StringView(key)).toObject();
        const QJsonObject ratio = c.value(QStringLiteral("vs_floor_p50")).toObject();
        out() << "  " << QString::fromUtf8(label).leftJustified(48) << us(c.value(QStringLiteral("shmbridge")).toObject(), "p50") << " / "
              << us(c.value(QStringLiteral("shmbridge")).toObject(), "p99") << " / " << us(c.value(QStringLiteral("shmbridge")).toObject(), "max")
              << "   floor " << us(c.value(QStringLiteral("floor")).toObject(), "p50") << " / " << us(c.value(QStringLiteral("floor")).toObject(), "p99")
              << "   ratio " << QString::number(ratio.value(QStringLiteral("median")).toDouble(), 'f', 2) << "x ("
              << c.value(QStringLiteral("runs")).toInt() << " runs × " << ratio.value(QStringLiteral("rounds")).toArray().size() << " rounds)\n";
    }
    {
        const QJsonObject fresh = results.value(QStringLiteral("cold_new_reader")).toObject().value(QStringLiteral("shmbridge")).toObject();
        out() << "  " << QStringLiteral("4K, a new reader's first image (join -> holds it)").leftJustified(48) << us(fresh, "p50") << " / "
              << us(fresh, "p99") << " / " << us(fresh, "max") << '\n';
    }
    {
        const QJsonObject w = results.value(QStringLiteral("watch_4k")).toObject();
        out() << "\nshmbridge-cli watch --json (SHA-256 on), 4K at " << w.value(QStringLiteral("fps")).toInt() << " frames/s for "
              << w.value(QStringLiteral("seconds")).toInt() << " s: received " << w.value(QStringLiteral("received")).toInt() << " of "
              << w.value(QStringLiteral("published")).toInt() << ", latency p50 / p99 " << triple(w.value(QStringLiteral("latency_us")).toObject()) << '\n';
    }
    out() << "\n4K image to pixels on screen (writeImage in A -> B's window swapped the frame showing it), Xvfb\n";
    for (const auto &[name, shown] : { std::pair { "on_screen_3840x2160", "  the detail at 1:1, 1280x720: " },
                                        std::pair { "on_screen_3840x2160_card", "  a card 320 px wide:          " } }) {
        const QJsonObject sc = results.value(QLatin1StringView(name)).toObject();
        out() << shown;
        if (sc.contains(QStringLiteral("skipped")))
            out() << "not measured: " << sc.value(QStringLiteral("skipped")).toString() << '\n';
        else
            out() << "warm p50 / p99 / p99.9 " << triple(sc.value(QStringLiteral("warm")).toObject()) << "; first frame "
                  << QString::number(sc.value(QStringLiteral("first_us")).toDouble() / 1000.0, 'f', 1) << " ms; CPU copies: writer "
                  << sc.value(QStringLiteral("writer_copies")).toDouble() << ", reader " << sc.value(QStringLiteral("reader_copies")).toDouble()
                  << texelsNote(sc) << '\n';
        const QJsonObject pan = sc.value(QStringLiteral("pan_frame_us")).toObject();
        if (pan.value(QStringLiteral("count")).toInt() > 0)
            out() << "    dragged across the frame, the stream running: time between frames p50 / p99 / p99.9 " << triple(pan)
                  << " (" << pan.value(QStringLiteral("count")).toInt() << " frames); uploaded "
                  << QString::number(sc.value(QStringLiteral("pan_uploaded_texels_per_frame")).toDouble() / 1e6, 'f', 2) << " Mtexels a frame\n";
    }

    out() << "\nThe app under 10 cameras of 1920x1080 at 30 frames/s, someone typing 10 keys a second (xdotool), Xvfb\n";
    for (const auto &[name, shown] : { std::pair { "wall_1280x800", "  desktop 1280x800:   " },
                                        std::pair { "wall_800x480_kiosk", "  kiosk 800x480:      " } }) {
        const QJsonObject w = results.value(QLatin1StringView(name)).toObject();
        const QJsonObject keys = w.value(QStringLiteral("key_to_frame_ms")).toObject();
        out() << shown;
        if (w.contains(QStringLiteral("skipped")))
            out() << "not measured: " << w.value(QStringLiteral("skipped")).toString() << '\n';
        else
            out() << QString::number(w.value(QStringLiteral("frames_per_s")).toDouble(), 'f', 1) << " frames drawn/s, CPU "
                  << qRound(w.value(QStringLiteral("cpu_percent")).toDouble()) << "% of a core; key press -> on screen p50 / p99 / max "
                  << keys.value(QStringLiteral("p50")).toDouble() << " / " << keys.value(QStringLiteral("p99")).toDouble() << " / "
                  << keys.value(QStringLiteral("max")).toDouble() << " ms (" << keys.value(QStringLiteral("count")).toInt() << " of "
                  << w.value(QStringLiteral("keys_sent")).toInt() << " keys)\n";
    }

    out() << "\n1080p streaming, as fast as the room goes\n";
    for (const QJsonValue &v : results.value(QStringLiteral("streaming")).toArray()) {
        const QJsonObject s = v.toObject();
        out() << "  " << s.value(QStringLiteral("readers")).toInt() << " reader(s): published "
              << qRound(s.value(QStringLiteral("published_fps")).toDouble()) << " frames/s (writer CPU "
              << qRound(s.value(QStringLiteral("writer_cpu_ms")).toDouble()) << " ms in "
              << QString::number(s.value(QStringLiteral("seconds")).toDouble(), 'f', 1) << " s)";
        for (const QJsonValue &r : s.value(QStringLiteral("per_reader")).toArray())
            out() << "; reader " << qRound(r.toObject().value(QStringLiteral("fps")).toDouble()) << " frames/s, "
                  << qRound(r.toObject().value(QStringLiteral("skipped")).toDouble()) << " skipped, CPU "
                  << qRound(r.toObject().value(QStringLiteral("cpu_ms")).toDouble()) << " ms";
        out() << '\n';
    }
    const QJsonObject idle = results.value(QStringLiteral("idle")).toObject();
    out() << "\nIdle peer: " << QString::number(idle.value(QStringLiteral("cpu_ms")).toDouble(), 'f', 3) << " ms CPU in "
          << idle.value(QStringLiteral("seconds")).toInt() << " s\n";
    for (const auto &[key, label] : { std::pair { "idle_app_desktop", "Idle app, desktop" }, std::pair { "idle_app_kiosk", "Idle app, kiosk" } }) {
        const QJsonObject a = results.value(QLatin1StringView(key)).toObject();
        if (!a.contains(QStringLiteral("skipped")))
            out() << label << ": " << QString::number(a.value(QStringLiteral("cpu_ms")).toDouble(), 'f', 3) << " ms CPU in "
                  << a.value(QStringLiteral("seconds")).toInt() << " s\n";
    }
    out() << "\nText latency by room size (back-to-back; writer waits for every reader)\n";
    for (const QJsonValue &v : results.value(QStringLiteral("scale")).toArray()) {
        const QJsonObject s = v.toObject();
        out() << "  " << QString::number(s.value(QStringLiteral("peers")).toInt()).rightJustified(2) << " peers: median reader p50 "
              << QString::number(s.value(QStringLiteral("median_reader_p50")).toDouble(), 'f', 1) << " µs, worst reader p99 "
              << QString::number(s.value(QStringLiteral("worst_reader_p99")).toDouble(), 'f', 1) << " µs\n";
    }
    out() << "\nTargets (ratios measured in this run; \"rounds\" shows the spread of interleaved repeats)\n";
    for (const QJsonValue &v : results.value(QStringLiteral("targets")).toArray()) {
        const QJsonObject t = v.toObject();
        out() << "  " << (t.value(QStringLiteral("met")).toBool() ? "met     " : "MISSED  ")
              << t.value(QStringLiteral("measurement")).toString().leftJustified(66)
              << t.value(QStringLiteral("target")).toString().leftJustified(18) << t.value(QStringLiteral("shown")).toString() << '\n';
    }
    out().flush();
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures ShmBridge against the floor, the classic Qt example and Qt Remote Objects."));
    parser.addHelpOption();
    parser.addOptions({ { QStringLiteral("quick"), QStringLiteral("Fewer iterations, for a smoke run.") },
                        { QStringLiteral("out"), QStringLiteral("Directory for bench.json (default bench-results)."), QStringLiteral("dir"), QStringLiteral("bench-results") },
                        { QStringLiteral("text-only"), QStringLiteral("Only the text latencies (a minute): print their JSON.") },
                        { QStringLiteral("wall-only"), QStringLiteral("Only the app under a wall of streams (a minute): print its JSON.") },
                        { QStringLiteral("screen-only"), QStringLiteral("Only a 4K image to pixels on screen (a minute): print its JSON.") },
                        { QStringLiteral("role"), QStringLiteral("Internal: run one process of a measurement."), QStringLiteral("role") } });
    for (const char *name : { "key", "count", "readers", "idle-ms", "name", "width", "height", "url", "server", "seconds",
                             "warmup", "warmup-width", "warmup-height", "interval-ms", "card-width", "extra-fds", "via-epoll", "extra-kinds",
                             "touch-pages", "touch-after", "carry-text" })
        parser.addOption({ QString::fromLatin1(name), QString(), QStringLiteral("value"), QStringLiteral("0") });
    parser.process(app);
    if (parser.isSet(QStringLiteral("role")))
        return bench::runRole(parser.value(QStringLiteral("role")), parser);

    const bool quick = parser.isSet(QStringLiteral("quick"));
    QElapsedTimer total;
    total.start();
    QJsonObject results;
    const auto measureWalls = [&] {
        out() << "measuring the app under a wall of streams..." << Qt::endl;
        // The bench's Xvfb has the 1280x800 desktop as screen 0 and an
        // 800x480 kiosk panel as screen 1 (scripts/bench.sh).
        const QString display = qEnvironmentVariable("DISPLAY").section(QLatin1Char('.'), 0, 0);
        const QDir shots(parser.value(QStringLiteral("out")));
        QDir().mkpath(shots.path());
        const int wallSeconds = quick ? 5 : 20;
        results.insert(QStringLiteral("wall_1280x800"),
                       wallOfStreams(display, false, 10, wallSeconds, shots.absoluteFilePath(QStringLiteral("wall-1280x800.png"))));
        results.insert(QStringLiteral("wall_800x480_kiosk"),
                       wallOfStreams(display.isEmpty() ? display : display + QStringLiteral(".1"), true, 10, wallSeconds,
                                     shots.absoluteFilePath(QStringLiteral("wall-800x480-kiosk.png"))));
    };
    const auto measureScreens = [&] {
        out() << "measuring image to pixels on screen..." << Qt::endl;
        results.insert(QStringLiteral("on_screen_3840x2160"), onScreen(3840, 2160, quick ? 5 : 60));
        results.insert(QStringLiteral("on_screen_3840x2160_card"), onScreen(3840, 2160, quick ? 5 : 60, 320));
    };
    if (parser.isSet(QStringLiteral("screen-only"))) {
        measureScreens();
        out() << QJsonDocument(results).toJson() << Qt::endl;
        return 0;
    }
    if (parser.isSet(QStringLiteral("wall-only"))) {
        measureWalls();
        out() << QJsonDocument(results).toJson() << Qt::endl;
        return 0;
    }
    const int textCount = quick ? 2000 : 10000;
    const int rounds = 3;
    out() << "measuring text latency..." << Qt::endl;
    results.insert(QStringLiteral("text_back_to_back"), textLatency(textCount, 0, rounds));
    results.insert(QStringLiteral("text_reader_idle"), textLatency(quick ? 500 : 5000, 1, rounds));
    if (parser.isSet(QStringLiteral("text-only"))) {
        out() << QJsonDocument(results).toJson() << Qt::endl;
        return 0;
    }
    const int coldRuns = quick ? 5 : 20;
    out() << "measuring first images (cold)..." << Qt::endl;
    results.insert(QStringLiteral("cold_3840x2160"), coldFirstImage(3840, 2160, coldRuns, rounds));
    results.insert(QStringLiteral("cold_1920x1080"), coldFirstImage(1920, 1080, coldRuns, 1));
    results.insert(QStringLiteral("cold_after_size_change"), coldFirstImage(3840, 2160, coldRuns, 1, 1920, 1080));
    results.insert(QStringLiteral("cold_new_reader"), newReaderFirstImage(3840, 2160, coldRuns));
    for (const auto &[w, h] : { std::pair { 640, 480 }, std::pair { 1920, 1080 }, std::pair { 3840, 2160 } }) {
        out() << "measuring image hand-off " << w << "x" << h << "..." << Qt::endl;
        results.insert(QStringLiteral("image_%1x%2").arg(w).arg(h), imageHandoff(w, h, quick));
    }
    out() << "measuring shmbridge-cli watch under a 4K stream..." << Qt::endl;
    results.insert(QStringLiteral("watch_4k"), watchStream(30, quick ? 3 : 10));
    measureScreens();
    measureWalls();
    out() << "measuring streaming..." << Qt::endl;
    results.insert(QStringLiteral("streaming"), QJsonArray { streaming(1, quick ? 2 : 5), streaming(4, quick ? 2 : 5) });
    out() << "measuring idle cost..." << Qt::endl;
    results.insert(QStringLiteral("idle"), idleCost(10));
    results.insert(QStringLiteral("idle_app_desktop"), appIdle(false, 10));
    results.insert(QStringLiteral("idle_app_kiosk"), appIdle(true, 10));
    out() << "measuring scale..." << Qt::endl;
    QJsonArray scales;
    for (int peers : { 2, 4, 8, 16 })
        scales.append(scale(peers, quick ? 300 : 2000));
    results.insert(QStringLiteral("scale"), scales);
    results.insert(QStringLiteral("targets"), targets(results));
    results.insert(QStringLiteral("machine"), QJsonObject { { QStringLiteral("cpus"), QThread::idealThreadCount() },
                                                            { QStringLiteral("qt"), QString::fromLatin1(qVersion()) },
                                                            { QStringLiteral("quick"), quick },
                                                            { QStringLiteral("seconds"), double(total.elapsed()) / 1000.0 } });
    printTables(results);

    const QDir dir(parser.value(QStringLiteral("out")));
    QDir().mkpath(dir.path());
    QFile file(dir.filePath(QStringLiteral("bench.json")));
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    file.write(QJsonDocument(results).toJson());
    out() << "\nwrote " << file.fileName() << " in " << total.elapsed() / 1000 << " s" << Qt::endl;
    return 0;
}

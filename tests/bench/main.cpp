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
#include <QTextStream>
#include <QThread>

#include <cstring>
#include <memory>

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
};

// Runs the processes of one measurement together; returns each one's result.
QList<QJsonObject> run(const QList<Step> &steps, int timeoutMs = 900000)
{
    std::vector<std::unique_ptr<QProcess>> processes;
    for (const Step &step : steps) {
        auto process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::SeparateChannels);
        process->start(QCoreApplication::applicationFilePath(), QStringList { QStringLiteral("--role"), step.role } + step.arguments);
        if (step.waitForListening) {
            while (!process->canReadLine() && process->waitForReadyRead(10000)) { }
            process->readLine();
        }
        processes.push_back(std::move(process));
    }
    QList<QJsonObject> results;
    for (auto &process : processes) {
        if (!process->waitForFinished(timeoutMs) || process->exitCode() != 0) {
            QTextStream(stderr) << "bench: " << process->arguments().join(QLatin1Char(' ')) << " failed: "
                                << process->readAllStandardError() << Qt::endl;
            process->kill();
            results.append(QJsonObject());
            continue;
        }
        const QList<QByteArray> lines = process->readAllStandardOutput().trimmed().split('\n');
        results.append(QJsonDocument::fromJson(lines.last()).object());
    }
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

// --- the measurements ----------------------------------------------------------

QJsonObject textLatency(int count, int idleMs)
{
    const QString n = QString::number(count), idle = QString::number(idleMs);
    QJsonObject result;
    {
        const QString key = uniqueName("text");
        const auto r = run({ { QStringLiteral("text-reader"), args({ { "key", key }, { "count", n }, { "name", QStringLiteral("r0") } }) },
                             { QStringLiteral("text-writer"), args({ { "key", key }, { "count", n }, { "readers", QStringLiteral("1") }, { "idle-ms", idle } }) } });
        result.insert(QStringLiteral("shmbridge"), latencyOf(r.at(0)));
    }
    result.insert(QStringLiteral("floor"), latencyOf(run({ { QStringLiteral("floor"), args({ { "count", n }, { "idle-ms", idle } }) } }).at(0)));
    const int port = 20000 + int(QRandomGenerator::global()->bounded(40000));
    for (const auto &[name, url] : { std::pair { QStringLiteral("qtro_local"), QStringLiteral("local:%1").arg(uniqueName("ro")) },
                                     std::pair { QStringLiteral("qtro_tcp"), QStringLiteral("tcp://127.0.0.1:%1").arg(port) } }) {
        const auto r = run({ { QStringLiteral("ro-source"), args({ { "url", url }, { "count", n }, { "idle-ms", idle } }), true },
                             { QStringLiteral("ro-replica"), args({ { "url", url }, { "count", n } }) } });
        result.insert(name, latencyOf(r.at(1)));
    }
    {
        const QString server = uniqueName("ls");
        const auto r = run({ { QStringLiteral("localsocket-reader"), args({ { "server", server }, { "count", n } }), true },
                             { QStringLiteral("localsocket-writer"), args({ { "server", server }, { "count", n }, { "idle-ms", idle } }) } });
        result.insert(QStringLiteral("qlocalsocket"), latencyOf(r.at(0)));
    }
    result.insert(QStringLiteral("count"), count);
    result.insert(QStringLiteral("reader_idle_ms"), idleMs);
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
        const QString key = uniqueName("image");
        const QString n = QString::number(quick ? 10 : 60);
        const auto r = run({ { QStringLiteral("image-reader"), args({ { "key", key }, { "count", n }, { "name", QStringLiteral("r0") } }) },
                             { QStringLiteral("image-writer"), args({ { "key", key }, { "count", n }, { "width", w }, { "height", h } }) } });
        result.insert(QStringLiteral("shmbridge"), latencyOf(r.at(0)));
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
    result.insert(QStringLiteral("memcpy"), memcpyFloor(width, height, quick ? 10 : 50));
    result.insert(QStringLiteral("width"), width);
    result.insert(QStringLiteral("height"), height);
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

QJsonObject idleCost(int seconds)
{
    const QString key = uniqueName("idle");
    const auto r = run({ { QStringLiteral("idle-peer"), args({ { "key", key }, { "name", QStringLiteral("a") }, { "seconds", QString::number(seconds) } }) },
                         { QStringLiteral("idle-peer"), args({ { "key", key }, { "name", QStringLiteral("b") }, { "seconds", QString::number(seconds) } }) } });
    return { { QStringLiteral("seconds"), seconds },
             { QStringLiteral("cpu_ms"), std::max(r.at(0).value(QStringLiteral("idle_cpu_ms")).toDouble(),
                                                  r.at(1).value(QStringLiteral("idle_cpu_ms")).toDouble()) } };
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

double p(const QJsonObject &parent, const char *name, const char *which)
{
    return parent.value(QLatin1StringView(name)).toObject().value(QLatin1StringView(which)).toDouble();
}

QJsonArray targets(const QJsonObject &results)
{
    const QJsonObject text = results.value(QStringLiteral("text_back_to_back")).toObject();
    const QJsonObject fourK = results.value(QStringLiteral("image_3840x2160")).toObject();
    const double textVsFloor = p(text, "shmbridge", "p50") / p(text, "floor", "p50");
    const double roP50 = p(text, "qtro_local", "p50") / p(text, "shmbridge", "p50");
    const double roP99 = p(text, "qtro_local", "p99") / p(text, "shmbridge", "p99");
    const double imageVsMemcpy = p(fourK, "shmbridge", "p50") / p(fourK, "memcpy", "p50");
    const double imageVsClassic = p(fourK, "classic_qt_example", "p50") / p(fourK, "shmbridge", "p50");
    const double imageVsRo = p(fourK, "qtro_local", "p50") / p(fourK, "shmbridge", "p50");
    const double idle = results.value(QStringLiteral("idle")).toObject().value(QStringLiteral("cpu_ms")).toDouble();
    const QJsonArray streams = results.value(QStringLiteral("streaming")).toArray();
    const double fps = streams.isEmpty() ? 0 : streams.at(0).toObject().value(QStringLiteral("worst_reader_fps")).toDouble();
    const auto row = [](const char *what, const char *target, double value, bool met, const QString &shown) {
        return QJsonObject { { QStringLiteral("measurement"), QLatin1StringView(what) },
                             { QStringLiteral("target"), QLatin1StringView(target) },
                             { QStringLiteral("value"), value },
                             { QStringLiteral("shown"), shown },
                             { QStringLiteral("met"), met } };
    };
    return { row("text p50 vs the floor", "<= 1.5x", textVsFloor, textVsFloor <= 1.5, QStringLiteral("%1x").arg(textVsFloor, 0, 'f', 2)),
             row("text vs Qt Remote Objects (local:), p50", ">= 2x faster", roP50, roP50 >= 2, QStringLiteral("%1x faster").arg(roP50, 0, 'f', 1)),
             row("text vs Qt Remote Objects (local:), p99", ">= 2x faster", roP99, roP99 >= 2, QStringLiteral("%1x faster").arg(roP99, 0, 'f', 1)),
             row("4K image hand-off vs one memcpy", "<= 2.5x", imageVsMemcpy, imageVsMemcpy <= 2.5, QStringLiteral("%1x").arg(imageVsMemcpy, 0, 'f', 2)),
             row("4K image vs the classic Qt example", ">= 100x faster", imageVsClassic, imageVsClassic >= 100, QStringLiteral("%1x faster").arg(imageVsClassic, 0, 'f', 0)),
             row("4K image vs Qt Remote Objects", ">= 10x faster", imageVsRo, imageVsRo >= 10, QStringLiteral("%1x faster").arg(imageVsRo, 0, 'f', 1)),
             row("idle CPU per 10 s", "< 1 ms", idle, idle < 1, QStringLiteral("%1 ms").arg(idle, 0, 'f', 2)),
             row("1080p streaming to one reader", ">= 120 frames/s", fps, fps >= 120, QStringLiteral("%1 frames/s").arg(fps, 0, 'f', 0)) };
}

void printTables(const QJsonObject &results)
{
    for (const auto &[key, title] : { std::pair { "text_back_to_back", "Text latency, writeText in A -> textReceived handler in B's main thread, back-to-back" },
                                      std::pair { "text_reader_idle", "Text latency, reader idle 1 ms before each update" } }) {
        const QJsonObject t = results.value(QLatin1StringView(key)).toObject();
        out() << "\n" << title << " (" << t.value(QStringLiteral("count")).toInt() << " updates), p50 / p99 / p99.9\n";
        for (const auto &[name, label] : { std::pair { "floor", "floor: eventfd + QSocketNotifier" }, std::pair { "shmbridge", "ShmBridge" },
                                           std::pair { "qtro_local", "Qt Remote Objects, local:" }, std::pair { "qtro_tcp", "Qt Remote Objects, tcp://127.0.0.1" },
                                           std::pair { "qlocalsocket", "QLocalSocket ping" } })
            out() << "  " << QString::fromUtf8(label).leftJustified(38) << triple(t.value(QLatin1StringView(name)).toObject()) << '\n';
    }
    for (const char *key : { "image_640x480", "image_1920x1080", "image_3840x2160" }) {
        const QJsonObject t = results.value(QLatin1StringView(key)).toObject();
        out() << "\nImage hand-off " << t.value(QStringLiteral("width")).toInt() << "x" << t.value(QStringLiteral("height")).toInt()
              << " ARGB32, QImage in A -> QImage in B's main thread, p50 / p99\n";
        for (const auto &[name, label] : { std::pair { "memcpy", "floor: one memcpy" }, std::pair { "shmbridge", "ShmBridge" },
                                           std::pair { "qtro_local", "Qt Remote Objects (QByteArray), local:" },
                                           std::pair { "classic_qt_example", "classic Qt example (PNG + QSharedMemory)" } }) {
            const QJsonObject l = t.value(QLatin1StringView(name)).toObject();
            out() << "  " << QString::fromUtf8(label).leftJustified(42) << us(l, "p50") << " / " << us(l, "p99") << '\n';
        }
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
    out() << "\nText latency by room size (back-to-back; writer waits for every reader)\n";
    for (const QJsonValue &v : results.value(QStringLiteral("scale")).toArray()) {
        const QJsonObject s = v.toObject();
        out() << "  " << QString::number(s.value(QStringLiteral("peers")).toInt()).rightJustified(2) << " peers: median reader p50 "
              << QString::number(s.value(QStringLiteral("median_reader_p50")).toDouble(), 'f', 1) << " µs, worst reader p99 "
              << QString::number(s.value(QStringLiteral("worst_reader_p99")).toDouble(), 'f', 1) << " µs\n";
    }
    out() << "\nTargets (ratios measured in this run)\n";
    for (const QJsonValue &v : results.value(QStringLiteral("targets")).toArray()) {
        const QJsonObject t = v.toObject();
        out() << "  " << (t.value(QStringLiteral("met")).toBool() ? "met     " : "MISSED  ")
              << t.value(QStringLiteral("measurement")).toString().leftJustified(44)
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
                        { QStringLiteral("role"), QStringLiteral("Internal: run one process of a measurement."), QStringLiteral("role") } });
    for (const char *name : { "key", "count", "readers", "idle-ms", "name", "width", "height", "url", "server", "seconds" })
        parser.addOption({ QString::fromLatin1(name), QString(), QStringLiteral("value"), QStringLiteral("0") });
    parser.process(app);
    if (parser.isSet(QStringLiteral("role")))
        return bench::runRole(parser.value(QStringLiteral("role")), parser);

    const bool quick = parser.isSet(QStringLiteral("quick"));
    QElapsedTimer total;
    total.start();
    QJsonObject results;
    const int textCount = quick ? 2000 : 20000;
    out() << "measuring text latency..." << Qt::endl;
    results.insert(QStringLiteral("text_back_to_back"), textLatency(textCount, 0));
    results.insert(QStringLiteral("text_reader_idle"), textLatency(quick ? 500 : 20000, 1));
    for (const auto &[w, h] : { std::pair { 640, 480 }, std::pair { 1920, 1080 }, std::pair { 3840, 2160 } }) {
        out() << "measuring image hand-off " << w << "x" << h << "..." << Qt::endl;
        results.insert(QStringLiteral("image_%1x%2").arg(w).arg(h), imageHandoff(w, h, quick));
    }
    out() << "measuring streaming..." << Qt::endl;
    results.insert(QStringLiteral("streaming"), QJsonArray { streaming(1, quick ? 2 : 5), streaming(4, quick ? 2 : 5) });
    out() << "measuring idle cost..." << Qt::endl;
    results.insert(QStringLiteral("idle"), idleCost(10));
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

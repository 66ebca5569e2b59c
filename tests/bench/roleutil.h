// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// What every bench role shares: clocks, CPU time, options, and the one JSON
// line a role reports on its last line of stdout.
#pragma once

#include "room.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

#include <functional>
#include <sys/resource.h>

namespace bench {

inline double nowUs()
{
    return double(shmbridge::Room::monotonicNs()) / 1000.0;
}

// A text update that carries its own send time: the writer's CLOCK_MONOTONIC
// in nanoseconds, read before the string is made and handed to writeText.
// The reader's handler subtracts it from its own clock, so the latency runs
// from the writer's call to the reader's handler, as the floor's and Qt
// Remote Objects' are timed (the bridge's own figure ends earlier, when it
// has the value: before its model is updated and the signal emitted).
inline QString stampedText()
{
    return QString::number(qint64(shmbridge::Room::monotonicNs()));
}

inline double usSinceStamped(const QString &text)
{
    const double now = nowUs(); // before the parse
    return now - double(text.toLongLong()) / 1000.0;
}

inline double cpuMs()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0
            + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

// Page faults this process has taken so far (minor: the page was in memory,
// only our page table lacked it; each still costs microseconds in these
// guests). Taken at the first and the last update, their difference over
// the updates between is what an update costs in faults.
inline long minorFaults()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

inline double perUpdate(long faultsAtFirst, long faultsAtLast, qsizetype updates)
{
    return updates > 1 ? double(faultsAtLast - faultsAtFirst) / double(updates - 1) : 0.0;
}

inline int report(QJsonObject result)
{
    result.insert(QStringLiteral("cpu_ms"), cpuMs());
    QTextStream(stdout) << QJsonDocument(result).toJson(QJsonDocument::Compact) << Qt::endl;
    return 0;
}

// Every role gives up after this long, so a broken run cannot hang the bench.
inline void watchdog(int seconds)
{
    QTimer::singleShot(seconds * 1000, qApp, [] {
        QTextStream(stderr) << "bench role timed out" << Qt::endl;
        QCoreApplication::exit(3);
    });
}

inline int option(const QCommandLineParser &o, const char *name)
{
    return o.value(QString::fromLatin1(name)).toInt();
}

inline QString text(const QCommandLineParser &o, const char *name)
{
    return o.value(QString::fromLatin1(name));
}

// Schedules the next send: at once, or after the reader has idled a while.
inline void after(int idleMs, const std::function<void()> &next)
{
    if (idleMs > 0)
        QTimer::singleShot(idleMs, qApp, next);
    else
        QMetaObject::invokeMethod(qApp, next, Qt::QueuedConnection);
}

} // namespace bench

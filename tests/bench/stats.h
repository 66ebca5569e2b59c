// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Percentiles of latency samples, as the JSON objects the bench reports.
#pragma once

#include <QJsonObject>
#include <QList>

#include <algorithm>
#include <cmath>

inline double percentile(QList<double> sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(sorted.size()))) - 1;
    return sorted.at(std::clamp<qsizetype>(rank, 0, sorted.size() - 1));
}

inline QJsonObject summarize(QList<double> samples)
{
    std::sort(samples.begin(), samples.end());
    return QJsonObject { { QStringLiteral("count"), samples.size() },
                         { QStringLiteral("p50"), percentile(samples, 50) },
                         { QStringLiteral("p99"), percentile(samples, 99) },
                         { QStringLiteral("p999"), percentile(samples, 99.9) },
                         { QStringLiteral("max"), samples.isEmpty() ? 0.0 : samples.last() } };
}

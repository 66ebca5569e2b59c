// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "telemetryhistory.h"

#include <cmath>

void TelemetryHistory::add(qint64 nowMs, const QList<double> &values)
{
    if (!m_samples.empty() && m_samples.back().values.size() != values.size())
        m_samples.clear();
    dropOlderThan(nowMs - kWindowMs);
    if (!m_samples.empty() && m_samples.back().ms / kBucketMs == nowMs / kBucketMs)
        m_samples.back() = { nowMs, values };
    else
        m_samples.push_back({ nowMs, values });
    while (qsizetype(m_samples.size()) > kMaxSamples) // a clock that went backwards
        m_samples.pop_front();
}

void TelemetryHistory::dropOlderThan(qint64 oldestMs)
{
    while (!m_samples.empty() && m_samples.front().ms < oldestMs)
        m_samples.pop_front();
}

QList<QPointF> TelemetryHistory::series(int index, qint64 nowMs) const
{
    QList<QPointF> points;
    points.reserve(qsizetype(m_samples.size()));
    for (const Sample &sample : m_samples) {
        const double age = double(nowMs - sample.ms) / 1000.0;
        if (index >= 0 && index < sample.values.size() && age <= kWindowMs / 1000.0)
            points.append({ age, sample.values.at(index) });
    }
    return points;
}

QList<double> TelemetryHistory::scales() const
{
    QList<double> largest;
    for (const Sample &sample : m_samples) {
        largest.resize(sample.values.size(), 0.0);
        for (qsizetype i = 0; i < sample.values.size(); ++i)
            largest[i] = std::max(largest[i], std::abs(sample.values.at(i)));
    }
    return largest;
}

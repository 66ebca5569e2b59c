// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The last minute of one peer's telemetry, for the detail view's charts and
// for scaling each value's bar on its own. Bounded by construction: at most
// one sample per bucket (a newer one in the same bucket replaces it), so at
// most kWindowMs / kBucketMs samples of at most kMaxTelemetryValues values,
// whatever rate the peer publishes at.
#pragma once

#include <QList>
#include <QPointF>

#include <deque>

class TelemetryHistory
{
public:
    static constexpr qint64 kWindowMs = 60'000;
    static constexpr qint64 kBucketMs = 100;
    static constexpr qsizetype kMaxSamples = kWindowMs / kBucketMs;

    // A new vector of values at nowMs (a monotonic clock). A vector of
    // another length starts a new history: its values mean something else.
    void add(qint64 nowMs, const QList<double> &values);
    void clear() { m_samples.clear(); }

    // Value index over the window as (seconds before nowMs, value), oldest first.
    QList<QPointF> series(int index, qint64 nowMs) const;
    // The largest magnitude of each value over the window: its own scale.
    QList<double> scales() const;
    qsizetype sampleCount() const { return qsizetype(m_samples.size()); }

private:
    void dropOlderThan(qint64 oldestMs);

    struct Sample
    {
        qint64 ms;
        QList<double> values;
    };
    std::deque<Sample> m_samples;
};

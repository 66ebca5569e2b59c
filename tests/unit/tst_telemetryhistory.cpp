// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The detail view's telemetry history: a minute, bounded whatever the rate.
#include "telemetryhistory.h"

#include <QTest>

class TestTelemetryHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void boundedAtAThousandUpdatesPerSecond()
    {
        TelemetryHistory history;
        for (qint64 ms = 0; ms < 120'000; ++ms)
            history.add(ms, { double(ms), -1.0 });
        QVERIFY(history.sampleCount() <= TelemetryHistory::kMaxSamples);
        QVERIFY(history.sampleCount() >= TelemetryHistory::kMaxSamples - 1);
        const QList<QPointF> series = history.series(0, 120'000);
        QVERIFY(!series.isEmpty());
        QVERIFY(series.constFirst().x() <= 60.0); // nothing older than the window
        QCOMPARE(series.constLast().y(), 119'999.0);
    }

    void eachValueHasItsOwnScale()
    {
        TelemetryHistory history;
        history.add(0, { 86400, 1.5, -3 });
        history.add(1000, { 86401, -2.5, 2 });
        QCOMPARE(history.scales(), (QList<double> { 86401, 2.5, 3 }));
    }

    void aVectorOfAnotherLengthStartsAfresh()
    {
        TelemetryHistory history;
        history.add(0, { 1, 2 });
        history.add(1000, { 1, 2, 3 });
        QCOMPARE(history.sampleCount(), 1);
        QCOMPARE(history.series(5, 1000), QList<QPointF>()); // out of range: empty, not a crash
    }

    void oldSamplesGo()
    {
        TelemetryHistory history;
        history.add(0, { 100 });
        history.add(61'000, { 1 });
        QCOMPARE(history.sampleCount(), 1);
        QCOMPARE(history.scales(), QList<double> { 1 });
    }
};

QTEST_APPLESS_MAIN(TestTelemetryHistory)
#include "tst_telemetryhistory.moc"

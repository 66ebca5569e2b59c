// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The PeerModel's rows, and one peer as properties (PeerRow, with its
// TelemetrySeries): only the newest peers to leave keep their rows, a
// PeerRow follows its row of the model as values arrive and rows go, the
// charts follow the clock only while shown, and emptying the model (a new
// room) says the peer is gone.
#include "peermodel_p.h"
#include "peerrow.h"

#include <QSignalSpy>
#include <QTest>

using shmbridge::PeerId;
using shmbridge::Telemetry;

// A model with one peer (id 1) and a PeerRow showing it.
struct OnePeer
{
    explicit OnePeer(const QString &name)
    {
        model.add(1, name, true);
        row.setModel(&model);
        row.setRow(0);
    }
    PeerModel model;
    PeerRow row;
};

class TestPeerRow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsItsRowAndNoOther()
    {
        PeerModel model;
        model.add(1, QStringLiteral("alice"), true);
        model.add(2, QStringLiteral("bob"), true);
        PeerRow row;
        row.setModel(&model);
        row.setRow(1);
        QCOMPARE(row.name(), QStringLiteral("bob"));
        QVERIFY(row.live());
        QSignalSpy changed(&row, &PeerRow::changed);
        model.update(1, [](PeerModel::Peer &peer) { peer.text = QStringLiteral("not bob's"); });
        QCOMPARE(changed.count(), 0);
        model.update(2, [](PeerModel::Peer &peer) { peer.text = QStringLiteral("hello"); });
        QCOMPARE(changed.count(), 1);
        QCOMPARE(row.text(), QStringLiteral("hello"));
        model.update(2, [](PeerModel::Peer &peer) { peer.live = false; });
        QVERIFY(!row.live());
        // Rows added after ours leave it as it is.
        model.add(3, QStringLiteral("carol"), true);
        QCOMPARE(row.name(), QStringLiteral("bob"));
        row.setRow(7);
        QCOMPARE(row.name(), QString());
        QCOMPARE(row.telemetrySeries()->rowCount(), 0);
    }

    void onlyTheNewestToLeaveKeepTheirRows()
    {
        PeerModel model;
        QCOMPARE(model.setKeepLeft(2), QList<PeerId>());
        for (PeerId id = 1; id <= 5; ++id)
            QVERIFY(model.add(id, QStringLiteral("p%1").arg(id), true).isEmpty());
        QCOMPARE(model.markLeft(1), QList<PeerId>());
        QCOMPARE(model.markLeft(2), QList<PeerId>());
        QCOMPARE(model.markLeft(3), QList<PeerId> { 1 }); // the first to leave goes first
        QCOMPARE(model.markLeft(4), QList<PeerId> { 2 });
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.leftCount(), 2);
        QVERIFY(!model.find(1) && !model.find(2) && model.find(3) && model.find(4));
        // A namesake takes row p3 back: it is live, and p3's late news is not its own.
        QVERIFY(model.add(6, QStringLiteral("p3"), true).isEmpty());
        QCOMPARE(model.markLeft(3), QList<PeerId>());
        QVERIFY(model.find(6)->live);
        // When that row goes at last, the ids it answered to go with it.
        QCOMPARE(model.markLeft(6), QList<PeerId>());
        QCOMPARE(model.markLeft(5), QList<PeerId> { 4 });
        QCOMPARE(model.setKeepLeft(0), (QList<PeerId> { 6, 3, 5 }));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.find(3));
        // Asking for more than the most gives the most.
        QCOMPARE(model.setKeepLeft(1 << 30), QList<PeerId>());
        QCOMPARE(model.keepLeft(), PeerModel::kMaxKeepLeft);
    }

    void aNamesakeKeepsWhatItSentItself()
    {
        using shmbridge::layout::Kind;
        PeerModel model;
        QVERIFY(model.add(1, QStringLiteral("carol"), true).isEmpty());
        model.update(1, [](PeerModel::Peer &peer) { peer.textSeq = 4; peer.imageSeq = 2; });
        QVERIFY(model.markLeft(1).isEmpty());
        QVERIFY(model.add(2, QStringLiteral("carol"), true).isEmpty()); // carol ran again: her row
        // The row shows text and an image: the old carol's late news of those is not hers.
        QVERIFY(!model.takesValueFrom(1, Kind::Text));
        QVERIFY(!model.takesValueFrom(1, Kind::Image));
        QVERIFY(model.takesValueFrom(2, Kind::Text));
        QVERIFY(model.takesValueFrom(1, Kind::Telemetry)); // none shown: it may fill in
        QVERIFY(model.takesValueFrom(99, Kind::Text)); // unknown: the caller decides
    }

    void aPeerFirstSeenGoneHasJustLeft()
    {
        PeerModel model;
        QVERIFY(model.setKeepLeft(1).isEmpty());
        QVERIFY(model.add(1, QStringLiteral("early"), true).isEmpty());
        QVERIFY(model.markLeft(1).isEmpty());
        // It published and left before we looked: it left now, for us, so
        // the one that left before it goes.
        QCOMPARE(model.add(2, QStringLiteral("late"), false), QList<PeerId> { 1 });
        QCOMPARE(model.at(0).name, QStringLiteral("late"));
    }

    void aRowFollowsItsPeerWhenRowsBeforeItGo()
    {
        PeerModel model;
        for (PeerId id = 1; id <= 3; ++id)
            QVERIFY(model.add(id, QStringLiteral("p%1").arg(id), true).isEmpty());
        QVERIFY(model.setKeepLeft(0).isEmpty());
        PeerRow row;
        row.setModel(&model);
        row.setRow(2);
        QSignalSpy gone(&row, &PeerRow::gone);
        QCOMPARE(model.markLeft(1), QList<PeerId> { 1 });
        QCOMPARE(row.row(), 1);
        QCOMPARE(row.name(), QStringLiteral("p3"));
        QCOMPARE(gone.count(), 0);
        QCOMPARE(model.markLeft(3), QList<PeerId> { 3 });
        QCOMPARE(gone.count(), 1);
        QCOMPARE(row.row(), -1);
        QCOMPARE(row.name(), QString());
    }

    void aNewRoomMeansThePeerIsGone()
    {
        OnePeer alice(QStringLiteral("alice"));
        QSignalSpy gone(&alice.row, &PeerRow::gone);
        alice.model.clear();
        QCOMPARE(gone.count(), 1);
        QCOMPARE(alice.row.name(), QString());
    }

    void telemetryValuesFollowAtOnceAndChartsFollowTheClock()
    {
        OnePeer robot(QStringLiteral("robot"));
        PeerModel &model = robot.model;
        PeerRow &row = robot.row;
        TelemetrySeries *series = row.telemetrySeries();
        const auto publish = [&](double pitch, double roll) {
            model.update(1, [&](PeerModel::Peer &peer) {
                peer.telemetry = Telemetry { { pitch, roll }, { QStringLiteral("pitch"), QStringLiteral("roll") } };
                peer.telemetryHistory.add(PeerModel::nowMs(), peer.telemetry.values);
            });
        };
        publish(1.5, -2);
        QCOMPARE(series->rowCount(), 2);
        const QModelIndex roll = series->index(1);
        QCOMPARE(series->data(series->index(0), TelemetrySeries::NameRole).toString(), QStringLiteral("pitch"));
        QCOMPARE(roll.data(TelemetrySeries::NameRole).toString(), QStringLiteral("roll"));
        QCOMPARE(roll.data(TelemetrySeries::ValueRole).toDouble(), -2.0);
        QCOMPARE(roll.data(TelemetrySeries::PointsRole).toList().size(), 1);
        publish(1.5, 4);
        QCOMPARE(roll.data(TelemetrySeries::ValueRole).toDouble(), 4.0); // at once, without the clock
        // The peer goes quiet: the chart's history still moves on with time.
        QTRY_COMPARE_WITH_TIMEOUT(series->historySeconds(), 1, 3000);
        // Hidden, it does not: no tick redraws the charts. (Proving that
        // nothing happens takes time: four clock intervals.)
        QSignalSpy ticks(series, &QAbstractItemModel::dataChanged);
        QTRY_VERIFY(!ticks.isEmpty()); // shown, the clock ticks
        row.setActive(false);
        ticks.clear();
        QTest::qWait(4 * PeerRow::kChartIntervalMs);
        QCOMPARE(ticks.count(), 0);
        // Another number of values starts the rows afresh; unnamed ones are numbered.
        QSignalSpy reset(series, &QAbstractItemModel::modelReset);
        model.update(1, [](PeerModel::Peer &peer) { peer.telemetry = Telemetry { { 1, 2, 3 }, {} }; });
        QCOMPARE(reset.count(), 1);
        QCOMPARE(series->rowCount(), 3);
        QCOMPARE(series->data(series->index(2), TelemetrySeries::NameRole).toString(), QStringLiteral("#3"));
    }
};

QTEST_GUILESS_MAIN(TestPeerRow)
#include "tst_peerrow.moc"

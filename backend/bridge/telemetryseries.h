// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// One peer's telemetry for the detail view's charts: a row per value, with
// its name, its value now and its last minute as points. Fed by PeerRow.
#pragma once

#include "peermodel_p.h"

#include <QAbstractListModel>
#include <QQmlEngine>

class TelemetrySeries : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("TelemetrySeries belongs to a PeerRow")
    // The number of values.
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged FINAL)
    // Whole seconds the charts span (the oldest point's age, at most a minute).
    Q_PROPERTY(int historySeconds READ historySeconds NOTIFY historySecondsChanged FINAL)

public:
    enum Role { NameRole = Qt::UserRole + 1, ValueRole, PointsRole };

    explicit TelemetrySeries(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int historySeconds() const { return m_historySeconds; }

    // The peer's values now (none: no peer); the points stay as they were.
    void setValues(const PeerModel::Peer *peer);
    // The points as of nowMs, for every value.
    void setPoints(const PeerModel::Peer *peer, qint64 nowMs);

Q_SIGNALS:
    void countChanged();
    void historySecondsChanged();

private:
    void resize(qsizetype count);

    struct Value
    {
        QString name;
        double value = 0;
        QVariantList points;
    };
    QList<Value> m_values;
    int m_historySeconds = 0;
};

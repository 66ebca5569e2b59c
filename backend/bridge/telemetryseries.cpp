// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "telemetryseries.h"

TelemetrySeries::TelemetrySeries(QObject *parent) : QAbstractListModel(parent) { }

int TelemetrySeries::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_values.size());
}

QVariant TelemetrySeries::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Value &value = m_values.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return value.name;
    case ValueRole:
        return value.value;
    case PointsRole:
        return value.points;
    }
    return {};
}

QHash<int, QByteArray> TelemetrySeries::roleNames() const
{
    return { { NameRole, "name" }, { ValueRole, "value" }, { PointsRole, "points" } };
}

void TelemetrySeries::resize(qsizetype count)
{
    if (count == m_values.size())
        return;
    // Another number of values means other values: start the rows afresh.
    beginResetModel();
    m_values = QList<Value>(count);
    endResetModel();
    Q_EMIT countChanged();
}

void TelemetrySeries::setValues(const PeerModel::Peer *peer)
{
    const shmbridge::Telemetry none;
    const shmbridge::Telemetry &telemetry = peer ? peer->telemetry : none;
    resize(telemetry.values.size());
    for (qsizetype i = 0; i < m_values.size(); ++i) {
        Value &value = m_values[i];
        // Unnamed values are numbered, as the cards show them.
        const QString name = i < telemetry.names.size() ? telemetry.names.at(i) : QStringLiteral("#%1").arg(i + 1);
        if (value.name == name && value.value == telemetry.values.at(i))
            continue;
        value.name = name;
        value.value = telemetry.values.at(i);
        Q_EMIT dataChanged(index(int(i)), index(int(i)), { NameRole, ValueRole });
    }
}

void TelemetrySeries::setPoints(const PeerModel::Peer *peer, qint64 nowMs)
{
    setValues(peer);
    if (!peer)
        return;
    qreal oldest = 0;
    for (qsizetype i = 0; i < m_values.size(); ++i) {
        QVariantList points;
        const QList<QPointF> series = peer->telemetryHistory.series(int(i), nowMs);
        points.reserve(series.size());
        for (const QPointF &point : series)
            points.append(point);
        if (!series.isEmpty())
            oldest = std::max(oldest, series.constFirst().x()); // oldest first
        m_values[i].points = points;
    }
    if (!m_values.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_values.size() - 1)), { PointsRole });
    if (const int seconds = int(oldest); seconds != m_historySeconds) {
        m_historySeconds = seconds;
        Q_EMIT historySecondsChanged();
    }
}

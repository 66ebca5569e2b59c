// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "peerrow.h"

PeerRow::PeerRow(QObject *parent) : QObject(parent), m_telemetrySeries(new TelemetrySeries(this))
{
    m_clock.setInterval(kChartIntervalMs);
    connect(&m_clock, &QTimer::timeout, this, [this] { m_telemetrySeries->setPoints(peer(), PeerModel::nowMs()); });
}

void PeerRow::setModel(PeerModel *model)
{
    if (model == m_model)
        return;
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model) {
        connect(m_model, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                    if (topLeft.row() <= m_row && m_row <= bottomRight.row())
                        refresh(false);
                });
        connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
            refresh(true);
            if (m_row >= 0)
                Q_EMIT gone();
        });
        // Rows are appended, emptied all at once (a new room), or removed
        // one by one when a peer that left long ago goes (keepLeft).
        connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
            if (first <= m_row && m_row <= last)
                refresh(true);
        });
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this](const QModelIndex &, int first, int last) {
            if (m_row < first)
                return;
            if (m_row > last) { // the same peer, further up: follow it
                m_row -= last - first + 1;
                Q_EMIT rowChanged();
                return;
            }
            m_row = -1;
            Q_EMIT rowChanged();
            refresh(true);
            Q_EMIT gone();
        });
    }
    Q_EMIT modelChanged();
    refresh(true);
}

void PeerRow::setRow(int row)
{
    if (row == m_row)
        return;
    m_row = row;
    Q_EMIT rowChanged();
    refresh(true);
}

void PeerRow::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    Q_EMIT activeChanged();
    if (m_active)
        refresh(true); // the charts catch up with the time they were hidden
    else
        updateClock();
}

const PeerModel::Peer *PeerRow::peer() const
{
    return m_model && m_row >= 0 && m_row < m_model->rowCount() ? &m_model->at(m_row) : nullptr;
}

void PeerRow::refresh(bool withPoints)
{
    // New values (another number of them) come with their points at once.
    const qsizetype values = peer() ? peer()->telemetry.values.size() : 0;
    if (withPoints || values != m_telemetrySeries->rowCount())
        m_telemetrySeries->setPoints(peer(), PeerModel::nowMs());
    else
        m_telemetrySeries->setValues(peer());
    updateClock();
    Q_EMIT changed();
}

void PeerRow::updateClock()
{
    if (!m_active || m_telemetrySeries->rowCount() == 0)
        m_clock.stop();
    else if (!m_clock.isActive()) // start() would restart it: at 100 Hz it would never fire
        m_clock.start();
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// One row of a PeerModel as properties, for a view of one peer (the detail
// view): QML binds to them and they follow the row. Its telemetry charts
// follow the clock too, four times a second while active, so a chart moves
// on when the peer goes quiet and redraws at most that often when it
// publishes at 100 Hz (each redraw reads a minute of every value).
#pragma once

#include "peermodel_p.h"
#include "telemetryseries.h"

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QTimer>

class PeerRow : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    // The PeerModel to read (a bridge's peers).
    Q_PROPERTY(PeerModel *model READ model WRITE setModel NOTIFY modelChanged FINAL)
    // The row shown; -1 for none. When rows before it go, it follows its
    // peer; when its own row goes, it becomes -1 and says gone().
    Q_PROPERTY(int row READ row WRITE setRow NOTIFY rowChanged FINAL)
    // Whether the charts follow the clock (while the view shows).
    Q_PROPERTY(bool active READ active WRITE setActive NOTIFY activeChanged FINAL)
    // The row's values: the peer's name, whether it is in the room, its text and image.
    Q_PROPERTY(QString name READ name NOTIFY changed FINAL)
    Q_PROPERTY(bool live READ live NOTIFY changed FINAL)
    Q_PROPERTY(QString text READ text NOTIFY changed FINAL)
    Q_PROPERTY(QString imageSource READ imageSource NOTIFY changed FINAL)
    Q_PROPERTY(int imageWidth READ imageWidth NOTIFY changed FINAL)
    Q_PROPERTY(int imageHeight READ imageHeight NOTIFY changed FINAL)
    // Its telemetry, a row per value, for charts.
    Q_PROPERTY(TelemetrySeries *telemetrySeries READ telemetrySeries CONSTANT FINAL)

public:
    static constexpr int kChartIntervalMs = 250;

    explicit PeerRow(QObject *parent = nullptr);

    PeerModel *model() const { return m_model; }
    void setModel(PeerModel *model);
    int row() const { return m_row; }
    void setRow(int row);
    bool active() const { return m_active; }
    void setActive(bool active);

    QString name() const { return peer() ? peer()->name : QString(); }
    bool live() const { return peer() && peer()->live; }
    QString text() const { return peer() ? peer()->text : QString(); }
    QString imageSource() const { return peer() ? peer()->imageSource : QString(); }
    int imageWidth() const { return peer() ? peer()->imageSize.width() : 0; }
    int imageHeight() const { return peer() ? peer()->imageSize.height() : 0; }
    TelemetrySeries *telemetrySeries() const { return m_telemetrySeries; }

Q_SIGNALS:
    void modelChanged();
    void rowChanged();
    void activeChanged();
    void changed();
    // The model was emptied (the room changed) or the peer's row went (it
    // left long ago: keepLeft): the row is no longer the peer.
    void gone();

private:
    // The row now, if there is one.
    const PeerModel::Peer *peer() const;
    // Reads the row again; the charts' points too if withPoints.
    void refresh(bool withPoints);
    void updateClock();

    QPointer<PeerModel> m_model;
    int m_row = -1;
    bool m_active = true;
    TelemetrySeries *m_telemetrySeries;
    QTimer m_clock;
};

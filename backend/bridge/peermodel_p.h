// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A PeerModel row as the bridge keeps it: what the C++ API's users see of
// it are the model's roles; the bridge and its tests use the record itself.
#pragma once

#include "payload.h"
#include "peermodel.h"
#include "room.h"
#include "telemetryhistory.h"

#include <QSize>

// Numbers as QML sees a list of them.
QVariantList toVariantList(const QList<double> &numbers);

struct PeerModel::Peer
{
    shmbridge::PeerId id = 0;
    QString name;
    bool live = true;
    QString text;
    quint64 textSeq = 0;
    QString imageSource;
    QSize imageSize;
    quint64 imageSeq = 0;
    shmbridge::Telemetry telemetry;
    quint64 telemetrySeq = 0;
    TelemetryHistory telemetryHistory;
    quint64 leftOrder = 0; // when it left, in departures (0: live, or never seen live)
    bool seen = false; // has read my latest update
    double latencyUs = 0;
};

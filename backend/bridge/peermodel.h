// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Every other peer of the room with its latest values, for QML views. Peers
// that left stay, marked as left, with their last values: the newest
// keepLeft() of them, so that a room of short-lived peers (scripts, a
// gateway's remote sites) costs neither memory nor screen for ever. Part of
// libshmbridge's C++ API; a row's record (Peer) is in peermodel_p.h, for the
// bridge.
#pragma once

#include "shmbridgeglobal.h"

#include <QAbstractListModel>
#include <QQmlEngine>

#include <functional>
#include <memory>

class SHMBRIDGE_EXPORT PeerModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("PeerModel is owned by SharedMemoryBridge")
    // The number of rows (peers live and left).
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged FINAL)

public:
    // How many peers that left keep their row unless told otherwise: the
    // ten-peer view's worth, and some.
    static constexpr int kDefaultKeepLeft = 16;
    static constexpr int kMaxKeepLeft = 1000;

    enum Role {
        PeerIdRole = Qt::UserRole + 1,
        NameRole,
        LiveRole,
        TextRole,
        TextSeqRole,
        ImageSourceRole,
        ImageWidthRole,
        ImageHeightRole,
        ImageSeqRole,
        TelemetryRole,
        TelemetryNamesRole,
        TelemetryTextRole,
        TelemetrySeqRole,
        TelemetryScalesRole,
        SeenRole,
        LatencyRole,
    };

    // A row, as the bridge keeps it (peermodel_p.h).
    struct Peer;

    explicit PeerModel(QObject *parent = nullptr);
    ~PeerModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // A row; 0 <= row < rowCount().
    const Peer &at(int row) const;
    // The row for that peer, if known.
    const Peer *find(shmbridge::PeerId id) const;
    const Peer *findByName(const QString &name) const;
    int liveCount() const;
    int leftCount() const;
    // Adds a peer. One that has the name of a peer that left takes over its
    // row (and its last values until it sends its own): for the people
    // watching, "carol" who ran again is still carol. Returns the ids whose
    // rows went to keep within keepLeft() (one that has already left counts).
    QList<shmbridge::PeerId> add(shmbridge::PeerId id, const QString &name, bool live);
    // Whether a value of that kind from peer id belongs in its row: not
    // when a namesake has taken the row over and the row shows a value of
    // that kind already (a peer that left may still fill in what the row
    // has none of).
    bool takesValueFrom(shmbridge::PeerId id, shmbridge::layout::Kind kind) const;
    // Applies a change to a known peer's row and notifies views.
    void update(shmbridge::PeerId id, const std::function<void(Peer &)> &change);
    // A known peer's row to change in place, without telling views yet:
    // changed() tells them. For a value that handlers should have before
    // the views repaint.
    Peer *edit(shmbridge::PeerId id);
    void changed(shmbridge::PeerId id);
    // Marks the row id owns as left (a row a namesake has taken over stays
    // as it is). Returns the ids whose rows went to keep within keepLeft().
    [[nodiscard]] QList<shmbridge::PeerId> markLeft(shmbridge::PeerId id);
    int keepLeft() const;
    // 0..kMaxKeepLeft; returns the ids whose rows went, the oldest to leave first.
    [[nodiscard]] QList<shmbridge::PeerId> setKeepLeft(int keep);
    void clear();

    // A row's roles by name, for scripts and tests (views bind to roles, or
    // to a PeerRow).
    Q_INVOKABLE QVariantMap get(int row) const;
    // The monotonic clock the histories are kept on, in milliseconds.
    static qint64 nowMs();

Q_SIGNALS:
    void countChanged();

private:
    int rowOf(shmbridge::PeerId id) const;
    QList<shmbridge::PeerId> removeOldestLeft();

    struct Rows;
    const std::unique_ptr<Rows> d;
};

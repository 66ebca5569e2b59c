// Every other peer of the room with its latest values, for QML views. Peers
// that left stay, marked as left, with their last values.
#pragma once

#include "payload.h"
#include "room.h"
#include "telemetryhistory.h"

#include <QAbstractListModel>
#include <QQmlEngine>
#include <QSize>

// Numbers as QML sees a list of them.
QVariantList toVariantList(const QList<double> &numbers);

class PeerModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("PeerModel is owned by SharedMemoryBridge")
    // The number of rows (peers live and left).
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged FINAL)

public:
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

    struct Peer
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
        bool seen = false; // has read my latest update
        double latencyUs = 0;
    };

    explicit PeerModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // A row; 0 <= row < rowCount().
    const Peer &at(int row) const { return m_peers.at(row); }
    // The row for that peer, if known.
    const Peer *find(shmbridge::PeerId id) const;
    const Peer *findByName(const QString &name) const;
    int liveCount() const;
    int leftCount() const { return rowCount() - liveCount(); }
    // Adds a peer. One that has the name of a peer that left takes over its
    // row (and its last values until it sends its own): for the people
    // watching, "carol" who ran again is still carol.
    void add(shmbridge::PeerId id, const QString &name, bool live);
    // Applies a change to a known peer's row and notifies views.
    void update(shmbridge::PeerId id, const std::function<void(Peer &)> &change);
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

    QList<Peer> m_peers;
    QHash<shmbridge::PeerId, shmbridge::PeerId> m_replacedBy; // the id of a peer that left -> its successor
};

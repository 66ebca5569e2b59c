// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "peermodel_p.h"

#include <QDeadlineTimer>

#include <algorithm>

using shmbridge::PeerId;

QVariantList toVariantList(const QList<double> &numbers)
{
    QVariantList list;
    list.reserve(numbers.size());
    for (double number : numbers)
        list.append(number);
    return list;
}

struct PeerModel::Rows
{
    QList<Peer> peers;
    QHash<PeerId, PeerId> replacedBy; // the id of a peer that left -> its successor
    quint64 departures = 0;
    int keepLeft = kDefaultKeepLeft;
};

PeerModel::PeerModel(QObject *parent) : QAbstractListModel(parent), d(std::make_unique<Rows>()) { }

PeerModel::~PeerModel() = default;

const PeerModel::Peer &PeerModel::at(int row) const
{
    return d->peers.at(row);
}

int PeerModel::leftCount() const
{
    return rowCount() - liveCount();
}

int PeerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(d->peers.size());
}

QVariant PeerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Peer &peer = d->peers.at(index.row());
    switch (role) {
    case PeerIdRole:
        return QStringLiteral("%1").arg(peer.id, 16, 16, QLatin1Char('0'));
    case Qt::DisplayRole:
    case NameRole:
        return peer.name;
    case LiveRole:
        return peer.live;
    case TextRole:
        return peer.text;
    case TextSeqRole:
        return peer.textSeq;
    case ImageSourceRole:
        return peer.imageSource;
    case ImageWidthRole:
        return peer.imageSize.width();
    case ImageHeightRole:
        return peer.imageSize.height();
    case ImageSeqRole:
        return peer.imageSeq;
    case TelemetryRole:
        return toVariantList(peer.telemetry.values);
    case TelemetryNamesRole:
        return peer.telemetry.names;
    case TelemetryTextRole:
        return shmbridge::formatTelemetry(peer.telemetry);
    case TelemetrySeqRole:
        return peer.telemetrySeq;
    case TelemetryScalesRole:
        return toVariantList(peer.telemetryHistory.scales());
    case SeenRole:
        return peer.seen;
    case LatencyRole:
        return peer.latencyUs;
    }
    return {};
}

QHash<int, QByteArray> PeerModel::roleNames() const
{
    return { { PeerIdRole, "peerId" },
             { NameRole, "name" },
             { LiveRole, "live" },
             { TextRole, "text" },
             { TextSeqRole, "textSeq" },
             { ImageSourceRole, "imageSource" },
             { ImageWidthRole, "imageWidth" },
             { ImageHeightRole, "imageHeight" },
             { ImageSeqRole, "imageSeq" },
             { TelemetryRole, "telemetry" },
             { TelemetryNamesRole, "telemetryNames" },
             { TelemetryTextRole, "telemetryText" },
             { TelemetrySeqRole, "telemetrySeq" },
             { TelemetryScalesRole, "telemetryScales" },
             { SeenRole, "seen" },
             { LatencyRole, "latencyUs" } };
}

int PeerModel::rowOf(PeerId id) const
{
    for (int hops = 0; d->replacedBy.contains(id) && hops < 64; ++hops)
        id = d->replacedBy.value(id);
    for (qsizetype row = 0; row < d->peers.size(); ++row) {
        if (d->peers.at(row).id == id)
            return int(row);
    }
    return -1;
}

const PeerModel::Peer *PeerModel::find(PeerId id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &d->peers.at(row);
}

const PeerModel::Peer *PeerModel::findByName(const QString &name) const
{
    for (auto it = d->peers.crbegin(); it != d->peers.crend(); ++it) {
        if (it->name == name)
            return &*it;
    }
    return nullptr;
}

int PeerModel::liveCount() const
{
    return int(std::count_if(d->peers.begin(), d->peers.end(), [](const Peer &p) { return p.live; }));
}

QList<PeerId> PeerModel::add(PeerId id, const QString &name, bool live)
{
    if (rowOf(id) >= 0)
        return {};
    for (qsizetype row = 0; row < d->peers.size(); ++row) {
        Peer &peer = d->peers[row];
        if (peer.name == name && !peer.live) {
            d->replacedBy.insert(peer.id, id);
            peer.id = id;
            peer.live = live;
            peer.leftOrder = live ? 0 : ++d->departures;
            peer.seen = false;
            Q_EMIT dataChanged(index(int(row)), index(int(row)));
            return {};
        }
    }
    beginInsertRows(QModelIndex(), int(d->peers.size()), int(d->peers.size()));
    Peer peer;
    peer.id = id;
    peer.name = name;
    peer.live = live;
    // One first seen gone (it published and left before we looked) left just now, for us.
    peer.leftOrder = live ? 0 : ++d->departures;
    d->peers.append(peer);
    endInsertRows();
    Q_EMIT countChanged();
    return removeOldestLeft();
}

void PeerModel::update(PeerId id, const std::function<void(Peer &)> &change)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    change(d->peers[row]);
    Q_EMIT dataChanged(index(row), index(row));
}

PeerModel::Peer *PeerModel::edit(PeerId id)
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &d->peers[row];
}

void PeerModel::changed(PeerId id)
{
    if (const int row = rowOf(id); row >= 0)
        Q_EMIT dataChanged(index(row), index(row));
}

bool PeerModel::takesValueFrom(PeerId id, shmbridge::layout::Kind kind) const
{
    const Peer *row = find(id);
    if (!row || row->id == id)
        return true;
    switch (kind) {
    case shmbridge::layout::Kind::Text:
        return row->textSeq == 0;
    case shmbridge::layout::Kind::Image:
        return row->imageSeq == 0;
    case shmbridge::layout::Kind::Telemetry:
        return row->telemetrySeq == 0;
    }
    return true;
}

QList<PeerId> PeerModel::markLeft(PeerId id)
{
    const int row = rowOf(id);
    if (row < 0 || d->peers.at(row).id != id)
        return {}; // unknown, or a namesake's row now: an old owner's late news must not mark it
    Peer &peer = d->peers[row];
    peer.live = false;
    peer.leftOrder = ++d->departures;
    Q_EMIT dataChanged(index(row), index(row));
    return removeOldestLeft();
}

int PeerModel::keepLeft() const
{
    return d->keepLeft;
}

QList<PeerId> PeerModel::setKeepLeft(int keep)
{
    d->keepLeft = std::clamp(keep, 0, kMaxKeepLeft);
    return removeOldestLeft();
}

QList<PeerId> PeerModel::removeOldestLeft()
{
    QList<PeerId> gone;
    while (leftCount() > d->keepLeft) {
        qsizetype oldest = -1;
        for (qsizetype row = 0; row < d->peers.size(); ++row) {
            const Peer &peer = d->peers.at(row);
            if (!peer.live && (oldest < 0 || peer.leftOrder < d->peers.at(oldest).leftOrder))
                oldest = row;
        }
        const PeerId id = d->peers.at(oldest).id;
        beginRemoveRows(QModelIndex(), int(oldest), int(oldest));
        d->peers.removeAt(oldest);
        endRemoveRows();
        // The ids this row took over from go with it.
        QList<PeerId> ids { id };
        for (qsizetype i = 0; i < ids.size(); ++i) {
            for (auto it = d->replacedBy.begin(); it != d->replacedBy.end();) {
                if (it.value() == ids.at(i)) {
                    ids.append(it.key());
                    it = d->replacedBy.erase(it);
                } else {
                    ++it;
                }
            }
        }
        gone += ids;
    }
    if (!gone.isEmpty())
        Q_EMIT countChanged();
    return gone;
}

void PeerModel::clear()
{
    if (d->peers.isEmpty())
        return;
    beginResetModel();
    d->peers.clear();
    d->replacedBy.clear();
    endResetModel();
    Q_EMIT countChanged();
}

QVariantMap PeerModel::get(int row) const
{
    QVariantMap map;
    if (row < 0 || row >= rowCount())
        return map;
    const auto roles = roleNames();
    for (auto it = roles.begin(); it != roles.end(); ++it)
        map.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    return map;
}

qint64 PeerModel::nowMs()
{
    return QDeadlineTimer::current().deadline();
}

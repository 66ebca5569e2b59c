// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The bridge's worker thread: everything about images that takes
// milliseconds (decoding files, copying tens of megabytes in or out of shared
// memory) happens here, never on the GUI thread. Jobs arrive through
// ImageWorkerThread::post; results go back as queued signals.
#pragma once

#include "peerchannel.h"
#include "peerimageprovider.h"
#include "room.h"

#include <QImage>
#include <QMutex>
#include <QObject>
#include <QUrl>

#include <memory>

// What the worker may touch of the bridge's room. The guard is held while
// publishing, so the bridge never leaves the room under a publish in
// progress; a bridge that goes away sets room to null under it, so a worker
// still busy with a decode finds no room instead of a dangling pointer.
struct RoomAccess
{
    QMutex guard;
    shmbridge::Room *room = nullptr;
};

// A peer's frame as read: the leased pixels, and the sizes Images asked of
// the frame before it, made from them.
struct PeerFrame
{
    QImage image;
    ScaledImages scaled;
    quint64 seq = 0;
    quint64 publishMonotonicNs = 0;
};

class ImageWorker : public QObject
{
    Q_OBJECT

public:
    explicit ImageWorker(std::shared_ptr<RoomAccess> access);
    ~ImageWorker() override;

    // Reads the newest image of the channel's peer in place, under a lease:
    // the QImage shows the shared pixels, no copy is made. It also makes the
    // image at each size asked of the one shown under storeId, so that the
    // GUI thread does not have to scale it.
    void readPeerImage(const std::shared_ptr<shmbridge::PeerChannel> &channel, const ImageKey &storeId);
    // A peer left: the image shown for it under storeId, which holds a lease
    // and a mapping, is replaced by a private copy, so that nobody's leaving
    // pins shared memory.
    void keepCopyOf(shmbridge::PeerId peer, const ImageKey &storeId);
    void publishFile(const QUrl &url);
    void publishImage(const QImage &image);

Q_SIGNALS:
    void peerImageRead(shmbridge::PeerId peer, const PeerFrame &frame);
    void peerImageFailed(shmbridge::PeerId peer, const QString &message);
    // The image of the peer that left in the store is now a private copy.
    void peerImageKept(shmbridge::PeerId peer);
    // What is about to go out, in words, once the file is decoded.
    void publishing(const QString &what);
    // The pixels as published, so the sender can show what it sent.
    void published(quint64 seq, const QImage &image);
    void publishFailed(const QString &message);

private:
    std::shared_ptr<RoomAccess> m_access;
};

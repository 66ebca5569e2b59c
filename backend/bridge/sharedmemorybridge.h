// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// SharedMemoryBridge: a room, for QML. State is properties, actions are
// invokables, events are signals. Text and telemetry are read on the GUI
// thread straight from the doorbell (microseconds); images are read and
// written on a worker thread, which also makes each frame at the sizes the
// Images showing it ask for (sourceSize). While an Image shows a peer's
// frames in a Qt Quick window on screen, they are read no faster than the
// window draws: the ones in between are skipped unread (at least ten a
// second are read regardless). Part of libshmbridge's C++ API: its state
// lives in the .cpp, so this header needs nothing of the core.
#pragma once

#include "myvalues.h"
#include "peermodel.h"
#include "shmbridgeglobal.h"

#include <QObject>
#include <QQmlEngine>
#include <QQmlParserStatus>
#include <QUrl>

#include <memory>

class QImage;
struct ImageKey;
struct PeerFrame;

class SHMBRIDGE_EXPORT SharedMemoryBridge : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    QML_ELEMENT
    Q_INTERFACES(QQmlParserStatus)
    // The room to be in: any text up to 256 bytes of UTF-8 (InputLimits.keyBytes);
    // the same key is the same room. Changing it moves to that room.
    Q_PROPERTY(QString key READ key WRITE setKey NOTIFY keyChanged FINAL)
    // How the other peers see me (up to 64 bytes of UTF-8, InputLimits.nameBytes).
    // Changing it rejoins under the new name.
    Q_PROPERTY(QString name READ name WRITE setName NOTIFY nameChanged FINAL)
    // Join as soon as both key and name are set (default true); otherwise call join().
    Q_PROPERTY(bool autoJoin READ autoJoin WRITE setAutoJoin NOTIFY autoJoinChanged FINAL)
    // Join afresh when the room is removed under us (the kiosk sets it; default false).
    Q_PROPERTY(bool autoRejoin READ autoRejoin WRITE setAutoRejoin NOTIFY autoRejoinChanged FINAL)
    // In the room now.
    Q_PROPERTY(bool connected READ connected NOTIFY connectedChanged FINAL)
    // Where the room's files live: a runtime directory only this user can
    // enter (private), or /dev/shm where the session has none, which other
    // users can fill (not private).
    Q_PROPERTY(QString roomHome READ roomHome NOTIFY connectedChanged FINAL)
    // False when the room lives in /dev/shm, where other users can fill the disk.
    Q_PROPERTY(bool roomHomeIsPrivate READ roomHomeIsPrivate NOTIFY connectedChanged FINAL)
    // Every other peer, live or left, with its latest values.
    Q_PROPERTY(PeerModel *peers READ peers CONSTANT FINAL)
    // Peers in the room now (me not counted).
    Q_PROPERTY(int peerCount READ peerCount NOTIFY peerCountChanged FINAL)
    // Peers that left and are still shown with their last values.
    Q_PROPERTY(int leftCount READ leftCount NOTIFY peerCountChanged FINAL)
    // How many peers that left keep their card, the newest to leave
    // (0..1000, default 16): the older ones go, with their images.
    Q_PROPERTY(int keepLeft READ keepLeft WRITE setKeepLeft NOTIFY keepLeftChanged FINAL)
    // What I published last and who has seen it.
    Q_PROPERTY(MyValues *me READ me CONSTANT FINAL)
    // The last problem, in words a person can act on; empty when there is none.
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged FINAL)
    // Microseconds from the newest update's publish to its arrival here.
    Q_PROPERTY(double lastLatencyUs READ lastLatencyUs NOTIFY lastLatencyUsChanged FINAL)
    // An image is being read or sent.
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged FINAL)
    // What the image in flight is, in words ("Sending 3840 × 2160…"), while busy.
    Q_PROPERTY(QString sendingWhat READ sendingWhat NOTIFY busyChanged FINAL)
    // "text", "image" or "telemetry": what I published last; empty before the first.
    Q_PROPERTY(QString lastSentKind READ lastSentKind NOTIFY lastSentChanged FINAL)
    // The sequence number of what I published last (0 before the first); a
    // QML number, as MyValues.textSeq.
    Q_PROPERTY(double lastSequence READ lastSequence NOTIFY lastSentChanged FINAL)
    // How many live peers have read what I published last.
    Q_PROPERTY(int seenByCount READ seenByCount NOTIFY seenByCountChanged FINAL)

public:
    explicit SharedMemoryBridge(QObject *parent = nullptr);
    ~SharedMemoryBridge() override;

    QString key() const;
    void setKey(const QString &key);
    QString name() const;
    void setName(const QString &name);
    bool autoJoin() const;
    void setAutoJoin(bool autoJoin);
    bool autoRejoin() const;
    void setAutoRejoin(bool autoRejoin);
    bool connected() const;
    QString roomHome() const;
    bool roomHomeIsPrivate() const;
    PeerModel *peers() const;
    int peerCount() const;
    int leftCount() const;
    int keepLeft() const;
    void setKeepLeft(int keep);
    MyValues *me() const;
    QString lastError() const;
    double lastLatencyUs() const;
    bool busy() const;
    QString sendingWhat() const;
    QString lastSentKind() const;
    quint64 lastSequence() const;
    int seenByCount() const;

    // Joins the room named by key, as name. False (and lastError) on failure.
    Q_INVOKABLE bool join();
    // Leaves the room; what was shown stays.
    Q_INVOKABLE void leave();
    // Publishes text (UTF-8, up to 1 MiB). False (and lastError) if refused.
    Q_INVOKABLE bool writeText(const QString &text);
    // Loads and publishes an image file (file: or qrc: URL) off the GUI thread.
    Q_INVOKABLE void writeImage(const QUrl &url);
    // Publishes the clipboard's image (or the image file it names).
    Q_INVOKABLE void writeClipboardImage();
    // Telemetry as "1.5,2,3" or "pitch=1.5,roll=2".
    Q_INVOKABLE bool writeTelemetry(const QString &values);
    // The explicit pull of the tutorials' "read" buttons: re-reads shared memory.
    Q_INVOKABLE QString readText(const QString &peerName);
    // The image URL shown for that peer now; also reads shared memory again,
    // and a newer frame found there is shown (and told) when it arrives.
    Q_INVOKABLE QString readImage(const QString &peerName);
    // Empties lastError.
    Q_INVOKABLE void clearError();

    void classBegin() override;
    void componentComplete() override;
    static constexpr int kJoinRetryMs = 50;
    static constexpr int kBusyReportMs = 2000;

Q_SIGNALS:
    void keyChanged();
    void nameChanged();
    void autoJoinChanged();
    void autoRejoinChanged();
    void connectedChanged();
    void peerCountChanged();
    void keepLeftChanged();
    void lastErrorChanged();
    void lastLatencyUsChanged();
    void busyChanged();
    void lastSentChanged();
    void seenByCountChanged();

    // A new text from peer arrived (once per update, however often it is read
    // again). readText() and the peer's row already hold it; the model's views
    // are told after the handlers.
    void textReceived(const QString &peer, const QString &text);
    // A new image from peer arrived; its pixels are at that peer's imageSource.
    void imageReceived(const QString &peer, int width, int height);
    // New telemetry from peer: the values in order. As with textReceived,
    // the peer's row already holds them.
    void telemetryReceived(const QString &peer, const QVariantList &values);
    // A peer came into the room.
    void peerJoined(const QString &peer);
    // A peer left (or its process died); its row stays, marked as left,
    // while it is among the newest keepLeft to leave.
    void peerLeft(const QString &peer);
    // peer has seen my update seq of that kind ("text", "image", "telemetry").
    void seen(const QString &peer, const QString &kind, quint64 seq);
    // Also in lastError.
    void errorOccurred(const QString &message);

private:
    void rejoin();
    void setError(const QString &message);
    // Microseconds from that publish until now.
    static double latencyUs(quint64 publishMonotonicNs);
    void setLatency(quint64 publishMonotonicNs);
    void setSending(const QString &what);
    void finishSending();
    void onUpdate(shmbridge::PeerId id, shmbridge::layout::Kind kind, quint64 seq);
    void onImageRead(shmbridge::PeerId peer, const PeerFrame &frame);
    void onImageFailed(shmbridge::PeerId peer, const QString &message);
    void requestImage(shmbridge::PeerId id);
    // Whether update seq of that writer and kind is one QML has not been
    // told of yet (and now is): an explicit re-read of the same update is
    // not news, so a handler that reads again does not loop.
    bool isNews(shmbridge::PeerId id, shmbridge::layout::Kind kind, quint64 seq);
    // The image shown for a peer that left becomes a private copy, made on
    // the worker (the Room has already let the peer's channels go).
    void keepCopyOfImage(shmbridge::PeerId id);
    // Rows the model let go (keepLeft): what was kept for those ids goes too.
    void forgetRows(const QList<shmbridge::PeerId> &ids);
    void onAcknowledged(shmbridge::PeerId id, shmbridge::layout::Kind kind, quint64 seq);
    void onPublished(shmbridge::layout::Kind kind, quint64 seq);
    void refreshSeen();
    // Where the PeerImageStore keeps a peer's image, and mine.
    ImageKey imageKey(shmbridge::PeerId id) const;
    ImageKey myImageKey() const;

    void watchRoomSegment();

    struct State;
    const std::unique_ptr<State> d;
};

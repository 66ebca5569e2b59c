// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// What I published last, per kind, and which live peers have read it: the
// view's "You" card. Owned by SharedMemoryBridge, which fills it. Part of
// libshmbridge's C++ API.
#pragma once

#include "shmbridgeglobal.h"

#include <QObject>
#include <QQmlEngine>
#include <QSize>
#include <QStringList>
#include <QVariantList>

#include <memory>

class SHMBRIDGE_EXPORT MyValues : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MyValues is owned by SharedMemoryBridge")
    // I have published something since joining.
    Q_PROPERTY(bool hasAny READ hasAny NOTIFY changed FINAL)
    // My last text.
    Q_PROPERTY(QString text READ text NOTIFY changed FINAL)
    // My last image, as an Image source.
    Q_PROPERTY(QString imageSource READ imageSource NOTIFY changed FINAL)
    Q_PROPERTY(int imageWidth READ imageWidth NOTIFY changed FINAL)
    Q_PROPERTY(int imageHeight READ imageHeight NOTIFY changed FINAL)
    // My last telemetry values, in order.
    Q_PROPERTY(QVariantList telemetry READ telemetry NOTIFY changed FINAL)
    // Their names (empty when unnamed).
    Q_PROPERTY(QStringList telemetryNames READ telemetryNames NOTIFY changed FINAL)
    // The sequence number of my last text (0: none yet); likewise imageSeq and
    // telemetrySeq. A QML number: Qt 6.4 gives QML no 64-bit integer type, and
    // sequence numbers stay far below 2^53, where doubles are still exact.
    Q_PROPERTY(double textSeq READ textSeq NOTIFY changed FINAL)
    Q_PROPERTY(double imageSeq READ imageSeq NOTIFY changed FINAL)
    Q_PROPERTY(double telemetrySeq READ telemetrySeq NOTIFY changed FINAL)
    // Names of the live peers that have read my last text; likewise imageSeenBy and telemetrySeenBy.
    Q_PROPERTY(QStringList textSeenBy READ textSeenBy NOTIFY seenChanged FINAL)
    Q_PROPERTY(QStringList imageSeenBy READ imageSeenBy NOTIFY seenChanged FINAL)
    Q_PROPERTY(QStringList telemetrySeenBy READ telemetrySeenBy NOTIFY seenChanged FINAL)

public:
    using Kind = shmbridge::layout::Kind;

    explicit MyValues(QObject *parent = nullptr);
    ~MyValues() override;

    bool hasAny() const;
    QString text() const;
    QString imageSource() const;
    int imageWidth() const;
    int imageHeight() const;
    QVariantList telemetry() const;
    QStringList telemetryNames() const;
    quint64 textSeq() const;
    quint64 imageSeq() const;
    quint64 telemetrySeq() const;
    QStringList textSeenBy() const;
    QStringList imageSeenBy() const;
    QStringList telemetrySeenBy() const;

    quint64 seq(Kind kind) const;
    QStringList seenBy(Kind kind) const;

    void setText(const QString &text, quint64 seq);
    void setImage(const QString &source, QSize size, quint64 seq);
    void setTelemetry(const shmbridge::Telemetry &telemetry, quint64 seq);
    // Names of the live peers holding my latest value of that kind.
    void setSeenBy(Kind kind, const QStringList &names);
    void clear();

Q_SIGNALS:
    // What I published changed.
    void changed();
    // Who has seen it changed.
    void seenChanged();

private:
    void published(Kind kind, quint64 seq);

    struct Values;
    const std::unique_ptr<Values> d;
};

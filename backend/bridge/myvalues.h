// What I published last, per kind, and which live peers have read it: the
// view's "You" card. Owned by SharedMemoryBridge, which fills it.
#pragma once

#include "layout.h"
#include "payload.h"

#include <QObject>
#include <QQmlEngine>
#include <QSize>
#include <QStringList>
#include <QVariantList>

#include <array>

class MyValues : public QObject
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
    // The sequence number of my last text (0: none yet); likewise imageSeq and telemetrySeq.
    Q_PROPERTY(quint64 textSeq READ textSeq NOTIFY changed FINAL)
    Q_PROPERTY(quint64 imageSeq READ imageSeq NOTIFY changed FINAL)
    Q_PROPERTY(quint64 telemetrySeq READ telemetrySeq NOTIFY changed FINAL)
    // Names of the live peers that have read my last text; likewise imageSeenBy and telemetrySeenBy.
    Q_PROPERTY(QStringList textSeenBy READ textSeenBy NOTIFY seenChanged FINAL)
    Q_PROPERTY(QStringList imageSeenBy READ imageSeenBy NOTIFY seenChanged FINAL)
    Q_PROPERTY(QStringList telemetrySeenBy READ telemetrySeenBy NOTIFY seenChanged FINAL)

public:
    using Kind = shmbridge::layout::Kind;

    explicit MyValues(QObject *parent = nullptr) : QObject(parent) { }

    bool hasAny() const;
    QString text() const { return m_text; }
    QString imageSource() const { return m_imageSource; }
    int imageWidth() const { return m_imageSize.width(); }
    int imageHeight() const { return m_imageSize.height(); }
    QVariantList telemetry() const;
    QStringList telemetryNames() const { return m_telemetry.names; }
    quint64 textSeq() const { return seq(Kind::Text); }
    quint64 imageSeq() const { return seq(Kind::Image); }
    quint64 telemetrySeq() const { return seq(Kind::Telemetry); }
    QStringList textSeenBy() const { return seenBy(Kind::Text); }
    QStringList imageSeenBy() const { return seenBy(Kind::Image); }
    QStringList telemetrySeenBy() const { return seenBy(Kind::Telemetry); }

    quint64 seq(Kind kind) const { return m_seq[std::size_t(kind)]; }
    QStringList seenBy(Kind kind) const { return m_seenBy[std::size_t(kind)]; }

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

    QString m_text;
    QString m_imageSource;
    QSize m_imageSize;
    shmbridge::Telemetry m_telemetry;
    std::array<quint64, shmbridge::layout::kKindCount> m_seq {};
    std::array<QStringList, shmbridge::layout::kKindCount> m_seenBy;
};

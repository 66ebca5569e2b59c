// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "myvalues.h"

#include "layout.h"
#include "payload.h"
#include "peermodel_p.h"

#include <array>

struct MyValues::Values
{
    QString text;
    QString imageSource;
    QSize imageSize;
    shmbridge::Telemetry telemetry;
    std::array<quint64, shmbridge::layout::kKindCount> seq {};
    std::array<QStringList, shmbridge::layout::kKindCount> seenBy;
};

MyValues::MyValues(QObject *parent) : QObject(parent), d(std::make_unique<Values>()) { }

MyValues::~MyValues() = default;

QString MyValues::text() const { return d->text; }
QString MyValues::imageSource() const { return d->imageSource; }
int MyValues::imageWidth() const { return d->imageSize.width(); }
int MyValues::imageHeight() const { return d->imageSize.height(); }
QStringList MyValues::telemetryNames() const { return d->telemetry.names; }
quint64 MyValues::textSeq() const { return seq(Kind::Text); }
quint64 MyValues::imageSeq() const { return seq(Kind::Image); }
quint64 MyValues::telemetrySeq() const { return seq(Kind::Telemetry); }
QStringList MyValues::textSeenBy() const { return seenBy(Kind::Text); }
QStringList MyValues::imageSeenBy() const { return seenBy(Kind::Image); }
QStringList MyValues::telemetrySeenBy() const { return seenBy(Kind::Telemetry); }
quint64 MyValues::seq(Kind kind) const { return d->seq[std::size_t(kind)]; }
QStringList MyValues::seenBy(Kind kind) const { return d->seenBy[std::size_t(kind)]; }

bool MyValues::hasAny() const
{
    return std::any_of(d->seq.begin(), d->seq.end(), [](quint64 seq) { return seq > 0; });
}

QVariantList MyValues::telemetry() const
{
    return toVariantList(d->telemetry.values);
}

void MyValues::setText(const QString &text, quint64 seq)
{
    d->text = text;
    published(Kind::Text, seq);
}

void MyValues::setImage(const QString &source, QSize size, quint64 seq)
{
    d->imageSource = source;
    d->imageSize = size;
    published(Kind::Image, seq);
}

void MyValues::setTelemetry(const shmbridge::Telemetry &telemetry, quint64 seq)
{
    d->telemetry = telemetry;
    published(Kind::Telemetry, seq);
}

void MyValues::published(Kind kind, quint64 seq)
{
    d->seq[std::size_t(kind)] = seq;
    Q_EMIT changed();
    setSeenBy(kind, {}); // nobody has read a value that new yet
}

void MyValues::setSeenBy(Kind kind, const QStringList &names)
{
    QStringList &current = d->seenBy[std::size_t(kind)];
    if (current == names)
        return;
    current = names;
    Q_EMIT seenChanged();
}

void MyValues::clear()
{
    if (!hasAny())
        return;
    d->text.clear();
    d->imageSource.clear();
    d->imageSize = {};
    d->telemetry = {};
    d->seq = {};
    d->seenBy = {};
    Q_EMIT changed();
    Q_EMIT seenChanged();
}

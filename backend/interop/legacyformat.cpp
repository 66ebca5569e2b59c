// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "legacyformat.h"

#include "imagefile.h"

#include <QDataStream>
#include <QIODevice>
#include <QStringDecoder>

#include <cmath>

namespace shmbridge::interop {

Result<LegacyFormat> LegacyFormat::parse(const QString &spec, const QStringList &names)
{
    LegacyFormat format;
    if (spec == QLatin1String("qimage")) {
        format.m_shape = Shape::QImageStream;
    } else if (spec == QLatin1String("utf8")) {
        format.m_shape = Shape::Utf8;
    } else if (spec.startsWith(QLatin1String("reals:"))) {
        bool ok = false;
        const int count = spec.mid(6).toInt(&ok);
        if (!ok || count < 1 || count > int(layout::kMaxTelemetryValues))
            return Error { QStringLiteral("\"%1\": reals:N wants N from 1 to %2, e.g. reals:6.")
                                   .arg(spec)
                                   .arg(layout::kMaxTelemetryValues) };
        format.m_shape = Shape::Reals;
        format.m_realCount = count;
    } else {
        return Error { QStringLiteral("unknown format \"%1\"; use qimage, utf8 or reals:N.").arg(spec) };
    }
    if (!names.isEmpty()) {
        if (format.m_shape != Shape::Reals)
            return Error { QStringLiteral("--names labels the values of reals:N, not %1.").arg(spec) };
        if (names.size() != format.m_realCount)
            return Error { QStringLiteral("%1 has %2 values, but %3 names were given.")
                                   .arg(spec)
                                   .arg(format.m_realCount)
                                   .arg(names.size()) };
        // The room's own rule for names: checked by encoding a sample.
        if (auto valid = encodeTelemetry(Telemetry { QList<double>(names.size(), 0.0), names }); !valid)
            return Error { valid.error() };
        format.m_names = names;
    }
    return format;
}

layout::Kind LegacyFormat::roomKind() const
{
    switch (m_shape) {
    case Shape::QImageStream:
        return layout::Kind::Image;
    case Shape::Utf8:
        return layout::Kind::Text;
    case Shape::Reals:
        break;
    }
    return layout::Kind::Telemetry;
}

QString LegacyFormat::spec() const
{
    switch (m_shape) {
    case Shape::QImageStream:
        return QStringLiteral("qimage");
    case Shape::Utf8:
        return QStringLiteral("utf8");
    case Shape::Reals:
        break;
    }
    return QStringLiteral("reals:%1").arg(m_realCount);
}

Result<QImage> LegacyFormat::decodeImage(const QByteArray &segment, const QString &shown) const
{
    // QDataStream's QImage: a qint32 marker, 0 for a null image, then the
    // image as PNG. The segment may be longer than the stream (a writer
    // sizes it once); the PNG ends itself.
    if (segment.size() < 4)
        return Error { QStringLiteral("%1 is %2 bytes: too small for a QDataStream image.")
                               .arg(shown)
                               .arg(segment.size()) };
    QDataStream stream(segment);
    qint32 marker = 0;
    stream >> marker;
    if (marker == 0)
        return Error { QStringLiteral("%1 holds a null image.").arg(shown) };
    if (marker != 1)
        return Error { QStringLiteral("%1 does not start like a QDataStream image (marker %2, not 1).")
                               .arg(shown)
                               .arg(marker) };
    return loadImageBytes(segment.mid(4), shown);
}

Result<QString> LegacyFormat::decodeText(const QByteArray &segment, const QString &shown) const
{
    // Up to the first NUL: the zero-filled segment is the terminator of a
    // shorter text; a full one has none.
    const qsizetype end = segment.indexOf('\0');
    const QByteArray bytes = end < 0 ? segment : segment.left(end);
    if (bytes.size() > qsizetype(layout::kMaxTextBytes))
        return Error { QStringLiteral("%1 holds %2 bytes of text; a room carries at most 1 MiB.")
                               .arg(shown)
                               .arg(bytes.size()) };
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return Error { QStringLiteral("%1 is not UTF-8 text.").arg(shown) };
    return text;
}

Result<Telemetry> LegacyFormat::decodeReals(const QByteArray &segment, const QString &shown) const
{
    if (segment.size() != realsSize())
        return Error { QStringLiteral("%1 is %2 bytes; %3 needs exactly %4 (%5 big-endian doubles).")
                               .arg(shown)
                               .arg(segment.size())
                               .arg(spec())
                               .arg(realsSize())
                               .arg(m_realCount) };
    QDataStream stream(segment);
    Telemetry telemetry;
    telemetry.names = m_names;
    for (int i = 0; i < m_realCount; ++i) {
        double value = 0;
        stream >> value;
        if (!std::isfinite(value))
            return Error { QStringLiteral("%1: value %2 is not a finite number.").arg(shown).arg(i + 1) };
        telemetry.values.append(value);
    }
    return telemetry;
}

QByteArray LegacyFormat::encodeImage(const QImage &image)
{
    QByteArray bytes;
    QDataStream stream(&bytes, QIODevice::WriteOnly);
    stream << image;
    return bytes;
}

QByteArray LegacyFormat::encodeText(const QString &text, qsizetype segmentSize)
{
    QByteArray bytes = text.toUtf8();
    if (bytes.size() > segmentSize) {
        qsizetype cut = segmentSize;
        // Back off continuation bytes (10xxxxxx) to a character's start.
        while (cut > 0 && (quint8(bytes.at(cut)) & 0xc0) == 0x80)
            --cut;
        bytes.truncate(cut);
    }
    bytes.append(QByteArray(segmentSize - bytes.size(), '\0'));
    return bytes;
}

Result<QByteArray> LegacyFormat::encodeReals(const Telemetry &telemetry) const
{
    if (telemetry.values.size() != m_realCount)
        return Error { QStringLiteral("the telemetry has %1 values; %2 needs %3.")
                               .arg(telemetry.values.size())
                               .arg(spec())
                               .arg(m_realCount) };
    QByteArray bytes;
    QDataStream stream(&bytes, QIODevice::WriteOnly);
    for (const double value : telemetry.values)
        stream << value;
    return bytes;
}

} // namespace shmbridge::interop

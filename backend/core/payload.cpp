// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "payload.h"

#include <QStringDecoder>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace shmbridge {

using layout::Kind;
using layout::PixelFormat;

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::Text:
        return QStringLiteral(SHMBRIDGE_KIND_TEXT_NAME);
    case Kind::Image:
        return QStringLiteral(SHMBRIDGE_KIND_IMAGE_NAME);
    case Kind::Telemetry:
        return QStringLiteral(SHMBRIDGE_KIND_TELEMETRY_NAME);
    }
    return QStringLiteral("unknown");
}

std::optional<Kind> kindFromName(QStringView name)
{
    for (const Kind kind : layout::kKinds) {
        if (name == kindName(kind))
            return kind;
    }
    return std::nullopt;
}

Result<QByteArray> encodeText(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    if (quint64(utf8.size()) > layout::kMaxTextBytes) {
        return Error { QStringLiteral("The text is %1 KiB; the limit is %2 KiB.")
                               .arg((utf8.size() + 1023) / 1024)
                               .arg(layout::kMaxTextBytes / 1024) };
    }
    return utf8;
}

Result<QString> decodeText(const char *data, std::size_t size)
{
    if (size > layout::kMaxTextBytes)
        return Error { QStringLiteral("A text update claims %1 bytes; the limit is %2.")
                               .arg(size)
                               .arg(layout::kMaxTextBytes) };
    // Most texts are ASCII, which is UTF-8 as it stands: a check and a widening
    // copy, several hundred instructions fewer than the validating decoder on
    // the path from the bell to the reader's handler.
    if (std::all_of(data, data + size, [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; }))
        return QString::fromLatin1(data, qsizetype(size));
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(QByteArrayView(data, qsizetype(size)));
    if (decoder.hasError())
        return Error { QStringLiteral("A text update is not valid UTF-8.") };
    return text;
}

// Telemetry payload: u32 count, u32 namesSize, f64 values[count], then
// namesSize bytes of names, each a u8 length and that many UTF-8 bytes.
Result<QByteArray> encodeTelemetry(const Telemetry &telemetry)
{
    const auto count = std::uint32_t(telemetry.values.size());
    if (count == 0)
        return Error { QStringLiteral("Telemetry needs at least one value.") };
    if (count > layout::kMaxTelemetryValues)
        return Error { QStringLiteral("Telemetry has %1 values; the limit is %2.")
                               .arg(count)
                               .arg(layout::kMaxTelemetryValues) };
    if (!telemetry.names.isEmpty() && telemetry.names.size() != telemetry.values.size())
        return Error { QStringLiteral("Telemetry needs a name for every value, or none.") };
    for (double value : telemetry.values) {
        if (!std::isfinite(value))
            return Error { QStringLiteral("Telemetry values must be finite numbers, not %1.")
                                   .arg(value) };
    }
    QByteArray names;
    for (const QString &name : telemetry.names) {
        const QByteArray utf8 = name.toUtf8();
        if (utf8.isEmpty() || utf8.size() > qsizetype(layout::kMaxTelemetryNameBytes))
            return Error { QStringLiteral("Telemetry names must be 1 to %1 bytes long.")
                                   .arg(layout::kMaxTelemetryNameBytes) };
        names.append(char(utf8.size())).append(utf8);
    }
    const auto namesSize = std::uint32_t(names.size());
    QByteArray payload(qsizetype(8 + 8 * count), Qt::Uninitialized);
    std::memcpy(payload.data(), &count, 4);
    std::memcpy(payload.data() + 4, &namesSize, 4);
    std::memcpy(payload.data() + 8, telemetry.values.constData(), 8 * count);
    return payload + names;
}

Result<Telemetry> decodeTelemetry(const char *data, std::size_t size)
{
    const auto corrupt = [](const char *why) {
        return Error { QStringLiteral("A telemetry update is corrupt: %1.").arg(QLatin1StringView(why)) };
    };
    if (size < 8)
        return corrupt("too short");
    std::uint32_t count = 0;
    std::uint32_t namesSize = 0;
    std::memcpy(&count, data, 4);
    std::memcpy(&namesSize, data + 4, 4);
    if (count == 0 || count > layout::kMaxTelemetryValues)
        return corrupt("bad value count");
    if (std::uint64_t(8) + 8ULL * count + namesSize != size)
        return corrupt("sizes disagree");
    Telemetry telemetry;
    telemetry.values.resize(count);
    std::memcpy(telemetry.values.data(), data + 8, 8 * count);
    for (double value : telemetry.values) {
        if (!std::isfinite(value))
            return corrupt("value is not a finite number");
    }
    const char *names = data + 8 + 8 * count;
    std::size_t at = 0;
    while (at < namesSize) {
        const std::size_t length = std::uint8_t(names[at]);
        ++at;
        if (length == 0 || length > layout::kMaxTelemetryNameBytes || at + length > namesSize)
            return corrupt("bad name");
        auto name = decodeText(names + at, length);
        if (!name)
            return corrupt("name is not UTF-8");
        telemetry.names.append(name.value());
        at += length;
    }
    if (!telemetry.names.isEmpty() && telemetry.names.size() != telemetry.values.size())
        return corrupt("name count differs from value count");
    return telemetry;
}

Result<Telemetry> parseTelemetry(const QString &text)
{
    Telemetry telemetry;
    const QStringList parts = text.split(QLatin1Char(','), Qt::KeepEmptyParts);
    for (const QString &rawPart : parts) {
        const QString part = rawPart.trimmed();
        QString number = part;
        const qsizetype equals = part.indexOf(QLatin1Char('='));
        if (equals >= 0) {
            telemetry.names.append(part.left(equals).trimmed());
            number = part.mid(equals + 1).trimmed();
        }
        bool ok = false;
        const double value = number.toDouble(&ok);
        if (!ok)
            return Error { QStringLiteral("\"%1\" is not a number; write telemetry as 1.5,2,3 or "
                                          "pitch=1.5,roll=2.")
                                   .arg(part) };
        telemetry.values.append(value);
    }
    if (!telemetry.names.isEmpty() && telemetry.names.size() != telemetry.values.size())
        return Error { QStringLiteral("Name every telemetry value, or none of them.") };
    // Validation of counts, names and finiteness is the encoder's job.
    if (auto encoded = encodeTelemetry(telemetry); !encoded)
        return Error { encoded.error() };
    return telemetry;
}

QString formatTelemetry(const Telemetry &telemetry)
{
    QStringList parts;
    for (qsizetype i = 0; i < telemetry.values.size(); ++i) {
        const QString number = QString::number(telemetry.values.at(i), 'g', 10);
        parts.append(telemetry.names.isEmpty() ? number
                                               : telemetry.names.at(i) + QLatin1Char('=') + number);
    }
    return parts.join(QLatin1Char(','));
}

Result<void> validateImageGeometry(std::uint32_t width, std::uint32_t height, std::uint32_t format,
                                   std::uint64_t payloadSize)
{
    if (width == 0 || height == 0)
        return Error { QStringLiteral("The image is empty.") };
    if (width > layout::kMaxImageSide || height > layout::kMaxImageSide)
        return Error { QStringLiteral("Image is larger than %1 x %1 (it is %2 x %3).")
                               .arg(layout::kMaxImageSide)
                               .arg(width)
                               .arg(height) };
    if (format < std::uint32_t(PixelFormat::Rgb32)
        || format > std::uint32_t(PixelFormat::Argb32Premultiplied))
        return Error { QStringLiteral("The image has an unknown pixel format (%1).").arg(format) };
    if (payloadSize != std::uint64_t(width) * height * 4)
        return Error { QStringLiteral("The image size does not match its %1 x %2 pixels.")
                               .arg(width)
                               .arg(height) };
    return {};
}

QString pixelFormatName(PixelFormat format)
{
    switch (format) {
    case PixelFormat::Rgb32:
        return QStringLiteral("rgb32");
    case PixelFormat::Argb32:
        return QStringLiteral("argb32");
    case PixelFormat::Argb32Premultiplied:
        return QStringLiteral("argb32_premultiplied");
    }
    return QStringLiteral("unknown");
}

} // namespace shmbridge

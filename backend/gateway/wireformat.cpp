// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "wireformat.h"

#include "payload.h"

#include <QtEndian>

#include <cstring>

namespace shmbridge::gateway {

using layout::Kind;
using layout::PixelFormat;

namespace {

constexpr char kMagic[4] = { 'S', 'H', 'B', 'W' };
constexpr std::uint8_t kVersion = 1;

// The encoding byte: 0 for text and telemetry, an ImageCodec for images.
constexpr std::uint8_t kPlain = 0;

Error corrupt(const QString &why)
{
    return Error { QStringLiteral("A message from the broker is not a ShmBridge value: %1.").arg(why) };
}

template<typename T>
void put(QByteArray &out, std::size_t at, T value)
{
    qToLittleEndian(value, out.data() + at);
}

template<typename T>
T get(const QByteArray &in, std::size_t at)
{
    return qFromLittleEndian<T>(in.constData() + at);
}

} // namespace

Result<QByteArray> encodeWire(const WireValue &value, ImageCodecChoice codec)
{
    std::uint8_t encoding = kPlain;
    QByteArray body = value.value;
    if (value.kind == Kind::Image) {
        if (auto valid = validateImageGeometry(value.width, value.height, std::uint32_t(value.format),
                                               std::uint64_t(value.value.size()));
            !valid)
            return Error { valid.error() };
        auto compressed = compressImage(Pixels { value.width, value.height, value.format, value.value }, codec);
        if (!compressed)
            return Error { compressed.error() };
        encoding = std::uint8_t(compressed.value().codec);
        body = std::move(compressed.value().bytes);
    }
    if (std::uint64_t(body.size()) + kWireHeaderBytes > kMaxWireBytes)
        return Error { QStringLiteral("The %1 is %2 MiB on the wire; the gateway carries at most %3 MiB.")
                               .arg(kindName(value.kind))
                               .arg(double(body.size()) / 1048576.0, 0, 'f', 1)
                               .arg(kMaxWireBytes / 1048576) };
    QByteArray out(qsizetype(kWireHeaderBytes), '\0');
    std::memcpy(out.data(), kMagic, 4);
    out[4] = char(kVersion);
    out[5] = char(value.kind);
    out[6] = char(encoding);
    out[7] = char(value.kind == Kind::Image ? std::uint8_t(value.format) : 0);
    put<quint64>(out, 8, value.seq);
    put<quint64>(out, 16, value.publishRealtimeNs);
    put<quint32>(out, 24, value.width);
    put<quint32>(out, 28, value.height);
    put<quint32>(out, 32, quint32(body.size()));
    return out + body;
}

Result<WireValue> decodeWire(const QByteArray &message)
{
    if (std::uint64_t(message.size()) > kMaxWireBytes)
        return corrupt(QStringLiteral("it is %1 bytes; the limit is %2").arg(message.size()).arg(kMaxWireBytes));
    if (std::size_t(message.size()) < kWireHeaderBytes)
        return corrupt(QStringLiteral("it is %1 bytes, shorter than the header").arg(message.size()));
    if (std::memcmp(message.constData(), kMagic, 4) != 0)
        return corrupt(QStringLiteral("bad magic"));
    if (std::uint8_t(message[4]) != kVersion)
        return corrupt(QStringLiteral("version %1; this gateway reads version %2").arg(std::uint8_t(message[4])).arg(kVersion));
    const auto kind = std::uint8_t(message[5]);
    const auto encoding = std::uint8_t(message[6]);
    const auto format = std::uint8_t(message[7]);
    if (kind >= layout::kKindCount)
        return corrupt(QStringLiteral("unknown kind %1").arg(kind));
    const std::uint32_t size = get<quint32>(message, 32);
    if (std::uint64_t(size) + kWireHeaderBytes != std::uint64_t(message.size()))
        return corrupt(QStringLiteral("the value is %1 bytes, not the %2 its header says")
                               .arg(message.size() - qsizetype(kWireHeaderBytes))
                               .arg(size));
    WireValue value;
    value.kind = Kind(kind);
    value.seq = get<quint64>(message, 8);
    value.publishRealtimeNs = get<quint64>(message, 16);
    const QByteArray body = message.mid(qsizetype(kWireHeaderBytes));
    switch (value.kind) {
    case Kind::Text:
        if (encoding != kPlain)
            return corrupt(QStringLiteral("text with an image encoding"));
        if (auto text = decodeText(body.constData(), std::size_t(body.size())); !text)
            return corrupt(text.error());
        value.value = body;
        return value;
    case Kind::Telemetry:
        if (encoding != kPlain)
            return corrupt(QStringLiteral("telemetry with an image encoding"));
        if (auto telemetry = decodeTelemetry(body.constData(), std::size_t(body.size())); !telemetry)
            return corrupt(telemetry.error());
        value.value = body;
        return value;
    case Kind::Image:
        break;
    }
    if (!isImageCodec(encoding))
        return corrupt(QStringLiteral("unknown image codec %1 (from a newer gateway? this one reads png, zlib, zstd "
                                      "and jpeg)")
                               .arg(encoding));
    if (format < SHMBRIDGE_PIXEL_RGB32 || format > SHMBRIDGE_PIXEL_ARGB32_PREMULTIPLIED)
        return corrupt(QStringLiteral("unknown pixel format %1").arg(format));
    value.width = get<quint32>(message, 24);
    value.height = get<quint32>(message, 28);
    value.format = PixelFormat(format);
    if (auto valid = validateImageGeometry(value.width, value.height, format, std::uint64_t(value.width) * value.height * 4);
        !valid)
        return corrupt(valid.error());
    auto pixels = decompressImage(ImageCodec(encoding), value.width, value.height, value.format, body);
    if (!pixels)
        return corrupt(pixels.error());
    value.value = std::move(pixels).value();
    return value;
}

} // namespace shmbridge::gateway

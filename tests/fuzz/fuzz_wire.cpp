// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// libFuzzer target over what a gateway parses from a broker, where every
// byte is untrusted: the wire format with every image codec (decodeWire:
// zstd, JPEG, PNG, zlib) and topic names (Topics::parse).
//
// Input: byte 0 picks the parser (even: a message, odd: a topic), the rest
// is what it parses. With SHMBRIDGE_FUZZ_SEEDS=DIR set, the first run writes
// real messages (text, telemetry, and small images in each codec and pixel
// format) into DIR as the seed corpus (scripts/fuzz.sh does this).
#include "payload.h"
#include "topics.h"
#include "wireformat.h"

#include <QDir>
#include <QFile>

#include <cstdint>
#include <cstdlib>

using namespace shmbridge;
using namespace shmbridge::gateway;

namespace {

void writeSeed(const QString &directory, const QString &name, char parser, const QByteArray &bytes)
{
    QFile seed(QDir(directory).filePath(name));
    if (seed.open(QIODevice::WriteOnly))
        seed.write(QByteArray(1, parser) + bytes);
}

void writeSeeds(const QString &directory)
{
    WireValue text { layout::Kind::Text, 7, 1, 0, 0, layout::PixelFormat::Rgb32, QByteArrayLiteral("héllo") };
    writeSeed(directory, QStringLiteral("text"), 0, encodeWire(text).value());
    Telemetry telemetry;
    telemetry.values = { 1.5, -2 };
    telemetry.names = { QStringLiteral("pitch"), QStringLiteral("roll") };
    WireValue values { layout::Kind::Telemetry, 8, 1, 0, 0, layout::PixelFormat::Rgb32, encodeTelemetry(telemetry).value() };
    writeSeed(directory, QStringLiteral("telemetry"), 0, encodeWire(values).value());
    for (const auto format : { layout::PixelFormat::Rgb32, layout::PixelFormat::Argb32 }) {
        QByteArray pixels(12 * 9 * 4, Qt::Uninitialized);
        for (qsizetype i = 0; i < pixels.size(); ++i)
            pixels[i] = char(i * 7 + (i >> 5));
        WireValue image { layout::Kind::Image, 9, 1, 12, 9, format, pixels };
        for (const auto codec : { ImageCodec::Zstd, ImageCodec::Jpeg })
            writeSeed(directory, QStringLiteral("image-%1-%2").arg(int(format)).arg(codecName(codec)), 0,
                      encodeWire(image, { codec, 85 }).value());
    }
    writeSeed(directory, QStringLiteral("topic"), 1, QByteArrayLiteral("shmbridge/lab%2F1/desk/alice/image"));
    writeSeed(directory, QStringLiteral("online"), 1, QByteArrayLiteral("shmbridge/lab%2F1/desk/$online"));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const bool seeded = [] {
        if (const char *seeds = std::getenv("SHMBRIDGE_FUZZ_SEEDS"))
            writeSeeds(QString::fromLocal8Bit(seeds));
        return true;
    }();
    (void)seeded;
    if (size == 0)
        return 0;
    const QByteArray rest(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    if (data[0] % 2 == 0) {
        (void)decodeWire(rest);
    } else {
        static const Topics topics(QStringLiteral("shmbridge"), QStringLiteral("lab/1"));
        (void)topics.parse(rest);
    }
    return 0;
}

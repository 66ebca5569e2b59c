// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Codecs for the three kinds of update. Each decode function is the single
// place where bytes from shared memory become values, and treats them as
// hostile: sizes are checked before anything is read.
#pragma once

#include "layout.h"
#include "result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace shmbridge {

struct Telemetry
{
    QList<double> values;
    QStringList names; // empty, or one per value

    friend bool operator==(const Telemetry &, const Telemetry &) = default;
};

// A kind's name in words (layout.h's SHMBRIDGE_KIND_*_NAME), and back.
QString kindName(layout::Kind kind);
std::optional<layout::Kind> kindFromName(QStringView name);

Result<QByteArray> encodeText(const QString &text);
Result<QString> decodeText(const char *data, std::size_t size);

Result<QByteArray> encodeTelemetry(const Telemetry &telemetry);
Result<Telemetry> decodeTelemetry(const char *data, std::size_t size);
// "1.5,2,3" or "pitch=1.5,roll=2": the form the command line and QML use.
Result<Telemetry> parseTelemetry(const QString &text);
QString formatTelemetry(const Telemetry &telemetry);

// Checks what an image header claims against the limits and the payload size.
Result<void> validateImageGeometry(std::uint32_t width, std::uint32_t height,
                                   std::uint32_t format, std::uint64_t payloadSize);
QString pixelFormatName(layout::PixelFormat format);

} // namespace shmbridge

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A room value as it travels through the broker: a small versioned header,
// then the value. Text is UTF-8, telemetry the room's own encoding, images
// compressed by the codec the sending gateway chose (imagecodec.h).
//
//   offset size
//   0      4    magic "SHBW"
//   4      1    version, 1
//   5      1    kind: 0 text, 1 image, 2 telemetry
//   6      1    encoding: 0 plain; images: their ImageCodec (1 png, 2 zlib,
//                3 zstd, 4 jpeg)
//   7      1    pixel format (images): 1 RGB32, 2 ARGB32, 3 premultiplied
//   8      8    seq, as the publishing peer numbered it
//   16     8    publish time, CLOCK_REALTIME ns
//   24     4    width    (images)
//   28     4    height   (images)
//   32     4    value bytes that follow
//   36     ...  value
// Little-endian. Every field of an arriving message is checked before use.
#pragma once

#include "imagecodec.h"
#include "layout.h"
#include "result.h"

#include <QByteArray>

#include <cstdint>

namespace shmbridge::gateway {

// The largest message a gateway sends or accepts: the biggest compressed
// image worth carrying. A broker should refuse larger ones first
// (message_size_limit), and the gateway tells it so when it connects.
inline constexpr std::uint32_t kMaxWireBytes = 64u * 1024 * 1024;
inline constexpr std::size_t kWireHeaderBytes = 36;

struct WireValue
{
    layout::Kind kind = layout::Kind::Text;
    std::uint64_t seq = 0;
    std::uint64_t publishRealtimeNs = 0;
    std::uint32_t width = 0; // images
    std::uint32_t height = 0;
    layout::PixelFormat format = layout::PixelFormat::Rgb32;
    QByteArray value; // text as UTF-8, telemetry as the room payload, images as raw pixels
};

Result<QByteArray> encodeWire(const WireValue &value, ImageCodecChoice codec = {});
Result<WireValue> decodeWire(const QByteArray &message);

} // namespace shmbridge::gateway

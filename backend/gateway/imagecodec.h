// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// How an image's pixels are squeezed for the wire, and read back.
//
//   zstd   lossless: each pixel minus its left neighbour, then zstd (level -1).
//          The default. A 1080p photo-like frame here: 2.4 MB, 25 ms to
//          compress, 8 ms to decompress (PNG at level 1: 6.2 MB, 44 ms;
//          QOI: 3.0 MB, 15 ms; docs/bench/gateway.txt).
//   jpeg   lossy, libjpeg-turbo, 4:2:0, with a quality: for cameras.
//          1080p at quality 85: 0.35 MB, 5 ms each way.
//   png    read only: what gateways of 0.2 sent for opaque pixels.
//   zlib   read only: what they sent for pixels with alpha (qCompress).
//
// JPEG has no alpha: an image with alpha goes as zstd whatever was chosen.
// shmbridge-codec-bench (tests/bench/codecs.cpp) measures them all.
#pragma once

#include "layout.h"
#include "result.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>

namespace shmbridge::gateway {

// The values are the wire format's encoding byte: never renumber.
enum class ImageCodec : std::uint8_t { Png = 1, Zlib = 2, Zstd = 3, Jpeg = 4 };

struct ImageCodecChoice
{
    ImageCodec codec = ImageCodec::Zstd;
    int quality = 85; // jpeg: 1 to 100
};

// The codecs a gateway may send with, by the names --image-codec takes.
std::optional<ImageCodec> sendingCodecNamed(const QString &name);
QString codecName(ImageCodec codec);
bool isImageCodec(std::uint8_t encoding);

struct Pixels
{
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    layout::PixelFormat format = layout::PixelFormat::Rgb32;
    QByteArray bytes; // width * 4 bytes per row, no padding
};

struct CompressedImage
{
    ImageCodec codec = ImageCodec::Zstd; // the one used, which may not be the one asked for
    QByteArray bytes;
};

// The pixels' geometry must have been checked (validateImageGeometry).
Result<CompressedImage> compressImage(const Pixels &pixels, ImageCodecChoice choice);
// Everything about `compressed` is untrusted: the result is exactly
// width * height * 4 bytes or an error, and never costs more memory than
// that image.
Result<QByteArray> decompressImage(ImageCodec codec, std::uint32_t width, std::uint32_t height,
                                   layout::PixelFormat format, const QByteArray &compressed);

} // namespace shmbridge::gateway

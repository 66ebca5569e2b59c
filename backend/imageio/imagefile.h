// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Images at the edges of the room: files in (with allocation limits, so a
// decompression bomb is refused rather than obeyed) and QImages out of an
// update without another copy. Needs QtGui's image codecs, so it is kept
// apart from the core, which needs only QtCore.
#pragma once

#include "channel.h"
#include "layout.h"
#include "result.h"

#include <QImage>
#include <QString>

#include <memory>

namespace shmbridge {

// Reads an image file and converts it to a format the room carries.
Result<QImage> loadImageFile(const QString &path);
// The same for an encoded image in memory (PNG, JPEG, ...); errors name it
// as `shown`, e.g. "segment \"QSharedMemoryExample\"".
Result<QImage> loadImageBytes(const QByteArray &encoded, const QString &shown);
// Converts any QImage to Rgb32 (opaque) or Argb32Premultiplied, checking limits.
Result<QImage> prepareForPublishing(const QImage &image);

layout::PixelFormat pixelFormatOf(const QImage &image);
QImage::Format qImageFormat(layout::PixelFormat format);
// Shows pixels leased in shared memory without copying them: the QImage is
// read-only, and every copy of it holds the lease and the mapping.
QImage wrapLeased(const LeasedUpdate &update);
// Hex SHA-256 of the pixels as they travel: rows packed, no padding.
QString pixelSha256(const QImage &image);
// Hex SHA-256 of bytes, through OpenSSL, which uses the CPU's SHA
// instructions where there are some (a 4K frame in about 20 ms, not 110).
QString sha256Hex(const char *data, std::size_t size);

} // namespace shmbridge

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

namespace shmbridge {

// Reads an image file and converts it to a format the room carries.
Result<QImage> loadImageFile(const QString &path);
// Converts any QImage to Rgb32 (opaque) or Argb32Premultiplied, checking limits.
Result<QImage> prepareForPublishing(const QImage &image);

layout::PixelFormat pixelFormatOf(const QImage &image);
// Wraps an image update's pixels without copying them; the QImage owns them.
Result<QImage> imageFromUpdate(Update update);
// Hex SHA-256 of the pixels as they travel: rows packed, no padding.
QString pixelSha256(const QImage &image);

} // namespace shmbridge

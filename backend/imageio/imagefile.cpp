// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "imagefile.h"

#include "payload.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImageReader>

#include <openssl/evp.h>

#include <memory>

namespace shmbridge {

using layout::PixelFormat;

namespace {

// Enough for one 8192 x 8192 ARGB32 image plus the decoder's own buffer.
constexpr int kAllocationLimitMiB = 2 * 256 + 16;

// Decodes with an allocation limit, and refuses an image whose header
// claims more than the room carries before decoding a single pixel.
Result<QImage> readLimited(QImageReader &reader, const QString &shown)
{
    reader.setAllocationLimit(kAllocationLimitMiB);
    if (!reader.canRead())
        return Error { QStringLiteral("That file is not an image: \"%1\".").arg(shown) };
    const QSize size = reader.size();
    if (size.isValid()
        && (size.width() > int(layout::kMaxImageSide) || size.height() > int(layout::kMaxImageSide))) {
        return Error { QStringLiteral("Image is larger than %1 x %1 (\"%2\" is %3 x %4).")
                               .arg(layout::kMaxImageSide)
                               .arg(shown)
                               .arg(size.width())
                               .arg(size.height()) };
    }
    QImage image = reader.read();
    if (image.isNull())
        return Error { QStringLiteral("\"%1\" could not be read as an image: %2.")
                               .arg(shown, reader.errorString()) };
    return prepareForPublishing(image);
}

} // namespace

QImage::Format qImageFormat(PixelFormat format)
{
    switch (format) {
    case PixelFormat::Rgb32:
        return QImage::Format_RGB32;
    case PixelFormat::Argb32:
        return QImage::Format_ARGB32;
    case PixelFormat::Argb32Premultiplied:
        return QImage::Format_ARGB32_Premultiplied;
    }
    return QImage::Format_Invalid;
}

Result<QImage> loadImageFile(const QString &path)
{
    const QFileInfo info(path);
    const QString shown = info.fileName().isEmpty() ? path : info.fileName();
    if (!info.exists())
        return Error { QStringLiteral("There is no file \"%1\".").arg(path) };
    if (!info.isFile() || !info.isReadable())
        return Error { QStringLiteral("\"%1\" cannot be read as a file.").arg(shown) };
    if (info.size() == 0)
        return Error { QStringLiteral("\"%1\" is empty, not an image.").arg(shown) };
    QImageReader reader(path);
    return readLimited(reader, shown);
}

Result<QImage> loadImageBytes(const QByteArray &encoded, const QString &shown)
{
    QBuffer buffer;
    buffer.setData(encoded);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    if (!reader.canRead())
        return Error { QStringLiteral("%1 holds no image in a format Qt reads.").arg(shown) };
    return readLimited(reader, shown);
}

Result<QImage> prepareForPublishing(const QImage &image)
{
    if (image.isNull())
        return Error { QStringLiteral("The image is empty.") };
    if (auto valid = validateImageGeometry(std::uint32_t(image.width()), std::uint32_t(image.height()),
                                           std::uint32_t(PixelFormat::Rgb32),
                                           std::uint64_t(image.width()) * image.height() * 4);
        !valid)
        return Error { valid.error() };
    const QImage::Format target =
            image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32;
    return image.format() == target ? image : image.convertToFormat(target);
}

PixelFormat pixelFormatOf(const QImage &image)
{
    switch (image.format()) {
    case QImage::Format_RGB32:
        return PixelFormat::Rgb32;
    case QImage::Format_ARGB32:
        return PixelFormat::Argb32;
    default:
        return PixelFormat::Argb32Premultiplied;
    }
}

QImage wrapLeased(const LeasedUpdate &update)
{
    return QImage(reinterpret_cast<const uchar *>(update.data), int(update.width), int(update.height),
                  qsizetype(update.width) * 4, qImageFormat(PixelFormat(update.format)),
                  [](void *owner) { delete static_cast<std::shared_ptr<const void> *>(owner); },
                  new std::shared_ptr<const void>(update.keepAlive));
}

namespace {

QString hex(const unsigned char *digest, unsigned int size)
{
    return QString::fromLatin1(QByteArray::fromRawData(reinterpret_cast<const char *>(digest), qsizetype(size)).toHex());
}

} // namespace

QString sha256Hex(const char *data, std::size_t size)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestSize = 0;
    if (EVP_Digest(data, size, digest, &digestSize, EVP_sha256(), nullptr) != 1)
        qFatal("OpenSSL cannot compute SHA-256");
    return hex(digest, digestSize);
}

QString pixelSha256(const QImage &image)
{
    const std::size_t rowBytes = std::size_t(image.width()) * 4;
    if (std::size_t(image.bytesPerLine()) == rowBytes)
        return sha256Hex(reinterpret_cast<const char *>(image.constBits()), rowBytes * std::size_t(image.height()));
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestSize = 0;
    bool ok = context && EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) == 1;
    for (int y = 0; ok && y < image.height(); ++y)
        ok = EVP_DigestUpdate(context.get(), image.constScanLine(y), rowBytes) == 1;
    if (!ok || EVP_DigestFinal_ex(context.get(), digest, &digestSize) != 1)
        qFatal("OpenSSL cannot compute SHA-256");
    return hex(digest, digestSize);
}

} // namespace shmbridge

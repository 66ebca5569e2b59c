// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "imagecodec.h"

#include "imagefile.h"

#include <QBuffer>
#include <QImage>
#include <QtEndian>

#include <turbojpeg.h>
#include <zstd.h>

#include <cstring>
#include <memory>

namespace shmbridge::gateway {

using layout::PixelFormat;

namespace {

// zstd's fastest levels lose little on pixels already reduced to
// differences; level -1 measured 2.4 MB in 24 ms, level 1 2.3 MB in 26 ms.
constexpr int kZstdLevel = -1;

Error damaged(ImageCodec codec, const QString &why)
{
    return Error { QStringLiteral("the %1 image is damaged: %2").arg(codecName(codec), why) };
}

// Bytewise differences of whole pixels, four lanes in one word: each byte
// becomes itself minus the same byte of the pixel to its left (mod 256).
// Photos and camera frames change little from pixel to pixel, so the
// differences are small numbers that compress far better than the pixels.
inline std::uint32_t minusBytes(std::uint32_t a, std::uint32_t b)
{
    return ((a | 0x80808080u) - (b & 0x7f7f7f7fu)) ^ ((a ^ ~b) & 0x80808080u);
}

inline std::uint32_t plusBytes(std::uint32_t a, std::uint32_t b)
{
    return ((a & 0x7f7f7f7fu) + (b & 0x7f7f7f7fu)) ^ ((a ^ b) & 0x80808080u);
}

// Into a buffer the thread keeps: a frame's worth of fresh memory costs a
// page fault per 4 KiB, more than the differences themselves.
const QByteArray &leftDifferences(const Pixels &pixels)
{
    thread_local QByteArray out;
    out.resize(pixels.bytes.size());
    for (std::uint32_t row = 0; row < pixels.height; ++row) {
        const std::size_t at = std::size_t(row) * pixels.width * 4;
        const auto *__restrict in = reinterpret_cast<const std::uint32_t *>(pixels.bytes.constData() + at);
        auto *__restrict diff = reinterpret_cast<std::uint32_t *>(out.data() + at);
        diff[0] = in[0];
        for (std::uint32_t x = 1; x < pixels.width; ++x)
            diff[x] = minusBytes(in[x], in[x - 1]);
    }
    return out;
}

void undoLeftDifferences(QByteArray &pixels, std::uint32_t width, std::uint32_t height)
{
    for (std::uint32_t row = 0; row < height; ++row) {
        auto *line = reinterpret_cast<std::uint32_t *>(pixels.data() + std::size_t(row) * width * 4);
        for (std::uint32_t x = 1; x < width; ++x)
            line[x] = plusBytes(line[x], line[x - 1]);
    }
}

// One context per thread: a worker pool's threads each keep theirs.
ZSTD_CCtx *zstdCompressor()
{
    thread_local std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> context(ZSTD_createCCtx(), &ZSTD_freeCCtx);
    return context.get();
}

ZSTD_DCtx *zstdDecompressor()
{
    thread_local std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> context(ZSTD_createDCtx(), &ZSTD_freeDCtx);
    return context.get();
}

struct TurboJpeg
{
    explicit TurboJpeg(tjhandle handle) : handle(handle) {}
    ~TurboJpeg()
    {
        if (handle)
            tjDestroy(handle);
    }
    TurboJpeg(const TurboJpeg &) = delete;
    TurboJpeg &operator=(const TurboJpeg &) = delete;
    tjhandle handle;
};

Result<QByteArray> compressZstd(const Pixels &pixels)
{
    const QByteArray &differences = leftDifferences(pixels);
    QByteArray out(qsizetype(ZSTD_compressBound(std::size_t(differences.size()))), Qt::Uninitialized);
    const std::size_t size = ZSTD_compressCCtx(zstdCompressor(), out.data(), std::size_t(out.size()),
                                               differences.constData(), std::size_t(differences.size()), kZstdLevel);
    if (ZSTD_isError(size))
        return Error { QStringLiteral("zstd cannot compress the image: %1.").arg(QString::fromUtf8(ZSTD_getErrorName(size))) };
    out.truncate(qsizetype(size));
    return out;
}

Result<QByteArray> compressJpeg(const Pixels &pixels, int quality)
{
    const thread_local TurboJpeg jpeg(tjInitCompress());
    if (!jpeg.handle)
        return Error { QStringLiteral("libjpeg-turbo cannot start: %1.").arg(QString::fromUtf8(tjGetErrorStr2(nullptr))) };
    // Into a buffer of the worst case, so libjpeg-turbo never reallocates.
    const unsigned long capacity = tjBufSize(int(pixels.width), int(pixels.height), TJSAMP_420);
    QByteArray out(qsizetype(capacity), Qt::Uninitialized);
    auto *buffer = reinterpret_cast<unsigned char *>(out.data());
    unsigned long size = capacity;
    // RGB32 is 0xffRRGGBB in a little-endian word: B, G, R, X in memory.
    if (tjCompress2(jpeg.handle, reinterpret_cast<const unsigned char *>(pixels.bytes.constData()), int(pixels.width),
                    int(pixels.width) * 4, int(pixels.height), TJPF_BGRX, &buffer, &size, TJSAMP_420, quality,
                    TJFLAG_FASTDCT | TJFLAG_NOREALLOC)
        != 0)
        return Error { QStringLiteral("libjpeg-turbo cannot compress the image: %1.")
                               .arg(QString::fromUtf8(tjGetErrorStr2(jpeg.handle))) };
    out.truncate(qsizetype(size));
    return out;
}

Result<QByteArray> decompressZstd(std::uint32_t width, std::uint32_t height, const QByteArray &compressed)
{
    const std::uint64_t bytes = std::uint64_t(width) * height * 4;
    // The size it says it expands to, checked before anything is allocated.
    const unsigned long long declared = ZSTD_getFrameContentSize(compressed.constData(), std::size_t(compressed.size()));
    if (declared != bytes)
        return damaged(ImageCodec::Zstd, QStringLiteral("it does not expand to the image's size"));
    QByteArray pixels(qsizetype(bytes), Qt::Uninitialized);
    const std::size_t size = ZSTD_decompressDCtx(zstdDecompressor(), pixels.data(), std::size_t(bytes),
                                                 compressed.constData(), std::size_t(compressed.size()));
    if (ZSTD_isError(size))
        return damaged(ImageCodec::Zstd, QString::fromUtf8(ZSTD_getErrorName(size)));
    if (size != bytes)
        return damaged(ImageCodec::Zstd, QStringLiteral("it expands to %1 bytes, not %2").arg(size).arg(bytes));
    undoLeftDifferences(pixels, width, height);
    return pixels;
}

Result<QByteArray> decompressJpeg(std::uint32_t width, std::uint32_t height, const QByteArray &compressed)
{
    const thread_local TurboJpeg jpeg(tjInitDecompress());
    if (!jpeg.handle)
        return Error { QStringLiteral("libjpeg-turbo cannot start: %1.").arg(QString::fromUtf8(tjGetErrorStr2(nullptr))) };
    const auto *data = reinterpret_cast<const unsigned char *>(compressed.constData());
    int jpegWidth = 0;
    int jpegHeight = 0;
    int subsampling = 0;
    int colourspace = 0;
    if (tjDecompressHeader3(jpeg.handle, data, (unsigned long)compressed.size(), &jpegWidth, &jpegHeight, &subsampling,
                            &colourspace)
        != 0)
        return damaged(ImageCodec::Jpeg, QString::fromUtf8(tjGetErrorStr2(jpeg.handle)));
    if (std::uint32_t(jpegWidth) != width || std::uint32_t(jpegHeight) != height)
        return damaged(ImageCodec::Jpeg, QStringLiteral("it is %1 × %2, not the %3 × %4 its header says")
                                                 .arg(jpegWidth).arg(jpegHeight).arg(width).arg(height));
    QByteArray pixels(qsizetype(std::uint64_t(width) * height * 4), Qt::Uninitialized);
    // Any warning (a truncated or corrupt stream) stops it: half a picture is
    // not shown. LIMITSCANS refuses progressive files built to take forever.
    if (tjDecompress2(jpeg.handle, data, (unsigned long)compressed.size(), reinterpret_cast<unsigned char *>(pixels.data()),
                      int(width), int(width) * 4, int(height), TJPF_BGRX,
                      TJFLAG_FASTDCT | TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS)
        != 0)
        return damaged(ImageCodec::Jpeg, QString::fromUtf8(tjGetErrorStr2(jpeg.handle)));
    return pixels; // libjpeg-turbo writes X as 0xff: opaque RGB32
}

Result<QByteArray> decompressZlib(std::uint32_t width, std::uint32_t height, const QByteArray &compressed)
{
    const std::uint64_t bytes = std::uint64_t(width) * height * 4;
    // qCompress begins with the size it expands to: checked first, so a
    // small message cannot make us allocate more than its image needs.
    if (compressed.size() < 4 || qFromBigEndian<quint32>(compressed.constData()) != bytes)
        return damaged(ImageCodec::Zlib, QStringLiteral("it does not expand to the image's size"));
    QByteArray pixels = qUncompress(compressed);
    if (std::uint64_t(pixels.size()) != bytes)
        return damaged(ImageCodec::Zlib, QStringLiteral("it does not expand"));
    return pixels;
}

Result<QByteArray> decompressPng(std::uint32_t width, std::uint32_t height, PixelFormat format, const QByteArray &compressed)
{
    auto image = loadImageBytes(compressed, QStringLiteral("The image from the broker"));
    if (!image)
        return damaged(ImageCodec::Png, image.error());
    if (std::uint32_t(image.value().width()) != width || std::uint32_t(image.value().height()) != height)
        return damaged(ImageCodec::Png, QStringLiteral("it is not the size its header says"));
    const QImage converted = image.value().convertToFormat(qImageFormat(format));
    QByteArray pixels(qsizetype(std::uint64_t(width) * height * 4), Qt::Uninitialized);
    for (std::uint32_t row = 0; row < height; ++row)
        std::memcpy(pixels.data() + std::size_t(row) * width * 4, converted.constScanLine(int(row)), std::size_t(width) * 4);
    return pixels;
}

} // namespace

std::optional<ImageCodec> sendingCodecNamed(const QString &name)
{
    for (const ImageCodec codec : { ImageCodec::Zstd, ImageCodec::Jpeg }) {
        if (name == codecName(codec))
            return codec;
    }
    return std::nullopt;
}

QString codecName(ImageCodec codec)
{
    switch (codec) {
    case ImageCodec::Png:
        return QStringLiteral("png");
    case ImageCodec::Zlib:
        return QStringLiteral("zlib");
    case ImageCodec::Zstd:
        return QStringLiteral("zstd");
    case ImageCodec::Jpeg:
        return QStringLiteral("jpeg");
    }
    return QStringLiteral("unknown");
}

bool isImageCodec(std::uint8_t encoding)
{
    return encoding >= std::uint8_t(ImageCodec::Png) && encoding <= std::uint8_t(ImageCodec::Jpeg);
}

Result<CompressedImage> compressImage(const Pixels &pixels, ImageCodecChoice choice)
{
    CompressedImage out;
    out.codec = choice.codec == ImageCodec::Jpeg && pixels.format == PixelFormat::Rgb32 ? ImageCodec::Jpeg : ImageCodec::Zstd;
    auto bytes = out.codec == ImageCodec::Jpeg ? compressJpeg(pixels, choice.quality) : compressZstd(pixels);
    if (!bytes)
        return Error { bytes.error() };
    out.bytes = std::move(bytes).value();
    return out;
}

Result<QByteArray> decompressImage(ImageCodec codec, std::uint32_t width, std::uint32_t height, PixelFormat format,
                                   const QByteArray &compressed)
{
    switch (codec) {
    case ImageCodec::Zstd:
        return decompressZstd(width, height, compressed);
    case ImageCodec::Jpeg:
        if (format != PixelFormat::Rgb32)
            return damaged(codec, QStringLiteral("JPEG carries no alpha, yet its header says it has"));
        return decompressJpeg(width, height, compressed);
    case ImageCodec::Zlib:
        return decompressZlib(width, height, compressed);
    case ImageCodec::Png:
        return decompressPng(width, height, format, compressed);
    }
    return Error { QStringLiteral("unknown image codec %1").arg(int(codec)) };
}

} // namespace shmbridge::gateway

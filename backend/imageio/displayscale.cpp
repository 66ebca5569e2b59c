// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "displayscale.h"

#include <algorithm>
#include <vector>

namespace shmbridge {

namespace {

// Of 2 * n evenly spaced samples across a side of length, the index of each.
std::vector<int> samplePositions(int length, int n)
{
    std::vector<int> positions(std::size_t(2 * n));
    for (int i = 0; i < 2 * n; ++i)
        positions[std::size_t(i)] = std::min(length - 1, int((i + 0.5) * length / (2.0 * n)));
    return positions;
}

// The mean of four 32-bit pixels, each byte on its own (rounded): right
// for premultiplied colours and for opaque ones.
inline quint32 mean(quint32 a, quint32 b, quint32 c, quint32 d)
{
    constexpr quint32 evenBytes = 0x00ff00ffu;
    const quint32 even = (a & evenBytes) + (b & evenBytes) + (c & evenBytes) + (d & evenBytes);
    const quint32 odd = ((a >> 8) & evenBytes) + ((b >> 8) & evenBytes) + ((c >> 8) & evenBytes) + ((d >> 8) & evenBytes);
    constexpr quint32 half = 0x00020002u; // rounds each sum of four to nearest
    return (((even + half) >> 2) & evenBytes) | ((((odd + half) >> 2) & evenBytes) << 8);
}

// One pass: each pixel made is the mean of 2 x 2 samples of the source.
QImage sampleAndAverage(const QImage &image, QSize target)
{
    QImage out(target, image.format());
    if (out.isNull())
        return out;
    const std::vector<int> xs = samplePositions(image.width(), target.width());
    const std::vector<int> ys = samplePositions(image.height(), target.height());
    for (int y = 0; y < target.height(); ++y) {
        const auto *upper = reinterpret_cast<const quint32 *>(image.constScanLine(ys[std::size_t(2 * y)]));
        const auto *lower = reinterpret_cast<const quint32 *>(image.constScanLine(ys[std::size_t(2 * y + 1)]));
        auto *line = reinterpret_cast<quint32 *>(out.scanLine(y));
        for (int x = 0; x < target.width(); ++x) {
            const int left = xs[std::size_t(2 * x)], right = xs[std::size_t(2 * x + 1)];
            line[x] = mean(upper[left], upper[right], lower[left], lower[right]);
        }
    }
    return out;
}

} // namespace

QSize fitWithin(QSize size, QSize bounds)
{
    if (size.isEmpty())
        return size;
    const bool freeWidth = bounds.width() <= 0, freeHeight = bounds.height() <= 0;
    if (freeWidth && freeHeight)
        return size;
    const double byWidth = freeWidth ? 1.0 : double(bounds.width()) / size.width();
    const double byHeight = freeHeight ? 1.0 : double(bounds.height()) / size.height();
    const double factor = std::min({ byWidth, byHeight, 1.0 });
    return { std::max(1, int(size.width() * factor + 0.5)), std::max(1, int(size.height() * factor + 0.5)) };
}

QImage scaledForDisplay(const QImage &image, QSize bounds)
{
    const QSize target = fitWithin(image.size(), bounds);
    if (image.isNull() || target == image.size())
        return image;
    const QSize sampled = target * 2;
    const bool sampling = sampled.width() < image.width() && sampled.height() < image.height();
    if (sampling && (image.format() == QImage::Format_RGB32 || image.format() == QImage::Format_ARGB32_Premultiplied))
        return sampleAndAverage(image, target);
    // Other formats (straight alpha must not be averaged as it is), and
    // shrinking by less than half, where Qt's smooth scaling reads little more.
    const QImage grid = sampling ? image.scaled(sampled, Qt::IgnoreAspectRatio, Qt::FastTransformation) : image;
    return grid.scaled(target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

} // namespace shmbridge

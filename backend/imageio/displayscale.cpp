#include "displayscale.h"

#include <algorithm>

namespace shmbridge {

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
    const QImage grid = sampled.width() < image.width() && sampled.height() < image.height()
            ? image.scaled(sampled, Qt::IgnoreAspectRatio, Qt::FastTransformation)
            : image;
    return grid.scaled(target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

} // namespace shmbridge

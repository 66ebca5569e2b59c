// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A photo-like picture for tests and benchmarks: gradients, translucent
// circles and optional noise (which defeats PNG compression the way real
// photos do), deterministic per seed.
#pragma once

#include <QImage>
#include <QLinearGradient>
#include <QPainter>
#include <QRandomGenerator>

inline QImage photoLikeImage(int width, int height, quint32 seed, int noise = 8,
                             QImage::Format format = QImage::Format_RGB32)
{
    QRandomGenerator random(seed);
    QImage image(width, height, format);
    QPainter painter(&image);
    QLinearGradient sky(0, 0, width, height);
    sky.setColorAt(0, QColor::fromHsv(int(random.bounded(360)), 160, 230));
    sky.setColorAt(1, QColor::fromHsv(int(random.bounded(360)), 200, 90));
    painter.fillRect(image.rect(), sky);
    painter.setPen(Qt::NoPen);
    for (int i = 0; i < 24; ++i) {
        painter.setBrush(QColor::fromHsv(int(random.bounded(360)), 180, 220, 120));
        const int r = int(random.bounded(std::max(2, std::min(width, height) / 4)));
        painter.drawEllipse(QPoint(int(random.bounded(width)), int(random.bounded(height))), r, r);
    }
    painter.end();
    for (int y = 0; y < height && noise > 0; ++y) {
        auto *row = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const int n = int(random.bounded(2 * noise + 1)) - noise;
            row[x] = qRgba(qBound(0, qRed(row[x]) + n, 255), qBound(0, qGreen(row[x]) + n, 255),
                           qBound(0, qBlue(row[x]) + n, 255), qAlpha(row[x]));
        }
    }
    return image;
}

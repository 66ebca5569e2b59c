// Images at the size they are shown: a card showing a 3840 × 2160 frame
// 240 pixels wide needs a 240-pixel texture, not 33 MB uploaded every frame.
#pragma once

#include <QImage>
#include <QSize>

namespace shmbridge {

// size scaled to fit within bounds, keeping its aspect ratio. A side of
// bounds that is 0 or less is free (as in QML's sourceSize); never larger
// than size, and never a side below 1.
QSize fitWithin(QSize size, QSize bounds);

// The image at fitWithin(image.size(), bounds). The image itself (no copy,
// so a leased frame stays zero-copy) when that is its own size. Otherwise
// it reads at most 2 × 2 source pixels per pixel made: nearest samples on a
// grid of twice the target size (rows and pages of a 4K frame it does not
// need are never touched), then a bilinear halving, which averages each 2 × 2
// block. A 240-pixel thumbnail of a 4K frame costs about 0.9 ms warm here,
// against 3.3 ms to scale all of the frame smoothly, and touches a quarter
// of its pages where a cold frame costs a fault per page touched. Patterns
// finer than the sampling step alias (one sample stands for an 8 × 8 block
// when a 4K frame becomes 240 pixels wide), as with any sampling;
// camera-like frames do not show it.
QImage scaledForDisplay(const QImage &image, QSize bounds);

} // namespace shmbridge

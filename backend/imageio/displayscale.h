// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
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
// it reads 2 x 2 source pixels per pixel made, evenly spaced, and averages
// them, in one pass for the formats the room carries (RGB32 and
// premultiplied ARGB32; others go through Qt's scaling). Rows and pages of
// a 4K frame it does not sample are never touched: a cold frame costs a
// fault per page touched on these machines. tst_displayscale prints what a
// 240-pixel thumbnail of a 4K frame costs against scaling all of it
// smoothly (about 0.3 against 3 ms here, warm). Patterns finer than the
// sampling step alias (one 2 x 2 sample stands for an 8 x 8 block when a 4K
// frame becomes 240 pixels wide), as with any sampling; camera-like frames
// do not show it.
QImage scaledForDisplay(const QImage &image, QSize bounds);

} // namespace shmbridge

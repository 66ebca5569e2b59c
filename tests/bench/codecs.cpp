// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// shmbridge-codec-bench: what each way of carrying an image through the
// gateway costs, on photo-like frames (tests/tools/photo.h) at 1080p and 4K:
// bytes on the wire, and the time to compress and to decompress, median and
// slowest of the runs, the first (cold: fresh memory, fresh contexts) apart.
// The gateway's codecs (imagecodec.h) beside the candidates they were chosen
// over: PNG at level 1 (what gateways of 0.2 sent) and QOI (encoded here,
// for the size and the time only; the gateway does not speak it).
// Run by scripts/bench-gateway.sh; not part of the test run.
#include "imagecodec.h"
#include "photo.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImageWriter>
#include <QTextStream>

#include <algorithm>
#include <functional>
#include <vector>

using namespace shmbridge::gateway;

namespace {

constexpr int kRuns = 9;

struct Timing
{
    double coldMs = 0;
    double medianMs = 0;
    double slowestMs = 0;
};

Timing timeIt(const std::function<void()> &work)
{
    std::vector<double> runs;
    for (int run = 0; run < kRuns; ++run) {
        QElapsedTimer clock;
        clock.start();
        work();
        runs.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    Timing timing;
    timing.coldMs = runs.front();
    std::sort(runs.begin() + 1, runs.end());
    timing.medianMs = runs[runs.size() / 2];
    timing.slowestMs = runs.back();
    return timing;
}

// QOI (qoiformat.org), the opaque case: runs, an index of 64 recent colours,
// small differences, else the colour. Enough to measure it, nothing more.
QByteArray encodeQoi(const QByteArray &pixels)
{
    const auto *in = reinterpret_cast<const quint32 *>(pixels.constData());
    const qsizetype count = pixels.size() / 4;
    QByteArray out(count * 4 + 22, Qt::Uninitialized);
    auto *o = reinterpret_cast<quint8 *>(out.data());
    qsizetype n = 14; // the header, left as it is
    quint32 index[64] = {};
    quint32 previous = 0xff000000u;
    int run = 0;
    for (qsizetype i = 0; i < count; ++i) {
        const quint32 colour = in[i] | 0xff000000u;
        if (colour == previous) {
            if (++run == 62 || i == count - 1) {
                o[n++] = quint8(0xc0 | (run - 1));
                run = 0;
            }
            continue;
        }
        if (run > 0) {
            o[n++] = quint8(0xc0 | (run - 1));
            run = 0;
        }
        const int r = (colour >> 16) & 0xff, g = (colour >> 8) & 0xff, b = colour & 0xff;
        const int slot = (r * 3 + g * 5 + b * 7 + 255 * 11) % 64;
        if (index[slot] == colour) {
            o[n++] = quint8(slot);
        } else {
            index[slot] = colour;
            const int dr = qint8(r - int((previous >> 16) & 0xff)), dg = qint8(g - int((previous >> 8) & 0xff)),
                      db = qint8(b - int(previous & 0xff));
            if (dr >= -2 && dr <= 1 && dg >= -2 && dg <= 1 && db >= -2 && db <= 1) {
                o[n++] = quint8(0x40 | (dr + 2) << 4 | (dg + 2) << 2 | (db + 2));
            } else if (dg >= -32 && dg <= 31 && dr - dg >= -8 && dr - dg <= 7 && db - dg >= -8 && db - dg <= 7) {
                o[n++] = quint8(0x80 | (dg + 32));
                o[n++] = quint8((dr - dg + 8) << 4 | (db - dg + 8));
            } else {
                o[n++] = 0xfe;
                o[n++] = quint8(r);
                o[n++] = quint8(g);
                o[n++] = quint8(b);
            }
        }
        previous = colour;
    }
    out.truncate(n + 8);
    return out;
}

QString row(const QString &name, qsizetype bytes, const Timing &encode, const Timing *decode)
{
    QString line = QStringLiteral("    %1 %2 MB   compress %3 ms (cold %4, slowest %5)")
                           .arg(name, -22)
                           .arg(double(bytes) / 1e6, 5, 'f', 2)
                           .arg(encode.medianMs, 6, 'f', 1)
                           .arg(encode.coldMs, 6, 'f', 1)
                           .arg(encode.slowestMs, 6, 'f', 1);
    if (decode)
        line += QStringLiteral("   decompress %1 ms (cold %2, slowest %3)")
                        .arg(decode->medianMs, 5, 'f', 1)
                        .arg(decode->coldMs, 5, 'f', 1)
                        .arg(decode->slowestMs, 5, 'f', 1);
    return line;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    out << "Image codecs on one core (photo-like frames, median of " << kRuns - 1 << " warm runs):\n";
    for (const QSize size : { QSize(1920, 1080), QSize(3840, 2160) }) {
        const QImage photo = photoLikeImage(size.width(), size.height(), 7);
        Pixels pixels { quint32(size.width()), quint32(size.height()), shmbridge::layout::PixelFormat::Rgb32,
                        QByteArray(reinterpret_cast<const char *>(photo.constBits()), photo.sizeInBytes()) };
        out << QStringLiteral("  %1 × %2, %3 MB of pixels:\n")
                       .arg(size.width())
                       .arg(size.height())
                       .arg(double(pixels.bytes.size()) / 1e6, 0, 'f', 1);
        for (const ImageCodecChoice choice : { ImageCodecChoice { ImageCodec::Zstd, 85 }, ImageCodecChoice { ImageCodec::Jpeg, 85 } }) {
            QByteArray compressed;
            const Timing encode = timeIt([&] { compressed = compressImage(pixels, choice).value().bytes; });
            const Timing decode = timeIt([&] {
                (void)decompressImage(choice.codec, pixels.width, pixels.height, pixels.format, compressed).value();
            });
            const QString name = choice.codec == ImageCodec::Jpeg ? QStringLiteral("jpeg (quality 85)")
                                                                  : QStringLiteral("zstd (lossless)");
            out << row(name, compressed.size(), encode, &decode) << '\n';
        }
        QByteArray png;
        const Timing pngEncode = timeIt([&] {
            QBuffer buffer;
            buffer.open(QIODevice::WriteOnly);
            QImageWriter writer(&buffer, "png");
            writer.setCompression(1);
            writer.write(photo);
            png = buffer.data();
        });
        const Timing pngDecode = timeIt([&] {
            (void)decompressImage(ImageCodec::Png, pixels.width, pixels.height, pixels.format, png).value();
        });
        out << row(QStringLiteral("png, level 1 (0.2's)"), png.size(), pngEncode, &pngDecode) << '\n';
        QByteArray qoi;
        const Timing qoiEncode = timeIt([&] { qoi = encodeQoi(pixels.bytes); });
        out << row(QStringLiteral("qoi (not offered)"), qoi.size(), qoiEncode, nullptr) << '\n';
        out.flush();
    }
    return 0;
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// legacypeer: a program of the kind ShmBridge's legacy bridge serves, written
// the way the tutorials' programs and Qt's "Shared Memory" example are: plain
// QSharedMemory and QDataStream, no ShmBridge code. For tests.
//
//   legacypeer write-image --qt-key K FILE     as the example's "Load Image": the
//                                              image as QDataStream << QImage, stays attached
//   legacypeer read-image --qt-key K           as "Display Image": lock, QDataStream >> QImage;
//                                              prints "W H SHA256" of the pixels as the room carries them
//   legacypeer write-reals --native-key K 1,2,3  as a tutorial's telemetry master: doubles,
//                                              under a lock() that fails; stays attached
//   legacypeer write-bytes --native-key K HEX  any bytes (corrupt content), stays attached
//   legacypeer read-text --qt-key K            as a tutorial's text reader: UTF-8 up to the first NUL;
//                                              prints the segment's size and the text
//   legacypeer hold-lock --qt-key K TEXT       a writer that keeps lock() while it waits: creates
//                                              the segment with TEXT, prints "locked", unlocks
//                                              when a line arrives on stdin, prints "unlocked"
// Writers print "ready" once the segment holds the value, then wait for
// stdin to close.
#include "imagefile.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDataStream>
#include <QImage>
#include <QSharedMemory>
#include <QTextStream>

#include <cstdio>
#include <cstring>

namespace {

int usage()
{
    QTextStream(stderr) << "usage: legacypeer write-image|read-image|write-reals|write-bytes|read-text|hold-lock "
                           "--qt-key K|--native-key K [value]\n";
    return 2;
}

void waitForStdinToClose()
{
    char buffer[256];
    while (std::fread(buffer, 1, sizeof buffer, stdin) > 0) { }
}

// As the example does: detach from any old segment, create one sized to
// the value, copy it in under lock(), and stay attached.
int writeSegment(QSharedMemory &memory, const QByteArray &bytes)
{
    if (memory.isAttached())
        memory.detach();
    if (!memory.create(bytes.size())) {
        QTextStream(stderr) << "legacypeer: create: " << memory.errorString() << '\n';
        return 1;
    }
    memory.lock(); // fails with a native key, and the seed writes anyway
    std::memcpy(memory.data(), bytes.constData(), size_t(bytes.size()));
    memory.unlock();
    QTextStream(stdout) << "ready" << Qt::endl;
    waitForStdinToClose();
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4)
        return usage();
    const QString mode = args.at(1);
    QSharedMemory memory;
    if (args.at(2) == QLatin1String("--qt-key"))
        memory.setKey(args.at(3));
    else if (args.at(2) == QLatin1String("--native-key"))
        memory.setNativeKey(args.at(3));
    else
        return usage();
    const QString value = args.value(4);

    if (mode == QLatin1String("write-image")) {
        QImage image(value);
        if (image.isNull())
            return usage();
        QBuffer buffer;
        buffer.open(QBuffer::ReadWrite);
        QDataStream out(&buffer);
        out << image;
        return writeSegment(memory, buffer.data());
    }
    if (mode == QLatin1String("write-reals")) {
        QByteArray bytes;
        QDataStream out(&bytes, QIODevice::WriteOnly);
        for (const QString &number : value.split(QLatin1Char(',')))
            out << float(number.toDouble()); // floats, written as 8-byte doubles, as that tutorial does
        return writeSegment(memory, bytes);
    }
    if (mode == QLatin1String("write-bytes"))
        return writeSegment(memory, QByteArray::fromHex(value.toLatin1()));
    if (mode == QLatin1String("hold-lock")) {
        const QByteArray text = value.toUtf8();
        if (!memory.create(text.size() + 1) || !memory.lock()) {
            QTextStream(stderr) << "legacypeer: " << memory.errorString() << '\n';
            return 1;
        }
        std::memcpy(memory.data(), text.constData(), size_t(text.size() + 1));
        QTextStream(stdout) << "locked" << Qt::endl;
        char line[64];
        if (!std::fgets(line, sizeof line, stdin))
            return 0;
        memory.unlock();
        QTextStream(stdout) << "unlocked" << Qt::endl;
        waitForStdinToClose();
        return 0;
    }
    if (mode == QLatin1String("read-image") || mode == QLatin1String("read-text")) {
        if (!memory.attach(QSharedMemory::ReadOnly)) {
            QTextStream(stderr) << "legacypeer: attach: " << memory.errorString() << '\n';
            return 1;
        }
        memory.lock();
        const QByteArray bytes(static_cast<const char *>(memory.constData()), memory.size());
        memory.unlock();
        memory.detach();
        if (mode == QLatin1String("read-text")) {
            const qsizetype end = bytes.indexOf('\0');
            QTextStream(stdout) << bytes.size() << ' ' << QString::fromUtf8(end < 0 ? bytes : bytes.left(end))
                                << Qt::endl;
            return 0;
        }
        QBuffer buffer;
        buffer.setData(bytes);
        buffer.open(QBuffer::ReadOnly);
        QDataStream in(&buffer);
        QImage image;
        in >> image;
        if (image.isNull()) {
            QTextStream(stderr) << "legacypeer: the segment holds no image\n";
            return 1;
        }
        auto pixels = shmbridge::prepareForPublishing(image);
        if (!pixels) {
            QTextStream(stderr) << "legacypeer: " << pixels.error() << '\n';
            return 1;
        }
        QTextStream(stdout) << image.width() << ' ' << image.height() << ' '
                            << shmbridge::pixelSha256(pixels.value()) << Qt::endl;
        return 0;
    }
    return usage();
}

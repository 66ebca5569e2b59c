// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// What the QSharedMemory programs people already run leave in a segment,
// and how to write it for them. Pure codecs: bytes in, a value out or a
// refusal in words; a value in, bytes out. Every byte read is untrusted.
//
//   qimage   QDataStream << QImage: a big-endian qint32 1, then a PNG (Qt's
//            "Shared Memory" example, and the tutorials built on it)
//   utf8     raw UTF-8, NUL-padded to the segment's size (the text
//            tutorials' 100-byte segment)
//   reals:N  N doubles written by QDataStream, big-endian, 8 bytes each
//            (a robot master's six joint angles: reals:6, 48 bytes)
#pragma once

#include "layout.h"
#include "payload.h"
#include "result.h"

#include <QByteArray>
#include <QImage>
#include <QString>
#include <QStringList>

namespace shmbridge::interop {

class LegacyFormat
{
public:
    enum class Shape { QImageStream, Utf8, Reals };

    // "qimage", "utf8" or "reals:N" (N from 1 to 64); names label the reals
    // and need one per value.
    static Result<LegacyFormat> parse(const QString &spec, const QStringList &names = {});

    Shape shape() const { return m_shape; }
    // The kind of room value it carries: image, text or telemetry.
    layout::Kind roomKind() const;
    QString spec() const;
    // reals:N only: the exact segment size, 8 * N.
    qsizetype realsSize() const { return qsizetype(m_realCount) * 8; }

    // `shown` names the segment in errors, e.g. "segment \"MEM_TEST\"".
    Result<QImage> decodeImage(const QByteArray &segment, const QString &shown) const;
    Result<QString> decodeText(const QByteArray &segment, const QString &shown) const;
    Result<Telemetry> decodeReals(const QByteArray &segment, const QString &shown) const;

    // What a legacy reader expects, as QDataStream << QImage writes it.
    static QByteArray encodeImage(const QImage &image);
    // UTF-8 cut at a character boundary to fit segmentSize, NUL-padded to it.
    static QByteArray encodeText(const QString &text, qsizetype segmentSize);
    // Refuses telemetry whose number of values is not N.
    Result<QByteArray> encodeReals(const Telemetry &telemetry) const;

private:
    Shape m_shape = Shape::Utf8;
    int m_realCount = 0;
    QStringList m_names;
};

} // namespace shmbridge::interop

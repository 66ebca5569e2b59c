// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// One QSharedMemory segment, used the way the programs that made it use it:
// Qt's own key derivation (setKey: a key file in QDir::tempPath(), so both
// sides need the same TMPDIR; setNativeKey: the key as it is), lock() where
// Qt allows it (setKey; with a native key it always fails on Qt 6.4), and
// never create() over an existing segment: on Qt 6.4 that resets the lock
// for everybody (docs: DESIGN "What we know about the ground").
#pragma once

#include "result.h"

#include <QByteArray>
#include <QSharedMemory>
#include <QString>

#include <optional>

namespace shmbridge::interop {

class LegacySegment
{
public:
    enum class KeyType { Qt, Native };

    LegacySegment(const QString &key, KeyType type);

    // "segment \"K\"", for messages.
    QString shown() const;

    // Import: attaches read-only, copies the whole segment and detaches
    // again, so that a writer that replaces its segment (Qt's example does,
    // for each new image) can. Under lock() with a Qt key; with a native key
    // it copies until two copies agree. Nothing when there is no segment.
    Result<std::optional<QByteArray>> snapshot();

    // Export: writes the value at the start of the segment and zeroes the
    // rest, under lock() with a Qt key, so a reader that locks never sees
    // half of it. Creates the segment (with room to grow) when there is
    // none, and recreates it larger when the value does not fit. A segment
    // too small that another program made is replaced only when nobody
    // else is attached to it (its writer is gone: killed, say); the result
    // then carries a notice saying so. Stays attached, so the segment lives
    // while we run.
    Result<QString> write(const QByteArray &value);
    // For formats whose size is fixed (reals:N): the segment is exactly this.
    void setExactSize(qsizetype size) { m_exactSize = size; }

private:
    QString failure(const QString &what) const;
    Result<void> create(qsizetype needed);
    // Processes attached to the segment now, us included when we are, as
    // the kernel counts them (shm_nattch); -1 when it cannot be told.
    int attachments() const;

    QSharedMemory m_memory;
    QString m_key;
    KeyType m_type;
    qsizetype m_exactSize = 0;
};

} // namespace shmbridge::interop

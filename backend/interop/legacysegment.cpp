// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "legacysegment.h"

#include <QFile>

#include <cstring>
#include <sys/ipc.h>
#include <sys/shm.h>

namespace shmbridge::interop {

namespace {

// Copies taken without a lock (native keys) must agree this many times in a
// row; a writer mid-update makes two copies differ.
constexpr int kAgreeingCopies = 2;
constexpr int kMaxCopyAttempts = 20;

} // namespace

LegacySegment::LegacySegment(const QString &key, KeyType type) : m_key(key), m_type(type)
{
    if (type == KeyType::Qt)
        m_memory.setKey(key);
    else
        m_memory.setNativeKey(key);
}

QString LegacySegment::shown() const
{
    return QStringLiteral("segment \"%1\"").arg(m_key);
}

QString LegacySegment::failure(const QString &what) const
{
    return QStringLiteral("%1: cannot %2: %3").arg(shown(), what, m_memory.errorString());
}

Result<std::optional<QByteArray>> LegacySegment::snapshot()
{
    if (!m_memory.attach(QSharedMemory::ReadOnly)) {
        if (m_memory.error() == QSharedMemory::NotFound)
            return std::optional<QByteArray>();
        return Error { failure(QStringLiteral("attach")) };
    }
    const auto copy = [this] {
        return QByteArray(static_cast<const char *>(m_memory.constData()), m_memory.size());
    };
    QByteArray bytes;
    if (m_type == KeyType::Qt) {
        if (!m_memory.lock()) {
            const QString message = failure(QStringLiteral("lock"));
            m_memory.detach();
            return Error { message };
        }
        bytes = copy();
        m_memory.unlock();
    } else {
        int agreeing = 0;
        for (int attempt = 0; attempt < kMaxCopyAttempts && agreeing < kAgreeingCopies; ++attempt) {
            QByteArray next = copy();
            agreeing = next == bytes ? agreeing + 1 : 1;
            bytes = std::move(next);
        }
        if (agreeing < kAgreeingCopies) {
            m_memory.detach();
            return Error { QStringLiteral("%1 changed during each of %2 copies; trying again later.")
                                   .arg(shown())
                                   .arg(kMaxCopyAttempts) };
        }
    }
    m_memory.detach();
    return std::optional<QByteArray>(std::move(bytes));
}

int LegacySegment::attachments() const
{
    // Qt's System V backend keys a segment by ftok(nativeKey(), 'Q'): the
    // key file setKey() makes in QDir::tempPath(), or the native key itself.
    const key_t key = ftok(QFile::encodeName(m_memory.nativeKey()).constData(), 'Q');
    const int id = key == -1 ? -1 : shmget(key, 0, 0);
    shmid_ds info {};
    if (id < 0 || shmctl(id, IPC_STAT, &info) != 0)
        return -1;
    return int(info.shm_nattch);
}

Result<void> LegacySegment::create(qsizetype needed)
{
    // Room to grow, so that a slightly larger value does not make every
    // reader lose the segment; a fixed-size format gets exactly its size.
    const qsizetype size = m_exactSize > 0 ? m_exactSize : std::max<qsizetype>(4096, needed + needed / 2);
    if (m_memory.create(size))
        return {};
    if (m_memory.error() == QSharedMemory::AlreadyExists)
        return Error { QStringLiteral("%1 is still held by a reader, at a size too small for this value; "
                                      "it is written when the readers let go.")
                               .arg(shown()) };
    return Error { failure(QStringLiteral("create")) };
}

Result<QString> LegacySegment::write(const QByteArray &value)
{
    const qsizetype needed = m_exactSize > 0 ? m_exactSize : value.size();
    const auto fits = [&] { return m_memory.size() >= needed && (m_exactSize == 0 || m_memory.size() == m_exactSize); };
    QString notice;
    if (m_memory.isAttached() && !fits())
        m_memory.detach(); // ours: the last one out removes it; create() below makes it anew
    if (!m_memory.isAttached() && !m_memory.attach(QSharedMemory::ReadWrite)) {
        if (m_memory.error() != QSharedMemory::NotFound)
            return Error { failure(QStringLiteral("attach")) };
        if (auto created = create(needed); !created)
            return Error { created.error() };
    } else if (!fits()) {
        // Another program made it. If we alone are attached, that program
        // is gone (a writer killed before it could detach leaves its
        // segment behind) and nobody can be reading it: our detach removes
        // it, and we make one that fits.
        const int attached = attachments();
        const qsizetype oldSize = m_memory.size();
        if (attached != 1) {
            m_memory.detach(); // not ours to keep alive: its makers decide
            return Error { QStringLiteral("%1 is %2 bytes, made by another program%3; this value needs %4.")
                                   .arg(shown())
                                   .arg(oldSize)
                                   .arg(attached > 1 ? QStringLiteral(", which %1 other process(es) still hold").arg(attached - 1)
                                                     : QString())
                                   .arg(needed) };
        }
        m_memory.detach();
        if (auto created = create(needed); !created)
            return Error { created.error() };
        notice = QStringLiteral("%1 was %2 bytes, left by a program that is gone (nobody was attached to it); "
                                "replaced it with one of %3 bytes.")
                         .arg(shown())
                         .arg(oldSize)
                         .arg(m_memory.size());
    }
    const bool locked = m_type == KeyType::Qt && m_memory.lock();
    if (m_type == KeyType::Qt && !locked)
        return Error { failure(QStringLiteral("lock")) };
    char *data = static_cast<char *>(m_memory.data());
    std::memcpy(data, value.constData(), size_t(value.size()));
    std::memset(data + value.size(), 0, size_t(m_memory.size() - value.size()));
    if (locked)
        m_memory.unlock();
    return notice;
}

} // namespace shmbridge::interop

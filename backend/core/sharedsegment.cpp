// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "sharedsegment.h"

#include "pages.h"

#include <QString>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/statvfs.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace shmbridge {

namespace {

Error systemError(const char *what, const QByteArray &name, int code)
{
    return Error { QStringLiteral("%1 %2 failed: %3")
                           .arg(QLatin1StringView(what), QString::fromUtf8(name),
                                QString::fromLocal8Bit(std::strerror(code))),
                   code };
}

Result<void> checkOwnerOnly(int fd, const QByteArray &name)
{
    struct stat info {};
    if (fstat(fd, &info) != 0)
        return systemError("fstat", name, errno);
    if (!S_ISREG(info.st_mode)) {
        return Error { QStringLiteral("%1 is not shared memory but another kind of file; "
                                      "refusing to use it.")
                               .arg(QString::fromUtf8(name)),
                       EACCES };
    }
    if (info.st_uid != geteuid()) {
        return Error { QStringLiteral("Shared memory %1 belongs to user %2, not to you; refusing "
                                      "to use it.")
                               .arg(QString::fromUtf8(name))
                               .arg(info.st_uid),
                       EACCES };
    }
    if ((info.st_mode & 077) != 0) {
        return Error { QStringLiteral("Shared memory %1 is accessible to other users (mode %2); "
                                      "refusing to use it.")
                               .arg(QString::fromUtf8(name))
                               .arg(info.st_mode & 0777, 3, 8, QLatin1Char('0')),
                       EACCES };
    }
    return {};
}

} // namespace

SharedSegment::SharedSegment(SharedSegment &&other) noexcept
    : m_name(std::move(other.m_name)),
      m_fd(std::exchange(other.m_fd, -1)),
      m_data(std::exchange(other.m_data, nullptr)),
      m_size(std::exchange(other.m_size, 0)),
      m_writable(other.m_writable)
{
}

SharedSegment &SharedSegment::operator=(SharedSegment &&other) noexcept
{
    if (this != &other) {
        reset();
        m_name = std::move(other.m_name);
        m_fd = std::exchange(other.m_fd, -1);
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_writable = other.m_writable;
    }
    return *this;
}

SharedSegment::~SharedSegment()
{
    reset();
}

void SharedSegment::reset()
{
    if (m_data)
        munmap(m_data, m_size);
    if (m_fd >= 0)
        close(m_fd);
    m_data = nullptr;
    m_fd = -1;
    m_size = 0;
}

Result<SharedSegment> SharedSegment::open(const QByteArray &name, Access access)
{
    const bool writable = access == Access::ReadWrite;
    // O_NONBLOCK: opening a FIFO planted at this name returns at once, and
    // the check below refuses it.
    const int fd = ::open(name.constData(), (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0);
    if (fd < 0)
        return systemError("Opening shared memory", name, errno);
    SharedSegment segment(name, fd, writable);
    if (auto owner = checkOwnerOnly(fd, name); !owner)
        return Error { owner.error(), EACCES };
    struct stat info {};
    if (fstat(fd, &info) != 0)
        return systemError("fstat", name, errno);
    segment.m_size = std::size_t(info.st_size);
    if (segment.m_size == 0)
        return segment; // being created by someone else: the caller decides
    void *data = mmap(nullptr, segment.m_size, writable ? PROT_READ | PROT_WRITE : PROT_READ,
                      MAP_SHARED, fd, 0);
    if (data == MAP_FAILED)
        return systemError("Mapping shared memory", name, errno);
    segment.m_data = data;
    return segment;
}

Result<SharedSegment> SharedSegment::create(const QByteArray &name, std::size_t size, std::size_t reservedBytes)
{
    const int fd = ::open(name.constData(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return systemError("Creating shared memory", name, errno);
    SharedSegment segment(name, fd, true);
    // The umask can only remove bits; fchmod makes 0600 exact either way.
    fchmod(fd, 0600);
    Result<void> made = ftruncate(fd, off_t(size)) == 0 ? Result<void>() : systemError("Sizing shared memory", name, errno);
    if (made)
        made = segment.map(size);
    if (made)
        made = segment.reserve(0, std::min(size, reservedBytes));
    if (!made) {
        unlink(name);
        return Error { made.error(), made.systemError() };
    }
    return segment;
}

Result<void> SharedSegment::resize(std::size_t size)
{
    const std::size_t before = m_size;
    if (size < before)
        return Error { QStringLiteral("Shrinking %1 from %2 to %3 bytes: segments only grow.")
                               .arg(QString::fromUtf8(m_name)).arg(before).arg(size) };
    if (ftruncate(m_fd, off_t(size)) != 0)
        return systemError("Sizing shared memory", m_name, errno);
    if (auto mapped = map(size); !mapped)
        return mapped;
    // What was there stays; only the new part is fresh memory.
    if (auto kept = allocate(0, before); !kept)
        return kept;
    return reserve(before, size - before);
}

Result<void> SharedSegment::refresh()
{
    struct stat info {};
    if (fstat(m_fd, &info) != 0)
        return systemError("fstat", m_name, errno);
    const auto size = std::size_t(info.st_size);
    if (size == m_size)
        return {};
    if (size == 0) {
        if (m_data)
            munmap(m_data, m_size);
        m_data = nullptr;
        m_size = 0;
        return {};
    }
    return map(size);
}

Result<void> SharedSegment::map(std::size_t size)
{
    if (m_data)
        munmap(m_data, m_size);
    m_data = nullptr;
    m_size = 0;
    void *data = mmap(nullptr, size, m_writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED,
                      m_fd, 0);
    if (data == MAP_FAILED)
        return systemError("Mapping shared memory", m_name, errno);
    m_data = data;
    m_size = size;
    return {};
}

Result<void> SharedSegment::allocate(std::size_t offset, std::size_t length)
{
    if (offset > m_size || length > m_size - offset)
        return Error { QStringLiteral("Reserving %1 bytes at %2 of %3, which has %4, is out of range.")
                               .arg(length).arg(offset).arg(QString::fromUtf8(m_name)).arg(m_size) };
    if (length == 0)
        return {};
    // ftruncate reserves nothing on tmpfs: without this, a full tmpfs
    // would turn the first touch of a page, a read too, into SIGBUS.
    if (const int failed = posix_fallocate(m_fd, off_t(offset), off_t(length)); failed != 0)
        return spaceError(failed, length);
    return {};
}

Result<void> SharedSegment::reserve(std::size_t offset, std::size_t length)
{
    if (!m_writable)
        return Error { QStringLiteral("Reserving memory in %1, which is read-only here.").arg(QString::fromUtf8(m_name)) };
    if (auto allocated = allocate(offset, length); !allocated || length == 0)
        return allocated;
    char *range = static_cast<char *>(m_data) + offset;
    pages::populateForWrite(range, length);
    // Measured here: even populated, a page's first write costs ~2 µs more
    // than later ones (16 ms over a 4K frame). Paying it now, on memory
    // nobody reads yet (it lies beyond anything published), keeps it off the
    // next publish when the caller reserves ahead (ChannelWriter::prepareNext).
    std::memset(range, 0, length);
    return {};
}

Error SharedSegment::spaceError(int code, std::size_t size) const
{
    if (code != ENOSPC)
        return systemError("Reserving shared memory for", m_name, code);
    struct statvfs fs {};
    const QByteArray directory = m_name.left(std::max<qsizetype>(m_name.lastIndexOf('/'), 1));
    const std::uint64_t available = statvfs(directory.constData(), &fs) == 0 ? std::uint64_t(fs.f_bavail) * fs.f_frsize : 0;
    const auto amount = [](std::uint64_t bytes) {
        return bytes < 1024 * 1024 ? QStringLiteral("%1 KiB").arg((bytes + 1023) / 1024)
                                   : QStringLiteral("%1 MiB").arg(double(bytes) / 1048576.0, 0, 'f', 1);
    };
    return Error { QStringLiteral("%4 is full: %1 free, %2 needed for %3. Free some memory there "
                                  "(see ls -la %4) or make it larger.")
                           .arg(amount(available), amount(size), QString::fromUtf8(m_name),
                                QString::fromUtf8(directory)),
                   ENOSPC };
}

void SharedSegment::unlink(const QByteArray &name)
{
    ::unlink(name.constData());
}

int SharedSegment::unlinkAllWithPrefix(const QByteArray &prefix)
{
    const qsizetype slash = prefix.lastIndexOf('/');
    if (slash < 1)
        return 0;
    const QByteArray directory = prefix.left(slash);
    const QByteArray stem = prefix.mid(slash + 1);
    DIR *dir = opendir(directory.constData());
    if (!dir)
        return 0;
    int removed = 0;
    while (const dirent *entry = readdir(dir)) {
        if (std::strncmp(entry->d_name, stem.constData(), std::size_t(stem.size())) != 0)
            continue;
        struct stat info {};
        if (fstatat(dirfd(dir), entry->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0 || info.st_uid != geteuid())
            continue; // not ours: leave it
        if (unlinkat(dirfd(dir), entry->d_name, 0) == 0)
            ++removed;
    }
    closedir(dir);
    return removed;
}

bool SharedSegment::isUnlinked() const
{
    struct stat info {};
    return m_fd < 0 || fstat(m_fd, &info) != 0 || info.st_nlink == 0;
}

} // namespace shmbridge

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// One shared-memory file in the room home (roomhome.h: a tmpfs directory
// only we can enter), opened and mapped, owned by this object.
// Owner-only: segments are created 0600, and any segment that belongs to
// another user or is open to other users is refused rather than trusted; so
// is anything that is not a regular file (a FIFO planted at our name must not
// hang us). Memory is reserved (posix_fallocate) and its pages mapped in one
// call before anything is written there, so a full tmpfs is an error
// rather than a SIGBUS at the first touch of a page, and a fresh segment
// costs one kernel call instead of a fault per page.
#pragma once

#include "result.h"

#include <QByteArray>

#include <cstddef>

namespace shmbridge {

class SharedSegment
{
public:
    enum class Access { ReadOnly, ReadWrite };

    SharedSegment() = default;
    SharedSegment(SharedSegment &&other) noexcept;
    SharedSegment &operator=(SharedSegment &&other) noexcept;
    SharedSegment(const SharedSegment &) = delete;
    SharedSegment &operator=(const SharedSegment &) = delete;
    ~SharedSegment();

    // Fails with systemError ENOENT when no such segment exists.
    static Result<SharedSegment> open(const QByteArray &name, Access access);
    // Fails with systemError EEXIST when the name is taken. Only the first
    // reservedBytes are reserved now; the owner reserves the rest with
    // reserve() before writing there, so the parts it never uses cost
    // nothing.
    static Result<SharedSegment> create(const QByteArray &name, std::size_t size,
                                        std::size_t reservedBytes);
    static Result<SharedSegment> create(const QByteArray &name, std::size_t size)
    {
        return create(name, size, size);
    }
    static void unlink(const QByteArray &name);
    // Unlinks every file of ours whose path starts with prefix, found by
    // listing its directory: bounded by what exists, not by any number
    // read from shared memory. Returns how many it removed.
    static int unlinkAllWithPrefix(const QByteArray &prefix);

    bool isValid() const { return m_data != nullptr; }
    const QByteArray &name() const { return m_name; }
    int fd() const { return m_fd; }
    std::size_t size() const { return m_size; }
    void *data() const { return m_data; }
    // True once the name was unlinked by anyone: the object lives on only for
    // those who still have it mapped.
    bool isUnlinked() const;
    // Grows a segment opened read-write, reserves all of it and remaps it.
    // What it held stays; the new part is zeroed. Shrinking is refused.
    Result<void> resize(std::size_t size);
    // Reserves [offset, offset + length) of a writable segment, maps its
    // pages for writing and zeroes them: only for memory nobody else may
    // have written yet. Fails, in words, when the tmpfs is full.
    Result<void> reserve(std::size_t offset, std::size_t length);
    // Only reserves that range, leaving its content as it is: memory someone
    // else may have written, about to be read.
    Result<void> allocate(std::size_t offset, std::size_t length);
    // Maps the segment as large as it is now: another process may have
    // sized it since we opened it.
    Result<void> refresh();

private:
    // Owns fd, opened at name; maps nothing yet.
    SharedSegment(QByteArray name, int fd, bool writable)
        : m_name(std::move(name)), m_fd(fd), m_writable(writable)
    {
    }
    void reset();
    Result<void> map(std::size_t size);
    Error spaceError(int code, std::size_t size) const;

    QByteArray m_name;
    int m_fd = -1;
    void *m_data = nullptr;
    std::size_t m_size = 0;
    bool m_writable = false;
};

} // namespace shmbridge

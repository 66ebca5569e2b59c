// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "roomhome.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace shmbridge {

namespace {

// A unix socket's path must fit sockaddr_un (108 bytes with its NUL); the
// longest name in a home is 1 + 53 bytes ("room-<24>-<16>.sock").
constexpr qsizetype kMaxHomePath = 107 - 1 - 53;

QString text(const QByteArray &path)
{
    return QFile::decodeName(path);
}

// Ours, a real directory (no symlink), and closed to every other user.
Result<void> checkPrivate(const QByteArray &path, const char *whatItIs)
{
    const int fd = open(path.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        QString what = QString::fromLatin1(whatItIs); // "The runtime directory": mid-sentence here
        what[0] = what[0].toLower();
        return Error { QStringLiteral("Cannot use %1 %2: %3.")
                               .arg(what, text(path),
                                    QString::fromLocal8Bit(std::strerror(errno))),
                       errno };
    }
    struct stat info {};
    const int statted = fstat(fd, &info);
    close(fd);
    if (statted != 0)
        return Error { QStringLiteral("Cannot look at %1.").arg(text(path)), errno };
    if (info.st_uid != geteuid()) {
        return Error { QStringLiteral("%1 %2 belongs to user %3, not to you (user %4): another user may "
                                      "have taken its name. ShmBridge will not keep rooms there. Remove it, "
                                      "or set XDG_RUNTIME_DIR to a directory of your own.")
                               .arg(QLatin1StringView(whatItIs), text(path))
                               .arg(info.st_uid)
                               .arg(geteuid()),
                       EACCES };
    }
    if ((info.st_mode & 077) != 0) {
        return Error { QStringLiteral("%1 %2 is open to other users (mode %3); ShmBridge keeps rooms only "
                                      "where nobody else can enter. Run: chmod 700 %2")
                               .arg(QLatin1StringView(whatItIs), text(path))
                               .arg(info.st_mode & 0777, 3, 8, QLatin1Char('0')),
                       EACCES };
    }
    return {};
}

// Our own directory inside base: made if missing, checked either way.
Result<QByteArray> ownDirectory(const QByteArray &base, const QByteArray &name)
{
    const QByteArray path = base + '/' + name;
    if (mkdir(path.constData(), 0700) != 0 && errno != EEXIST) {
        return Error { QStringLiteral("Cannot make the room directory %1: %2.")
                               .arg(text(path), QString::fromLocal8Bit(std::strerror(errno))),
                       errno };
    }
    if (auto checked = checkPrivate(path, "The room directory"); !checked)
        return Error { checked.error(), checked.systemError() };
    if (path.size() > kMaxHomePath) {
        return Error { QStringLiteral("The room directory %1 has too long a path for a socket (at most %2 "
                                      "bytes). Set XDG_RUNTIME_DIR to a shorter one.")
                               .arg(text(path))
                               .arg(kMaxHomePath) };
    }
    return path;
}

bool isOursAndPrivate(const QByteArray &path)
{
    struct stat info {};
    return lstat(path.constData(), &info) == 0 && S_ISDIR(info.st_mode) && info.st_uid == geteuid()
            && (info.st_mode & 077) == 0;
}

} // namespace

QString RoomHome::description() const
{
    switch (kind) {
    case Kind::RuntimeDirectory:
        return QStringLiteral("runtime directory %1 (private to you)").arg(text(path));
    case Kind::RunUser:
        return QStringLiteral("/run/user directory %1 (private to you; XDG_RUNTIME_DIR is not set)").arg(text(path));
    case Kind::SharedMemory:
        break;
    }
    return QStringLiteral("%1 (no runtime directory: /dev/shm is shared with other users, who can fill it)")
            .arg(text(path));
}

Result<RoomHome> RoomHome::find()
{
    // Our directory in base, made and checked, as a home of that kind.
    const auto homeIn = [](const QByteArray &base, const QByteArray &name, Kind kind) -> Result<RoomHome> {
        auto own = ownDirectory(base, name);
        if (!own)
            return Error { own.error(), own.systemError() };
        return RoomHome { own.value(), kind };
    };
    if (const QByteArray runtime = qgetenv("XDG_RUNTIME_DIR"); !runtime.isEmpty()) {
        if (!runtime.startsWith('/'))
            return Error { QStringLiteral("XDG_RUNTIME_DIR=%1 is not an absolute path.").arg(text(runtime)) };
        if (auto checked = checkPrivate(runtime, "The runtime directory (XDG_RUNTIME_DIR)"); !checked)
            return Error { checked.error(), checked.systemError() };
        return homeIn(runtime, "shmbridge", Kind::RuntimeDirectory);
    }
    const QByteArray uid = QByteArray::number(uint(geteuid()));
    if (const QByteArray runUser = "/run/user/" + uid; isOursAndPrivate(runUser))
        return homeIn(runUser, "shmbridge", Kind::RunUser);
    return homeIn("/dev/shm", "shmbridge-" + uid, Kind::SharedMemory);
}

} // namespace shmbridge

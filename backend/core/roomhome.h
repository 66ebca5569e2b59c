// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Where a user's rooms live: a directory that only this user can enter, so
// that no other user can reach a room's segments or its peers' sockets, take
// their names first, or (in a runtime directory) fill the memory under them.
// In order of preference:
//   1. $XDG_RUNTIME_DIR/shmbridge  (the login session's per-user tmpfs)
//   2. /run/user/<uid>/shmbridge   (the same, when the variable is missing:
//                                   sudo -u, a service without a session)
//   3. /dev/shm/shmbridge-<uid>    (shared with every user: another user can
//                                   fill /dev/shm, or take this name first)
// Every directory is checked before use: ours, and closed to everyone else.
#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

namespace shmbridge {

struct RoomHome
{
    enum class Kind { RuntimeDirectory, RunUser, SharedMemory };

    QByteArray path; // without a trailing '/'
    Kind kind = Kind::SharedMemory;

    // "runtime directory /run/user/1000/shmbridge (private to you)", for
    // `inspect` and the app's status.
    QString description() const;

    // Resolves, creates (mode 0700) and checks the directory. Refuses, in
    // words, a directory that another user owns or that others may enter.
    static Result<RoomHome> find();
};

} // namespace shmbridge

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Helpers for tests that start real peer processes: a child process read
// line by line, unique room keys, and the room's files in /dev/shm.
#pragma once

#include "names.h"
#include "room.h"
#include "roomobservation.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <csignal>
#include <unistd.h>

namespace testing {

inline QString uniqueKey(const char *what)
{
    return QStringLiteral("test-%1-%2-%3")
            .arg(QLatin1StringView(what))
            .arg(QCoreApplication::applicationPid())
            .arg(QRandomGenerator::global()->generate());
}

// Every file of a room in the room home: segments and sockets.
inline QStringList segmentsOf(const QString &key)
{
    const auto names = shmbridge::RoomNames::fromKey(key).value();
    return QDir(QFile::decodeName(names.home().path))
            .entryList({ QString::fromUtf8(names.stem()) + QLatin1Char('*') }, QDir::Files | QDir::System);
}

// The path of one of the room's files, by its name in the room home.
inline QByteArray roomFile(const QString &name)
{
    return shmbridge::RoomHome::find().value().path + '/' + QFile::encodeName(name);
}

inline bool livePeerNamed(const QString &key, const QString &name)
{
    auto observed = shmbridge::observeRoom(key);
    if (!observed)
        return false;
    const auto &peers = observed.value().peers;
    return std::any_of(peers.begin(), peers.end(),
                       [&](const shmbridge::PeerInfo &p) { return p.live && p.name == name; });
}

// Resident memory says nothing under AddressSanitizer: its quarantine holds
// freed memory on purpose. The peers a test starts are built alike.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool residentMemoryIsMeaningful = false;
#else
inline constexpr bool residentMemoryIsMeaningful = true;
#endif

// Runs a command as the unprivileged user "nobody": the other local user.
// Without our XDG_RUNTIME_DIR, which is not theirs: nobody keeps its rooms
// in /dev/shm/shmbridge-65534, as a user without a session does.
inline const QStringList asNobody { QStringLiteral("setpriv"), QStringLiteral("--reuid=65534"),
                                    QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups"),
                                    QStringLiteral("--"), QStringLiteral("env"), QStringLiteral("-u"),
                                    QStringLiteral("XDG_RUNTIME_DIR") };

// A copy of program that nobody can run. The build tree may lie where nobody
// cannot reach (a checkout in a mode-0700 directory, and the tests' private
// TMPDIR is 0700 too), so the copy goes to a directory of its own in /tmp,
// removed when the test ends. The programs link Qt from the system only.
inline QString reachableByNobody(const QString &program)
{
    static QTemporaryDir dir(QStringLiteral("/tmp/shmbridge-nobody-XXXXXX"));
    static const bool open = dir.isValid()
            && QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                                         | QFileDevice::ReadOther | QFileDevice::ExeOther
                                                         | QFileDevice::ReadGroup | QFileDevice::ExeGroup);
    const QString copy = dir.filePath(QFileInfo(program).fileName());
    if (open && !QFile::exists(copy))
        QFile::copy(program, copy); // keeps the program's mode, 0755
    return copy;
}

// Why a test that needs another user cannot run here, or empty.
inline QString nobodyUnavailable()
{
    if (geteuid() != 0)
        return QStringLiteral("needs root to run a peer as another user (setpriv)");
    if (QProcess::execute(QStringLiteral("setpriv"), asNobody + QStringList { QStringLiteral("true") }) != 0)
        return QStringLiteral("setpriv cannot switch to nobody here");
    return {};
}

// A child process whose stdout is read line by line, as JSON where it can be.
// A prefix runs it through another program (setpriv, say); MergedChannels
// reads its stderr as well.
class Child : public QProcess
{
public:
    Child(const QString &program, const QStringList &arguments, const QStringList &prefix = {},
          QProcess::ProcessChannelMode mode = QProcess::SeparateChannels)
    {
        setProcessChannelMode(mode);
        if (prefix.isEmpty())
            start(program, arguments);
        else
            start(prefix.first(), prefix.mid(1) + QStringList { program } + arguments);
    }
    ~Child() override
    {
        if (state() != NotRunning) {
            ::kill(pid_t(processId()), SIGCONT); // a stopped child cannot die
            kill();
            waitForFinished(5000);
        }
    }

    // Waits (bounded) for a stdout line containing needle; returns it.
    QByteArray waitForLine(const QByteArray &needle, int timeoutMs = 10000)
    {
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            while (canReadLine()) {
                const QByteArray line = readLine().trimmed();
                m_lines.append(line);
                if (line.contains(needle))
                    return line;
            }
            const int left = timeoutMs - int(timer.elapsed());
            if (left <= 0 || state() == NotRunning)
                return {};
            waitForReadyRead(std::min(left, 200));
        }
    }

    QList<QJsonObject> jsonLines()
    {
        m_lines += readAllStandardOutput().trimmed().split('\n');
        QList<QJsonObject> objects;
        for (const QByteArray &line : std::as_const(m_lines)) {
            const QJsonDocument document = QJsonDocument::fromJson(line);
            if (document.isObject())
                objects.append(document.object());
        }
        return objects;
    }

    bool finishedWith(int code, int timeoutMs = 30000)
    {
        // A program that never started has exit code 0 too: say so instead.
        if (error() == FailedToStart) {
            qWarning() << program() << arguments() << "did not start:" << errorString();
            return false;
        }
        if (!waitForFinished(timeoutMs) && state() != NotRunning) {
            qWarning() << program() << arguments() << "did not finish in time";
            return false;
        }
        if (exitStatus() != NormalExit || exitCode() != code) {
            qWarning() << program() << arguments() << "exited with" << exitCode() << readAllStandardError();
            return false;
        }
        return true;
    }

private:
    QList<QByteArray> m_lines;
};

} // namespace testing

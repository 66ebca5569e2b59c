// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Preloaded into the app by tst_service_notify (LD_PRELOAD), never shipped:
// SIGUSR2 freezes the app's GUI thread for SHMBRIDGE_FREEZE_MS (default
// 2000), to prove that the systemd watchdog notices a hung window. The
// signal handler only writes to a pipe; the GUI thread reads it and sleeps.
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QThread>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace {

int freezePipe[2] = { -1, -1 };

void onSignal(int)
{
    const int saved = errno;
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = write(freezePipe[1], &byte, 1);
    errno = saved;
}

void installFreezer()
{
    if (pipe2(freezePipe, O_CLOEXEC | O_NONBLOCK) != 0)
        qFatal("guifreezer: pipe2 failed");
    const int ms = qEnvironmentVariableIsSet("SHMBRIDGE_FREEZE_MS") ? qEnvironmentVariableIntValue("SHMBRIDGE_FREEZE_MS")
                                                                     : 2000;
    auto *notifier = new QSocketNotifier(freezePipe[0], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, notifier, [ms] {
        char bytes[16];
        while (read(freezePipe[0], bytes, sizeof bytes) > 0) { }
        QThread::msleep(ulong(ms));
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    action.sa_flags = SA_RESTART;
    sigaction(SIGUSR2, &action, nullptr);
}

} // namespace

Q_COREAPP_STARTUP_FUNCTION(installFreezer)

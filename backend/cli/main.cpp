// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// shmbridge-cli: a headless peer for scripts, kiosks and tests.
#include "commands.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace shmbridge::cli;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("shmbridge-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SHMBRIDGE_VERSION));

    QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.size() > 1 ? arguments.at(1) : QString();
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        QTextStream(stdout) << "shmbridge-cli " << SHMBRIDGE_VERSION << '\n';
        return 0;
    }
    if (command.isEmpty() || command == QLatin1String("--help") || command == QLatin1String("-h")
        || command == QLatin1String("help")) {
        QTextStream(command.isEmpty() ? stderr : stdout) << topLevelHelp();
        return command.isEmpty() ? 2 : 0;
    }
    // The command's own parser sees "shmbridge-cli <command> options...".
    arguments.removeAt(1);
    arguments[0] += QLatin1Char(' ') + command;
    if (command == QLatin1String("send"))
        return runSend(arguments);
    if (command == QLatin1String("watch"))
        return runWatch(arguments);
    if (command == QLatin1String("peers"))
        return runPeers(arguments);
    if (command == QLatin1String("inspect"))
        return runInspect(arguments);
    if (command == QLatin1String("legacy"))
        return runLegacy(arguments);
    QTextStream(stderr) << "shmbridge-cli: unknown command \"" << command << "\"\n\n" << topLevelHelp();
    return 2;
}

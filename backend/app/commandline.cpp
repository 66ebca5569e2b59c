// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "commandline.h"

#include "launchoptions.h"
#include "peermodel.h"

#include <QCoreApplication>

#include <cstring>

CommandLine::CommandLine()
    : key({ QStringLiteral("k"), QStringLiteral("key") },
          QStringLiteral("Room key (default: the last one used, or \"demo\")."), QStringLiteral("key")),
      name({ QStringLiteral("n"), QStringLiteral("name") },
           QStringLiteral("Your display name (default: the last one used, or <user>-<pid>)."), QStringLiteral("name")),
      kiosk(QStringLiteral("kiosk"),
            QStringLiteral("Kiosk mode: fullscreen, on-screen keyboard, gallery instead of dialogs, no cursor, "
                           "rejoins a recreated room.")),
      fullscreen(QStringLiteral("fullscreen"), QStringLiteral("Start fullscreen.")),
      theme(QStringLiteral("theme"),
            QStringLiteral("Colours: %1 (default: the last one chosen in the app, or system).")
                    .arg(LaunchOptions::themeChoices().join(QStringLiteral(", "))),
            QStringLiteral("theme")),
      language(QStringLiteral("lang"), QStringLiteral("Language, e.g. zh_CN (default: the locale's)."),
               QStringLiteral("language")),
      keepLeft(QStringLiteral("keep-left"),
               QStringLiteral("How many peers that left keep their card, the newest to leave (0-%1, default %2).")
                       .arg(PeerModel::kMaxKeepLeft)
                       .arg(PeerModel::kDefaultKeepLeft),
               QStringLiteral("count")),
      control(QStringLiteral("control"), QStringLiteral("Read remote-control commands from stdin (for demos and tests)."))
{
    parser.setApplicationDescription(QStringLiteral(
            "Share text, images and telemetry with every process on this machine that uses the same room key."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({ key, name, kiosk, fullscreen, theme, language, keepLeft, control });
}

bool asksForHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *ask : { "-h", "--help", "-?", "-v", "--version" }) {
            if (std::strcmp(argv[i], ask) == 0)
                return true;
        }
    }
    return false;
}

int answerHelpOrVersion(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    setApplicationIdentity();
    CommandLine commandLine;
    commandLine.parser.process(app); // prints the help or the version and exits 0; a bad option exits 1
    return 0;
}

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ShmBridge"));
    QCoreApplication::setApplicationName(QStringLiteral("shmbridge"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SHMBRIDGE_VERSION));
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// What every shmbridge-cli command shares: output, failure, the common
// options and their parsing.
#pragma once

#include "commands.h"
#include "room.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonObject>
#include <QTextStream>

#include <optional>

namespace shmbridge::cli {

QTextStream &out();
QTextStream &err();
// Says "shmbridge-cli: message" on stderr and returns code.
int fail(const QString &message, int code = Failed);
void printJson(const QJsonObject &object);
// Ends the event loop from anywhere, including before it started.
void finish(int code);

extern const QCommandLineOption keyOption;
extern const QCommandLineOption jsonOption;
QCommandLineOption nameOption(const QString &defaultName);

// Parses, handles --help/--version, and checks that --key is present.
// Returns an exit code when the command should not go on.
std::optional<int> parse(QCommandLineParser &parser, const QStringList &arguments, const QString &description);
std::optional<quint64> parseCount(const QString &text, bool *ok);
QString hexId(PeerId id);

} // namespace shmbridge::cli

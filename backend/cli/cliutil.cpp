// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "cliutil.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace shmbridge::cli {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const QString &message, int code)
{
    err() << "shmbridge-cli: " << message << Qt::endl;
    return code;
}

void printJson(const QJsonObject &object)
{
    out() << QJsonDocument(object).toJson(QJsonDocument::Compact) << Qt::endl;
}

void finish(int code)
{
    QMetaObject::invokeMethod(QCoreApplication::instance(), [code] { QCoreApplication::exit(code); },
                              Qt::QueuedConnection);
}

const QCommandLineOption keyOption({ QStringLiteral("k"), QStringLiteral("key") },
                                   QStringLiteral("Room key: every process using it shares a room."),
                                   QStringLiteral("key"));
const QCommandLineOption jsonOption(QStringLiteral("json"),
                                    QStringLiteral("Print one JSON object per line, for machines."));

QCommandLineOption nameOption(const QString &defaultName)
{
    return QCommandLineOption({ QStringLiteral("n"), QStringLiteral("name") },
                              QStringLiteral("Display name of this peer (default \"%1\").")
                                      .arg(defaultName),
                              QStringLiteral("name"), defaultName);
}

std::optional<int> parse(QCommandLineParser &parser, const QStringList &arguments,
                         const QString &description)
{
    parser.setApplicationDescription(description);
    parser.addOption(keyOption);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    if (!parser.parse(arguments))
        return fail(parser.errorText(), Usage);
    if (parser.isSet(help)) {
        out() << parser.helpText();
        return Ok;
    }
    if (parser.isSet(version)) {
        out() << "shmbridge-cli " << SHMBRIDGE_VERSION << Qt::endl;
        return Ok;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument \"%1\"; see --help.")
                            .arg(parser.positionalArguments().constFirst()),
                    Usage);
    if (!parser.isSet(keyOption))
        return fail(QStringLiteral("--key is required; see --help."), Usage);
    return std::nullopt;
}

std::optional<quint64> parseCount(const QString &text, bool *ok)
{
    const quint64 value = text.toULongLong(ok);
    return *ok ? std::optional<quint64>(value) : std::nullopt;
}

QString hexId(PeerId id)
{
    return QStringLiteral("%1").arg(id, 16, 16, QLatin1Char('0'));
}

} // namespace shmbridge::cli

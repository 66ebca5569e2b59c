// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "launchoptions.h"

#include <QCoreApplication>
#include <QDir>

LaunchOptions *LaunchOptions::instance()
{
    static LaunchOptions *options = new LaunchOptions;
    return options;
}

LaunchOptions *LaunchOptions::create(QQmlEngine *, QJSEngine *)
{
    QJSEngine::setObjectOwnership(instance(), QJSEngine::CppOwnership);
    return instance();
}

QStringList LaunchOptions::themeChoices()
{
    return { QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark"), QStringLiteral("contrast") };
}

QStringList LaunchOptions::galleryImages() const
{
    QStringList urls;
    const QDir gallery(QStringLiteral(":/gallery"));
    for (const QString &file : gallery.entryList({ QStringLiteral("*.png"), QStringLiteral("*.jpg") }, QDir::Files, QDir::Name))
        urls.append(QStringLiteral("qrc:/gallery/") + file);
    return urls;
}

QString LaunchOptions::defaultName() const
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = QStringLiteral("peer");
    return QStringLiteral("%1-%2").arg(user).arg(QCoreApplication::applicationPid());
}

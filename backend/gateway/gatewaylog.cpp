// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "gatewaylog.h"

#include "gatewaylogging.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTextStream>

namespace shmbridge::gateway {

void GatewayLog::write(const QString &level, const QString &event, const QString &message,
                       const QJsonObject &fields) const
{
    // The category decides what is said (QT_LOGGING_RULES="shmbridge.gateway.info=false"
    // keeps only errors); this log decides how, for a person or a collector.
    const bool isError = level == QLatin1String("error");
    if (isError ? !lcGateway().isWarningEnabled() : !lcGateway().isInfoEnabled())
        return;
    static QTextStream err(stderr);
    if (m_json) {
        QJsonObject line = fields;
        line.insert(QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        line.insert(QStringLiteral("level"), level);
        line.insert(QStringLiteral("event"), event);
        line.insert(QStringLiteral("message"), message);
        err << QJsonDocument(line).toJson(QJsonDocument::Compact) << Qt::endl;
    } else {
        err << "shmbridge-gateway: " << (isError ? "error: " : "") << message << Qt::endl;
    }
}

} // namespace shmbridge::gateway

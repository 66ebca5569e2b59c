// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "gatewaylog.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTextStream>

namespace shmbridge::gateway {

void GatewayLog::write(const QString &level, const QString &event, const QString &message,
                       const QJsonObject &fields) const
{
    static QTextStream err(stderr);
    if (m_json) {
        QJsonObject line = fields;
        line.insert(QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        line.insert(QStringLiteral("level"), level);
        line.insert(QStringLiteral("event"), event);
        line.insert(QStringLiteral("message"), message);
        err << QJsonDocument(line).toJson(QJsonDocument::Compact) << Qt::endl;
    } else {
        err << "shmbridge-gateway: " << (level == QLatin1String("error") ? "error: " : "") << message << Qt::endl;
    }
}

} // namespace shmbridge::gateway

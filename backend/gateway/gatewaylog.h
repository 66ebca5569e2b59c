// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// What the gateway says on stderr: a line a person reads, or with
// --json-log one JSON object per line for a log collector.
#pragma once

#include <QJsonObject>
#include <QString>

namespace shmbridge::gateway {

class GatewayLog
{
public:
    explicit GatewayLog(bool json) : m_json(json) { }

    void info(const QString &event, const QString &message, const QJsonObject &fields = {}) const
    {
        write(QStringLiteral("info"), event, message, fields);
    }
    void error(const QString &event, const QString &message, const QJsonObject &fields = {}) const
    {
        write(QStringLiteral("error"), event, message, fields);
    }

private:
    void write(const QString &level, const QString &event, const QString &message, const QJsonObject &fields) const;

    bool m_json;
};

} // namespace shmbridge::gateway

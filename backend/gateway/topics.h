// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Where a room's values live on the broker:
//   <prefix>/<room>/<site>/<peer>/<kind>     kind: text, image, telemetry, presence
//   <prefix>/<room>/<site>/$online           the site's gateway: online or offline (its will)
// Room keys, site and peer names may hold anything, '/', '+' and '#' too:
// each level is percent-encoded (RFC 3986 unreserved characters stay), so a
// name can never reach into another level or become a wildcard.
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace shmbridge::gateway {

QByteArray escapeLevel(const QString &level);
std::optional<QString> unescapeLevel(const QByteArray &level);

class Topics
{
public:
    Topics(const QString &prefix, const QString &room);

    QByteArray value(const QString &site, const QString &peer, const QByteArray &kind) const;
    QByteArray online(const QString &site) const;
    // Every value of one kind in the room, every site's: what a gateway
    // subscribes to, kind by kind (images through a connection of their own).
    QByteArray everyValueOf(const QByteArray &kind) const; // <prefix>/<room>/+/+/<kind>
    QByteArray everyOnline() const; // <prefix>/<room>/+/$online

    struct Parsed
    {
        QString site;
        QString peer; // empty for $online
        QByteArray kind; // "$online" for a site's gateway
    };
    // Nothing for a topic that is not one of the room's, or is malformed.
    std::optional<Parsed> parse(const QByteArray &topic) const;

private:
    QByteArray m_base; // <prefix>/<room>/
};

} // namespace shmbridge::gateway

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "topics.h"

#include <QList>
#include <QUrl>

namespace shmbridge::gateway {

QByteArray escapeLevel(const QString &level)
{
    // toPercentEncoding leaves only A-Z a-z 0-9 - . _ ~ as they are, which
    // excludes '/', '+', '#' and '$' (a leading '$' is reserved by MQTT).
    return level.toUtf8().toPercentEncoding();
}

std::optional<QString> unescapeLevel(const QByteArray &level)
{
    if (level.isEmpty())
        return std::nullopt;
    const QByteArray bytes = QByteArray::fromPercentEncoding(level);
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() != bytes || escapeLevel(text) != level)
        return std::nullopt; // not UTF-8, or not how we would have written it
    return text;
}

Topics::Topics(const QString &prefix, const QString &room)
    : m_base(prefix.toUtf8() + '/' + escapeLevel(room) + '/')
{
}

QByteArray Topics::value(const QString &site, const QString &peer, const QByteArray &kind) const
{
    return m_base + escapeLevel(site) + '/' + escapeLevel(peer) + '/' + kind;
}

QByteArray Topics::online(const QString &site) const
{
    return m_base + escapeLevel(site) + "/$online";
}

QByteArray Topics::everyValueOf(const QByteArray &kind) const
{
    return m_base + "+/+/" + kind;
}

QByteArray Topics::everyOnline() const
{
    return m_base + "+/$online";
}

std::optional<Topics::Parsed> Topics::parse(const QByteArray &topic) const
{
    if (!topic.startsWith(m_base))
        return std::nullopt;
    const QList<QByteArray> levels = topic.mid(m_base.size()).split('/');
    Parsed parsed;
    if (levels.size() == 2 && levels.at(1) == "$online") {
        const auto site = unescapeLevel(levels.at(0));
        if (!site)
            return std::nullopt;
        parsed.site = *site;
        parsed.kind = levels.at(1);
        return parsed;
    }
    if (levels.size() != 3)
        return std::nullopt;
    const auto site = unescapeLevel(levels.at(0));
    const auto peer = unescapeLevel(levels.at(1));
    if (!site || !peer)
        return std::nullopt;
    parsed.site = *site;
    parsed.peer = *peer;
    parsed.kind = levels.at(2);
    return parsed;
}

} // namespace shmbridge::gateway

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "kinds.h"

#include "payload.h"

#include <QCoreApplication>

namespace {

using shmbridge::layout::Kind;

// Marked for lupdate here, translated when asked for: after main() has
// installed the translator, which a static table would precede.
struct Words
{
    const char *word;
    const char *heading;
};

Words wordsOf(Kind kind)
{
    switch (kind) {
    case Kind::Text:
        return { QT_TRANSLATE_NOOP("Kinds", "text"), QT_TRANSLATE_NOOP("Kinds", "Text") };
    case Kind::Image:
        return { QT_TRANSLATE_NOOP("Kinds", "image"), QT_TRANSLATE_NOOP("Kinds", "Image") };
    case Kind::Telemetry:
        return { QT_TRANSLATE_NOOP("Kinds", "telemetry"), QT_TRANSLATE_NOOP("Kinds", "Telemetry") };
    }
    return { nullptr, nullptr };
}

} // namespace

QStringList Kinds::names()
{
    QStringList names;
    for (const Kind kind : shmbridge::layout::kKinds)
        names.append(shmbridge::kindName(kind));
    return names;
}

QString Kinds::word(const QString &name)
{
    const auto kind = shmbridge::kindFromName(name);
    return kind ? QCoreApplication::translate("Kinds", wordsOf(*kind).word) : name;
}

QString Kinds::heading(const QString &name)
{
    const auto kind = shmbridge::kindFromName(name);
    return kind ? QCoreApplication::translate("Kinds", wordsOf(*kind).heading) : name;
}

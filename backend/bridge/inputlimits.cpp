// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "inputlimits.h"

#include "layout.h"
#include "names.h"

int InputLimits::keyBytes()
{
    return int(shmbridge::layout::kMaxKeyBytes);
}

int InputLimits::nameBytes()
{
    return int(shmbridge::layout::kMaxNameBytes);
}

int InputLimits::utf8Bytes(const QString &text)
{
    return int(text.toUtf8().size());
}

QString InputLimits::truncated(const QString &text, int maxBytes)
{
    int bytes = 0;
    qsizetype end = 0;
    while (end < text.size()) {
        const bool pair = text.at(end).isHighSurrogate() && end + 1 < text.size() && text.at(end + 1).isLowSurrogate();
        const char32_t code = pair ? QChar::surrogateToUcs4(text.at(end), text.at(end + 1)) : text.at(end).unicode();
        const int width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
        if (bytes + width > maxBytes)
            break;
        bytes += width;
        end += pair ? 2 : 1;
    }
    return text.left(end);
}

QString InputLimits::keyProblem(const QString &key)
{
    auto valid = shmbridge::validateRoomKey(key);
    return valid ? QString() : valid.error();
}

QString InputLimits::nameProblem(const QString &name)
{
    auto valid = shmbridge::validatePeerName(name);
    return valid ? QString() : valid.error();
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The limits of what a person types into the room bar, for QML: checked as
// they type and before anything leaves the room. The core counts bytes of
// UTF-8 (the peer slot has fixed fields); people count characters, so the
// view trims at a character boundary and explains the limit in characters.
#pragma once

#include <QObject>
#include <QQmlEngine>

class InputLimits : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    // The most bytes of UTF-8 a room key may have; nameBytes likewise for a name.
    Q_PROPERTY(int keyBytes READ keyBytes CONSTANT FINAL)
    Q_PROPERTY(int nameBytes READ nameBytes CONSTANT FINAL)

public:
    explicit InputLimits(QObject *parent = nullptr) : QObject(parent) { }

    static int keyBytes();
    static int nameBytes();

    Q_INVOKABLE static int utf8Bytes(const QString &text);
    // The longest prefix of text that fits maxBytes of UTF-8, never cutting a
    // character (or a surrogate pair) in half.
    Q_INVOKABLE static QString truncated(const QString &text, int maxBytes);
    // Why the core would refuse this key or name; empty when it would not.
    Q_INVOKABLE static QString keyProblem(const QString &key);
    Q_INVOKABLE static QString nameProblem(const QString &name);
};

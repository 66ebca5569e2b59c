// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The kinds of update, for QML: their names as the core spells them
// (layout.h, one table), and the words a person reads for each, translated.
// The view asks here rather than keeping its own list.
#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QStringList>

class Kinds : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    // "text", "image", "telemetry": the names in the bridge's properties
    // (textSeq, imageSeenBy, ...) and signals, in the core's order.
    Q_PROPERTY(QStringList names READ names CONSTANT FINAL)

public:
    explicit Kinds(QObject *parent = nullptr) : QObject(parent) { }

    static QStringList names();
    // The kind in a sentence ("my image seen by 2"); the name itself if it
    // is none of the kinds.
    Q_INVOKABLE static QString word(const QString &name);
    // The kind as a heading ("Image").
    Q_INVOKABLE static QString heading(const QString &name);
};

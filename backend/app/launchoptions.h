// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// What the command line asked for, read-only to QML. main() fills the one
// instance before the first QML file loads; QML reads it as a singleton.
#pragma once

#include "peermodel.h"

#include <QObject>
#include <QQmlEngine>
#include <QStringList>

class LaunchOptions : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString key READ key CONSTANT FINAL)
    Q_PROPERTY(QString name READ name CONSTANT FINAL)
    Q_PROPERTY(QString defaultName READ defaultName CONSTANT FINAL)
    Q_PROPERTY(bool kiosk READ kiosk CONSTANT FINAL)
    Q_PROPERTY(bool fullscreen READ fullscreen CONSTANT FINAL)
    // One of themeChoices; empty: the remembered choice.
    Q_PROPERTY(QString theme READ theme CONSTANT FINAL)
    // Every theme there is, as --theme and the theme menu offer them:
    // "system" (follow the system's palette), then each of Theme's schemes.
    Q_PROPERTY(QStringList themeChoices READ themeChoices CONSTANT FINAL)
    // How many departed peers keep their card (SharedMemoryBridge.keepLeft).
    Q_PROPERTY(int keepLeft READ keepLeft CONSTANT FINAL)
    Q_PROPERTY(QStringList galleryImages READ galleryImages CONSTANT FINAL)

public:
    struct Values
    {
        QString key; // empty: use the remembered one
        QString name;
        bool kiosk = false;
        bool fullscreen = false;
        QString theme;
        int keepLeft = PeerModel::kDefaultKeepLeft;
    };

    static LaunchOptions *instance();
    static LaunchOptions *create(QQmlEngine *, QJSEngine *);
    void set(const Values &values) { m_values = values; }

    QString key() const { return m_values.key; }
    QString name() const { return m_values.name; }
    // "<user>-<pid>": distinct for every window when nothing else is given.
    QString defaultName() const;
    bool kiosk() const { return m_values.kiosk; }
    bool fullscreen() const { return m_values.fullscreen || m_values.kiosk; }
    QString theme() const { return m_values.theme; }
    static QStringList themeChoices();
    int keepLeft() const { return m_values.keepLeft; }
    // The sample images built into the app (assets/gallery), as qrc: URLs.
    QStringList galleryImages() const;

private:
    explicit LaunchOptions(QObject *parent = nullptr) : QObject(parent) { }
    Values m_values;
};

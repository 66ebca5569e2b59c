// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// shmbridge: the desktop and kiosk app. Thin on purpose: options, style,
// engine; everything else lives in the ShmBridge and ShmBridgeView modules.
#include "commandline.h"
#include "launchoptions.h"
#include "names.h"
#include "quitonsignal.h"
#include "remotecontrol.h"
#include "servicenotifier.h"
#include "translations.h"

#include <QGuiApplication>
#include <QStyleHints>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickWindow>
#include <QTextStream>

#include <cstring>

Q_IMPORT_QML_PLUGIN(ShmBridgePlugin)
Q_IMPORT_QML_PLUGIN(ShmBridgeAppPlugin)
Q_IMPORT_QML_PLUGIN(ShmBridgeViewPlugin)

int main(int argc, char *argv[])
{
    if (asksForHelpOrVersion(argc, argv))
        return answerHelpOrVersion(argc, argv);
    // Two options must be read before the application object exists: the
    // on-screen keyboard is an input method chosen at start-up, and the xcb
    // platform takes "--name" for itself (the X11 resource name) and removes
    // it from the arguments.
    ServiceNotifier::takeEnvironment();
    QString nameArgument;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--kiosk") == 0 && qEnvironmentVariableIsEmpty("QT_IM_MODULE"))
            qputenv("QT_IM_MODULE", "qtvirtualkeyboard");
        if ((std::strcmp(argv[i], "--name") == 0 || std::strcmp(argv[i], "-n") == 0) && i + 1 < argc)
            nameArgument = QString::fromLocal8Bit(argv[i + 1]);
        else if (std::strncmp(argv[i], "--name=", 7) == 0)
            nameArgument = QString::fromLocal8Bit(argv[i] + 7);
    }
    QGuiApplication app(argc, argv);
    setApplicationIdentity();
    QGuiApplication::setApplicationDisplayName(QStringLiteral("ShmBridge"));
    // The installed launcher entry; also the Wayland app id a kiosk
    // compositor and a desktop's task bar match the window by.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.shmbridge.ShmBridge"));
    // A steady text cursor. A blinking one redraws the window twice a second
    // for as long as a field has focus, which in the kiosk is always
    // (measured: 20 ms CPU per idle 10 s under Xvfb); and WCAG 2.2.2 asks
    // for blinking to stop anyway.
    QGuiApplication::styleHints()->setCursorFlashTime(0);

    CommandLine commandLine;
    QCommandLineParser &parser = commandLine.parser;
    parser.process(app);

    LaunchOptions::Values options;
    options.key = parser.value(commandLine.key);
    options.name = parser.isSet(commandLine.name) ? parser.value(commandLine.name) : nameArgument;
    options.kiosk = parser.isSet(commandLine.kiosk);
    options.fullscreen = parser.isSet(commandLine.fullscreen);
    options.theme = parser.value(commandLine.theme);
    const QStringList themes = LaunchOptions::themeChoices();
    if (parser.isSet(commandLine.theme) && !themes.contains(options.theme)) {
        QTextStream(stderr) << "shmbridge: unknown theme \"" << options.theme << "\"; use one of "
                            << themes.join(QStringLiteral(", ")) << Qt::endl;
        return 2;
    }
    if (parser.isSet(commandLine.keepLeft)) {
        bool number = false;
        options.keepLeft = parser.value(commandLine.keepLeft).toInt(&number);
        if (!number || options.keepLeft < 0 || options.keepLeft > PeerModel::kMaxKeepLeft) {
            QTextStream(stderr) << "shmbridge: --keep-left wants a count from 0 to " << PeerModel::kMaxKeepLeft
                                << ", not \"" << parser.value(commandLine.keepLeft) << '"' << Qt::endl;
            return 2;
        }
    }
    if (parser.isSet(commandLine.key)) {
        if (auto valid = shmbridge::validateRoomKey(options.key); !valid) {
            QTextStream(stderr) << "shmbridge: " << valid.error() << Qt::endl;
            return 2;
        }
    }
    if (!options.name.isEmpty()) {
        if (auto valid = shmbridge::validatePeerName(options.name); !valid) {
            QTextStream(stderr) << "shmbridge: " << valid.error() << Qt::endl;
            return 2;
        }
    }
    LaunchOptions::instance()->set(options);
    if (!installTranslations(app, parser.value(commandLine.language)))
        QTextStream(stderr) << "shmbridge: no translation for \"" << parser.value(commandLine.language)
                            << "\"; using English (there are: zh_CN)" << Qt::endl;

    if (options.kiosk)
        QGuiApplication::setOverrideCursor(Qt::BlankCursor);

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, &app,
                     [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/ShmBridgeView/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (parser.isSet(commandLine.control) && window)
        new RemoteControl(window, &app);
    if (window)
        ServiceNotifier::attach(window, &app);
    // Through the event loop, so the bridge leaves the room and the service
    // manager hears STOPPING=1 (ServiceNotifier, on aboutToQuit).
    shmbridge::quitOnSignals(&app, 0);
    return QGuiApplication::exec();
}

// shmbridge: the desktop and kiosk app. Thin on purpose: options, style,
// engine; everything else lives in the ShmBridge and ShmBridgeView modules.
#include "launchoptions.h"
#include "names.h"
#include "quitonsignal.h"
#include "remotecontrol.h"
#include "servicenotifier.h"
#include "translations.h"

#include <QCommandLineParser>
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
    QGuiApplication::setOrganizationName(QStringLiteral("ShmBridge"));
    QGuiApplication::setApplicationName(QStringLiteral("shmbridge"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("ShmBridge"));
    QGuiApplication::setApplicationVersion(QStringLiteral(SHMBRIDGE_VERSION));
    // The installed launcher entry; also the Wayland app id a kiosk
    // compositor and a desktop's task bar match the window by.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.shmbridge.ShmBridge"));
    // A steady text cursor. A blinking one redraws the window twice a second
    // for as long as a field has focus, which in the kiosk is always
    // (measured: 20 ms CPU per idle 10 s under Xvfb); and WCAG 2.2.2 asks
    // for blinking to stop anyway.
    QGuiApplication::styleHints()->setCursorFlashTime(0);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Share text, images and telemetry with every process on this machine that uses the same room key."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption key({ QStringLiteral("k"), QStringLiteral("key") },
                                 QStringLiteral("Room key (default: the last one used, or \"demo\")."), QStringLiteral("key"));
    const QCommandLineOption name({ QStringLiteral("n"), QStringLiteral("name") },
                                  QStringLiteral("Your display name (default: the last one used, or <user>-<pid>)."),
                                  QStringLiteral("name"));
    const QCommandLineOption kiosk(QStringLiteral("kiosk"),
                                   QStringLiteral("Kiosk mode: fullscreen, on-screen keyboard, gallery instead of "
                                                  "dialogs, no cursor, rejoins a recreated room."));
    const QCommandLineOption fullscreen(QStringLiteral("fullscreen"), QStringLiteral("Start fullscreen."));
    const QCommandLineOption control(QStringLiteral("control"),
                                     QStringLiteral("Read remote-control commands from stdin (for demos and tests)."));
    const QCommandLineOption theme(QStringLiteral("theme"),
                                   QStringLiteral("Colours: system, light, dark or contrast (default: the last one "
                                                  "chosen in the app, or system)."),
                                   QStringLiteral("theme"));
    const QCommandLineOption language(QStringLiteral("lang"),
                                      QStringLiteral("Language, e.g. zh_CN (default: the locale's)."),
                                      QStringLiteral("language"));
    parser.addOptions({ key, name, kiosk, fullscreen, theme, language, control });
    parser.process(app);

    LaunchOptions::Values options;
    options.key = parser.value(key);
    options.name = parser.isSet(name) ? parser.value(name) : nameArgument;
    options.kiosk = parser.isSet(kiosk);
    options.fullscreen = parser.isSet(fullscreen);
    options.theme = parser.value(theme);
    static const QStringList themes { QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark"),
                                      QStringLiteral("contrast") };
    if (parser.isSet(theme) && !themes.contains(options.theme)) {
        QTextStream(stderr) << "shmbridge: unknown theme \"" << options.theme << "\"; use one of "
                            << themes.join(QStringLiteral(", ")) << Qt::endl;
        return 2;
    }
    if (parser.isSet(key)) {
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
    if (!installTranslations(app, parser.value(language)))
        QTextStream(stderr) << "shmbridge: no translation for \"" << parser.value(language)
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
    if (parser.isSet(control) && window)
        new RemoteControl(window, &app);
    if (window)
        ServiceNotifier::attach(window, &app);
    // Through the event loop, so the bridge leaves the room and the service
    // manager hears STOPPING=1 (ServiceNotifier, on aboutToQuit).
    shmbridge::quitOnSignals(&app, 0);
    return QGuiApplication::exec();
}

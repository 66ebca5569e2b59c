// Qt Quick Test runner for the view's components and the bridge in QML.
#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(ShmBridgePlugin)
Q_IMPORT_QML_PLUGIN(ShmBridgeAppPlugin)
Q_IMPORT_QML_PLUGIN(ShmBridgeViewPlugin)

class Setup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/"));
    }
};

QUICK_TEST_MAIN_WITH_SETUP(shmbridge, Setup)
#include "tst_qml.moc"

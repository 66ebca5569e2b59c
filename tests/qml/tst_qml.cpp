// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Qt Quick Test runner for the view's components and the bridge in QML.
#include "peerimageprovider.h"

#include <QQmlContext>
#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(ShmBridgePlugin)
Q_IMPORT_QML_PLUGIN(ShmBridgeAppPlugin)
Q_IMPORT_QML_PLUGIN(ShmBridgeViewPlugin)

// What the tests may ask of the image store: how many scaled images the
// GUI thread had to make itself (as "imageStore" in QML).
class ImageStoreProbe : public QObject
{
    Q_OBJECT

public:
    Q_INVOKABLE double scaledOnRequest() const { return double(PeerImageStore::instance().scaledOnRequest()); }
};

class Setup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/"));
        engine->rootContext()->setContextProperty(QStringLiteral("imageStore"), new ImageStoreProbe);
    }
};

QUICK_TEST_MAIN_WITH_SETUP(shmbridge, Setup)
#include "tst_qml.moc"

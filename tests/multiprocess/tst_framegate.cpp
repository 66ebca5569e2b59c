// A window that draws slower than a peer streams: the frames in between are
// dropped before any work is done for them. A roomtool camera streams at
// 120 frames/s to a bridge whose window draws at most 20 times a second
// (QT_QPA_UPDATE_IDLE_TIME=50 spaces its update requests 50 ms apart).
#include "processtest.h"
#include "sharedmemorybridge.h"

#include <QGuiApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTest>

Q_IMPORT_QML_PLUGIN(ShmBridgePlugin)

using namespace testing;

class TestFrameGate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framesFasterThanTheWindowDrawsAreNotRead()
    {
        const QString key = uniqueKey("framegate");
        QQuickWindow window;
        window.resize(320, 240);
        QQmlEngine engine;
        QQmlComponent component(&engine);
        component.setData(QStringLiteral(R"(
            import QtQuick
            import ShmBridge
            Item {
                anchors.fill: parent
                property alias bridge: bridge
                SharedMemoryBridge { id: bridge; key: "%1"; name: "viewer" }
                Repeater {
                    model: bridge.peers
                    Image {
                        required property string imageSource
                        source: imageSource
                        sourceSize.width: 160
                        sourceSize.height: 120
                        cache: false
                    }
                }
            })").arg(key).toUtf8(), QUrl(QStringLiteral("qrc:/framegate.qml")));
        std::unique_ptr<QObject> root(component.create());
        QVERIFY2(root, qPrintable(component.errorString()));
        qobject_cast<QQuickItem *>(root.get())->setParentItem(window.contentItem());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *bridge = root->property("bridge").value<SharedMemoryBridge *>();
        QVERIFY(bridge);

        Child camera(QStringLiteral(SHMBRIDGE_ROOMTOOL),
                     { QStringLiteral("persona"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                       QStringLiteral("camera"), QStringLiteral("--stream"), QStringLiteral("320x240@120"),
                       QStringLiteral("--seconds"), QStringLiteral("30") });
        QVERIFY(!camera.waitForLine("ready").isEmpty());
        QSignalSpy reads(bridge, &SharedMemoryBridge::imageReceived);
        QTRY_VERIFY_WITH_TIMEOUT(reads.count() >= 3, 10000);

        int frames = 0;
        connect(&window, &QQuickWindow::frameSwapped, this, [&] { ++frames; }, Qt::DirectConnection);
        reads.clear();
        QElapsedTimer span;
        span.start();
        QTRY_VERIFY_WITH_TIMEOUT(span.elapsed() >= 2000, 5000); // a span of streaming, with the event loop running
        const int read = int(reads.count());
        const int drawn = frames;
        const double published = 120.0 * double(span.elapsed()) / 1000.0;
        qInfo("%d frames read and %d drawn of about %.0f published in %lld ms", read, drawn, published,
              qint64(span.elapsed()));
        QVERIFY2(drawn > 0, "the window drew");
        QVERIFY2(drawn < published / 2, "the window drew slower than the camera streams");
        // One read per drawn frame, plus the one in flight as the span ends.
        QVERIFY2(read <= drawn + 2, qPrintable(QStringLiteral("%1 frames read for %2 drawn").arg(read).arg(drawn)));
        QVERIFY2(read > 0, "the stream was shown");
    }
};

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_UPDATE_IDLE_TIME", "50");
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    TestFrameGate test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_framegate.moc"

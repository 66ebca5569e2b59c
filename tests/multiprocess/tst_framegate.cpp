// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
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

namespace {

constexpr int kCameraFps = 120;

struct Streamed
{
    int read = 0; // frames the bridge read (imageReceived)
    int drawn = 0; // frames the window drew
    double published = 0; // frames the camera sent meanwhile, about
};

} // namespace

class TestFrameGate : public QObject
{
    Q_OBJECT

    // A window on screen with a bridge in a camera's room, and `shown` in
    // it (QML that may show the peers' images); two seconds of the stream.
    Streamed stream(const QString &shown)
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
                %2
            })").arg(key, shown).toUtf8(), QUrl(QStringLiteral("qrc:/framegate.qml")));
        std::unique_ptr<QObject> root(component.create());
        if (!root) {
            qWarning() << component.errorString();
            return {};
        }
        qobject_cast<QQuickItem *>(root.get())->setParentItem(window.contentItem());
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            return {};
        auto *bridge = root->property("bridge").value<SharedMemoryBridge *>();

        Child camera(QStringLiteral(SHMBRIDGE_ROOMTOOL),
                     { QStringLiteral("persona"), QStringLiteral("--key"), key, QStringLiteral("--name"),
                       QStringLiteral("camera"), QStringLiteral("--stream"), QStringLiteral("320x240@%1").arg(kCameraFps),
                       QStringLiteral("--seconds"), QStringLiteral("30") });
        if (camera.waitForLine("ready").isEmpty())
            return {};
        QSignalSpy reads(bridge, &SharedMemoryBridge::imageReceived);
        if (!QTest::qWaitFor([&] { return reads.count() >= 3; }, 10000))
            return {};

        Streamed streamed;
        connect(&window, &QQuickWindow::frameSwapped, this, [&] { ++streamed.drawn; }, Qt::DirectConnection);
        reads.clear();
        QElapsedTimer span;
        span.start();
        QTest::qWait(2000); // the measurement itself: a span of streaming, the event loop running
        streamed.read = int(reads.count());
        streamed.published = kCameraFps * double(span.elapsed()) / 1000.0;
        qInfo("%d frames read and %d drawn of about %.0f published in %lld ms", streamed.read, streamed.drawn,
              streamed.published, qint64(span.elapsed()));
        return streamed;
    }

private Q_SLOTS:
    void framesShownAreReadNoFasterThanTheWindowDraws()
    {
        const Streamed s = stream(QStringLiteral(R"(
            Repeater {
                model: bridge.peers
                Image {
                    required property string imageSource
                    source: imageSource
                    sourceSize.width: 160
                    sourceSize.height: 120
                    cache: false
                }
            })"));
        QVERIFY2(s.drawn > 0, "the window drew");
        QVERIFY2(s.drawn < s.published / 2, "the window drew slower than the camera streams");
        // One read per drawn frame, plus the one in flight as the span ends.
        QVERIFY2(s.read <= s.drawn + 2, qPrintable(QStringLiteral("%1 frames read for %2 drawn").arg(s.read).arg(s.drawn)));
        QVERIFY2(s.read > 0, "the stream was shown");
    }

    // A program that takes the frames from imageReceived, with a window on
    // screen that shows none of them, gets them all: nothing waits for a
    // window to draw what it does not show.
    void framesNobodyShowsAreNotHeldBack()
    {
        const Streamed s = stream(QStringLiteral("Text { text: bridge.peerCount + \" here\" }"));
        QVERIFY2(s.read > s.published / 2,
                 qPrintable(QStringLiteral("%1 frames read of about %2 published").arg(s.read).arg(s.published)));
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

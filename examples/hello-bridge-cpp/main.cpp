// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// hello-bridge-cpp: SharedMemoryBridge from C++, no QML. It joins the room
// KEY as "hello-cpp", publishes TEXT (if given), and prints every text the
// other peers send, as "peer: text", until interrupted.
//   hello-bridge-cpp KEY [TEXT]
#include <shmbridge/sharedmemorybridge.h>

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        QTextStream(stderr) << "usage: hello-bridge-cpp KEY [TEXT]\n";
        return 2;
    }

    SharedMemoryBridge bridge;
    QTextStream out(stdout);
    QObject::connect(&bridge, &SharedMemoryBridge::textReceived, [&out](const QString &peer, const QString &text) {
        out << peer << ": " << text << Qt::endl;
    });
    QObject::connect(&bridge, &SharedMemoryBridge::errorOccurred, [](const QString &message) {
        QTextStream(stderr) << "error: " << message << Qt::endl;
    });
    // Joining may wait for another process's lock (from the event loop).
    QObject::connect(&bridge, &SharedMemoryBridge::connectedChanged, [&] {
        if (!bridge.connected())
            return;
        out << "in room " << bridge.key() << " with " << bridge.peerCount() << " other peer(s)" << Qt::endl;
        if (args.size() > 2)
            bridge.writeText(args.at(2));
    });
    bridge.setName(QStringLiteral("hello-cpp"));
    bridge.setKey(args.at(1)); // with both set, it joins
    return app.exec();
}

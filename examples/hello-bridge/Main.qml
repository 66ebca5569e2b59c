// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ShmBridge

ApplicationWindow {
    id: window
    width: 400
    height: 300
    visible: true
    title: "hello-bridge in " + bridge.key

    SharedMemoryBridge {
        id: bridge
        key: Qt.application.arguments[1] ?? "hello"
        name: "hello-bridge"
        onConnectedChanged: if (connected && Qt.application.arguments.length > 2) writeText(Qt.application.arguments[2])
        onTextReceived: (peer, text) => console.log(peer + ": " + text)
        onErrorOccurred: message => console.log("error: " + message)
    }

    ColumnLayout {
        anchors.fill: parent
        RowLayout {
            TextField { id: field; Layout.fillWidth: true; onAccepted: send.clicked() }
            Button { id: send; text: "Send"; onClicked: bridge.writeText(field.text) }
        }
        ListView {
            model: bridge.peers
            Layout.fillWidth: true
            Layout.fillHeight: true
            delegate: Label {
                required property var model
                text: model.name + ": " + model.text
            }
        }
    }
}

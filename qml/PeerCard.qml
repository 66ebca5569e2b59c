// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// One other peer: its latest text, image and telemetry, whether it is still
// in the room, and whether it has seen my latest update. Tapping it opens the
// peer in full. Object names derive from the peer's name (the model key),
// never from the row. A plain Rectangle, not a Pane: Qt 6.4 controls
// overwrite Accessible.role.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    id: root

    required property string name
    required property bool live
    required property string text
    required property string imageSource
    required property int imageWidth
    required property int imageHeight
    required property var telemetry
    required property var telemetryNames
    required property var telemetryScales
    required property bool seen
    required property bool showSeen

    signal opened

    objectName: "peer_" + root.name
    implicitHeight: cardColumn.implicitHeight + 2 * Theme.margin
    color: Theme.card
    radius: Theme.radius
    border.color: tapHandler.pressed ? Theme.accent : Theme.cardBorder
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("Peer %1").arg(root.name)
    Accessible.description: root.live ? "in the room" : "left"
    Accessible.onPressAction: root.opened()

    TapHandler {
        id: tapHandler
        onTapped: root.opened()
    }

    ColumnLayout {
        id: cardColumn
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.margin
        opacity: root.live ? 1 : 0.75
        spacing: Theme.spacing

        RowLayout {
            spacing: Theme.spacing
            Layout.fillWidth: true

            CardTitle {
                text: root.name
            }
            PresenceLabel {
                id: peerState
                objectName: "peerState_" + root.name
                live: root.live
                Accessible.role: Accessible.StaticText
                Accessible.name: qsTr("State of %1").arg(root.name)
                Accessible.description: root.live ? "live" : "left"
            }
            Label {
                id: peerSeen
                objectName: "peerSeen_" + root.name
                visible: root.showSeen && root.live
                text: root.seen ? qsTr("✓ seen") : qsTr("not seen yet")
                color: root.seen ? Theme.live : Theme.mutedText
                font.pixelSize: Theme.fontSmall
                Accessible.role: Accessible.StaticText
                Accessible.name: qsTr("%1 has seen my update").arg(root.name)
                Accessible.description: root.seen ? "yes" : "no"
            }
        }

        Label {
            id: peerText
            objectName: "peerText_" + root.name
            text: root.text !== "" ? root.text : qsTr("No text yet")
            color: root.text !== "" ? Theme.text : Theme.mutedText
            font.pixelSize: Theme.fontNormal
            wrapMode: Text.Wrap
            maximumLineCount: Theme.cardTextLines
            elide: Text.ElideRight
            Layout.fillWidth: true
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("Text from %1").arg(root.name)
            Accessible.description: root.text
        }
        Label {
            visible: peerText.truncated
            text: qsTr("Tap to read all of it")
            color: Theme.accent
            font.pixelSize: Theme.fontSmall
            Layout.fillWidth: true
        }

        CardImage {
            id: peerImage
            objectName: "peerImage_" + root.name
            imageSource: root.imageSource
            imageWidth: root.imageWidth
            imageHeight: root.imageHeight
            Accessible.name: qsTr("Image from %1").arg(root.name)
        }

        TelemetryView {
            id: peerTelemetry
            objectName: "peerTelemetry_" + root.name
            values: root.telemetry
            names: root.telemetryNames
            scales: root.telemetryScales
            visible: root.telemetry.length > 0
            Layout.fillWidth: true
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("Telemetry from %1").arg(root.name)
            Accessible.description: root.telemetry.join(",")
        }
    }
}

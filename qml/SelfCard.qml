// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// "You": what I sent last, of each kind, and which peers have seen it. The
// composer clears after sending; this is where what I sent stays.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ShmBridge

Rectangle {
    id: root

    required property MyValues me
    required property string name

    objectName: "selfCard"
    implicitHeight: selfColumn.implicitHeight + 2 * Theme.margin
    color: Theme.selfCard
    radius: Theme.radius
    border.color: Theme.accent
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("You")
    Accessible.description: root.name

    ColumnLayout {
        id: selfColumn
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        CardTitle {
            text: qsTr("You (%1)").arg(root.name)
        }

        Label {
            id: selfText
            objectName: "selfText"
            visible: root.me.text !== ""
            text: root.me.text
            color: Theme.text
            font.pixelSize: Theme.fontNormal
            wrapMode: Text.Wrap
            maximumLineCount: Theme.cardTextLines
            elide: Text.ElideRight
            Layout.fillWidth: true
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("My text")
            Accessible.description: root.me.text
        }
        SeenByLabel {
            objectName: "selfTextSeenBy"
            visible: selfText.visible
            names: root.me.textSeenBy
            Layout.fillWidth: true
            Accessible.name: qsTr("Who has seen my text")
        }

        CardImage {
            id: selfImage
            objectName: "selfImage"
            imageSource: root.me.imageSource
            imageWidth: root.me.imageWidth
            imageHeight: root.me.imageHeight
            Accessible.name: qsTr("My image")
        }
        SeenByLabel {
            objectName: "selfImageSeenBy"
            visible: selfImage.visible
            names: root.me.imageSeenBy
            Layout.fillWidth: true
            Accessible.name: qsTr("Who has seen my image")
        }

        TelemetryView {
            id: selfTelemetry
            objectName: "selfTelemetry"
            values: root.me.telemetry
            names: root.me.telemetryNames
            scales: []
            visible: root.me.telemetry.length > 0
            Layout.fillWidth: true
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("My telemetry")
            Accessible.description: String(root.me.telemetry) // "1.5,2"
        }
        SeenByLabel {
            objectName: "selfTelemetrySeenBy"
            visible: selfTelemetry.visible
            names: root.me.telemetrySeenBy
            Layout.fillWidth: true
            Accessible.name: qsTr("Who has seen my telemetry")
        }
    }
}

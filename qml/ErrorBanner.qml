// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A plain-words error the user can act on, shown until dismissed or replaced.
// A plain Rectangle, not a Pane: Qt 6.4 controls overwrite Accessible.role.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    id: root

    required property string message

    signal dismissed

    objectName: "errorBanner"
    visible: root.message !== ""
    implicitHeight: errorRow.implicitHeight + 2 * Theme.spacing
    color: Theme.errorBackground
    border.color: Theme.error
    radius: Theme.radius
    Accessible.role: Accessible.AlertMessage
    Accessible.name: qsTr("Error")
    Accessible.description: root.message

    RowLayout {
        id: errorRow
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing

        Label {
            id: errorText
            objectName: "errorText"
            Layout.fillWidth: true
            text: root.message
            color: Theme.error
            wrapMode: Text.Wrap
            font.pixelSize: Theme.fontNormal
        }
        TouchButton {
            id: dismissErrorButton
            objectName: "dismissErrorButton"
            text: qsTr("Dismiss")
            flat: true
            Layout.minimumWidth: Theme.touchTarget
            Accessible.name: qsTr("Dismiss error")
            onClicked: root.dismissed()
        }
    }
}

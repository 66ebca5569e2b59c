// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Where I type and pick what to share. Send on Enter or with Send, or live
// as I type; images come from a file, the gallery, the clipboard or a drop.
// In kiosk mode one image button opens the gallery and there is no paste.
// Condensed (the on-screen keyboard is up), only the message and Send stay.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: root

    required property bool connected
    required property bool busy
    required property string sendingWhat
    required property bool compact
    required property bool kiosk
    property bool condensed: false

    signal textSubmitted(string text)
    signal pickImageRequested
    signal galleryRequested
    signal pasteRequested

    function submit(): void {
        root.textSubmitted(messageInput.text);
        if (!liveSwitch.checked)
            messageInput.clear();
    }

    spacing: Theme.spacing

    // What is on its way, while an image is read and sent.
    RowLayout {
        visible: root.busy && !root.condensed
        spacing: Theme.spacing
        Layout.fillWidth: true

        BusyIndicator {
            running: root.busy
            Layout.preferredWidth: Theme.touchTarget
            Layout.preferredHeight: Theme.touchTarget
        }
        // Text, not Label: Qt 6.4's Label overwrites Accessible.role.
        Text {
            id: sendingLabel
            objectName: "sendingLabel"
            text: root.sendingWhat !== "" ? root.sendingWhat : qsTr("Sending…")
            color: Theme.text
            font.pixelSize: Theme.fontNormal
            elide: Text.ElideRight
            Layout.fillWidth: true
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("Sending")
            Accessible.description: root.busy ? sendingLabel.text : ""
        }
    }

    GridLayout {
        columns: root.condensed ? 2 : root.compact ? 3 : 6
        columnSpacing: Theme.spacing
        rowSpacing: Theme.spacing
        Layout.fillWidth: true

        TextField {
            id: messageInput
            objectName: "messageInput"
            placeholderText: qsTr("Type a message")
            enabled: root.connected
            color: Theme.text
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touchTarget
            Accessible.name: qsTr("Message")
            Accessible.role: Accessible.EditableText
            onAccepted: root.submit()
            onTextEdited: if (liveSwitch.checked) root.textSubmitted(messageInput.text)
        }
        Switch {
            id: liveSwitch
            objectName: "liveSwitch"
            text: qsTr("Live")
            visible: !root.condensed
            Layout.minimumHeight: Theme.touchTarget
            Accessible.name: qsTr("Send as I type")
            Accessible.role: Accessible.CheckBox
            Accessible.onPressAction: liveSwitch.toggle()
        }
        TouchButton {
            id: sendButton
            objectName: "sendButton"
            text: qsTr("Send")
            highlighted: true
            enabled: root.connected
            Layout.minimumWidth: Theme.touchTarget * 2
            Accessible.name: qsTr("Send")
            onClicked: root.submit()
        }
        TouchButton {
            id: pickImageButton
            objectName: "pickImageButton"
            text: root.kiosk ? qsTr("Share an image") : qsTr("Pick image")
            visible: !root.condensed
            enabled: root.connected
            Layout.fillWidth: root.compact
            Layout.columnSpan: root.compact && root.kiosk ? 3 : 1
            Accessible.name: qsTr("Pick image")
            onClicked: root.kiosk ? root.galleryRequested() : root.pickImageRequested()
        }
        TouchButton {
            id: galleryButton
            objectName: "galleryButton"
            text: qsTr("Gallery")
            visible: !root.kiosk && !root.condensed
            enabled: root.connected
            Layout.fillWidth: root.compact
            Accessible.name: qsTr("Gallery")
            onClicked: root.galleryRequested()
        }
        TouchButton {
            id: pasteButton
            objectName: "pasteButton"
            text: qsTr("Paste image")
            visible: !root.kiosk && !root.condensed
            enabled: root.connected
            Layout.fillWidth: root.compact
            Accessible.name: qsTr("Paste image")
            onClicked: root.pasteRequested()
        }
    }
}

// Where I type and pick what to share. Send on Enter or with Send, or live
// as I type; images come from a file, the gallery, the clipboard or a drop.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

GridLayout {
    id: root

    required property bool connected
    required property bool busy
    required property bool compact
    required property bool kiosk

    signal textSubmitted(string text)
    signal pickImageRequested
    signal galleryRequested
    signal pasteRequested

    function submit(): void {
        root.textSubmitted(messageInput.text);
        if (!liveSwitch.checked)
            messageInput.clear();
    }

    columns: root.compact ? 3 : 6
    columnSpacing: Theme.spacing
    rowSpacing: Theme.spacing

    TextField {
        id: messageInput
        objectName: "messageInput"
        placeholderText: qsTr("Type a message")
        enabled: root.connected
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
        Layout.minimumHeight: Theme.touchTarget
        Accessible.name: qsTr("Send as I type")
        Accessible.role: Accessible.CheckBox
        Accessible.onPressAction: liveSwitch.toggle()
    }
    Button {
        id: sendButton
        objectName: "sendButton"
        text: qsTr("Send")
        highlighted: true
        enabled: root.connected
        Layout.minimumHeight: Theme.touchTarget
        Layout.minimumWidth: Theme.touchTarget * 2
        Accessible.name: qsTr("Send")
        Accessible.role: Accessible.Button
        Accessible.onPressAction: sendButton.clicked()
        onClicked: root.submit()
    }
    Button {
        id: pickImageButton
        objectName: "pickImageButton"
        text: root.busy ? qsTr("Sending…") : qsTr("Pick image")
        enabled: root.connected && !root.busy
        Layout.minimumHeight: Theme.touchTarget
        Layout.fillWidth: root.compact
        Accessible.name: qsTr("Pick image")
        Accessible.role: Accessible.Button
        Accessible.onPressAction: pickImageButton.clicked()
        onClicked: root.kiosk ? root.galleryRequested() : root.pickImageRequested()
    }
    Button {
        id: galleryButton
        objectName: "galleryButton"
        text: qsTr("Gallery")
        enabled: root.connected && !root.busy
        Layout.minimumHeight: Theme.touchTarget
        Layout.fillWidth: root.compact
        Accessible.name: qsTr("Gallery")
        Accessible.role: Accessible.Button
        Accessible.onPressAction: galleryButton.clicked()
        onClicked: root.galleryRequested()
    }
    Button {
        id: pasteButton
        objectName: "pasteButton"
        text: qsTr("Paste image")
        enabled: root.connected && !root.busy
        Layout.minimumHeight: Theme.touchTarget
        Layout.fillWidth: root.compact
        Accessible.name: qsTr("Paste image")
        Accessible.role: Accessible.Button
        Accessible.onPressAction: pasteButton.clicked()
        onClicked: root.pasteRequested()
    }
}

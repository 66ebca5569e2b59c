// Which room, and who I am in it. Changes apply when editing finishes, so a
// half-typed key never joins a stray room.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

GridLayout {
    id: root

    required property string roomKey
    required property string peerName
    required property bool connected
    required property bool compact

    signal roomKeyEdited(string key)
    signal peerNameEdited(string name)

    columns: root.compact ? 1 : 2
    columnSpacing: Theme.spacing
    rowSpacing: Theme.spacing

    TextField {
        id: roomKeyField
        objectName: "roomKeyField"
        text: root.roomKey
        placeholderText: qsTr("Room key")
        inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
        Layout.fillWidth: true
        Layout.minimumHeight: Theme.touchTarget
        Accessible.name: qsTr("Room key")
        Accessible.role: Accessible.EditableText
        onEditingFinished: if (roomKeyField.text !== root.roomKey) root.roomKeyEdited(roomKeyField.text)
    }
    TextField {
        id: nameField
        objectName: "nameField"
        text: root.peerName
        placeholderText: qsTr("Your name")
        inputMethodHints: Qt.ImhNoPredictiveText
        Layout.fillWidth: true
        Layout.minimumHeight: Theme.touchTarget
        Accessible.name: qsTr("Your name")
        Accessible.role: Accessible.EditableText
        onEditingFinished: if (nameField.text !== root.peerName) root.peerNameEdited(nameField.text)
    }
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Which room, and who I am in it, with the appearance menu beside them.
// An edit applies when it is finished, and only once it is valid: a bad key
// or name is explained under its field and the room I am in stays. Limits
// are enforced as I type (the core counts bytes; the words count characters).
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import ShmBridge

RowLayout {
    id: root

    required property string roomKey
    required property string peerName
    required property string themeChoice
    readonly property bool editing: roomKeyField.activeFocus || nameField.activeFocus

    signal roomKeyEdited(string key)
    signal peerNameEdited(string name)
    signal themeChosen(string choice)

    spacing: Theme.spacing

    LabelledField {
        id: roomKeyField
        fieldName: "roomKey"
        label: qsTr("Room key")
        accessibleName: qsTr("Room key")
        problemAccessibleName: qsTr("Room key problem")
        limitBytes: InputLimits.keyBytes
        limitHint: qsTr("At most %1 letters, or %2 Chinese characters").arg(InputLimits.keyBytes).arg(Math.floor(InputLimits.keyBytes / 3))
        current: root.roomKey
        candidateProblem: InputLimits.keyProblem(candidate)
        inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.alignment: Qt.AlignTop
        onAccepted: text => root.roomKeyEdited(text)
    }
    LabelledField {
        id: nameField
        fieldName: "name"
        label: qsTr("Your name")
        accessibleName: qsTr("Your name")
        problemAccessibleName: qsTr("Your name problem")
        limitBytes: InputLimits.nameBytes
        limitHint: qsTr("At most %1 letters, or %2 Chinese characters").arg(InputLimits.nameBytes).arg(Math.floor(InputLimits.nameBytes / 3))
        current: root.peerName
        candidateProblem: InputLimits.nameProblem(candidate)
        inputMethodHints: Qt.ImhNoPredictiveText
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.alignment: Qt.AlignTop
        onAccepted: text => root.peerNameEdited(text)
    }
    ThemeMenuButton {
        choice: root.themeChoice
        // Level with the fields, whatever shows under them.
        Layout.alignment: Qt.AlignTop
        Layout.topMargin: roomKeyField.fieldTop
        onChosen: choice => root.themeChosen(choice)
    }
}

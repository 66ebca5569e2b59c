// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A text field with its label above and, under it, why what was typed is
// refused (or the limit, once typing reaches it). The field keeps what was
// typed until it is fixed or Escape restores the value in use.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ShmBridge

ColumnLayout {
    id: root

    // "roomKey" gives objectNames roomKeyField, roomKeyProblem, roomKeyLabel.
    required property string fieldName
    required property string label
    required property string accessibleName
    // The problem line's accessible name ("Room key problem").
    required property string problemAccessibleName
    required property int limitBytes
    required property string limitHint
    // The value in use; the field shows it until edited.
    required property string current
    // What is typed now, and why the core would refuse it (or ""): the user
    // binds candidateProblem to a check of candidate.
    readonly property string candidate: field.text
    required property string candidateProblem
    property alias inputMethodHints: field.inputMethodHints
    property string problem: ""
    property bool atLimit: false
    readonly property real fieldTop: field.y

    signal accepted(string text)

    function commit(): void {
        if (field.text === root.current) {
            root.problem = "";
            return;
        }
        root.problem = root.candidateProblem;
        if (root.problem === "")
            root.accepted(field.text);
    }

    spacing: 2
    onCurrentChanged: {
        field.text = root.current;
        root.problem = "";
    }

    Label {
        objectName: root.fieldName + "Label"
        text: root.label
        color: Theme.mutedText
        font.pixelSize: Theme.fontSmall
        elide: Text.ElideRight
        Layout.fillWidth: true
    }
    TextField {
        id: field
        objectName: root.fieldName + "Field"
        text: root.current
        color: Theme.text
        Layout.fillWidth: true
        Layout.minimumHeight: Theme.touchTarget
        Accessible.name: root.accessibleName
        Accessible.role: Accessible.EditableText
        onTextEdited: {
            root.problem = "";
            root.atLimit = InputLimits.utf8Bytes(field.text) >= root.limitBytes;
            if (InputLimits.utf8Bytes(field.text) > root.limitBytes) {
                const cursor = field.cursorPosition;
                field.text = InputLimits.truncated(field.text, root.limitBytes);
                field.cursorPosition = Math.min(cursor, field.text.length);
            }
        }
        onEditingFinished: root.commit()
        Keys.onEscapePressed: {
            field.text = root.current;
            root.problem = "";
            root.atLimit = false;
        }
    }
    // Text, not Label: Qt 6.4's Label overwrites Accessible.role.
    Text {
        id: problemLabel
        objectName: root.fieldName + "Problem"
        visible: root.problem !== "" || (root.atLimit && field.activeFocus)
        text: root.problem !== "" ? root.problem : root.limitHint
        color: root.problem !== "" ? Theme.error : Theme.mutedText
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.Wrap
        Layout.fillWidth: true
        Accessible.role: Accessible.StaticText
        Accessible.name: root.problemAccessibleName
        Accessible.description: root.problem
    }
}

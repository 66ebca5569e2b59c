// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Which live peers hold one of my values, in words.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls

Label {
    id: root

    // The peers' names. A var, not a list<string>: Qt 6.4's qmllint neither
    // takes a QStringList for one nor knows its Array methods.
    required property var names

    text: root.names.length > 0 ? qsTr("✓ seen by %1").arg(root.names.join(", ")) : qsTr("not seen yet")
    color: root.names.length > 0 ? Theme.live : Theme.mutedText
    font.pixelSize: Theme.fontSmall
    wrapMode: Text.Wrap
    Accessible.role: Accessible.StaticText
    Accessible.description: root.names.join(", ")
}

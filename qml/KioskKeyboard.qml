// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The on-screen keyboard of kiosk mode: docked at the bottom, shown while a
// text field has focus. Its height follows its width (the default style is
// designed at 2560 x 800), so on a short panel it is narrowed, centred, to
// leave what I am replying to and the message I type in view.
import QtQuick
import QtQuick.VirtualKeyboard

InputPanel {
    id: root

    property real availableWidth: 800
    property real maximumHeight: 480
    readonly property real designAspect: 2560 / 800

    objectName: "inputPanel"
    visible: root.active
    width: Math.min(root.availableWidth, root.maximumHeight * root.designAspect)
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("On-screen keyboard")
    Accessible.description: root.active ? "shown" : "hidden"
}

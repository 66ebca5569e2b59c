// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A Button a finger can hit and a screen reader or UI test can press: at
// least Theme.touchTarget tall, and answering the accessibility press action
// (Qt 6.4's Button does not by itself, so AT-SPI's "press" did nothing).
// Set Accessible.name where the label alone would not say what it does.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Button {
    id: control
    Layout.minimumHeight: Theme.touchTarget
    Accessible.role: Accessible.Button
    Accessible.onPressAction: control.clicked()
}

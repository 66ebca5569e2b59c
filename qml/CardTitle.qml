// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Whose card or detail this is: large, bold, cut short with … when narrow.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Label {
    color: Theme.text
    font.pixelSize: Theme.fontLarge
    font.bold: true
    elide: Text.ElideRight
    Layout.fillWidth: true
}

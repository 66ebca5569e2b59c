// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Whether a peer is in the room ("live") or has left, in words and colour.
import QtQuick
import QtQuick.Controls

Label {
    required property bool live

    text: live ? qsTr("live") : qsTr("left")
    color: live ? Theme.live : Theme.left
    font.pixelSize: Theme.fontSmall
}

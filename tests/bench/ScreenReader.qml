// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The bench's on-screen reader: a peer's image shown the way the app shows
// it, an Image on the bridge's image provider: filling the window as the
// detail view does at 1:1, or, with cardWidth, as a card does (CardImage:
// at most 240 high, loaded at the size shown).
import QtQuick

Rectangle {
    id: root

    property alias source: shown.source
    property int cardWidth: 0

    color: "black"

    Image {
        id: shown
        anchors.centerIn: parent
        width: root.cardWidth > 0 ? root.cardWidth : root.width
        height: root.cardWidth > 0 ? Math.min(240, root.cardWidth * 9 / 16) : root.height
        sourceSize: root.cardWidth > 0 ? Qt.size(shown.width, shown.height) : undefined
        fillMode: Image.PreserveAspectFit
        asynchronous: false
        cache: false
        smooth: true
    }
}

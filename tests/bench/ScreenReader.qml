// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The bench's on-screen reader: a peer's image shown the way the app shows
// it, from the bridge's image provider: as the detail view does zoomed to
// 1:1 (a TiledImage, centred, of which the window shows the middle, or
// dragged by pan), or,
// with cardWidth, as a card does (CardImage: an Image at most 240 high,
// loaded at the size shown).
import QtQuick
import ShmBridgeView

Rectangle {
    id: root

    property string source
    property int cardWidth: 0
    // How far the detail is dragged from the centre of the frame.
    property point pan: Qt.point(0, 0)

    color: "black"

    TiledImage {
        id: detail
        objectName: "detail"
        visible: root.cardWidth === 0
        source: detail.visible ? root.source : ""
        width: detail.loadedSize.width
        height: detail.loadedSize.height
        x: Math.round((root.width - detail.width) / 2 - root.pan.x)
        y: Math.round((root.height - detail.height) / 2 - root.pan.y)
        visibleArea: Qt.rect(-detail.x, -detail.y, root.width, root.height)
    }
    Image {
        id: card
        visible: root.cardWidth > 0
        source: card.visible ? root.source : ""
        anchors.centerIn: parent
        width: root.cardWidth
        height: Math.min(240, root.cardWidth * 9 / 16)
        sourceSize: Qt.size(card.width, card.height)
        fillMode: Image.PreserveAspectFit
        asynchronous: false
        cache: false
        smooth: true
    }
}

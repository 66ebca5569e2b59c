// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A card's picture: as wide as the card, at most Theme.cardImageHeight high,
// and loaded at that size (sourceSize, in device pixels), so a 3840 × 2160
// frame costs a thumbnail's texture each time it changes, not 33 MB.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts

Image {
    id: root

    // The image (a bridge's imageSource) and its own size.
    required property string imageSource
    required property int imageWidth
    required property int imageHeight
    readonly property real shownHeight: root.imageSource === "" ? 0
            : Math.min(Theme.cardImageHeight, root.width * root.imageHeight / Math.max(1, root.imageWidth))

    // Nothing is loaded before the card has its width: a load at no size
    // would be a load at full size.
    source: root.width > 0 ? root.imageSource : ""
    sourceSize.width: Math.ceil(root.width * Screen.devicePixelRatio)
    sourceSize.height: Math.ceil(root.shownHeight * Screen.devicePixelRatio)
    visible: root.imageSource !== ""
    fillMode: Image.PreserveAspectFit
    asynchronous: false
    cache: false
    smooth: true
    Layout.fillWidth: true
    Layout.preferredHeight: root.shownHeight
    Accessible.role: Accessible.Graphic
    Accessible.description: root.imageSource !== "" ? root.imageWidth + "x" + root.imageHeight : ""
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// An image, fitted (loaded at the size shown) or at full resolution: pinch
// (or Ctrl+wheel, or the buttons) to zoom, drag to pan, double-tap to switch
// between "fit" and 1:1. Zoomed in, only the part in view is uploaded
// (TiledImage). While the image fits, drags fall through to whatever scrolls
// around it.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ShmBridgeView

ColumnLayout {
    id: root

    required property string source
    required property int imageWidth
    required property int imageHeight

    readonly property real fitZoom: root.imageWidth > 0 && root.imageHeight > 0
                                    ? Math.min(1, viewport.width / root.imageWidth, viewport.height / root.imageHeight) : 1
    // Fitted, the zoom follows the viewport; zoomed, it stays where it was put.
    property bool fitted: true
    property real chosenZoom: 1
    readonly property real zoom: root.fitted ? root.fitZoom : root.chosenZoom
    readonly property real maximumZoom: 8
    // The fraction of the frame's size it is loaded at, zoomed out but not fitted.
    readonly property real sourceLevel: Math.min(1, Math.pow(2, Math.ceil(Math.log2(Math.max(root.zoom, 1 / 64)))))

    // Zooms to level, keeping the point (x, y) of the viewport where it is.
    function zoomTo(level: real, x: real, y: real): void {
        const next = Math.max(root.fitZoom, Math.min(root.maximumZoom, level));
        const imageX = (flick.contentX + x) / root.zoom;
        const imageY = (flick.contentY + y) / root.zoom;
        root.chosenZoom = next;
        root.fitted = next === root.fitZoom;
        flick.contentX = Math.max(0, Math.min(flick.contentWidth - flick.width, imageX * next - x));
        flick.contentY = Math.max(0, Math.min(flick.contentHeight - flick.height, imageY * next - y));
    }

    function fit(): void {
        root.fitted = true;
    }

    onSourceChanged: if (root.zoom < root.fitZoom) root.fit()

    spacing: Theme.spacing

    PinchArea {
        id: viewport
        property real zoomAtStart: 1
        Layout.fillWidth: true
        Layout.fillHeight: true
        pinch.dragAxis: Pinch.NoDrag
        onPinchStarted: viewport.zoomAtStart = root.zoom
        onPinchUpdated: pinch => root.zoomTo(viewport.zoomAtStart * pinch.scale, pinch.center.x, pinch.center.y)

        Rectangle {
            anchors.fill: parent
            color: Theme.track
            radius: Theme.radius
        }

        Flickable {
            id: flick
            anchors.fill: parent
            clip: true
            contentWidth: Math.max(flick.width, root.imageWidth * root.zoom)
            contentHeight: Math.max(flick.height, root.imageHeight * root.zoom)
            interactive: root.imageWidth * root.zoom > flick.width + 1 || root.imageHeight * root.zoom > flick.height + 1
            boundsBehavior: Flickable.StopAtBounds

            TiledImage {
                id: image
                objectName: "detailImagePixels"
                source: root.source
                width: root.imageWidth * root.zoom
                height: root.imageHeight * root.zoom
                x: Math.max(0, (flick.contentWidth - width) / 2)
                y: Math.max(0, (flick.contentHeight - height) / 2)
                // Only the tiles in view are uploaded, each new frame.
                visibleArea: Qt.rect(flick.contentX - image.x, flick.contentY - image.y, flick.width, flick.height)
                // Fitted, it loads at the size it is shown (the provider
                // scales the frame). Zoomed out, at the next power of two
                // above the zoom, so that a pinch asks for few sizes and
                // the GPU never shrinks a frame by more than half; zoomed
                // in, the frame itself.
                sourceSize: root.fitted && root.zoom < 1
                            ? Qt.size(Math.ceil(image.width * Screen.devicePixelRatio), Math.ceil(image.height * Screen.devicePixelRatio))
                            : root.zoom < 1
                              ? Qt.size(Math.ceil(root.imageWidth * root.sourceLevel), Math.ceil(root.imageHeight * root.sourceLevel))
                              : undefined
            }
            // In the content, so the Flickable still takes drags from it.
            MouseArea {
                width: flick.contentWidth
                height: flick.contentHeight
                onDoubleClicked: mouse => {
                    const x = mouse.x - flick.contentX;
                    const y = mouse.y - flick.contentY;
                    if (root.fitted)
                        root.zoomTo(root.fitZoom < 0.99 ? 1 : 2 * root.fitZoom, x, y);
                    else
                        root.fit();
                }
                onWheel: wheel => {
                    wheel.accepted = (wheel.modifiers & Qt.ControlModifier) !== 0;
                    if (wheel.accepted)
                        root.zoomTo(root.zoom * (wheel.angleDelta.y > 0 ? 1.25 : 0.8), wheel.x - flick.contentX, wheel.y - flick.contentY);
                }
            }

            ScrollBar.vertical: ScrollBar { policy: flick.interactive ? ScrollBar.AsNeeded : ScrollBar.AlwaysOff }
            ScrollBar.horizontal: ScrollBar { policy: flick.interactive ? ScrollBar.AsNeeded : ScrollBar.AlwaysOff }
        }
    }

    RowLayout {
        spacing: Theme.spacing
        Layout.fillWidth: true

        Label {
            text: qsTr("%1 × %2 · %3%").arg(root.imageWidth).arg(root.imageHeight).arg(Math.round(root.zoom * 100))
            color: Theme.mutedText
            font.pixelSize: Theme.fontSmall
            Layout.fillWidth: true
        }
        TouchButton {
            id: zoomOutButton
            objectName: "zoomOutButton"
            text: "−"
            enabled: root.zoom > root.fitZoom
            Layout.minimumWidth: Theme.touchTarget
            Accessible.name: qsTr("Zoom out")
            onClicked: root.zoomTo(root.zoom / 1.5, viewport.width / 2, viewport.height / 2)
        }
        TouchButton {
            id: zoomFitButton
            objectName: "zoomFitButton"
            text: qsTr("Fit")
            enabled: !root.fitted
            Accessible.name: qsTr("Fit image")
            onClicked: root.fit()
        }
        TouchButton {
            id: zoomInButton
            objectName: "zoomInButton"
            text: "+"
            enabled: root.zoom < root.maximumZoom
            Layout.minimumWidth: Theme.touchTarget
            Accessible.name: qsTr("Zoom in")
            onClicked: root.zoomTo(root.zoom * 1.5, viewport.width / 2, viewport.height / 2)
        }
    }
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The built-in sample images: the kiosk's picker, where no file dialog is.
// Sized to its images and to the window, so it fits a 7" panel.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Popup {
    id: root

    // The images' URLs (a var for Qt 6.4's qmllint, as SeenByLabel's names).
    required property var images

    readonly property real gridWidth: Math.min(parent ? parent.width - 2 * Theme.margin : 640, 760) - 2 * root.padding
    readonly property int columns: Math.max(1, Math.min(root.images.length, Math.floor(root.gridWidth / 150)))
    readonly property int rows: Math.ceil(root.images.length / root.columns)
    readonly property real cellWidth: Math.floor(root.gridWidth / root.columns)
    readonly property real cellHeight: Math.round(root.cellWidth * 0.75) + 28

    signal imageChosen(string url)

    objectName: "galleryPopup"
    modal: true
    focus: true
    padding: Theme.margin
    anchors.centerIn: Overlay.overlay
    width: root.gridWidth + 2 * root.padding
    height: Math.min(parent ? parent.height - 2 * Theme.margin : 480, header.implicitHeight + Theme.spacing + root.rows * root.cellHeight + 2 * root.padding)

    background: Rectangle {
        color: Theme.card
        border.color: Theme.cardBorder
        radius: Theme.radius
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        RowLayout {
            id: header
            Layout.fillWidth: true
            Label {
                text: qsTr("Gallery")
                color: Theme.text
                font.pixelSize: Theme.fontLarge
                font.bold: true
                Layout.fillWidth: true
            }
            TouchButton {
                id: closeGalleryButton
                objectName: "closeGalleryButton"
                text: qsTr("Close")
                flat: true
                Accessible.name: qsTr("Close gallery")
                onClicked: root.close()
            }
        }
        GridView {
            id: grid
            clip: true
            cellWidth: root.cellWidth
            cellHeight: root.cellHeight
            model: root.images
            boundsBehavior: Flickable.StopAtBounds
            Layout.fillWidth: true
            Layout.fillHeight: true
            ScrollBar.vertical: ScrollBar {}

            delegate: ItemDelegate {
                id: thumbnail

                required property string modelData
                readonly property string baseName: thumbnail.modelData.substring(thumbnail.modelData.lastIndexOf("/") + 1).replace(/\.[^.]*$/, "")

                objectName: "galleryImage_" + thumbnail.baseName
                width: grid.cellWidth - Theme.spacing
                height: grid.cellHeight - Theme.spacing
                Accessible.name: qsTr("Share %1").arg(thumbnail.baseName)
                Accessible.onPressAction: thumbnail.clicked()
                onClicked: {
                    root.imageChosen(thumbnail.modelData);
                    root.close();
                }

                contentItem: ColumnLayout {
                    Image {
                        source: thumbnail.modelData
                        sourceSize.width: 240
                        fillMode: Image.PreserveAspectFit
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                    }
                    Label {
                        text: thumbnail.baseName
                        color: Theme.text
                        horizontalAlignment: Text.AlignHCenter
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                }
            }
        }
    }
}

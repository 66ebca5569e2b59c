// The built-in sample images: the kiosk's picker, where no file dialog is.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Popup {
    id: root

    required property list<string> images

    signal imageChosen(string url)

    objectName: "galleryPopup"
    modal: true
    focus: true
    padding: Theme.margin
    anchors.centerIn: Overlay.overlay
    width: Math.min(parent ? parent.width - 2 * Theme.margin : 640, 720)
    height: Math.min(parent ? parent.height - 2 * Theme.margin : 480, 560)

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            Label {
                text: qsTr("Gallery")
                font.pixelSize: Theme.fontLarge
                font.bold: true
                Layout.fillWidth: true
            }
            Button {
                id: closeGalleryButton
                objectName: "closeGalleryButton"
                text: qsTr("Close")
                flat: true
                Layout.minimumHeight: Theme.touchTarget
                Accessible.name: qsTr("Close gallery")
                Accessible.onPressAction: closeGalleryButton.clicked()
                onClicked: root.close()
            }
        }
        GridView {
            id: grid
            clip: true
            cellWidth: Math.floor(width / Math.max(1, Math.floor(width / 160)))
            cellHeight: 140
            model: root.images
            Layout.fillWidth: true
            Layout.fillHeight: true

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
                        sourceSize.width: 200
                        fillMode: Image.PreserveAspectFit
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                    }
                    Label {
                        text: thumbnail.baseName
                        horizontalAlignment: Text.AlignHCenter
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                }
            }
        }
    }
}

// The window: room bar, errors, peers, composer and status, in one column
// that works from 480 x 800 portrait to 1920 x 1080 landscape.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Qt.labs.settings
import ShmBridge

ApplicationWindow {
    id: root

    readonly property bool compact: root.width < 720

    objectName: "mainWindow"
    // With no window manager (a kiosk), only an explicit size fills the screen.
    width: LaunchOptions.fullscreen ? Screen.width : 1024
    height: LaunchOptions.fullscreen ? Screen.height : 720
    minimumWidth: 360
    minimumHeight: 480
    visible: true
    visibility: LaunchOptions.fullscreen ? Window.FullScreen : Window.AutomaticVisibility
    title: qsTr("ShmBridge — %1 in room %2").arg(bridge.name).arg(bridge.key)
    color: Theme.background

    Settings {
        id: settings
        category: "room"
        property string roomKey: "demo"
        property string peerName: ""
    }

    SharedMemoryBridge {
        id: bridge
        objectName: "bridge"
        key: LaunchOptions.key !== "" ? LaunchOptions.key : settings.roomKey
        name: LaunchOptions.name !== "" ? LaunchOptions.name : settings.peerName !== "" ? settings.peerName : LaunchOptions.defaultName
        autoRejoin: LaunchOptions.kiosk
    }

    FileDialog {
        id: imageDialog
        objectName: "imageDialog"
        title: qsTr("Pick an image to share")
        nameFilters: [qsTr("Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.ppm)"), qsTr("All files (*)")]
        onAccepted: bridge.writeImage(imageDialog.selectedFile)
    }

    GalleryPopup {
        id: gallery
        images: LaunchOptions.galleryImages
        onImageChosen: url => bridge.writeImage(url)
    }

    DropArea {
        id: dropArea
        objectName: "dropArea"
        anchors.fill: parent
        keys: ["text/uri-list"]
        onDropped: drop => {
            if (drop.hasUrls && drop.urls.length > 0) {
                bridge.writeImage(drop.urls[0]);
                drop.acceptProposedAction();
            }
        }
    }

    Shortcut {
        sequences: [StandardKey.Paste]
        onActivated: bridge.writeClipboardImage()
    }

    Shortcut {
        sequence: "Ctrl+Q"
        onActivated: root.close()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        anchors.bottomMargin: Theme.margin + (keyboard.item ? keyboard.item.height * (keyboard.item.visible ? 1 : 0) : 0)
        spacing: Theme.spacing

        RoomBar {
            roomKey: bridge.key
            peerName: bridge.name
            connected: bridge.connected
            compact: root.compact
            Layout.fillWidth: true
            onRoomKeyEdited: key => {
                settings.roomKey = key;
                bridge.key = key;
            }
            onPeerNameEdited: name => {
                settings.peerName = name;
                bridge.name = name;
            }
        }

        ErrorBanner {
            message: bridge.lastError
            Layout.fillWidth: true
            onDismissed: bridge.clearError()
        }

        PeerPanel {
            peers: bridge.peers
            showSeen: bridge.lastSequence > 0
            Layout.fillWidth: true
            Layout.fillHeight: true
        }

        Composer {
            connected: bridge.connected
            busy: bridge.busy
            compact: root.compact
            kiosk: LaunchOptions.kiosk
            Layout.fillWidth: true
            onTextSubmitted: text => bridge.writeText(text)
            onPickImageRequested: imageDialog.open()
            onGalleryRequested: gallery.open()
            onPasteRequested: bridge.writeClipboardImage()
        }

        StatusBar {
            roomKey: bridge.key
            peerName: bridge.name
            connected: bridge.connected
            peerCount: bridge.peerCount
            lastLatencyUs: bridge.lastLatencyUs
            seenByCount: bridge.seenByCount
            lastSentKind: bridge.lastSentKind
            Layout.fillWidth: true
        }
    }

    Loader {
        id: keyboard
        active: LaunchOptions.kiosk
        source: "KioskKeyboard.qml"
        width: parent.width
        anchors.bottom: parent.bottom
    }
}

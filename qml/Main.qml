// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The window: room bar, errors, the peers (or one peer in detail), composer
// and status, in one column that works from 480 x 800 portrait to 1920 x 1080
// landscape, and on a 7" kiosk panel with the on-screen keyboard up.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Dialogs
import QtQuick.Layouts
import ShmBridge
import ShmBridgeApp

ApplicationWindow {
    id: root

    readonly property bool compact: root.width < 720
    readonly property bool keyboardOpen: keyboard.item !== null && (keyboard.item as KioskKeyboard).active
    // The row of the peer shown in detail, or -1 for the room.
    property int detailRow: -1
    // Set when kiosk mode's on-screen keyboard cannot load: without it a
    // touch-only panel cannot type, so the person at it is told why.
    property string keyboardError: ""

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

    // Controls draw in the theme's colours in either style the app may run
    // with (Material by default, Basic in tests).
    Material.theme: Theme.dark ? Material.Dark : Material.Light
    Material.accent: Theme.accent
    Material.background: Theme.background
    Material.foreground: Theme.text
    palette.window: Theme.background
    palette.windowText: Theme.text
    palette.base: Theme.card
    palette.text: Theme.text
    palette.button: Theme.card
    palette.buttonText: Theme.text
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.textOnAccent
    palette.placeholderText: Theme.mutedText

    AppSettings {
        id: settings
        category: "room"
        property string roomKey: "demo"
        property string peerName: ""
    }
    AppSettings {
        id: appearance
        category: "appearance"
        property string theme: "system"
    }
    // --theme for this run, else the last one chosen in the menu.
    Component.onCompleted: Theme.choose(LaunchOptions.theme !== "" ? LaunchOptions.theme : appearance.theme)

    SharedMemoryBridge {
        id: bridge
        objectName: "bridge"
        key: LaunchOptions.key !== "" ? LaunchOptions.key : settings.roomKey
        name: LaunchOptions.name !== "" ? LaunchOptions.name : settings.peerName !== "" ? settings.peerName : LaunchOptions.defaultName
        autoRejoin: LaunchOptions.kiosk
        keepLeft: LaunchOptions.keepLeft
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
        // qmllint disable unqualified
        sequences: [StandardKey.Paste] // Qt 6.4's qmllint does not know QtQuick's StandardKey
        // qmllint enable unqualified
        enabled: !LaunchOptions.kiosk
        onActivated: bridge.writeClipboardImage()
    }

    Shortcut {
        sequence: "Ctrl+Q"
        onActivated: root.close()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: root.keyboardOpen ? Theme.spacing : Theme.margin
        anchors.bottomMargin: (root.keyboardOpen ? Theme.spacing : Theme.margin) + (root.keyboardOpen ? (keyboard.item as KioskKeyboard).height : 0)
        spacing: Theme.spacing

        RoomBar {
            id: roomBar
            // With the keyboard up, only while I am editing it.
            visible: !root.keyboardOpen || roomBar.editing
            roomKey: bridge.key
            peerName: bridge.name
            themeChoice: Theme.choice
            Layout.fillWidth: true
            onRoomKeyEdited: key => {
                bridge.key = key;
                if (bridge.key === key)
                    settings.roomKey = key;
            }
            onPeerNameEdited: name => {
                bridge.name = name;
                if (bridge.name === name)
                    settings.peerName = name;
            }
            onThemeChosen: choice => {
                if (Theme.choose(choice))
                    appearance.theme = choice;
            }
        }

        // One banner, one message at a time: the room's error first, then a
        // keyboard that could not load. Dismissing shows the next.
        ErrorBanner {
            message: bridge.lastError !== "" ? bridge.lastError : root.keyboardError
            Layout.fillWidth: true
            onDismissed: {
                if (bridge.lastError !== "")
                    bridge.clearError();
                else
                    root.keyboardError = "";
            }
        }

        StackLayout {
            currentIndex: root.detailRow >= 0 ? 1 : 0
            Layout.fillWidth: true
            Layout.fillHeight: true

            PeerPanel {
                peers: bridge.peers
                me: bridge.me
                myName: bridge.name
                showSeen: bridge.lastSequence > 0
                onPeerOpened: row => root.detailRow = row
            }
            PeerDetail {
                peers: bridge.peers
                me: bridge.me
                row: root.detailRow
                onBack: root.detailRow = -1
            }
        }

        Composer {
            id: composer
            connected: bridge.connected
            busy: bridge.busy
            sendingWhat: bridge.sendingWhat
            compact: root.compact
            kiosk: LaunchOptions.kiosk
            condensed: root.keyboardOpen
            Layout.fillWidth: true
            onTextSubmitted: text => bridge.writeText(text)
            onPickImageRequested: imageDialog.open()
            onGalleryRequested: gallery.open()
            onPasteRequested: bridge.writeClipboardImage()
        }

        StatusBar {
            visible: !root.keyboardOpen
            roomKey: bridge.key
            peerName: bridge.name
            connected: bridge.connected
            peerCount: bridge.peerCount
            leftCount: bridge.leftCount
            lastLatencyUs: bridge.lastLatencyUs
            seenByCount: bridge.seenByCount
            lastSentKind: bridge.lastSentKind
            roomHome: bridge.roomHome
            roomHomeIsPrivate: bridge.roomHomeIsPrivate
            Layout.fillWidth: true
        }
    }

    // By URL, not by type: a desktop without the virtual keyboard module
    // must still load Main.qml.
    // The Loader takes its size from the keyboard, which sizes itself.
    Loader {
        id: keyboard
        active: LaunchOptions.kiosk
        anchors.bottom: parent.bottom
        anchors.horizontalCenter: parent.horizontalCenter
        source: "KioskKeyboard.qml"
        // The Loader keeps no error text; compiling again says which module
        // is missing (e.g. Qt.labs.folderlistmodel, which the keyboard's own
        // QML imports), and that is what a person can act on.
        onStatusChanged: {
            if (keyboard.status !== Loader.Error)
                return;
            const details = Qt.createComponent(keyboard.source).errorString();
            const missing = details.match(/module "[^"]+" is not installed/);
            root.keyboardError = qsTr("The on-screen keyboard cannot be shown: %1. Install the packages shmbridge depends on (apt install shmbridge, or scripts/setup.sh from source).")
                    .arg(missing ? missing[0] : details.trim().split("\n")[0]);
        }
    }
    Binding {
        when: keyboard.status === Loader.Ready
        target: keyboard.item
        property: "availableWidth"
        value: root.width
    }
    Binding {
        when: keyboard.status === Loader.Ready
        target: keyboard.item
        property: "maximumHeight"
        // What is left once the peers keep their share, and the composer
        // (as tall as the style draws its message field: 48 px in Qt 6.4's
        // Material, 56 in 6.8's) and the margins theirs.
        value: root.height * (1 - Theme.keyboardOpenContentShare) - composer.implicitHeight - 3 * Theme.spacing
    }
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Me and every other peer of the room, as cards in as many columns as the
// width allows (MasonryLayout: each card under the shortest column, so a
// tall card leaves no hole beside it). Scrolls by touch, wheel and keyboard (arrows,
// Page Up/Down, Home/End) with a scroll bar, for rooms of up to 32 peers.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import ShmBridge
import ShmBridgeView

Flickable {
    id: root

    required property PeerModel peers
    required property MyValues me
    required property string myName
    required property bool showSeen

    readonly property alias columns: cards.columns

    signal peerOpened(int row)

    function scrollBy(pixels: real): void {
        root.contentY = Math.max(0, Math.min(root.contentHeight - root.height, root.contentY + pixels));
    }

    objectName: "peerList"
    clip: true
    contentWidth: root.width
    contentHeight: cards.implicitHeight
    boundsBehavior: Flickable.StopAtBounds
    activeFocusOnTab: true
    Accessible.role: Accessible.List
    Accessible.name: qsTr("Peers")
    Accessible.description: root.peers.count + " peers"

    Keys.onUpPressed: root.scrollBy(-Theme.touchTarget)
    Keys.onDownPressed: root.scrollBy(Theme.touchTarget)
    Keys.onPressed: event => {
        if (event.key === Qt.Key_PageDown || event.key === Qt.Key_Space)
            root.scrollBy(root.height * 0.9);
        else if (event.key === Qt.Key_PageUp)
            root.scrollBy(-root.height * 0.9);
        else if (event.key === Qt.Key_Home)
            root.contentY = 0;
        else if (event.key === Qt.Key_End)
            root.scrollBy(root.contentHeight);
        else
            return;
        event.accepted = true;
    }

    ScrollBar.vertical: ScrollBar {
        objectName: "peerScrollBar"
        policy: root.contentHeight > root.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
        minimumSize: 0.08
    }

    MasonryLayout {
        id: cards
        objectName: "peerCards"
        // A gutter for the scroll bar, always: a bar that appears must not
        // re-wrap every card.
        width: root.width - Theme.margin
        height: cards.implicitHeight
        minimumColumnWidth: Theme.cardMinimumWidth
        spacing: Theme.spacing

        SelfCard {
            me: root.me
            name: root.myName
            visible: root.me.hasAny
        }

        Repeater {
            model: root.peers

            PeerCard {
                id: card
                required property int index
                showSeen: root.showSeen
                onOpened: root.peerOpened(card.index)
            }
        }
    }

    // Under my own card, once there is one.
    Label {
        x: (root.width - width) / 2
        y: root.me.hasAny ? cards.implicitHeight + Theme.margin : (root.height - height) / 2
        width: Math.min(implicitWidth, root.width)
        visible: root.peers.count === 0
        text: qsTr("Nobody else is here yet.\nStart another ShmBridge with the same room key.")
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: Theme.mutedText
        font.pixelSize: Theme.fontNormal
    }
}

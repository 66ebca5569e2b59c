// Every other peer of the room, in as many columns as the width allows.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import ShmBridge

ScrollView {
    id: root

    required property PeerModel peers
    required property bool showSeen

    readonly property int columns: Math.max(1, Math.floor(root.availableWidth / Theme.cardMinimumWidth))

    objectName: "peerPanel"
    clip: true
    contentWidth: availableWidth

    Label {
        anchors.centerIn: parent
        visible: root.peers.count === 0
        text: qsTr("Nobody else is here yet.\nStart another ShmBridge with the same room key.")
        horizontalAlignment: Text.AlignHCenter
        color: Theme.mutedText
        font.pixelSize: Theme.fontNormal
    }

    Flow {
        id: cards
        width: root.availableWidth
        spacing: Theme.spacing

        Repeater {
            model: root.peers

            PeerCard {
                width: (cards.width - (root.columns - 1) * cards.spacing) / root.columns
                showSeen: root.showSeen
            }
        }
    }
}

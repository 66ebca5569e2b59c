// Me and every other peer of the room, as cards in as many columns as the
// width allows. Each card goes under the shortest column, so a tall card
// leaves no hole beside it. Scrolls by touch, wheel and keyboard (arrows,
// Page Up/Down, Home/End) with a scroll bar, for rooms of up to 32 peers.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import ShmBridge

Flickable {
    id: root

    required property PeerModel peers
    required property MyValues me
    required property string myName
    required property bool showSeen

    // A gutter for the scroll bar, always: a bar that appears must not
    // re-wrap every card.
    readonly property real usableWidth: root.width - Theme.margin
    readonly property int columns: Math.max(1, Math.floor((root.usableWidth + Theme.spacing) / (Theme.cardMinimumWidth + Theme.spacing)))
    readonly property real columnWidth: (root.usableWidth - (root.columns - 1) * Theme.spacing) / root.columns

    signal peerOpened(int row)

    function relayout(): void {
        const heights = new Array(root.columns).fill(0);
        const place = card => {
            if (!card || !card.visible)
                return;
            let column = 0;
            for (let i = 1; i < heights.length; ++i) {
                if (heights[i] < heights[column] - 0.5)
                    column = i;
            }
            card.x = column * (root.columnWidth + Theme.spacing);
            card.y = heights[column];
            heights[column] += card.height + Theme.spacing;
        };
        place(selfCard);
        for (let i = 0; i < cardRepeater.count; ++i)
            place(cardRepeater.itemAt(i));
        cards.height = Math.max(0, Math.max(...heights) - Theme.spacing);
    }

    function scrollBy(pixels: real): void {
        root.contentY = Math.max(0, Math.min(root.contentHeight - root.height, root.contentY + pixels));
    }

    objectName: "peerList"
    clip: true
    contentWidth: root.width
    contentHeight: cards.height
    boundsBehavior: Flickable.StopAtBounds
    activeFocusOnTab: true
    Accessible.role: Accessible.List
    Accessible.name: "Peers"
    Accessible.description: root.peers.count + " peers"

    onColumnsChanged: Qt.callLater(root.relayout)
    onWidthChanged: Qt.callLater(root.relayout)
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

    Item {
        id: cards
        width: root.usableWidth

        SelfCard {
            id: selfCard
            me: root.me
            name: root.myName
            visible: root.me.hasAny
            width: root.columnWidth
            onHeightChanged: root.relayout()
            onVisibleChanged: root.relayout()
        }

        Repeater {
            id: cardRepeater
            model: root.peers
            onItemAdded: Qt.callLater(root.relayout)
            onItemRemoved: Qt.callLater(root.relayout)

            PeerCard {
                id: card
                required property int index
                width: root.columnWidth
                showSeen: root.showSeen
                onHeightChanged: root.relayout()
                onOpened: root.peerOpened(card.index)
            }
        }
    }

    // Under my own card, once there is one.
    Label {
        x: (root.width - width) / 2
        y: root.me.hasAny ? cards.height + Theme.margin : (root.height - height) / 2
        width: Math.min(implicitWidth, root.width)
        visible: root.peers.count === 0
        text: qsTr("Nobody else is here yet.\nStart another ShmBridge with the same room key.")
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: Theme.mutedText
        font.pixelSize: Theme.fontNormal
    }
}

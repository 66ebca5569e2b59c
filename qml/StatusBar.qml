// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Room, connection, the latency of the last update received, and how many
// peers are here and how many have left (the newest to leave keep their
// cards). Where the room's files live shows on hover, and in the text when
// other users can fill it.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

RowLayout {
    id: root

    required property string roomKey
    required property string peerName
    required property bool connected
    required property int peerCount
    required property int leftCount
    required property real lastLatencyUs
    required property int seenByCount
    required property string lastSentKind
    required property string roomHome
    required property bool roomHomeIsPrivate


    function formatLatency(us: real): string {
        if (us <= 0)
            return qsTr("no updates yet");
        if (us < 1000)
            return qsTr("last update %1 µs").arg(Math.round(us));
        return qsTr("last update %1 ms").arg((us / 1000).toFixed(1));
    }

    spacing: Theme.spacing

    // Text, not Label: Qt 6.4's Label overwrites Accessible.role.
    Text {
        id: statusLabel
        objectName: "statusLabel"
        text: root.connected
              ? qsTr("Room “%1” as %2 · %3%4").arg(root.roomKey).arg(root.peerName).arg(root.formatLatency(root.lastLatencyUs))
                .arg(root.lastSentKind !== "" ? qsTr(" · my %1 seen by %2").arg(Kinds.word(root.lastSentKind)).arg(root.seenByCount) : "")
                + (root.roomHomeIsPrivate ? "" : qsTr(" · in shared /dev/shm"))
              : qsTr("Not connected")
        color: Theme.mutedText
        font.pixelSize: Theme.fontSmall
        elide: Text.ElideRight
        Layout.fillWidth: true
        Accessible.role: Accessible.StatusBar
        Accessible.name: qsTr("Status")
        Accessible.description: statusLabel.text

        HoverHandler {
            id: statusHover
        }
        ToolTip.visible: statusHover.hovered && root.roomHome !== ""
        ToolTip.text: root.roomHomeIsPrivate ? qsTr("Rooms live in %1, which only you can enter.").arg(root.roomHome)
                                             : qsTr("Rooms live in %1, in /dev/shm, which other users can fill: "
                                                    + "this session has no runtime directory (XDG_RUNTIME_DIR).").arg(root.roomHome)
    }
    Label {
        id: peerCountLabel
        objectName: "peerCountLabel"
        text: root.leftCount > 0 ? qsTr("%n peer(s) here", "", root.peerCount) + " · " + qsTr("%n left", "", root.leftCount)
                                 : qsTr("%n peer(s) here", "", root.peerCount)
        color: Theme.text
        font.pixelSize: Theme.fontSmall
        font.bold: true
        Accessible.role: Accessible.StaticText
        Accessible.name: qsTr("Peer count")
        Accessible.description: String(root.peerCount)
    }
}

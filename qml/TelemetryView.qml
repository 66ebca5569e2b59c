// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A peer's telemetry as numbers with a small bar gauge per value. Each value
// has its own scale (its largest magnitude over the last minute), so an
// uptime of 86400 does not flatten six joint angles beside it. Names are
// shown in full unless the card is narrower than they are.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: root

    required property var values
    required property var names
    // Per value, the magnitude that fills half a bar; missing or 0: its own.
    required property var scales

    // Every name column is as wide as the widest name; on a narrow card the
    // layout shrinks it (names elide) before the bars vanish.
    readonly property real nameWidth: {
        let widest = 0;
        for (let i = 0; i < root.values.length; ++i)
            widest = Math.max(widest, nameMetrics.advanceWidth(root.nameOf(i)));
        return Math.ceil(widest);
    }

    function nameOf(index: int): string {
        return root.names.length > index ? root.names[index] : "#" + (index + 1);
    }

    function scaleOf(index: int): real {
        const own = Math.abs(root.values[index]);
        const scale = root.scales.length > index ? Math.max(root.scales[index], own) : own;
        return scale > 0 ? scale : 1;
    }

    spacing: 2

    FontMetrics {
        id: nameMetrics
        font.pixelSize: Theme.fontSmall
    }

    Repeater {
        model: root.values.length

        RowLayout {
            id: valueRow

            required property int index
            readonly property real value: root.values[valueRow.index]
            readonly property real scale: root.scaleOf(valueRow.index)

            spacing: Theme.spacing
            Layout.fillWidth: true

            Label {
                text: root.nameOf(valueRow.index)
                color: Theme.mutedText
                font.pixelSize: Theme.fontSmall
                elide: Text.ElideRight
                Layout.preferredWidth: root.nameWidth
                Layout.minimumWidth: Math.min(root.nameWidth, 40)
            }
            Item {
                Layout.fillWidth: true
                Layout.minimumWidth: 32
                Layout.preferredWidth: 120
                implicitHeight: 12

                Rectangle {
                    anchors.fill: parent
                    color: Theme.track
                    radius: 3
                }
                Rectangle {
                    readonly property real half: parent.width / 2
                    readonly property real extent: Math.min(1, Math.abs(valueRow.value) / valueRow.scale) * half
                    x: valueRow.value >= 0 ? half : half - extent
                    width: extent
                    height: parent.height
                    radius: 3
                    color: Theme.accent
                }
                Rectangle {
                    x: parent.width / 2
                    width: 1
                    height: parent.height
                    color: Theme.cardBorder
                }
            }
            Label {
                text: Number(valueRow.value).toLocaleString(Qt.locale("C"), "g", 6)
                color: Theme.text
                font.pixelSize: Theme.fontSmall
                font.family: "monospace"
                horizontalAlignment: Text.AlignRight
                Layout.preferredWidth: 80
            }
        }
    }
}

// A peer's telemetry as numbers with a small bar gauge per value. Bars are
// scaled to the largest magnitude in the vector, so six joint angles or
// three accelerations read at a glance.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: root

    required property var values
    required property var names

    readonly property real scale: {
        let largest = 0;
        for (let i = 0; i < root.values.length; ++i)
            largest = Math.max(largest, Math.abs(root.values[i]));
        return largest > 0 ? largest : 1;
    }

    spacing: 2

    Repeater {
        model: root.values.length

        RowLayout {
            id: valueRow

            required property int index
            readonly property real value: root.values[valueRow.index]

            spacing: Theme.spacing
            Layout.fillWidth: true

            Label {
                text: root.names.length > valueRow.index ? root.names[valueRow.index] : "#" + (valueRow.index + 1)
                color: Theme.mutedText
                font.pixelSize: Theme.fontSmall
                Layout.preferredWidth: 56
                elide: Text.ElideRight
            }
            Item {
                Layout.fillWidth: true
                implicitHeight: 12

                Rectangle {
                    anchors.fill: parent
                    color: Theme.background
                    radius: 3
                }
                Rectangle {
                    readonly property real half: parent.width / 2
                    readonly property real extent: Math.abs(valueRow.value) / root.scale * half
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
                font.pixelSize: Theme.fontSmall
                font.family: "monospace"
                horizontalAlignment: Text.AlignRight
                Layout.preferredWidth: 80
            }
        }
    }
}

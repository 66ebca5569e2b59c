// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// One telemetry value over the last minute: its full name, its value now,
// the range it spanned, and a line chart (newest on the right).
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: root

    required property string name
    required property real value
    // Points as {x: seconds ago, y: value}, oldest first.
    required property var points
    readonly property real windowSeconds: 60

    readonly property real lowest: root.points.length > 0 ? Math.min(...root.points.map(p => p.y)) : root.value
    readonly property real highest: root.points.length > 0 ? Math.max(...root.points.map(p => p.y)) : root.value

    function format(number: real): string {
        return Number(number).toLocaleString(Qt.locale("C"), "g", 6);
    }

    onPointsChanged: chart.requestPaint()
    spacing: 2

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacing

        Label {
            text: root.name
            color: Theme.text
            font.pixelSize: Theme.fontNormal
            wrapMode: Text.WrapAnywhere
            Layout.fillWidth: true
        }
        Label {
            text: root.format(root.value)
            color: Theme.text
            font.pixelSize: Theme.fontNormal
            font.family: "monospace"
            font.bold: true
        }
    }

    Canvas {
        id: chart
        Layout.fillWidth: true
        Layout.preferredHeight: 64
        onWidthChanged: chart.requestPaint()
        onHeightChanged: chart.requestPaint()
        onPaint: {
            const context = chart.getContext("2d");
            context.reset();
            context.fillStyle = Theme.track;
            context.fillRect(0, 0, chart.width, chart.height);
            if (root.points.length === 0)
                return;
            const span = root.highest - root.lowest;
            const yOf = v => span > 0 ? chart.height - 3 - (v - root.lowest) / span * (chart.height - 6) : chart.height / 2;
            const xOf = secondsAgo => chart.width * (1 - secondsAgo / root.windowSeconds);
            context.strokeStyle = Theme.accent;
            context.lineWidth = 2;
            context.beginPath();
            root.points.forEach((point, i) => {
                if (i === 0)
                    context.moveTo(xOf(point.x), yOf(point.y));
                else
                    context.lineTo(xOf(point.x), yOf(point.y));
            });
            context.stroke();
        }
    }

    Label {
        text: qsTr("last minute: %1 to %2").arg(root.format(root.lowest)).arg(root.format(root.highest))
        color: Theme.mutedText
        font.pixelSize: Theme.fontSmall
        Layout.fillWidth: true
    }
}

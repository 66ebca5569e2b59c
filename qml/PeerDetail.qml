// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// One peer in full: the whole text (selectable, copyable), the image at full
// resolution, every telemetry value by its full name with a chart of the last
// minute, and which of my latest values it has seen. Back (the button,
// Escape or the system back key) returns to the room.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ShmBridge

FocusScope {
    id: root

    required property PeerModel peers
    required property MyValues me
    // The row shown; -1 for none.
    required property int row

    readonly property string name: peer.name
    // Whole seconds of history the charts show (for scripts waiting on them).
    readonly property int chartedSeconds: peer.telemetrySeries.historySeconds

    signal back

    // The heading above each part of the detail.
    component SectionLabel: Label {
        color: Theme.mutedText
        font.pixelSize: Theme.fontSmall
        font.bold: true
    }

    function seenLine(kind: string, sentSeq: real, seenBy: list<string>): string {
        if (sentSeq === 0)
            return qsTr("%1: you have sent none").arg(kind);
        return seenBy.indexOf(root.name) >= 0 ? qsTr("%1: ✓ seen").arg(kind) : qsTr("%1: not seen yet").arg(kind);
    }

    objectName: "peerDetail"
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("Details of %1").arg(root.name)
    Keys.onEscapePressed: root.back()
    Keys.onBackPressed: root.back()
    onVisibleChanged: if (root.visible) root.forceActiveFocus()

    PeerRow {
        id: peer
        model: root.peers
        row: root.row
        active: root.visible
        onGone: root.back()
    }

    Rectangle {
        anchors.fill: parent
        color: Theme.card
        border.color: Theme.cardBorder
        radius: Theme.radius
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        RowLayout {
            spacing: Theme.spacing
            Layout.fillWidth: true

            TouchButton {
                id: detailBackButton
                objectName: "detailBackButton"
                text: qsTr("‹ Back")
                Layout.minimumWidth: Theme.touchTarget * 2
                Accessible.name: qsTr("Back to the room")
                onClicked: root.back()
            }
            CardTitle {
                text: root.name
            }
            PresenceLabel {
                live: peer.live
            }
        }

        Flickable {
            id: scroller
            objectName: "detailScroller"
            clip: true
            contentWidth: scroller.width
            contentHeight: sections.implicitHeight
            boundsBehavior: Flickable.StopAtBounds
            Layout.fillWidth: true
            Layout.fillHeight: true
            ScrollBar.vertical: ScrollBar {
                policy: scroller.contentHeight > scroller.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            }

            ColumnLayout {
                id: sections
                width: scroller.width - Theme.margin
                spacing: Theme.spacing

                SectionLabel {
                    text: Kinds.heading("text")
                }
                TextArea {
                    id: detailText
                    objectName: "detailText"
                    text: peer.text !== "" ? peer.text : qsTr("No text yet")
                    readOnly: true
                    selectByMouse: true
                    persistentSelection: true
                    wrapMode: TextEdit.Wrap
                    color: Theme.text
                    selectionColor: Theme.selection
                    selectedTextColor: Theme.text
                    font.pixelSize: Theme.fontNormal
                    background: null
                    Layout.fillWidth: true
                    Accessible.role: Accessible.EditableText
                    Accessible.name: qsTr("Full text from %1").arg(root.name)
                    Accessible.description: peer.text
                }
                TouchButton {
                    id: copyTextButton
                    objectName: "copyTextButton"
                    text: detailText.selectedText !== "" ? qsTr("Copy selection") : qsTr("Copy text")
                    visible: peer.text !== ""
                    Accessible.name: qsTr("Copy text")
                    onClicked: {
                        if (detailText.selectedText === "") {
                            detailText.selectAll();
                            detailText.copy();
                            detailText.deselect();
                        } else {
                            detailText.copy();
                        }
                    }
                }

                SectionLabel {
                    visible: detailImage.visible
                    text: Kinds.heading("image")
                }
                ImageViewer {
                    id: detailImage
                    objectName: "detailImage"
                    source: peer.imageSource
                    imageWidth: peer.imageWidth
                    imageHeight: peer.imageHeight
                    visible: detailImage.source !== ""
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.max(Theme.detailImageMinimumHeight,
                                                     Math.min(scroller.height - Theme.touchTarget,
                                                              (scroller.width - Theme.margin) * detailImage.imageHeight / Math.max(1, detailImage.imageWidth))
                                                     + Theme.touchTarget + Theme.spacing)
                    Accessible.role: Accessible.Graphic
                    Accessible.name: qsTr("Full image from %1").arg(root.name)
                    Accessible.description: detailImage.imageWidth + "x" + detailImage.imageHeight + " at " + Math.round(detailImage.zoom * 100) + "%"
                }

                SectionLabel {
                    visible: peer.telemetrySeries.count > 0
                    text: Kinds.heading("telemetry")
                }
                // As many charts side by side as the width takes.
                GridLayout {
                    columns: Math.max(1, Math.floor(sections.width / Theme.detailChartWidth))
                    columnSpacing: Theme.margin
                    rowSpacing: Theme.spacing
                    Layout.fillWidth: true

                    Repeater {
                        model: peer.telemetrySeries

                        TelemetryChart {
                            id: chart
                            required property int index
                            objectName: "detailTelemetry_" + chart.index
                            Layout.fillWidth: true
                            Layout.preferredWidth: Theme.detailChartWidth // equal columns, whatever the names
                            Accessible.role: Accessible.StaticText
                            Accessible.name: qsTr("Telemetry %1 from %2").arg(chart.name).arg(root.name)
                            Accessible.description: String(chart.value)
                        }
                    }
                }

                SectionLabel {
                    text: qsTr("What %1 has seen of yours").arg(root.name)
                    Layout.topMargin: Theme.spacing
                }
                Label {
                    id: detailSeen
                    objectName: "detailSeen"
                    // var, not list<string>: Qt 6.4's qmllint does not see a
                    // string list's Array methods.
                    readonly property var kinds: Kinds.names
                    text: detailSeen.kinds.map(kind => root.seenLine(Kinds.heading(kind), root.me[kind + "Seq"], root.me[kind + "SeenBy"])).join("\n")
                    color: Theme.text
                    font.pixelSize: Theme.fontNormal
                    Layout.fillWidth: true
                    Layout.bottomMargin: Theme.margin
                    Accessible.role: Accessible.StaticText
                    Accessible.name: qsTr("What %1 has seen").arg(root.name)
                    Accessible.description: detailSeen.kinds.map(kind => {
                        const seenBy = root.me[kind + "SeenBy"];
                        return kind + " " + (root.me[kind + "Seq"] === 0 ? "none" : seenBy.indexOf(root.name) >= 0 ? "yes" : "no");
                    }).join(", ")
                }
            }
        }
    }
}

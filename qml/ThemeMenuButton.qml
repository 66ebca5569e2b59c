// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Light, dark or high contrast, or whatever the system uses: a menu, and the
// choice is remembered by whoever handles chosen().
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls

ToolButton {
    id: root

    required property string choice

    signal chosen(string choice)

    objectName: "themeButton"
    text: qsTr("Theme")
    implicitHeight: Theme.touchTarget
    Accessible.name: qsTr("Theme")
    Accessible.role: Accessible.Button
    Accessible.onPressAction: root.clicked()
    onClicked: themeMenu.open()

    Menu {
        id: themeMenu
        objectName: "themeMenu"
        y: root.height

        Repeater {
            model: [{
                    "choice": "system",
                    "label": qsTr("Like the system")
                }, {
                    "choice": "light",
                    "label": qsTr("Light")
                }, {
                    "choice": "dark",
                    "label": qsTr("Dark")
                }, {
                    "choice": "contrast",
                    "label": qsTr("High contrast")
                }]

            MenuItem {
                id: themeItem
                required property var modelData
                objectName: "theme_" + themeItem.modelData.choice
                text: themeItem.modelData.label
                checkable: true
                checked: root.choice === themeItem.modelData.choice
                height: Theme.touchTarget
                Accessible.name: qsTr("Theme %1").arg(themeItem.modelData.choice)
                onTriggered: root.chosen(themeItem.modelData.choice)
            }
        }
    }
}

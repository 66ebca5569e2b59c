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

    // What the menu calls each of Theme.choices.
    function label(choice: string): string {
        switch (choice) {
        case "system":
            return qsTr("Like the system");
        case "light":
            return qsTr("Light");
        case "dark":
            return qsTr("Dark");
        case "contrast":
            return qsTr("High contrast");
        }
        return choice;
    }

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
            model: Theme.choices

            MenuItem {
                id: themeItem
                required property string modelData
                objectName: "theme_" + themeItem.modelData
                text: root.label(themeItem.modelData)
                checkable: true
                checked: root.choice === themeItem.modelData
                height: Theme.touchTarget
                Accessible.name: qsTr("Theme %1").arg(themeItem.modelData)
                onTriggered: root.chosen(themeItem.modelData)
            }
        }
    }
}

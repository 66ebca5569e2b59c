// The on-screen keyboard of kiosk mode: docked at the bottom, shown while a
// text field has focus.
import QtQuick
import QtQuick.VirtualKeyboard

InputPanel {
    id: root

    objectName: "inputPanel"
    visible: root.active
}

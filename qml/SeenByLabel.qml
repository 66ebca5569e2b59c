// Which live peers hold one of my values, in words.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls

Label {
    id: root

    required property list<string> names

    text: root.names.length > 0 ? qsTr("✓ seen by %1").arg(root.names.join(", ")) : qsTr("not seen yet")
    color: root.names.length > 0 ? Theme.live : Theme.mutedText
    font.pixelSize: Theme.fontSmall
    wrapMode: Text.Wrap
    Accessible.role: Accessible.StaticText
    Accessible.description: root.names.join(", ")
}

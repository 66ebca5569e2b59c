// The bench's on-screen reader: a peer's image shown the way the app's cards
// and detail view show it, an Image on the bridge's image provider.
import QtQuick

Rectangle {
    property alias source: shown.source

    color: "black"

    Image {
        id: shown
        anchors.fill: parent
        fillMode: Image.PreserveAspectFit
        asynchronous: false
        cache: false
    }
}

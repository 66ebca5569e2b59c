// Sizes, spacing and colours of the view, read-only. The minimum touch
// target lives here, not as literals in the components.
pragma Singleton
import QtQuick

QtObject {
    readonly property int touchTarget: 48
    readonly property int spacing: 8
    readonly property int margin: 12
    readonly property int radius: 8
    readonly property int cardMinimumWidth: 380
    readonly property int fontSmall: 13
    readonly property int fontNormal: 16
    readonly property int fontLarge: 20

    readonly property color background: "#f4f5f7"
    readonly property color card: "#ffffff"
    readonly property color cardBorder: "#d8dbe0"
    readonly property color text: "#1d2330"
    readonly property color mutedText: "#5d6677"
    readonly property color accent: "#2962ff"
    readonly property color live: "#2e7d32"
    readonly property color left: "#8d6e63"
    readonly property color error: "#b3261e"
    readonly property color errorBackground: "#fde7e9"
}

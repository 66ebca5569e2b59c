// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Sizes, spacing and colours of the view. Components read colours only from
// here. The one thing that changes is the choice of theme (one of
// LaunchOptions.themeChoices), made through choose(): by Main from --theme or
// the remembered setting, and by the theme menu. Every colour follows from
// it. The contrast test (tests/qml) holds each scheme's text colours to 4.5:1
// on their backgrounds, and every choice but "system" to a palette here.
pragma Singleton
import QtQuick
import ShmBridgeApp

QtObject {
    id: theme

    // Every choice there is (strings), and the one made.
    readonly property var choices: LaunchOptions.themeChoices
    readonly property string choice: theme.chosen.value
    readonly property SystemPalette systemPalette: SystemPalette {
        colorGroup: SystemPalette.Active
    }
    readonly property string scheme: theme.palettes[theme.choice] !== undefined
                                     ? theme.choice
                                     : (theme.systemPalette.window.hslLightness < 0.5 ? "dark" : "light")
    readonly property bool dark: theme.scheme !== "light"
    // The schemes that have colours of their own: every choice but "system".
    readonly property list<string> schemes: Object.keys(theme.palettes)

    // Makes choice the theme; false (and nothing changes) for one that is
    // not among choices.
    function choose(choice: string): bool {
        if (theme.choices.indexOf(choice) < 0)
            return false;
        theme.chosen.value = choice;
        return true;
    }

    // Written only by choose().
    component Choice: QtObject {
        property string value: "system"
    }
    readonly property Choice chosen: Choice {}
    readonly property var palettes: ({
            "light": {
                "background": "#f4f5f7",
                "card": "#ffffff",
                "selfCard": "#eef3ff",
                "cardBorder": "#c4c9d1",
                "text": "#1d2330",
                "mutedText": "#4f5868",
                "accent": "#1a56db",
                "textOnAccent": "#ffffff",
                "live": "#1b6e20",
                "left": "#74503f",
                "error": "#b3261e",
                "errorBackground": "#fde7e9",
                "track": "#e3e6eb",
                "selection": "#b9cdf7"
            },
            "dark": {
                "background": "#121418",
                "card": "#1e2128",
                "selfCard": "#1b2536",
                "cardBorder": "#3a3f4b",
                "text": "#e8eaef",
                "mutedText": "#aab1be",
                "accent": "#8ab4ff",
                "textOnAccent": "#0b1c3d",
                "live": "#7ccf84",
                "left": "#d2b1a3",
                "error": "#ffb4ab",
                "errorBackground": "#3b1113",
                "track": "#2c3039",
                "selection": "#2f4a7d"
            },
            "contrast": {
                "background": "#000000",
                "card": "#000000",
                "selfCard": "#0a0a2a",
                "cardBorder": "#ffffff",
                "text": "#ffffff",
                "mutedText": "#e6e6e6",
                "accent": "#ffe600",
                "textOnAccent": "#000000",
                "live": "#7dff8a",
                "left": "#ffc08a",
                "error": "#ff9e94",
                "errorBackground": "#000000",
                "track": "#3a3a3a",
                "selection": "#5a4d00"
            }
        })
    readonly property var colors: theme.palettes[theme.scheme]

    readonly property int touchTarget: 48
    readonly property int spacing: 8
    readonly property int margin: 12
    readonly property int radius: 8
    readonly property int cardMinimumWidth: 380
    readonly property int cardTextLines: 6
    readonly property int cardImageHeight: 240
    // The detail: its image never shorter than this, its charts this wide
    // (as many side by side as fit).
    readonly property int detailImageMinimumHeight: 160
    readonly property int detailChartWidth: 360
    readonly property int fontSmall: 13
    readonly property int fontNormal: 16
    readonly property int fontLarge: 20
    // Of the window height, what the peers or the detail keep with the
    // on-screen keyboard open.
    readonly property real keyboardOpenContentShare: 0.4

    readonly property color background: theme.colors.background
    readonly property color card: theme.colors.card
    readonly property color selfCard: theme.colors.selfCard
    readonly property color cardBorder: theme.colors.cardBorder
    readonly property color text: theme.colors.text
    readonly property color mutedText: theme.colors.mutedText
    readonly property color accent: theme.colors.accent
    readonly property color textOnAccent: theme.colors.textOnAccent
    readonly property color live: theme.colors.live
    readonly property color left: theme.colors.left
    readonly property color error: theme.colors.error
    readonly property color errorBackground: theme.colors.errorBackground
    readonly property color track: theme.colors.track
    readonly property color selection: theme.colors.selection
}

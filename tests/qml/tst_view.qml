// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The new view components, each loaded alone, with real bridges where they
// need a room: the peer list in a room of ten, the detail view, the "You"
// card, validated fields, per-value telemetry scales, the image viewer, the
// gallery on a kiosk panel, and every theme's contrast.
import QtQuick
import QtTest
import ShmBridge
import ShmBridgeView

Item {
    id: root

    readonly property string roomKey: "view-" + Date.now() + "-" + Math.floor(Math.random() * 1e9)
    readonly property string longText: "0123456789 ".repeat(46).substring(0, 500)

    width: 480
    height: 800

    SharedMemoryBridge {
        id: viewer
        key: root.roomKey
        name: "viewer"
    }

    Repeater {
        id: others
        model: 10
        Item {
            required property int index
            readonly property SharedMemoryBridge bridge: SharedMemoryBridge {
                key: root.roomKey
                name: "peer" + index
            }
        }
    }

    Component {
        id: panelComponent
        PeerPanel {
            width: 480
            height: 600
            peers: viewer.peers
            me: viewer.me
            myName: viewer.name
            showSeen: true
        }
    }
    Component {
        id: detailComponent
        PeerDetail {
            width: 480
            height: 700
            peers: viewer.peers
            me: viewer.me
            row: -1
        }
    }
    Component {
        id: fieldComponent
        LabelledField {
            width: 300
            fieldName: "name"
            label: "Your name"
            accessibleName: "Your name"
            problemAccessibleName: "Your name problem"
            limitBytes: InputLimits.nameBytes
            limitHint: "At most 64 letters"
            current: "alice"
            candidateProblem: InputLimits.nameProblem(candidate)
        }
    }
    Component {
        id: telemetryComponent
        TelemetryView {
            width: 600
            values: [86400, 21.5, -3]
            names: ["uptime_seconds_since_boot", "temperature", "pitch"]
            scales: []
        }
    }
    Component {
        id: viewerComponent
        ImageViewer {
            width: 420
            height: 400
            source: "qrc:/gallery/lagoon.png"
            imageWidth: 640
            imageHeight: 480
        }
    }
    Component {
        id: galleryComponent
        Item {
            width: 800
            height: 480
            property alias popup: popup
            GalleryPopup {
                id: popup
                images: ["qrc:/gallery/aurora.png", "qrc:/gallery/dunes.png", "qrc:/gallery/lagoon.png", "qrc:/gallery/meadow.png"]
            }
        }
    }
    Component {
        id: spyComponent
        SignalSpy {}
    }

    // WCAG 2 relative luminance and contrast ratio.
    function luminance(color) {
        const linear = c => c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b);
    }
    function contrast(a, b) {
        const la = luminance(a), lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    TestCase {
        name: "Theme"

        function cleanup() {
            Theme.choose("system");
        }

        function test_everyTextColourReadsOnItsBackground() {
            // Every text colour the components draw, on every background it is drawn on.
            const pairs = [["text", "background"], ["text", "card"], ["text", "selfCard"], ["text", "track"],
                           ["mutedText", "background"], ["mutedText", "card"], ["mutedText", "selfCard"],
                           ["accent", "card"], ["accent", "selfCard"], ["live", "card"], ["live", "selfCard"],
                           ["left", "card"], ["error", "errorBackground"], ["error", "background"],
                           ["textOnAccent", "accent"], ["text", "selection"]];
            const failures = [];
            for (const scheme of Theme.schemes) {
                verify(Theme.choose(scheme));
                compare(Theme.scheme, scheme);
                for (const [fg, bg] of pairs) {
                    const ratio = contrast(Theme[fg], Theme[bg]);
                    if (ratio < 4.5)
                        failures.push(`${scheme}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1`);
                }
            }
            compare(failures, []);
        }

        function test_systemFollowsThePalette() {
            verify(Theme.choose("system"));
            compare(Theme.scheme, Theme.systemPalette.window.hslLightness < 0.5 ? "dark" : "light");
            verify(Theme.choose("dark"));
            verify(Theme.dark);
        }

        // One list of themes: --theme's (LaunchOptions.themeChoices) is the
        // menu's, and each of them but "system" has its colours here.
        function test_everyChoiceIsASchemeOrTheSystems() {
            compare(Theme.choices[0], "system");
            compare(Theme.choices.slice(1).sort(), Theme.schemes.slice().sort());
        }

        function test_anUnknownChoiceChangesNothing() {
            verify(Theme.choose("dark"));
            verify(!Theme.choose("sepia"));
            compare(Theme.choice, "dark");
            compare(Theme.scheme, "dark");
        }
    }

    TestCase {
        name: "PeerPanel"
        when: windowShown

        function init() {
            tryCompare(viewer, "connected", true);
            for (let i = 0; i < 10; ++i)
                others.itemAt(i).bridge.writeText(i % 2 ? root.longText : "short " + i);
            tryCompare(viewer, "peerCount", 10, 10000);
            tryVerify(() => viewer.peers.get(9).text !== "", 10000);
        }

        function test_everyPeerCanBeScrolledTo() {
            const panel = createTemporaryObject(panelComponent, root);
            compare(panel.objectName, "peerList");
            compare(panel.Accessible.name, "Peers");
            tryVerify(() => panel.contentHeight > panel.height, 5000, "ten peers overflow 600 px");
            const last = findChild(panel, "peer_peer9");
            verify(last);
            verify(last.y + last.height > panel.contentY + panel.height, "the last card starts out of view");
            // The keyboard reaches it.
            panel.forceActiveFocus();
            verify(panel.activeFocus);
            waitForRendering(panel); // cards wrap their text, then settle
            keyClick(Qt.Key_End);
            verify(last.y + last.height <= panel.contentY + panel.height + 1,
                   `End brings the last card into view (card ${last.y}+${last.height}, view ${panel.contentY}+${panel.height}, content ${panel.contentHeight})`);
            keyClick(Qt.Key_Home);
            compare(panel.contentY, 0);
            // So does the wheel.
            for (let i = 0; i < 100 && panel.contentY + panel.height < panel.contentHeight - 1; ++i) {
                mouseWheel(panel, panel.width / 2, panel.height / 2, 0, -120);
                wait(16); // Flickable moves a wheel step over frames
            }
            tryVerify(() => last.y + last.height <= panel.contentY + panel.height + 1, 3000, "the wheel brings the last card into view");
        }

        function test_cardsPackWithoutHoles() {
            const panel = createTemporaryObject(panelComponent, root, { width: 1200 });
            tryCompare(panel, "columns", 3);
            tryVerify(() => findChild(panel, "peer_peer9") && findChild(panel, "peer_peer9").height > 0);
            waitForItemPolished(findChild(panel, "peerCards")); // the layout runs once per frame
            const cards = [];
            for (let i = 0; i < 10; ++i)
                cards.push(findChild(panel, "peer_peer" + i));
            for (const a of cards) {
                for (const b of cards) {
                    if (a === b)
                        continue;
                    const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
                    verify(!overlap, `${a.objectName} overlaps ${b.objectName}`);
                }
            }
            // In each column, a card starts right under the one above it.
            for (const card of cards) {
                if (card.y === 0)
                    continue;
                const above = cards.filter(c => Math.abs(c.x - card.x) < 1 && c.y < card.y);
                const bottom = Math.max(...above.map(c => c.y + c.height));
                verify(card.y - bottom <= 8 + 1, `${card.objectName} has a ${card.y - bottom} px gap above it`);
            }
        }

        function test_selfCardShowsWhatISentAndWhoSawIt() {
            const panel = createTemporaryObject(panelComponent, root);
            const card = findChild(panel, "selfCard");
            verify(viewer.writeText("what I sent"));
            tryCompare(card, "visible", true);
            compare(findChild(card, "selfText").Accessible.description, "what I sent");
            tryVerify(() => viewer.me.textSeenBy.length === 10, 10000, "all ten peers read it");
            verify(findChild(card, "selfTextSeenBy").Accessible.description.indexOf("peer3") >= 0);
        }

        // A card's texture is the size the card shows, made by the bridge's
        // image provider from the peer's frame: never the whole frame.
        function test_aCardLoadsItsImageAtTheSizeItShows() {
            const panel = createTemporaryObject(panelComponent, root);
            others.itemAt(3).bridge.writeImage("qrc:/gallery/aurora.png");
            let image = null;
            tryVerify(() => {
                image = findChild(panel, "peer_peer3") ? findChild(findChild(panel, "peer_peer3"), "peerImage_peer3") : null;
                return image !== null && image.status === Image.Ready && String(image.source).startsWith("image://shmbridge/");
            }, 10000, "peer3's image shown through the provider");
            const shown = image.paintedWidth * image.paintedHeight;
            const loaded = image.implicitWidth * image.implicitHeight;
            verify(shown > 0);
            verify(loaded <= 2 * shown, "loaded " + image.implicitWidth + "x" + image.implicitHeight
                   + " for " + image.paintedWidth + "x" + image.paintedHeight + " shown");
            verify(loaded < 640 * 480, "a smaller texture than the 640x480 image");

            // Once the card has asked for its size, the image worker makes
            // that size of each new frame as it reads it: the GUI thread
            // scales nothing.
            const sourceOf = () => String(findChild(findChild(panel, "peer_peer3"), "peerImage_peer3").source);
            let before = "";
            let scaledOnRequest = 0;
            for (const picture of ["dunes", "lagoon", "meadow"]) {
                before = sourceOf();
                scaledOnRequest = imageStore.scaledOnRequest();
                others.itemAt(3).bridge.writeImage("qrc:/gallery/" + picture + ".png");
                tryVerify(() => sourceOf() !== before, 10000, picture + " shown");
                waitForItemPolished(findChild(panel, "peerCards"));
            }
            compare(imageStore.scaledOnRequest(), scaledOnRequest, "the last frame was scaled by the worker");
        }

        function test_tappingACardOpensIt() {
            const panel = createTemporaryObject(panelComponent, root);
            const spy = createTemporaryObject(spyComponent, root, { target: panel, signalName: "peerOpened" });
            const card = findChild(panel, "peer_peer0");
            tryVerify(() => card.height > 0);
            waitForItemPolished(findChild(panel, "peerCards"));
            mouseClick(card, 20, 20);
            compare(spy.count, 1);
            compare(viewer.peers.get(spy.signalArguments[0][0]).name, "peer0");
        }
    }

    TestCase {
        name: "PeerDetail"
        when: windowShown

        function test_showsTheWholeTextAndWhatWasSeen() {
            tryCompare(viewer, "peerCount", 10, 10000);
            verify(others.itemAt(1).bridge.writeText(root.longText));
            verify(others.itemAt(1).bridge.writeTelemetry("uptime=86400,temperature_of_the_left_motor=21.5"));
            let row = -1;
            tryVerify(() => {
                for (let i = 0; i < viewer.peers.count; ++i) {
                    const peer = viewer.peers.get(i);
                    if (peer.name === "peer1" && peer.text === root.longText && peer.telemetry.length === 2)
                        row = i;
                }
                return row >= 0;
            }, 10000);
            const detail = createTemporaryObject(detailComponent, root, { row: row });
            compare(detail.Accessible.name, "Details of peer1");
            const text = findChild(detail, "detailText");
            compare(text.text, root.longText);
            compare(text.text.length, 500);
            verify(text.readOnly);
            verify(text.selectByMouse);
            const chart = findChild(detail, "detailTelemetry_1");
            compare(chart.name, "temperature_of_the_left_motor");
            compare(chart.value, 21.5);
            verify(chart.points.length >= 1);
            // What the peer sends next shows as it comes, on the chart too;
            // the text follows likewise.
            verify(others.itemAt(1).bridge.writeTelemetry("uptime=86401,temperature_of_the_left_motor=22.5"));
            tryCompare(chart, "value", 22.5, 5000);
            tryVerify(() => chart.points[chart.points.length - 1].y === 22.5, 5000, "the chart shows the new value"); // within 100 ms of the last, it replaces it
            verify(others.itemAt(1).bridge.writeText("shorter now"));
            tryCompare(text, "text", "shorter now", 5000);
            // Time moves the chart on while nothing arrives.
            tryCompare(detail, "chartedSeconds", 1, 3000);
            verify(findChild(detail, "detailSeen").Accessible.description.indexOf("text ") === 0);
            const back = createTemporaryObject(spyComponent, root, { target: detail, signalName: "back" });
            mouseClick(findChild(detail, "detailBackButton"));
            compare(back.count, 1);
            keyClick(Qt.Key_Escape);
            compare(back.count, 2);
        }
    }

    TestCase {
        name: "LabelledField"
        when: windowShown

        function test_limitIsEnforcedAsYouType() {
            const field = createTemporaryObject(fieldComponent, root);
            const input = findChild(field, "nameField");
            mouseClick(input);
            input.selectAll();
            for (let i = 0; i < 70; ++i)
                keyClick(Qt.Key_A);
            compare(input.text.length, 64);
            verify(findChild(field, "nameProblem").visible, "the limit is explained");
        }

        function test_aBadNameIsExplainedAndNotApplied() {
            const field = createTemporaryObject(fieldComponent, root);
            const accepted = createTemporaryObject(spyComponent, root, { target: field, signalName: "accepted" });
            const input = findChild(field, "nameField");
            mouseClick(input);
            input.selectAll();
            keyClick(Qt.Key_Space);
            keyClick(Qt.Key_Return);
            compare(accepted.count, 0);
            const problem = findChild(field, "nameProblem");
            verify(problem.visible);
            compare(problem.Accessible.description, "The peer name is empty.");
            keyClick(Qt.Key_Escape);
            compare(input.text, "alice");
            verify(!problem.visible);
            input.selectAll();
            keyClick(Qt.Key_B);
            keyClick(Qt.Key_Return);
            compare(accepted.count, 1);
            compare(accepted.signalArguments[0][0], "b");
        }

        function test_truncatesAtACharacterNotAByte() {
            compare(InputLimits.truncated("ab中文", 5), "ab中");
            compare(InputLimits.truncated("😀😀", 6), "😀");
            compare(InputLimits.utf8Bytes("中"), 3);
            verify(InputLimits.nameProblem("x".repeat(65)).indexOf("65 characters") > 0);
        }
    }

    TestCase {
        name: "Kinds"

        // The view's list of kinds is the core's, in its order, and each
        // has its words; a name that is no kind is shown as it is.
        function test_theKindsComeFromTheCore() {
            compare(Kinds.names, ["text", "image", "telemetry"]);
            compare(Kinds.word("image"), "image");
            compare(Kinds.heading("telemetry"), "Telemetry");
            compare(Kinds.word("video"), "video");
        }
    }

    TestCase {
        name: "TelemetryView"
        when: windowShown

        function test_eachValueHasItsOwnScaleAndItsFullName() {
            const view = createTemporaryObject(telemetryComponent, root);
            waitForRendering(view);
            verify(view.nameWidth > 100, "names are not cut to a fixed width");
            compare(view.scaleOf(0), 86400);
            compare(view.scaleOf(1), 21.5);
            view.scales = [100000, 43, 6];
            compare(view.scaleOf(1), 43);
        }
    }

    TestCase {
        name: "ImageViewer"
        when: windowShown

        function test_fitsThenZoomsAndFitsAgain() {
            const viewer = createTemporaryObject(viewerComponent, root);
            tryVerify(() => viewer.fitZoom < 1);
            compare(viewer.zoom, viewer.fitZoom);
            const pixels = findChild(viewer, "detailImagePixels");
            verify(pixels.width <= viewer.width + 0.5, "the image fits the width");
            mouseClick(findChild(viewer, "zoomInButton"));
            verify(viewer.zoom > viewer.fitZoom);
            verify(!viewer.fitted);
            mouseClick(findChild(viewer, "zoomFitButton"));
            compare(viewer.zoom, viewer.fitZoom);
            mouseDoubleClickSequence(pixels, pixels.width / 2, pixels.height / 2);
            tryCompare(viewer, "zoom", 1);
        }
    }

    TestCase {
        name: "ImageViewerLate"
        when: windowShown

        // As in the detail view: made empty, given a peer's image later.
        function test_fitsAnImageThatArrivesLater() {
            const viewer = createTemporaryObject(viewerComponent, root, { source: "", imageWidth: 0, imageHeight: 0 });
            compare(viewer.zoom, 1);
            viewer.imageWidth = 640;
            viewer.imageHeight = 480;
            viewer.source = "qrc:/gallery/lagoon.png";
            tryVerify(() => viewer.zoom < 1);
            verify(findChild(viewer, "detailImagePixels").width <= viewer.width + 0.5);
        }
    }

    TestCase {
        name: "GalleryPopup"
        when: windowShown

        function test_fitsAKioskPanel() {
            const holder = createTemporaryObject(galleryComponent, root);
            holder.popup.open();
            tryCompare(holder.popup, "opened", true);
            verify(holder.popup.height <= 480 - 2 * Theme.margin);
            verify(holder.popup.width <= 800 - 2 * Theme.margin);
            compare(holder.popup.columns, 4);
            compare(holder.popup.rows, 1);
        }
    }
}

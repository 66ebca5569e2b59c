// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The view's components alone: names, accessible descriptions, signals.
import QtQuick
import QtTest
import ShmBridgeView

Item {
    id: root
    width: 800
    height: 600

    Component {
        id: peerCardComponent
        PeerCard {
            name: "carol"
            live: true
            text: "hi there"
            imageSource: ""
            imageWidth: 0
            imageHeight: 0
            telemetry: [1.5, -2, 3]
            telemetryNames: []
            telemetryScales: []
            seen: false
            showSeen: true
            width: 400
        }
    }

    Component {
        id: bannerComponent
        ErrorBanner {
            message: ""
            width: 400
        }
    }

    Component {
        id: composerComponent
        Composer {
            connected: true
            busy: false
            sendingWhat: ""
            compact: false
            kiosk: false
            width: 700
        }
    }

    Component {
        id: statusComponent
        StatusBar {
            roomKey: "demo"
            peerName: "alice"
            connected: true
            peerCount: 3
            leftCount: 0
            lastLatencyUs: 42.4
            seenByCount: 2
            lastSentKind: "text"
            roomHome: "/run/user/1000/shmbridge"
            roomHomeIsPrivate: true
            width: 700
        }
    }

    Component {
        id: spyComponent
        SignalSpy {}
    }

    TestCase {
        name: "PeerCard"
        when: windowShown

        function test_namesFollowThePeer() {
            const card = createTemporaryObject(peerCardComponent, root);
            compare(card.objectName, "peer_carol");
            compare(card.Accessible.name, "Peer carol");
            const text = findChild(card, "peerText_carol");
            verify(text);
            compare(text.Accessible.name, "Text from carol");
            compare(text.Accessible.description, "hi there");
            const telemetry = findChild(card, "peerTelemetry_carol");
            compare(telemetry.Accessible.name, "Telemetry from carol");
            compare(telemetry.Accessible.description, "1.5,-2,3");
            const image = findChild(card, "peerImage_carol");
            compare(image.visible, false);
            compare(image.Accessible.description, "");
        }

        function test_leftPeerKeepsItsValues() {
            const card = createTemporaryObject(peerCardComponent, root);
            const state = findChild(card, "peerState_carol");
            compare(state.text, "live");
            card.live = false;
            compare(state.text, "left");
            compare(findChild(card, "peerText_carol").Accessible.description, "hi there");
        }

        function test_seenMarker() {
            const card = createTemporaryObject(peerCardComponent, root);
            const seen = findChild(card, "peerSeen_carol");
            compare(seen.Accessible.description, "no");
            card.seen = true;
            compare(seen.Accessible.description, "yes");
            card.showSeen = false;
            compare(seen.visible, false);
        }
    }

    TestCase {
        name: "ErrorBanner"
        when: windowShown

        function test_showsAndDismisses() {
            const banner = createTemporaryObject(bannerComponent, root);
            compare(banner.visible, false);
            banner.message = "That file is not an image";
            compare(banner.visible, true);
            compare(banner.objectName, "errorBanner");
            compare(banner.Accessible.description, "That file is not an image");
            const spy = createTemporaryObject(spyComponent, root, { target: banner, signalName: "dismissed" });
            const dismiss = findChild(banner, "dismissErrorButton");
            verify(dismiss.height >= 48);
            mouseClick(dismiss);
            compare(spy.count, 1);
        }
    }

    TestCase {
        name: "Composer"
        when: windowShown

        function test_enterSendsAndClears() {
            const composer = createTemporaryObject(composerComponent, root);
            const spy = createTemporaryObject(spyComponent, root, { target: composer, signalName: "textSubmitted" });
            const input = findChild(composer, "messageInput");
            mouseClick(input);
            keyClick(Qt.Key_H);
            keyClick(Qt.Key_I);
            keyClick(Qt.Key_Return);
            compare(spy.count, 1);
            compare(spy.signalArguments[0][0], "hi");
            compare(input.text, "");
        }

        function test_sendButtonAndTouchTargets() {
            const composer = createTemporaryObject(composerComponent, root);
            const spy = createTemporaryObject(spyComponent, root, { target: composer, signalName: "textSubmitted" });
            const input = findChild(composer, "messageInput");
            input.text = "by button";
            const send = findChild(composer, "sendButton");
            compare(send.Accessible.name, "Send");
            mouseClick(send);
            compare(spy.count, 1);
            compare(spy.signalArguments[0][0], "by button");
            for (const name of ["messageInput", "sendButton", "pickImageButton", "galleryButton", "pasteButton", "liveSwitch"])
                verify(findChild(composer, name).height >= 48, name + " is smaller than a touch target");
        }

        function test_liveSendsAsYouType() {
            const composer = createTemporaryObject(composerComponent, root);
            const spy = createTemporaryObject(spyComponent, root, { target: composer, signalName: "textSubmitted" });
            findChild(composer, "liveSwitch").checked = true;
            mouseClick(findChild(composer, "messageInput"));
            keyClick(Qt.Key_A);
            keyClick(Qt.Key_B);
            compare(spy.count, 2);
            compare(spy.signalArguments[1][0], "ab");
        }

        function test_disconnectedDisablesSending() {
            const composer = createTemporaryObject(composerComponent, root, { connected: false });
            compare(findChild(composer, "sendButton").enabled, false);
            compare(findChild(composer, "messageInput").enabled, false);
        }

        function test_kioskPickerOpensTheGallery() {
            const composer = createTemporaryObject(composerComponent, root, { kiosk: true });
            const gallery = createTemporaryObject(spyComponent, root, { target: composer, signalName: "galleryRequested" });
            const dialog = createTemporaryObject(spyComponent, root, { target: composer, signalName: "pickImageRequested" });
            mouseClick(findChild(composer, "pickImageButton"));
            compare(gallery.count, 1);
            compare(dialog.count, 0);
            // No dead buttons: one image button, no paste (no clipboard on a kiosk).
            compare(findChild(composer, "galleryButton").visible, false);
            compare(findChild(composer, "pasteButton").visible, false);
        }

        function test_sendingSaysWhat() {
            const composer = createTemporaryObject(composerComponent, root, { busy: true, sendingWhat: "Sending 3840 × 2160…" });
            const label = findChild(composer, "sendingLabel");
            verify(label.visible);
            compare(label.Accessible.description, "Sending 3840 × 2160…");
            verify(findChild(composer, "pickImageButton").enabled, "the picker stays usable while sending");
            composer.busy = false;
            verify(!label.visible);
        }

        function test_condensedKeepsMessageAndSend() {
            const composer = createTemporaryObject(composerComponent, root, { condensed: true });
            verify(findChild(composer, "messageInput").visible);
            verify(findChild(composer, "sendButton").visible);
            for (const name of ["liveSwitch", "pickImageButton", "galleryButton", "pasteButton"])
                compare(findChild(composer, name).visible, false, name);
        }
    }

    TestCase {
        name: "StatusBar"
        when: windowShown

        function test_describesTheRoom() {
            const bar = createTemporaryObject(statusComponent, root);
            const count = findChild(bar, "peerCountLabel");
            compare(count.Accessible.description, "3");
            const status = findChild(bar, "statusLabel");
            verify(status.Accessible.description.indexOf("demo") >= 0);
            verify(status.Accessible.description.indexOf("42 µs") >= 0);
            verify(status.Accessible.description.indexOf("seen by 2") >= 0);
            bar.connected = false;
            compare(status.Accessible.description, "Not connected");
        }

        function test_countsHereAndLeftApart() {
            const bar = createTemporaryObject(statusComponent, root, { peerCount: 3, leftCount: 2 });
            const count = findChild(bar, "peerCountLabel");
            // No translator is loaded here, so %n stays a bare number.
            compare(count.text, "3 peer(s) here · 2 left");
            compare(count.Accessible.description, "3");
            bar.leftCount = 0;
            compare(count.text, "3 peer(s) here");
        }
    }
}

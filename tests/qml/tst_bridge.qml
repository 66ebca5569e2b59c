// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// SharedMemoryBridge from QML: two bridges in one room, real shared memory.
import QtQuick
import QtTest
import ShmBridge

Item {
    id: root

    readonly property string roomKey: "qml-" + Date.now() + "-" + Math.floor(Math.random() * 1e9)

    // The newest peer of that name: a rejoin adds a new row after the old one.
    function peerNamed(bridge, name) {
        for (let i = bridge.peers.count - 1; i >= 0; --i) {
            const peer = bridge.peers.get(i);
            if (peer.name === name)
                return peer;
        }
        return null;
    }

    SharedMemoryBridge {
        id: alice
        key: root.roomKey
        name: "alice"
    }

    SharedMemoryBridge {
        id: bob
        key: root.roomKey
        name: "bob"
    }

    // Every non-empty "sending" text alice shows, in order.
    property var sendingStates: []
    Connections {
        target: alice
        function onBusyChanged() {
            if (alice.sendingWhat !== "")
                root.sendingStates.push(alice.sendingWhat);
        }
    }

    // A handler that reads again what it was told of, as a tutorial's
    // "read" button would: told once per update, never in a loop. What it
    // reads is already the new text, through the bridge and the model; the
    // model's views are told after the handlers.
    property bool readingBack: false
    property int textsHandled: 0
    property int imagesHandled: 0
    property var readInHandler: []
    property var textsViewsWereToldOf: []
    property var toldBeforeHandler: []
    Connections {
        target: bob.peers
        function onDataChanged() {
            const alice = root.peerNamed(bob, "alice");
            if (alice)
                root.textsViewsWereToldOf.push(alice.text);
        }
    }
    Connections {
        target: bob
        enabled: root.readingBack
        function onTextReceived(peer: string, text: string): void {
            ++root.textsHandled;
            const inModel = root.peerNamed(bob, peer).text; // before readText reads again
            root.toldBeforeHandler.push(root.textsViewsWereToldOf.indexOf(text) >= 0);
            root.readInHandler.push([text, inModel, bob.readText(peer)]);
        }
        function onImageReceived(peer: string): void {
            ++root.imagesHandled;
            bob.readImage(peer);
        }
    }

    SignalSpy {
        id: textSpy
        target: bob
        signalName: "textReceived"
    }

    TestCase {
        name: "SharedMemoryBridge"

        function init() {
            tryCompare(alice, "connected", true);
            tryCompare(bob, "connected", true);
            tryCompare(alice, "peerCount", 1);
            tryCompare(bob, "peerCount", 1);
        }

        function test_textCrossesAndIsSeen() {
            verify(alice.writeText("hello from alice"));
            tryVerify(() => root.peerNamed(bob, "alice") && root.peerNamed(bob, "alice").text === "hello from alice");
            tryVerify(() => textSpy.count > 0 && textSpy.signalArguments[textSpy.count - 1][1] === "hello from alice");
            compare(textSpy.signalArguments[textSpy.count - 1][0], "alice");
            tryCompare(alice, "seenByCount", 1);
            verify(bob.lastLatencyUs > 0);
            compare(bob.readText("alice"), "hello from alice");
        }

        function test_readingInTheHandlerDoesNotLoop() {
            root.textsHandled = 0;
            root.imagesHandled = 0;
            root.readInHandler = [];
            root.textsViewsWereToldOf = [];
            root.toldBeforeHandler = [];
            root.readingBack = true;
            verify(alice.writeText("once"));
            tryCompare(root, "textsHandled", 1);
            alice.writeImage(Qt.resolvedUrl("../../assets/gallery/meadow.png"));
            tryCompare(root, "imagesHandled", 1, 10000);
            // The next updates are told once each too: a loop would have
            // counted on while they travelled.
            alice.writeImage(Qt.resolvedUrl("../../assets/gallery/dunes.png"));
            tryCompare(root, "imagesHandled", 2, 10000);
            verify(alice.writeText("twice"));
            tryCompare(root, "textsHandled", 2);
            compare(root.imagesHandled, 2);
            root.readingBack = false;
            compare(root.readInHandler, [["once", "once", "once"], ["twice", "twice", "twice"]]);
            compare(root.toldBeforeHandler, [false, false]);
            verify(root.textsViewsWereToldOf.indexOf("twice") >= 0);
        }

        function test_telemetryCrosses() {
            verify(alice.writeTelemetry("pitch=1.5,roll=-2"));
            tryVerify(() => root.peerNamed(bob, "alice").telemetryText === "pitch=1.5,roll=-2");
            verify(!alice.writeTelemetry("1,nan"));
            verify(alice.lastError.indexOf("finite") >= 0);
            alice.clearError();
        }

        function test_imageCrossesAndABadOneIsRefused() {
            root.sendingStates.length = 0;
            alice.writeImage(Qt.resolvedUrl("../../assets/gallery/lagoon.png"));
            tryVerify(() => root.peerNamed(bob, "alice").imageWidth === 640, 10000);
            // The sender saw in words what was on its way, then itself in "me".
            compare(root.sendingStates[0], "Reading lagoon.png…");
            verify(root.sendingStates.indexOf("Sending 640 × 480…") > 0, root.sendingStates.join(" | "));
            tryCompare(alice, "sendingWhat", "");
            compare(alice.me.imageWidth, 640);
            tryVerify(() => alice.me.imageSeenBy.indexOf("bob") >= 0);
            compare(root.peerNamed(bob, "alice").imageHeight, 480);
            const source = root.peerNamed(bob, "alice").imageSource;
            verify(source.startsWith("image://shmbridge/"));
            alice.writeImage(Qt.resolvedUrl("../../assets/gallery/no-such-file.png"));
            tryVerify(() => alice.lastError.indexOf("no-such-file") >= 0);
            tryCompare(alice, "busy", false);
            compare(root.peerNamed(bob, "alice").imageSource, source);
            alice.clearError();
        }

        function test_leavingIsVisibleAndValuesStay() {
            verify(alice.writeText("before leaving"));
            tryVerify(() => root.peerNamed(bob, "alice").text === "before leaving");
            alice.leave();
            tryVerify(() => root.peerNamed(bob, "alice").live === false);
            compare(root.peerNamed(bob, "alice").text, "before leaving");
            compare(bob.peerCount, 0);
            verify(alice.join());
        }

        function test_changingTheKeySeparatesAndRejoins() {
            bob.key = root.roomKey + "-elsewhere";
            tryCompare(bob, "connected", true);
            compare(bob.peerCount, 0);
            tryCompare(alice, "peerCount", 0);
            bob.key = root.roomKey;
            tryCompare(bob, "peerCount", 1);
            tryCompare(alice, "peerCount", 1);
        }

        function test_badKeyKeepsTheRoom() {
            bob.key = "";
            compare(bob.connected, true);
            compare(bob.key, root.roomKey);
            compare(bob.lastError, "The room key is empty; choose a key such as \"demo\".");
            bob.name = "x".repeat(65);
            compare(bob.name, "bob");
            verify(bob.lastError.indexOf("65 characters") > 0);
            tryCompare(alice, "peerCount", 1);
            bob.clearError();
        }
    }
}

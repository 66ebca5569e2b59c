#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
"""Black-box UI tests, the way Squish-style tools work: two real shmbridge
processes and a shmbridge-cli peer, driven from outside over AT-SPI only.

Items are found solely through the object map (objectmap.json): a symbolic
name gives an accessible name and an AT-SPI role. Accessible names are
translated: the map gives the English source, looked up in the app's
translation (assets/translations/shmbridge_<lang>.ts) for a window started
with --lang, as a tool with one object map for every language does. Text goes in as real key
events (xdotool) after a real click focuses the window; buttons are pressed
through their accessibility action. Every wait is on state, with a deadline.
A failure saves screenshots of both windows and the app logs.

Run by run-ui-tests.sh (Xvfb, a private D-Bus session, private HOME/XDG/TMPDIR).
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from xml.etree import ElementTree

import pyatspi

APP = os.environ["SHMBRIDGE_APP"]
CLI = os.environ["SHMBRIDGE_CLI"]
ROOMTOOL = os.environ["SHMBRIDGE_ROOMTOOL"]
OBJECT_MAP = os.environ["SHMBRIDGE_OBJECT_MAP"]
TRANSLATIONS = os.environ["SHMBRIDGE_TRANSLATIONS"]
GALLERY = os.environ["SHMBRIDGE_GALLERY_DIR"]
ARTIFACTS = os.environ.get("SHMBRIDGE_UI_ARTIFACTS", os.path.join(tempfile.gettempdir(), "ui-artifacts"))
KEY = f"ui-{os.getpid()}"
TIMEOUT = 15.0


def read_catalogue(language):
    """A translation's source texts and what they become, from its .ts file."""
    catalogue = {}
    root = ElementTree.parse(os.path.join(TRANSLATIONS, f"shmbridge_{language}.ts")).getroot()
    for message in root.iter("message"):
        translation = message.find("translation")
        if translation.get("type") not in ("unfinished", "vanished", "obsolete"):
            catalogue[message.findtext("source")] = translation.text or ""
    return catalogue


class ObjectMap:
    """Symbolic names to the properties that find an item over AT-SPI."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.names = json.load(f)["names"]
        self.catalogues = {None: {}}

    def properties(self, symbolic, language=None, **fill):
        """The accessible name (in that language) and role of an entry."""
        if language not in self.catalogues:
            self.catalogues[language] = read_catalogue(language)
        entry = self.names[symbolic]
        # {NAME} and the like are %1, %2... in the translated source.
        placeholders = re.findall(r"\{(\w+)\}", entry["accessibleName"])
        source = entry["accessibleName"]
        for number, placeholder in enumerate(placeholders, 1):
            source = source.replace("{" + placeholder + "}", f"%{number}", 1)
        name = self.catalogues[language].get(source, source)
        for number, placeholder in enumerate(placeholders, 1):
            name = name.replace(f"%{number}", fill[placeholder])
        return name, entry["atspiRole"]

    @staticmethod
    def role_number(role):
        """The map's role ("push button") as AT-SPI's number (ROLE_PUSH_BUTTON).

        Roles are compared by number: at-spi2-core renames them (2.56 calls
        push buttons "button"), the numbers stay."""
        return getattr(pyatspi, "ROLE_" + role.upper().replace(" ", "_"))

    def accessible_id(self, symbolic, **fill):
        """The entry's accessible id path ("mainWindow.peerList.peer_bob"), or None."""
        path = self.names[symbolic].get("accessibleId")
        for placeholder, value in fill.items():
            path = path and path.replace("{" + placeholder + "}", value)
        return path

    @staticmethod
    def has_ids(root):
        """Whether this Qt gives accessible ids over AT-SPI (6.8 does, 6.4 not)."""
        try:
            return bool(root.get_accessible_id())
        except Exception:  # an at-spi2 without accessible ids
            return False

    def describe(self, symbolic, language=None, **fill):
        """How find looks for an entry, for failure messages."""
        name, role = self.properties(symbolic, language, **fill)
        path = self.accessible_id(symbolic, **fill)
        return f"id {path}" if path and self.ids_in_use else f"\"{name}\", {role}"

    ids_in_use = False

    def find(self, root, symbolic, language=None, **fill):
        """The item for a symbolic name under root, or None.

        Where Qt gives accessible ids (the dotted objectNames of an item and
        its accessible ancestors, behind the application's), by the map's id
        path, which is the same in every language; elsewhere by accessible
        name (translated) and role."""
        name, role = self.properties(symbolic, language, **fill)
        role = self.role_number(role)
        path = self.accessible_id(symbolic, **fill)
        by_id = path is not None and self.has_ids(root)
        ObjectMap.ids_in_use = ObjectMap.ids_in_use or by_id
        stack = [root]
        while stack:
            node = stack.pop()
            try:
                if by_id:
                    if node.get_accessible_id().partition(".")[2] == path:
                        return node
                elif node.name == name and node.getRole() == role:
                    return node
                stack.extend(node.getChildAtIndex(i) for i in range(node.childCount))
            except Exception:  # an item went away while we looked: skip it
                continue
        return None


OBJECTS = ObjectMap(OBJECT_MAP)


def wait_for(what, predicate, timeout=TIMEOUT):
    """Polls predicate until it returns something truthy; fails naming what."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
        except AssertionError:
            raise
        except Exception as error:  # the tree changes under us; look again
            last = error
        if last and not isinstance(last, Exception):
            return last
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})")


def showing(node):
    return node.getState().contains(pyatspi.STATE_SHOWING)


class App:
    """One shmbridge window, placed on screen so that windows never overlap."""

    def __init__(self, name, x, geometry="640x760", key=KEY, extra=(), screen=0):
        self.name = name
        # Xvfb's screen 0 is a desktop, screen 1 a 7" kiosk panel (800 x 480).
        self.screen = screen
        self.env = dict(os.environ, DISPLAY=f"{os.environ['DISPLAY'].split('.')[0]}.{screen}")
        self.language = extra[extra.index("--lang") + 1] if "--lang" in extra else None
        self.log_path = os.path.join(ARTIFACTS, f"{name}-{geometry}-{'-'.join(extra) or 'default'}.log")
        self.log = open(self.log_path, "w")
        # --control only serves the failure screenshots; tests never use it.
        window = [] if "--kiosk" in extra else ["-qwindowgeometry", f"{geometry}+{x}+0"]
        self.process = subprocess.Popen(
            [APP, "--key", key, "--name", name, "--control", *extra, *window],
            stdin=subprocess.PIPE, stdout=self.log, stderr=subprocess.STDOUT, text=True, env=self.env)
        self.frame = wait_for(f"{name}'s window on the accessibility bus", self._find_frame, 30)

    def _find_frame(self):
        if self.process.poll() is not None:
            with open(self.log_path) as log:
                raise AssertionError(f"{self.name}'s app exited with {self.process.returncode}: {log.read()}")
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if not app or app.name != "shmbridge":
                continue
            for j in range(app.childCount):
                frame = app.getChildAtIndex(j)
                # "ShmBridge — alice in room K", or its translation.
                if frame and frame.name.startswith(f"ShmBridge — {self.name}"):
                    return frame
        return None

    def item(self, symbolic, timeout=TIMEOUT, **fill):
        """Waits for the item of a symbolic name; the failure names it."""
        return wait_for(f"object map name '{symbolic}' ({OBJECTS.describe(symbolic, self.language, **fill)}) "
                        f"in {self.name}'s window",
                        lambda: OBJECTS.find(self.frame, symbolic, self.language, **fill), timeout)

    def description_of(self, symbolic, expected, timeout=TIMEOUT, **fill):
        seen = []  # what it read last, for the failure message

        def matches():
            node = OBJECTS.find(self.frame, symbolic, self.language, **fill)
            seen[:] = ["not found" if node is None else f"\"{node.description}\""]
            return node is not None and node.description == expected
        name, _ = OBJECTS.properties(symbolic, self.language, **fill)
        try:
            wait_for(f"'{symbolic}' (\"{name}\") in {self.name}'s window to read \"{expected}\"", matches, timeout)
        except AssertionError as failure:
            raise AssertionError(f"{failure}; it reads {seen[0] if seen else 'nothing yet'}") from None

    def press(self, symbolic, **fill):
        node = self.item(symbolic, **fill)
        wait_for(f"'{symbolic}' to be enabled", lambda: node.getState().contains(pyatspi.STATE_ENABLED))
        action = node.queryAction()
        for i in range(action.nActions):
            if action.getName(i) in ("Press", "press", "click"):
                action.doAction(i)
                return
        action.doAction(0)

    def xdotool(self, *arguments):
        """Real input, on this window's screen."""
        subprocess.run(["xdotool", *arguments], check=True, env=self.env)

    def click(self, symbolic, **fill):
        """A real mouse click at the item's centre: focuses window and item."""
        node = self.item(symbolic, **fill)
        x, y, w, h = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        self.xdotool("mousemove", "--screen", str(self.screen), str(x + w // 2), str(y + h // 2), "click", "1")
        wait_for(f"'{symbolic}' to take the keyboard focus",
                 lambda: node.getState().contains(pyatspi.STATE_FOCUSED))

    def click_at(self, symbolic, **fill):
        """A real mouse click at the item's centre, for items that take no focus."""
        x, y, w, h = self.extents(symbolic, **fill)
        self.xdotool("mousemove", "--screen", str(self.screen), str(x + w // 2), str(y + h // 2), "click", "1")

    def type_into(self, symbolic, text, replace=False):
        self.click(symbolic)
        if replace:
            self.xdotool("key", "ctrl+a")
        self.xdotool("type", "--delay", "10", text)
        self.xdotool("key", "Return")

    def extents(self, symbolic, **fill):
        return self.item(symbolic, **fill).queryComponent().getExtents(pyatspi.DESKTOP_COORDS)

    def scroll_into_view(self, symbolic, **fill):
        """Real wheel events over the peer list until the item lies within it."""
        lx, ly, lw, lh = self.extents("peerList")
        for _ in range(80):
            x, y, w, h = self.extents(symbolic, **fill)
            if y >= ly and y + h <= ly + lh:
                return
            button = "5" if y + h > ly + lh else "4"
            self.xdotool("mousemove", "--screen", str(self.screen), str(lx + lw // 2), str(ly + lh // 2), "click", button)
            wait_for(f"'{symbolic}' to move as the list scrolls",
                     lambda: self.extents(symbolic, **fill)[1] != y, 3)
        raise AssertionError(f"'{symbolic}' {fill} never scrolled into the peer list")

    def screenshot(self, path):
        """Asks the app for a screenshot and waits until it is written."""
        if self.process.poll() is not None:
            return
        if os.path.exists(path):
            os.remove(path)
        self.process.stdin.write(f"screenshot {path}\n")
        self.process.stdin.flush()
        # The app answers "ok screenshot PATH" once QImage::save returned.
        wait_for(f"{self.name}'s screenshot {path}",
                 lambda: f"ok screenshot {path}" in open(self.log_path).read(), 10)

    def close(self):
        """Closes the window as a person would: Ctrl+Q in it."""
        self.click("messageInput")
        self.xdotool("key", "ctrl+q")
        self.process.wait(TIMEOUT)

    def kill(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def cli(*arguments):
    return subprocess.run([CLI, *arguments], check=True, capture_output=True, text=True).stdout


class ScreenshotsOnFailure(unittest.TestCase):
    """A failing test saves a screenshot of each window windows() names."""

    def windows(self):
        """[(App, suffix)] to photograph when a test fails."""
        return []

    def run(self, result=None):
        failures = len(result.failures) + len(result.errors) if result else 0
        outcome = super().run(result)
        if result and len(result.failures) + len(result.errors) > failures:
            stem = os.path.join(ARTIFACTS, self._testMethodName)
            for app, suffix in self.windows():
                app.screenshot(f"{stem}-{suffix}.png")
            print(f"\nfailure artifacts: {stem}-*.png, {ARTIFACTS}/*.log", file=sys.stderr)
        return outcome


class TwoWindows(ScreenshotsOnFailure):
    """One scenario, in the order a person would go through it: the tests
    share alice, bob and carol, and unittest runs them by name, so each
    name starts with its step."""

    @classmethod
    def setUpClass(cls):
        os.makedirs(ARTIFACTS, exist_ok=True)
        cls.alice = App("alice", 0)
        cls.bob = App("bob", 660)
        cls.alice.description_of("peerCountLabel", "1")
        cls.bob.description_of("peerCountLabel", "1")

    @classmethod
    def tearDownClass(cls):
        cls.alice.kill()
        cls.bob.kill()

    def windows(self):
        return [(self.alice, "alice"), (self.bob, "bob")]

    def test_message_from_a_to_b(self):
        self.alice.type_into("messageInput", "hello bob")
        self.bob.description_of("peerText", "hello bob", NAME="alice")

    def test_message_from_b_to_a(self):
        self.bob.type_into("messageInput", "hi alice")
        self.alice.description_of("peerText", "hi alice", NAME="bob")
        self.bob.description_of("peerSeen", "yes", NAME="alice")

    def test_gallery_image_from_a_to_b(self):
        self.alice.press("galleryButton")
        self.alice.press("galleryImage", FILE="lagoon")
        self.bob.description_of("peerImage", "640x480", NAME="alice")

    def test_cli_peer_telemetry_and_image_in_both(self):
        cli("send", "--key", KEY, "--name", "carol", "--telemetry", "1.5,-2,3")
        cli("send", "--key", KEY, "--name", "carol", "--image", os.path.join(GALLERY, "dunes.png"))
        for app in (self.alice, self.bob):
            app.description_of("peerTelemetry", "1.5,-2,3", NAME="carol")
            app.description_of("peerImage", "640x480", NAME="carol")

    def test_error_banner_for_a_file_that_is_not_an_image(self):
        notes = os.path.join(ARTIFACTS, "notes.png")
        with open(notes, "w") as f:
            f.write("these are notes, not pixels\n")
        # Copy the file as a file manager would, then paste it into alice.
        # xclip serves the clipboard in the foreground until it is stopped.
        clip = subprocess.Popen(["xclip", "-quiet", "-selection", "clipboard", "-t", "text/uri-list"],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
        clip.stdin.write(f"file://{notes}\n")
        clip.stdin.close()
        wait_for("xclip to own the clipboard",
                 lambda: subprocess.run(["xclip", "-o", "-selection", "clipboard", "-t", "text/uri-list"],
                                        capture_output=True, text=True).stdout.strip() == f"file://{notes}", 5)
        self.alice.press("pasteButton")
        wait_for("alice's error banner to explain",
                 lambda: 'not an image: "notes.png"' in self.alice.item("errorBanner").description)
        self.assertTrue(showing(self.alice.item("errorBanner")))
        # The last good image stays where it was.
        self.bob.description_of("peerImage", "640x480", NAME="alice")
        self.alice.press("dismissErrorButton")
        wait_for("the banner to go", lambda: self.alice.item("errorBanner").description == "")
        clip.terminate()
        clip.wait(5)

    def test_changing_the_room_key_separates_and_rejoins(self):
        self.bob.type_into("roomKeyField", KEY + "-elsewhere", replace=True)
        self.alice.description_of("peerState", "left", NAME="bob")
        self.bob.description_of("peerCountLabel", "0")
        self.bob.type_into("roomKeyField", KEY, replace=True)
        self.alice.description_of("peerState", "live", NAME="bob")
        self.bob.description_of("peerText", "hello bob", NAME="alice")

    def test_closing_b_shows_it_left_in_a(self):
        self.bob.close()
        self.assertEqual(self.bob.process.returncode, 0)
        self.alice.description_of("peerState", "left", NAME="bob")
        self.alice.description_of("peerCountLabel", "0")


LONG_TEXT = ("Shared memory lets every process on this machine see the same bytes. " * 10)[:500]
TWELVE = ("uptime_seconds=86400,temperature_celsius=21.5,humidity=48,pitch=12.5,roll=-4.2,yaw=87,"
          "elbow=33,wrist=-61,grip=5,battery_volts=24.1,motor_current_amps=3.2,link_quality=0.93")


class PersonaRoom(ScreenshotsOnFailure):
    """A room of roomtool personas seen from one window, cls.me; a failing
    test saves a screenshot of it. Subclasses say who is in the room."""

    SHOT = "window"  # the screenshot's suffix

    @classmethod
    def start_room(cls, key, personas, open_window):
        """personas: {name: [roomtool persona options]}; open_window() -> App."""
        os.makedirs(ARTIFACTS, exist_ok=True)
        cls.key = key
        cls.personas = []
        for name, options in personas.items():
            persona = subprocess.Popen([ROOMTOOL, "persona", "--key", key, "--name", name, "--seconds", "600", *options],
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            assert persona.stdout.readline().strip() == "ready", f"{name} did not join"
            cls.personas.append(persona)
        cls.me = open_window()
        cls.me.description_of("peerCountLabel", str(len(personas)))

    @classmethod
    def tearDownClass(cls):
        cls.me.kill()
        for persona in cls.personas:
            persona.terminate()
            persona.wait(10)

    def windows(self):
        return [(self.me, self.SHOT)]


class TenPeers(PersonaRoom):
    """A realistic room: ten live peers with long texts, images and 12-value
    telemetry, seen from one window of GEOMETRY, driven by real input."""

    GEOMETRY = SHOT = "480x800"
    PEERS = [f"peer{i}" for i in range(10)]

    @classmethod
    def setUpClass(cls):
        os.makedirs(ARTIFACTS, exist_ok=True)
        text_file = os.path.join(ARTIFACTS, "long.txt")
        with open(text_file, "w", encoding="utf-8") as f:
            f.write(LONG_TEXT)
        personas = {name: ["--text-file", text_file, "--telemetry", TWELVE]
                          + (["--image", os.path.join(GALLERY, "dunes.png")] if i % 3 == 0 else [])
                    for i, name in enumerate(cls.PEERS)}
        key = f"{KEY}-ten-{cls.GEOMETRY}"
        cls.start_room(key, personas, lambda: App("me", 0, cls.GEOMETRY, key))

    def test_every_peer_scrolls_into_view_and_reads(self):
        for name in self.PEERS + list(reversed(self.PEERS)):
            self.me.scroll_into_view("peerText", NAME=name)
            self.assertTrue(showing(self.me.item("peerText", NAME=name)))
            self.me.description_of("peerText", LONG_TEXT, NAME=name)

    def test_detail_shows_the_whole_text(self):
        self.me.scroll_into_view("peerText", NAME="peer3")
        self.me.click_at("peerText", NAME="peer3")
        self.me.description_of("detailText", LONG_TEXT, NAME="peer3")
        detail = self.me.item("detailText", NAME="peer3")
        self.assertEqual(detail.queryText().getText(0, -1), LONG_TEXT)
        self.me.item("detailTelemetry", NAME="peer3", VALUE="motor_current_amps", INDEX="10")
        self.me.press("detailBackButton")
        wait_for("the peer list to come back", lambda: showing(self.me.item("peerList")))

    def test_me_shows_my_last_message(self):
        self.me.type_into("messageInput", "what I sent last")
        self.me.description_of("selfText", "what I sent last")
        wait_for("all ten to have read it",
                 lambda: len(self.me.item("selfTextSeenBy").description.split(", ")) == 10)

    def test_a_bad_name_keeps_me_in_the_room(self):
        self.me.type_into("nameField", "   ", replace=True)
        self.me.description_of("nameProblem", "The peer name is empty.")
        self.assertTrue(self.me.frame.name.startswith("ShmBridge — me in room"))
        self.me.description_of("peerCountLabel", "10")
        self.me.scroll_into_view("peerText", NAME="peer0")
        self.me.description_of("peerText", LONG_TEXT, NAME="peer0")


class TenPeersLandscape(TenPeers):
    GEOMETRY = SHOT = "800x480"


class ThemesAndLanguages(unittest.TestCase):
    """Dark and zh_CN windows still answer to the object map; the zh_CN one
    announces Chinese names."""

    ROOM = ("roomKeyField", "nameField", "messageInput", "liveSwitch", "sendButton", "pickImageButton",
            "galleryButton", "pasteButton", "themeButton", "peerList", "statusLabel", "peerCountLabel")
    WITH_VALUES = ("selfCard", "selfText", "selfTextSeenBy", "peer", "peerState", "peerText")
    DETAIL = ("peerDetail", "detailBackButton", "detailText", "copyTextButton", "detailSeen")

    def check_window(self, extra):
        """The window's title and the accessible names of every entry the
        room, a peer's text and its detail show, once they have resolved."""
        app = App("themed", 0, "800x600", f"{KEY}-themes", extra)
        names = {}
        try:
            for symbolic in self.ROOM:
                names[symbolic] = app.item(symbolic).name
            # Chinese and emoji arrive from another peer (xdotool cannot type them).
            cli("send", "--key", f"{KEY}-themes", "--name", "李明", "--text", "你好，世界 👋")
            app.description_of("peerText", "你好，世界 👋", NAME="李明")
            app.type_into("messageInput", "sent from a themed window")
            app.description_of("selfText", "sent from a themed window")
            for symbolic in self.WITH_VALUES:
                names[symbolic] = app.item(symbolic, NAME="李明").name
            app.click_at("peer", NAME="李明")
            for symbolic in self.DETAIL:
                names[symbolic] = app.item(symbolic, NAME="李明").name
            app.press("detailBackButton")
            app.item("peerList")
            return app.frame.name, names
        finally:
            app.kill()

    def test_dark(self):
        self.check_window(("--theme", "dark"))

    def test_high_contrast(self):
        self.check_window(("--theme", "contrast"))

    def test_zh_CN(self):
        title, names = self.check_window(("--lang", "zh_CN"))
        self.assertIn("房间", title)
        # Every name a screen reader announces is Chinese (the peer's name
        # aside): none is the English of the map.
        english = {symbolic: OBJECTS.properties(symbolic, NAME="李明")[0] for symbolic in names}
        self.assertEqual([s for s in names if names[s] == english[s]], [])
        self.assertEqual(names["sendButton"], "发送")


class StreamingKiosk(PersonaRoom):
    """A wall of cameras on a 7" kiosk panel (Xvfb's screen 1, 800 x 480):
    six peers stream 1920 x 1080 at 30 frames/s while a person types, sends
    and looks at one of them closely."""

    SHOT = "kiosk"

    @classmethod
    def setUpClass(cls):
        key = f"{KEY}-streams"
        cls.start_room(key, {f"cam{i}": ["--stream", "1920x1080@30"] for i in range(6)},
                       lambda: App("wall", 0, "", key, ("--kiosk",), screen=1))

    def test_a_message_arrives_within_a_second(self):
        # Only text is read by this watcher, so the streams cost it nothing.
        watch = subprocess.Popen([CLI, "watch", "--key", self.key, "--kind", "text", "--skip-current", "--count", "1",
                                  "--timeout", "30", "--json"], stdout=subprocess.PIPE, text=True)
        try:
            wait_for("the watcher in the room", lambda: '"name":"watch"' in cli("peers", "--key", self.key, "--json"))
            self.me.click("messageInput")
            self.me.xdotool("type", "--delay", "10", "over the streams")
            sent = time.monotonic()
            self.me.xdotool("key", "Return")
            line = json.loads(watch.stdout.readline())
            arrived = time.monotonic() - sent
            self.assertEqual((line["peer"], line["text"]), ("wall", "over the streams"))
            self.assertLess(arrived, 1.0, f"the message took {arrived:.2f} s to arrive")
        finally:
            watch.kill()
            watch.wait()
        self.me.description_of("selfText", "over the streams")

    def test_the_detail_of_a_streaming_peer_opens_and_zooms(self):
        # The keyboard may still be up from typing: the list above it scrolls.
        self.me.scroll_into_view("peerState", NAME="cam2")
        self.me.click_at("peerState", NAME="cam2")
        self.me.item("peerDetail", NAME="cam2")
        image = self.me.item("detailImage", NAME="cam2")
        fitted = wait_for("the frame to show, fitted", lambda: re.fullmatch(r"1920x1080 at (\d+)%", image.description))
        self.assertLess(int(fitted.group(1)), 100)
        self.me.press("zoomInButton")
        wait_for("the frame to zoom in", lambda: (m := re.fullmatch(r"1920x1080 at (\d+)%", image.description))
                 and int(m.group(1)) > int(fitted.group(1)))
        self.me.press("zoomFitButton")
        self.me.description_of("detailImage", fitted.group(0), NAME="cam2")
        self.me.press("detailBackButton")
        wait_for("the peer list to come back", lambda: showing(self.me.item("peerList")))


class KioskKeyboard(unittest.TestCase):
    """On the machine as set up, tapping the message field in kiosk mode
    brings up the on-screen keyboard."""

    def test_tap_shows_the_keyboard(self):
        app = App("kiosk", 0, "", f"{KEY}-kiosk", ("--kiosk",))
        try:
            panel = app.item("inputPanel")
            self.assertEqual(panel.description, "hidden")
            app.click("messageInput")
            app.description_of("inputPanel", "shown")
            wait_for("the keyboard to be on screen", lambda: showing(app.item("inputPanel")))
            # What I reply to keeps 40% of the screen; what I type stays in view.
            _, _, _, screen_height = app.frame.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            wait_for("the peers to keep 40% of the height",
                     lambda: app.extents("peerList")[3] >= 0.4 * screen_height - 1)
            _, field_y, _, field_height = app.extents("messageInput")
            _, panel_y, _, _ = app.extents("inputPanel")
            self.assertLessEqual(field_y + field_height, panel_y, "the message field is above the keyboard")
        finally:
            app.kill()


def load_tests(loader, standard_tests, pattern):
    """Each class's tests run in the order they are written, not by name:
    TwoWindows and the persona rooms are scenarios whose steps build on
    the ones before (a subclass's own tests come after those it inherits)."""
    suite = unittest.TestSuite()
    for case in list(vars(sys.modules[__name__]).values()):
        if not (isinstance(case, type) and issubclass(case, unittest.TestCase)):
            continue
        written = []
        for klass in reversed(case.__mro__):
            written += [test for test in vars(klass) if test.startswith("test_") and test not in written]
        if written:
            suite.addTests(case(test) for test in written)
    return suite


if __name__ == "__main__":
    unittest.main(verbosity=2)

# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
"""A ShmBridge peer in pure Python: the standard library, nothing else.

It joins a room, publishes text, telemetry and raw images, and watches the
other peers' values as their bells ring, following docs/segment-layout.md
step by step (that document is the only thing it was written from).

    import shmbridge
    with shmbridge.Room("demo", "python") as room:
        room.publish_text("hello")
        room.publish_telemetry({"pitch": 1.5, "roll": -0.25})
        room.publish_image(2, 1, bytes(8), shmbridge.RGB32)
        for update in room.watch(timeout=5):
            print(update.peer, update.kind, update.value)

Run as a program it is a small command-line peer; see --help.

Memory ordering: shared words are read and written whole, through
memoryview casts (one aligned 8-byte load or store each), in program order.
Python has no fences, so this module relies on x86-64's memory model, where
loads and stores are not reordered with their own kind, and refuses other
machines. Image writers must never fill a buffer that a reader leases; that
check needs a store-load fence Python cannot express, so every image goes
into a fresh channel generation instead, where nobody can hold a lease yet.
"""

import argparse
import collections
import errno
import fcntl
import hashlib
import json
import math
import mmap
import os
import platform
import select
import signal
import socket
import stat
import struct
import sys
import time

if platform.machine() not in ("x86_64", "AMD64") or sys.byteorder != "little":
    raise ImportError("shmbridge.py needs an x86-64 machine: its memory model is what keeps "
                      "the seqlocks correct without fences")

PROTOCOL_VERSION = 4
ROOM_MAGIC = 0x31474452424D4853  # "SHMBRDG1"
CHANNEL_MAGIC = 0x314E4843424D4853  # "SHMBCHN1"
HELLO_MAGIC = 0x344F4C48424D4853  # "SHMBHLO4"
MAX_PEERS = 32
MAX_KEY_BYTES = 256
MAX_NAME_BYTES = 64
HEADER_SIZE = 512
ENTRY_SIZE = 2304
ROOM_SEGMENT_SIZE = HEADER_SIZE + MAX_PEERS * ENTRY_SIZE  # 74,240
CHANNEL_HEADER_SIZE = 256
BUFFERS_OFFSET = 4096
BUFFER_HEADER_SIZE = 128
PAGE = 4096

TEXT, IMAGE, TELEMETRY = 0, 1, 2
KIND_NAMES = {TEXT: "text", IMAGE: "image", TELEMETRY: "telemetry"}
FREE, LIVE, LEFT = 0, 1, 2
RGB32, ARGB32, ARGB32_PREMULTIPLIED = 1, 2, 3

MAX_TEXT_BYTES = 1024 * 1024
MAX_IMAGE_SIDE = 8192
MAX_TELEMETRY_VALUES = 64
MAX_TELEMETRY_NAME_BYTES = 32
LOCK_WAIT_S = 2.0
READ_ATTEMPTS = 16
BUFFER_COUNT = 3

# Offsets in the control segment (docs/segment-layout.md, "Control segment").
H_MAGIC, H_VERSION, H_HEADER_SIZE, H_PEER_CAPACITY = 0, 8, 12, 16
H_ENTRY_SIZE, H_TABLE_OFFSET, H_KEY_SIZE, H_CREATED, H_KEY = 20, 24, 28, 32, 40
E_STATE, E_SLOT_GENERATION, E_NONCE, E_PID, E_NAME_SIZE = 0, 4, 8, 16, 20
E_START_TIME, E_JOINED, E_NAME, E_CHANNELS, E_ACKS = 24, 32, 40, 128, 256
C_GENERATION, C_LATEST_SEQ, C_CAPACITY, C_TOKEN = 0, 8, 16, 24  # within channels[kind], 32 bytes each
A_WRITER, A_SEQ, A_LEASE = 0, 8, 32  # within acks[slot], 64 bytes each
# Channel segment and buffer headers.
CH_MAGIC, CH_VERSION, CH_KIND, CH_BUFFER_COUNT, CH_HEADER_SIZE = 0, 8, 12, 16, 20
CH_STRIDE, CH_CAPACITY, CH_WRITER, CH_PUBLISHED = 24, 32, 40, 48
B_LOCK, B_SEQ, B_PUBLISH_NS, B_SIZE, B_WIDTH, B_HEIGHT, B_FORMAT = 0, 8, 16, 24, 32, 36, 40


class ShmBridgeError(Exception):
    """A failure explained in words a person can act on."""


Update = collections.namedtuple("Update", "peer peer_id kind seq value width height format")


def _max_payload(kind):
    if kind == TEXT:
        return MAX_TEXT_BYTES
    if kind == IMAGE:
        return MAX_IMAGE_SIDE * MAX_IMAGE_SIDE * 4
    return 8 + 8 * MAX_TELEMETRY_VALUES + MAX_TELEMETRY_VALUES * (1 + MAX_TELEMETRY_NAME_BYTES)


def _page_capacity(payload):
    return (payload + BUFFER_HEADER_SIZE + PAGE - 1) // PAGE * PAGE - BUFFER_HEADER_SIZE


def _random_nonzero():
    while True:
        value = struct.unpack("<Q", os.urandom(8))[0]
        if value:
            return value


class _Shared:
    """A mapped segment, read and written a whole aligned word at a time."""

    def __init__(self, fd, size, writable):
        self.size = size
        self.map = mmap.mmap(fd, size, mmap.MAP_SHARED,
                             mmap.PROT_READ | (mmap.PROT_WRITE if writable else 0))
        view = memoryview(self.map)
        self.u64 = view.cast("Q")
        self.u32 = view.cast("I")
        self.bytes = view

    def load64(self, offset):
        return self.u64[offset // 8]

    def store64(self, offset, value):
        self.u64[offset // 8] = value

    def load32(self, offset):
        return self.u32[offset // 4]

    def store32(self, offset, value):
        self.u32[offset // 4] = value

    def close(self):
        for view in (self.u64, self.u32, self.bytes):
            view.release()
        self.map.close()


def _private_directory(path):
    """True for a real directory of ours that nobody else may enter."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o077


def find_home():
    """The room home (docs/segment-layout.md): $XDG_RUNTIME_DIR/shmbridge,
    else /run/user/<uid>/shmbridge, else /dev/shm/shmbridge-<uid>; made 0700
    if missing, and refused unless ours and closed to others."""
    runtime, uid = os.environ.get("XDG_RUNTIME_DIR"), os.geteuid()
    if runtime:
        if not runtime.startswith("/") or not _private_directory(runtime):
            raise ShmBridgeError("XDG_RUNTIME_DIR=%s is not a directory of yours closed to others" % runtime)
        home = runtime + "/shmbridge"
    elif _private_directory("/run/user/%d" % uid):
        home = "/run/user/%d/shmbridge" % uid
    else:
        home = "/dev/shm/shmbridge-%d" % uid
    try:
        os.mkdir(home, 0o700)
    except FileExistsError:
        pass
    if not _private_directory(home):
        raise ShmBridgeError("the room directory %s is not yours alone; refusing it" % home)
    return home


def _is_nonblocking_eventfd(fd):
    """Only such a descriptor may be written from a publish: anything else
    (a pipe, a socket) could block the writer."""
    try:
        return (os.readlink("/proc/self/fd/%d" % fd) == "anon_inode:[eventfd]"
                and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_NONBLOCK != 0)
    except OSError:
        return False


def _open_segment(path, flags):
    """Opens a segment as the protocol demands: no symlinks, no FIFOs, ours alone."""
    fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o600)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
        os.close(fd)
        raise ShmBridgeError("%s is not shared memory of this user alone; refusing it" % path)
    return fd


def _unlink(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _process_stat(pid):
    """(state, start time): fields 3 and 22 of the main thread's stat, or None.

    /proc/<pid>/task/<pid>/stat, as the C++ core reads it: an emulator may
    fake a program's own /proc/<pid>/stat, never the task's."""
    try:
        with open("/proc/%d/task/%d/stat" % (pid, pid), "rb") as file:
            text = file.read()
    except OSError:
        return None
    fields = text[text.rindex(b")") + 2:].split()
    return fields[0].decode(), int(fields[19])


def _process_alive(pid, start_time):
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    seen = _process_stat(pid)
    if seen is None:
        return True  # no /proc: the pid is all we know
    return seen[0] not in ("Z", "X") and seen[1] == start_time


def encode_telemetry(values):
    """A dict of name -> value, or a sequence of values, as the payload."""
    if isinstance(values, dict):
        names, numbers = list(values.keys()), [float(v) for v in values.values()]
    else:
        names, numbers = [], [float(v) for v in values]
    if not 1 <= len(numbers) <= MAX_TELEMETRY_VALUES:
        raise ShmBridgeError("telemetry has 1 to %d values, not %d" % (MAX_TELEMETRY_VALUES, len(numbers)))
    if not all(math.isfinite(v) for v in numbers):
        raise ShmBridgeError("telemetry values must be finite numbers")
    encoded_names = b""
    for name in names:
        utf8 = str(name).encode()
        if not 1 <= len(utf8) <= MAX_TELEMETRY_NAME_BYTES:
            raise ShmBridgeError("telemetry names must be 1 to %d bytes: %r" % (MAX_TELEMETRY_NAME_BYTES, name))
        encoded_names += bytes([len(utf8)]) + utf8
    return (struct.pack("<II", len(numbers), len(encoded_names))
            + struct.pack("<%dd" % len(numbers), *numbers) + encoded_names)


def decode_telemetry(payload):
    """The payload as a dict (names for every value) or a list; untrusted."""
    if len(payload) < 8:
        raise ShmBridgeError("a telemetry update is corrupt: too short")
    count, names_size = struct.unpack_from("<II", payload)
    if not 1 <= count <= MAX_TELEMETRY_VALUES or 8 + 8 * count + names_size != len(payload):
        raise ShmBridgeError("a telemetry update is corrupt: its sizes disagree")
    values = list(struct.unpack_from("<%dd" % count, payload, 8))
    if not all(math.isfinite(v) for v in values):
        raise ShmBridgeError("a telemetry update is corrupt: a value is not a finite number")
    names, at, end = [], 8 + 8 * count, len(payload)
    while at < end:
        length = payload[at]
        if not 1 <= length <= MAX_TELEMETRY_NAME_BYTES or at + 1 + length > end:
            raise ShmBridgeError("a telemetry update is corrupt: bad name")
        names.append(bytes(payload[at + 1:at + 1 + length]).decode())
        at += 1 + length
    if not names:
        return values
    if len(names) != count:
        raise ShmBridgeError("a telemetry update is corrupt: not every value has a name")
    return dict(zip(names, values))


class _Channel:
    """One of our channels: the current generation's segment."""

    def __init__(self):
        self.shared = None
        self.name = None
        self.generation = 0
        self.token = 0
        self.capacity = 0
        self.stride = 0
        self.published_index = 0
        self.seq = 0


class Room:
    """A peer in a ShmBridge room. Not thread-safe: use it from one thread."""

    def __init__(self, key, name="python"):
        key_utf8, name_utf8 = key.encode(), name.encode()
        if not 1 <= len(key_utf8) <= MAX_KEY_BYTES:
            raise ShmBridgeError("the room key must be 1 to %d bytes of UTF-8" % MAX_KEY_BYTES)
        if any(ord(c) < 0x20 or ord(c) == 0x7F for c in key):
            raise ShmBridgeError("the room key contains control characters")
        if not 1 <= len(name_utf8) <= MAX_NAME_BYTES or not name.strip():
            raise ShmBridgeError("the peer name must be 1 to %d bytes of UTF-8" % MAX_NAME_BYTES)
        self.key = key
        self._key_utf8 = key_utf8
        if not hasattr(os, "eventfd"):
            raise ShmBridgeError("shmbridge.py needs Python 3.10 or newer (os.eventfd)")
        self.home = find_home()
        self.prefix = "%s/room-%s" % (self.home, hashlib.sha256(key_utf8).digest()[:12].hex())
        self._room = None
        self._room_fd = -1
        self._channels = [_Channel() for _ in range(3)]
        self._views = {}  # (slot, kind) -> (nonce, generation, token, _Shared, count, stride, capacity)
        self._seen = {}  # slot -> [nonce, seq per kind]
        self._bells = {}  # slot -> (nonce, eventfd) the peer in it handed us
        self._introduced = {}  # slot -> the nonce we handed our bell to
        self._open_doorbell()
        try:
            self._attach_and_claim(name_utf8)
        except BaseException:
            self._close_doorbell()
            raise
        for slot in range(MAX_PEERS):  # each answers with its own bell, and looks at the room
            e = self._entry(slot)
            if slot != self.slot and self._room.load32(e + E_STATE) == LIVE:
                self._introduced[slot] = self._room.load64(e + E_NONCE)
                self._introduce(self._introduced[slot])

    # --- names -----------------------------------------------------------

    def _channel_name(self, nonce, kind, generation, token):
        return "%s-%x-%d-%d-%x" % (self.prefix, nonce, kind, generation, token)

    def _rendezvous_path(self, nonce):
        return "%s-%x.sock" % (self.prefix, nonce)

    def _entry(self, slot):
        return HEADER_SIZE + slot * ENTRY_SIZE

    # --- join and leave --------------------------------------------------

    def _open_doorbell(self):
        """Our bell (an eventfd) and our rendezvous socket, under a fresh nonce;
        one epoll descriptor watches both (fileno)."""
        self._bell = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)
        self._rendezvous = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_NONBLOCK)
        self._rendezvous.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self._wakeups = select.epoll()
        self._wakeups.register(self._bell, select.EPOLLIN)
        self._wakeups.register(self._rendezvous.fileno(), select.EPOLLIN)
        self.nonce = 0
        for _ in range(4):
            nonce = _random_nonzero()
            try:
                self._rendezvous.bind(self._rendezvous_path(nonce))
                os.chmod(self._rendezvous_path(nonce), 0o600)
                self.nonce = nonce
                return
            except OSError as error:
                if error.errno != errno.EADDRINUSE:
                    self._close_doorbell()
                    raise ShmBridgeError("cannot bind a rendezvous socket: %s" % error.strerror)
        self._close_doorbell()
        raise ShmBridgeError("cannot bind a rendezvous socket: every nonce tried was taken")

    def _close_doorbell(self):
        self._wakeups.close()
        self._rendezvous.close()
        if self.nonce:
            _unlink(self._rendezvous_path(self.nonce))
        os.close(self._bell)
        for _, fd in self._bells.values():
            os.close(fd)
        self._bells.clear()

    def _lock(self, fd):
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.001)

    def _attach_and_claim(self, name_utf8):
        segment = self.prefix
        for _ in range(16):
            try:
                fd = _open_segment(segment, os.O_RDWR)
            except FileNotFoundError:
                try:
                    fd = _open_segment(segment, os.O_RDWR | os.O_CREAT | os.O_EXCL)
                except FileExistsError:
                    continue  # someone else created it first: attach to theirs
            try:
                if not self._lock(fd):
                    raise ShmBridgeError('room "%s" is busy: its lock was not free within %g s'
                                         % (self.key, LOCK_WAIT_S))
                info = os.fstat(fd)
                if info.st_nlink == 0:
                    os.close(fd)  # the last peer removed the room between our open and lock
                    continue
                if info.st_size not in (0, ROOM_SEGMENT_SIZE):
                    raise ShmBridgeError('room "%s" is corrupt: its segment is %d bytes' % (self.key, info.st_size))
                if info.st_size == 0:  # new, or its creator died before sizing it
                    os.ftruncate(fd, ROOM_SEGMENT_SIZE)
                # Reserved before the first read: on a full tmpfs an
                # unreserved page is a SIGBUS.
                os.posix_fallocate(fd, 0, ROOM_SEGMENT_SIZE)
                room = _Shared(fd, ROOM_SEGMENT_SIZE, True)
                try:
                    if room.load64(H_MAGIC) == 0:
                        self._initialise(room)
                    else:
                        self._validate(room)
                    self._claim(room, name_utf8)
                except BaseException:
                    room.close()
                    raise
            except BaseException:
                os.close(fd)  # also unlocks
                raise
            self._room, self._room_fd = room, fd
            fcntl.flock(fd, fcntl.LOCK_UN)
            return
        raise ShmBridgeError('room "%s" keeps being removed while joining; try again' % self.key)

    def _initialise(self, room):
        room.bytes[:] = bytes(ROOM_SEGMENT_SIZE)
        room.store32(H_VERSION, PROTOCOL_VERSION)
        room.store32(H_HEADER_SIZE, HEADER_SIZE)
        room.store32(H_PEER_CAPACITY, MAX_PEERS)
        room.store32(H_ENTRY_SIZE, ENTRY_SIZE)
        room.store32(H_TABLE_OFFSET, HEADER_SIZE)
        room.store32(H_KEY_SIZE, len(self._key_utf8))
        room.store64(H_CREATED, time.time_ns())
        room.bytes[H_KEY:H_KEY + len(self._key_utf8)] = self._key_utf8
        room.store64(H_MAGIC, ROOM_MAGIC)  # last: the room exists from here

    def _validate(self, room):
        if room.load64(H_MAGIC) != ROOM_MAGIC:
            raise ShmBridgeError('room "%s" is corrupt: bad magic' % self.key)
        if room.load32(H_VERSION) != PROTOCOL_VERSION:
            raise ShmBridgeError('room "%s" speaks protocol version %d; this module speaks %d'
                                 % (self.key, room.load32(H_VERSION), PROTOCOL_VERSION))
        if (room.load32(H_HEADER_SIZE), room.load32(H_PEER_CAPACITY), room.load32(H_ENTRY_SIZE),
                room.load32(H_TABLE_OFFSET)) != (HEADER_SIZE, MAX_PEERS, ENTRY_SIZE, HEADER_SIZE):
            raise ShmBridgeError('room "%s" is corrupt: bad sizes in its header' % self.key)
        size = room.load32(H_KEY_SIZE)
        if size != len(self._key_utf8) or bytes(room.bytes[H_KEY:H_KEY + size]) != self._key_utf8:
            raise ShmBridgeError('room "%s" collides with another key\'s room' % self.key)

    def _begin_slot_write(self, room, e):
        room.store32(e + E_SLOT_GENERATION, room.load32(e + E_SLOT_GENERATION) | 1)

    def _end_slot_write(self, room, e):
        room.store32(e + E_SLOT_GENERATION, ((room.load32(e + E_SLOT_GENERATION) | 1) + 1) & 0xFFFFFFFF)

    def _unlink_channels_of(self, nonce):
        """Every channel segment of a peer, found by listing the room home, ours only."""
        prefix = os.path.basename("%s-%x-" % (self.prefix, nonce))
        for entry in os.scandir(self.home):
            try:
                if entry.name.startswith(prefix) and entry.stat(follow_symlinks=False).st_uid == os.geteuid():
                    _unlink(entry.path)
            except OSError:
                pass

    def _reclaim(self, room, slot):
        e = self._entry(slot)
        nonce = room.load64(e + E_NONCE)
        if nonce:
            self._unlink_channels_of(nonce)
            _unlink(self._rendezvous_path(nonce))  # a crashed peer's socket stays behind
        self._begin_slot_write(room, e)
        room.bytes[e:e + E_SLOT_GENERATION] = bytes(4)
        room.bytes[e + 8:e + ENTRY_SIZE] = bytes(ENTRY_SIZE - 8)
        self._end_slot_write(room, e)

    def _claim(self, room, name_utf8):
        live = 0
        for slot in range(MAX_PEERS):
            e = self._entry(slot)
            if room.load32(e + E_STATE) != LIVE:
                continue
            if _process_alive(struct.unpack_from("<i", room.map, e + E_PID)[0], room.load64(e + E_START_TIME)):
                live += 1
            else:
                room.store32(e + E_STATE, LEFT)  # died without leaving
        if live == 0:  # a leftover of a crash: start afresh
            for slot in range(MAX_PEERS):
                if room.load32(self._entry(slot) + E_STATE) != FREE:
                    self._reclaim(room, slot)
        chosen = next((s for s in range(MAX_PEERS) if room.load32(self._entry(s) + E_STATE) == FREE), None)
        if chosen is None:
            left = [s for s in range(MAX_PEERS) if room.load32(self._entry(s) + E_STATE) == LEFT]
            if not left:
                raise ShmBridgeError('room "%s" is full: %d peers are in it' % (self.key, MAX_PEERS))
            chosen = min(left, key=lambda s: room.load64(self._entry(s) + E_JOINED))
            self._reclaim(room, chosen)
        e = self._entry(chosen)
        self._begin_slot_write(room, e)
        room.store64(e + E_NONCE, self.nonce)
        struct.pack_into("<i", room.map, e + E_PID, os.getpid())
        room.store32(e + E_NAME_SIZE, len(name_utf8))
        room.store64(e + E_START_TIME, _process_stat(os.getpid())[1])
        room.store64(e + E_JOINED, time.time_ns())
        room.bytes[e + E_NAME:e + E_NAME + MAX_NAME_BYTES] = name_utf8.ljust(MAX_NAME_BYTES, b"\0")
        room.store32(e + E_STATE, LIVE)
        self._end_slot_write(room, e)
        self.slot = chosen

    def leave(self):
        """Leaves the room; the last one out removes it. Safe to call twice."""
        if self._room is None:
            return
        room, removed = self._room, False
        removed_under_us = os.fstat(self._room_fd).st_nlink == 0
        locked = self._lock(self._room_fd)
        room.store32(self._entry(self.slot) + E_STATE, LEFT)  # our values stay readable
        if removed_under_us:
            self._unlink_channels_of(self.nonce)  # nobody else can reach them now
        elif locked:
            anyone = any(room.load32(self._entry(s) + E_STATE) == LIVE
                         and _process_alive(struct.unpack_from("<i", room.map, self._entry(s) + E_PID)[0],
                                            room.load64(self._entry(s) + E_START_TIME))
                         for s in range(MAX_PEERS))
            if not anyone:
                for slot in range(MAX_PEERS):
                    if room.load32(self._entry(slot) + E_STATE) != FREE:
                        self._reclaim(room, slot)
                _unlink(self.prefix)
                removed = True
        if not removed:
            self._ring_all()
        for channel in self._channels:
            if channel.shared:
                channel.shared.close()
        for view in self._views.values():
            view[3].close()
        self._views.clear()
        room.close()
        os.close(self._room_fd)  # also unlocks
        self._room, self._room_fd = None, -1
        self._close_doorbell()

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.leave()

    # --- bells ---------------------------------------------------------------

    def _introduce(self, nonce):
        """Hands our bell to a peer's rendezvous socket. Until it answers with
        its own, this is also how we wake it."""
        try:  # a full queue (EAGAIN) means a wake-up is pending already
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_NONBLOCK) as sender:
                # sendmsg, not socket.send_fds: up to 3.12 that drops its flags and address.
                sender.sendmsg([struct.pack("<QQ", HELLO_MAGIC, self.nonce)],
                               [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack("i", self._bell))],
                               socket.MSG_DONTWAIT, self._rendezvous_path(nonce))
        except OSError:
            pass

    def _ring(self, slot, nonce):
        bell = self._bells.get(slot)
        if bell is None or bell[0] != nonce:
            self._introduce(nonce)
            return
        try:
            os.eventfd_write(bell[1], 1)
        except BlockingIOError:
            pass  # only when its count would overflow: it has rings pending anyway

    def _forget_bell(self, slot):
        bell = self._bells.pop(slot, None)
        if bell is not None:
            os.close(bell[1])

    def _ring_all(self):
        for slot in range(MAX_PEERS):
            e = self._entry(slot)
            if slot != self.slot and self._room.load32(e + E_STATE) == LIVE:
                self._ring(slot, self._room.load64(e + E_NONCE))

    def fileno(self):
        """Readable when a peer may have news (for select/poll): an epoll
        descriptor over our bell and our rendezvous socket."""
        return self._wakeups.fileno()

    def _drain(self):
        """Resets our bell; True if anyone rang it."""
        try:
            return os.eventfd_read(self._bell) > 0
        except BlockingIOError:
            return False

    def _meet(self):
        """Keeps the bells live peers of the room hand us (their credentials
        must match the slot of their nonce). True if anyone wrote: a peer
        joined, answered, or rang before it had our bell."""
        any_message = False
        space = socket.CMSG_SPACE(struct.calcsize("3i")) + socket.CMSG_SPACE(4 * struct.calcsize("i"))
        for _ in range(64):
            try:
                data, ancillary, flags, _ = self._rendezvous.recvmsg(17, space, socket.MSG_DONTWAIT | socket.MSG_CMSG_CLOEXEC)
            except BlockingIOError:
                break
            any_message = True
            sender, fds = None, []
            for level, kind, payload in ancillary:
                if level != socket.SOL_SOCKET:
                    continue
                if kind == socket.SCM_CREDENTIALS and len(payload) >= 12:
                    sender = struct.unpack_from("3i", payload)  # pid, uid, gid
                elif kind == socket.SCM_RIGHTS:
                    count = len(payload) // 4
                    fds.extend(struct.unpack_from("%di" % count, payload))
            slot = None
            if (len(data) == 16 and not flags & (socket.MSG_CTRUNC | socket.MSG_TRUNC) and sender is not None
                    and sender[1] == os.geteuid() and len(fds) == 1 and _is_nonblocking_eventfd(fds[0])):
                magic, nonce = struct.unpack("<QQ", data)
                if magic == HELLO_MAGIC and nonce != 0:
                    slot = next((s for s in range(MAX_PEERS) if s != self.slot
                                 and self._room.load32(self._entry(s) + E_STATE) == LIVE
                                 and self._room.load64(self._entry(s) + E_NONCE) == nonce
                                 and struct.unpack_from("<i", self._room.map, self._entry(s) + E_PID)[0] == sender[0]),
                                None)
            if slot is None or self._bells.get(slot, (0, -1))[0] == nonce:
                for fd in fds:
                    os.close(fd)  # not a live peer of the room, or a bell we have: it rang us
                continue
            self._forget_bell(slot)
            self._bells[slot] = (nonce, fds[0])
            os.eventfd_write(fds[0], 1)  # whatever we published before we had its bell
            if self._introduced.get(slot) != nonce:
                self._introduced[slot] = nonce
                self._introduce(nonce)
        return any_message

    # --- publishing ----------------------------------------------------------

    def publish_text(self, text):
        utf8 = text.encode()
        if len(utf8) > MAX_TEXT_BYTES:
            raise ShmBridgeError("the text is %d KiB; the limit is %d KiB"
                                 % ((len(utf8) + 1023) // 1024, MAX_TEXT_BYTES // 1024))
        return self._publish(TEXT, utf8)

    def publish_telemetry(self, values):
        """values: {"name": number, ...} or [number, ...]."""
        return self._publish(TELEMETRY, encode_telemetry(values))

    def publish_image(self, width, height, pixels, pixel_format=RGB32):
        """pixels: width*height 32-bit native-endian words, rows packed."""
        if not (1 <= width <= MAX_IMAGE_SIDE and 1 <= height <= MAX_IMAGE_SIDE):
            raise ShmBridgeError("an image is 1 to %d pixels a side, not %dx%d" % (MAX_IMAGE_SIDE, width, height))
        if pixel_format not in (RGB32, ARGB32, ARGB32_PREMULTIPLIED):
            raise ShmBridgeError("unknown pixel format %r" % pixel_format)
        if len(pixels) != width * height * 4:
            raise ShmBridgeError("a %dx%d image is %d bytes, not %d"
                                 % (width, height, width * height * 4, len(pixels)))
        # A fresh generation for every image: nobody can lease its buffers yet.
        return self._publish(IMAGE, pixels, width, height, pixel_format, fresh=True)

    def _grow(self, kind, size):
        channel = self._channels[kind]
        wanted = min(max(size, 2 * channel.capacity, 64 * 1024 if kind == IMAGE else 1), _max_payload(kind))
        capacity = _page_capacity(wanted)
        stride = capacity + BUFFER_HEADER_SIZE
        total = BUFFERS_OFFSET + BUFFER_COUNT * stride
        generation = channel.generation + 1
        for _ in range(8):  # a random token ends the name: nobody can create it before we do
            token = _random_nonzero()
            name = self._channel_name(self.nonce, kind, generation, token)
            try:
                fd = _open_segment(name, os.O_RDWR | os.O_CREAT | os.O_EXCL)
                break
            except FileExistsError:
                continue
        else:
            raise ShmBridgeError("cannot create a channel segment: every name tried exists")
        try:
            os.ftruncate(fd, total)
            # Reserved before it is touched: a full tmpfs is an error, not a SIGBUS.
            os.posix_fallocate(fd, 0, total)
            shared = _Shared(fd, total, True)
        except OSError as error:
            _unlink(name)
            raise ShmBridgeError("cannot reserve %d bytes of shared memory for %s: %s"
                                 % (total, name, error.strerror))
        finally:
            os.close(fd)
        shared.store32(CH_VERSION, PROTOCOL_VERSION)
        shared.store32(CH_KIND, kind)
        shared.store32(CH_BUFFER_COUNT, BUFFER_COUNT)
        shared.store32(CH_HEADER_SIZE, CHANNEL_HEADER_SIZE)
        shared.store64(CH_STRIDE, stride)
        shared.store64(CH_CAPACITY, capacity)
        shared.store64(CH_WRITER, self.nonce)
        shared.store64(CH_MAGIC, CHANNEL_MAGIC)
        retired = channel.name
        if channel.shared:
            channel.shared.close()
        channel.shared, channel.name = shared, name
        channel.generation, channel.token = generation, token
        channel.capacity, channel.stride, channel.published_index = capacity, stride, 0
        return retired

    def _publish(self, kind, payload, width=0, height=0, pixel_format=0, fresh=False):
        if self._room is None:
            raise ShmBridgeError("not in a room: the Room has left")
        channel, retired = self._channels[kind], None
        if channel.shared is None or fresh or len(payload) > channel.capacity:
            retired = self._grow(kind, len(payload))
        index = (channel.published_index + 1) % BUFFER_COUNT  # never the published buffer
        buffer = BUFFERS_OFFSET + index * channel.stride
        shared, seq = channel.shared, channel.seq + 1
        lock = shared.load64(buffer + B_LOCK)
        shared.store64(buffer + B_LOCK, lock + 1)
        shared.store64(buffer + B_SEQ, seq)
        shared.store64(buffer + B_PUBLISH_NS, time.monotonic_ns())
        shared.store64(buffer + B_SIZE, len(payload))
        shared.store32(buffer + B_WIDTH, width)
        shared.store32(buffer + B_HEIGHT, height)
        shared.store32(buffer + B_FORMAT, pixel_format)
        start = buffer + BUFFER_HEADER_SIZE
        shared.bytes[start:start + len(payload)] = payload
        shared.store64(buffer + B_LOCK, lock + 2)
        shared.store64(CH_PUBLISHED, seq << 8 | index)
        channel.seq, channel.published_index = seq, index
        state = self._entry(self.slot) + E_CHANNELS + 32 * kind
        room = self._room
        room.store64(state + C_CAPACITY, channel.capacity)
        if room.load64(state + C_GENERATION) != channel.generation:
            room.store64(state + C_TOKEN, channel.token)
            room.store64(state + C_GENERATION, channel.generation)
        room.store64(state + C_LATEST_SEQ, seq)
        if retired:
            _unlink(retired)
        self._ring_all()
        return seq

    # --- reading the others ----------------------------------------------------

    def _map_view(self, nonce, kind, generation, token):
        name = self._channel_name(nonce, kind, generation, token)
        fd = _open_segment(name, os.O_RDONLY)
        try:
            size = os.fstat(fd).st_size
            if size < BUFFERS_OFFSET:
                raise ShmBridgeError("%s is corrupt: too small for its header" % name)
            shared = _Shared(fd, size, False)
        finally:
            os.close(fd)
        count, stride, capacity = shared.load32(CH_BUFFER_COUNT), shared.load64(CH_STRIDE), shared.load64(CH_CAPACITY)
        if (shared.load64(CH_MAGIC) != CHANNEL_MAGIC or shared.load32(CH_VERSION) != PROTOCOL_VERSION
                or shared.load32(CH_KIND) != kind or shared.load64(CH_WRITER) != nonce
                or not 2 <= count <= 8 or capacity > _page_capacity(_max_payload(kind))
                or stride < BUFFER_HEADER_SIZE + capacity or stride > size
                or BUFFERS_OFFSET + count * stride > size):
            shared.close()
            raise ShmBridgeError("%s is corrupt: its header does not hold together" % name)
        return (nonce, generation, token, shared, count, stride, capacity)

    def _read(self, view):
        """The seqlock read: (seq, payload, width, height, format) or None."""
        shared, count, stride, capacity = view[3], view[4], view[5], view[6]
        for _ in range(READ_ATTEMPTS):
            published = shared.load64(CH_PUBLISHED)
            index = published & 0xFF
            if published == 0 or index >= count:
                return None
            buffer = BUFFERS_OFFSET + index * stride
            lock = shared.load64(buffer + B_LOCK)
            if lock & 1:
                continue
            seq, size = shared.load64(buffer + B_SEQ), shared.load64(buffer + B_SIZE)
            width, height = shared.load32(buffer + B_WIDTH), shared.load32(buffer + B_HEIGHT)
            pixel_format = shared.load32(buffer + B_FORMAT)
            if size > capacity:
                return None
            start = buffer + BUFFER_HEADER_SIZE
            payload = bytes(shared.bytes[start:start + size])
            if shared.load64(buffer + B_LOCK) == lock:
                return seq, payload, width, height, pixel_format
        return None  # the writer is faster than we are: the next doorbell brings the newer value

    def _acknowledge(self, writer_slot, writer, kind, seq):
        ack = self._entry(self.slot) + E_ACKS + 64 * writer_slot
        room = self._room
        if room.load64(ack + A_WRITER) != writer:  # a new writer in that slot
            room.store64(ack + A_WRITER, 0)
            for k in range(3):
                room.store64(ack + A_SEQ + 8 * k, 0)
            room.store64(ack + A_LEASE, 0)
            room.store64(ack + A_WRITER, writer)
        if seq > room.load64(ack + A_SEQ + 8 * kind):
            room.store64(ack + A_SEQ + 8 * kind, seq)
            self._ring(writer_slot, writer)

    def _decode(self, kind, payload, width, height, pixel_format):
        if kind == TEXT:
            return payload.decode()  # invalid UTF-8 raises, and the value is refused
        if kind == TELEMETRY:
            return decode_telemetry(payload)
        if not (1 <= width <= MAX_IMAGE_SIDE and 1 <= height <= MAX_IMAGE_SIDE
                and len(payload) == width * height * 4 and pixel_format in (RGB32, ARGB32, ARGB32_PREMULTIPLIED)):
            raise ShmBridgeError("an image update is corrupt: its geometry does not match its size")
        return payload

    def poll(self):
        """Every value published since the last call, newest per channel."""
        updates, room = [], self._room
        if room is None:
            return updates
        for slot in range(MAX_PEERS):
            e = self._entry(slot)
            if slot == self.slot or room.load32(e + E_STATE) == FREE:
                continue
            before = room.load32(e + E_SLOT_GENERATION)
            if before & 1:
                continue  # the slot's identity is being rewritten
            nonce = room.load64(e + E_NONCE)
            size = min(room.load32(e + E_NAME_SIZE), MAX_NAME_BYTES)
            name = bytes(room.bytes[e + E_NAME:e + E_NAME + size]).decode(errors="replace")
            channels = [(room.load64(e + E_CHANNELS + 32 * k + C_GENERATION),
                         room.load64(e + E_CHANNELS + 32 * k + C_TOKEN),
                         room.load64(e + E_CHANNELS + 32 * k + C_LATEST_SEQ)) for k in range(3)]
            if nonce == 0 or room.load32(e + E_SLOT_GENERATION) != before:
                continue
            if self._bells.get(slot, (nonce,))[0] != nonce or room.load32(e + E_STATE) != LIVE:
                self._forget_bell(slot)  # it left, or someone new is in its slot
            seen = self._seen.get(slot)
            if seen is None or seen[0] != nonce:  # someone new in this slot
                seen = self._seen[slot] = [nonce, 0, 0, 0]
            for kind, (generation, token, latest) in enumerate(channels):
                if generation == 0 or latest <= seen[1 + kind]:
                    continue
                view = self._views.get((slot, kind))
                if view is None or view[:3] != (nonce, generation, token):
                    if view is not None:
                        view[3].close()
                        del self._views[(slot, kind)]
                    try:
                        view = self._views[(slot, kind)] = self._map_view(nonce, kind, generation, token)
                    except (OSError, ShmBridgeError) as error:
                        if not isinstance(error, FileNotFoundError):  # it moved on: the next ring says where
                            print("shmbridge: %s" % error, file=sys.stderr)
                        continue
                read = self._read(view)
                if read is None:
                    continue
                seq, payload, width, height, pixel_format = read
                seen[1 + kind] = max(seq, latest)
                self._acknowledge(slot, nonce, kind, seq)
                try:
                    value = self._decode(kind, payload, width, height, pixel_format)
                except (UnicodeDecodeError, ShmBridgeError) as error:
                    print("shmbridge: refused a %s update from %s: %s" % (KIND_NAMES[kind], name, error),
                          file=sys.stderr)
                    continue
                updates.append(Update(name, nonce, KIND_NAMES[kind], seq, value, width, height, pixel_format))
        return updates

    def watch(self, timeout=None):
        """Yields the room's current values, then each update as our bell
        rings, until timeout seconds pass without one (None: forever)."""
        for update in self.poll():
            yield update
        while True:
            readable, _, _ = select.select([self._wakeups], [], [], timeout)
            if not readable:
                return
            look = self._meet()
            look = self._drain() or look
            if look:
                for update in self.poll():
                    yield update


def _main(argv):
    parser = argparse.ArgumentParser(
        description="A ShmBridge peer in pure Python: publish to a room, and print its updates as JSON lines.")
    parser.add_argument("--key", required=True, help="room key: every process using it shares a room")
    parser.add_argument("--name", default="python", help='display name of this peer (default "python")')
    parser.add_argument("--text", help="publish this text")
    parser.add_argument("--telemetry", help="publish telemetry: pitch=1.5,roll=2 or 1.5,2")
    parser.add_argument("--image", metavar="FILE", help="publish raw 32-bit pixels from FILE (with --width, --height)")
    parser.add_argument("--width", type=int)
    parser.add_argument("--height", type=int)
    parser.add_argument("--watch", action="store_true", help="print the room's values and updates as JSON lines")
    parser.add_argument("--count", type=int, default=0, help="with --watch: exit after N updates")
    parser.add_argument("--timeout", type=float, help="with --watch: exit 3 after SEC seconds without an update")
    args = parser.parse_args(argv)
    # SIGTERM leaves the room as cleanly as Ctrl+C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        telemetry = None
        if args.telemetry is not None:
            parts = [p.split("=", 1) for p in args.telemetry.split(",")]
            try:
                if all(len(p) == 2 for p in parts):
                    telemetry = {p[0].strip(): float(p[1]) for p in parts}
                else:
                    telemetry = [float(p[0]) for p in parts]
            except ValueError:
                parser.error("--telemetry takes numbers, as pitch=1.5,roll=2 or 1.5,2")
        pixels = None
        if args.image is not None:
            if not args.width or not args.height:
                parser.error("--image needs --width and --height")
            with open(args.image, "rb") as file:
                pixels = file.read()
        with Room(args.key, args.name) as room:
            print(json.dumps({"event": "joined", "key": args.key, "name": args.name}), flush=True)
            if args.text is not None:
                room.publish_text(args.text)
            if telemetry is not None:
                room.publish_telemetry(telemetry)
            if pixels is not None:
                room.publish_image(args.width, args.height, pixels)
            if not args.watch:
                return 0
            seen = 0
            for update in room.watch(args.timeout):
                line = {"kind": update.kind, "peer": update.peer, "peer_id": "%x" % update.peer_id, "seq": update.seq}
                if update.kind == "image":
                    line.update(width=update.width, height=update.height,
                                sha256=hashlib.sha256(update.value).hexdigest())
                elif update.kind == "telemetry":
                    line["values"] = update.value
                else:
                    line["text"] = update.value
                print(json.dumps(line, ensure_ascii=False), flush=True)
                seen += 1
                if args.count and seen >= args.count:
                    return 0
            return 3 if args.timeout is not None else 0
    except (ShmBridgeError, OSError) as error:
        print("shmbridge: %s" % error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))

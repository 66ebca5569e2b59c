#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
"""python/shmbridge.py restates the numbers of include/shmbridge/layout.h
(Python cannot include a C header). This checks every one of them against
what the C compiler makes of the header (layout_c99, run), and that the
module has no number this table does not check; and its names of the kinds.

usage: layout-parity.py MODULE.py COMMAND...   (COMMAND runs layout_c99)"""
import importlib.util
import subprocess
import sys

# The module's name -> the C name layout_c99 prints it under.
PYTHON = {
    "PROTOCOL_VERSION": "SHMBRIDGE_PROTOCOL_VERSION",
    "ROOM_MAGIC": "SHMBRIDGE_ROOM_MAGIC",
    "CHANNEL_MAGIC": "SHMBRIDGE_CHANNEL_MAGIC",
    "HELLO_MAGIC": "SHMBRIDGE_HELLO_MAGIC",
    "MAX_PEERS": "SHMBRIDGE_MAX_PEERS",
    "MAX_KEY_BYTES": "SHMBRIDGE_MAX_KEY_BYTES",
    "MAX_NAME_BYTES": "SHMBRIDGE_MAX_NAME_BYTES",
    "HEADER_SIZE": "sizeof shmbridge_room_header",
    "ENTRY_SIZE": "sizeof shmbridge_peer_entry",
    "ROOM_SEGMENT_SIZE": "SHMBRIDGE_ROOM_SEGMENT_SIZE",
    "CHANNEL_HEADER_SIZE": "sizeof shmbridge_channel_header",
    "BUFFERS_OFFSET": "SHMBRIDGE_CHANNEL_BUFFERS_OFFSET",
    "BUFFER_HEADER_SIZE": "sizeof shmbridge_buffer_header",
    "PAGE": "SHMBRIDGE_PAGE_BYTES",
    "TEXT": "SHMBRIDGE_KIND_TEXT",
    "IMAGE": "SHMBRIDGE_KIND_IMAGE",
    "TELEMETRY": "SHMBRIDGE_KIND_TELEMETRY",
    "FREE": "SHMBRIDGE_PEER_FREE",
    "LIVE": "SHMBRIDGE_PEER_LIVE",
    "LEFT": "SHMBRIDGE_PEER_LEFT",
    "RGB32": "SHMBRIDGE_PIXEL_RGB32",
    "ARGB32": "SHMBRIDGE_PIXEL_ARGB32",
    "ARGB32_PREMULTIPLIED": "SHMBRIDGE_PIXEL_ARGB32_PREMULTIPLIED",
    "MAX_TEXT_BYTES": "SHMBRIDGE_MAX_TEXT_BYTES",
    "MAX_IMAGE_SIDE": "SHMBRIDGE_MAX_IMAGE_SIDE",
    "MAX_TELEMETRY_VALUES": "SHMBRIDGE_MAX_TELEMETRY_VALUES",
    "MAX_TELEMETRY_NAME_BYTES": "SHMBRIDGE_MAX_TELEMETRY_NAME_BYTES",
    "READ_ATTEMPTS": "SHMBRIDGE_READ_ATTEMPTS",
    "BUFFER_COUNT": "SHMBRIDGE_WRITER_BUFFERS",
    "H_MAGIC": "shmbridge_room_header.magic",
    "H_VERSION": "shmbridge_room_header.version",
    "H_HEADER_SIZE": "shmbridge_room_header.headerSize",
    "H_PEER_CAPACITY": "shmbridge_room_header.peerCapacity",
    "H_ENTRY_SIZE": "shmbridge_room_header.peerEntrySize",
    "H_TABLE_OFFSET": "shmbridge_room_header.peerTableOffset",
    "H_KEY_SIZE": "shmbridge_room_header.keySize",
    "H_CREATED": "shmbridge_room_header.createdRealtimeNs",
    "H_KEY": "shmbridge_room_header.key",
    "E_STATE": "shmbridge_peer_entry.state",
    "E_SLOT_GENERATION": "shmbridge_peer_entry.slotGeneration",
    "E_NONCE": "shmbridge_peer_entry.nonce",
    "E_PID": "shmbridge_peer_entry.pid",
    "E_NAME_SIZE": "shmbridge_peer_entry.nameSize",
    "E_START_TIME": "shmbridge_peer_entry.startTime",
    "E_JOINED": "shmbridge_peer_entry.joinedRealtimeNs",
    "E_NAME": "shmbridge_peer_entry.name",
    "E_CHANNELS": "shmbridge_peer_entry.channels",
    "E_ACKS": "shmbridge_peer_entry.acks",
    "C_GENERATION": "shmbridge_channel_state.segmentGeneration",
    "C_LATEST_SEQ": "shmbridge_channel_state.latestSeq",
    "C_CAPACITY": "shmbridge_channel_state.capacity",
    "C_TOKEN": "shmbridge_channel_state.segmentToken",
    "A_WRITER": "shmbridge_ack.writerNonce",
    "A_SEQ": "shmbridge_ack.seq",
    "A_LEASE": "shmbridge_ack.imageLease",
    "CH_MAGIC": "shmbridge_channel_header.magic",
    "CH_VERSION": "shmbridge_channel_header.version",
    "CH_KIND": "shmbridge_channel_header.kind",
    "CH_BUFFER_COUNT": "shmbridge_channel_header.bufferCount",
    "CH_HEADER_SIZE": "shmbridge_channel_header.headerSize",
    "CH_STRIDE": "shmbridge_channel_header.bufferStride",
    "CH_CAPACITY": "shmbridge_channel_header.bufferCapacity",
    "CH_WRITER": "shmbridge_channel_header.writerNonce",
    "CH_PUBLISHED": "shmbridge_channel_header.published",
    "B_LOCK": "shmbridge_buffer_header.lock",
    "B_SEQ": "shmbridge_buffer_header.updateSeq",
    "B_PUBLISH_NS": "shmbridge_buffer_header.publishMonotonicNs",
    "B_SIZE": "shmbridge_buffer_header.payloadSize",
    "B_WIDTH": "shmbridge_buffer_header.width",
    "B_HEIGHT": "shmbridge_buffer_header.height",
    "B_FORMAT": "shmbridge_buffer_header.format",
}
# Numbers that are not plain integers in the module, by what they must equal.
SCALED = {"LOCK_WAIT_S": ("SHMBRIDGE_LOCK_WAIT_MS", 1000)}
# The module's KIND_NAMES: each kind's number -> its name, as layout.h has them.
KIND_NAMES = {
    "SHMBRIDGE_KIND_TEXT": "SHMBRIDGE_KIND_TEXT_NAME",
    "SHMBRIDGE_KIND_IMAGE": "SHMBRIDGE_KIND_IMAGE_NAME",
    "SHMBRIDGE_KIND_TELEMETRY": "SHMBRIDGE_KIND_TELEMETRY_NAME",
}


def main():
    module_path, command = sys.argv[1], sys.argv[2:]
    c = {}
    for line in subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines():
        name, _, value = line.rpartition(" ")
        c[name] = value[1:-1] if value.startswith('"') else int(value)
    spec = importlib.util.spec_from_file_location("shmbridge", module_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    problems = []
    for py, cname in sorted(PYTHON.items()):
        if cname not in c:
            problems.append("%s: layout_c99 prints no %s" % (py, cname))
        elif getattr(module, py, None) != c[cname]:
            problems.append("%s is %r in shmbridge.py, %s is %d in layout.h"
                            % (py, getattr(module, py, None), cname, c[cname]))
    for py, (cname, scale) in SCALED.items():
        if round(getattr(module, py, -1) * scale) != c[cname]:
            problems.append("%s is %r in shmbridge.py, %s is %d in layout.h"
                            % (py, getattr(module, py, None), cname, c[cname]))
    names = {c[number]: c[name] for number, name in KIND_NAMES.items()}
    if getattr(module, "KIND_NAMES", None) != names:
        problems.append("KIND_NAMES is %r in shmbridge.py, %r in layout.h"
                        % (getattr(module, "KIND_NAMES", None), names))
    for name, value in vars(module).items():
        if name.isupper() and isinstance(value, (int, float)) and not isinstance(value, bool) \
                and name not in PYTHON and name not in SCALED:
            problems.append("%s in shmbridge.py is checked against nothing: add it to layout-parity.py" % name)
    for problem in problems:
        print("layout-parity: " + problem, file=sys.stderr)
    print("layout-parity: %d numbers and %d names of shmbridge.py checked against layout.h, %d differ"
          % (len(PYTHON) + len(SCALED), len(KIND_NAMES), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

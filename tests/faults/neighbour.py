# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
"""A hostile neighbour: another user who rings every local socket it can
find, again and again, hoping one of them wakes a ShmBridge peer.

It looks where such a user can look: the socket table (/proc/net/unix, which
lists every bound path and abstract name on the machine), /dev/shm, and any
directories given on the command line (the victim's runtime directory). To
each socket it sends one datagram, and tries a stream and a seqpacket
connection. It prints one JSON line when stopped (SIGTERM): how many sends it
tried, and how many reached a socket under any of the given directories.

    neighbour.py INTERVAL_S DIR...      (INTERVAL_S 0: a flood)
"""
import json
import os
import signal
import socket
import sys
import time

interval = float(sys.argv[1])  # argv[0] is "-c" when run from the test
protected = [d.rstrip("/") + "/" for d in sys.argv[2:]]
tried = reached = reached_protected = 0


def addresses():
    found = set()
    try:
        with open("/proc/net/unix") as table:
            next(table)
            for line in table:
                fields = line.split()
                if len(fields) >= 8:
                    path = fields[7]
                    found.add(b"\0" + path[1:].encode() if path.startswith("@") else path.encode())
    except OSError:
        pass
    for top in ["/dev/shm"] + [d.rstrip("/") for d in protected]:
        for root, dirs, files in os.walk(top, onerror=lambda e: None):
            for name in files:
                found.add(os.path.join(root, name).encode())
    return found


def ring(address):
    global tried, reached, reached_protected
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM, socket.SOCK_SEQPACKET):
        tried += 1
        s = socket.socket(socket.AF_UNIX, kind)
        s.setblocking(False)
        try:
            if kind == socket.SOCK_DGRAM:
                s.sendto(b"x", address)
            else:
                s.connect(address)
                s.send(b"x")
            reached += 1
            if any(address.startswith(d.encode()) for d in protected):
                reached_protected += 1
        except OSError:
            pass
        finally:
            s.close()


def report(*_):
    print(json.dumps({"tried": tried, "reached": reached, "reached_protected": reached_protected}), flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, report)
while True:
    for address in addresses():
        ring(address)
    if interval > 0:
        time.sleep(interval)

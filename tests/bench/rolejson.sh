# shellcheck shell=bash
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Sourced by the bench's comparison scripts. role_json EXPRESSION: reads a
# shmbridge-bench role's output on stdin (its JSON may follow other lines),
# and prints the Python EXPRESSION evaluated with that JSON as `j`, with no
# newline, e.g. role_json '"%6.2f" % j["latency_us"]["p50"]'.
role_json() {
    /usr/bin/python3 -c 'import json, sys
text = sys.stdin.read()
j = json.loads(text[text.index("{"):text.rindex("}") + 1])
print(eval(sys.argv[1]), end="")' "$1"
}

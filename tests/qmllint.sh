#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# qmllint finds nothing to say about the view (qml/, through the build's
# all_qmllint target, which knows the modules' C++ types) or the examples
# (against the module as installed, from the build's module/ copy). Any
# warning or note fails, with qmllint's own words.
#   qmllint.sh BUILD_DIR SOURCE_DIR QMLLINT
build=${1:?usage: qmllint.sh BUILD_DIR SOURCE_DIR QMLLINT} source=$2 qmllint=$3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
cmake --build "$build" --target all_qmllint >"$out" 2>&1 || status=1
"$qmllint" -I "$build/module" "$source"/examples/*/*.qml >>"$out" 2>&1 || status=1
if [ "$status" -ne 0 ] || grep -qE '^(Warning|Info):' "$out"; then
    grep -vE '^\[[0-9]+/[0-9]+\]|^ninja: ' "$out" >&2
    echo "qmllint: fix the above, or say why not with // qmllint disable <category>" >&2
    exit 1
fi
echo "qmllint: qml/ and examples/ are clean"

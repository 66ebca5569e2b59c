#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Every colour of the view comes from Theme.qml: a component with a colour
# literal would stay light in the dark theme (or dark in high contrast).
set -u
qml_dir=${1:?usage: no-hardcoded-colours.sh QML_DIR}
# A wrong path must fail, not find nothing and pass.
if ! ls "$qml_dir"/*.qml > /dev/null 2>&1 || [ ! -e "$qml_dir/Theme.qml" ]; then
    echo "no QML files (or no Theme.qml) in \"$qml_dir\": nothing would be checked"
    exit 2
fi
found=$(grep -nE '"#[0-9a-fA-F]{3,8}"|Qt\.(rgba|hsla|hsva|darker|lighter|tint)\(|:[[:space:]]*"(white|black|red|green|blue|gray|grey|yellow|orange|transparent)"' \
    "$qml_dir"/*.qml | grep -v '/Theme\.qml:')
if [ -n "$found" ]; then
    echo "Colours outside Theme.qml:"
    echo "$found"
    exit 1
fi
echo "no colour literals outside Theme.qml"

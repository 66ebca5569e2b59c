#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Every QML file of the view that qmlcachegen compiles must be compiled again
# when Theme.qml changes: it is compiled against Theme's types, and Qt's own
# rule does not say so (qml/CMakeLists.txt wires it). Asks ninja's graph.
set -u
ninja=${1:?usage: qml-cache-dependencies.sh NINJA BUILD_DIR QML_DIR}
build_dir=${2:?}
theme=${3:?}/Theme.qml
cd "$build_dir" || exit 2
compiled=$(find qml/.rcc/qmlcache -name '*_qml.cpp' 2>/dev/null | sort)
# A wrong path, or no compiled QML, must fail, not check nothing and pass.
if [ -z "$compiled" ] || [ ! -e "$theme" ]; then
    echo "no compiled QML under $build_dir/qml/.rcc/qmlcache (or no $theme): nothing would be checked"
    exit 2
fi
missing=""
for file in $compiled; do
    "$ninja" -t query "$file" | grep -qxF "    $theme" || missing="$missing $file"
done
if [ -n "$missing" ]; then
    echo "not rebuilt when Theme.qml changes:$missing"
    exit 1
fi
echo "all $(echo "$compiled" | wc -l) compiled QML files depend on Theme.qml"

#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Every file the README shows or links (images, documents, source files) is
# in git: a file that exists only on the machine that wrote the README is a
# broken link on every fresh clone.
#   tests/readme-files.sh SOURCE_DIR
set -eu
cd "$1"
missing=0
checked=0
for target in $(grep -o '](\([^)#][^)]*\))' README.md | sed 's/^](//; s/)$//; s/#.*//' | grep -v '^[a-z]*:' | sort -u); do
    checked=$((checked + 1))
    if [ -z "$(git ls-files -- "$target")" ]; then
        echo "README links $target, which is not in git"
        missing=$((missing + 1))
    fi
done
echo "readme-files: $checked linked files checked, $missing missing"
[ "$checked" -gt 0 ] && [ "$missing" -eq 0 ]

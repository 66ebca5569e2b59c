#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# docs/api.md is what scripts/api-reference.py makes of the bridge's headers:
# a changed property, invokable or signal without the reference fails here.
top=${1:?usage: api-reference.sh SOURCE_DIR}
if ! /usr/bin/python3 "$top/scripts/api-reference.py" "$top/backend/bridge" | diff -u "$top/docs/api.md" -; then
    echo "docs/api.md is out of date: run scripts/api-reference.py backend/bridge > docs/api.md" >&2
    exit 1
fi

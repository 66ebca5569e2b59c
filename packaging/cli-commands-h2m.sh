#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Writes a help2man include with the options of each shmbridge-cli command,
# taken from the program itself so the manual cannot drift from it.
# Usage: cli-commands-h2m.sh path/to/shmbridge-cli > commands.h2m
set -eu
cli=$1
echo "[COMMANDS]"
for command in send watch peers inspect legacy; do
    echo ".SS $command"
    echo ".nf"
    "$cli" "$command" --help | sed -e '1d' -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e '/^ *-h, --help/d' -e '/^ *--help-all/d' -e '/^ *-v, --version/d'
    echo ".fi"
done
echo "[SEE ALSO]"
echo ".BR shmbridge (1)"

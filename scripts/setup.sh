#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Installs what ShmBridge needs on Debian 12 bookworm (Qt 6.4) or Debian 13
# trixie (Qt 6.8), from Debian, then configures and builds it into ./build.
# Safe to run again.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib.sh

# To build and test: compilers, Qt's development packages (with QtQml's type
# information, which qmllint reads; the app needs none of it), X and AT-SPI for
# the UI tests, the tools that build and check the Debian package, cage
# with Xwayland for the kiosk session's test, and for the gateway libmosquitto
# with a real broker, its clients and openssl (the tests make certificates),
# and its image codecs (zstd, libjpeg-turbo); reuse (with git, which tells
# it what is ignored) checks every file's licence.
packages="build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-declarative-dev-tools qt6-tools-dev qt6-l10n-tools
  qt6-remoteobjects-dev qt6-qpa-plugins qml6-module-qttest qml6-module-qtqml libgl-dev libssl-dev fonts-noto-color-emoji
  xvfb xauth dbus dbus-x11 at-spi2-core python3-pyatspi gir1.2-atspi-2.0 python3-dogtail xdotool xclip
  util-linux procps python3
  help2man desktop-file-utils appstream lintian mmdebstrap cage xwayland reuse git
  libmosquitto-dev mosquitto mosquitto-clients openssl libzstd-dev libturbojpeg0-dev"
# What the app loads at run time: the package's list, so the two agree.
packages="$packages $(runtime_packages "$(qt_candidate)")"
# shellcheck disable=SC2086 # one word per package
install_missing $packages

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build build --parallel

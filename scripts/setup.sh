#!/bin/sh
# Installs what ShmBridge needs on Debian bookworm (Qt 6.4.2 from Debian),
# then configures and builds it into ./build. Safe to run again.
set -eu
cd "$(dirname "$0")/.."

packages="build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-declarative-dev-tools qt6-tools-dev qt6-l10n-tools
  qt6-remoteobjects-dev qt6-virtualkeyboard-plugin qt6-qpa-plugins
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-dialogs qml6-module-qtquick-window qml6-module-qtquick-templates
  qml6-module-qtqml-workerscript qml6-module-qttest qml6-module-qtquick-virtualkeyboard
  qml6-module-qt-labs-settings qml6-module-qtqml-models
  qml6-module-qt-labs-folderlistmodel qt6-translations-l10n
  libgl-dev fonts-dejavu-core fonts-noto-cjk fonts-noto-color-emoji
  xvfb xauth dbus dbus-x11 at-spi2-core python3-pyatspi gir1.2-atspi-2.0 python3-dogtail xdotool xclip
  libssl-dev util-linux procps"

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "setup: installing$missing"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build build --parallel

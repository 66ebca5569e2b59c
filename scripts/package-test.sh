#!/bin/bash
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# The packages, proven on a clean machine (run by .ci/run; needs root):
#  1. builds the .debs (scripts/package.sh); lintian must find no error in
#     them; validates the app's desktop entry and AppStream metainfo;
#  2. creates a minimal root of this machine's Debian release (or SUITE) with
#     mmdebstrap and installs the app's package there with apt, without
#     Recommends, so only its Depends bring what it needs;
#  3. there, as a user would (tests/package/in-root.sh): both --version, a
#     send/watch round trip of text, image and telemetry, the C example, the
#     kiosk's on-screen keyboard on an X display, and a zh_CN window;
#  4. proves that check can fail: with one runtime dependency removed from
#     the root, the kiosk check must fail and name the missing module;
#  5. installs systemd and man-db into the root; systemd-analyze verify
#     checks the kiosk unit, as shipped and with the eglfs drop-in;
#  6. installs libshmbridge-dev (with the library and the QML module it
#     depends on), python3-shmbridge and the build tools (cmake, g++,
#     ninja, pkg-config): examples/hello-bridge (QML) and hello-bridge-cpp
#     (C++) build there with find_package(ShmBridge), the C++ one also with
#     pkg-config, and each exchanges text with shmbridge-cli; Debian's
#     python3 imports shmbridge, and a Python peer and the CLI exchange text;
# then removes the root. Screenshots and logs: build/package-test/ (for
# another architecture, build/package-test-ARCH/).
#   scripts/package-test.sh [SUITE]             SUITE: bookworm, trixie (default:
#                                               this machine's, /etc/os-release)
#   ARCH=arm64 scripts/package-test.sh [SUITE]  the packages cross-built for
#                                               arm64 (scripts/package.sh), in an
#                                               arm64 root through qemu-user:
#                                               steps 1 to 3 without the windows,
#                                               and the Python module's refusal
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "package-test: needs root (mmdebstrap --mode=root, namespaces)" >&2; exit 2; }

. scripts/lib.sh
suite=${1:-$(. /etc/os-release && echo "$VERSION_CODENAME")}
native=$(dpkg --print-architecture)
arch=${ARCH:-$native}
debs=$(ARCH=$arch ./scripts/package.sh)
deb=$(echo "$debs" | grep '/shmbridge_[^/]*\.deb$')
version=$(dpkg-deb -f "$deb" Version)
[ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ] || { echo "package-test: $deb is not for $arch" >&2; exit 1; }
artifacts=$PWD/build/package-test
[ "$arch" = "$native" ] || artifacts=$artifacts-$arch
rm -rf "$artifacts" && mkdir -p "$artifacts"
work=$(mktemp -d /var/tmp/shmbridge-package-test.XXXXXX)
root=$work/root
xvfb_pid=""
cleanup() {
    [ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null || true
    # Every mount below was made in a private mount namespace, so nothing
    # is mounted under the root any more; refuse to delete through one.
    if findmnt -rn -o TARGET | grep -q "^$work"; then
        echo "package-test: something is still mounted under $work; not removing it" >&2
    else
        rm -rf --one-file-system "$work"
    fi
}
trap cleanup EXIT
step() { echo "package-test: $*"; }
fail() { echo "package-test: FAIL: $*" >&2; exit 1; }

step "1/6 lintian, and the shipped files of $(basename "$deb")"
# shellcheck disable=SC2086 # one path per line, none with spaces
lintian --fail-on error $debs >"$artifacts/lintian.txt" 2>&1 \
    || { cat "$artifacts/lintian.txt" >&2; fail "lintian found errors in the packages"; }
grep -v "root privileges" "$artifacts/lintian.txt" | sed "s/^/    lintian: /" || true
dpkg-deb -x "$deb" "$work/files"
desktop-file-validate "$work/files/usr/share/applications/org.shmbridge.ShmBridge.desktop" \
    || fail "desktop-file-validate refused the desktop entry"
appstreamcli validate --no-net --pedantic "$work/files/usr/share/metainfo/org.shmbridge.ShmBridge.metainfo.xml" \
    || fail "appstreamcli refused the metainfo"

step "2/6 a clean $suite $arch root, with the package installed by apt"
started=$SECONDS
[ "$arch" = "$native" ] || enable_qemu_user
make_root "$suite" "$arch" "$root" || fail "could not create the root"
mv "$root.log" "$artifacts/mmdebstrap.log"
cp "$deb" "$root/tmp/"
# Runs a command in the root (scripts/lib.sh), with $results (default: the
# artifacts directory) at /results. X clients reach the host's Xvfb through
# its abstract socket (same network namespace), so the root holds nothing the
# packages did not bring.
in_this_root() {
    mkdir -p "${results:-$artifacts}"
    IN_ROOT_RESULTS=${results:-$artifacts} in_root "$root" "$@"
}
apt_in_root() { in_this_root env DEBIAN_FRONTEND=noninteractive apt-get -y --no-install-recommends "$@"; }
apt_in_root install "/tmp/$(basename "$deb")" >"$artifacts/apt-app.log" 2>&1 \
    || { tail -n 20 "$artifacts/apt-app.log" >&2; fail "could not install $(basename "$deb") into the root"; }
step "    $((SECONDS - started)) s, $(du -sh "$root" | cut -f1)"
cp tests/package/in-root.sh assets/gallery/aurora.png "$root/tmp/"

step "3/6 the package in use"
if [ "$arch" = "$native" ]; then
    # A display Xvfb finds free itself (-displayfd): CI runs this beside
    # other roots in the same network namespace, where X's abstract sockets
    # are shared.
    Xvfb -displayfd 3 -screen 0 800x480x24 -nolisten tcp -noreset 3>"$work/display" 2>"$artifacts/xvfb.log" &
    xvfb_pid=$!
    for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
    [ -s "$work/display" ] || fail "Xvfb did not start: $(cat "$artifacts/xvfb.log")"
    export DISPLAY=":$(cat "$work/display")"
fi
build=build
[ "$arch" = "$native" ] || build=build-$arch
cp "$build/examples/c-telemetry/shmbridge-c-telemetry" "$root/tmp/"
failed=0
in_this_root /tmp/in-root.sh versions "$version" || failed=1
in_this_root /tmp/in-root.sh round-trip /tmp/aurora.png || failed=1
in_this_root /tmp/in-root.sh c-peer /tmp/shmbridge-c-telemetry || failed=1
if [ "$arch" = "$native" ]; then
    in_this_root /tmp/in-root.sh kiosk-keyboard || failed=1
    in_this_root /tmp/in-root.sh chinese || failed=1
fi
[ "$failed" -eq 0 ] || fail "the installed package does not work (logs and screenshots: $artifacts)"

if [ "$arch" != "$native" ]; then
    # Under emulation, windows and compilers take minutes each: the Python
    # module, which must refuse in words on arm64, is the last check.
    python_deb=$(echo "$debs" | grep '/python3-shmbridge_[^/]*\.deb$')
    cp "$python_deb" "$root/tmp/"
    apt_in_root install "/tmp/$(basename "$python_deb")" >"$artifacts/apt-python.log" 2>&1 \
        || { tail -n 20 "$artifacts/apt-python.log" >&2; fail "could not install python3-shmbridge into the root"; }
    in_this_root /tmp/in-root.sh python-peer || fail "the Python module (logs: $artifacts)"
    step "passed: the $arch packages install on a clean $suite root and work there ($artifacts)"
    exit 0
fi

step "4/6 the same check without one dependency must fail, naming it"
in_this_root dpkg --remove --force-depends qml6-module-qt-labs-folderlistmodel >/dev/null 2>&1
if results=$artifacts/without-dependency in_this_root /tmp/in-root.sh kiosk-keyboard >"$artifacts/without-dependency.txt"; then
    fail "the kiosk check passed without qml6-module-qt-labs-folderlistmodel: it cannot catch a missing Depends"
fi
grep -q 'missing: module "Qt.labs.folderlistmodel" is not installed' "$artifacts/without-dependency.txt" \
    || fail "the kiosk check failed without naming the missing module: $(cat "$artifacts/without-dependency.txt")"
sed 's/^/    /' "$artifacts/without-dependency.txt"

step "5/6 systemd-analyze verify of the kiosk unit (which also reads its man page)"
# First put back what step 4 took away: apt installs nothing into a root
# whose dependencies are broken.
{ apt_in_root --fix-broken install && apt_in_root install systemd man-db; } >"$artifacts/apt-systemd.log" 2>&1 \
    || { tail -n 20 "$artifacts/apt-systemd.log" >&2; fail "could not install systemd and man-db into the root"; }
unit=/usr/lib/systemd/system/shmbridge-kiosk.service
in_this_root systemd-analyze verify "$unit" || fail "systemd-analyze verify refused $unit"
mkdir -p "$root/etc/systemd/system/shmbridge-kiosk.service.d"
cp "$root/usr/share/doc/shmbridge/examples/kiosk-eglfs.conf" "$root/etc/systemd/system/shmbridge-kiosk.service.d/"
in_this_root systemd-analyze verify "$unit" || fail "systemd-analyze verify refused $unit with the eglfs drop-in"

step "6/6 the library's packages: an outside app built against them, and the Python module"
mkdir -p "$root/tmp/packages"
# shellcheck disable=SC2086
cp $debs "$root/tmp/packages/"
mkdir -p "$root/tmp/examples" && cp -r examples/hello-bridge examples/hello-bridge-cpp "$root/tmp/examples/"
cp tests/library/exchange-text.sh scripts/lib.sh "$root/tmp/"
started=$SECONDS
# apt takes the packages the -dev depends on from the same directory, as it
# finds none of them in the archive.
library_debs=$(for d in $debs; do case $d in */libshmbridge*|*/qml6-module-shmbridge*|*/python3-shmbridge*) echo "/tmp/packages/$(basename "$d")" ;; esac; done)
# shellcheck disable=SC2086
apt_in_root install $library_debs cmake g++ ninja-build pkg-config \
    >"$artifacts/apt-library.log" 2>&1 \
    || { tail -n 20 "$artifacts/apt-library.log" >&2; fail "could not install libshmbridge-dev and python3-shmbridge into the root"; }
step "    $((SECONDS - started)) s"
failed=0
in_this_root /tmp/in-root.sh outside-apps /tmp/examples || failed=1
in_this_root /tmp/in-root.sh python-peer || failed=1
[ "$failed" -eq 0 ] || fail "the library's packages do not work (logs: $artifacts)"

step "passed: the packages install on a clean $suite root and work there ($artifacts)"

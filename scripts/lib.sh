# shellcheck shell=sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Helpers the scripts share; source it: . scripts/lib.sh (from the top).

# wait_for SECONDS WHAT COMMAND...: runs COMMAND every 0.1 s until it
# succeeds; after SECONDS, says that WHAT did not happen and exits 1. No
# script waits for ever on a peer that never comes.
wait_for() {
    wait_seconds=$1 wait_what=$2
    shift 2
    wait_tries=0
    until "$@"; do
        wait_tries=$((wait_tries + 1))
        if [ "$wait_tries" -ge $((wait_seconds * 10)) ]; then
            echo "$(basename "$0"): $wait_what did not happen within $wait_seconds s" >&2
            exit 1
        fi
        sleep 0.1
    done
}

# control_steps_passed WHAT LOG...: every step of an app's --control session
# passed (a failed one prints a line beginning "error"), or says which of
# WHAT failed, shows the logs and exits 1.
control_steps_passed() {
    control_what=$1
    shift
    if grep -q '^error' "$@"; then
        echo "$(basename "$0"): a step of $control_what failed:" >&2
        cat "$@" >&2
        exit 1
    fi
}

# CPU time a process has used so far, in clock ticks (user + system; see
# getconf CLK_TCK). The command name in /proc/PID/stat may hold spaces:
# the fields are counted after its closing parenthesis.
cpu_ticks() {
    sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# install_missing PACKAGE...: apt-get installs those of the Debian packages
# that are not installed yet (with sudo when not root); nothing if all are.
install_missing() {
    missing=""
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
    done
    [ -n "$missing" ] || return 0
    echo "$(basename "$0"): installing$missing"
    apt_get update -qq
    # shellcheck disable=SC2086 # one word per package
    apt_get install -y -qq --no-install-recommends $missing
}

# apt_get ARGUMENTS...: apt-get, with sudo when not root.
apt_get() {
    if [ "$(id -u)" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get "$@"
    else
        sudo DEBIAN_FRONTEND=noninteractive apt-get "$@"
    fi
}

# set_up: installs what is missing and builds (on an unchanged tree, a build
# with nothing to do). SHMBRIDGE_SET_UP=1 skips it, for a caller that has
# just set up (test-in-debian.sh).
set_up() {
    [ -n "${SHMBRIDGE_SET_UP:-}" ] || ./scripts/setup.sh
}

# can_isolate: true where this user may make private mount and IPC
# namespaces (root, or user namespaces), for a /dev/shm of its own.
can_isolate() {
    unshare --mount --ipc true 2>/dev/null
}

# PRIVATE_SHM: the sh command that mounts a fresh tmpfs on /dev/shm, to run
# inside `unshare --mount --ipc --propagation private sh -c`.
# shellcheck disable=SC2034 # used by the scripts that source this
PRIVATE_SHM='mount -t tmpfs -o mode=1777 shmbridge-private /dev/shm'

# runtime_packages QT_VERSION: packaging/runtime-packages for that Qt, one
# package a line (a line's second word, "qt<6.5" or "qt>=6.5", limits it).
runtime_packages() {
    runtime_qt=$1
    grep -E '^[a-z0-9]' packaging/runtime-packages | while read -r package condition; do
        case $condition in
            "") echo "$package" ;;
            "qt<"*) dpkg --compare-versions "$runtime_qt" lt "${condition#qt<}" && echo "$package" ;;
            "qt>="*) dpkg --compare-versions "$runtime_qt" ge "${condition#qt>=}" && echo "$package" ;;
            *) echo "runtime-packages: cannot read the condition \"$condition\" of $package" >&2; exit 1 ;;
        esac
    done
}

# qt_candidate: the version of Qt that apt installs (or has installed) here,
# e.g. 6.4.2+dfsg-10 on Debian 12 and 6.8.2+dfsg-9 on Debian 13; reads the
# package lists first where a fresh root has none.
qt_candidate() {
    candidate=$(apt-cache policy qt6-base-dev 2>/dev/null | awk '$1 == "Candidate:" { print $2 }')
    if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
        apt_get update -qq
        candidate=$(apt-cache policy qt6-base-dev 2>/dev/null | awk '$1 == "Candidate:" { print $2 }')
    fi
    case $candidate in
        "" | "(none)") echo "$(basename "$0"): apt has no qt6-base-dev here; ShmBridge needs Debian 12 or later" >&2; return 1 ;;
    esac
    echo "$candidate"
}

# make_root SUITE ARCH DIR [PACKAGE,...]: a clean Debian root of that suite
# (bookworm, trixie) and architecture (amd64, arm64) in DIR, with apt and the
# packages listed, from Debian's mirror; its log goes to DIR.log. Needs root;
# a foreign ARCH needs qemu-user's binfmt handlers (enable_qemu_user).
make_root() {
    mmdebstrap --variant=apt --mode=root --architectures="$2" --skip=cleanup/apt/lists \
        --include="mount${4:+,$4}" "$1" "$3" http://deb.debian.org/debian >"$3.log" 2>&1 \
        || { tail -n 30 "$3.log" >&2; echo "$(basename "$0"): could not make a $1 $2 root (log: $3.log)" >&2; return 1; }
}

# in_root DIR COMMAND...: runs COMMAND as root in the root DIR, in mount, PID
# and System V IPC namespaces of its own, with its own /proc, /dev/shm and
# /run/user/0 (XDG_RUNTIME_DIR, as a login session has); the network and so
# the host's X server (its abstract socket) are shared. With IN_ROOT_RESULTS
# set, that directory of the host is /results in the root. pivot_root, not
# chroot: a test entering a mount namespace (nsenter -m) would find the
# host's filesystem again through a chroot.
in_root() {
    in_root_dir=$1
    shift
    unshare --mount --ipc --pid --fork --propagation private sh -ec '
        root=$1 results=$2
        shift 2
        mount --bind "$root" "$root"
        cd "$root" # on the bind mount, which pivot_root needs
        mount --rbind /dev dev
        mount -t tmpfs -o mode=1777 shm dev/shm
        mount -t proc proc proc
        mount --rbind /sys sys
        mkdir -p run/user/0 && mount -t tmpfs -o mode=0700 runtime run/user/0
        if [ -n "$results" ]; then mkdir -p results && mount --bind "$results" results; fi
        mkdir -p .host
        pivot_root . .host
        umount -l .host && rmdir .host
        exec chroot . env XDG_RUNTIME_DIR=/run/user/0 "$@"' in_root "$in_root_dir" "${IN_ROOT_RESULTS:-}" "$@"
}

# enable_qemu_user: arm64 programs run here through qemu-user (binfmt_misc).
# Debian 12's qemu-user (7.2) runs arm64 programs, but not Qt's QProcess in
# them: no child is ever started (the multiprocess tests' peers, a CLI's
# helpers), where Debian 13's qemu-user (10.0) starts them. So on Debian 12
# the handler is Debian 13's qemu-aarch64, a static program taken from the
# same mirror into /var/cache/shmbridge.
enable_qemu_user() {
    install_missing qemu-user-static binfmt-support arch-test
    [ -e /proc/sys/fs/binfmt_misc/status ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
    update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
    if dpkg --compare-versions "$(dpkg-query -W -f='${Version}' qemu-user-static)" lt 1:8; then
        newer_qemu_aarch64 || return 1
    fi
    arch-test arm64 >/dev/null || { echo "$(basename "$0"): arm64 programs cannot run here, even through qemu-user" >&2; return 1; }
}

# newer_qemu_aarch64: registers Debian 13's qemu-aarch64 as the handler of
# arm64 programs, with the magic and mask of the installed handler
# (/usr/share/binfmts/qemu-aarch64) and the flags F (opened now, so it works
# in any mount namespace or root) and P (argv[0] kept).
newer_qemu_aarch64() {
    cache=/var/cache/shmbridge/qemu-user
    qemu=$cache/usr/bin/qemu-aarch64
    if [ ! -x "$qemu" ]; then
        lists=$(mktemp -d)
        mkdir -p "$lists/lists/partial" "$cache"
        echo "deb http://deb.debian.org/debian trixie main" >"$lists/sources.list"
        apt_trixie="-o APT::Sandbox::User=root -o Dir::Etc::SourceList=$lists/sources.list -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists=$lists/lists"
        # shellcheck disable=SC2086 # the options are words
        (cd "$lists" && apt-get -qq $apt_trixie update && apt-get -qq $apt_trixie download qemu-user) >&2 \
            && dpkg-deb -x "$lists"/qemu-user_*.deb "$cache"
        rm -rf "$lists"
        [ -x "$qemu" ] || { echo "$(basename "$0"): could not fetch Debian 13's qemu-user" >&2; return 1; }
    fi
    grep -q "^interpreter $qemu\$" /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null && return 0
    magic=$(awk '$1 == "magic" { print $2 }' /usr/share/binfmts/qemu-aarch64)
    mask=$(awk '$1 == "mask" { print $2 }' /usr/share/binfmts/qemu-aarch64)
    [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || echo -1 >/proc/sys/fs/binfmt_misc/qemu-aarch64
    printf ':qemu-aarch64:M:0:%s:%s:%s:PF\n' "$magic" "$mask" "$qemu" >/proc/sys/fs/binfmt_misc/register
}

# set_up_cross ARCH: installs what a cross-build for ARCH (arm64) needs
# through Debian's multiarch, and cross-builds into ./build-ARCH with
# packaging/toolchain-ARCH.cmake: Debian's cross compilers, ARCH's Qt and
# libraries (Multi-Arch: same), the native Qt host tools, and qemu-user to
# run the programs (help2man, the tests). Its output goes to stderr.
set_up_cross() {
    cross_arch=$1
    [ -f "packaging/toolchain-$cross_arch.cmake" ] \
        || { echo "$(basename "$0"): no toolchain for $cross_arch (packaging/toolchain-$cross_arch.cmake)" >&2; return 1; }
    if ! dpkg --print-foreign-architectures | grep -qx "$cross_arch"; then
        if [ "$(id -u)" -eq 0 ]; then dpkg --add-architecture "$cross_arch"; else sudo dpkg --add-architecture "$cross_arch"; fi
        apt_get update -qq
    fi
    # First, so that the packages' own scripts can run ARCH's programs.
    enable_qemu_user
    # What the app loads at run time, for ARCH (the tests run under qemu
    # start the app): ARCH's build of each package, but for those of
    # architecture "all", which serve every one.
    cross_runtime=$(runtime_packages "$(qt_candidate)" | while read -r package; do
        case $(apt-cache show "$package" 2>/dev/null | awk '$1 == "Architecture:" { print $2; exit }') in
            all) echo "$package" ;;
            *) echo "$package:$cross_arch" ;;
        esac
    done)
    # pkgconf:ARCH is ARCH's pkg-config (aarch64-linux-gnu-pkg-config); the
    # last two are for the tests too: QtQml's module and the offscreen platform.
    # shellcheck disable=SC2086 # one word per package
    install_missing build-essential cmake ninja-build pkg-config help2man dpkg-dev \
        qt6-base-dev-tools qt6-declarative-dev-tools qt6-l10n-tools qt6-tools-dev python3 \
        "crossbuild-essential-$cross_arch" "qt6-base-dev:$cross_arch" "qt6-declarative-dev:$cross_arch" \
        "qt6-tools-dev:$cross_arch" "libssl-dev:$cross_arch" "libgl-dev:$cross_arch" "libmosquitto-dev:$cross_arch" \
        "libzstd-dev:$cross_arch" "libturbojpeg0-dev:$cross_arch" \
        "pkgconf:$cross_arch" $cross_runtime "qml6-module-qtqml:$cross_arch" "qt6-qpa-plugins:$cross_arch"
    cmake -S . -B "build-$cross_arch" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" \
        --toolchain "packaging/toolchain-$cross_arch.cmake" -DSHMBRIDGE_BUILD_BENCH=OFF >/dev/null
    cmake --build "build-$cross_arch" --parallel 2
}

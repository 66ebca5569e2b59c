# shellcheck shell=sh
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

# install_missing PACKAGE...: apt-get installs those of the Debian packages
# that are not installed yet (with sudo when not root); nothing if all are.
install_missing() {
    missing=""
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
    done
    [ -n "$missing" ] || return 0
    echo "$(basename "$0"): installing$missing"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
}

# set_up: installs and builds, once per run: .ci/run sets it up first and
# exports SHMBRIDGE_SET_UP=1, so the scripts after it go straight to work.
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

#!/bin/sh
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# The package's checks, run inside the clean root by scripts/package-test.sh,
# as a user of the installed packages would: only what the packages and
# their Depends brought is there (no build tree; Python and a compiler only
# for the last two checks, which install python3-shmbridge and
# libshmbridge-dev with the build tools first). Each check prints
# "ok <check>" or "FAIL <check>: <what is wrong>" and sets the exit status.
#   in-root.sh versions VERSION   the programs report the package's version
#   in-root.sh round-trip IMAGE   send/watch of text, image and telemetry
#   in-root.sh kiosk-keyboard     tapping the message field shows the keyboard
#   in-root.sh chinese            a zh_CN window, in Chinese, with a CJK font
#   in-root.sh outside-apps DIR   builds DIR/hello-bridge (QML) and
#                                 DIR/hello-bridge-cpp (C++) against the
#                                 installed libshmbridge-dev with CMake, and
#                                 the C++ one with pkg-config; each and the
#                                 CLI exchange text (exchange-text.sh)
#   in-root.sh c-peer PROGRAM     the C example (examples/c-telemetry, as
#                                 built for this machine) and the CLI exchange
#                                 text and telemetry
#   in-root.sh python-peer        import shmbridge in Debian's python3; a
#                                 Python peer and the CLI exchange text; on a
#                                 machine other than x86-64, the import must
#                                 refuse in words instead
# Results (screenshots, logs) go to /results.
set -u
results=/results
mkdir -p "$results"
export HOME=/tmp/home XDG_RUNTIME_DIR=/tmp/runtime
mkdir -p "$HOME" && mkdir -p -m 0700 "$XDG_RUNTIME_DIR"

fail() {
    echo "FAIL $check: $*"
    exit 1
}

# Runs the app with remote-control commands on stdin (one per argument);
# fails naming every QML module or plugin that is not there.
drive_app() {
    log=$1
    shift
    app_args=$1
    shift
    # shellcheck disable=SC2086 # app_args is a list of words
    printf '%s\n' "$@" quit | timeout 120 shmbridge $app_args --control >"$results/$log.out" 2>"$results/$log.err"
    status=$?
    missing=$(grep -oE 'module "[^"]+" is not installed|Could not (find|load) the Qt platform plugin "[^"]+"|failed to open [^ :]+' \
        "$results/$log.err" | sort -u)
    if [ -n "$missing" ]; then
        echo "$missing" | sed "s/^/FAIL $check: missing: /"
        exit 1
    fi
    if grep -q '^error ' "$results/$log.out" || [ "$status" -ne 0 ]; then
        sed -n 's/^error /FAIL '"$check"': /p' "$results/$log.out"
        fail "the app exited with status $status; its log: $results/$log.err"
    fi
}

# in_room NAME: waits (30 s at most) until a peer called NAME is in the
# room $key. A room ends with its last peer, so a sender waits for its
# watcher to be in it first.
in_room() {
    tries=0
    until shmbridge-cli peers --key "$key" --json 2>/dev/null | grep -q "\"name\":\"$1\""; do
        tries=$((tries + 1))
        [ "$tries" -lt 300 ] || fail "$1 did not join the room within 30 s"
        sleep 0.1
    done
}

check=$1
case "$check" in
versions)
    version=$2
    cli=$(shmbridge-cli --version) || fail "shmbridge-cli --version failed"
    [ "$cli" = "shmbridge-cli $version" ] || fail "shmbridge-cli says \"$cli\", the package is $version"
    # No display and no platform named: as over SSH, or before a kiosk's session.
    app=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM shmbridge --version) || fail "shmbridge --version failed"
    [ "$app" = "shmbridge $version" ] || fail "shmbridge says \"$app\", the package is $version"
    gateway=$(shmbridge-gateway --version) || fail "shmbridge-gateway --version failed"
    [ "$gateway" = "shmbridge-gateway $version" ] || fail "shmbridge-gateway says \"$gateway\", the package is $version"
    ;;
round-trip)
    image=$2
    key="package-test-$$"
    shmbridge-cli watch --key "$key" --json --count 3 --timeout 60 >"$results/watch.jsonl" 2>"$results/watch.err" &
    watcher=$!
    # The sends must find the room open: wait for the watcher to be in it.
    in_room watch
    shmbridge-cli send --key "$key" --json --text "héllo 你好" >"$results/send-text.json" || fail "send --text failed"
    shmbridge-cli send --key "$key" --json --image "$image" >"$results/send-image.json" || fail "send --image failed"
    shmbridge-cli send --key "$key" --json --telemetry pitch=1.5,roll=-2 >"$results/send-telemetry.json" \
        || fail "send --telemetry failed"
    wait "$watcher" || fail "watch exited with status $?: $(cat "$results/watch.err")"
    grep -q '"kind":"text".*"text":"héllo 你好"' "$results/watch.jsonl" || fail "watch did not print the text"
    sent=$(grep -o '"sha256":"[0-9a-f]*"' "$results/send-image.json")
    got=$(grep '"kind":"image"' "$results/watch.jsonl" | grep -o '"sha256":"[0-9a-f]*"')
    [ -n "$sent" ] && [ "$sent" = "$got" ] || fail "image sha256 sent $sent, watched $got"
    grep -q '"kind":"telemetry".*"names":\["pitch","roll"\].*"values":\[1.5,-2\]' "$results/watch.jsonl" \
        || fail "watch did not print the telemetry: $(grep telemetry "$results/watch.jsonl")"
    ;;
kiosk-keyboard)
    # On the X display the test gives (DISPLAY): the default platform, xcb.
    drive_app kiosk "--kiosk --key package-test-kiosk" \
        "click messageInput" "wait inputPanel active true 20000" "screenshot $results/kiosk-keyboard.png"
    ;;
chinese)
    drive_app chinese "--lang zh_CN --key package-test-chinese" \
        "wait sendButton text 发送 20000" "screenshot $results/zh_CN.png"
    # Qt draws missing glyphs as boxes without a word; the font must be there.
    ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1 \
        || fail "missing: a CJK font (fonts-noto-cjk): Chinese would show as boxes"
    ;;
outside-apps)
    examples=$2
    for example in hello-bridge hello-bridge-cpp; do
        cmake -S "$examples/$example" -B "/tmp/build-$example" -G Ninja >"$results/$example-configure.log" 2>&1 \
            || fail "$example: find_package(ShmBridge) failed: $(tail -n 15 "$results/$example-configure.log")"
        cmake --build "/tmp/build-$example" >"$results/$example-build.log" 2>&1 \
            || fail "$example: the build failed: $(tail -n 15 "$results/$example-build.log")"
        /tmp/exchange-text.sh "/tmp/build-$example/$example" shmbridge-cli "$results" || fail "$example: the exchange failed"
    done
    # shellcheck disable=SC2046 # pkg-config's words are the compiler's arguments
    c++ -std=c++17 -fPIC -o /tmp/hello-bridge-cpp-pc "$examples/hello-bridge-cpp/main.cpp" $(pkg-config --cflags --libs shmbridge) \
        >"$results/pkg-config-build.log" 2>&1 || fail "the build with pkg-config failed: $(tail -n 15 "$results/pkg-config-build.log")"
    /tmp/exchange-text.sh /tmp/hello-bridge-cpp-pc shmbridge-cli "$results" || fail "hello-bridge-cpp (pkg-config): the exchange failed"
    ;;
c-peer)
    program=$2
    key="package-test-c-$$"
    shmbridge-cli watch --key "$key" --json --count 2 --timeout 60 >"$results/c-watch.jsonl" 2>"$results/c-watch.err" &
    watcher=$!
    in_room watch
    "$program" --key "$key" --name c-peer --hz 20 --count 3 --text "from c" --quiet >"$results/c-send.log" 2>&1 \
        || fail "the C peer could not publish: $(cat "$results/c-send.log")"
    wait "$watcher" || fail "watch exited with status $?: $(cat "$results/c-watch.err")"
    grep -q '"kind":"text".*"text":"from c"' "$results/c-watch.jsonl" || fail "watch did not see the C peer's text"
    grep -q '"kind":"telemetry"' "$results/c-watch.jsonl" || fail "watch did not see the C peer's telemetry"
    "$program" --key "$key" --name c-watcher --hz 10 --count 600 >"$results/c-watch.log" 2>&1 &
    watcher=$!
    in_room c-watcher
    shmbridge-cli send --key "$key" --name cli --text "to c" >/dev/null || fail "send --text failed"
    tries=0
    until grep -q "^text cli to c" "$results/c-watch.log"; do
        tries=$((tries + 1))
        [ "$tries" -lt 300 ] || { kill "$watcher"; fail "the C peer did not print the CLI's text: $(cat "$results/c-watch.log")"; }
        sleep 0.1
    done
    kill -TERM "$watcher" && wait "$watcher" || fail "the C peer did not leave cleanly on SIGTERM (status $?)"
    ;;
python-peer)
    if [ "$(uname -m)" != x86_64 ]; then
        # Its seqlocks rely on x86-64's ordering; elsewhere it must say so.
        if python3 -c "import shmbridge" 2>"$results/python-import.err"; then
            fail "import shmbridge worked on $(uname -m), where the module cannot be correct"
        fi
        grep -q "needs an x86-64 machine" "$results/python-import.err" \
            || fail "import shmbridge failed on $(uname -m) without saying why: $(cat "$results/python-import.err")"
        echo "ok $check: refused in words on $(uname -m)"
        exit 0
    fi
    python3 -c "import shmbridge" 2>"$results/python-import.err" || fail "import shmbridge: $(cat "$results/python-import.err")"
    key="package-test-python-$$"
    python3 -m shmbridge --key "$key" --name python --watch --count 1 --timeout 30 >"$results/python-watch.jsonl" 2>&1 &
    watcher=$!
    in_room python
    shmbridge-cli send --key "$key" --name cli --text "from the cli" >/dev/null || fail "send --text failed"
    wait "$watcher" || fail "the Python peer's watch exited with status $?: $(cat "$results/python-watch.jsonl")"
    grep -q '"peer": "cli".*"text": "from the cli"' "$results/python-watch.jsonl" \
        || fail "the Python peer did not see the CLI's text: $(cat "$results/python-watch.jsonl")"
    shmbridge-cli watch --key "$key" --name watcher --count 1 --timeout 30 >"$results/cli-watch.log" 2>&1 &
    watcher=$!
    in_room watcher
    python3 -m shmbridge --key "$key" --name python --text "from python" >/dev/null || fail "the Python peer could not send"
    wait "$watcher" || fail "the CLI's watch exited with status $?: $(cat "$results/cli-watch.log")"
    grep -q "from python" "$results/cli-watch.log" || fail "the CLI did not see the Python peer's text: $(cat "$results/cli-watch.log")"
    ;;
*)
    echo "in-root.sh: unknown check \"$check\"" >&2
    exit 2
    ;;
esac
echo "ok $check"

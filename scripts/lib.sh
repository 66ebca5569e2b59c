# Helpers the scripts share; source it: . "$(dirname "$0")/lib.sh"

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

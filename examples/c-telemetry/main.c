// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
/*
 * c-telemetry: a C program in a ShmBridge room. It publishes named telemetry
 * (a sine, a cosine and a counter) at 100 Hz, can publish a line of text,
 * and prints what the other peers publish, until SIGINT or SIGTERM; then it
 * leaves the room cleanly.
 *
 *   shmbridge-c-telemetry --key demo [--name c-telemetry] [--hz 100]
 *                         [--count N] [--text TEXT] [--quiet]
 *
 * Output, one line per event: "joined", "text <peer> <text>",
 * "telemetry <peer> <name>=<value> ...", "left".
 */
#define _GNU_SOURCE
#include "room.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t stopRequested = 0;

static void requestStop(int signalNumber)
{
    (void)signalNumber;
    stopRequested = 1;
}

static int usage(const char *why)
{
    fprintf(stderr,
            "shmbridge-c-telemetry: %s\n"
            "usage: shmbridge-c-telemetry --key KEY [--name NAME] [--hz HZ] [--count N] [--text TEXT] [--quiet]\n",
            why);
    return 2;
}

static uint64_t monotonicMs(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

/* Bytes from shared memory are untrusted: control characters are escaped,
 * so a peer's text cannot forge lines of our output. */
static void printEscaped(const unsigned char *bytes, uint64_t size)
{
    uint64_t i;
    for (i = 0; i < size; ++i) {
        if (bytes[i] < 0x20 || bytes[i] == 0x7f || bytes[i] == '\\')
            printf("\\x%02x", bytes[i]);
        else
            putchar(bytes[i]);
    }
}

/* The telemetry payload of docs/segment-layout.md, checked before use. */
static void printTelemetry(const unsigned char *payload, uint64_t size)
{
    uint32_t count, namesSize, i;
    uint64_t at;
    if (size < 8)
        goto corrupt;
    memcpy(&count, payload, 4);
    memcpy(&namesSize, payload + 4, 4);
    if (count == 0 || count > SHMBRIDGE_MAX_TELEMETRY_VALUES || 8 + 8 * (uint64_t)count + namesSize != size)
        goto corrupt;
    at = 8 + 8 * (uint64_t)count;
    for (i = 0; i < count; ++i) {
        double value;
        memcpy(&value, payload + 8 + 8 * i, 8);
        if (value != value || value - value != 0)
            goto corrupt;
        putchar(' ');
        if (namesSize > 0) {
            const uint32_t length = at < size ? payload[at] : 0;
            if (length == 0 || length > SHMBRIDGE_MAX_TELEMETRY_NAME_BYTES || at + 1 + length > size)
                goto corrupt;
            printEscaped(payload + at + 1, length);
            at += 1 + length;
        } else {
            printf("%u", i);
        }
        printf("=%.17g", value);
    }
    if (at != size)
        goto corrupt;
    putchar('\n');
    return;
corrupt:
    printf(" (corrupt, refused)\n");
}

static void printUpdate(void *context, const char *peerName, uint32_t kind, uint64_t seq,
                        const unsigned char *payload, uint64_t size)
{
    (void)context;
    (void)seq;
    if (kind == SHMBRIDGE_KIND_TEXT) {
        printf("text %s ", peerName);
        printEscaped(payload, size);
        putchar('\n');
    } else if (kind == SHMBRIDGE_KIND_TELEMETRY) {
        printf("telemetry %s", peerName);
        printTelemetry(payload, size);
    }
    fflush(stdout);
}

static void ignoreUpdate(void *context, const char *peerName, uint32_t kind, uint64_t seq,
                         const unsigned char *payload, uint64_t size)
{
    (void)context, (void)peerName, (void)kind, (void)seq, (void)payload, (void)size;
}

int main(int argc, char **argv)
{
    const char *key = NULL, *name = "c-telemetry", *text = NULL;
    static const char *const names[] = { "sine", "cosine", "counter" };
    long hz = 100, count = 0, published = 0;
    int quiet = 0, i, status = 0;
    char err[512];
    sb_room room;
    struct sigaction action;
    uint64_t started, next;
    sb_update_fn update;

    for (i = 1; i < argc; ++i) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (strcmp(argv[i], "--quiet") == 0) {
            quiet = 1;
            continue;
        }
        if (!value)
            return usage(strcmp(argv[i], "--help") == 0 ? "joins a ShmBridge room and publishes telemetry"
                                                        : "every option takes a value");
        if (strcmp(argv[i], "--key") == 0) {
            key = value;
        } else if (strcmp(argv[i], "--name") == 0) {
            name = value;
        } else if (strcmp(argv[i], "--text") == 0) {
            text = value;
        } else if (strcmp(argv[i], "--hz") == 0) {
            hz = strtol(value, &end, 10);
            if (*end != '\0' || hz < 1 || hz > 1000)
                return usage("--hz takes a rate from 1 to 1000");
        } else if (strcmp(argv[i], "--count") == 0) {
            count = strtol(value, &end, 10);
            if (*end != '\0' || count < 0)
                return usage("--count takes a number of updates, 0 for no end");
        } else {
            return usage("unknown option");
        }
        ++i;
    }
    if (!key)
        return usage("--key is required");
    update = quiet ? ignoreUpdate : printUpdate;

    memset(&action, 0, sizeof action);
    action.sa_handler = requestStop; /* no SA_RESTART: poll() returns at once */
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);

    if (sb_join(&room, key, name, err, sizeof err) != 0) {
        fprintf(stderr, "shmbridge-c-telemetry: %s\n", err);
        return 1;
    }
    printf("joined %s as %s\n", key, name);
    fflush(stdout);
    if (text && sb_publish(&room, SHMBRIDGE_KIND_TEXT, text, strlen(text), err, sizeof err) != 0) {
        fprintf(stderr, "shmbridge-c-telemetry: %s\n", err);
        status = 1;
    }
    /* What the room already holds, then every update as the bell rings. */
    sb_poll(&room, update, NULL);

    started = next = monotonicMs();
    while (!stopRequested && status == 0 && (count == 0 || published < count)) {
        const uint64_t now = monotonicMs();
        struct pollfd wakeUps[2] = { { sb_bell_fd(&room), POLLIN, 0 }, { sb_rendezvous_fd(&room), POLLIN, 0 } };
        if (now >= next) {
            const double t = (double)(now - started) / 1000.0;
            const double values[3] = { sin(t), cos(t), (double)published };
            if (sb_publish_telemetry(&room, values, names, 3, err, sizeof err) != 0) {
                fprintf(stderr, "shmbridge-c-telemetry: %s\n", err);
                status = 1;
                break;
            }
            ++published;
            next += (uint64_t)(1000 / hz);
            if (next < now) /* fell behind (stopped, or starved): no burst to catch up */
                next = now;
            continue;
        }
        if (poll(wakeUps, 2, (int)(next - now)) > 0) {
            int look = 0;
            if (wakeUps[1].revents & POLLIN)
                look |= sb_meet(&room);
            if (wakeUps[0].revents & POLLIN)
                look |= sb_drain(&room);
            if (look)
                sb_poll(&room, update, NULL);
        }
    }
    sb_leave(&room);
    printf("left after %ld updates\n", published);
    return status;
}

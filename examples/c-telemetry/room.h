// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
/*
 * A ShmBridge peer in plain C: join a room, publish values, see the other
 * peers' values, leave. It follows docs/segment-layout.md step by step and
 * uses nothing but include/shmbridge/layout.h, libc and Linux.
 *
 * Single-threaded: call everything from one thread.
 */
#ifndef SHMBRIDGE_EXAMPLE_ROOM_H
#define SHMBRIDGE_EXAMPLE_ROOM_H

#include <shmbridge/layout.h>

#include <stddef.h>
#include <stdint.h>

/* One channel this peer publishes on. */
typedef struct sb_channel {
    int fd;
    unsigned char *base; /* the mapped channel segment */
    size_t size;
    uint64_t generation; /* 0 until the first publish */
    uint64_t token;
    uint64_t capacity; /* payload bytes per buffer */
    uint64_t stride;
    uint32_t bufferCount;
    uint32_t publishedIndex;
    uint64_t seq;
} sb_channel;

/* Where we last read a peer's channel, so it is mapped once. */
typedef struct sb_view {
    uint64_t nonce; /* 0 = nothing mapped */
    uint64_t generation;
    uint64_t token;
    const unsigned char *base;
    size_t size;
    uint32_t bufferCount;
    uint64_t stride;
    uint64_t capacity;
} sb_view;

/* Another peer's bell (its eventfd), as it handed it to us. */
typedef struct sb_bell {
    uint64_t nonce; /* 0 = none */
    int fd;
} sb_bell;

typedef struct sb_room {
    char home[48]; /* the room home: a directory only we can enter */
    char prefix[80]; /* <home>/room-<hash>: every path of the room starts so */
    char key[SHMBRIDGE_MAX_KEY_BYTES + 1];
    int joined;
    int roomFd;
    unsigned char *roomBase; /* the mapped control segment */
    uint32_t slot; /* ours */
    uint64_t nonce; /* ours */
    int bellFd; /* ours, an eventfd: peers ring it */
    int rendezvousFd; /* ours, a socket at <prefix>-<nonce>.sock: peers hand us their bells */
    sb_bell bells[SHMBRIDGE_MAX_PEERS]; /* the others', by slot */
    uint64_t introduced[SHMBRIDGE_MAX_PEERS]; /* by slot: the nonce we handed our bell to */
    sb_channel channels[SHMBRIDGE_KIND_COUNT];
    /* What we have seen of each slot: its nonce and newest sequence per kind. */
    uint64_t seenNonce[SHMBRIDGE_MAX_PEERS];
    uint64_t seenSeq[SHMBRIDGE_MAX_PEERS][SHMBRIDGE_KIND_COUNT];
    sb_view views[SHMBRIDGE_MAX_PEERS][SHMBRIDGE_KIND_COUNT];
    unsigned char *copy; /* where values are copied to be read */
    size_t copySize;
} sb_room;

/* Errors come back as a sentence in err; the functions return 0 or -1. */
int sb_join(sb_room *room, const char *key, const char *name, char *err, size_t errSize);
int sb_publish(sb_room *room, uint32_t kind, const void *payload, uint64_t size, char *err, size_t errSize);
/* Telemetry: count values, names[i] may all be NULL (unnamed values). */
int sb_publish_telemetry(sb_room *room, const double *values, const char *const *names, uint32_t count,
                         char *err, size_t errSize);
void sb_leave(sb_room *room);

/* Wake-ups: poll() both for reading. When the bell is readable, sb_drain()
 * resets it; when the rendezvous socket is, sb_meet() takes the bells peers
 * handed us. Either returns 1 when the room is worth a look (sb_poll). */
int sb_bell_fd(const sb_room *room);
int sb_rendezvous_fd(const sb_room *room);
int sb_drain(sb_room *room);
int sb_meet(sb_room *room);

/* Calls back once for every value another peer published since the last
 * call (newest only), and acknowledges it. Images are skipped. */
typedef void (*sb_update_fn)(void *context, const char *peerName, uint32_t kind, uint64_t seq,
                             const unsigned char *payload, uint64_t size);
void sb_poll(sb_room *room, sb_update_fn callback, void *context);

#endif

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
/*
 * The byte layout of a ShmBridge room, for every program that joins one:
 * C99, no Qt, no C++. The C++ core includes this file and uses these very
 * structs (backend/core/layout.h), so there is one definition of the layout.
 * docs/segment-layout.md is the protocol around it: names, locks, seqlocks,
 * doorbells and the order of every step.
 *
 * Everything is little-endian x86-64 / aarch64 native layout, naturally
 * aligned. Fields marked "atomic" are written concurrently and must be
 * accessed with atomic operations (C11 <stdatomic.h> on a cast pointer, or
 * the compiler's __atomic builtins); every other field is plain data written
 * by exactly one process.
 */
#ifndef SHMBRIDGE_LAYOUT_H
#define SHMBRIDGE_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

/* 2: channel segment names carry a random token kept in the peer's slot.
 * 3: readers may lease image buffers (imageLease); acks are 64 bytes.
 * 4: rooms live in a private directory; wake-ups are eventfds handed over
 *    through each peer's rendezvous socket (shmbridge_hello). */
#define SHMBRIDGE_PROTOCOL_VERSION 4u

/* "SHMBRDG1" and "SHMBCHN1" read as little-endian 64-bit integers. */
#define SHMBRIDGE_ROOM_MAGIC UINT64_C(0x31474452424D4853)
#define SHMBRIDGE_CHANNEL_MAGIC UINT64_C(0x314E4843424D4853)

#define SHMBRIDGE_MAX_PEERS 32u
#define SHMBRIDGE_MAX_KEY_BYTES 256u
#define SHMBRIDGE_MAX_NAME_BYTES 64u

/* Kinds of value a peer publishes, one channel each. */
#define SHMBRIDGE_KIND_TEXT 0u
#define SHMBRIDGE_KIND_IMAGE 1u
#define SHMBRIDGE_KIND_TELEMETRY 2u
#define SHMBRIDGE_KIND_COUNT 3u
/* Their names wherever a kind is named in words: the gateway's MQTT topics,
 * the CLI's --kind and JSON, the interop modules. */
#define SHMBRIDGE_KIND_TEXT_NAME "text"
#define SHMBRIDGE_KIND_IMAGE_NAME "image"
#define SHMBRIDGE_KIND_TELEMETRY_NAME "telemetry"

/* shmbridge_peer_entry.state */
#define SHMBRIDGE_PEER_FREE 0u
#define SHMBRIDGE_PEER_LIVE 1u
#define SHMBRIDGE_PEER_LEFT 2u

/* Pixel formats of an image payload: 32 bits per pixel, native-endian words,
 * rows packed (stride = width * 4). ShmBridge's own values, not QImage's. */
#define SHMBRIDGE_PIXEL_RGB32 1u /* 0xffRRGGBB */
#define SHMBRIDGE_PIXEL_ARGB32 2u /* 0xAARRGGBB, straight alpha */
#define SHMBRIDGE_PIXEL_ARGB32_PREMULTIPLIED 3u /* 0xAARRGGBB, premultiplied */

/* Limits every reader enforces on what it finds in shared memory, and every
 * writer before publishing. */
#define SHMBRIDGE_MAX_TEXT_BYTES (UINT64_C(1024) * 1024)
#define SHMBRIDGE_MAX_IMAGE_SIDE 8192u
#define SHMBRIDGE_MAX_TELEMETRY_VALUES 64u
#define SHMBRIDGE_MAX_TELEMETRY_NAME_BYTES 32u

/* Conventions every peer follows, so that each accepts what the others make
 * and behaves alike under contention. */
#define SHMBRIDGE_PAGE_BYTES 4096u /* a buffer (header and payload) is whole pages */
#define SHMBRIDGE_WRITER_BUFFERS 3u /* buffers a writer gives a channel it makes */
#define SHMBRIDGE_READ_ATTEMPTS 16u /* torn reads a reader retries before it reports one */
#define SHMBRIDGE_LOCK_WAIT_MS 2000u /* the longest a joiner waits for the room lock */

/* --- rendezvous: <home>/room-<roomhash>-<nonce>.sock -------------------- */

/* "SHMBHLO4" as a little-endian 64-bit integer. */
#define SHMBRIDGE_HELLO_MAGIC UINT64_C(0x344F4C48424D4853)

/* The one datagram a peer sends to another's rendezvous socket, with its
 * own eventfd attached (SCM_RIGHTS, exactly one descriptor). */
typedef struct shmbridge_hello {
    uint64_t magic; /* SHMBRIDGE_HELLO_MAGIC */
    uint64_t nonce; /* the sender's nonce: its slot in the room names it too */
} shmbridge_hello;

/* --- control segment: <home>/room-<roomhash> --------------------------- */

typedef struct shmbridge_room_header {
    uint64_t magic; /* SHMBRIDGE_ROOM_MAGIC; written last when a room is initialised */
    uint32_t version; /* SHMBRIDGE_PROTOCOL_VERSION */
    uint32_t headerSize; /* sizeof(shmbridge_room_header) */
    uint32_t peerCapacity; /* SHMBRIDGE_MAX_PEERS */
    uint32_t peerEntrySize; /* sizeof(shmbridge_peer_entry) */
    uint32_t peerTableOffset; /* offset of the first shmbridge_peer_entry */
    uint32_t keySize; /* bytes of key[] in use */
    uint64_t createdRealtimeNs; /* CLOCK_REALTIME at creation */
    char key[SHMBRIDGE_MAX_KEY_BYTES]; /* the room key, UTF-8, for collision checks */
    uint8_t reserved[512 - 40 - SHMBRIDGE_MAX_KEY_BYTES];
} shmbridge_room_header;

typedef struct shmbridge_channel_state {
    uint64_t segmentGeneration; /* atomic; 0 = never published */
    uint64_t latestSeq; /* atomic; copy of the channel's newest sequence */
    uint64_t capacity; /* informational: payload bytes per buffer */
    /* atomic; random, non-zero: the last part of the channel segment's name,
     * kept in the owner-only control segment so that other users cannot know
     * a segment's name before it exists (and squat it). */
    uint64_t segmentToken;
} shmbridge_channel_state;

/* What a peer has read from the peer in slot i: acks[i].seq[kind]. */
typedef struct shmbridge_ack {
    uint64_t writerNonce; /* atomic; the writer these sequences belong to */
    uint64_t seq[SHMBRIDGE_KIND_COUNT]; /* atomic */
    /* atomic: (generation << 8) | mask of the buffers of that generation of
     * the writer's image channel this reader holds and shows without
     * copying; the writer does not fill a leased buffer. 0 = none. */
    uint64_t imageLease;
    uint8_t reserved[64 - 40];
} shmbridge_ack;

typedef struct shmbridge_peer_entry {
    uint32_t state; /* atomic; SHMBRIDGE_PEER_* */
    uint32_t slotGeneration; /* bumped on every claim of this slot */
    uint64_t nonce; /* atomic; random, non-zero: the peer's id */
    int32_t pid;
    uint32_t nameSize;
    uint64_t startTime; /* field 22 of /proc/<pid>/task/<pid>/stat: tells pid reuse apart */
    uint64_t joinedRealtimeNs;
    char name[SHMBRIDGE_MAX_NAME_BYTES]; /* UTF-8 */
    uint8_t reserved0[128 - 104];
    shmbridge_channel_state channels[SHMBRIDGE_KIND_COUNT];
    uint8_t reserved1[256 - 128 - 32 * SHMBRIDGE_KIND_COUNT];
    shmbridge_ack acks[SHMBRIDGE_MAX_PEERS];
} shmbridge_peer_entry;

#define SHMBRIDGE_PEER_TABLE_OFFSET sizeof(shmbridge_room_header)
#define SHMBRIDGE_ROOM_SEGMENT_SIZE \
    (SHMBRIDGE_PEER_TABLE_OFFSET + SHMBRIDGE_MAX_PEERS * sizeof(shmbridge_peer_entry))

/* --- channel segment: <home>/room-<roomhash>-<nonce>-<kind>-<gen>-<token> */

#define SHMBRIDGE_MIN_BUFFERS 2u
#define SHMBRIDGE_MAX_BUFFERS 8u /* a lease mask has 8 bits */
#define SHMBRIDGE_CHANNEL_BUFFERS_OFFSET 4096u

typedef struct shmbridge_channel_header {
    uint64_t magic; /* SHMBRIDGE_CHANNEL_MAGIC */
    uint32_t version;
    uint32_t kind; /* SHMBRIDGE_KIND_* */
    uint32_t bufferCount; /* SHMBRIDGE_MIN_BUFFERS..SHMBRIDGE_MAX_BUFFERS */
    uint32_t headerSize; /* sizeof(shmbridge_channel_header) */
    uint64_t bufferStride; /* bytes from one buffer header to the next */
    uint64_t bufferCapacity; /* payload bytes each buffer can hold */
    uint64_t writerNonce;
    uint64_t published; /* atomic: (updateSeq << 8) | bufferIndex; 0 = none */
    uint8_t reserved[256 - 56];
} shmbridge_channel_header;

typedef struct shmbridge_buffer_header {
    uint64_t lock; /* atomic seqlock word: odd while the writer fills it */
    uint64_t updateSeq;
    uint64_t publishMonotonicNs; /* CLOCK_MONOTONIC when publishing began */
    uint64_t payloadSize;
    uint32_t width; /* images only */
    uint32_t height;
    uint32_t format; /* SHMBRIDGE_PIXEL_*, images only */
    uint32_t reserved0;
    uint8_t reserved1[128 - 48];
} shmbridge_buffer_header;

/* Every size and offset the protocol depends on (the tables of
 * docs/segment-layout.md), checked by any C99 compiler and by the C++ core:
 * a negative array size fails the build. */
#define SHMBRIDGE_LAYOUT_CHECK(name, condition) typedef char shmbridge_layout_check_##name[(condition) ? 1 : -1]
#define SHMBRIDGE_LAYOUT_AT(type, field, offset) \
    SHMBRIDGE_LAYOUT_CHECK(type##_##field, offsetof(shmbridge_##type, field) == (offset))

SHMBRIDGE_LAYOUT_CHECK(room_header, sizeof(shmbridge_room_header) == 512);
SHMBRIDGE_LAYOUT_AT(room_header, magic, 0);
SHMBRIDGE_LAYOUT_AT(room_header, version, 8);
SHMBRIDGE_LAYOUT_AT(room_header, headerSize, 12);
SHMBRIDGE_LAYOUT_AT(room_header, peerCapacity, 16);
SHMBRIDGE_LAYOUT_AT(room_header, peerEntrySize, 20);
SHMBRIDGE_LAYOUT_AT(room_header, peerTableOffset, 24);
SHMBRIDGE_LAYOUT_AT(room_header, keySize, 28);
SHMBRIDGE_LAYOUT_AT(room_header, createdRealtimeNs, 32);
SHMBRIDGE_LAYOUT_AT(room_header, key, 40);
SHMBRIDGE_LAYOUT_AT(room_header, reserved, 296);

SHMBRIDGE_LAYOUT_CHECK(channel_state, sizeof(shmbridge_channel_state) == 32);
SHMBRIDGE_LAYOUT_AT(channel_state, segmentGeneration, 0);
SHMBRIDGE_LAYOUT_AT(channel_state, latestSeq, 8);
SHMBRIDGE_LAYOUT_AT(channel_state, capacity, 16);
SHMBRIDGE_LAYOUT_AT(channel_state, segmentToken, 24);

SHMBRIDGE_LAYOUT_CHECK(ack, sizeof(shmbridge_ack) == 64);
SHMBRIDGE_LAYOUT_AT(ack, writerNonce, 0);
SHMBRIDGE_LAYOUT_AT(ack, seq, 8);
SHMBRIDGE_LAYOUT_AT(ack, imageLease, 32);
SHMBRIDGE_LAYOUT_AT(ack, reserved, 40);

SHMBRIDGE_LAYOUT_CHECK(peer_entry, sizeof(shmbridge_peer_entry) == 256 + 64 * SHMBRIDGE_MAX_PEERS);
SHMBRIDGE_LAYOUT_AT(peer_entry, state, 0);
SHMBRIDGE_LAYOUT_AT(peer_entry, slotGeneration, 4);
SHMBRIDGE_LAYOUT_AT(peer_entry, nonce, 8);
SHMBRIDGE_LAYOUT_AT(peer_entry, pid, 16);
SHMBRIDGE_LAYOUT_AT(peer_entry, nameSize, 20);
SHMBRIDGE_LAYOUT_AT(peer_entry, startTime, 24);
SHMBRIDGE_LAYOUT_AT(peer_entry, joinedRealtimeNs, 32);
SHMBRIDGE_LAYOUT_AT(peer_entry, name, 40);
SHMBRIDGE_LAYOUT_AT(peer_entry, reserved0, 104);
SHMBRIDGE_LAYOUT_AT(peer_entry, channels, 128);
SHMBRIDGE_LAYOUT_AT(peer_entry, reserved1, 224);
SHMBRIDGE_LAYOUT_AT(peer_entry, acks, 256);
SHMBRIDGE_LAYOUT_CHECK(room_segment_size, SHMBRIDGE_ROOM_SEGMENT_SIZE == 74240);

SHMBRIDGE_LAYOUT_CHECK(hello, sizeof(shmbridge_hello) == 16);
SHMBRIDGE_LAYOUT_AT(hello, magic, 0);
SHMBRIDGE_LAYOUT_AT(hello, nonce, 8);

SHMBRIDGE_LAYOUT_CHECK(channel_header, sizeof(shmbridge_channel_header) == 256);
SHMBRIDGE_LAYOUT_AT(channel_header, magic, 0);
SHMBRIDGE_LAYOUT_AT(channel_header, version, 8);
SHMBRIDGE_LAYOUT_AT(channel_header, kind, 12);
SHMBRIDGE_LAYOUT_AT(channel_header, bufferCount, 16);
SHMBRIDGE_LAYOUT_AT(channel_header, headerSize, 20);
SHMBRIDGE_LAYOUT_AT(channel_header, bufferStride, 24);
SHMBRIDGE_LAYOUT_AT(channel_header, bufferCapacity, 32);
SHMBRIDGE_LAYOUT_AT(channel_header, writerNonce, 40);
SHMBRIDGE_LAYOUT_AT(channel_header, published, 48);
SHMBRIDGE_LAYOUT_AT(channel_header, reserved, 56);

SHMBRIDGE_LAYOUT_CHECK(buffer_header, sizeof(shmbridge_buffer_header) == 128);
SHMBRIDGE_LAYOUT_AT(buffer_header, lock, 0);
SHMBRIDGE_LAYOUT_AT(buffer_header, updateSeq, 8);
SHMBRIDGE_LAYOUT_AT(buffer_header, publishMonotonicNs, 16);
SHMBRIDGE_LAYOUT_AT(buffer_header, payloadSize, 24);
SHMBRIDGE_LAYOUT_AT(buffer_header, width, 32);
SHMBRIDGE_LAYOUT_AT(buffer_header, height, 36);
SHMBRIDGE_LAYOUT_AT(buffer_header, format, 40);
SHMBRIDGE_LAYOUT_AT(buffer_header, reserved0, 44);
SHMBRIDGE_LAYOUT_AT(buffer_header, reserved1, 48);

#endif /* SHMBRIDGE_LAYOUT_H */

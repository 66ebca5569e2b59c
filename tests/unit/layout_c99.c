// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
/* include/shmbridge/layout.h must compile as strict C99 on its own (-std=c99
 * -Wall -Wextra -Werror -pedantic): the build fails here otherwise. Its own
 * checks then hold every size and offset the protocol depends on.
 *
 * Run, it prints every number of the layout, one per line, as the C
 * compiler sees it ("SHMBRIDGE_MAX_PEERS 32", "shmbridge_peer_entry.pid 16",
 * "sizeof shmbridge_ack 64"), and every name in quotes
 * ("SHMBRIDGE_KIND_TEXT_NAME \"text\""): layout-parity.py checks the peers that restate
 * them (python/shmbridge.py) against these. */
#include <shmbridge/layout.h>

#include <stdio.h>

#define VALUE(name) printf("%s %llu\n", #name, (unsigned long long)(name))
#define OFFSET(type, field) printf("%s.%s %llu\n", #type, #field, (unsigned long long)offsetof(type, field))
#define NAME(name) printf("%s \"%s\"\n", #name, name)
#define SIZE(type) printf("sizeof %s %llu\n", #type, (unsigned long long)sizeof(type))

int main(void)
{
    VALUE(SHMBRIDGE_PROTOCOL_VERSION);
    VALUE(SHMBRIDGE_ROOM_MAGIC);
    VALUE(SHMBRIDGE_CHANNEL_MAGIC);
    VALUE(SHMBRIDGE_HELLO_MAGIC);
    VALUE(SHMBRIDGE_MAX_PEERS);
    VALUE(SHMBRIDGE_MAX_KEY_BYTES);
    VALUE(SHMBRIDGE_MAX_NAME_BYTES);
    VALUE(SHMBRIDGE_KIND_TEXT);
    VALUE(SHMBRIDGE_KIND_IMAGE);
    VALUE(SHMBRIDGE_KIND_TELEMETRY);
    VALUE(SHMBRIDGE_KIND_COUNT);
    NAME(SHMBRIDGE_KIND_TEXT_NAME);
    NAME(SHMBRIDGE_KIND_IMAGE_NAME);
    NAME(SHMBRIDGE_KIND_TELEMETRY_NAME);
    VALUE(SHMBRIDGE_PEER_FREE);
    VALUE(SHMBRIDGE_PEER_LIVE);
    VALUE(SHMBRIDGE_PEER_LEFT);
    VALUE(SHMBRIDGE_PIXEL_RGB32);
    VALUE(SHMBRIDGE_PIXEL_ARGB32);
    VALUE(SHMBRIDGE_PIXEL_ARGB32_PREMULTIPLIED);
    VALUE(SHMBRIDGE_MAX_TEXT_BYTES);
    VALUE(SHMBRIDGE_MAX_IMAGE_SIDE);
    VALUE(SHMBRIDGE_MAX_TELEMETRY_VALUES);
    VALUE(SHMBRIDGE_MAX_TELEMETRY_NAME_BYTES);
    VALUE(SHMBRIDGE_PAGE_BYTES);
    VALUE(SHMBRIDGE_WRITER_BUFFERS);
    VALUE(SHMBRIDGE_READ_ATTEMPTS);
    VALUE(SHMBRIDGE_LOCK_WAIT_MS);
    VALUE(SHMBRIDGE_PEER_TABLE_OFFSET);
    VALUE(SHMBRIDGE_ROOM_SEGMENT_SIZE);
    VALUE(SHMBRIDGE_MIN_BUFFERS);
    VALUE(SHMBRIDGE_MAX_BUFFERS);
    VALUE(SHMBRIDGE_CHANNEL_BUFFERS_OFFSET);

    SIZE(shmbridge_hello);
    SIZE(shmbridge_room_header);
    SIZE(shmbridge_channel_state);
    SIZE(shmbridge_ack);
    SIZE(shmbridge_peer_entry);
    SIZE(shmbridge_channel_header);
    SIZE(shmbridge_buffer_header);

    OFFSET(shmbridge_room_header, magic);
    OFFSET(shmbridge_room_header, version);
    OFFSET(shmbridge_room_header, headerSize);
    OFFSET(shmbridge_room_header, peerCapacity);
    OFFSET(shmbridge_room_header, peerEntrySize);
    OFFSET(shmbridge_room_header, peerTableOffset);
    OFFSET(shmbridge_room_header, keySize);
    OFFSET(shmbridge_room_header, createdRealtimeNs);
    OFFSET(shmbridge_room_header, key);
    OFFSET(shmbridge_peer_entry, state);
    OFFSET(shmbridge_peer_entry, slotGeneration);
    OFFSET(shmbridge_peer_entry, nonce);
    OFFSET(shmbridge_peer_entry, pid);
    OFFSET(shmbridge_peer_entry, nameSize);
    OFFSET(shmbridge_peer_entry, startTime);
    OFFSET(shmbridge_peer_entry, joinedRealtimeNs);
    OFFSET(shmbridge_peer_entry, name);
    OFFSET(shmbridge_peer_entry, channels);
    OFFSET(shmbridge_peer_entry, acks);
    OFFSET(shmbridge_channel_state, segmentGeneration);
    OFFSET(shmbridge_channel_state, latestSeq);
    OFFSET(shmbridge_channel_state, capacity);
    OFFSET(shmbridge_channel_state, segmentToken);
    OFFSET(shmbridge_ack, writerNonce);
    OFFSET(shmbridge_ack, seq);
    OFFSET(shmbridge_ack, imageLease);
    OFFSET(shmbridge_channel_header, magic);
    OFFSET(shmbridge_channel_header, version);
    OFFSET(shmbridge_channel_header, kind);
    OFFSET(shmbridge_channel_header, bufferCount);
    OFFSET(shmbridge_channel_header, headerSize);
    OFFSET(shmbridge_channel_header, bufferStride);
    OFFSET(shmbridge_channel_header, bufferCapacity);
    OFFSET(shmbridge_channel_header, writerNonce);
    OFFSET(shmbridge_channel_header, published);
    OFFSET(shmbridge_buffer_header, lock);
    OFFSET(shmbridge_buffer_header, updateSeq);
    OFFSET(shmbridge_buffer_header, publishMonotonicNs);
    OFFSET(shmbridge_buffer_header, payloadSize);
    OFFSET(shmbridge_buffer_header, width);
    OFFSET(shmbridge_buffer_header, height);
    OFFSET(shmbridge_buffer_header, format);
    return 0;
}

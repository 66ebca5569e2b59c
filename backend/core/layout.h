// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The byte layout of a room, as the C++ core names it. The structs and
// numbers are defined once, in C99, in include/shmbridge/layout.h, which
// programs in any language use; this file gives them C++ names and types.
// docs/segment-layout.md is the human-readable version; keep it in step.
//
// Everything is little-endian x86-64 / aarch64 native layout, naturally
// aligned. Fields written concurrently are accessed with atomic operations
// (std::atomic_ref); every other field is plain data written by exactly one
// process: the control header by the creator under the room lock, a peer
// entry by its owner (or by anyone under the room lock while claiming or
// reaping it), a channel segment by the peer that owns it.
#pragma once

#include <shmbridge/layout.h> // the structs and numbers themselves, in C99

#include <array>
#include <cstddef>
#include <cstdint>

namespace shmbridge::layout {

inline constexpr std::uint32_t kProtocolVersion = SHMBRIDGE_PROTOCOL_VERSION;

inline constexpr std::uint64_t kRoomMagic = SHMBRIDGE_ROOM_MAGIC;
inline constexpr std::uint64_t kChannelMagic = SHMBRIDGE_CHANNEL_MAGIC;
inline constexpr std::uint64_t kHelloMagic = SHMBRIDGE_HELLO_MAGIC;
using Hello = shmbridge_hello;

inline constexpr std::uint32_t kMaxPeers = SHMBRIDGE_MAX_PEERS;
inline constexpr std::uint32_t kMaxKeyBytes = SHMBRIDGE_MAX_KEY_BYTES;
inline constexpr std::uint32_t kMaxNameBytes = SHMBRIDGE_MAX_NAME_BYTES;

enum class Kind : std::uint32_t {
    Text = SHMBRIDGE_KIND_TEXT,
    Image = SHMBRIDGE_KIND_IMAGE,
    Telemetry = SHMBRIDGE_KIND_TELEMETRY,
};
inline constexpr std::uint32_t kKindCount = SHMBRIDGE_KIND_COUNT;
inline constexpr std::array<Kind, kKindCount> kKinds { Kind::Text, Kind::Image, Kind::Telemetry };

enum class PeerState : std::uint32_t {
    Free = SHMBRIDGE_PEER_FREE,
    Live = SHMBRIDGE_PEER_LIVE,
    Left = SHMBRIDGE_PEER_LEFT,
};

// Pixel formats of an image payload (see the C header).
enum class PixelFormat : std::uint32_t {
    Rgb32 = SHMBRIDGE_PIXEL_RGB32,
    Argb32 = SHMBRIDGE_PIXEL_ARGB32,
    Argb32Premultiplied = SHMBRIDGE_PIXEL_ARGB32_PREMULTIPLIED,
};

inline constexpr std::uint64_t kMaxTextBytes = SHMBRIDGE_MAX_TEXT_BYTES;
inline constexpr std::uint32_t kMaxImageSide = SHMBRIDGE_MAX_IMAGE_SIDE;
inline constexpr std::uint32_t kMaxTelemetryValues = SHMBRIDGE_MAX_TELEMETRY_VALUES;
inline constexpr std::uint32_t kMaxTelemetryNameBytes = SHMBRIDGE_MAX_TELEMETRY_NAME_BYTES;

// --- control segment ----------------------------------------------------

using RoomHeader = ::shmbridge_room_header;
using ChannelState = ::shmbridge_channel_state;
using Ack = ::shmbridge_ack;
using PeerEntry = ::shmbridge_peer_entry;

inline constexpr std::uint64_t packLease(std::uint64_t generation, std::uint64_t mask)
{
    return (generation << 8) | (mask & 0xff);
}
inline constexpr std::uint64_t leaseGeneration(std::uint64_t lease) { return lease >> 8; }
inline constexpr std::uint64_t leaseMask(std::uint64_t lease) { return lease & 0xff; }

inline constexpr std::size_t kPeerTableOffset = SHMBRIDGE_PEER_TABLE_OFFSET;
inline constexpr std::size_t kRoomSegmentSize = SHMBRIDGE_ROOM_SEGMENT_SIZE;

// --- channel segment ----------------------------------------------------

inline constexpr std::uint32_t kMinBuffers = SHMBRIDGE_MIN_BUFFERS;
inline constexpr std::uint32_t kMaxBuffers = SHMBRIDGE_MAX_BUFFERS;
inline constexpr std::size_t kChannelBuffersOffset = SHMBRIDGE_CHANNEL_BUFFERS_OFFSET;

using ChannelHeader = ::shmbridge_channel_header;
using BufferHeader = ::shmbridge_buffer_header;

inline constexpr std::uint64_t packPublished(std::uint64_t seq, std::uint32_t index)
{
    return (seq << 8) | index;
}

} // namespace shmbridge::layout

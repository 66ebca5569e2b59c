// The byte layout of a room, shared with every process (and every language)
// that joins one. docs/segment-layout.md is the human-readable version of this
// file; keep the two in step.
//
// Everything is little-endian x86-64 / aarch64 native layout, naturally
// aligned. Fields written concurrently are accessed with atomic operations
// (std::atomic_ref); every other field is plain data written by exactly one
// process: the control header by the creator under the room lock, a peer
// entry by its owner (or by anyone under the room lock while claiming or
// reaping it), a channel segment by the peer that owns it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace shmbridge::layout {

// 2: channel segment names carry a random token kept in the peer's slot.
// 3: readers may lease image buffers (Ack::imageLease); acks are 64 bytes.
inline constexpr std::uint32_t kProtocolVersion = 3;

// "SHMBRDG1" and "SHMBCHN1" read as little-endian 64-bit integers.
inline constexpr std::uint64_t kRoomMagic = 0x3147445242'4D4853ULL;
inline constexpr std::uint64_t kChannelMagic = 0x314E484342'4D4853ULL;

inline constexpr std::uint32_t kMaxPeers = 32;
inline constexpr std::uint32_t kMaxKeyBytes = 256;
inline constexpr std::uint32_t kMaxNameBytes = 64;

enum class Kind : std::uint32_t { Text = 0, Image = 1, Telemetry = 2 };
inline constexpr std::uint32_t kKindCount = 3;

enum class PeerState : std::uint32_t { Free = 0, Live = 1, Left = 2 };

// Pixel formats of an image payload: 32 bits per pixel, native-endian words,
// rows packed (stride = width * 4). The values are ShmBridge's own, so that a
// non-Qt peer does not depend on QImage's enum.
enum class PixelFormat : std::uint32_t {
    Rgb32 = 1, // 0xffRRGGBB
    Argb32 = 2, // 0xAARRGGBB, straight alpha
    Argb32Premultiplied = 3, // 0xAARRGGBB, premultiplied alpha
};

// Limits every reader enforces on what it finds in shared memory, and every
// writer enforces before publishing.
inline constexpr std::uint64_t kMaxTextBytes = 1024 * 1024;
inline constexpr std::uint32_t kMaxImageSide = 8192;
inline constexpr std::uint32_t kMaxTelemetryValues = 64;
inline constexpr std::uint32_t kMaxTelemetryNameBytes = 32;

// --- control segment: /shmbridge-<uid>-<roomhash> -----------------------

struct RoomHeader
{
    std::uint64_t magic; // kRoomMagic; written last when a room is initialised
    std::uint32_t version; // kProtocolVersion
    std::uint32_t headerSize; // sizeof(RoomHeader)
    std::uint32_t peerCapacity; // kMaxPeers
    std::uint32_t peerEntrySize; // sizeof(PeerEntry)
    std::uint32_t peerTableOffset; // offset of PeerEntry[0]
    std::uint32_t keySize; // bytes of key[] in use
    std::uint64_t createdRealtimeNs; // CLOCK_REALTIME at creation
    char key[kMaxKeyBytes]; // the room key, UTF-8, for collision checks
    std::uint8_t reserved[512 - 40 - kMaxKeyBytes];
};
static_assert(sizeof(RoomHeader) == 512);

struct ChannelState
{
    std::uint64_t segmentGeneration; // atomic; 0 = never published
    std::uint64_t latestSeq; // atomic; copy of the channel's newest sequence
    std::uint64_t capacity; // informational: payload bytes per buffer
    // atomic; random, non-zero: the last part of the segment's name. Kept
    // here, in the owner-only control segment, so that other users cannot
    // know the name of a segment before it exists (and squat it).
    std::uint64_t segmentToken;
};
static_assert(sizeof(ChannelState) == 32);

// What a peer has read from the peer in slot i: acks[i].seq[kind].
struct Ack
{
    std::uint64_t writerNonce; // atomic; the writer these sequences belong to
    std::uint64_t seq[kKindCount]; // atomic
    // atomic: (generation << 8) | mask of the buffers of that generation of
    // the writer's image channel this reader holds, and shows without
    // copying; the writer does not fill a leased buffer. 0 = none.
    std::uint64_t imageLease;
    std::uint8_t reserved[64 - 40];
};
static_assert(sizeof(Ack) == 64);

inline constexpr std::uint64_t packLease(std::uint64_t generation, std::uint64_t mask)
{
    return (generation << 8) | (mask & 0xff);
}
inline constexpr std::uint64_t leaseGeneration(std::uint64_t lease) { return lease >> 8; }
inline constexpr std::uint64_t leaseMask(std::uint64_t lease) { return lease & 0xff; }

struct PeerEntry
{
    std::uint32_t state; // atomic PeerState
    std::uint32_t slotGeneration; // bumped on every claim of this slot
    std::uint64_t nonce; // atomic; random, non-zero: the peer's id
    std::int32_t pid;
    std::uint32_t nameSize;
    std::uint64_t startTime; // field 22 of /proc/<pid>/stat: tells pid reuse apart
    std::uint64_t joinedRealtimeNs;
    char name[kMaxNameBytes]; // UTF-8
    std::uint8_t reserved0[128 - 104];
    ChannelState channels[kKindCount];
    std::uint8_t reserved1[256 - 128 - 32 * kKindCount];
    Ack acks[kMaxPeers];
};
static_assert(offsetof(PeerEntry, channels) == 128);
static_assert(offsetof(PeerEntry, acks) == 256);
static_assert(sizeof(PeerEntry) == 256 + 64 * kMaxPeers);

inline constexpr std::size_t kPeerTableOffset = sizeof(RoomHeader);
inline constexpr std::size_t kRoomSegmentSize = kPeerTableOffset + kMaxPeers * sizeof(PeerEntry);

// --- channel segment: /shmbridge-<uid>-<roomhash>-<nonce>-<kind>-<gen>-<token>

inline constexpr std::uint32_t kMinBuffers = 2;
inline constexpr std::uint32_t kMaxBuffers = 8; // a lease mask has 8 bits
inline constexpr std::size_t kChannelBuffersOffset = 4096;

struct ChannelHeader
{
    std::uint64_t magic; // kChannelMagic
    std::uint32_t version;
    std::uint32_t kind; // Kind
    std::uint32_t bufferCount; // kMinBuffers..kMaxBuffers
    std::uint32_t headerSize; // sizeof(ChannelHeader)
    std::uint64_t bufferStride; // bytes from one BufferHeader to the next
    std::uint64_t bufferCapacity; // payload bytes each buffer can hold
    std::uint64_t writerNonce;
    std::uint64_t published; // atomic: (updateSeq << 8) | bufferIndex; 0 = none
    std::uint8_t reserved[256 - 56];
};
static_assert(sizeof(ChannelHeader) == 256);

struct BufferHeader
{
    std::uint64_t lock; // atomic seqlock word: odd while the writer fills it
    std::uint64_t updateSeq;
    std::uint64_t publishMonotonicNs; // CLOCK_MONOTONIC when publishing began
    std::uint64_t payloadSize;
    std::uint32_t width; // images only
    std::uint32_t height;
    std::uint32_t format; // PixelFormat, images only
    std::uint32_t reserved0;
    std::uint8_t reserved1[128 - 48];
};
static_assert(sizeof(BufferHeader) == 128);

inline constexpr std::uint64_t packPublished(std::uint64_t seq, std::uint32_t index)
{
    return (seq << 8) | index;
}

} // namespace shmbridge::layout

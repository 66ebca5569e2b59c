// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// What the bridge's public headers share: the export mark of libshmbridge,
// and the names of the core's types that its classes mention but users of
// the library never need to see (they stay declared, not defined, here).
#pragma once

#include <QtGlobal>

#include <cstdint>

// Classes of the library's C++ API (its version script lists the same).
#define SHMBRIDGE_EXPORT __attribute__((visibility("default")))

namespace shmbridge {
class Room;
struct Telemetry;
using PeerId = quint64; // as in peerinfo.h
namespace layout {
enum class Kind : std::uint32_t; // as in layout.h
}
} // namespace shmbridge

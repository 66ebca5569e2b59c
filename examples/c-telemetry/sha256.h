// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
/* SHA-256 (FIPS 180-4), only to name a room: its segments are called after
 * the first 12 bytes of SHA-256 of the key. */
#ifndef SHMBRIDGE_EXAMPLE_SHA256_H
#define SHMBRIDGE_EXAMPLE_SHA256_H

#include <stddef.h>
#include <stdint.h>

void sha256(const void *data, size_t size, uint8_t digest[32]);

#endif

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Words in shared memory are read and written with atomic operations on
// plain integers (the layout is C, shared with other languages): this gives
// any such word an atomic view.
#pragma once

#include <atomic>

namespace shmbridge {

template<typename T>
std::atomic_ref<T> atomic(T &word)
{
    return std::atomic_ref<T>(word);
}

} // namespace shmbridge

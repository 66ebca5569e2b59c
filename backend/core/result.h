// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Errors are values with a message a person can act on; Result<T> carries
// either a value or such a message.
#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace shmbridge {

struct Error
{
    QString message;
    int systemError = 0; // errno, where the failure came from the kernel
};

template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_value(std::move(value)) { }
    Result(Error error) : m_error(std::move(error.message)), m_systemError(error.systemError) { }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    // Only on success: check ok() first.
    const T &value() const & { Q_ASSERT(m_value); return *m_value; }
    T &value() & { Q_ASSERT(m_value); return *m_value; }
    T &&value() && { Q_ASSERT(m_value); return std::move(*m_value); }
    const QString &error() const { return m_error; }
    int systemError() const { return m_systemError; }

private:
    std::optional<T> m_value;
    QString m_error;
    int m_systemError = 0;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_ok(false), m_error(std::move(error.message)), m_systemError(error.systemError)
    {
    }

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const QString &error() const { return m_error; }
    int systemError() const { return m_systemError; }

private:
    bool m_ok = true;
    QString m_error;
    int m_systemError = 0;
};

} // namespace shmbridge

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The gateway's command line, checked: a broker URL it may use, credentials
// only from files, TLS unless told otherwise for a network one trusts.
#pragma once

#include "gateway.h"
#include "mqttlink.h"
#include "result.h"

#include <QStringList>

namespace shmbridge::gateway {

struct Options
{
    Gateway::Settings gateway;
    MqttLink::Settings link;
    bool jsonLog = false;
};

// Exit code 2 (bad usage) for every error; the message says what to change.
// `done` is set when --help or --version was answered.
Result<Options> parseOptions(const QStringList &arguments, bool &done);

} // namespace shmbridge::gateway

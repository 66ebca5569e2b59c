// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Finds an item of a window by objectName, the way the object map
// (tests/ui/objectmap.json) promises: the visual tree first, then objects
// hanging off the window (SharedMemoryBridge, popups), then the inside of
// popups, whose delegates have no QObject parent to search.
#pragma once

#include <QString>

class QObject;
class QQuickWindow;

QObject *findByObjectName(QQuickWindow *window, const QString &objectName);

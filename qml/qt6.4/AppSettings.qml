// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Settings kept between runs (QSettings underneath), for Qt 6.4, which has
// only Qt.labs.settings. qml/CMakeLists.txt picks this file or qt6.5's.
import Qt.labs.settings

Settings {
    id: root
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Settings kept between runs (QSettings underneath), for Qt 6.5 and later,
// where QtCore's Settings replaces the deprecated Qt.labs.settings, in the
// same file and format. qml/CMakeLists.txt picks this file or qt6.4's.
import QtCore

Settings {
    id: root
}

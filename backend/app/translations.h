// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The app's own strings and Qt's, in the language asked for or the locale's.
#pragma once

#include <QString>

class QCoreApplication;

// Installs the translations for language ("zh_CN"; empty: the locale's) and
// makes it the default locale. English is loaded when nothing else is, for
// its plural forms. False if there is no translation for a language asked
// for by name (other than English); the app then speaks English.
bool installTranslations(QCoreApplication &app, const QString &language);

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The app's command line, defined once: for the GUI application, and for
// --help and --version, which are answered before there is one.
#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>

struct CommandLine
{
    CommandLine();

    QCommandLineParser parser;
    const QCommandLineOption key;
    const QCommandLineOption name;
    const QCommandLineOption kiosk;
    const QCommandLineOption fullscreen;
    const QCommandLineOption theme;
    const QCommandLineOption language;
    const QCommandLineOption keepLeft;
    const QCommandLineOption control;
};

// True when the arguments ask for --help or --version (or -h, -v, -?). A
// QGuiApplication needs a platform first, and without a display that ends
// the program before it could answer: over SSH, on a kiosk before its
// session, in a package's smoke test. (--help-all, with the GUI's own
// options, still needs one.)
bool asksForHelpOrVersion(int argc, char *argv[]);

// Prints the help or the version, with a QCoreApplication only; the exit code.
int answerHelpOrVersion(int argc, char *argv[]);

// The application's name and version, for the parser and the settings.
void setApplicationIdentity();

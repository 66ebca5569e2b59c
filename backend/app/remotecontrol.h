// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// A Spix-style remote control on stdin, for the headless demo and the
// end-to-end tests: commands name items by objectName and act through the
// real window (key and mouse events), one after another, each answered on
// stdout with "ok ..." or "error ...".
//
//   wait <objectName> <property> <value...> [timeoutMs] until property == value
//   type <objectName> <text...>                         focus it and type
//   key <objectName> <Return|Tab|Escape>
//   click <objectName>                                  scrolled into view first
//   drop <objectName> <file>                            drag a file onto it and drop
//   screenshot <file.png>
//   stats       {"frames": drawn so far, "key_to_frame_ms": [key press to
//               screen, for each key since the last stats]} (framestats.h)
//   quit
#pragma once

#include <QObject>
#include <QStringList>

class FrameStats;
class QQuickItem;
class QQuickWindow;
class QSocketNotifier;
class QTimer;

class RemoteControl : public QObject
{
    Q_OBJECT

public:
    explicit RemoteControl(QQuickWindow *window, QObject *parent = nullptr);

private Q_SLOTS:
    void checkWait();

private:
    static bool isNumber(const QString &word);
    // Scrolls every Flickable around item so that it shows; false if its
    // centre still lies outside a clipping ancestor.
    bool bringIntoView(QQuickItem *item);
    void readInput();
    void runNext();
    void finish(bool ok, const QString &message);
    QObject *find(const QString &objectName) const;
    void startWait(const QStringList &words);

    QQuickWindow *m_window;
    FrameStats *m_stats;
    QSocketNotifier *m_input;
    QByteArray m_buffer;
    QStringList m_queue;
    bool m_busy = false;
    quint64 m_timestamp = 0;
    // The wait in progress.
    QString m_waitObjectName;
    QString m_waitProperty;
    QString m_waitValue;
    QObject *m_waitTarget = nullptr;
    QTimer *m_waitTimeout;
    QMetaObject::Connection m_frameConnection;
};

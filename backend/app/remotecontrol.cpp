// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "remotecontrol.h"

#include "framestats.h"
#include "itemlookup.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QUrl>
#include <QGuiApplication>
#include <QStyleHints>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QQmlProperty>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace {

void reply(const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

} // namespace

RemoteControl::RemoteControl(QQuickWindow *window, QObject *parent)
    : QObject(parent), m_window(window), m_stats(new FrameStats(window)), m_waitTimeout(new QTimer(this))
{
    fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
    m_input = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_input, &QSocketNotifier::activated, this, &RemoteControl::readInput);
    m_waitTimeout->setSingleShot(true);
    connect(m_waitTimeout, &QTimer::timeout, this, [this] {
        const QString actual = m_waitTarget ? QQmlProperty::read(m_waitTarget, m_waitProperty).toString()
                                            : QStringLiteral("no such item");
        finish(false, QStringLiteral("timed out waiting for %1.%2 == \"%3\" (it is \"%4\")")
                              .arg(m_waitObjectName, m_waitProperty, m_waitValue, actual));
    });
}

void RemoteControl::readInput()
{
    char chunk[4096];
    ssize_t got;
    while ((got = read(STDIN_FILENO, chunk, sizeof chunk)) > 0)
        m_buffer.append(chunk, got);
    if (got == 0)
        m_input->setEnabled(false); // end of input: finish what is queued
    qsizetype newline;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_buffer.left(newline)).trimmed();
        m_buffer.remove(0, newline + 1);
        if (!line.isEmpty() && !line.startsWith(QLatin1Char('#')))
            m_queue.append(line);
    }
    runNext();
}

QObject *RemoteControl::find(const QString &objectName) const
{
    return findByObjectName(m_window, objectName);
}

void RemoteControl::finish(bool ok, const QString &message)
{
    disconnect(m_frameConnection);
    if (m_waitTarget)
        disconnect(m_waitTarget, nullptr, this, nullptr);
    m_waitTimeout->stop();
    m_waitTarget = nullptr;
    m_waitObjectName.clear();
    reply((ok ? QStringLiteral("ok ") : QStringLiteral("error ")) + message);
    m_busy = false;
    QMetaObject::invokeMethod(this, &RemoteControl::runNext, Qt::QueuedConnection);
}

void RemoteControl::runNext()
{
    if (m_busy || m_queue.isEmpty())
        return;
    m_busy = true;
    const QString line = m_queue.takeFirst();
    const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QString command = words.value(0);
    if (command == QLatin1String("quit")) {
        reply(QStringLiteral("ok quit"));
        QCoreApplication::quit();
        return;
    }
    if (command == QLatin1String("screenshot") && words.size() == 2) {
        const bool saved = m_window->grabWindow().save(words.at(1));
        finish(saved, line);
        return;
    }
    if (command == QLatin1String("stats") && words.size() == 1) {
        QJsonArray latencies;
        for (const double ms : m_stats->takeKeyLatencies())
            latencies.append(ms);
        const QJsonObject stats { { QStringLiteral("frames"), double(m_stats->framesDrawn()) },
                                  { QStringLiteral("key_to_frame_ms"), latencies } };
        finish(true, QString::fromUtf8(QJsonDocument(stats).toJson(QJsonDocument::Compact)));
        return;
    }
    if (words.size() < 2) {
        finish(false, QStringLiteral("cannot understand \"%1\"").arg(line));
        return;
    }
    QObject *target = find(words.at(1));
    if (command == QLatin1String("wait")) {
        startWait(words);
        return;
    }
    auto *item = qobject_cast<QQuickItem *>(target);
    if (!item) {
        finish(false, QStringLiteral("no item called %1").arg(words.at(1)));
        return;
    }
    // Layouts position their children lazily, at the next frame: render one
    // now so the coordinates are the ones on screen.
    m_window->grabWindow();
    if (command == QLatin1String("click")) {
        // As a person would, and as UI-test tools do: scroll it into view
        // first, and refuse to click where something else would be hit.
        if (!bringIntoView(item)) {
            finish(false, QStringLiteral("%1 is not on screen, and no scrolling brings it there").arg(words.at(1)));
            return;
        }
        // Posted, not sent: delivered by the event loop in order, as real
        // input from the window system would be.
        const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
        const QPointF global = m_window->mapToGlobal(centre);
        // Timestamps matter: Qt Quick drops a release as old as its press,
        // and two clicks closer than the double-click interval are one
        // double click. Each click is stamped as if well apart from the last.
        m_timestamp += quint64(QGuiApplication::styleHints()->mouseDoubleClickInterval()) + 100;
        const auto post = [&](QEvent::Type type, Qt::MouseButton button, Qt::MouseButtons buttons) {
            auto *event = new QMouseEvent(type, centre, centre, global, button, buttons, Qt::NoModifier);
            event->setTimestamp(++m_timestamp);
            QCoreApplication::postEvent(m_window, event);
        };
        post(QEvent::MouseMove, Qt::NoButton, Qt::NoButton);
        post(QEvent::MouseButtonPress, Qt::LeftButton, Qt::LeftButton);
        post(QEvent::MouseButtonRelease, Qt::LeftButton, Qt::NoButton);
        finish(true, line);
    } else if (command == QLatin1String("drop") && words.size() == 3) {
        // A file dragged in from a file manager: enter, move, drop.
        const QPoint centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2)).toPoint();
        QMimeData mime;
        mime.setUrls({ QUrl::fromUserInput(words.at(2), QDir::currentPath(), QUrl::AssumeLocalFile) });
        QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_window, &enter);
        QDragMoveEvent move(centre, Qt::CopyAction, &mime, Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_window, &move);
        QDropEvent drop(centre, Qt::CopyAction, &mime, Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_window, &drop);
        finish(drop.isAccepted(), line);
    } else if (command == QLatin1String("type")) {
        item->forceActiveFocus(Qt::OtherFocusReason);
        const QString text = line.section(QLatin1Char(' '), 2);
        for (const QChar c : text) {
            QKeyEvent press(QEvent::KeyPress, 0, Qt::NoModifier, QString(c));
            QKeyEvent release(QEvent::KeyRelease, 0, Qt::NoModifier, QString(c));
            QCoreApplication::sendEvent(m_window, &press);
            QCoreApplication::sendEvent(m_window, &release);
        }
        finish(true, line);
    } else if (command == QLatin1String("key") && words.size() == 3) {
        static const QHash<QString, int> keys { { QStringLiteral("Return"), Qt::Key_Return },
                                                { QStringLiteral("Tab"), Qt::Key_Tab },
                                                { QStringLiteral("Escape"), Qt::Key_Escape } };
        if (!keys.contains(words.at(2))) {
            finish(false, QStringLiteral("unknown key %1").arg(words.at(2)));
            return;
        }
        item->forceActiveFocus(Qt::OtherFocusReason);
        QKeyEvent press(QEvent::KeyPress, keys.value(words.at(2)), Qt::NoModifier);
        QKeyEvent release(QEvent::KeyRelease, keys.value(words.at(2)), Qt::NoModifier);
        QCoreApplication::sendEvent(m_window, &press);
        QCoreApplication::sendEvent(m_window, &release);
        finish(true, line);
    } else {
        finish(false, QStringLiteral("cannot understand \"%1\"").arg(line));
    }
}

void RemoteControl::startWait(const QStringList &words)
{
    if (words.size() < 4) {
        finish(false, QStringLiteral("wait needs an object, a property and a value"));
        return;
    }
    m_waitObjectName = words.at(1);
    m_waitProperty = words.at(2);
    m_waitValue = QStringList(words.mid(3, words.size() > 4 && isNumber(words.last()) ? words.size() - 4 : -1)).join(QLatin1Char(' '));
    const int timeoutMs = words.size() > 4 && isNumber(words.last()) ? words.last().toInt() : 10000;
    m_waitTimeout->start(timeoutMs);
    // Re-checked whenever the target's property notifies, and once per
    // rendered frame so that items created later (delegates) are found.
    m_frameConnection = connect(m_window, &QQuickWindow::afterAnimating, this, &RemoteControl::checkWait);
    checkWait();
}

bool RemoteControl::bringIntoView(QQuickItem *item)
{
    const QPointF centreInItem(item->width() / 2, item->height() / 2);
    for (QQuickItem *ancestor = item->parentItem(); ancestor; ancestor = ancestor->parentItem()) {
        if (!ancestor->inherits("QQuickFlickable"))
            continue;
        const qreal top = item->mapToItem(ancestor, QPointF(0, 0)).y();
        const qreal bottom = top + std::min(item->height(), ancestor->height());
        qreal shift = 0;
        if (top < 0)
            shift = top;
        else if (bottom > ancestor->height())
            shift = bottom - ancestor->height();
        if (shift != 0) {
            const qreal most = std::max<qreal>(0, ancestor->property("contentHeight").toReal() - ancestor->height());
            const qreal y = std::clamp(ancestor->property("contentY").toReal() + shift, 0.0, most);
            ancestor->setProperty("contentY", y);
        }
    }
    m_window->grabWindow(); // positions as drawn
    // The centre must lie inside every clipping ancestor, or the click would
    // land on something else.
    for (QQuickItem *ancestor = item->parentItem(); ancestor; ancestor = ancestor->parentItem()) {
        if (ancestor->clip() && !ancestor->contains(item->mapToItem(ancestor, centreInItem)))
            return false;
    }
    return item->isVisible();
}

bool RemoteControl::isNumber(const QString &word)
{
    bool ok = false;
    word.toInt(&ok);
    return ok;
}

void RemoteControl::checkWait()
{
    if (m_waitObjectName.isEmpty())
        return;
    QObject *target = find(m_waitObjectName);
    if (!target)
        return;
    const QQmlProperty property(target, m_waitProperty);
    if (property.isValid() && property.read().toString() == m_waitValue) {
        finish(true, QStringLiteral("wait %1 %2 %3").arg(m_waitObjectName, m_waitProperty, m_waitValue));
        return;
    }
    if (target != m_waitTarget) {
        if (m_waitTarget)
            disconnect(m_waitTarget, nullptr, this, nullptr);
        m_waitTarget = target;
        if (property.hasNotifySignal())
            property.connectNotifySignal(this, SLOT(checkWait()));
    }
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "itemlookup.h"

#include <QQuickItem>
#include <QQuickWindow>

namespace {

QObject *findInTree(QQuickItem *item, const QString &name)
{
    if (!item)
        return nullptr;
    if (item->objectName() == name)
        return item;
    const auto children = item->childItems();
    for (QQuickItem *child : children) {
        if (QObject *found = findInTree(child, name))
            return found;
    }
    return nullptr;
}

} // namespace

QObject *findByObjectName(QQuickWindow *window, const QString &objectName)
{
    if (window->objectName() == objectName)
        return window;
    if (QObject *found = findInTree(window->contentItem(), objectName))
        return found;
    if (QObject *found = window->findChild<QObject *>(objectName))
        return found;
    const auto children = window->findChildren<QObject *>();
    for (QObject *child : children) {
        if (!child->inherits("QQuickPopup"))
            continue;
        if (QObject *found = findInTree(child->property("contentItem").value<QQuickItem *>(), objectName))
            return found;
    }
    return nullptr;
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "masonrylayout.h"

#include <algorithm>
#include <cmath>

MasonryLayout::MasonryLayout(QQuickItem *parent) : QQuickItem(parent) { }

void MasonryLayout::setMinimumColumnWidth(qreal width)
{
    if (qFuzzyCompare(width, m_minimumColumnWidth))
        return;
    m_minimumColumnWidth = width;
    Q_EMIT minimumColumnWidthChanged();
    updateColumns();
}

void MasonryLayout::setSpacing(qreal spacing)
{
    if (qFuzzyCompare(spacing, m_spacing))
        return;
    m_spacing = spacing;
    Q_EMIT spacingChanged();
    updateColumns();
}

void MasonryLayout::updateColumns()
{
    const int columns = std::max(1, int(std::floor((width() + m_spacing) / std::max(1.0, m_minimumColumnWidth + m_spacing))));
    const qreal columnWidth = std::max(0.0, (width() - (columns - 1) * m_spacing) / columns);
    if (columns != m_columns || !qFuzzyCompare(columnWidth, m_columnWidth)) {
        m_columns = columns;
        m_columnWidth = columnWidth;
        Q_EMIT columnsChanged();
    }
    polish();
}

bool MasonryLayout::isPlaced(const QQuickItem *child)
{
    // A Repeater is an item too, but it only makes the delegates.
    return child->isVisible() && !child->inherits("QQuickRepeater");
}

void MasonryLayout::watch(QQuickItem *child)
{
    // Whatever changes a card's height or whether it shows moves the cards
    // under it; the width is ours to set.
    connect(child, &QQuickItem::heightChanged, this, &QQuickItem::polish, Qt::UniqueConnection);
    connect(child, &QQuickItem::visibleChanged, this, &QQuickItem::polish, Qt::UniqueConnection);
}

void MasonryLayout::itemChange(ItemChange change, const ItemChangeData &data)
{
    if (change == ItemChildAddedChange) {
        watch(data.item);
        polish();
    } else if (change == ItemChildRemovedChange) {
        disconnect(data.item, nullptr, this, nullptr);
        polish();
    }
    QQuickItem::itemChange(change, data);
}

void MasonryLayout::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    QQuickItem::geometryChange(newGeometry, oldGeometry);
    if (newGeometry.width() != oldGeometry.width())
        updateColumns();
}

void MasonryLayout::updatePolish()
{
    QList<qreal> bottoms(m_columns, 0.0);
    for (QQuickItem *child : childItems()) {
        if (!isPlaced(child))
            continue;
        child->setWidth(m_columnWidth); // may change its height: placed with the new one
        // The shortest column; the leftmost of those within half a pixel.
        int column = 0;
        for (int i = 1; i < m_columns; ++i) {
            if (bottoms.at(i) < bottoms.at(column) - 0.5)
                column = i;
        }
        child->setPosition(QPointF(column * (m_columnWidth + m_spacing), bottoms.at(column)));
        bottoms[column] += child->height() + m_spacing;
    }
    const qreal tallest = *std::max_element(bottoms.cbegin(), bottoms.cend());
    setImplicitHeight(std::max(0.0, tallest - m_spacing));
}

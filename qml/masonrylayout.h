// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Cards in as many equal columns as the width allows, each placed under the
// shortest column so that a tall card leaves no hole beside it. Children are
// placed in their order (a Repeater's delegates where the Repeater is);
// invisible ones are skipped. Like Qt's positioners, it lays out when polished,
// once per frame however many cards changed.
#pragma once

#include <QQuickItem>

class MasonryLayout : public QQuickItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(qreal minimumColumnWidth READ minimumColumnWidth WRITE setMinimumColumnWidth NOTIFY
                       minimumColumnWidthChanged FINAL)
    Q_PROPERTY(qreal spacing READ spacing WRITE setSpacing NOTIFY spacingChanged FINAL)
    Q_PROPERTY(int columns READ columns NOTIFY columnsChanged FINAL)
    Q_PROPERTY(qreal columnWidth READ columnWidth NOTIFY columnsChanged FINAL)

public:
    explicit MasonryLayout(QQuickItem *parent = nullptr);

    qreal minimumColumnWidth() const { return m_minimumColumnWidth; }
    void setMinimumColumnWidth(qreal width);
    qreal spacing() const { return m_spacing; }
    void setSpacing(qreal spacing);
    int columns() const { return m_columns; }
    qreal columnWidth() const { return m_columnWidth; }

Q_SIGNALS:
    void minimumColumnWidthChanged();
    void spacingChanged();
    void columnsChanged();

protected:
    void itemChange(ItemChange change, const ItemChangeData &data) override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;
    void updatePolish() override;

private:
    void updateColumns();
    void watch(QQuickItem *child);
    static bool isPlaced(const QQuickItem *child);

    qreal m_minimumColumnWidth = 240;
    qreal m_spacing = 0;
    int m_columns = 1;
    qreal m_columnWidth = 0;
};

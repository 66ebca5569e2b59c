#include "myvalues.h"

#include "peermodel.h"

bool MyValues::hasAny() const
{
    return std::any_of(m_seq.begin(), m_seq.end(), [](quint64 seq) { return seq > 0; });
}

QVariantList MyValues::telemetry() const
{
    return toVariantList(m_telemetry.values);
}

void MyValues::setText(const QString &text, quint64 seq)
{
    m_text = text;
    published(Kind::Text, seq);
}

void MyValues::setImage(const QString &source, QSize size, quint64 seq)
{
    m_imageSource = source;
    m_imageSize = size;
    published(Kind::Image, seq);
}

void MyValues::setTelemetry(const shmbridge::Telemetry &telemetry, quint64 seq)
{
    m_telemetry = telemetry;
    published(Kind::Telemetry, seq);
}

void MyValues::published(Kind kind, quint64 seq)
{
    m_seq[std::size_t(kind)] = seq;
    Q_EMIT changed();
    setSeenBy(kind, {}); // nobody has read a value that new yet
}

void MyValues::setSeenBy(Kind kind, const QStringList &names)
{
    QStringList &current = m_seenBy[std::size_t(kind)];
    if (current == names)
        return;
    current = names;
    Q_EMIT seenChanged();
}

void MyValues::clear()
{
    if (!hasAny())
        return;
    m_text.clear();
    m_imageSource.clear();
    m_imageSize = {};
    m_telemetry = {};
    m_seq = {};
    m_seenBy = {};
    Q_EMIT changed();
    Q_EMIT seenChanged();
}

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The image store and its URLs (peerimageprovider.h): a key written into a
// source is the key read back, a source that names no key gets no image,
// and removing a bridge's images leaves every other bridge's.
#include "peerimageprovider.h"

#include <QTest>

class TestPeerImageStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aSourceNamesItsKey()
    {
        const ImageKey key { quintptr(0x7f00deadbeef), 0x0123456789abcdef };
        for (const auto copy : { PeerImageProvider::Copy::Leased, PeerImageProvider::Copy::Private }) {
            const QString source = PeerImageProvider::url(key, 42, copy);
            QVERIFY(source.startsWith(QLatin1String("image://shmbridge/")));
            const QString id = source.mid(int(qstrlen("image://shmbridge/")));
            QCOMPARE(PeerImageProvider::keyOf(id), std::optional<ImageKey>(key));
        }
        QVERIFY(PeerImageProvider::url(key, 1) != PeerImageProvider::url(key, 1, PeerImageProvider::Copy::Private));
        QVERIFY(PeerImageProvider::url(key, 1) != PeerImageProvider::url(key, 2));
    }

    void aSourceThatNamesNoKeyGetsNoImage_data()
    {
        QTest::addColumn<QString>("id");
        QTest::newRow("empty") << QString();
        QTest::newRow("too few parts") << QStringLiteral("1/2");
        QTest::newRow("too many parts") << QStringLiteral("1/2/3/4");
        QTest::newRow("not hex") << QStringLiteral("zz/2/3");
        QTest::newRow("peer past 64 bits") << QStringLiteral("1/10000000000000000/3");
    }
    void aSourceThatNamesNoKeyGetsNoImage()
    {
        QFETCH(QString, id);
        QVERIFY(!PeerImageProvider::keyOf(id));
        PeerImageProvider provider;
        QSize size;
        QVERIFY(provider.requestImage(id, &size, QSize()).isNull());
    }

    void removingABridgesImagesLeavesTheOthers()
    {
        PeerImageStore &store = PeerImageStore::instance();
        QImage image(4, 4, QImage::Format_RGB32);
        image.fill(Qt::red);
        const ImageKey mine { 1, 7 };
        const ImageKey myOwn { 1, 0 };
        const ImageKey theirs { 2, 7 };
        QList<PeerImageStore::ShownFlag> shown;
        for (const ImageKey &key : { mine, myOwn, theirs })
            shown.append(store.put(key, image));
        PeerImageProvider provider;
        QSize size;
        QCOMPARE(provider.requestImage(QStringLiteral("1/7/3"), &size, QSize()).size(), QSize(4, 4));
        QVERIFY(shown.at(0)->load());
        QVERIFY(!shown.at(1)->load() && !shown.at(2)->load());
        store.removeAllOf(1);
        QVERIFY(store.get(mine).isNull() && store.get(myOwn).isNull());
        QCOMPARE(store.get(theirs).size(), QSize(4, 4));
        store.remove(theirs);
        QVERIFY(store.get(theirs).isNull());
    }
};

QTEST_GUILESS_MAIN(TestPeerImageStore)
#include "tst_peerimagestore.moc"

// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// How a room key and a peer name are checked, and how a key becomes the
// paths of its room's files (names.h): short, free of '/', the same in every
// process, and distinct per key.
#include "names.h"

#include <QTest>

using namespace shmbridge;

class TestNames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keys_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("demo") << true;
        QTest::newRow("slash and unicode") << QStringLiteral("a/b/ключ/🚀") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("control") << QStringLiteral("a\nb") << false;
        QTest::newRow("256 bytes") << QString(256, QLatin1Char('k')) << true;
        QTest::newRow("257 bytes") << QString(257, QLatin1Char('k')) << false;
        QTest::newRow("86 Chinese characters (258 bytes)") << QString(86, QChar(0x4f60)) << false;
        QTest::newRow("a lone surrogate") << QString(QChar(0xd800)) << false;
    }
    void keys()
    {
        QFETCH(QString, key);
        QFETCH(bool, valid);
        auto names = RoomNames::fromKey(key);
        QCOMPARE(names.ok(), valid);
        QCOMPARE(validateRoomKey(key).ok(), valid);
        if (!valid) {
            QVERIFY(!names.error().isEmpty());
            return;
        }
        QCOMPARE(names.value().keyUtf8(), key.toUtf8());
        const QByteArray segment = names.value().roomSegment();
        const QByteArray stem = names.value().stem();
        QVERIFY(stem.startsWith("room-"));
        QCOMPARE(stem.size(), 29); // "room-" and 24 hex digits, whatever the key holds
        QVERIFY(!stem.mid(5).contains('/'));
        QCOMPARE(segment, names.value().home().path + '/' + stem);
        // The same in every process: a function of the key alone.
        QCOMPARE(RoomNames::fromKey(key).value().stem(), stem);
        const auto other = RoomNames::fromKey(key.left(1) + QStringLiteral("-another-room"));
        QVERIFY(other);
        QVERIFY(segment != other.value().roomSegment());
    }

    void peerNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("alice") << true;
        QTest::newRow("Chinese") << QStringLiteral("小明") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("a tab") << QStringLiteral("a\tb") << false;
        QTest::newRow("DEL") << QStringLiteral("a\x7f") << false;
        QTest::newRow("spaces only") << QStringLiteral("   ") << false;
        QTest::newRow("a lone surrogate") << QStringLiteral("a") + QChar(0xdc00) << false;
        QTest::newRow("64 bytes") << QString(64, QLatin1Char('n')) << true;
        QTest::newRow("65 bytes") << QString(65, QLatin1Char('n')) << false;
        QTest::newRow("22 Chinese characters (66 bytes)") << QString(22, QChar(0x4f60)) << false;
    }
    void peerNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        auto checked = validatePeerName(name);
        QCOMPARE(checked.ok(), valid);
        if (valid)
            QCOMPARE(checked.value(), name.toUtf8());
        else
            QVERIFY(!checked.error().isEmpty());
    }

    void aPeersFilesAreNamedByItsIdKindGenerationAndToken()
    {
        const RoomNames names = RoomNames::fromKey(QStringLiteral("names")).value();
        const QByteArray base = names.home().path + '/' + names.stem();
        QCOMPARE(names.channelPrefix(0xabc), base + "-abc-");
        QVERIFY(!names.channelPrefix(0xabc).startsWith(names.channelPrefix(0xab))); // one peer's prefix is no other's
        QVERIFY(names.channelSegment(0xabc, 1, 7, 0x55).startsWith(names.channelPrefix(0xabc)));
        QVERIFY(names.channelSegment(0xabc, 1, 7, 0x55) != names.channelSegment(0xabc, 1, 7, 0x56));
        QVERIFY(names.channelSegment(0xabc, 1, 7, 0x55) != names.channelSegment(0xabc, 2, 7, 0x55));
        QVERIFY(names.channelSegment(0xabc, 1, 7, 0x55) != names.channelSegment(0xabc, 1, 8, 0x55));
        QCOMPARE(names.rendezvousSocket(0xabc), base + "-abc.sock");
        // A socket's path must fit sockaddr_un (107 bytes and a NUL).
        QVERIFY(names.rendezvousSocket(~std::uint64_t(0)).size() <= 107);
    }
};

QTEST_GUILESS_MAIN(TestNames)
#include "tst_names.moc"

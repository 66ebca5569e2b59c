// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// One shared-memory file, opened and mapped (sharedsegment.h): made owner-
// only, refused when anyone else could reach it or when it is not a plain
// file, sized and reserved without losing what others wrote, and removed by
// prefix only where it is ours.
#include "sharedsegment.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

using namespace shmbridge;

class TestSharedSegment : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QByteArray path(const char *name) const { return QFile::encodeName(m_dir.filePath(QLatin1String(name))); }

    static mode_t modeOf(const QByteArray &path)
    {
        struct stat info {};
        return stat(path.constData(), &info) == 0 ? info.st_mode & 0777 : mode_t(-1);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void aSegmentIsOwnerOnlyAndSharedByWhoeverOpensIt()
    {
        const QByteArray name = path("shared");
        const mode_t before = umask(0);
        auto created = SharedSegment::create(name, 8192);
        umask(before);
        QVERIFY2(created, qPrintable(created.error()));
        QCOMPARE(modeOf(name), mode_t(0600)); // whatever the umask lets through
        auto opened = SharedSegment::open(name, SharedSegment::Access::ReadOnly);
        QVERIFY2(opened, qPrintable(opened.error()));
        QCOMPARE(opened.value().size(), std::size_t(8192));
        std::memcpy(static_cast<char *>(created.value().data()) + 4096, "hello", 6);
        QCOMPARE(static_cast<const char *>(opened.value().data()) + 4096, "hello");
        QVERIFY(!opened.value().isUnlinked());
        SharedSegment::unlink(name);
        QVERIFY(opened.value().isUnlinked());
        QCOMPARE(static_cast<const char *>(opened.value().data()) + 4096, "hello"); // mapped still
    }

    void aTakenNameAndAMissingOneSaySo()
    {
        const QByteArray name = path("taken");
        auto first = SharedSegment::create(name, 4096);
        QVERIFY(first);
        auto second = SharedSegment::create(name, 4096);
        QVERIFY(!second);
        QCOMPARE(second.systemError(), EEXIST);
        auto missing = SharedSegment::open(path("missing"), SharedSegment::Access::ReadWrite);
        QVERIFY(!missing);
        QCOMPARE(missing.systemError(), ENOENT);
        SharedSegment::unlink(name);
    }

    void whatOthersCouldReachOrIsNoPlainFileIsRefused_data()
    {
        QTest::addColumn<QByteArray>("kind");
        QTest::addColumn<QString>("said");
        QTest::newRow("readable by the group") << QByteArray("0640") << QStringLiteral("accessible to other users (mode 640)");
        QTest::newRow("writable by all") << QByteArray("0606") << QStringLiteral("accessible to other users (mode 606)");
        QTest::newRow("a FIFO (must not hang)") << QByteArray("fifo") << QStringLiteral("not shared memory but another kind of file");
        QTest::newRow("a symlink to ours") << QByteArray("link") << QStringLiteral("Opening shared memory");
    }
    void whatOthersCouldReachOrIsNoPlainFileIsRefused()
    {
        QFETCH(QByteArray, kind);
        QFETCH(QString, said);
        const QByteArray name = path("planted");
        const QByteArray target = path("target");
        if (kind == "fifo") {
            QCOMPARE(mkfifo(name.constData(), 0600), 0);
        } else if (kind == "link") {
            QVERIFY(SharedSegment::create(target, 4096));
            QCOMPARE(symlink(target.constData(), name.constData()), 0);
        } else {
            QVERIFY(SharedSegment::create(name, 4096));
            QCOMPARE(chmod(name.constData(), mode_t(kind.toUInt(nullptr, 8))), 0);
        }
        for (const auto access : { SharedSegment::Access::ReadOnly, SharedSegment::Access::ReadWrite }) {
            auto opened = SharedSegment::open(name, access);
            QVERIFY(!opened);
            QVERIFY2(opened.error().contains(said), qPrintable(opened.error()));
        }
        unlink(name.constData());
        unlink(target.constData());
    }

    void growingKeepsWhatWasWrittenAndOthersSeeTheNewSize()
    {
        const QByteArray name = path("growing");
        auto writer = SharedSegment::create(name, 4096);
        QVERIFY(writer);
        auto reader = SharedSegment::open(name, SharedSegment::Access::ReadWrite);
        QVERIFY(reader);
        std::memcpy(writer.value().data(), "kept", 5);
        QVERIFY(writer.value().resize(3 * 4096));
        QCOMPARE(writer.value().size(), std::size_t(3 * 4096));
        QCOMPARE(static_cast<const char *>(writer.value().data()), "kept");
        QCOMPARE(reader.value().size(), std::size_t(4096)); // as it was when opened
        QVERIFY(reader.value().refresh());
        QCOMPARE(reader.value().size(), std::size_t(3 * 4096));
        // allocate() leaves what is there; reserve() is for memory nobody wrote.
        std::memcpy(static_cast<char *>(writer.value().data()) + 8192, "other's", 8);
        QVERIFY(reader.value().allocate(8192, 4096));
        QCOMPARE(static_cast<const char *>(reader.value().data()) + 8192, "other's");
        QVERIFY(writer.value().reserve(4096, 4096));
        QCOMPARE(static_cast<const char *>(reader.value().data())[4096], '\0');
        // Segments only grow: a reader mapping the end must never be cut short.
        auto shrunk = writer.value().resize(4096);
        QVERIFY(!shrunk);
        QVERIFY2(shrunk.error().contains(QLatin1String("segments only grow")), qPrintable(shrunk.error()));
        QCOMPARE(writer.value().size(), std::size_t(3 * 4096));
        SharedSegment::unlink(name);
    }

    void onlyFilesWithThePrefixGo()
    {
        QTemporaryDir dir;
        const QByteArray prefix = QFile::encodeName(dir.filePath(QStringLiteral("room-abc")));
        for (const char *suffix : { "", "-1-0", "-1-1", "-2.sock" })
            QVERIFY(SharedSegment::create(prefix + suffix, 4096));
        QVERIFY(SharedSegment::create(QFile::encodeName(dir.filePath(QStringLiteral("room-abd"))), 4096));
        QVERIFY(SharedSegment::create(QFile::encodeName(dir.filePath(QStringLiteral("other"))), 4096));
        QCOMPARE(SharedSegment::unlinkAllWithPrefix(prefix + "-1"), 2);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::System, QDir::Name),
                 QStringList({ QStringLiteral("other"), QStringLiteral("room-abc"), QStringLiteral("room-abc-2.sock"),
                               QStringLiteral("room-abd") }));
        QCOMPARE(SharedSegment::unlinkAllWithPrefix(prefix), 2);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::System, QDir::Name),
                 QStringList({ QStringLiteral("other"), QStringLiteral("room-abd") }));
    }
};

QTEST_GUILESS_MAIN(TestSharedSegment)
#include "tst_sharedsegment.moc"

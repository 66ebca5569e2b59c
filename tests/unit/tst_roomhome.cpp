// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// Where a user's rooms live (roomhome.h): the runtime directory first, made
// 0700 and checked; a runtime directory that is not ours alone, a relative
// one, a symlink or one too long for a socket's path is refused in words.
#include "roomhome.h"

#include <QDir>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace shmbridge;

class TestRoomHome : public QObject
{
    Q_OBJECT

    QByteArray m_saved;
    // Short: a room home's path must leave room for a socket's name in 108 bytes.
    static QString shortTemplate() { return QStringLiteral("/tmp/rh-XXXXXX"); }

    static mode_t modeOf(const QString &path)
    {
        struct stat info {};
        return lstat(QFile::encodeName(path).constData(), &info) == 0 ? info.st_mode & 0777 : mode_t(-1);
    }

private Q_SLOTS:
    void init() { m_saved = qgetenv("XDG_RUNTIME_DIR"); }
    void cleanup()
    {
        if (m_saved.isNull())
            qunsetenv("XDG_RUNTIME_DIR");
        else
            qputenv("XDG_RUNTIME_DIR", m_saved);
    }

    void theRuntimeDirectoryComesFirstAndItsHomeIsPrivate()
    {
        QTemporaryDir runtime(shortTemplate());
        QVERIFY(QFile::setPermissions(runtime.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
        const mode_t before = umask(0);
        auto home = RoomHome::find();
        umask(before);
        QVERIFY2(home, qPrintable(home.error()));
        QCOMPARE(home.value().kind, RoomHome::Kind::RuntimeDirectory);
        QCOMPARE(home.value().path, QFile::encodeName(runtime.filePath(QStringLiteral("shmbridge"))));
        QCOMPARE(modeOf(runtime.filePath(QStringLiteral("shmbridge"))), mode_t(0700));
        QVERIFY(home.value().description().contains(QLatin1String("private to you")));
        // Found again, the same.
        QCOMPARE(RoomHome::find().value().path, home.value().path);
    }

    void whatIsNotOursAloneIsRefusedInWords_data()
    {
        QTest::addColumn<QString>("setUp");
        QTest::addColumn<QString>("said");
        QTest::newRow("runtime directory others may enter") << QStringLiteral("open") << QStringLiteral("open to other users (mode 755)");
        QTest::newRow("room directory others may enter") << QStringLiteral("open home") << QStringLiteral("The room directory");
        QTest::newRow("room directory is a symlink") << QStringLiteral("symlink home") << QStringLiteral("Cannot use the room directory");
        QTest::newRow("relative path") << QStringLiteral("relative") << QStringLiteral("is not an absolute path");
        QTest::newRow("too long for a socket") << QStringLiteral("long") << QStringLiteral("too long a path for a socket");
    }
    void whatIsNotOursAloneIsRefusedInWords()
    {
        QFETCH(QString, setUp);
        QFETCH(QString, said);
        QTemporaryDir runtime(shortTemplate());
        QVERIFY(QFile::setPermissions(runtime.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QString path = runtime.path();
        const QString home = runtime.filePath(QStringLiteral("shmbridge"));
        if (setUp == QLatin1String("open")) {
            QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                                        | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
        } else if (setUp == QLatin1String("open home")) {
            QVERIFY(QDir().mkdir(home));
            QCOMPARE(chmod(QFile::encodeName(home).constData(), 0711), 0);
        } else if (setUp == QLatin1String("symlink home")) {
            QVERIFY(QDir().mkdir(runtime.filePath(QStringLiteral("elsewhere"))));
            QCOMPARE(chmod(QFile::encodeName(runtime.filePath(QStringLiteral("elsewhere"))).constData(), 0700), 0);
            QVERIFY(QFile::link(runtime.filePath(QStringLiteral("elsewhere")), home));
        } else if (setUp == QLatin1String("relative")) {
            path = QStringLiteral("run/user");
        } else {
            path = runtime.filePath(QString(60, QLatin1Char('d')));
            QVERIFY(QDir().mkdir(path));
            QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        }
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(path));
        auto found = RoomHome::find();
        QVERIFY(!found);
        QVERIFY2(found.error().contains(said), qPrintable(found.error()));
    }

    void withoutARuntimeDirectoryTheHomeIsRunUserOrDevShm()
    {
        qunsetenv("XDG_RUNTIME_DIR");
        auto home = RoomHome::find();
        QVERIFY2(home, qPrintable(home.error()));
        const QByteArray uid = QByteArray::number(uint(geteuid()));
        if (home.value().kind == RoomHome::Kind::RunUser) {
            QCOMPARE(home.value().path, "/run/user/" + uid + "/shmbridge");
        } else {
            QCOMPARE(home.value().kind, RoomHome::Kind::SharedMemory);
            QCOMPARE(home.value().path, "/dev/shm/shmbridge-" + uid);
            QVERIFY(home.value().description().contains(QLatin1String("other users, who can fill it")));
        }
        QCOMPARE(modeOf(QFile::decodeName(home.value().path)), mode_t(0700));
    }
};

QTEST_GUILESS_MAIN(TestRoomHome)
#include "tst_roomhome.moc"

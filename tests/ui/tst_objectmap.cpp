// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// The object map is a contract: every symbolic name in tests/ui/objectmap.json
// must resolve in the real view (Main.qml, joined to a real room with a real
// CLI peer in it) to an item with that objectName, accessible name and role,
// in English and in Chinese: accessible names are translated, and the map
// gives their English source, which a tool looks up in the translation of
// the language the app speaks (assets/translations/shmbridge_<lang>.ts).
#include "itemlookup.h"
#include "launchoptions.h"
#include "peermodel_p.h"
#include "translations.h"

#include <QAccessible>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QXmlStreamReader>
#include <QTest>

Q_IMPORT_QML_PLUGIN(ShmBridgePlugin)
Q_IMPORT_QML_PLUGIN(ShmBridgeAppPlugin)
Q_IMPORT_QML_PLUGIN(ShmBridgeViewPlugin)

namespace {

// Qt's accessibility roles as AT-SPI names them.
QString atspiRole(QAccessible::Role role)
{
    switch (role) {
    case QAccessible::EditableText:
        return QStringLiteral("text");
    case QAccessible::Button:
        return QStringLiteral("push button");
    case QAccessible::CheckBox:
        return QStringLiteral("check box");
    case QAccessible::StaticText:
        return QStringLiteral("label");
    case QAccessible::StatusBar:
        return QStringLiteral("status bar");
    case QAccessible::Grouping:
        return QStringLiteral("panel");
    case QAccessible::Graphic:
        return QStringLiteral("image");
    case QAccessible::AlertMessage:
        return QStringLiteral("alert");
    case QAccessible::ListItem:
        return QStringLiteral("list item");
    case QAccessible::List:
        return QStringLiteral("list");
    case QAccessible::Window:
        return QStringLiteral("frame");
    default:
        return QStringLiteral("role %1").arg(int(role));
    }
}

// A translation's source texts and what they become, from its .ts file.
QHash<QString, QString> readCatalogue(const QString &path)
{
    QHash<QString, QString> catalogue;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return catalogue;
    QXmlStreamReader xml(&file);
    QString source;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("source"))
            source = xml.readElementText();
        else if (xml.name() == QLatin1String("translation") && !source.isEmpty())
            catalogue.insert(source, xml.readElementText(QXmlStreamReader::IncludeChildElements)); // plurals nest
    }
    return catalogue;
}

// The accessible name an object-map entry promises: its {PLACEHOLDERS} are
// %1, %2... in the translated source, then filled in.
QString expectedName(const QString &mapName, const QHash<QString, QString> &catalogue,
                     const QHash<QString, QString> &fill)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{(\\w+)\\}"));
    QString source = mapName;
    QStringList values;
    for (auto it = placeholder.globalMatch(mapName); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        values.append(fill.value(match.captured(1)));
        source.replace(match.captured(0), QStringLiteral("%") + QString::number(values.size()));
    }
    QString name = catalogue.value(source, source);
    for (qsizetype i = 0; i < values.size(); ++i)
        name.replace(QStringLiteral("%") + QString::number(i + 1), values.at(i));
    return name;
}

bool runCli(const QStringList &arguments)
{
    QProcess cli;
    cli.start(QStringLiteral(SHMBRIDGE_CLI), arguments);
    return cli.waitForFinished(20000) && cli.exitCode() == 0;
}

} // namespace

class TestObjectMap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("ShmBridgeTests"));
    }

    void everyNameResolvesInTheRealView_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("English") << QString();
        QTest::newRow("Chinese") << QStringLiteral("zh_CN"); // after English: translators only add up
    }

    void everyNameResolvesInTheRealView()
    {
        QFETCH(QString, language);
        QHash<QString, QString> catalogue;
        if (!language.isEmpty()) {
            QVERIFY(installTranslations(*QCoreApplication::instance(), language));
            catalogue = readCatalogue(QStringLiteral(SHMBRIDGE_TRANSLATIONS "/shmbridge_%1.ts").arg(language));
            QVERIFY(catalogue.size() > 40);
        }
        QFile file(QStringLiteral(SHMBRIDGE_OBJECT_MAP));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject names = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("names")).toObject();
        QVERIFY(names.size() > 15);

        const QString key = QStringLiteral("objectmap-%1").arg(QRandomGenerator::global()->generate());
        LaunchOptions::instance()->set({ key, QStringLiteral("me"), false, false });
        QQmlApplicationEngine engine;
        engine.addImportPath(QStringLiteral("qrc:/"));
        engine.load(QUrl(QStringLiteral("qrc:/ShmBridgeView/Main.qml")));
        QCOMPARE(engine.rootObjects().size(), 1);
        auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
        QVERIFY(window);
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QVERIFY(window->title().startsWith(QLatin1String("ShmBridge")));
        QCOMPARE(window->objectName(), QStringLiteral("mainWindow"));

        // A peer "carol" with text, telemetry and an image; an error; the gallery open.
        const QString lagoon = QStringLiteral(SHMBRIDGE_GALLERY_DIR "/lagoon.png");
        QProcess keeper;
        keeper.start(QStringLiteral(SHMBRIDGE_CLI), { QStringLiteral("watch"), QStringLiteral("--key"), key,
                                                      QStringLiteral("--name"), QStringLiteral("keeper") });
        QObject *bridge = window->findChild<QObject *>(QStringLiteral("bridge"));
        QVERIFY(bridge);
        QTRY_COMPARE(bridge->property("peerCount").toInt(), 1);
        QVERIFY(QMetaObject::invokeMethod(bridge, "writeText", Q_ARG(QString, QStringLiteral("so keeper has seen me"))));
        for (const QStringList &payload : { QStringList { QStringLiteral("--text"), QStringLiteral("hi") },
                                            QStringList { QStringLiteral("--telemetry"), QStringLiteral("1.5,-2") },
                                            QStringList { QStringLiteral("--image"), lagoon } })
            QVERIFY(runCli(QStringList { QStringLiteral("send"), QStringLiteral("--key"), key, QStringLiteral("--name"), QStringLiteral("carol") } + payload));
        QTRY_VERIFY(findByObjectName(window, QStringLiteral("peerImage_carol"))
                    && findByObjectName(window, QStringLiteral("peerImage_carol"))->property("status").toInt() == 1);
        QVERIFY(QMetaObject::invokeMethod(bridge, "writeImage", Q_ARG(QUrl, QUrl::fromLocalFile(QStringLiteral(SHMBRIDGE_OBJECT_MAP)))));
        QTRY_VERIFY(!bridge->property("lastError").toString().isEmpty());
        QCOMPARE(LaunchOptions::instance()->galleryImages().size(), 4);
        QObject *gallery = window->findChild<QObject *>(QStringLiteral("galleryPopup"));
        QVERIFY(gallery);
        QVERIFY(QMetaObject::invokeMethod(gallery, "open"));
        QTRY_VERIFY(gallery->property("opened").toBool());
        // GridView creates its delegates over a few frames.
        QTRY_VERIFY(findByObjectName(window, QStringLiteral("galleryImage_lagoon")));
        // carol in detail, as a tap on her card opens it.
        auto *peers = bridge->property("peers").value<PeerModel *>();
        QVERIFY(peers);
        for (int row = 0; row < peers->rowCount(); ++row) {
            if (peers->data(peers->index(row), PeerModel::NameRole).toString() == QLatin1String("carol"))
                window->setProperty("detailRow", row);
        }
        QTRY_VERIFY(findByObjectName(window, QStringLiteral("peerDetail"))->property("visible").toBool());

        QStringList problems;
        for (auto it = names.begin(); it != names.end(); ++it) {
            const QJsonObject entry = it.value().toObject();
            if (entry.value(QStringLiteral("kioskOnly")).toBool())
                continue; // the kiosk's keyboard: the AT-SPI suite's kiosk test finds it
            const QHash<QString, QString> fill { { QStringLiteral("NAME"), QStringLiteral("carol") },
                                                 { QStringLiteral("FILE"), QStringLiteral("lagoon") },
                                                 { QStringLiteral("INDEX"), QStringLiteral("0") },
                                                 { QStringLiteral("VALUE"), QStringLiteral("#1") } };
            const auto expand = [&](QString text) {
                for (auto it = fill.begin(); it != fill.end(); ++it)
                    text.replace(QLatin1Char('{') + it.key() + QLatin1Char('}'), it.value());
                return text;
            };
            const QString objectName = expand(entry.value(QStringLiteral("objectName")).toString());
            QObject *object = findByObjectName(window, objectName);
            if (!object) {
                problems << QStringLiteral("%1: no item with objectName \"%2\"").arg(it.key(), objectName);
                continue;
            }
            auto *item = qobject_cast<QQuickItem *>(object);
            const QJsonValue accessibleName = entry.value(QStringLiteral("accessibleName"));
            if (!item || accessibleName.isNull())
                continue;
            QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(item);
            if (!iface) {
                problems << QStringLiteral("%1: \"%2\" has no accessible interface").arg(it.key(), objectName);
                continue;
            }
            const QString promised = expectedName(accessibleName.toString(), catalogue, fill);
            if (!language.isEmpty() && promised == expand(accessibleName.toString()))
                problems << QStringLiteral("%1: \"%2\" has no %3 translation").arg(it.key(), promised, language);
            if (iface->text(QAccessible::Name) != promised)
                problems << QStringLiteral("%1: accessible name is \"%2\", the map says \"%3\"")
                                    .arg(it.key(), iface->text(QAccessible::Name), promised);
            const QString expectedRole = entry.value(QStringLiteral("atspiRole")).toString();
            if (!expectedRole.isEmpty() && atspiRole(iface->role()) != expectedRole)
                problems << QStringLiteral("%1: role is \"%2\", the map says \"%3\"")
                                    .arg(it.key(), atspiRole(iface->role()), expectedRole);
        }
        for (const QString &problem : std::as_const(problems)) // QTest cuts a long message short
            qWarning().noquote() << problem;
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

        // Descriptions carry the state tests assert on.
        const auto description = [&](const char *name) {
            return QAccessible::queryAccessibleInterface(findByObjectName(window, QString::fromLatin1(name)))
                    ->text(QAccessible::Description);
        };
        QCOMPARE(description("peerText_carol"), QStringLiteral("hi"));
        QCOMPARE(description("peerTelemetry_carol"), QStringLiteral("1.5,-2"));
        QCOMPARE(description("peerImage_carol"), QStringLiteral("640x480"));
        QCOMPARE(description("peerCountLabel"), QStringLiteral("1"));
        QCOMPARE(description("detailText"), QStringLiteral("hi"));
        QCOMPARE(description("detailImage").section(QLatin1Char(' '), 0, 0), QStringLiteral("640x480"));
        QCOMPARE(description("selfText"), QStringLiteral("so keeper has seen me"));
        QTRY_COMPARE(description("selfTextSeenBy"), QStringLiteral("keeper"));
        QTRY_COMPARE(description("peerSeen_keeper"), QStringLiteral("yes"));
        keeper.terminate();
        QVERIFY(keeper.waitForFinished(5000));
    }

};

QTEST_MAIN(TestObjectMap)
#include "tst_objectmap.moc"

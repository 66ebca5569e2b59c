// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
#include "options.h"

#include "names.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QHostInfo>
#include <QTextStream>
#include <QUrl>

#include <sys/stat.h>

namespace shmbridge::gateway {

namespace {

// "peer@site" must fit a peer name (64 bytes): sites are kept short.
constexpr qsizetype kMaxSiteBytes = 24;

bool isLoopback(const QString &host)
{
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

Result<QString> readableFile(const QString &path, const char *what)
{
    const QFileInfo info(path);
    if (!info.isFile() || !info.isReadable())
        return Error { QStringLiteral("%1 \"%2\" is not a readable file.").arg(QLatin1StringView(what), path) };
    return info.absoluteFilePath();
}

Result<QByteArray> readPassword(const QString &path)
{
    struct stat info {};
    if (stat(QFile::encodeName(path).constData(), &info) != 0 || !S_ISREG(info.st_mode))
        return Error { QStringLiteral("The password file \"%1\" is not a file.").arg(path) };
    if (info.st_mode & 077)
        return Error { QStringLiteral("The password file \"%1\" can be read by others (mode %2); make it yours "
                                      "alone: chmod 600 %1")
                               .arg(path)
                               .arg(info.st_mode & 0777, 4, 8, QLatin1Char('0')) };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { QStringLiteral("The password file \"%1\" cannot be read: %2").arg(path, file.errorString()) };
    QByteArray password = file.readLine(4096);
    while (password.endsWith('\n') || password.endsWith('\r'))
        password.chop(1);
    if (password.isEmpty())
        return Error { QStringLiteral("The password file \"%1\" is empty.").arg(path) };
    return password;
}

} // namespace

Result<Options> parseOptions(const QStringList &arguments, bool &done)
{
    done = false;
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Mirror a ShmBridge room between machines through an MQTT broker: local peers' latest "
                           "values go to the broker (retained), other sites' peers appear here as \"peer@site\"."));
    const QCommandLineOption key({ QStringLiteral("k"), QStringLiteral("key") },
                                 QStringLiteral("Room key: the local room to mirror."), QStringLiteral("key"));
    const QCommandLineOption broker(QStringLiteral("broker"),
                                    QStringLiteral("mqtts://HOST:PORT (TLS, port 8883 by default), or mqtt://HOST:PORT "
                                                   "for a broker on this machine."),
                                    QStringLiteral("url"));
    const QCommandLineOption site(QStringLiteral("site"),
                                  QStringLiteral("This machine's name in the room (default: the host name); "
                                                 "its peers appear elsewhere as peer@site."),
                                  QStringLiteral("name"), QHostInfo::localHostName().section(QLatin1Char('.'), 0, 0));
    const QCommandLineOption ca(QStringLiteral("ca"), QStringLiteral("CA certificate(s) to trust for the broker "
                                                                     "(default: the system's)."),
                                QStringLiteral("file"));
    const QCommandLineOption cert(QStringLiteral("cert"), QStringLiteral("Client certificate, with --cert-key."),
                                  QStringLiteral("file"));
    const QCommandLineOption certKey(QStringLiteral("cert-key"), QStringLiteral("The client certificate's private key."),
                                     QStringLiteral("file"));
    const QCommandLineOption username(QStringLiteral("username"), QStringLiteral("User name at the broker."),
                                      QStringLiteral("name"));
    const QCommandLineOption passwordFile(QStringLiteral("password-file"),
                                          QStringLiteral("File whose first line is the password (mode 600; never a "
                                                         "password on the command line)."),
                                          QStringLiteral("file"));
    const QCommandLineOption prefix(QStringLiteral("topic-prefix"),
                                    QStringLiteral("First level of every topic (default \"shmbridge\")."),
                                    QStringLiteral("prefix"), QStringLiteral("shmbridge"));
    const QCommandLineOption insecure(QStringLiteral("insecure"),
                                      QStringLiteral("Allow plain mqtt:// to another machine: everything, the "
                                                     "password too, travels readable."));
    const QCommandLineOption keepalive(QStringLiteral("keepalive"),
                                       QStringLiteral("Seconds between pings; other sites see this one gone within "
                                                      "1.5 times this (default 10, at least 5)."),
                                       QStringLiteral("seconds"), QStringLiteral("10"));
    const QCommandLineOption name(QStringLiteral("name"),
                                  QStringLiteral("The gateway's own name in the local room (default \"gateway\")."),
                                  QStringLiteral("name"), QStringLiteral("gateway"));
    const QCommandLineOption imageCodec(QStringLiteral("image-codec"),
                                        QStringLiteral("How images travel: zstd (lossless, the default) or jpeg "
                                                       "(lossy, for cameras; images with alpha still go as zstd). "
                                                       "A gateway reads every codec, whatever it sends."),
                                        QStringLiteral("codec"), QStringLiteral("zstd"));
    const QCommandLineOption imageQuality(QStringLiteral("image-quality"),
                                          QStringLiteral("JPEG quality, 1 to 100 (default 85)."),
                                          QStringLiteral("quality"), QStringLiteral("85"));
    const QCommandLineOption jsonLog(QStringLiteral("json-log"),
                                     QStringLiteral("Log one JSON object per line on stderr."));
    parser.addOptions({ key, broker, site, ca, cert, certKey, username, passwordFile, prefix, insecure, keepalive,
                        name, imageCodec, imageQuality, jsonLog });
    parser.addHelpOption();
    parser.addVersionOption();
    if (!parser.parse(arguments))
        return Error { parser.errorText() };
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        done = true;
        return Options {};
    }
    if (parser.isSet(QStringLiteral("version"))) {
        QTextStream(stdout) << "shmbridge-gateway " << SHMBRIDGE_VERSION << '\n';
        done = true;
        return Options {};
    }
    if (!parser.positionalArguments().isEmpty())
        return Error { QStringLiteral("unexpected argument \"%1\".").arg(parser.positionalArguments().first()) };

    Options options;
    options.jsonLog = parser.isSet(jsonLog);
    if (!parser.isSet(key))
        return Error { QStringLiteral("--key is required: the room to mirror.") };
    if (auto valid = validateRoomKey(parser.value(key)); !valid)
        return Error { valid.error() };
    options.gateway.key = parser.value(key);

    const QString siteName = parser.value(site);
    if (siteName.isEmpty() || siteName.toUtf8().size() > kMaxSiteBytes || siteName.contains(QLatin1Char('@')))
        return Error { QStringLiteral("--site wants 1 to %1 bytes without '@', not \"%2\".").arg(kMaxSiteBytes).arg(siteName) };
    if (auto valid = validatePeerName(siteName); !valid)
        return Error { QStringLiteral("--site: %1").arg(valid.error()) };
    options.gateway.site = siteName;
    const QString topicPrefix = parser.value(prefix);
    if (topicPrefix.isEmpty() || topicPrefix.contains(QLatin1Char('+')) || topicPrefix.contains(QLatin1Char('#'))
        || topicPrefix.startsWith(QLatin1Char('$')) || topicPrefix.endsWith(QLatin1Char('/')))
        return Error { QStringLiteral("--topic-prefix wants topic levels without + # or a leading $, not \"%1\".")
                               .arg(topicPrefix) };
    options.gateway.prefix = topicPrefix;
    if (auto valid = validatePeerName(parser.value(name)); !valid || parser.value(name).contains(QLatin1Char('@')))
        return Error { QStringLiteral("--name: %1").arg(valid ? QStringLiteral("'@' marks imported peers") : valid.error()) };
    options.gateway.name = parser.value(name);
    bool ok = false;
    const int seconds = parser.value(keepalive).toInt(&ok);
    if (!ok || seconds < 5 || seconds > 3600)
        return Error { QStringLiteral("--keepalive wants 5 to 3600 seconds, not \"%1\".").arg(parser.value(keepalive)) };
    options.gateway.keepaliveSeconds = seconds;
    const auto codec = sendingCodecNamed(parser.value(imageCodec));
    if (!codec)
        return Error { QStringLiteral("--image-codec wants zstd or jpeg, not \"%1\".").arg(parser.value(imageCodec)) };
    options.gateway.imageCodec.codec = *codec;
    const int quality = parser.value(imageQuality).toInt(&ok);
    if (!ok || quality < 1 || quality > 100)
        return Error { QStringLiteral("--image-quality wants 1 to 100, not \"%1\".").arg(parser.value(imageQuality)) };
    if (parser.isSet(imageQuality) && *codec != ImageCodec::Jpeg)
        return Error { QStringLiteral("--image-quality is for --image-codec jpeg; zstd is lossless.") };
    options.gateway.imageCodec.quality = quality;

    if (!parser.isSet(broker))
        return Error { QStringLiteral("--broker is required, e.g. mqtts://broker.example:8883") };
    const QUrl url(parser.value(broker), QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("mqtts") && scheme != QLatin1String("mqtt"))
        || (!url.path().isEmpty() && url.path() != QLatin1String("/")) || url.hasQuery() || url.hasFragment())
        return Error { QStringLiteral("--broker wants mqtts://HOST:PORT or mqtt://HOST:PORT, not \"%1\".")
                               .arg(parser.value(broker)) };
    if (!url.userInfo().isEmpty())
        return Error { QStringLiteral("--broker must not carry a user or password: use --username and --password-file.") };
    options.link.host = url.host();
    options.link.tls = scheme == QLatin1String("mqtts");
    options.link.port = url.port(options.link.tls ? 8883 : 1883);
    options.gateway.broker = QStringLiteral("%1://%2:%3").arg(scheme, options.link.host).arg(options.link.port);
    if (!options.link.tls && !isLoopback(options.link.host) && !parser.isSet(insecure))
        return Error { QStringLiteral("mqtt:// to %1 would send everything, the password too, readable on the network; "
                                      "use mqtts://, or add --insecure on a network you trust.")
                               .arg(options.link.host) };
    if (!options.link.tls && (parser.isSet(ca) || parser.isSet(cert)))
        return Error { QStringLiteral("--ca and --cert are for mqtts:// brokers.") };
    if (parser.isSet(ca)) {
        auto file = readableFile(parser.value(ca), "The CA file");
        if (!file)
            return Error { file.error() };
        options.link.caFile = file.value();
    }
    if (parser.isSet(cert) != parser.isSet(certKey))
        return Error { QStringLiteral("--cert and --cert-key go together.") };
    if (parser.isSet(cert)) {
        auto certificate = readableFile(parser.value(cert), "The certificate");
        auto privateKey = readableFile(parser.value(certKey), "The certificate's key");
        if (!certificate || !privateKey)
            return Error { certificate ? privateKey.error() : certificate.error() };
        options.link.certFile = certificate.value();
        options.link.keyFile = privateKey.value();
    }
    if (parser.isSet(passwordFile) && !parser.isSet(username))
        return Error { QStringLiteral("--password-file needs --username.") };
    if (parser.isSet(username)) {
        options.link.username = parser.value(username);
        if (parser.isSet(passwordFile)) {
            auto password = readPassword(parser.value(passwordFile));
            if (!password)
                return Error { password.error() };
            options.link.password = password.value();
        }
    }
    options.link.keepaliveSeconds = seconds;
    options.link.maxIncomingBytes = qint64(kMaxWireBytes) + 65536; // the header and topic around the largest value
    return options;
}

} // namespace shmbridge::gateway

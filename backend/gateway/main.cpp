// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// shmbridge-gateway: a room that spans machines. One gateway per machine
// mirrors the local room through an MQTT broker; see README "Across machines".
#include "gateway.h"
#include "gatewaylog.h"
#include "mqttlink.h"
#include "options.h"
#include "quitonsignal.h"

#include <QCoreApplication>
#include <QTextStream>

#include <mosquitto.h>

using namespace shmbridge::gateway;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("shmbridge-gateway"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SHMBRIDGE_VERSION));
    bool done = false;
    auto options = parseOptions(QCoreApplication::arguments(), done);
    if (!options) {
        QTextStream(stderr) << "shmbridge-gateway: " << options.error() << "\nRun shmbridge-gateway --help for the options.\n";
        return 2;
    }
    if (done)
        return 0;
    const GatewayLog log(options.value().jsonLog);

    mosquitto_lib_init();
    int code = 0;
    {
        MqttLink::Settings linkSettings = options.value().link;
        // The client id names the site: a second connection of the same
        // site would take the first one's session over, so the id is unique.
        linkSettings.clientId = "shmbridge-" + options.value().gateway.site.toUtf8().toPercentEncoding() + '-'
                + QByteArray::number(QCoreApplication::applicationPid());
        MqttLink link(linkSettings);
        linkSettings.clientId += "-images";
        MqttLink imageLink(linkSettings);
        Gateway gateway(options.value().gateway, link, imageLink, log);
        // The broker says "offline" for us if we vanish without a word.
        link.setWill(gateway.willTopic(), gateway.willPayload());
        if (auto started = gateway.start(); !started) {
            log.error(QStringLiteral("room"), started.error());
            code = 1;
        } else {
            QObject::connect(&gateway, &Gateway::fatal, &app, [&](const QString &why) {
                log.error(QStringLiteral("fatal"), why);
                QCoreApplication::exit(1);
            });
            shmbridge::quitOnSignals(&app, 0);
            link.start();
            imageLink.start();
            code = QCoreApplication::exec();
        }
    }
    mosquitto_lib_cleanup();
    return code;
}

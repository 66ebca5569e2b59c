// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
// One shmbridge app window (offscreen), driven by remote-control commands on
// its stdin (--control), for end-to-end tests. A prefix runs it through
// another program (nsenter, to put it on another "machine").
#pragma once

#include <QDebug>
#include <QElapsedTimer>
#include <QProcess>
#include <QStringList>

namespace testing {

class AppWindow
{
public:
    AppWindow(const QString &app, const QString &key, const QString &name, const QString &configHome,
              const QStringList &prefix = {}, const QStringList &options = {})
        : m_name(name)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome);
        m_process.setProcessEnvironment(env);
        const QStringList arguments = QStringList { QStringLiteral("--key"), key, QStringLiteral("--name"), name,
                                                    QStringLiteral("--control") }
                + options;
        if (prefix.isEmpty())
            m_process.start(app, arguments);
        else
            m_process.start(prefix.first(), prefix.mid(1) + QStringList { app } + arguments);
    }
    ~AppWindow()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // Sends one command; true when the app answers "ok".
    bool run(const QString &command, int timeoutMs = 15000)
    {
        m_process.write(command.toUtf8() + '\n');
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            while (m_process.canReadLine()) {
                const QByteArray line = m_process.readLine().trimmed();
                m_log.append(line);
                if (line.startsWith("ok ")) {
                    m_answer = QString::fromUtf8(line.mid(3));
                    return true;
                }
                if (line.startsWith("error ")) {
                    qWarning().noquote() << m_name << command << "->" << line;
                    return false;
                }
            }
            if (m_process.state() == QProcess::NotRunning)
                break;
            m_process.waitForReadyRead(200);
        }
        qWarning().noquote() << m_name << command << "-> no answer; log:" << m_log.join('\n')
                             << m_process.readAllStandardError();
        return false;
    }

    // Milliseconds the app takes to answer a command that needs no waiting
    // (a wait already met): how long its GUI thread leaves us waiting.
    double ping(const QString &command)
    {
        QElapsedTimer timer;
        timer.start();
        return run(command) ? double(timer.nsecsElapsed()) / 1e6 : -1;
    }

    qint64 processId() const { return m_process.processId(); }

    // The words after "ok" of the last command answered.
    QString answer() const { return m_answer; }

    bool quit()
    {
        return run(QStringLiteral("quit")) && m_process.waitForFinished(10000) && m_process.exitCode() == 0;
    }

private:
    QString m_name;
    QProcess m_process;
    QList<QByteArray> m_log;
    QString m_answer;
};

} // namespace testing

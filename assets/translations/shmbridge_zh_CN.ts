<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Composer</name>
    <message>
        <location filename="../../qml/Composer.qml" line="+50"/>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sending</source>
        <translation>正在发送</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Type a message</source>
        <translation>输入消息</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send as I type</source>
        <translation>边输入边发送</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+4"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Share an image</source>
        <translation>分享图片</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+5"/>
        <source>Pick image</source>
        <translation>选择图片</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+4"/>
        <source>Gallery</source>
        <translation>图库</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+4"/>
        <source>Paste image</source>
        <translation>粘贴图片</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../../qml/ErrorBanner.qml" line="+24"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dismiss error</source>
        <translation>关闭错误提示</translation>
    </message>
</context>
<context>
    <name>GalleryPopup</name>
    <message>
        <location filename="../../qml/GalleryPopup.qml" line="+46"/>
        <source>Gallery</source>
        <translation>图库</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close gallery</source>
        <translation>关闭图库</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Share %1</source>
        <translation>分享 %1</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <location filename="../../qml/ImageViewer.qml" line="+124"/>
        <source>%1 × %2 · %3%</source>
        <translation>%1 × %2 · %3%</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fit image</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
</context>
<context>
    <name>ImageWorker</name>
    <message>
        <location filename="../../backend/bridge/imageworker.cpp" line="+75"/>
        <source>Only local image files can be shared, not %1.</source>
        <translation>只能分享本地图片文件，不能分享 %1。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sending %1 × %2…</source>
        <translation>正在发送 %1 × %2…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not in a room: join one first.</source>
        <translation>不在房间中：请先加入一个房间。</translation>
    </message>
</context>
<context>
    <name>Kinds</name>
    <message>
        <location filename="../../backend/bridge/kinds.cpp" line="+25"/>
        <source>text</source>
        <translation>文字</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>telemetry</source>
        <translation>遥测</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Telemetry</source>
        <translation>遥测</translation>
    </message>
</context>
<context>
    <name>KioskKeyboard</name>
    <message>
        <location filename="../../qml/KioskKeyboard.qml" line="+21"/>
        <source>On-screen keyboard</source>
        <translation>屏幕键盘</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../qml/Main.qml" line="+34"/>
        <source>ShmBridge — %1 in room %2</source>
        <translation>ShmBridge — %1，房间 %2</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Pick an image to share</source>
        <translation>选择要分享的图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.ppm)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.ppm)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location line="+147"/>
        <source>The on-screen keyboard cannot be shown: %1. Install the packages shmbridge depends on (apt install shmbridge, or scripts/setup.sh from source).</source>
        <translation>无法显示屏幕键盘：%1。请安装 shmbridge 所依赖的软件包（apt install shmbridge，或从源码运行 scripts/setup.sh）。</translation>
    </message>
</context>
<context>
    <name>PeerCard</name>
    <message>
        <location filename="../../qml/PeerCard.qml" line="+36"/>
        <source>Peer %1</source>
        <translation>对等方 %1</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>State of %1</source>
        <translation>%1 的状态</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>✓ seen</source>
        <translation>✓ 已读</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not seen yet</source>
        <translation>尚未读取</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 has seen my update</source>
        <translation>%1 已看到我的更新</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No text yet</source>
        <translation>还没有文字</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Text from %1</source>
        <translation>来自 %1 的文本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tap to read all of it</source>
        <translation>点按查看全文</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Image from %1</source>
        <translation>来自 %1 的图像</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Telemetry from %1</source>
        <translation>来自 %1 的遥测</translation>
    </message>
</context>
<context>
    <name>PeerDetail</name>
    <message>
        <location filename="../../qml/PeerDetail.qml" line="+36"/>
        <source>%1: you have sent none</source>
        <translation>%1：你还没有发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: ✓ seen</source>
        <translation>%1：✓ 已读</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1: not seen yet</source>
        <translation>%1：尚未读取</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Details of %1</source>
        <translation>%1 的详情</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>‹ Back</source>
        <translation>‹ 返回</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back to the room</source>
        <translation>返回房间</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>No text yet</source>
        <translation>还没有文字</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Full text from %1</source>
        <translation>来自 %1 的全文</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Copy selection</source>
        <translation>复制所选</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+2"/>
        <source>Copy text</source>
        <translation>复制文字</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Full image from %1</source>
        <translation>来自 %1 的完整图像</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Telemetry %1 from %2</source>
        <translation>来自 %2 的遥测 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What %1 has seen of yours</source>
        <translation>%1 已读取你的哪些内容</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>What %1 has seen</source>
        <translation>%1 已看到的内容</translation>
    </message>
</context>
<context>
    <name>PeerPanel</name>
    <message>
        <location filename="../../qml/PeerPanel.qml" line="+36"/>
        <source>Peers</source>
        <translation>对等方</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Nobody else is here yet.
Start another ShmBridge with the same room key.</source>
        <translation>这里还没有其他人。
用相同的房间密钥再启动一个 ShmBridge。</translation>
    </message>
</context>
<context>
    <name>PresenceLabel</name>
    <message>
        <location filename="../../qml/PresenceLabel.qml" line="+10"/>
        <source>live</source>
        <translation>在线</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>left</source>
        <translation>已离开</translation>
    </message>
</context>
<context>
    <name>RoomBar</name>
    <message>
        <location filename="../../qml/RoomBar.qml" line="+29"/>
        <location line="+1"/>
        <source>Room key</source>
        <translation>房间密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Room key problem</source>
        <translation>房间密钥的问题</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+16"/>
        <source>At most %1 letters, or %2 Chinese characters</source>
        <translation>最多 %1 个字母，或 %2 个汉字</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+1"/>
        <source>Your name</source>
        <translation>你的名字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your name problem</source>
        <translation>你的名字的问题</translation>
    </message>
</context>
<context>
    <name>SeenByLabel</name>
    <message>
        <location filename="../../qml/SeenByLabel.qml" line="+15"/>
        <source>✓ seen by %1</source>
        <translation>✓ %1 已读</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not seen yet</source>
        <translation>尚未读取</translation>
    </message>
</context>
<context>
    <name>SelfCard</name>
    <message>
        <location filename="../../qml/SelfCard.qml" line="+23"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>You (%1)</source>
        <translation>你（%1）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>My text</source>
        <translation>我的文本</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Who has seen my text</source>
        <translation>谁看到了我的文本</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>My image</source>
        <translation>我的图像</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Who has seen my image</source>
        <translation>谁看到了我的图像</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>My telemetry</source>
        <translation>我的遥测</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Who has seen my telemetry</source>
        <translation>谁看到了我的遥测</translation>
    </message>
</context>
<context>
    <name>SharedMemoryBridge</name>
    <message>
        <location filename="../../backend/bridge/sharedmemorybridge.cpp" line="+255"/>
        <source>Room &quot;%1&quot; is busy: another process has held its lock for more than %2 s. Still trying; if this lasts, stop the hung peer.</source>
        <translation>房间“%1”正忙：另一个进程持有它的锁已超过 %2 秒。仍在重试；如果一直如此，请停止挂起的对等端。</translation>
    </message>
    <message>
        <location line="+84"/>
        <location line="+13"/>
        <source>Not in a room: enter a room key first.</source>
        <translation>不在房间中：请先输入房间密钥。</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Reading the pasted image…</source>
        <translation>正在读取粘贴的图片…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图片。</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+12"/>
        <source>There is no peer called %1 in this room.</source>
        <translation>这个房间里没有名为 %1 的成员。</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>%1 sent unreadable text: %2</source>
        <translation>%1 发送了无法读取的文字：%2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 sent unreadable telemetry: %2</source>
        <translation>%1 发送了无法读取的遥测数据：%2</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../qml/StatusBar.qml" line="+29"/>
        <source>no updates yet</source>
        <translation>还没有更新</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>last update %1 µs</source>
        <translation>上次更新 %1 µs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>last update %1 ms</source>
        <translation>上次更新 %1 ms</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Room “%1” as %2 · %3%4</source>
        <translation>房间“%1”，我是 %2 · %3%4</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · my %1 seen by %2</source>
        <translation> · 我的%1已被 %2 人读取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · in shared /dev/shm</source>
        <translation> · 位于共享的 /dev/shm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Rooms live in %1, which only you can enter.</source>
        <translation>房间位于 %1，只有你能进入。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rooms live in %1, in /dev/shm, which other users can fill: this session has no runtime directory (XDG_RUNTIME_DIR).</source>
        <translation>房间位于 /dev/shm 中的 %1，其他用户可以将其填满：此会话没有运行时目录（XDG_RUNTIME_DIR）。</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <location line="+1"/>
        <source>%n peer(s) here</source>
        <translation>
            <numerusform>%n 人在线</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-1"/>
        <source>%n left</source>
        <translation>
            <numerusform>%n 人已离开</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Peer count</source>
        <translation>对等方数量</translation>
    </message>
</context>
<context>
    <name>TelemetryChart</name>
    <message>
        <location filename="../../qml/TelemetryChart.qml" line="+79"/>
        <source>last minute: %1 to %2</source>
        <translation>最近一分钟：%1 到 %2</translation>
    </message>
</context>
<context>
    <name>ThemeMenuButton</name>
    <message>
        <location filename="../../qml/ThemeMenuButton.qml" line="+32"/>
        <location line="+2"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Like the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>High contrast</source>
        <translation>高对比度</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Theme %1</source>
        <translation>主题 %1</translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>StatusBar</name>
    <message numerus="yes">
        <location filename="../../qml/StatusBar.qml" line="+65"/>
        <location line="+1"/>
        <source>%n peer(s) here</source>
        <translation>
            <numerusform>%n peer here</numerusform>
            <numerusform>%n peers here</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-1"/>
        <source>%n left</source>
        <translation>
            <numerusform>%n left</numerusform>
            <numerusform>%n left</numerusform>
        </translation>
    </message>
</context>
</TS>

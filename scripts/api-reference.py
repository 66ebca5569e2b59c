#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
"""Writes the QML API reference of the module ShmBridge (docs/api.md) from
the bridge's headers: every type QML sees, with its properties, invokables,
signals and model roles, and the comments the code gives them. Generated,
so it cannot drift: the test `api_reference` fails when docs/api.md differs
from what this prints.

    scripts/api-reference.py backend/bridge > docs/api.md
"""
import glob
import os
import re
import sys

CPP_TO_QML = {
    "QString": "string", "bool": "bool", "int": "int", "double": "real", "qreal": "real",
    "quint64": "int (64-bit)", "QUrl": "url", "QStringList": "list<string>",
    "QVariantList": "list", "QVariantMap": "object", "void": "void",
}


def qml_type(cpp):
    cpp = cpp.replace("const ", "").replace("&", "").strip()
    if cpp.endswith("*"):
        return cpp[:-1].strip()
    return CPP_TO_QML.get(cpp, cpp)


def comment_above(lines, index):
    """The // comment lines right above lines[index], joined."""
    text = []
    i = index - 1
    while i >= 0 and lines[i].strip().startswith("//"):
        text.insert(0, lines[i].strip()[2:].strip())
        i -= 1
    return " ".join(text)


def statement(lines, index):
    """The declaration starting at lines[index], up to its ';'."""
    text = lines[index].strip()
    while not text.endswith(";") and index + 1 < len(lines):
        index += 1
        text += " " + lines[index].strip()
    return text


def parameters(declaration):
    inside = declaration[declaration.index("(") + 1:declaration.rindex(")")].strip()
    if not inside:
        return ""
    result = []
    for parameter in inside.split(","):
        parameter = parameter.split("=")[0].strip()
        cpp, name = parameter.rsplit(" ", 1)
        if name.startswith(("&", "*")):
            cpp, name = cpp + name[0], name[1:]
        result.append(f"{qml_type(cpp)} {name}")
    return ", ".join(result)


def roles(source_path):
    """Role names as roleNames() in the class's .cpp gives them, in order."""
    if not os.path.exists(source_path):
        return []
    text = open(source_path, encoding="utf-8").read()
    match = re.search(r"roleNames\(\) const\s*\{(.*?)\n\}", text, re.S)
    return re.findall(r'\{\s*\w+,\s*"(\w+)"\s*\}', match.group(1)) if match else []


def describe(header):
    lines = open(header, encoding="utf-8").read().split("\n")
    if not any(re.search(r"\bQML_(ELEMENT|SINGLETON|NAMED_ELEMENT)\b", line) for line in lines):
        return None
    about = []
    for line in lines:
        if not line.startswith("//"):
            break
        if not line[2:].strip().startswith("SPDX-"):  # the licence header, not the description
            about.append(line[2:].strip())
    name = next(re.match(r"class (?:SHMBRIDGE_EXPORT )?(\w+) : public", line).group(1) for line in lines
                if re.match(r"class (?:SHMBRIDGE_EXPORT )?\w+ : public", line))
    out = [f"## {name}", "", " ".join(about), ""]
    kind = []
    for line in lines:
        if "QML_SINGLETON" in line:
            kind.append("A singleton: use it by its name.")
        uncreatable = re.search(r'QML_UNCREATABLE\("(.*)"\)', line)
        if uncreatable:
            kind.append(f"Not created in QML: {uncreatable.group(1)}.")
    if not kind:
        kind.append(f"Created in QML: `{name} {{ }}`.")
    out += [" ".join(kind), ""]

    properties, invokables, signals = [], [], []
    section = None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if re.match(r"(public|private|protected)( Q_SLOTS)?:", stripped):
            section = stripped
        elif stripped == "Q_SIGNALS:":
            section = "signals"
        if stripped.startswith("Q_PROPERTY("):
            words = stripped[len("Q_PROPERTY("):-1].split()
            cpp, prop = words[0], words[1]
            if prop.startswith("*"):
                cpp, prop = cpp + "*", prop[1:]
            access = "read-write" if "WRITE" in words else "constant" if "CONSTANT" in words else "read-only"
            properties.append((prop, qml_type(cpp), access, comment_above(lines, i)))
        elif stripped.startswith("Q_INVOKABLE"):
            declaration = statement(lines, i)
            match = re.match(r"Q_INVOKABLE (?:static )?([\w:<>]+\s*[*&]?)\s*(\w+)\(", declaration)
            invokables.append((match.group(2), parameters(declaration), qml_type(match.group(1)),
                               comment_above(lines, i)))
        elif section == "signals" and stripped.startswith("void "):
            declaration = statement(lines, i)
            signal = re.match(r"void (\w+)\(", declaration).group(1)
            signals.append((signal, parameters(declaration), comment_above(lines, i)))

    if properties:
        out += ["| property | type | access | notes |", "| --- | --- | --- | --- |"]
        out += [f"| `{p}` | {t} | {a} | {c} |" for p, t, a, c in properties]
        out.append("")
    if invokables:
        out += ["Invokables:", ""]
        out += [f"- `{t} {n}({a})`" + (f": {c}" if c else "") for n, a, t, c in invokables]
        out.append("")
    if signals:
        out += ["Signals:", ""]
        out += [f"- `{n}({a})`" + (f": {c}" if c else "") for n, a, c in signals]
        out.append("")
    model_roles = roles(header[:-2] + ".cpp")
    if model_roles:
        out += ["Roles (each a `required property` of a delegate): " + ", ".join(f"`{r}`" for r in model_roles) + ".", ""]
    return "\n".join(out)


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "backend/bridge"
    sections = [s for s in (describe(h) for h in sorted(glob.glob(os.path.join(directory, "*.h")))) if s]
    print("# ShmBridge QML API\n")
    print("`import ShmBridge`. Generated from the headers in `backend/bridge/` by "
          "`scripts/api-reference.py`; the test `api_reference` fails when this file is out of date. "
          "Types are QML's; `int (64-bit)` is a sequence number, exact up to 2^53 in JavaScript. "
          "From C++, `SharedMemoryBridge`, `PeerModel` and `MyValues` are the same classes, with the same "
          "properties (C++ getters and setters of the same names), invokables and signals: "
          "`#include <shmbridge/sharedmemorybridge.h>` and link `ShmBridge::Bridge` (or `pkg-config shmbridge`).\n")
    print("\n".join(sections).rstrip())


if __name__ == "__main__":
    main()

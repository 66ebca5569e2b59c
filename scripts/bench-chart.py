#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
"""Renders shmbridge-bench's JSON as one PNG: text latency, warm image
hand-off and cold first images, each on a log scale so floors and
competitors fit together, and the targets."""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(source, target):
    with open(source) as f:
        results = json.load(f)
    fig, axes = plt.subplots(1, 4, figsize=(30, 7), gridspec_kw={"width_ratios": [1, 1, 1, 1.6]})

    text = results["text_back_to_back"]
    names = [("floor", "eventfd floor"), ("shmbridge", "ShmBridge"), ("qtro_local", "QtRO local:"),
             ("qtro_tcp", "QtRO tcp"), ("qlocalsocket", "QLocalSocket"), ("iceoryx", "iceoryx 2.0")]
    # A variant the run could not measure (iceoryx not installed) says so
    # in bench.txt and is left out here.
    names = [(key, label) for key, label in names if "p50" in text.get(key, {})]
    ax = axes[0]
    xs = range(len(names))
    ax.bar([x - 0.2 for x in xs], [text[k]["p50"] for k, _ in names], 0.4, label="p50")
    ax.bar([x + 0.2 for x in xs], [text[k]["p99"] for k, _ in names], 0.4, label="p99")
    ax.set_xticks(list(xs), [label for _, label in names], rotation=20)
    ax.set_yscale("log")
    ax.set_ylabel("µs")
    ax.set_title("Text: writer → reader's main thread")
    ax.legend()

    ax = axes[1]
    sizes = ["image_640x480", "image_1920x1080", "image_3840x2160"]
    paths = [("memcpy", "one memcpy"), ("shmbridge", "ShmBridge"), ("qtro_local", "QtRO"),
             ("classic_qt_example", "classic Qt example"), ("iceoryx", "iceoryx 2.0 (loan)")]
    paths = [(key, label) for key, label in paths if all("p50" in results[size].get(key, {}) for size in sizes)]
    width = 0.8 / len(paths)
    for i, (key, label) in enumerate(paths):
        ax.bar([s + (i - (len(paths) - 1) / 2) * width for s in range(len(sizes))],
               [results[size][key]["p50"] / 1000 for size in sizes], width, label=label)
    ax.set_xticks(range(len(sizes)), ["640×480", "1920×1080", "3840×2160"])
    ax.set_yscale("log")
    ax.set_ylabel("ms (p50)")
    ax.set_title("Image: QImage in A → QImage in B")
    ax.legend()

    ax = axes[2]
    cold = [("cold_3840x2160", "4K, fresh writer"), ("cold_1920x1080", "1080p, fresh writer"),
            ("cold_after_size_change", "4K after 1080p")]
    cold = [(key, label) for key, label in cold if results.get(key, {}).get("shmbridge")]
    xs = range(len(cold))
    ax.bar([x - 0.2 for x in xs], [results[k]["floor"]["p50"] / 1000 for k, _ in cold], 0.4, label="cold floor (p50)")
    ax.bar([x + 0.2 for x in xs], [results[k]["shmbridge"]["p50"] / 1000 for k, _ in cold], 0.4, label="ShmBridge (p50)")
    ax.set_xticks(list(xs), [label for _, label in cold])
    ax.set_ylabel("ms")
    ax.set_title("First image: writer starts → reader holds it")
    ax.legend()

    ax = axes[3]
    ax.axis("off")
    rows = [[t["measurement"], t["target"], t["shown"], "met" if t["met"] else "MISSED"]
            for t in results["targets"]]
    table = ax.table(cellText=rows, colLabels=["measurement", "target", "this run", ""], loc="center",
                     cellLoc="left", colWidths=[0.46, 0.2, 0.26, 0.08])
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    table.scale(1, 1.6)
    ax.set_title("Targets")
    machine = results.get("machine", {})
    fig.suptitle(f"shmbridge-bench — {machine.get('cpus', '?')} CPUs, Qt {machine.get('qt', '?')}"
                 + (" (quick run)" if machine.get("quick") else ""))
    fig.tight_layout()
    fig.savefig(target, dpi=100)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

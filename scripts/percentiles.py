# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
"""Percentiles of `shmbridge-cli watch --json` latencies, the way every
script reports them (nearest rank, no interpolation)."""
import json


def latencies_ms(path, peer=None):
    """latency_us of each update in a watch --json file, in ms, sorted;
    only those from peer, if given."""
    samples = []
    for line in open(path):
        if not line.strip():
            continue
        update = json.loads(line)
        if peer is None or update.get("peer") == peer:
            samples.append(update["latency_us"] / 1000)
    return sorted(samples)


def pick(samples, percent):
    """The nearest-rank percentile of sorted samples."""
    return samples[min(len(samples) - 1, int(percent / 100 * len(samples)))]


def summary(samples):
    """'N updates, latency p50 X ms / p99 Y ms', or 'no samples'."""
    if not samples:
        return "no samples"
    return f"{len(samples)} updates, latency p50 {pick(samples, 50):.2f} ms / p99 {pick(samples, 99):.2f} ms"

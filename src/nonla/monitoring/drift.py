"""Fixed-bin histograms and the population stability index (PSI) between two of them.

Bins are fixed (not learned from data), so histograms from any process and any time add up bin by bin and a
baseline recorded today compares with traffic next year.

PSI = Σ (actual_i − expected_i) · ln(actual_i / expected_i) over bin shares; below 0.1 is usually read as stable,
0.1–0.2 as a moderate shift, above 0.2 as a significant one.

>>> round(psi([50, 50], [50, 50]), 6)
0.0
>>> round(psi([90, 10], [10, 90]), 3)
3.516
>>> quantile([0, 10, 0], (10.0, 20.0), 0.5)
15.0
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence

# Upper edges of each bin; one more bin holds everything at or above the last edge.
SIZE_EDGES = (16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 65536)  # characters (or JSON bytes)
SHARE_EDGES = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.999999)  # the last bin: exactly 1
# Up to two hours, past the largest latency threshold accepted (one hour), so a p95 can cross any of them. Edges
# are only ever appended: a histogram stored with fewer of them still adds up (see ``add``).
LATENCY_EDGES_MS = (1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000,
                    60000, 120000, 300000, 600000, 1800000, 3600000, 7200000)  # fmt: skip
EDGES: dict[str, tuple[float, ...]] = {
    "size": SIZE_EDGES,
    "plain_share": SHARE_EDGES,
    "confidence": SHARE_EDGES,
    "latency_ms": LATENCY_EDGES_MS,
}
INPUT_FEATURES = ("size", "plain_share")
FLOOR = 1e-4  # share given to an empty bin, so that ln() stays finite


def empty(feature: str) -> list[int]:
    return [0] * (len(EDGES[feature]) + 1)


def bin_of(value: float, edges: Sequence[float]) -> int:
    """Index of the bin holding ``value``.

    >>> bin_of(0, SIZE_EDGES), bin_of(16, SIZE_EDGES), bin_of(10**6, SIZE_EDGES)
    (0, 1, 12)
    """
    return bisect_right(edges, value)


def add(into: list[int], other: Sequence[int]) -> list[int]:
    """Bin-by-bin sum. A shorter histogram is of an older layout with fewer edges at the top: its bins are the first
    ones here, and its open last bin (everything at or above its last edge) counts in the bin starting at that edge.
    A longer one, of a newer layout, is ignored.

    >>> add([0, 0, 0, 0], [1, 2, 3])
    [1, 2, 3, 0]
    >>> add([0, 0], [1, 2, 3])
    [0, 0]
    """
    if len(other) <= len(into):
        for index, count in enumerate(other):
            into[index] += int(count)
    return into


def psi(expected: Sequence[int], actual: Sequence[int]) -> float | None:
    """PSI of ``actual`` against ``expected`` (bin counts); None when either side has no data."""
    total_e, total_a = sum(expected), sum(actual)
    if not total_e or not total_a or len(expected) != len(actual):
        return None
    value = 0.0
    for e_count, a_count in zip(expected, actual, strict=True):
        e_share, a_share = max(e_count / total_e, FLOOR), max(a_count / total_a, FLOOR)
        value += (a_share - e_share) * math.log(a_share / e_share)
    return value


def quantile(counts: Sequence[int], edges: Sequence[float], q: float) -> float | None:
    """The q-quantile, interpolated linearly inside its bin (the open last bin answers its lower edge)."""
    total = sum(counts)
    if not total:
        return None
    target, seen = q * total, 0.0
    for index, count in enumerate(counts):
        if count and seen + count >= target:
            if index >= len(edges):
                return float(edges[-1])
            low = 0.0 if index == 0 else float(edges[index - 1])
            return low + (float(edges[index]) - low) * (target - seen) / count
        seen += count
    return float(edges[-1])

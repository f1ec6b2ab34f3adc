"""A tally: what a run of calls of one function@version added up to (counts plus fixed-bin histograms).

Tallies add up, so the runner's observer keeps them in memory and the store keeps one per time bucket.

>>> t = Tally()
>>> t.count(items=[{"text": "xin chào"}], latency_ms=12.0, errors=0, review=1, confidences=[0.9])
>>> (t.calls, t.items, t.review, sum(t.histograms["confidence"]))
(1, 1, 1, 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from nonla.monitoring import drift
from nonla.monitoring.features import input_features


def _histograms() -> dict[str, list[int]]:
    return {name: drift.empty(name) for name in drift.EDGES}


@dataclass
class Tally:
    calls: int = 0
    items: int = 0
    errors: int = 0
    review: int = 0
    histograms: dict[str, list[int]] = field(default_factory=_histograms)

    def observe(self, feature: str, value: float) -> None:
        self.histograms[feature][drift.bin_of(value, drift.EDGES[feature])] += 1

    def count_inputs(self, items: Iterable[Any]) -> None:
        for item in items:
            for name, value in input_features(item).items():
                self.observe(name, value)

    def count(self, *, items: Sequence[Any], latency_ms: float, errors: int, review: int,
              confidences: Iterable[float]) -> None:  # fmt: skip
        self.calls += 1
        self.items += len(items)
        self.errors += errors
        self.review += review
        self.observe("latency_ms", latency_ms)
        self.count_inputs(items)
        for value in confidences:
            self.observe("confidence", value)

    def merge(self, other: Tally) -> Tally:
        self.calls += other.calls
        self.items += other.items
        self.errors += other.errors
        self.review += other.review
        self.merge_histograms(other.histograms)
        return self

    def merge_histograms(self, histograms: dict[str, Any]) -> None:
        for name, counts in (histograms or {}).items():
            if name in self.histograms and isinstance(counts, list):
                drift.add(self.histograms[name], counts)

"""Candidate spans, diacritic folding and overlap resolution shared by the privacy.pii detectors.

Detectors look for cue words ("sđt", "số tài khoản", "sinh ngày") in a *folded* copy of the text: lower case,
tone marks removed, đ → d, and exactly one character per input character, so an offset in the folded text is the
same offset in the original. That makes text typed without diacritics ("so tai khoan") match the same cues.

>>> fold("Số ĐT: 0912")
'so dt: 0912'
>>> [c.type for c in resolve([Candidate("PERSON", 5, 12, 0.7), Candidate("ADDRESS", 0, 20, 0.9)])]
['ADDRESS']
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Candidate:
    type: str
    start: int
    end: int
    confidence: float
    info: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # e.g. the province of an address


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[:1] or ch
    low = base.lower()
    # Keep one character per character: a few letters lower-case into two (İ); those stay as they are.
    return low if len(low) == 1 else ch


def fold(text: str) -> str:
    """Lower-case, tone marks and đ removed, same length as ``text`` (offsets carry over)."""
    return "".join(_fold_char(ch) for ch in text)


class Taken:
    """Spans that do not overlap one another, kept sorted so that an overlap check costs a binary search: a list
    of thousands of names would otherwise compare every candidate with every span already kept.

    >>> taken = Taken([(0, 5), (10, 12)])
    >>> taken.overlaps(4, 6), taken.overlaps(5, 10), taken.overlaps(11, 30)
    (True, False, True)
    """

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans or []):
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        # Only the last span starting before ``end`` can reach past ``start``: the spans are disjoint, so a span
        # that starts later also ends later.
        before = bisect_left(self._starts, end) - 1
        return before >= 0 and self._ends[before] > start

    def add(self, start: int, end: int) -> None:
        at = bisect_left(self._starts, start)
        self._starts.insert(at, start)
        self._ends.insert(at, end)


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the most confident candidate where spans overlap (then the longer one), in text order."""
    kept: list[Candidate] = []
    taken = Taken()
    for cand in sorted(candidates, key=lambda c: (-c.confidence, -(c.end - c.start), c.start, c.type)):
        if cand.end <= cand.start or taken.overlaps(cand.start, cand.end):
            continue
        kept.append(cand)
        taken.add(cand.start, cand.end)
    return sorted(kept, key=lambda c: (c.start, c.end))

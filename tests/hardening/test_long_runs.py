"""Text scanned by regular expressions on every call grows their cost with its length, not with its square.

A pattern such as "\\S*[marked]\\S*" is tried from every letter of a long run without spaces: 100,000 x's took
vi.words 42 s, 50,000 took vi.normalize 6 s, and 100,000 full stops took vi.words 9 s (the e-mail alternative of
vi.diacritics' chunker). The patterns start only where a word starts, or run only where a link can be. Checked as a ratio
(ten times the text must cost well under a hundred times the time), never as an absolute time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from nonla.functions.vi import diacritics_text, normalize, unmarked
from nonla.monitoring import features


def best_of_five(scan: Callable[[str], object], text: str) -> float:
    """The fastest of five runs: a busy machine slows some runs, never all five (a quadratic scan is 100x, not 10x)."""
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        scan(text)
        timings.append(time.perf_counter() - started)
    return min(timings)


@pytest.mark.parametrize(
    "scan",
    [unmarked._MARKED_WORD.findall, lambda t: features._marked_syllable().findall(t), normalize._PROTECTED.split,
     lambda t: list(diacritics_text._chunks(t))],
    ids=["vi.words marks", "monitoring marks", "vi.normalize links", "vi.diacritics chunks"],
)  # fmt: skip
@pytest.mark.parametrize("run", ["x", "a@", "1.", "."])
def test_scans_grow_linearly_with_a_run_without_spaces(scan: Callable[[str], object], run: str) -> None:
    short, long = run * (4_000 // len(run)), run * (40_000 // len(run))
    assert best_of_five(scan, long) < 40 * max(best_of_five(scan, short), 1e-4)


def test_the_scans_still_find_what_they_did() -> None:
    assert len(unmarked._MARKED_WORD.findall("nước máy (đục) x-ray nuoc")) == 3
    assert len(features._marked_syllable().findall("nước máy, đục1x nuoc")) == 3
    assert normalize._PROTECTED.split("(a.b@c.vn) xem https://x.vn/a") == [
        "(",
        "a.b@c.vn",
        ") xem ",
        "https://x.vn/a",
        "",
    ]
    chunks = [m.group() for m in diacritics_text._chunks("Gửi a.b@c.vn, xem www.x.vn 1.000,5 đồng!")]
    assert chunks == ["Gửi", "a.b@c.vn", ",", "xem", "www.x.vn", "1.000,5", "đồng", "!"]

"""Snippets for search results: the window of a part that holds most query terms, with the matches marked.

Matching ignores diacritics, so a query typed without marks still highlights "thường trú".

>>> s = snippet("Điều 22. Thủ tục đăng ký thường trú\\n1. Người đăng ký thường trú nộp hồ sơ.", ["thuong", "tru"], 200)
>>> s.text, [s.text[a:b] for a, b in s.highlights][:2]
('Điều 22. Thủ tục đăng ký thường trú\\n1. Người đăng ký thường trú nộp hồ sơ.', ['thường', 'trú'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nonla.functions.vi.tone_marks import strip_diacritics

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: list[tuple[int, int]]
    start: int  # offset of the snippet in the part's text


@lru_cache(maxsize=65_536)
def _folded(word: str) -> str:
    # A statute repeats a few thousand words: folding each once, not at every occurrence, made highlighting
    # the ten results of a search about four times cheaper.
    return strip_diacritics(word).lower()


def term_hits(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every word of ``text`` that is a query term, marks and case ignored.

    >>> term_hits("Đăng ký thường trú", ["dang_ky"])
    [(0, 4), (5, 7)]
    """
    wanted = {_folded(t) for term in terms for t in term.split("_")}
    return [m.span() for m in _WORD.finditer(text) if _folded(m.group()) in wanted]


def hits_between(hits: list[tuple[int, int]], start: int, end: int) -> int:
    return sum(1 for a, b in hits if start <= a and b <= end)


def snippet(text: str, terms: list[str], width: int = 300, hits: list[tuple[int, int]] | None = None) -> Snippet:
    """The best window of ``text``; pass ``hits`` (term_hits of the same text) when they are already known."""
    hits = term_hits(text, terms) if hits is None else hits
    if len(text) <= width or not hits:
        start = 0
    else:  # the window (starting at a hit) that contains the most hits
        best, start = -1, 0
        for h, _ in hits:
            count = sum(1 for o, _ in hits if h <= o < h + width)
            if count > best:
                best, start = count, h
        start = max(0, text.rfind(" ", 0, max(0, start - 40)) + 1)
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    marks = [(a - start, b - start) for a, b in hits if start <= a and b <= end]
    return Snippet(text[start:end], marks, start)

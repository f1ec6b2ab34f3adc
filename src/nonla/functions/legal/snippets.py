"""Snippets for search results: the window of a part that holds most query terms, with the matches marked.

Matching ignores diacritics, so a query typed without marks still highlights "thường trú".

>>> s = snippet("Điều 22. Thủ tục đăng ký thường trú\\n1. Người đăng ký thường trú nộp hồ sơ.", ["thuong", "tru"], 200)
>>> s.text, [s.text[a:b] for a, b in s.highlights][:2]
('Điều 22. Thủ tục đăng ký thường trú\\n1. Người đăng ký thường trú nộp hồ sơ.', ['thường', 'trú'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nonla.functions.vi.tone_marks import strip_diacritics

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: list[tuple[int, int]]
    start: int  # offset of the snippet in the part's text


def snippet(text: str, terms: list[str], width: int = 300) -> Snippet:
    wanted = {strip_diacritics(t).lower() for term in terms for t in term.split("_")}
    words = list(_WORD.finditer(text))
    hits = [m for m in words if strip_diacritics(m.group()).lower() in wanted]
    if len(text) <= width or not hits:
        start = 0
    else:  # the window (starting at a hit) that contains the most hits
        best, start = -1, 0
        for h in hits:
            count = sum(1 for o in hits if h.start() <= o.start() < h.start() + width)
            if count > best:
                best, start = count, h.start()
        start = max(0, text.rfind(" ", 0, max(0, start - 40)) + 1)
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    marks = [(m.start() - start, m.end() - start) for m in hits if start <= m.start() and m.end() <= end]
    return Snippet(text[start:end], marks, start)

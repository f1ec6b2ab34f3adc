"""The pieces an extractive answer is made of: sentences cut from an article's clauses and points, and their scores.

Every piece is a verbatim slice of the article text (``text[start:start + len(piece)]``), cited by the narrowest
unit that holds it: the point, else the clause, else the article. A point comes with its clause's lead-in ("... thì
bị phạt tù từ 06 tháng đến 03 năm:"), because a point alone rarely makes sense.

>>> text = "Điều 5. Hồ sơ\\n1. Người đăng ký nộp:\\na) Tờ khai;\\nb) Giấy tờ về chỗ ở.\\nViệc này miễn phí."
>>> units = [("x/dieu-5/khoan-1", "clause", 14, 87), ("x/dieu-5/khoan-1/diem-a", "point", 36, 48),
...          ("x/dieu-5/khoan-1/diem-b", "point", 48, 87)]
>>> [(p.text, p.source, p.lead) for p in pieces("x/dieu-5", text, units)]  # doctest: +NORMALIZE_WHITESPACE
[('Người đăng ký nộp:', 'x/dieu-5/khoan-1', None), ('Tờ khai;', 'x/dieu-5/khoan-1/diem-a', 0),
 ('Giấy tờ về chỗ ở.', 'x/dieu-5/khoan-1/diem-b', 0), ('Việc này miễn phí.', 'x/dieu-5/khoan-1', None)]
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from nonla.functions.vi.tone_marks import strip_diacritics

_ENUMERATOR = re.compile(r"^(?:\d{1,3}[a-zđ]?\s*[.-]|[a-zđ]\d?\s*\))\s+")  # "2. ", "a) " at the start of a line
_WORD = re.compile(r"\w+", re.UNICODE)
LONG = 400  # characters: a longer line is cut into its sentences


@dataclass(frozen=True)
class Piece:
    text: str
    source: str  # point, clause or article id
    start: int  # offset of text in the article: the text is article_text[start:start + len(text)]
    lead: int | None = None  # index (in the same list) of the clause lead-in a point depends on


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Non-empty lines of text[start:end] without their enumerators, cut into sentences when long."""
    out = []
    for match in re.finditer(r"[^\n]+", text[start:end]):
        line, at = match.group(), start + match.start()
        enum = _ENUMERATOR.match(line)
        if enum:
            line, at = line[enum.end() :], at + enum.end()
        stripped = line.strip()
        if not _WORD.search(stripped):
            continue
        at += len(line) - len(line.lstrip())
        out += sentences(stripped, at) if len(stripped) > LONG else [(at, stripped)]
    return out


def sentences(line: str, at: int) -> list[tuple[int, str]]:
    """(offset, sentence) pairs: cut at '. ' before a capital letter, not after a number ('1. ', '10.000. ').

    >>> sentences("Có bốn loại. Phạt tù đến 03 năm. Xong", 0)
    [(0, 'Có bốn loại.'), (13, 'Phạt tù đến 03 năm.'), (33, 'Xong')]
    """
    out, begin = [], 0
    for match in re.finditer(r"(?<=[^\d\s]\.)\s+(?=\w)", line):
        if line[match.end()].isupper():
            out.append((at + begin, line[begin : match.start()]))
            begin = match.end()
    out.append((at + begin, line[begin:]))
    return out


def pieces(article: str, text: str, units: list[tuple[str, str, int, int]]) -> list[Piece]:
    """Candidate sentences of one article, in text order (the heading line 'Điều N. Title' is not one)."""
    heading = text.find("\n")
    body = len(text) if heading < 0 else heading + 1
    clauses = sorted((u for u in units if u[1] == "clause"), key=lambda u: u[2])
    points = sorted((u for u in units if u[1] == "point"), key=lambda u: u[2])
    out: list[Piece] = [Piece(t, article, at) for at, t in _lines(text, body, clauses[0][2] if clauses else len(text))]
    for clause_id, _, start, end in clauses:
        inner = [p for p in points if start <= p[2] < end]
        lead_end = inner[0][2] if inner else end
        out += [Piece(t, clause_id, at) for at, t in _lines(text, start, lead_end)]
        lead = len(out) - 1 if inner and out and out[-1].source == clause_id else None
        for point_id, _, p_start, p_end in inner:
            # Only a point's first line is surely the point; lines after it (often closing the clause) cite the clause.
            for at, t in _lines(text, p_start, p_end):
                first = text.rfind("\n", 0, at) < p_start
                out.append(Piece(t, point_id, at, lead) if first else Piece(t, clause_id, at))
    return out


def tokens(text: str, plain: bool, sizes: list[int] | tuple[int, ...] = (2,)) -> list[str]:
    """Syllables and runs of ``sizes`` syllables (joined by '_', as compound query terms are), lower-cased.

    >>> tokens("Thủ tục đăng ký", plain=True)
    ['thu', 'tuc', 'dang', 'ky', 'thu_tuc', 'tuc_dang', 'dang_ky']
    """
    words = [w.lower() for w in _WORD.findall(strip_diacritics(text) if plain else text)]
    runs = ["_".join(words[i : i + n]) for n in sizes if n > 1 for i in range(len(words) - n + 1)]
    return words + runs


class Scorer:
    """BM25 of the query terms over a pool of pieces, with the pool itself as the document collection."""

    def __init__(self, pool: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.counts = [Counter(t) for t in pool]
        self.df = Counter(term for c in self.counts for term in c)
        self.n = len(pool)
        self.avg = sum(len(t) for t in pool) / max(1, self.n)
        self.k1, self.b = k1, b

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def score(self, index: int, terms: list[str]) -> float:
        counts, total = self.counts[index], 0.0
        norm = self.k1 * (1 - self.b + self.b * sum(counts.values()) / max(1e-9, self.avg))
        for term in terms:
            tf = counts.get(term, 0)
            if tf:
                total += self.idf(term) * tf * (self.k1 + 1) / (tf + norm)
        return total

    def coverage(self, indexes: list[int], terms: list[str]) -> float:
        """Share of the query's weight (rarer terms weigh more) that the chosen pieces contain, 0..1."""
        weight = sum(self.idf(t) for t in terms)
        found = {t for i in indexes for t in terms if t in self.counts[i]}
        return sum(self.idf(t) for t in found) / weight if weight else 0.0

"""Finding a unit's name when one of its syllables is mistyped: 'Phường Bến Ngé', 'xa tan hoaa'.

The parser only knows exact spellings. When it finds the province but no ward, the text's words are compared with
the names of the units in that province: a name matches a run of words when every syllable is the same (tone marks
ignored) but at most one, and that one is at most one edit away (two for syllables of five letters or more; a swap
of neighbouring letters counts as one edit). A run right after a unit word ('phường', 'xã') wins, then the fewest
edits, then the fewest edits with tone marks ('Thạch Quản' is 'Thạch Quảng', not 'Thanh Quân'); a tie between two
different units is no answer.

>>> edits("nghe", "ngeh"), edits("hoa", "hoaa"), edits("binh", "minh")
(1, 1, 1)
>>> names = [(("ben", "nghe"), "bến nghé", "26740"), (("ben", "thanh"), "bến thành", "26743")]
>>> best_match("12 le loi phuong ben ngeh quan 1", names)
('26740', 17)
"""

from __future__ import annotations

import re

from nonla.functions.civic.address_text import fold

_WORD = re.compile(r"[^\W_]+")
Names = list[tuple[tuple[str, ...], str, str]]  # (folded syllables of a unit's name, its name in lower case, code)
_WARD_WORDS = {("phuong",), ("xa",), ("thi", "tran"), ("dac", "khu")}
_LARGER_WORDS = {("quan",), ("huyen",), ("thi", "xa"), ("thanh", "pho"), ("tinh",)}


def edits(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _distance(name: tuple[str, ...], words: list[str]) -> int | None:
    """Edits between a name and a run of words, or None when they differ in more than one syllable."""
    wrong = [(n, w) for n, w in zip(name, words, strict=True) if n != w]
    if len(wrong) > 1:
        return None
    if not wrong:
        return 0
    n, w = wrong[0]
    if n.isdigit() or w.isdigit():
        return None
    d = edits(n, w)
    return d if d <= (2 if len(n) >= 5 else 1) else None


def _after(words: list[str], i: int, units: set[tuple[str, ...]]) -> bool:
    return any(tuple(words[max(0, i - len(u)) : i]) == u for u in units)


def best_match(text: str, names: Names, provinces: frozenset[str] = frozenset()) -> tuple[str, int] | None:
    """(code, offset in text) of the unit whose name the text holds, allowing one mistyped syllable.

    A run of words right after a district or province word ('huyện Phú Tân') is that unit's name, and so is a
    province name ending the text (``provinces``, folded): neither is taken for a ward, nor is a run across a comma.
    """
    found = [(m.group(), m.start()) for m in _WORD.finditer(fold(text))]
    words = [w for w, _ in found]
    marked = [text[at : at + len(w)].lower() for w, at in found]
    scored: list[tuple[tuple[int, int, int], str, int]] = []
    for name, spelt, code in names:
        n = len(name)
        for i in range(len(words) - n + 1):
            d = _distance(name, words[i : i + n])
            if d is None:
                continue
            after_unit = _after(words, i, _WARD_WORDS)
            if _after(words, i, _LARGER_WORDS) or (i + n == len(words) and " ".join(name) in provinces):
                continue
            if any(p in text[found[i][1] : found[i + n - 1][1]] for p in ",;"):
                continue  # a name never runs across a comma ('Quang Trung, Thành phố' is not 'Trung Thành')
            if not after_unit and (n == 1 or (d > 0 and n == 2)):
                continue  # a short name, with no 'phường'/'xã' before it: too weak a clue ('Long Quân' ≠ 'Đông Quan')
            tones = edits(spelt, " ".join(marked[i : i + n])) if d or spelt != " ".join(marked[i : i + n]) else 0
            scored.append(((0 if after_unit else 1, d, tones), code, found[i][1]))
    if not scored:
        return None
    scored.sort()
    best = scored[0]
    if any(s[0] == best[0] and s[1] != best[1] for s in scored[1:]):
        return None
    return best[1], best[2]

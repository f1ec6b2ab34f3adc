"""Text primitives shared by the vi.entities@2 recognisers: words with offsets, case tests, folding, candidates.

Every recogniser proposes ``Candidate`` spans with a rank; ``entities_merge`` keeps the best non-overlapping ones.

>>> [w.text for w in words("Ông Y Bhim Êban ở Cư M'gar.")]
['Ông', 'Y', 'Bhim', 'Êban', 'ở', 'Cư', "M'gar"]
>>> fold("Thanh Hoá"), fold("Thanh Hóa"), fold("ĐẮK LẮK")
('thanh hoa', 'thanh hoa', 'dak lak')
>>> key("Thanh Hoá") == key("thanh hóa"), key("Huế") == key("Huệ")
(True, False)
>>> is_cap("Kđoh"), is_cap("kđoh"), is_upper("NGUYỄN"), is_upper("Nguyễn")
(True, False, True, False)
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Letters Python's re has no class for: every upper/lower-case Latin letter Vietnamese (and loan names) may use.
UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x1F00)) if c.isupper() and c.isalpha())
LOWER = "a-z" + "".join(c for c in map(chr, range(0xC0, 0x1F00)) if c.islower() and c.isalpha())
LETTER = UPPER + LOWER
WORD = re.compile(rf"[{LETTER}0-9]+(?:['’][{LETTER}0-9]+)*")
# Ranks of the recognisers: the merge keeps higher ranks first (the brief's LAW > ORG > DATE/MONEY > PER > LOC,
# with a place written after its own place word beating a name guessed from a family name alone).
RANK = {"LAW": 90, "ORG": 80, "DATE": 70, "MONEY": 70, "PER": 60, "LOC_WORD": 55, "LOC": 50, "PER_GUESS": 45,
        "LOC_GUESS": 40, "CRF": 20}  # fmt: skip

# The modern spelling puts the tone of an open oa/oe/uy on its second vowel (hoà, thuỷ); key() maps it back (hòa).
_OLD_STYLE = {
    first + toned: unicodedata.normalize("NFC", first + mark) + second
    for first, second, toneds in (("o", "a", "àáảãạ"), ("o", "e", "èéẻẽẹ"), ("u", "y", "ỳýỷỹỵ"))
    for toned, mark in zip(toneds, ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323"), strict=True)
}
_NEW_STYLE = re.compile("(?:" + "|".join(_OLD_STYLE) + rf")(?![{LETTER}])")
_MARKS: dict[int, str | None] = {c: None for c in range(0x300, 0x370)}
_MARKS.update({ord("đ"): "d", ord("Đ"): "d"})


class Word(NamedTuple):
    start: int
    end: int
    text: str


class Candidate(NamedTuple):
    type: str
    start: int
    end: int
    rank: int


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    return [Word(m.start(), m.end(), m.group()) for m in WORD.finditer(text, start, len(text) if end is None else end)]


def fold(text: str) -> str:
    """Lower case without marks: the key every gazetteer lookup uses (old/new tone placement, text without marks)."""
    return unicodedata.normalize("NFD", text).translate(_MARKS).lower()


def key(text: str) -> str:
    """Lower case, marks kept, the tone of open oa/oe/uy in the traditional place: "hoà" = "hòa", "Huế" ≠ "Huệ"."""
    return _NEW_STYLE.sub(lambda m: _OLD_STYLE[m.group()], text.lower())


def lookup_key(text: str) -> str:
    """How every lexicon is keyed: marks kept (``key``), or none at all for text written without marks."""
    return fold(text) if text.isascii() else key(text)


# What may stand between the start of a sentence, line or list item ("a)", "2.", "IV.") and its first word.
_OPENING = re.compile(r"(?:[.!?:;…]|\n)(?:\s*(?:[a-zđ]|\d{1,3}|[IVXLC]{1,6})[.)])?[\s\"'“‘(\[*•–—-]*$")


def starts_sentence(text: str, start: int) -> bool:
    r"""Is the word at ``start`` the first of its sentence, line or list item (so its capital says nothing)?

    >>> t = "Điều 5. Người nào:\na) Gây thương tích cho Bình"
    >>> [starts_sentence(t, t.index(w)) for w in ("Điều", "Người", "Gây", "Bình")]
    [True, True, True, False]
    """
    window = ("\n" if start <= 16 else "") + text[max(0, start - 16) : start]
    return _OPENING.search(window) is not None


def is_cap(word: str) -> bool:
    return word[:1].isupper()


def is_upper(word: str) -> bool:
    return word.isupper() and len(word) > 1


def gap(text: str, left: Word, right: Word) -> str:
    """What separates two words: a single space means they can belong to one name."""
    return text[left.end : right.start]


def joined(text: str, left: Word, right: Word) -> bool:
    return text[left.end : right.start] == " "

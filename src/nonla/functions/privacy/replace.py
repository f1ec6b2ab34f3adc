"""Replacing found personal data: masks, court-style pseudonyms, generalisations, and the reverse mapping.

Pseudonyms follow the way Vietnamese courts publish judgments: a person keeps the family name and, when the name has
one, the middle name Văn or Thị (which tells gender), and gets a letter, A, B, C… in order of first appearance;
every mention of the same person gets the same letter ('Nguyễn Văn An' … 'anh An' → 'Nguyễn Văn A' … 'anh A').
Other types get numbered placeholders ('[PHONE_1]'), the same value always the same number.

>>> from nonla.functions.privacy.spans import Candidate
>>> text = "Nguyễn Văn An gọi Trần Thị Bình; anh An nói 0912345678."
>>> found = [Candidate("PERSON", 0, 13, .9), Candidate("PERSON", 18, 31, .9), Candidate("PERSON", 37, 39, .8),
...          Candidate("PHONE", 44, 54, .9)]
>>> replacements(text, found, "pseudonym", reversible=False)
['Nguyễn Văn A', 'Trần Thị B', 'A', '[PHONE_1]']
>>> text = "Nguyễn Văn An và Nguyen Van An là một; Nguyễn Văn Hùng và Nguyễn Văn Hưng là hai."
>>> found = [Candidate("PERSON", 0, 13, .9), Candidate("PERSON", 17, 30, .9), Candidate("PERSON", 39, 54, .9),
...          Candidate("PERSON", 58, 73, .9)]
>>> replacements(text, found, "pseudonym", reversible=False)
['Nguyễn Văn A', 'Nguyen Van A', 'Nguyễn Văn B', 'Nguyễn Văn C']
"""

from __future__ import annotations

import re
import string

from nonla.functions.privacy.names import FEMALE_MIDDLE, MALE_MIDDLE
from nonla.functions.privacy.spans import Candidate, fold
from nonla.functions.privacy.validators import phone_national


def _letter(index: int) -> str:
    """A … Z, then A1 … Z1, A2 …"""
    round_, position = divmod(index, 26)
    return string.ascii_uppercase[position] + (str(round_) if round_ else "")


def _key(words: list[str]) -> str:
    # Text typed without tone marks is matched on folded words, so 'Nguyen Van An' is 'Nguyễn Văn An'.
    joined = " ".join(words)
    return fold(joined) if joined.isascii() else joined.casefold()


def canonical(kind: str, value: str) -> str:
    """The form two mentions of the same value share: '0912 345 678' and '+84912345678' are one phone.

    >>> canonical("PHONE", "+84 912 345 678") == canonical("PHONE", "0912.345.678")
    True
    """
    if kind in ("PHONE", "ID", "TAX_CODE", "BANK_ACCOUNT", "DOB"):
        digits = re.sub(r"\D", "", value)
        return (phone_national(digits) or digits) if kind == "PHONE" else digits
    if kind in ("HEALTH_INSURANCE", "PASSPORT", "PLATE"):
        return re.sub(r"[^0-9A-Za-z]", "", value).upper()
    return " ".join(fold(value).split())


def identities(values: list[list[str]]) -> dict[str, int]:
    """Which values (as words) are one: each value's key (see _key) → a number shared by the values that are one.

    A value typed without marks is the one marked value it folds to ('Nguyen Van An' is 'Nguyễn Văn An', in either
    order); two marked values that fold alike ('Hùng', 'Hưng') stay two.

    >>> identities([["Nguyễn", "Văn", "Hùng"], ["Nguyen", "Van", "Hung"], ["Nguyễn", "Văn", "Hưng"]])
    {'nguyễn văn hùng': 0, 'nguyen van hung': 0, 'nguyễn văn hưng': 1}
    """
    found: dict[str, int] = {}
    marked: dict[str, int | None] = {}  # folded -> the marked value's number, None once two fold alike
    count = 0
    for words in values:
        key = _key(words)
        if key in found:
            continue
        folded = fold(" ".join(words))
        if key == folded:  # typed without marks
            twin = marked.get(folded)
        else:
            twin = found.get(folded) if folded not in marked else None
            marked[folded] = None if folded in marked else (twin if twin is not None else count)
        if twin is None:
            twin, count = count, count + 1
        found[key] = twin
    return found


class _People:
    """Who each PERSON mention is: full names by their words, lone given names by the full name they end."""

    def __init__(self, mentions: list[list[str]]) -> None:
        self.full = identities([words for words in mentions if len(words) >= 2])
        self.letters: dict[int | str, str] = {}
        self.last_by_given: dict[str, int] = {}

    def letter(self, words: list[str]) -> str:
        """Call in text order: a lone given name is the nearest earlier full name ending in it (else the first later
        one, else a person of its own)."""
        given = _key(words[-1:])
        person: int | str
        if len(words) > 1:
            person = self.full[_key(words)]
            self.last_by_given[given] = person
            self.last_by_given.setdefault(fold(words[-1]), person)  # 'An' typed without marks after 'Nguyễn Văn Ân'
        elif given in self.last_by_given:
            person = self.last_by_given[given]
        else:
            later = [pid for key, pid in self.full.items() if key.split()[-1] == given]
            person = later[0] if later else "alone:" + given
        if person not in self.letters:
            self.letters[person] = _letter(len(self.letters))
        return self.letters[person]


def _person(words: list[str], letter: str) -> str:
    if len(words) == 1:
        return letter
    middle = next((w for w in words[1:-1] if fold(w) in (fold(MALE_MIDDLE), fold(FEMALE_MIDDLE))), None)
    return " ".join(w for w in (words[0], middle, letter) if w)


def _identity(kind: str, value: str, people: _People, places: dict[str, int]) -> str:
    """What a numbered placeholder stands for: a person or a place as pseudonyms tell them apart (the marks of a
    marked name count: 'Hùng' and 'Hưng' are two people), any other value by its canonical form. Call in text
    order (a lone given name is the person named in full nearest before it, and gets a placeholder of its own so
    that the mapping gives back 'anh An', not 'anh Nguyễn Văn An')."""
    if kind == "PERSON":
        words = value.split()
        return people.letter(words) + (" given" if len(words) == 1 else "")
    if kind == "ADDRESS":
        return str(places[_key(value.split())])
    return canonical(kind, value)


def replacements(text: str, found: list[Candidate], mode: str, reversible: bool) -> list[str]:
    """The text that replaces each candidate (in order) under ``mode``: mask, pseudonym or generalize."""
    people = _People([text[c.start : c.end].split() for c in found if c.type == "PERSON"])
    places = identities([text[c.start : c.end].split() for c in found if c.type == "ADDRESS"])
    numbers: dict[tuple[str, str], int] = {}
    out = []
    for cand in found:
        value = text[cand.start : cand.end]
        if mode == "pseudonym" and cand.type == "PERSON":
            words = value.split()
            out.append(_person(words, people.letter(words)))
        elif mode == "generalize" and cand.type == "ADDRESS" and cand.info.get("province"):
            out.append(cand.info["province"])
        elif mode == "generalize" and cand.type == "DOB":
            out.append(cand.info.get("year") or "[DOB]")
        elif mode == "pseudonym" or reversible:
            key = (cand.type, _identity(cand.type, value, people, places))
            numbers.setdefault(key, sum(1 for k in numbers if k[0] == cand.type) + 1)
            out.append(f"[{cand.type}_{numbers[key]}]")
        else:
            out.append(f"[{cand.type}]")
    return out


def apply(text: str, found: list[Candidate], replaced: list[str]) -> str:
    """``text`` with each candidate's span replaced (candidates do not overlap and are in order)."""
    pieces, cursor = [], 0
    for cand, new in zip(found, replaced, strict=True):
        pieces += [text[cursor : cand.start], new]
        cursor = cand.end
    return "".join(pieces) + text[cursor:]


def mapping(text: str, found: list[Candidate], replaced: list[str]) -> dict[str, str]:
    """Placeholder → original text (the first original when two spellings share a placeholder)."""
    out: dict[str, str] = {}
    for cand, new in zip(found, replaced, strict=True):
        out.setdefault(new, text[cand.start : cand.end])
    return out

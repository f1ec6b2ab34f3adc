"""The written form of an address: abbreviations spelt out, tone marks folded, and where the street part ends.

People write 'P. Bến Nghé, Q.1, TP.HCM', 'F7 Q3', 'phuong 5 quan tan binh' or '12 le loi ben nghe quan 1 hcm'.
The unit words are spelt out first so the parser and the street cut see one form; the street is everything before
the first unit word that starts an administrative part (a unit word followed by a name, not 'Lạc Long Quân').

>>> expand("12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM")
'12 Lê Lợi, Phường Bến Nghé, Quận 1, Thành phố HCM'
>>> expand("F7 Q3 tphcm"), expand("x. Tân Hòa, h. Phú Bình, T. Thái Nguyên")
('Phường 7 Quận 3 thành phố hcm', 'xã Tân Hòa, huyện Phú Bình, Tỉnh Thái Nguyên')
>>> expand("p ben nghe, q1, hcm"), expand("12 Lê Lợi, f. Bến Nghé, Q.1"), expand("Lô P Lê Lợi, Q.1")
('phường ben nghe, quận 1, hcm', '12 Lê Lợi, phường Bến Nghé, Quận 1', 'Lô P Lê Lợi, Quận 1')
>>> street_before_units("36 lac long quan phuong 5 quan tan binh"), street_before_units("số 5 Lê Lợi P.7 Q.3")
('36 lac long quan', 'số 5 Lê Lợi')
>>> street_before_units("Phường Sài Gòn, TP.HCM") is None, street_before_units("Thi tran Quan Hau, Quang Binh")
(True, None)
>>> cut_name("12 le loi ben nghe quan 1", "12 le loi ben nghe", "Bến Nghé"), name_part("12 Lê Lợi, Bến Nghé, Q.1", "Bến Nghé")
('12 le loi', 11)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PART_START = r"(?:(?<=^)|(?<=,)|(?<=, ))"  # the start of a comma-separated part (spaces are single by then)
# Abbreviation → unit word; matched case-insensitively, keeping the case of a lower-case original. The English unit
# words ('Ward 5, District 3, HCMC') are read as their Vietnamese ones, so 'Ward' is not taken for a street.
_ABBREVIATIONS = (
    (r"t\.?p\.?\s*(?=hcm\b|hn\b)|t\.?p\.\s*|tp\s+(?=\w)|city\s+(?=\w)", "Thành phố "),
    (r"hcmc\b", "HCM"),
    (r"ward\s+(?=\w)", "Phường "),
    (r"district\s+(?=\w)", "Quận "),
    (r"commune\s+(?=\w)", "Xã "),
    (r"province\s+(?=\w)", "Tỉnh "),
    (r"t\.?x\.\s*|tx\s+(?=\w)", "Thị xã "),
    (r"t\.?t\.\s*|tt\s+(?=\w)", "Thị trấn "),
    # 'p ben nghe' and 'f. ben nghe' are wards only where a part opens: inside one a lone 'p' is a street's ('Lô P').
    (rf"(?:p|f)\.?\s*(?=\d)|p\.\s*|{_PART_START}(?:p\s+(?=[^\W\d_])|f\.\s*|f\s+(?=[^\W\d_]))", "Phường "),
    (r"q\.?\s*(?=\d)|q\.\s*", "Quận "),
    (r"h\.\s*", "Huyện "),
    (r"x\.\s*", "Xã "),
    (r"t\.\s*", "Tỉnh "),
)
_ABBREVIATION_RE = re.compile(
    "|".join(f"(?P<a{i}>(?<![\\w.])(?:{pattern}))" for i, (pattern, _) in enumerate(_ABBREVIATIONS)), re.IGNORECASE
)
# Unit words as written with tone marks, and their folded forms for text typed without them.
UNIT_WORDS = ("thành phố", "thị xã", "thị trấn", "phường", "quận", "huyện", "xã", "tỉnh", "đặc khu")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# In English the unit word follows the name ('Ben Nghe Ward', 'Ho Chi Minh City'): put first, it reads as above.
_UNIT_AFTER = re.compile(
    r"(?<![^,])(\s*)([^,]*?[^\W\d_][^,]*?)\s+(ward|district|commune|province|city)\b\.?(?=\s*(?:,|$))", re.IGNORECASE
)


def fold(text: str) -> str:
    """Lower case without tone marks, đ → d; one character out for each character in, so offsets carry over."""
    out = []
    for ch in text.lower():
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append("d" if ch == "đ" else (base[:1] or " "))
    return "".join(out)


def clean(text: str) -> str:
    """NFC, one kind of apostrophe, no control characters, single spaces, English unit words before the name."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("‘", "'")
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return _UNIT_AFTER.sub(r"\1\3 \2", " ".join(text.split()))


def expand(text: str) -> str:
    """Spell out the unit abbreviations (P., Q., TP., TX., TT., H., X., T., F7, Q1)."""

    def spelt(match: re.Match[str]) -> str:
        word = _ABBREVIATIONS[int(next(k for k, v in match.groupdict().items() if v)[1:])][1]
        return word.lower() if match.group().islower() else word

    return " ".join(_ABBREVIATION_RE.sub(spelt, text).split())


# Words and unit words recur in every message: folded once each, the unit-word scan costs a fifth of what it did.
_fold_word = lru_cache(maxsize=65_536)(fold)


def _has_marks(word: str) -> bool:
    return _fold_word(word) != word.lower()


_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # the five tone marks, as combining characters


def _tone_key(word: str) -> tuple[str, frozenset[str]]:
    """A word's letters and its tone mark wherever the mark sits: 'Hoà' and 'Hòa' are one word."""
    parts = unicodedata.normalize("NFD", word.lower())
    letters = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
    return letters, frozenset(c for c in parts if c in _TONES)


def same_word(written: str, name: str) -> bool:
    """Is a written word this word of a name? Written with marks it must be that word ('Quận' is not 'Quán')."""
    if _fold_word(written) != _fold_word(name):
        return False
    return not _has_marks(written) or _tone_key(written) == _tone_key(name)


def words_of(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def find_words(text: str, name: str) -> list[tuple[int, int]]:
    """(start, end) wherever the name is written as whole words ('Định Quận' does not hold 'Định Quán'), or run
    together without marks ('hanoi'); never inside a word, as the parser's keywords are ('minhnong' holds 'hn')."""
    names, found = [m.group() for m in _WORD.finditer(name)], []
    if not names:
        return found
    words, joined = words_of(text), "".join(_fold_word(n) for n in names)
    for i, word in enumerate(words):
        run = words[i : i + len(names)]
        if len(run) == len(names) and all(same_word(w.group(), n) for w, n in zip(run, names, strict=True)):
            found.append((word.start(), run[-1].end()))
        elif len(names) > 1 and not _has_marks(word.group()) and word.group().lower() == joined:
            found.append((word.start(), word.end()))
    return found


def has_marks(text: str) -> bool:
    return any(_has_marks(w.group()) for w in _WORD.finditer(text))


def _unit_word_at(text: str, words: list[re.Match[str]], i: int, after: int) -> int:
    """How many words a unit word starting at words[i] spans (0 when it is not one); ``after``: that of words[i + 1].

    A word with tone marks must match the unit word exactly ('Quân' is not 'Quận'); one without marks matches its
    folded form. The unit word must be followed by a name, with no comma between: a one-word unit word followed by
    another unit word or a comma is the end of a name ('lac long quan phuong 5', 'Lac Long Quan, X. Yet Kieu').
    """
    for unit in UNIT_WORDS:
        parts = unit.split()
        got = [w.group() for w in words[i : i + len(parts)]]
        if len(got) < len(parts) or i + len(parts) >= len(words):
            continue
        if "," in text[words[i + len(parts) - 1].end() : words[i + len(parts)].start()]:
            continue
        if all(
            (g.lower() == p) if _has_marks(g) else (g.lower() == _fold_word(p)) for g, p in zip(got, parts, strict=True)
        ):
            # 'Thị trấn Quán Hàu' written 'thi tran quan hau': a two-word unit word is never a name's last word.
            if len(parts) > 1 or after == 0:
                return len(parts)
    return 0


@lru_cache(maxsize=256)
def unit_word_starts(text: str) -> tuple[int, ...]:
    """Offsets where an administrative part begins ('Phường ...', 'quan 1', 'Thị xã ...').

    Read from the last word back, each word's answer needing only the next one's: linear in the words, where asking
    again of every following word made 'xã xã xã … Hà Nội' quadratic. Kept per text: every name looked up asks.
    """
    words = list(_WORD.finditer(text))
    spans = [0] * (len(words) + 1)
    for i in range(len(words) - 1, -1, -1):
        spans[i] = _unit_word_at(text, words, i, spans[i + 1])
    return tuple(words[i].start() for i in range(len(words)) if spans[i])


def trim(part: str) -> str | None:
    part = part.strip(" ,;-–.:")
    return part or None


@lru_cache(maxsize=256)
def units_start(text: str) -> int | None:
    """Where the first administrative part (unit word or abbreviation) begins; None when the text has none."""
    starts = [*unit_word_starts(text), *(m.start() for m in _ABBREVIATION_RE.finditer(text))]
    return min(starts) if starts else None


def street_before_units(text: str) -> str | None:
    """The text before the first administrative part: house number, alley, hamlet, street."""
    end = units_start(text)
    return None if end is None else trim(text[:end])


def name_part(text: str, name: str) -> int | None:
    """Where a comma-separated part that is exactly this name starts, before the first unit word, not the first part.

    People leave the unit word out of the ward: in '12 Lê Lợi, Bến Nghé, Q.1' the part 'Bến Nghé' is the ward. With
    no unit word at all the last part is the province ('72 Minh Khai, Bắc Giang').
    """
    key = " ".join(fold(name).split())
    return _name_parts(text).get(key) if key else None


@lru_cache(maxsize=256)
def _name_parts(text: str) -> dict[str, int]:
    """The parts name_part may answer with, by folded name: worked out once, every unit of a province is asked."""
    end = units_start(text)
    found: dict[str, int] = {}
    offset = 0
    parts = text[: len(text) if end is None else end].split(",")
    last = len(parts) - 1 if end is None else len(parts)  # with no unit word at all, the last part is the province
    for i, part in enumerate(parts):
        if 0 < i < last:
            found.setdefault(" ".join(fold(part).split()), offset + len(part) - len(part.lstrip()))
        offset += len(part) + 1
    return found


def cut_name(text: str, street: str | None, name: str) -> str | None:
    """Drop a unit's name written at the end of the street part ('12 le loi ben nghe quan 1' − 'Bến Nghé').

    Only when the name is not written again after the street and no comma closes the street: in
    '87 Minh Khai, Phường Minh Khai' the street keeps its name.
    """
    end = units_start(text)
    if not street or not name or end is None or text[:end].rstrip().endswith(","):
        return street
    if fold(name) in fold(text[end:]):
        return street
    folded, key = fold(street), fold(name)
    if folded.endswith(key) and (len(folded) == len(key) or not folded[-len(key) - 1].isalnum()):
        return trim(street[: -len(key)])
    return street

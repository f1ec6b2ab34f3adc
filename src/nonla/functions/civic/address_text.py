"""The written form of an address: abbreviations spelt out, tone marks folded, and where the street part ends.

People write 'P. Bến Nghé, Q.1, TP.HCM', 'F7 Q3', 'phuong 5 quan tan binh' or '12 le loi ben nghe quan 1 hcm'.
The unit words are spelt out first so the parser and the street cut see one form; the street is everything before
the first unit word that starts an administrative part (a unit word followed by a name, not 'Lạc Long Quân').

>>> expand("12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM")
'12 Lê Lợi, Phường Bến Nghé, Quận 1, Thành phố HCM'
>>> expand("F7 Q3 tphcm"), expand("x. Tân Hòa, h. Phú Bình, T. Thái Nguyên")
('Phường 7 Quận 3 thành phố hcm', 'xã Tân Hòa, huyện Phú Bình, Tỉnh Thái Nguyên')
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

# Abbreviation → unit word; matched case-insensitively, keeping the case of a lower-case original.
_ABBREVIATIONS = (
    (r"t\.?p\.?\s*(?=hcm\b|hn\b)|t\.?p\.\s*|tp\s+(?=\w)", "Thành phố "),
    (r"t\.?x\.\s*|tx\s+(?=\w)", "Thị xã "),
    (r"t\.?t\.\s*|tt\s+(?=\w)", "Thị trấn "),
    (r"(?:p|f)\.?\s*(?=\d)|p\.\s*", "Phường "),
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


def fold(text: str) -> str:
    """Lower case without tone marks, đ → d; one character out for each character in, so offsets carry over."""
    out = []
    for ch in text.lower():
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append("d" if ch == "đ" else (base[:1] or " "))
    return "".join(out)


def clean(text: str) -> str:
    """NFC, one kind of apostrophe, no control characters, single spaces."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("‘", "'")
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return " ".join(text.split())


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


def _unit_word_at(text: str, words: list[re.Match[str]], i: int) -> int:
    """How many words a unit word starting at words[i] spans (0 when it is not one).

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
        if all((g.lower() == p) if _has_marks(g) else (g.lower() == _fold_word(p)) for g, p in zip(got, parts, strict=True)):
            # 'Thị trấn Quán Hàu' written 'thi tran quan hau': a two-word unit word is never a name's last word.
            if len(parts) > 1 or _unit_word_at(text, words, i + 1) == 0:
                return len(parts)
    return 0


def unit_word_starts(text: str) -> list[int]:
    """Offsets where an administrative part begins ('Phường ...', 'quan 1', 'Thị xã ...')."""
    words = list(_WORD.finditer(text))
    return [words[i].start() for i in range(len(words)) if _unit_word_at(text, words, i)]


def trim(part: str) -> str | None:
    part = part.strip(" ,;-–.:")
    return part or None


def units_start(text: str) -> int | None:
    """Where the first administrative part (unit word or abbreviation) begins; None when the text has none."""
    starts = unit_word_starts(text) + [m.start() for m in _ABBREVIATION_RE.finditer(text)]
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
    end = units_start(text)
    key, offset = " ".join(fold(name).split()), 0
    parts = text[: len(text) if end is None else end].split(",")
    last = len(parts) - 1 if end is None else len(parts)  # with no unit word at all, the last part is the province
    for i, part in enumerate(parts):
        if 0 < i < last and key and " ".join(fold(part).split()) == key:
            return offset + len(part) - len(part.lstrip())
        offset += len(part) + 1
    return None


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

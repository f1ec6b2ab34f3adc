"""Urgency of a citizen's message by rules: danger words (with or without diacritics) combined with the category.

- high: a danger word of the taxonomy ('ngập sâu', 'cháy', 'điện giật', 'tai nạn', 'cấp cứu', …) or one of the
  predicted category's own high words;
- low: no danger word, and a question, a suggestion or thanks ('cho hỏi', 'góp ý', 'đề xuất', 'cảm ơn', …);
- normal: everything else.

A message typed without diacritics is matched against the words with their marks removed, but only words of two
syllables or more: one unmarked syllable is too ambiguous ('chay' is cháy, chạy or chay; 'no' is nổ or nợ).

>>> from nonla.functions.civic.triage_taxonomy import taxonomy
>>> tax = taxonomy("default")
>>> rule("Dây điện bị đứt rơi xuống đường, có người bị điện giật", tax.categories["utilities"], tax)
('high', 'high')
>>> rule("day dien bi dut roi xuong duong, co nguoi bi dien giat", tax.categories["utilities"], tax)
('high', 'high')
>>> rule("Cho hỏi lịch cắt điện tuần sau ở phường Ba Đình", tax.categories["utilities"], tax)
('low', 'low')
>>> rule("Mất điện từ sáng đến giờ chưa có lại", tax.categories["utilities"], tax)
('normal', 'normal')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from nonla.functions.civic.triage_taxonomy import Category, Taxonomy
from nonla.functions.vi.tone_marks import strip_diacritics

_WORD = re.compile(r"\w+")
# Share of train messages whose urgency each rule got right (models/build/train_civic_triage.py measures it and
# stores it in the head); these are the values used when a head carries none.
FALLBACK_CONFIDENCE = {"high": 0.8, "low": 0.7, "normal": 0.7}


@lru_cache(maxsize=4096)
def _syllables(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(unicodedata.normalize("NFC", text).casefold()))


def _spans(words: tuple[str, ...], plain: tuple[str, ...], keyword: str) -> list[int]:
    """Start indices of a keyword's syllables in the message (marks compared only when the message has them)."""
    wanted = _syllables(keyword)
    typed_plain = plain == words
    if typed_plain:
        if len(wanted) < 2:
            return []
        wanted = tuple(strip_diacritics(w) for w in wanted)
    haystack, size = (plain if typed_plain else words), len(wanted)
    return [i for i in range(len(haystack) - size + 1) if size and haystack[i : i + size] == wanted]


def found(text: str, keywords: tuple[str, ...], ignore: tuple[str, ...] = ()) -> list[str]:
    """The keywords that occur in text as whole syllables, outside the ignored phrases.

    >>> found("Có cháy nhà ở đầu ngõ", ("cháy", "tai nạn"))
    ['cháy']
    >>> found("xe chay nhanh qua", ("cháy",)), found("tập huấn phòng cháy", ("cháy",), ignore=("phòng cháy",))
    ([], [])
    """
    words = _syllables(text)
    plain = tuple(strip_diacritics(w) for w in words)
    masked: set[int] = set()
    for phrase in ignore:
        for start in _spans(words, plain, phrase):
            masked.update(range(start, start + len(_syllables(phrase))))
    hits = []
    for keyword in keywords:
        size = len(_syllables(keyword))
        if any(not masked & set(range(i, i + size)) for i in _spans(words, plain, keyword)):
            hits.append(keyword)
    return hits


def rule(text: str, category: Category, tax: Taxonomy) -> tuple[str, str]:
    """(urgency, the rule that decided it): the rule names the confidence to give."""
    ignore = tax.ignore_keywords + category.ignore_keywords
    if found(text, tax.high_keywords + category.high_keywords, ignore):
        return "high", "high"
    if found(text, tax.low_keywords + category.low_keywords, ignore):
        return "low", "low"
    return "normal", "normal"

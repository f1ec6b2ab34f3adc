"""Word-level helpers shared by the PERSON rules and the tagger-span filter: shapes, titles, sentence starts.

>>> from nonla.functions.privacy.address import tokenize
>>> toks = tokenize("Bị cáo Lê Văn Tám khai")
>>> after_title(toks, 0), shape(toks[2].text), vietnamese("License"), vietnamese("Nguyễn")
(2, 'title', False, True)
"""

from __future__ import annotations

import re

from nonla.functions.privacy.address import Tok
from nonla.functions.privacy.names import NEVER_IN_NAMES, PLACES_WITH_TITLES, TITLES, is_surname
from nonla.functions.privacy.provinces import province_of
from nonla.functions.privacy.spans import fold

MAX_NAME_WORDS = 5
# Middle names a name does not end with: after one of them a line break cannot end the name.
_MIDDLES = "Văn Thị Đức Hữu Đình Bá Khắc Như Thế Tấn"
UNFINISHED_MIDDLES = frozenset(w.lower() for w in _MIDDLES.split()) | frozenset(fold(w) for w in _MIDDLES.split())
TITLE_FIRST = {t.split()[0] for t in TITLES} | {fold(t.split()[0]) for t in TITLES}
EXACT_TITLE_FIRST = frozenset(t.split()[0] for t in TITLES)
# A Vietnamese syllable: onset, vowels, coda ('nguyễn' = ng + uyê + n); English words rarely fit ('license').
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")
# An organisation's name: one of these words, then capitalised words and words of trade ('Công ty TNHH Xây dựng
# Thành Đạt'); a person's name inside it is the firm's. 'Ngân hàng Nhà nước' ends at 'nước', a common word.
_COMPANY = re.compile(r"(?:cong ty|doanh nghiep|hop tac xa|htx|tap doan|ngan hang|van phong luat)((?:\W+\w+)*?)\W*$")
_TRADE = frozenset("tnhh co phan mot thanh vien mtv xay dung van tai thuong mai dich vu dau tu phat trien san xuat "
                   "cong nghe tu nhan va su luat tmcp".split())  # fmt: skip
_LIST_ITEM = re.compile(r"(?:^|\s)(?:\w|\d{1,2})\)$")  # 'a)', '2)' open a clause like a sentence start


def shape(text: str) -> str:
    """'title' (Nguyễn, H'Lan), 'caps' (NGUYỄN), 'letter' (a one-letter A) or '' for what cannot be in a name."""
    parts = re.split("['’]", text)  # Ede and Jrai names: H'Lan, H'Bla
    if not all(p.isalpha() for p in parts):
        return ""
    if text.isupper():
        return "caps" if len(text) > 1 else "letter"
    return "title" if all(p[0].isupper() and (p[1:].islower() or not p[1:]) for p in parts) else ""


def vietnamese(word: str) -> bool:
    """Whether ``word`` can be one Vietnamese syllable (names are made of them)."""
    return _SYLLABLE.fullmatch(fold(word)) is not None


def name_run(toks: list[Tok], i: int, text: str) -> int:
    """End of the run of same-shaped capitalised words starting at i (at most MAX_NAME_WORDS). A line break ends
    the run, unless it is the only one and the words before it cannot end a name: 'bà Lê Thị\\nMai' is one name
    (a family name and a middle name wait for a given name), 'Nguyễn Văn An\\nHà Nội' is not.

    >>> from nonla.functions.privacy.address import tokenize
    >>> text = "NGUYỄN VĂN\\r\\nBÌNH\\nSinh năm 1985"
    >>> text[: tokenize(text)[name_run(tokenize(text), 0, text) - 1].end]
    'NGUYỄN VĂN\\r\\nBÌNH'
    """
    first = shape(toks[i].text) if i < len(toks) else ""
    if first == "letter" and toks[i].text in "AY" and i + 1 < len(toks) and shape(toks[i + 1].text) == "title":
        first = "title"  # Bahnar, Sedang and Ede names open with A or Y: 'A Blưu', 'Y Wai Byă'
    elif not first or first == "letter":
        return i
    j, broken = i + 1, False
    while j < len(toks) and j - i < MAX_NAME_WORDS:
        gap = text[toks[j - 1].end : toks[j].start]
        if "\n" in gap:
            if broken or gap.strip(" \t") not in ("\n", "\r\n") or not _unfinished(toks[i:j]):
                break
            broken = True
        if shape(toks[j].text) not in (first, "letter") or NEVER_IN_NAMES.has(toks[j].text, False):
            break
        j += 1
    return j


def _unfinished(words: list[Tok]) -> bool:
    """A family name alone, or with middle names only: the given name is still to come."""
    return is_surname(words[0].text) and all(_middle(w.text) for w in words[1:])


def _middle(word: str) -> bool:
    return (fold(word) if word.isascii() else word.lower()) in UNFINISHED_MIDDLES


def is_place(toks: list[Tok], i: int, j: int, text: str, flat: bool) -> bool:
    words = text[toks[i].start : toks[j - 1].end]
    return province_of(words, flat) is not None or PLACES_WITH_TITLES.has(" ".join(words.split()), flat)


def trim_place(toks: list[Tok], i: int, j: int, text: str, flat: bool) -> int:
    """Cut a run where a province starts: 'Nguyễn Văn An Hà Nội' → 'Nguyễn Văn An'."""
    for k in range(i + 1, j):
        for end in range(j, k, -1):
            if province_of(text[toks[k].start : toks[end - 1].end], flat):
                return k
    return j


def after_title(toks: list[Tok], i: int) -> int | None:
    """Index of the first word after a title starting at i (skipping ':' and 'là'), or None."""
    if toks[i].low not in TITLE_FIRST:
        return None
    for title in TITLES:
        parts = title.split()
        window = toks[i : i + len(parts)]
        # 'ban' typed without tone marks is 'bản' (a hamlet) as often as 'bạn' (friend): only the marked form counts
        if len(window) == len(parts) and all(t.low == p or (t.text.isascii() and t.low == fold(p) and p != "bạn")
                                              for t, p in zip(window, parts, strict=True)):  # fmt: skip
            j = i + len(parts)
            while j < len(toks) and toks[j].low in (":", "là", "la", "-"):
                j += 1
            return j
    return None


def starts_sentence(text: str, position: int) -> bool:
    """Whether ``position`` opens a sentence, a line, a form field or a list item ('a) Tờ khai …')."""
    end = position
    while end > 0 and text[end - 1] in ' \t"“(':
        end -= 1
    # A list item's mark ends at ``end`` and is at most four characters long (' 12)'): searching only that tail
    # keeps the check cheap at every word of a long text; '^' still means the start of the whole text.
    return end == 0 or text[end - 1] in ".!?:;\n-–" or _LIST_ITEM.search(text, max(0, end - 4), end) is not None


def in_company(text: str, position: int) -> bool:
    """Whether ``position`` is inside an organisation's name ('Công ty TNHH Xây dựng Thành Đạt')."""
    window = text[max(0, position - 60) : position]
    match = _COMPANY.search(fold(window))
    if match is None:
        return False
    words = re.findall(r"\w+", window[match.start(1) :])
    return all(w[0].isupper() or fold(w) in _TRADE for w in words)

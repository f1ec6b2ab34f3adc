"""PERSON candidates: vi.entities' PER spans plus rules for what a news-trained tagger misses.

Rules: a title or role followed by a capitalised name ('bị cáo Nguyễn Văn An', 'chị Lan', 'Họ và tên: TRẦN THỊ B'),
an ALL-CAPS name as judgments print them ('NGUYỄN VĂN AN'), a name in any case after 'tên là' or 'họ và tên'
(nonla.functions.privacy.introduced), and a capitalised run that starts with a Vietnamese
family name ('Nguyen Van Binh', typed without tone marks). Streets, schools and places named after people are left out
by the word before them ('đường Lê Lợi', 'Trường Nguyễn Du').

>>> text = "Bị cáo NGUYỄN VĂN AN khai đã gặp chị Lan và Tran Thi Binh tại đường Lê Lợi."
>>> [text[c.start:c.end] for c in find_persons(text, [])]
['NGUYỄN VĂN AN', 'Lan', 'Tran Thi Binh']
"""

from __future__ import annotations

from nonla.functions.privacy.address import Tok, tokenize
from nonla.functions.privacy.introduced import introduced_names
from nonla.functions.privacy.name_words import (
    EXACT_TITLE_FIRST,
    after_title,
    in_company,
    is_place,
    name_run,
    shape,
    starts_sentence,
    trim_place,
    vietnamese,
)
from nonla.functions.privacy.names import (
    ADMIN_WORDS,
    AMBIGUOUS_SURNAMES,
    COMPOUNDS_AFTER_TITLE,
    NOT_NAMES,
    PLACE_MARKERS,
    is_surname,
    plain,
)
from nonla.functions.privacy.spans import Candidate, Taken, fold, resolve
from nonla.functions.privacy.tagged_names import tagged_persons

_ASCII_ADMIN = frozenset(("xa", "tinh", "phuong", "huyen", "quan"))  # capitalised in addresses: 'Xa Hung Ha'
_CHAT_TITLES = frozenset(("a", "e", "c"))  # 'a Long ơi', 'e Hằng': only in lower case ('Chư A Thai' is a commune)


def _titled(toks: list[Tok], text: str, flat: bool) -> list[Candidate]:
    found = []
    for i, tok in enumerate(toks):
        j = after_title(toks, i)
        if j is None or j >= len(toks) or (tok.low in _CHAT_TITLES and not tok.text.islower()):
            continue
        if tok.text[0].isupper() and not tok.text.isupper() and not starts_sentence(text, tok.start):
            continue  # 'Hai Bà Trưng', 'Anh Quốc': a capitalised title mid-sentence belongs to a proper name
        if i > 0 and PLACE_MARKERS.has(toks[i - 1].text, flat):
            continue  # 'ấp Bà Điểm', 'phố Bà Triệu'
        end = trim_place(toks, j, name_run(toks, j, text), text, flat)
        if end == j or NOT_NAMES.has(toks[j].text, flat) or ADMIN_WORDS.has(toks[j].text, False):
            continue
        if is_place(toks, i, end, text, flat) or is_place(toks, j, end, text, flat):
            continue
        loose = tok.low not in EXACT_TITLE_FIRST or tok.low in _CHAT_TITLES
        if loose and not all(vietnamese(t.text) for t in toks[j:end]):
            continue  # a title typed without marks ('a', 'be', 'ong') before English: 'a User Product', 'BE LIABLE'
        if in_company(text, toks[j].start):
            continue  # 'Công ty TNHH Vận tải Quang Minh'
        if end == j + 1 and j + 1 < len(toks) and f"{toks[j].low} {toks[j + 1].low}" in COMPOUNDS_AFTER_TITLE:
            continue  # 'anh Công an' is a police officer
        found.append(Candidate("PERSON", toks[j].start, toks[end - 1].end, 0.95 if end - j > 1 else 0.85))
    return found


def _surnamed(toks: list[Tok], text: str, flat: bool) -> list[Candidate]:
    found = []
    for i, tok in enumerate(toks):
        kind = shape(tok.text)
        if kind not in ("title", "caps") or not is_surname(tok.text) or PLACE_MARKERS.has(tok.text, flat):
            continue  # 'Đường Lê Lợi' starts with a street, not with the family name Đường
        if i > 0 and shape(toks[i - 1].text) == kind == "caps":
            continue  # inside a longer ALL-CAPS heading: 'TÒA ÁN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH'
        if i > 0 and (PLACE_MARKERS.has(toks[i - 1].text, flat) or toks[i - 1].text[0].isdigit()):
            continue  # 'đường Lê Lợi', 'số 12 Lê Lợi', 'Trường Nguyễn Du'
        if i > 1 and shape(toks[i - 1].text) == "title" and after_title(toks, i - 1) is None:
            if not starts_sentence(text, toks[i - 1].start):
                continue  # inside a longer capitalised name: 'xã Tân Hồ Cơ', 'Văn phòng Luật sư Minh Trí'
        if tok.text.isascii() and tok.low in _ASCII_ADMIN:
            continue  # 'Xa Hung Ha', 'Quan Binh Thanh': an administrative unit typed without tone marks
        end = trim_place(toks, i, name_run(toks, i, text), text, flat)
        needed = 3 if fold(tok.text) in AMBIGUOUS_SURNAMES else 2
        if end - i < needed or is_place(toks, i, end, text, flat):
            continue
        if kind == "caps" and end < len(toks) and shape(toks[end].text) == "caps":
            continue  # a heading longer than a name
        if not all(vietnamese(t.text) for t in toks[i:end]) or in_company(text, tok.start):
            continue  # 'TO THE EXTENT PERMITTED': English, though 'To' is a family name; 'Công ty TNHH Nguyễn Kim'
        found.append(Candidate("PERSON", tok.start, toks[end - 1].end, 0.9 if kind == "caps" else 0.75))
    return found


def find_persons(text: str, tagged: list[tuple[int, int]]) -> list[Candidate]:
    """PERSON candidates from the rules and from tagger spans ``tagged`` (start, end)."""
    toks, flat = tokenize(text), plain(text)
    ruled = [*_titled(toks, text, flat), *_surnamed(toks, text, flat), *introduced_names(text)]
    found = resolve([*ruled, *tagged_persons(tagged, text, flat, ruled)])
    return resolve([*found, *_given_names(text, found, flat)])


def _given_names(text: str, found: list[Candidate], flat: bool) -> list[Candidate]:
    """The given name of a person named in full, where it stands alone further on ('bị cáo Nguyễn Văn Hưng …
    Hưng chối'): the tagger misses many, and a judgment published with them left is not anonymised. Only as
    written in the full name, as a word of its own between words that are not capitalised (so not inside another
    name), and not opening a compound ('An ninh' is security).

    >>> text = "Bị cáo Nguyễn Văn Hùng và Nguyễn Văn Hưng. Hùng khai, Hưng chối. An ninh được giữ."
    >>> [text[c.start:c.end] for c in find_persons(text, [])]
    ['Nguyễn Văn Hùng', 'Nguyễn Văn Hưng', 'Hùng', 'Hưng']
    """
    import re

    taken = Taken([(c.start, c.end) for c in found])
    given = {text[c.start : c.end].split()[-1] for c in found if c.type == "PERSON" and len(text[c.start : c.end].split()) > 1}
    out = []
    for name in sorted(g for g in given if g[:1].isupper() and g[1:].islower() and not NOT_NAMES.has(g, flat)):
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            start, end = match.span()
            if taken.overlaps(start, end):
                continue
            before = re.search(r"(\w+)\W*$", text[max(0, start - 40) : start])
            after = re.match(r"\W*?(\w+)", text[end : end + 40])
            if (before and before.group(1)[:1].isupper() and _last_visible(text, start) not in tuple(".!?:;,"))\
                    or (after and after.group(1)[:1].isupper()):  # fmt: skip
                continue  # part of a longer capitalised name or place
            if after and f"{name} {after.group(1)}".lower() in _COMPOUND_OPENERS:
                continue
            out.append(Candidate("PERSON", start, end, 0.75))
    return out


def _last_visible(text: str, position: int) -> str:
    """The last character before ``position`` that is not white space ('' at the start of the text); walks back
    from ``position`` rather than copying the text before it, which at every match of a long text is quadratic."""
    end = position
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return text[end - 1 : end]


# Words a given name also opens: 'An ninh', 'Bình thường', 'Minh bạch'... (only in lower case after the name)
_COMPOUND_OPENERS = frozenset(("an ninh", "an toàn", "an tâm", "bình thường", "bình đẳng", "minh bạch", "minh chứng",
                               "hòa giải", "hoà giải", "tâm lý", "thành phố", "thành viên", "hùng hổ", "hưng thịnh",
                               "phúc lợi", "phương án", "phương tiện", "quang cảnh", "thắng lợi", "toàn bộ"))  # fmt: skip

"""Find the address a citizen's message is about: the longest chain of 'unit + name' parts, with or without marks.

A part is a unit word ('số', 'ngõ', 'hẻm', 'đường', 'thôn', 'phường', 'xã', 'quận', 'huyện', 'tỉnh', 'TP', 'P.', …,
or the same typed without marks) followed by a name that starts with a capital letter or a number ('Quận 1',
'hẻm 285 Cách Mạng Tháng Tám'). Parts follow each other with a comma, a dash or a space; a capitalised name after
the last comma is the province ('…, Đà Nẵng'). A chain counts as an address when it names an administrative unit,
or a house number on a street.

>>> find_address("Hố ga trước số 12 đường Lê Lợi, phường Bến Nghé, quận 1 bị mất nắp.")
'số 12 đường Lê Lợi, phường Bến Nghé, quận 1'
>>> find_address("nuoc thai xa ra suoi o xa Nam Cuoi, huyen Sin Ho, Lai Chau, ca suoi doi mau")
'xa Nam Cuoi, huyen Sin Ho, Lai Chau'
>>> find_address("Đường xấu quá, đề nghị sửa.") is None
True
>>> find_address("o hem 12 Nguyen Dinh Chieu P5 Q3 co nguoi hut chich"), find_address("nha o F5, Q3 bi mat nuoc")
('hem 12 Nguyen Dinh Chieu P5 Q3', 'F5, Q3')
>>> find_address("Xe Audi Q5 đỗ chắn lối đi") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nonla.functions.vi.tone_marks import strip_diacritics

_TOKEN = re.compile(r"\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*|\w+(?:['’]\w+)*|[,;()\-–.]")
ADMIN = "admin"
STREET = "street"
HOUSE = "house"
PLACE = "place"
# unit words as typed with marks; the same without marks is accepted too (then a capital or number must follow)
_UNITS: dict[tuple[str, ...], str] = {
    ("số",): HOUSE, ("số", "nhà"): HOUSE, ("nhà", "số"): HOUSE,
    ("ngõ",): STREET, ("ngách",): STREET, ("hẻm",): STREET, ("kiệt",): STREET, ("đường",): STREET, ("phố",): STREET,
    ("tổ",): PLACE, ("tổ", "dân", "phố"): PLACE, ("khu", "phố"): PLACE, ("ấp",): PLACE, ("thôn",): PLACE,
    ("bản",): PLACE, ("xóm",): PLACE, ("khu", "dân", "cư"): PLACE,
    ("phường",): ADMIN, ("xã",): ADMIN, ("thị", "trấn"): ADMIN, ("đặc", "khu"): ADMIN, ("quận",): ADMIN,
    ("huyện",): ADMIN, ("thị", "xã"): ADMIN, ("thành", "phố"): ADMIN, ("tỉnh",): ADMIN, ("tp",): ADMIN,
}  # fmt: skip
_PLAIN_UNITS = {tuple(strip_diacritics(w) for w in unit): kind for unit, kind in _UNITS.items()}
_LETTER_UNITS = {"p": ADMIN, "q": ADMIN, "f": ADMIN}  # 'P. Bến Nghé', 'Q.1', 'F.5' (an old Saigon habit)
# 'P5', 'Q3', 'F5': the letter and the number in one word (as geo.address's address_text.expand reads them)
_GLUED_UNIT = re.compile(r"[PpQqFf]\d{1,2}")
GLUED = "glued"  # an administrative unit written so; alone it may be anything else ('Audi Q5', 'F1')
_FORMER = {"cũ", "cu"}  # 'phường Hồng Gai (cũ)'
MAX_NAME_WORDS = 6


@dataclass
class Part:
    start: int  # character offsets in the text
    end: int
    kind: str


def _capitalised(token: str) -> bool:
    return token[:1].isupper() or token[:1].isdigit()


def _unit_at(tokens: list[re.Match[str]], i: int) -> tuple[int, str] | None:
    """(number of tokens, kind) of the unit word starting at token i."""
    for size in (3, 2, 1):
        words = tuple(t.group().casefold() for t in tokens[i : i + size])
        if len(words) < size:
            continue
        kind = _UNITS.get(words) or _PLAIN_UNITS.get(words)
        if kind and (words in _UNITS or words == tuple(strip_diacritics(w) for w in words)):
            return size, kind
    word = tokens[i].group()
    if _GLUED_UNIT.fullmatch(word):
        return 0, GLUED  # the word is its own name
    if word.casefold() in _LETTER_UNITS and i + 1 < len(tokens) and tokens[i + 1].group() == ".":
        return 2, _LETTER_UNITS[word.casefold()]
    return None


def _name_end(tokens: list[re.Match[str]], i: int) -> int:
    """Index after the name starting at token i (i itself when there is none)."""
    j, words = i, 0
    if j < len(tokens) and tokens[j].group() == ".":  # 'TP. Hồ Chí Minh', 'Q.1'
        j += 1
    while j < len(tokens) and words < MAX_NAME_WORDS:
        token = tokens[j].group()
        if token in "-–" and words and j + 1 < len(tokens) and _capitalised(tokens[j + 1].group()):
            j += 1  # 'Văn Miếu - Quốc Tử Giám'
            continue
        glued = not words and _GLUED_UNIT.fullmatch(token)
        if not (token[:1].isalnum() and (_capitalised(token) or glued)) or (words and _unit_at(tokens, j)):
            break
        if words and token[:1].isdigit() and j + 1 < len(tokens) and tokens[j + 1].group()[:1].islower():
            break  # 'Tân Phước 2,' is a name; in 'Nghệ An 6 tháng' the number starts the next phrase
        j, words = j + 1, words + 1
    if words and j + 2 < len(tokens) and tokens[j].group() == "(" and tokens[j + 1].group().casefold() in _FORMER:
        j += 3 if tokens[j + 2].group() == ")" else 2
    elif words and j < len(tokens) and tokens[j].group().casefold() in _FORMER:
        j += 1
    return j if words else i


def _chains(text: str) -> list[list[Part]]:
    tokens = list(_TOKEN.finditer(text))
    chains: list[list[Part]] = []
    current: list[Part] = []
    i = 0
    while i < len(tokens):
        unit = _unit_at(tokens, i)
        end = _name_end(tokens, i + unit[0]) if unit else i
        if unit and end > i + unit[0]:
            current.append(Part(tokens[i].start(), tokens[end - 1].end(), unit[1]))
            i = end
            if i < len(tokens) and tokens[i].group() in ",-–" and i + 1 < len(tokens):
                nxt = _unit_at(tokens, i + 1)
                tail = _name_end(tokens, i + 1) if not nxt else i + 1
                if nxt:
                    i += 1
                elif tail > i + 1 and tokens[i].group() == ",":  # '…, Đà Nẵng': the province, named alone
                    current.append(Part(tokens[i + 1].start(), tokens[tail - 1].end(), ADMIN))
                    i = tail
            continue
        if current:
            chains.append(current)
            current = []
        i += 1
    if current:
        chains.append(current)
    return chains


def _is_address(chain: list[Part]) -> bool:
    kinds = [p.kind for p in chain]
    return ADMIN in kinds or (HOUSE in kinds and STREET in kinds) or (GLUED in kinds and len(kinds) > 1)


def find_address(text: str) -> str | None:
    """The address span of the message (the chain with the most parts, then the longest), or None."""
    found = [chain for chain in _chains(text) if _is_address(chain)]
    if not found:
        return None
    best = max(found, key=lambda c: (len(c), c[-1].end - c[0].start))
    return text[best[0].start : best[-1].end]

"""DATE and MONEY spans for vi.entities@2, by pattern (tests/data/entities/GUIDELINES.md).

DATE keeps its ``ngày``/``tháng``/``năm`` word (any case, with or without marks); durations (``03 năm``), times and
fractions are left out. MONEY is an amount with a currency or an amount word, digits or spelled out.

>>> [(c.type, t[c.start:c.end]) for t in ["Ngày 05/6/2020 ông nộp 35.000.000 đồng (ba mươi lăm triệu đồng)."]
...  for c in dates(t) + money(t)]
[('DATE', 'Ngày 05/6/2020'), ('MONEY', '35.000.000 đồng'), ('MONEY', 'ba mươi lăm triệu đồng')]
>>> [t[c.start:c.end] for t in ["phạt tù 03 năm, từ tháng 3/2022; chỉ hơn 900 nghìn, 2 triệu người"] for c in dates(t) + money(t)]
['tháng 3/2022', '900 nghìn']
"""

from __future__ import annotations

import re

from nonla.functions.vi.entities_text import LETTER, RANK, Candidate

_DAY, _MONTH, _YEAR = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])", r"(?:1[89]\d\d|20\d\d)"
_NGAY, _THANG, _NAM = r"(?:[Nn]gày|NGÀY|[Nn]gay)", r"(?:[Tt]háng|THÁNG|[Tt]hang)", r"(?:[Nn]ăm|NĂM|[Nn]am)"
_SEP = r"\s*[/.-]\s*"
_B = rf"(?<![{LETTER}0-9/.,-])"  # not glued to a word, a number or a document number on the left
_E = rf"(?![{LETTER}0-9]|[/.-]\d)"  # nor on the right
DATE = re.compile(
    "|".join(
        [
            rf"{_B}{_NGAY}\s+{_DAY}(?:{_SEP}{_MONTH}(?:{_SEP}{_YEAR})?|\s+{_THANG}\s+{_MONTH}(?:,?\s+{_NAM}\s+{_YEAR})?){_E}",
            rf"{_B}{_THANG}\s+{_MONTH}(?:{_SEP}{_YEAR}|\s+{_NAM}\s+{_YEAR}){_E}",
            rf"{_B}{_NAM}\s+{_YEAR}{_E}",
            rf"{_B}{_DAY}/{_MONTH}/{_YEAR}{_E}|{_B}{_DAY}-{_MONTH}-{_YEAR}{_E}",  # bare full dates: "12/12/2024"
        ]
    )
)
# A bare day/month only after a part of the day, where it cannot be a fraction: "Sáng 12/3".
PART_OF_DAY = re.compile(rf"(?<![{LETTER}])(?:[Ss]áng|[Tt]rưa|[Cc]hiều|[Tt]ối|[Đđ]êm)\s+({_DAY}/{_MONTH}){_E}")

_NUMBER = r"\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_SCALE = r"(?:nghìn|ngàn|triệu|tỷ|tỉ|nghin|ngan|trieu|ty)"
_CURRENCY = r"(?:đồng|dong|VNĐ|VND|vnđ|vnd|USD|usd|đô la(?: Mỹ)?|đô|EUR|euro|nhân dân tệ|yên Nhật|yên|won|bảng Anh|bạt|kíp|riel)"
MONEY = re.compile(
    rf"{_B}(?:{_NUMBER})(?:\s*{_SCALE}(?:\s+{_SCALE})*)?(?:\s*{_CURRENCY}(?![{LETTER}])|(?<=\d)đ(?![{LETTER}0-9]))"
    rf"|{_B}(?:{_NUMBER})\s*{_SCALE}(?![{LETTER}])(?!\s*%)"
)
_SPELLED_WORD = (
    r"(?:một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín|mười|mươi|mốt|trăm|nghìn|ngàn|triệu|tỷ|tỉ|linh|lẻ|rưỡi)"
)
SPELLED = re.compile(
    rf"(?<![{LETTER}])(?i:{_SPELLED_WORD}(?:\s+{_SPELLED_WORD})*)\s+(?:đồng|USD|đô la)(?![{LETTER}])", re.IGNORECASE
)
# An amount word without a currency is money only where a sentence about money goes on: "hơn 900 nghìn, em ...".
_AFTER_BARE_AMOUNT = re.compile(rf"\s*(?:[,;.)!?:/]|$|(?:mỗi|một|cho|thì|và|là|để|nhưng|mà|tiền)(?![{LETTER}]))")


def dates(text: str) -> list[Candidate]:
    found = [Candidate("DATE", m.start(), m.end(), RANK["DATE"]) for m in DATE.finditer(text)]
    return found + [Candidate("DATE", m.start(1), m.end(1), RANK["DATE"]) for m in PART_OF_DAY.finditer(text)]


def money(text: str) -> list[Candidate]:
    found = []
    for match in MONEY.finditer(text):
        if re.search(rf"{_SCALE}$", match.group()) and not _AFTER_BARE_AMOUNT.match(text, match.end()):
            continue  # "2 triệu người", "560 nghìn tấn": an amount word counting something else
        found.append(Candidate("MONEY", match.start(), match.end(), RANK["MONEY"]))
    for match in SPELLED.finditer(text):
        if re.search(r"trăm|nghìn|ngàn|triệu|tỷ|tỉ|mươi", match.group(), re.IGNORECASE):
            found.append(Candidate("MONEY", match.start(), match.end(), RANK["MONEY"]))
    return found

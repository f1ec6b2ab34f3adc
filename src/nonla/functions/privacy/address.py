"""Street-level addresses: a house number or a hamlet/alley, then streets, then wards, districts and province.

'số 12 đường Lê Lợi, phường Bến Nghé, Quận 1, TP.HCM', '12/3 Nguyễn Trãi', 'ngõ 5 phố Huế', 'hẻm 58 Lê Văn Sỹ',
'thôn Đông Hạ, xã Tân Hòa, huyện Phú Bình'. A ward or province on its own is not personal data and is not flagged.
Markers are matched with their tone marks when the text has them ('bản' is a hamlet, 'bạn' is "you") and folded
when it does not.

>>> text = "Tôi ở số 12 đường Lê Lợi, phường Bến Nghé, Quận 1, TP.HCM từ năm 2010."
>>> [(text[c.start:c.end], c.info["province"]) for c in find_addresses(text)]
[('số 12 đường Lê Lợi, phường Bến Nghé, Quận 1, TP.HCM', 'TP.HCM')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nonla.functions.privacy.names import plain
from nonla.functions.privacy.provinces import LONGEST_NAME_TOKENS, province_of
from nonla.functions.privacy.spans import Candidate, fold

_TOKEN = re.compile(r"\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*|\w+(?:['’]\w+)*|[^\w\s]")  # D'Ran is one word
_HOUSE_NUMBER = re.compile(r"\d{1,4}[A-Za-z]?(?:/\d{1,4}[A-Za-z]?){0,3}")
_DATE = re.compile(r"\d{1,2}/(?:\d{1,2}/)?(?:19|20)\d\d")  # 15/6/2023, 9/2022
_COMPACT_ADMIN = re.compile(r"[PQF]\d{1,2}")  # 'Q1', 'P7', 'F7' (Saigon shorthand)

HOUSE = ("số nhà", "nhà số", "số", "sn")
UNITS = ("tổ dân phố", "khu phố", "khu tập thể", "chung cư", "căn hộ", "ngõ", "ngách", "hẻm", "kiệt", "thôn", "ấp",
         "xóm", "bản", "buôn", "khóm", "khối", "tổ", "lô", "tdp", "kp", "ktt")  # fmt: skip
# 'tổ 5', 'khối 3', 'lô B2' start an address; without a number 'tổ' is "group", 'khối' "block", 'lô' "batch"
NUMBERED_UNITS = frozenset(("tổ", "lô", "khối"))
STREETS = ("đại lộ", "quốc lộ", "tỉnh lộ", "đường", "phố", "ql", "phòng", "tầng", "lô", "tòa nhà")
ADMIN = ("thị trấn", "thị xã", "thành phố", "đặc khu", "phường", "xã", "quận", "huyện", "tỉnh", "tp", "tx", "tt",
         "p", "q", "x", "h", "f")  # fmt: skip
_ABBREVIATIONS = frozenset(("tp", "tx", "tt", "p", "q", "x", "h", "f", "sn", "tdp", "kp", "ktt", "ql"))
_SURNAME_LIKE = frozenset(("ngo", "to", "kiet"))
_FIRST_WORDS = frozenset(fold(w.split()[0]) for w in (*HOUSE, *UNITS, *STREETS, *ADMIN))

# Capitalised words that follow "số 12" in legal text but never start a street name; compared in lower case, as
# headings print them in capitals ('BẢN ÁN SỐ 12').
NOT_PLACES = frozenset(w.lower() for w in "Tòa Toà Ủy Uỷ UBND Luật Điều Bộ Nghị Quyết Thông Chương Khoản Mục Phần Bản "
                       "Công Ngân Bệnh Sở Viện Cục Chi Hội Ban Phòng Đội Tổng Hợp Giấy Đơn Biên Chủ Phó Thủ Giám".split())  # fmt: skip
ADDRESS_CUES = frozenset(("tại", "ở", "trú", "chỉ", "dc", "đc", "về", "đến", "nhà", "tai", "o", "tru", "chi", "ve",
                          "den", "nha", ":"))  # fmt: skip


@dataclass(frozen=True)
class Tok:
    text: str
    start: int
    end: int
    low: str
    folded: str


def tokenize(text: str) -> list[Tok]:
    return [Tok(m.group(), m.start(), m.end(), m.group().lower(), fold(m.group())) for m in _TOKEN.finditer(text)]


class _Parser:
    def __init__(self, text: str, toks: list[Tok]) -> None:
        self.text, self.toks, self.plain = text, toks, plain(text)
        self.weak = False

    def _word(self, i: int, word: str, abbreviation: bool) -> bool:
        if i >= len(self.toks) or (i > 0 and "\n" in self.text[self.toks[i - 1].end : self.toks[i].start]):
            return False
        tok = self.toks[i]
        if abbreviation:
            nxt = self.toks[i + 1].text if i + 1 < len(self.toks) else ""
            # a lone 'p' or 'q' is only a marker written as an abbreviation: 'P.7', 'TP HCM', 'Q 3'
            return tok.low == word and (tok.text[0].isupper() or nxt == ".")
        if tok.low == word:
            return True
        # text typed without tone marks: 'duong', 'phuong'; 'Ngo', 'To' capitalised are family names (Ngô, Tô)
        return self.plain and tok.low == fold(word) and (tok.low not in _SURNAME_LIKE or tok.text.islower())

    def marker(self, i: int, words: tuple[str, ...]) -> int | None:
        """Index after the marker (and an abbreviation's dot) at i, or None."""
        if i >= len(self.toks) or self.toks[i].folded.lower() not in _FIRST_WORDS:
            return None  # the common case, answered without trying every marker
        for word in words:
            parts, short = word.split(), word in _ABBREVIATIONS
            if all(self._word(i + k, part, short) for k, part in enumerate(parts)):
                j = i + len(parts)
                if short and j < len(self.toks) and self.toks[j].text == ".":
                    j += 1
                return j
        return None

    def _stops_name(self, j: int) -> bool:
        """A marker ends a name, except a capitalised alley or street word inside one ('Hải Phòng', 'Bà Triệu')."""
        for words in (ADMIN, HOUSE):
            after = self.marker(j, words)
            # a marker with nothing after it is a word of the name: 'Ha Tinh' (Hà Tĩnh) typed without tone marks
            if after is not None and self._value(after) is not None:
                return True
        return self.toks[j].text.islower() and self._is_marker(j)

    def _is_marker(self, i: int) -> bool:
        return any(self.marker(i, words) is not None for words in (HOUSE, UNITS, STREETS, ADMIN))

    def name(self, i: int, numbers: bool = True) -> int | None:
        """Index after a place name at i: capitalised words and numbers ('Lê Lợi', '3 Tháng 2', '7', 'Bến Nghé')."""
        j = i
        while j < len(self.toks) and j - i < 6:
            tok = self.toks[j]
            if j > i and "\n" in self.text[self.toks[j - 1].end : tok.start]:
                break
            capital = tok.text[0].isupper() and tok.text.replace("'", "").replace("’", "").isalpha()
            number = numbers and _HOUSE_NUMBER.fullmatch(tok.text) is not None
            if not (capital or number) or (j > i and self._stops_name(j)):
                break
            j += 1
        return j if j > i else None

    def _skip(self, i: int, seps: str = ",") -> int:
        return i + 1 if i < len(self.toks) and self.toks[i].text in seps else i

    def _value(self, i: int) -> int | None:
        return self.name(self._skip(i, ":"))

    def chain(self, j: int) -> int:
        """Further alleys and streets: 'ngõ 5, ngách 12, phố Huế'."""
        while True:
            k = self._skip(j)
            after = self.marker(k, UNITS) or self.marker(k, STREETS)
            end = self._value(after) if after is not None else None
            if end is None:
                return j
            j = end

    def core(self, i: int) -> int | None:
        """Index after the street-level part starting at i, or None when no address starts here."""
        after = self.marker(i, HOUSE)
        if after is not None and after < len(self.toks) and _HOUSE_NUMBER.fullmatch(self.toks[after].text):
            return self._after_number(after + 1, cued=True)
        if _HOUSE_NUMBER.fullmatch(self.toks[i].text):
            if i > 0 and (
                self.toks[i - 1].text in (".", "/", "-") or self.toks[i - 1].folded in ("ngay", "nam", "thang")
            ):
                return None  # part of a date, a decimal or a case number
            if _DATE.fullmatch(self.toks[i].text):
                return None  # '15/6/2023, Lý Bích Ngọc' is a date and a name
            cued = any(t.low in ADDRESS_CUES for t in self.toks[max(0, i - 3) : i])
            return self._after_number(i + 1, cued=cued or not self.toks[i].text.isdigit())
        for unit in UNITS:
            after = self.marker(i, (unit,))
            if after is not None and unit == "bản" and self.toks[i].text.isupper():
                return None  # a heading: 'BẢN ÁN SỐ 12/2024/HS-ST', 'BẢN SAO', not a hamlet
            if after is not None:
                # typed without tone marks 'ban' is more often 'bạn' (you) than 'bản' (hamlet), 'to' English or
                # 'tô' than 'tổ': such an address needs a ward or province after it
                self.weak = (unit, self.toks[i].low) in (("bản", "ban"), ("tổ", "to"))
                if unit in NUMBERED_UNITS and not (after < len(self.toks) and self.toks[after].text[0].isdigit()):
                    return None
                end = self._value(after)
                return None if end is None else self.chain(end)
        return None

    def _after_number(self, j: int, cued: bool) -> int | None:
        k = self._skip(j)
        if self.marker(k, UNITS) is not None or self.marker(k, STREETS) is not None:
            end = self.chain(j)
            return end if end > k else None
        if cued and k < len(self.toks) and not self._is_marker(k) and self.toks[k].low not in NOT_PLACES:
            end = self.name(k)
            # a street named right after the number has two words or more, one capitalised ('3 Tháng 2'):
            # 'số 15 Chủ tịch' is not one
            if end is None or end - k < 2 or not any(t.text[0].isupper() for t in self.toks[k:end]):
                return None
            return self.chain(end)
        return None

    def tail(self, j: int) -> tuple[int, str]:
        """Wards, districts and the province after the street part; returns the end and the province as written."""
        province = ""
        while True:
            k = self._skip(j, ",-")
            found = self._admin(k)
            if found is None:
                return j, province
            j, province = found[0], found[1] or province

    def _admin(self, k: int, bare: bool = True) -> tuple[int, str] | None:
        if k >= len(self.toks):
            return None
        after = self.marker(k, ADMIN)
        if after is not None and (end := self._value(after)) is not None:
            value = self.text[self.toks[self._skip(after, ":")].start : self.toks[end - 1].end]
            return end, self.span(k, end) if province_of(value, self.plain) else ""
        if _COMPACT_ADMIN.fullmatch(self.toks[k].text):
            return k + 1, ""
        if self.toks[k].text[0].isupper():
            for n in range(min(LONGEST_NAME_TOKENS, len(self.toks) - k), 0, -1):
                if province_of(self.span(k, k + n), self.plain):
                    return k + n, self.span(k, k + n)
        end = self.name(k) if bare else None
        if end is not None and self._admin(self._skip(end, ",-"), bare=False) is not None:
            return end, ""  # a ward or district named without its marker, followed by one named with it
        return None

    def last_province(self, i: int, j: int) -> str:
        """A province named inside the span without a comma before it: 'số 12 Lê Lợi Hà Nội'."""
        for start in range(j - 1, i, -1):
            for end in range(min(j, start + LONGEST_NAME_TOKENS), start, -1):
                if self.toks[start].text[0].isupper() and province_of(self.span(start, end), self.plain):
                    return self.span(start, end)
        return ""

    def span(self, i: int, j: int) -> str:
        return self.text[self.toks[i].start : self.toks[j - 1].end]


def find_addresses(text: str) -> list[Candidate]:
    toks = tokenize(text)
    parser = _Parser(text, toks)
    found: list[Candidate] = []
    i = 0
    while i < len(toks):
        parser.weak = False
        core = parser.core(i)
        if core is None or core <= i:
            i += 1
            continue
        end, province = parser.tail(core)
        if parser.weak and end == core:
            i += 1
            continue
        province = province or parser.last_province(i, end)
        found.append(Candidate("ADDRESS", toks[i].start, toks[end - 1].end, 0.9, {"province": province}))
        i = end
    return found

"""Vietnamese text as it is read aloud: numbers, dates, times, money, percentages and common abbreviations in words.

espeak-ng reads digits one by one and abbreviations letter by letter, so the text is spelt out before synthesis.

>>> number_words(2025)
'hai nghìn không trăm hai mươi lăm'
>>> number_words(105), number_words(21), number_words(24), number_words(15)
('một trăm linh năm', 'hai mươi mốt', 'hai mươi tư', 'mười lăm')
>>> number_words(105, southern=True), number_words(1_000_005, southern=True)
('một trăm lẻ năm', 'một triệu không trăm lẻ năm')
>>> number_words(1_500_000_000_000)
'một nghìn năm trăm tỷ'
>>> read_out("Ngày 12/3/2025, UBND TP.HCM hỗ trợ 15.000.000 đồng (25%) lúc 8h30 tại Q.1.")
'Ngày mười hai tháng ba năm hai nghìn không trăm hai mươi lăm, Ủy ban nhân dân Thành phố Hồ Chí Minh hỗ trợ mười lăm \
triệu đồng (hai mươi lăm phần trăm) lúc tám giờ ba mươi tại Quận một.'
>>> read_out("Gọi 0912345678, mang CCCD và thẻ BHYT.")
'Gọi không chín một hai ba bốn năm sáu bảy tám, mang căn cước công dân và thẻ bảo hiểm y tế.'
"""

from __future__ import annotations

import re
from collections.abc import Callable

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
LONGEST_NUMBER = 15  # digits; longer runs are codes and are read digit by digit

# Upper-case, so that ordinary words are never taken for them; spellings without diacritics are included.
ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "HDND": "Hội đồng nhân dân",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "BHTN": "bảo hiểm thất nghiệp",
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "GPLX": "giấy phép lái xe",
    "SĐT": "số điện thoại",
    "SDT": "số điện thoại",
    "MST": "mã số thuế",
    "THPT": "trung học phổ thông",
    "THCS": "trung học cơ sở",
    "CSGT": "cảnh sát giao thông",
    "TTHC": "thủ tục hành chính",
    "KCN": "khu công nghiệp",
    "HCM": "Hồ Chí Minh",
    "VN": "Việt Nam",
}
PLACE_PREFIXES = {"Q": "Quận", "P": "Phường"}  # "Q.1", "Q1", "P.5" in addresses
UNITS = {
    "%": "phần trăm",
    "đồng": "đồng",
    "đ": "đồng",
    "VNĐ": "đồng",
    "VND": "đồng",
    "vnđ": "đồng",
    "USD": "đô la Mỹ",
    "$": "đô la",
    "€": "ơ rô",
    "EUR": "ơ rô",
    "k": "nghìn",
    "K": "nghìn",
    "tr": "triệu",
    "km/h": "ki lô mét trên giờ",
    "km²": "ki lô mét vuông",
    "km2": "ki lô mét vuông",
    "km": "ki lô mét",
    "m²": "mét vuông",
    "m2": "mét vuông",
    "m³": "mét khối",
    "m3": "mét khối",
    "cm": "xăng ti mét",
    "mm": "mi li mét",
    "m": "mét",
    "kg": "ki lô gam",
    "g": "gam",
    "ha": "héc ta",
    "ml": "mi li lít",
    "°C": "độ xê",
}
# A number as written in Vietnamese (dots group thousands, a comma marks decimals), or with English grouping.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d+(?:[.,]\d+)?"
_UNIT = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))


def _below_thousand(n: int, full: bool, southern: bool) -> list[str]:
    """Words for 0 < n < 1000; full reads the 'không trăm' of a group that follows a larger one (1005, 2025)."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = [DIGITS[hundreds], "trăm"] if hundreds or full else []
    if tens == 0:
        if units:
            words += ["lẻ" if southern else "linh"] if words else []
            words.append(DIGITS[units])
    elif tens == 1:
        words += ["mười"] + (["lăm" if units == 5 else DIGITS[units]] if units else [])
    else:
        words += [DIGITS[tens], "mươi"] + ([{1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units])] if units else [])
    return words


def _below_billion(n: int, full: bool, southern: bool) -> list[str]:
    words: list[str] = []
    for scale, name in ((1_000_000, "triệu"), (1000, "ngàn" if southern else "nghìn"), (1, "")):
        group = n // scale % 1000
        if group:
            words += _below_thousand(group, full or bool(words), southern) + ([name] if name else [])
    return words


def number_words(n: int, southern: bool = False) -> str:
    """A whole number in words (southern: 'lẻ' and 'ngàn' for 'linh' and 'nghìn')."""
    if n == 0:
        return DIGITS[0]
    if n < 0:
        return "âm " + number_words(-n, southern)
    if n >= 10**LONGEST_NUMBER:
        return digit_words(str(n))
    billions, rest = divmod(n, 1_000_000_000)
    words = [number_words(billions, southern), "tỷ"] if billions else []
    return " ".join(words + _below_billion(rest, bool(billions), southern))


def digit_words(digits: str) -> str:
    """Digits one by one, as phone numbers and codes are read."""
    return " ".join(DIGITS[int(d)] for d in digits if d.isdigit())


def _integer(digits: str, southern: bool) -> str:
    if (len(digits) > 1 and digits.startswith("0")) or len(digits) > LONGEST_NUMBER:
        return digit_words(digits)
    return number_words(int(digits), southern)


def _decimals(digits: str, southern: bool) -> str:
    """After 'phẩy': leading zeros one by one, then the rest as a number (3,05 → ba phẩy không năm)."""
    rest = digits.lstrip("0")
    words = [DIGITS[0]] * (len(digits) - len(rest))
    if rest:
        words.append(number_words(int(rest), southern) if len(rest) <= 3 else digit_words(rest))
    return " ".join(words)


def number_text(written: str, southern: bool = False) -> str:
    """A number as written ('15.000.000', '3,5', '1,000,000.5') in words."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", written):
        whole, _, fraction = written.replace(",", "").partition(".")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", written):
        whole, _, fraction = written.replace(".", "").partition(",")
    else:
        whole, _, fraction = written.replace(",", ".").partition(".")
    words = _integer(whole, southern)
    return f"{words} phẩy {_decimals(fraction, southern)}" if fraction else words


def _month(n: int, southern: bool) -> str:
    return "tư" if n == 4 else number_words(n, southern)


def _date(day: str | None, month: str, year: str | None, southern: bool) -> str:
    words = [f"ngày {number_words(int(day), southern)}"] if day else []
    words.append(f"tháng {_month(int(month), southern)}")
    return " ".join(words + ([f"năm {number_words(int(year), southern)}"] if year else []))


def _is_date(day: str | None, month: str) -> bool:
    return 1 <= int(month) <= 12 and (day is None or 1 <= int(day) <= 31)


def _rules(southern: bool) -> list[tuple[str, Callable[[re.Match[str]], str]]]:
    """(pattern, replacement) in the order they apply: the more specific shapes first."""
    say = lambda written: number_text(written, southern)  # noqa: E731

    def dmy(m: re.Match[str]) -> str:
        day, month, year = m["d"], m["m"], m["y"]
        if not _is_date(day, month):
            return m[0]
        return ("Ngày" if m["w"] and m["w"][0] == "N" else "ngày") + _date(day, month, year, southern)[4:]

    def place(m: re.Match[str]) -> str:
        return f"{PLACE_PREFIXES[m['p']]} {number_words(int(m['n']), southern)}"

    def month_year(m: re.Match[str]) -> str:
        return _date(None, m["m"], m["y"], southern) if _is_date(None, m["m"]) else m[0]

    return [
        (r"(?<!\w)(?:TP|Tp)\.?\s*(?:HCM|Hồ Chí Minh)(?!\w)", lambda m: "Thành phố Hồ Chí Minh"),
        (r"(?<!\w)(?:TP|Tp)\.\s*(?=[A-ZĐ])", lambda m: "Thành phố "),
        (r"(?<!\w)(?P<p>[QP])\.?\s?(?P<n>\d{1,2})(?![\w/]|[.,]\d)", place),
        (
            r"(?<!\w)(?:" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?!\w)",
            lambda m: ABBREVIATIONS[m[0]],
        ),  # fmt: skip
        (  # an amount grouped by spaces ('1 000 000 000 đồng'): its groups joined, so no group is read as a phone
            r"(?<![\w.,])[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?=\s?(?:đồng|đ|VNĐ|VND|vnđ|USD|EUR)(?!\w))",
            lambda m: re.sub(r"\D", "", m[0]),
        ),  # fmt: skip
        (  # not after a digit group's separator: the '000.000.000' of 1.000.000.000 is no phone number
            r"(?<![\w+])(?<!\d[.,])(?:\+84\s?|0)\d(?:[ .-]?\d){7,9}(?!\w|[.,]\d)",
            lambda m: ("cộng tám bốn " if m[0].startswith("+") else "") + digit_words(m[0].removeprefix("+84")),
        ),  # fmt: skip
        (r"(?<![\d/.-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])(?P<w>)", dmy),
        (
            r"(?<![\w/.-])(?P<w>[Nn]gày\s+)?(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/-]|\.\d)",
            dmy,
        ),  # fmt: skip
        (r"(?<![\w/])(?P<w>[Nn]gày\s+)(?P<d>\d{1,2})/(?P<m>\d{1,2})(?P<y>)(?![\d/])", dmy),
        (r"(?<![\w/])(?:tháng\s+)?(?P<m>\d{1,2})/(?P<y>\d{4})(?![\d/])", month_year),
        (r"(?<![\w:])(?P<h>\d{1,2}):(?P<min>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\d:])", _time),
        (r"(?<!\w)(?P<h>\d{1,2})\s?(?:[hg](?P<min>[0-5]\d)(?:p|ph|')?|h)(?!\w)(?P<s>)", _time),
        (r"(?<=\d)/(?=\d)", lambda m: " trên "),  # 32/45, and house numbers such as 12/3
        (r"(?<=\d)\s?[-–]\s?(?=\d)", lambda m: " đến "),  # ranges: 5-10 người
        (r"(?<=\d)\s?[x×]\s?(?=\d)", lambda m: " nhân "),  # sizes: 10x20 is 'mười nhân hai mươi'
        (r"(?<![\w.,])[-−](?=\d)", lambda m: "âm "),
        (r"(?<!\w)thứ\s+(?P<n>[14])(?!\d)", lambda m: "thứ " + ("nhất" if m["n"] == "1" else "tư")),
        (r"(?<!\w)tháng\s+(?P<n>\d{1,2})(?![\d/])", lambda m: f"tháng {_month(int(m['n']), southern)}"),
        (
            r"(?<!\w)(?P<c>[$€])\s?(?P<n>" + NUMBER + r")(?![\d])",
            lambda m: _spaced(m, f"{say(m['n'])} {UNITS[m['c']]}"),
        ),  # fmt: skip
        (
            r"(?<![\w.,])(?P<n>" + NUMBER + r")(?:\s?(?P<u>" + _UNIT + r")(?![\w/²³]))?",
            lambda m: _spaced(m, say(m["n"]) + (f" {UNITS[m['u']]}" if m["u"] else "")),
        ),  # fmt: skip
        (r"\d+", lambda m: _spaced(m, _integer(m[0], southern))),
    ]


def _time(m: re.Match[str]) -> str:
    """8h30, 08:30, 8:05:10 → tám giờ ba mươi, tám giờ năm phút mười giây; minutes under ten say 'phút'."""
    hours, minutes, seconds = int(m["h"]), int(m["min"] or 0), int(m["s"] or 0)
    if hours > 24:
        return m[0]
    words = f"{number_words(hours)} giờ"
    if minutes:
        words += f" {number_words(minutes)}" + (" phút" if minutes < 10 or seconds else "")
    return words + (f" {number_words(seconds)} giây" if seconds else "")


def _spaced(m: re.Match[str], words: str) -> str:
    """Words for digits stuck to letters (A1, 12a1, 3a) set apart from them, or the two would be read as one word."""
    before = m.start() > 0 and m.string[m.start() - 1].isalpha()
    after = m.end() < len(m.string) and m.string[m.end()].isalpha()
    return (" " if before else "") + words + (" " if after else "")


# Control characters are not text; espeak-ng stops reading at a NUL, so they become spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_out(text: str, southern: bool = False) -> str:
    """The text with numbers, dates, times, money and abbreviations spelt out (southern: 'lẻ', 'ngàn')."""
    text = _CONTROL.sub(" ", text)
    for pattern, replace in _rules(southern):
        text = re.sub(pattern, replace, text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()

"""Metadata of Vietnamese legal documents read from their header: số hiệu, type, issuer, issue and effective dates.

>>> meta = parse_metadata("QUỐC HỘI\\nLuật số: 68/2020/QH14\\nHà Nội, ngày 13 tháng 11 năm 2020\\nLUẬT\\nCƯ TRÚ\\n"
...                       "Điều 38. Hiệu lực thi hành\\n1. Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2021.")
>>> (meta.number, meta.doc_type, meta.issuer, meta.title, meta.issued, meta.effective, meta.doc_id)
('68/2020/QH14', 'Luật', 'Quốc hội', 'Luật Cư trú', '2020-11-13', '2021-07-01', 'luat-68-2020-qh14')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

TYPES = {  # upper-case title line → document type
    "BỘ LUẬT": "Bộ luật", "LUẬT": "Luật", "NGHỊ ĐỊNH": "Nghị định", "THÔNG TƯ": "Thông tư",
    "NGHỊ QUYẾT": "Nghị quyết", "QUYẾT ĐỊNH": "Quyết định", "PHÁP LỆNH": "Pháp lệnh", "HIẾN PHÁP": "Hiến pháp",
    "THÔNG TƯ LIÊN TỊCH": "Thông tư liên tịch", "CHỈ THỊ": "Chỉ thị",
}  # fmt: skip
SUFFIX_TYPES = {"QH": "Luật", "NĐ-CP": "Nghị định", "NQ": "Nghị quyết", "QĐ": "Quyết định", "TT": "Thông tư",
                "PL": "Pháp lệnh", "TTLT": "Thông tư liên tịch", "LCT": "Luật", "CT": "Chỉ thị"}  # fmt: skip
ISSUERS = {  # code in the number → issuing body
    "QH": "Quốc hội", "UBTVQH": "Ủy ban Thường vụ Quốc hội", "CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ",
    "HĐTP": "Hội đồng Thẩm phán Tòa án nhân dân tối cao", "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao", "BTC": "Bộ Tài chính", "BTP": "Bộ Tư pháp", "BCA": "Bộ Công an",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội", "BYT": "Bộ Y tế", "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BTNMT": "Bộ Tài nguyên và Môi trường", "BXD": "Bộ Xây dựng", "BGTVT": "Bộ Giao thông vận tải",
    "BNV": "Bộ Nội vụ", "BCT": "Bộ Công Thương", "NHNN": "Ngân hàng Nhà nước Việt Nam", "HĐNN": "Hội đồng Nhà nước",
    "BQP": "Bộ Quốc phòng", "BNG": "Bộ Ngoại giao", "BKHĐT": "Bộ Kế hoạch và Đầu tư", "BTTTT": "Bộ Thông tin và Truyền thông",
}  # fmt: skip

NUMBER = re.compile(r"\b(?:Bộ luật|Luật|Nghị định|Thông tư|Nghị quyết|Quyết định|Pháp lệnh)?\s*[Ss]ố\s*:?\s*"
                    r"(\d+[/-]\d{0,4}/?[A-ZĐa-zđ0-9]+(?:[-/][A-ZĐa-zđ0-9]+)*(?: \d{1,2}\b)?)")  # fmt: skip
# "ngày\s*": a header may lose the space ("Hà Nội, ngày03 tháng 12 năm 2004"), and "ngày" never runs into other digits
DATE = re.compile(r"ngày\s*(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
DATE_NUMERIC = re.compile(r"ngày\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", re.IGNORECASE)
PASSED = re.compile(r"thông qua ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_EFFECTIVE_FROM = r"có hiệu lực(?: thi hành)?(?: kể)? từ ngày\s+"
# Tried in this order, first match of each: the date in words (the statutes' own form), in figures, then "from the
# day it is signed" (not "ký kết", the signing of a contract an article may speak of).
EFFECTIVE = (re.compile(_EFFECTIVE_FROM + r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"),
             re.compile(_EFFECTIVE_FROM + r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"),
             re.compile(_EFFECTIVE_FROM + r"(?:ký|ban hành)(?! kết)\b"))  # fmt: skip
OF_ASSEMBLY = re.compile(r"(?:CỦA|SỐ) .*?\bVỀ (.+)$")  # "CỦA QUỐC HỘI SỐ 27/2001/QH10 VỀ <title>"
NUMBERED = re.compile(r"^SỐ \S+(?: NGÀY \S+)? (\D.+)$")  # "SỐ 102-SL/L-004 NGÀY 20-5-1957 <title>"
TRAILING_NUMBER = re.compile(r"\s+SỐ\s+(\d\S*).*$")  # "<title> SỐ 23-L/CTN NGÀY 10/07/1993 CỦA QUỐC HỘI"
# "... CỦA NGHỊ ĐỊNH SỐ 10/2020/NĐ-CP ...": a number after a type names the text an amending one amends
CITED_TYPE = re.compile(r"\b(?:" + "|".join(sorted(TYPES, key=len, reverse=True)) + r")$")
CITED_NUMBER = re.compile(r"\b(" + "|".join(t.lower() for t in sorted(TYPES, key=len, reverse=True)) + r") số (\d\S*)")
# The first administrative unit of a local body's name ("UBND tỉnh Bắc Ninh"): what follows it is a place name.
PLACE = re.compile(r"\b((?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường) )(.+)$")
ENACTED = re.compile(r"\bban hành (Bộ luật|Luật|Pháp lệnh) ([^.;\n]{2,120})\.")
SELF_NAMED = re.compile(r"(?:^|\n)(Bộ luật|Luật|Pháp lệnh|Nghị định|Thông tư|Nghị quyết) này quy định")
HEADER_LINES = 12
UNNAMED = "van-ban"  # the id of a legal text with neither số hiệu nor title (chunking gives each its own instead)


@dataclass(frozen=True)
class LegalMetadata:
    doc_id: str
    number: str | None
    doc_type: str | None
    issuer: str | None
    title: str | None
    issued: str | None
    effective: str | None
    year: int | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def slug(text: str) -> str:
    """ASCII id part: 'Luật 68/2020/QH14' → 'luat-68-2020-qh14'.

    >>> slug("Nghị định 13/2023/NĐ-CP")
    'nghi-dinh-13-2023-nd-cp'
    """
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _iso(match: re.Match[str] | None) -> str | None:
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def _effective(text: str, issued: str | None) -> str | None:
    """'có hiệu lực từ ngày 01 tháng 01 năm 2020', '... từ ngày 01/01/2020', '... kể từ ngày ký' (the issue date).

    >>> _effective("Nghị định này có hiệu lực thi hành kể từ ngày 01/01/2020.", None)
    '2020-01-01'
    >>> _effective("Hợp đồng có hiệu lực kể từ ngày ký kết. Quyết định này có hiệu lực kể từ ngày ký.", "2020-09-15")
    '2020-09-15'
    """
    in_words, in_figures, on_signing = EFFECTIVE
    found = _iso(in_words.search(text)) or _iso(in_figures.search(text))
    return found or (issued if on_signing.search(text) else None)


def _issuer(number: str | None, header: list[str]) -> str | None:
    if number:
        for part in re.split(r"[-/]", number)[1:]:
            code = re.sub(r"\d+$", "", part)
            if code in ISSUERS:
                return ISSUERS[code]
    first = re.split(r"\s*[-*]{3,}", header[0])[0].strip() if header else ""
    return _body_name(first) if first.isupper() else None


def _body_name(upper: str) -> str:
    """An issuing body's name set in capitals, as it is written in running text: capitals for its first letter and
    for the place a local body governs, the tone marks placed as in the issuers of ISSUERS.

    >>> _body_name("UỶ BAN NHÂN DÂN TỈNH BẮC NINH"), _body_name("HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI")
    ('Ủy ban nhân dân tỉnh Bắc Ninh', 'Hội đồng nhân dân thành phố Hà Nội')
    """
    from nonla.functions.vi.tone_marks import set_tone_style

    name = set_tone_style(upper.capitalize(), "old")
    return PLACE.sub(lambda m: m.group(1) + " ".join(w.capitalize() for w in m.group(2).split(" ")), name, count=1)


def _type_and_title(header: list[str], number: str | None = None) -> tuple[str | None, str | None]:
    """The document type and title from the header's title lines, in the layouts the statutes use: "LUẬT" over
    "CƯ TRÚ"; "LUẬT GIÁ" on one line; "LUẬT" over (or followed on its line by) "CỦA QUỐC HỘI ... SỐ 27/2001/QH10
    VỀ PHÒNG CHÁY VÀ CHỮA CHÁY", as laws before 2005 were headed.

    >>> _type_and_title(["LUẬT GIÁ"]), _type_and_title(["LUẬT", "CỦA QUỐC HỘI SỐ 27/2001/QH10 VỀ PHÒNG CHÁY VÀ CHỮA CHÁY"])
    (('Luật', 'Luật Giá'), ('Luật', 'Luật Phòng cháy và chữa cháy'))
    >>> _type_and_title(["LUẬT SỐ 102-SL/L-004 NGÀY 20-5-1957 QUY ĐỊNH QUYỀN LẬP HỘI"])
    ('Luật', 'Luật Quy định quyền lập hội')
    >>> _type_and_title(["LUẬT", "THUẾ NHÀ ĐẤT SỐ 23-L/CTN NGÀY 10/07/1993 CỦA QUỐC HỘI"])
    ('Luật', 'Luật Thuế nhà đất')
    >>> _type_and_title(["LUẬT SỐ 27/2001/QH10"]), _type_and_title(["LUẬT MẪU", "VỀ TRỌNG TÀI"])
    (('Luật', None), (None, None))

    A number after a document type is another text's, which an amending one names ("number": its own):

    >>> _type_and_title(["NGHỊ ĐỊNH", "SỬA ĐỔI MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 10/2020/NĐ-CP VỀ VẬN TẢI"], "41/2024/NĐ-CP")
    ('Nghị định', 'Nghị định Sửa đổi một số điều của Nghị định số 10/2020/NĐ-CP về vận tải')
    """
    for i, line in enumerate(header):
        upper = line.rstrip(":").strip()
        if not upper.isupper():
            continue
        prefix = max((t for t in TYPES if upper == t or upper.startswith(t + " ")), key=len, default=None)
        if prefix is None or upper.startswith("LUẬT MẪU"):  # a UN model law is no Vietnamese Luật
            continue
        kind = TYPES[prefix]
        rest = upper[len(prefix) :].strip() or (header[i + 1] if i + 1 < len(header) else "")
        about = OF_ASSEMBLY.match(rest) or NUMBERED.match(rest)
        if about:
            return kind, f"{kind} {_sentence(about.group(1))}"
        rest = _without_own_number(rest, number)
        if rest.isupper() and not rest.startswith(("CĂN CỨ", "CỦA ", "SỐ")):
            return kind, f"{kind} {_sentence(rest)}"
        return kind, None
    return None, None


def _sentence(upper: str) -> str:
    """A title line set in capitals as a sentence; a text it cites keeps its type's capital and its number."""
    return CITED_NUMBER.sub(lambda m: f"{TYPES[m.group(1).upper()]} số {m.group(2).upper()}", upper.capitalize())


def _without_own_number(title: str, number: str | None) -> str:
    """The title line without the document's own number and what follows it ("SỐ 23-L/CTN NGÀY ... CỦA QUỐC
    HỘI"); a number cited after a document type is kept when it is not the document's own."""
    trailing = TRAILING_NUMBER.search(title)
    if trailing is None:
        return title
    own = number is not None and trailing.group(1).rstrip(".,;:") == number
    if not own and CITED_TYPE.search(title[: trailing.start()]):
        return title
    return title[: trailing.start()]


def parse_metadata(text: str, fallback_id: str = "") -> LegalMetadata:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    header = lines[:HEADER_LINES]
    # the number and date of a law named as the legal basis ("Căn cứ ... Nghị quyết số 51/2001/QH10 ngày ...") are
    # another document's: a text without a header of its own must not take them
    head_text = "\n".join(line for line in header if not line.lower().startswith("căn cứ"))
    number_match = NUMBER.search(head_text)
    number = number_match.group(1).rstrip(".").replace(" ", "") if number_match else None  # "73/2006/QH 11"
    doc_type, title = _type_and_title(header, number)
    if title is None:  # "Quốc hội ban hành Luật giá." names the law where the header does not
        enacted = ENACTED.search("\n".join(lines[: 2 * HEADER_LINES]))
        title = f"{enacted.group(1)} {enacted.group(2)[:1].upper()}{enacted.group(2)[1:]}" if enacted else None
    if doc_type is None and number:
        doc_type = next(
            (
                t
                for suffix, t in SUFFIX_TYPES.items()
                if re.search(rf"(^|[-/]){re.escape(suffix)}", number.split("/", 1)[-1])
            ),
            None,
        )
    if doc_type is None:  # no header: the text names itself ("Luật này quy định về biên giới quốc gia.")
        itself = SELF_NAMED.search("\n".join(lines[: 2 * HEADER_LINES]))
        doc_type = itself.group(1) if itself else None
    # The header's date; else a numeric one ("NGÀY 20-5-1957"); else the day the National Assembly passed it.
    issued = _iso(DATE.search(head_text)) or _iso(DATE_NUMERIC.search(head_text)) or _iso(PASSED.search(text))
    effective = _effective(text, issued)
    year = int(issued[:4]) if issued else None
    base = f"{doc_type or 'van ban'} {number}" if number else (fallback_id or title or UNNAMED)
    return LegalMetadata(slug(base), number, doc_type, _issuer(number, header), title, issued, effective, year)

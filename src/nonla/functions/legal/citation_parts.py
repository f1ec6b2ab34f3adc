"""Read the parts of one legal reference: provisions (điểm / khoản / Điều) and the document they belong to.

>>> [(p.article, p.clause, p.points) for p in provisions("điểm a, b khoản 2 Điều 173; các Điều 35, 39")]
[('173', '2', ('a', 'b')), ('35', None, ()), ('39', None, ())]
>>> d = document("Nghị định số 13/2023/NĐ-CP")
>>> (d.doc_type, d.number, d.issuer, d.year)
('Nghị định', '13/2023/NĐ-CP', 'Chính phủ', 2023)
>>> d = document("BLHS năm 2015")
>>> (d.doc_type, d.title, d.year)
('Bộ luật', 'Bộ luật Hình sự', 2015)
>>> document("luật hôn nhân và gia đình năm 2014").title
'Luật Hôn nhân và gia đình'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nonla.collections.legal_metadata import ISSUERS

ABBREVIATIONS = {
    "BLHS": "Bộ luật Hình sự", "BLDS": "Bộ luật Dân sự", "BLTTHS": "Bộ luật Tố tụng hình sự",
    "BLTTDS": "Bộ luật Tố tụng dân sự", "BLTTHC": "Luật Tố tụng hành chính", "BLLĐ": "Bộ luật Lao động",
    "BLLD": "Bộ luật Lao động",
}  # fmt: skip
TYPES = ("Thông tư liên tịch", "Bộ luật", "Luật", "Nghị định", "Thông tư", "Nghị quyết", "Quyết định", "Pháp lệnh",
         "Chỉ thị", "Hiến pháp")  # fmt: skip
_NUMBER = re.compile(r"\d+/\d{4}/[A-ZĐ0-9]+(?:-[A-ZĐa-zđ0-9]+)*")  # 19/2025/QĐ-TTg
_YEAR = re.compile(r"(?:năm\s+)?((?:19|20)\d\d)(?![\d/])")
_GROUP = re.compile(
    r"(?:[Đđ]iểm\s+(?P<points>[a-zđ]\d?(?:\s*(?:,|và|hoặc)\s*(?:điểm\s+)?[a-zđ]\d?(?!\w))*)\s+)?"
    r"(?:[Kk]hoản\s+(?P<clauses>\d+[a-zđ]?(?:\s*(?:,|và|hoặc)\s*(?:khoản\s+)?\d+[a-zđ]?(?!\w))*)\s+)?"
    r"(?:các\s+)?[Đđ]iều\s+(?P<articles>\d+[a-zđ]?(?:\s*(?:,|và|hoặc)\s*\d+[a-zđ]?(?!\w))*)"
)
_SPLIT = re.compile(r"\s*(?:,|và|hoặc)\s*(?:điểm\s+|khoản\s+)?")


@dataclass(frozen=True)
class Provision:
    article: str
    clause: str | None
    points: tuple[str, ...]
    start: int  # offsets of its group within the reference
    end: int


@dataclass(frozen=True)
class DocumentRef:
    doc_type: str | None
    number: str | None
    issuer: str | None
    year: int | None
    title: str | None
    this_document: bool = False


def provisions(text: str) -> list[Provision]:
    """Each article named in a chain, with its clause and points ("khoản 1, 2 Điều 5" gives one per clause)."""
    out: list[Provision] = []
    for match in _GROUP.finditer(text):
        points = tuple(_SPLIT.split(match["points"])) if match["points"] else ()
        clauses = _SPLIT.split(match["clauses"]) if match["clauses"] else [None]
        for article in _SPLIT.split(match["articles"]):
            for clause in clauses:
                out.append(
                    Provision(article, clause, points if clause == clauses[-1] else (), match.start(), match.end())
                )
    return out


def document(text: str) -> DocumentRef:
    """The document part of a reference (the text after its provisions)."""
    if re.search(r"\b(?:Bộ luật|Luật|Nghị định|Thông tư|Nghị quyết|Điều|khoản|Pháp lệnh)\s+này\b", text):
        return DocumentRef(None, None, None, None, None, this_document=True)
    abbreviation = next((a for a in ABBREVIATIONS if re.search(rf"(?<!\w){a}(?!\w)", text)), None)
    number = _NUMBER.search(text)
    year_match = _YEAR.search(text[number.end() :] if number else text)
    year = int(year_match.group(1)) if year_match else None
    if number and year is None:
        year = int(number.group().split("/")[1])
    issuer = None
    if number:
        for code in re.split(r"[-/]", number.group())[2:]:
            issuer = ISSUERS.get(re.sub(r"\d+$", "", code), issuer)
    if abbreviation:
        title = ABBREVIATIONS[abbreviation]
        return DocumentRef("Luật" if title.startswith("Luật") else "Bộ luật", None, "Quốc hội", year, title)
    doc_type = next((t for t in TYPES if re.search(rf"(?<!\w){t}(?!\w)", text, re.IGNORECASE)), None)
    title = None
    if doc_type and doc_type != "Hiến pháp" and not number:
        head = re.search(
            rf"(?i:{doc_type})\s+(.+?)(?:\s+(?:số\s+)?\d+/|\s+(?:năm\s+)?(?:19|20)\d\d(?![\d/])|\s*\(|$)", text
        )
        name = head.group(1).strip(" ,;") if head else ""
        if name not in ("", "năm"):
            # typed all in lower case ("bộ luật hình sự"): written as titles are, "Bộ luật Hình sự"
            title = f"{doc_type} {name[0].upper() + name[1:] if name == name.lower() else name}"
    if doc_type in ("Luật", "Bộ luật", "Hiến pháp") and issuer is None:
        issuer = "Quốc hội"
    return DocumentRef(doc_type, number.group() if number else None, issuer, year, title)

"""Read the parts of one legal reference: provisions (điểm / khoản / Điều) and the document they belong to.

>>> [(p.article, p.clause, p.points) for p in provisions("điểm a, b khoản 2 Điều 173; các Điều 35, 39")]
[('173', '2', ('a', 'b')), ('35', None, ()), ('39', None, ())]
>>> [(p.clause, p.points) for p in provisions("điểm b, s khoản 1, khoản 2 Điều 51; điểm a, khoản 2, Điều 173")]
[('1', ('b', 's')), ('2', ()), ('2', ('a',))]
>>> [(p.article, p.clause, p.points) for p in provisions("Điều 173 khoản 1 điểm a")]
[('173', '1', ('a',))]
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
import unicodedata
from dataclasses import dataclass

from nonla.collections.legal_metadata import ISSUERS
from nonla.core.errors import InvalidInput
from nonla.functions.vi.tone_marks import strip_diacritics

ABBREVIATIONS = {
    "BLHS": "Bộ luật Hình sự", "BLDS": "Bộ luật Dân sự", "BLTTHS": "Bộ luật Tố tụng hình sự",
    "BLTTDS": "Bộ luật Tố tụng dân sự", "BLTTHC": "Luật Tố tụng hành chính", "BLLĐ": "Bộ luật Lao động",
    "BLLD": "Bộ luật Lao động",
}  # fmt: skip
TYPES = ("Thông tư liên tịch", "Bộ luật", "Luật", "Nghị định", "Thông tư", "Nghị quyết", "Quyết định", "Pháp lệnh",
         "Chỉ thị", "Hiến pháp")  # fmt: skip
# 19/2025/QĐ-TTg. Numbers without a year (1234/QĐ-UBND) are those of individual decisions, which are not legal
# documents (vi.entities' LAW leaves them out too).
_NUMBER = re.compile(r"\d+/\d{4}/[A-ZĐ0-9]+(?:-[A-ZĐa-zđ0-9]+)*")
_YEAR = re.compile(r"(?:năm\s+)?((?:19|20)\d\d)(?![\d/])")
# A list item, or the last number of a range ("168 đến 171", "168 - 171", "khoản 1 đến khoản 3"). A number
# followed by '/' is a document's ("Điều 2 - 01/2019/NQ-HĐTP"), not an article's.
_NEXT_CLAUSE = r"(?:\s*(?:,|và|hoặc|đến|[-–—])\s*(?:khoản\s+)?\d+[a-zđ]?(?![\w/]))"
_NEXT_ARTICLE = r"(?:(?:\s*(?:,|và|hoặc)\s*|\s*(?:đến|[-–—])\s*(?:[Đđ]iều\s+)?)\d+[a-zđ]?(?![\w/]))"
_GROUP = re.compile(
    # "điểm a khoản 2 Điều 173" and "điểm a, khoản 2, Điều 173": a comma may follow each level
    r"(?:[Đđ]iểm\s+(?P<points>[a-zđ]\d?(?:\s*(?:,|và|hoặc|đến|[-–—])\s*(?:điểm\s+)?[a-zđ]\d?(?!\w))*)\s*,?\s+)?"
    rf"(?:[Kk]hoản\s+(?P<clauses>\d+[a-zđ]?{_NEXT_CLAUSE}*)\s*,?\s+)?"
    rf"(?:các\s+)?[Đđ]iều\s+(?P<articles>\d+[a-zđ]?{_NEXT_ARTICLE}*)"
)
_POINT_ITEM = re.compile(r"(?<!\w)[a-zđ]\d?(?!\w)")
# The letters that name points, in their order: Vietnamese has no f, j, w or z, and đ follows d
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"
_NUMBER_ITEM = re.compile(r"\d+[a-zđ]?")
_THROUGH = re.compile(r"đến|[-–—]")
# The other order, as people also write it: "Điều 173 khoản 1 điểm a" (one article, one clause, one point)
_NARROWING = re.compile(r"\s*,?\s+[Kk]hoản\s+(?P<clause>\d+[a-zđ]?)(?:\s*,?\s+[Đđ]iểm\s+(?P<point>[a-zđ]\d?))?(?![\w/])")


# A judgment cites a few hundred provisions; "khoản 1, ..., 300 Điều 1, ..., 300" would be 90,000 citations, each
# carrying its text: gigabytes from a few kilobytes of input.
MAX_PROVISIONS = 2000


class TooManyCitations(InvalidInput):
    code = "too_many_citations"
    default_hint = "Send the text in parts (a few pages each), or cite clauses of one article at a time."


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


def provisions(text: str, budget: list[int] | None = None) -> list[Provision]:
    """Each article named in a chain, with its clause and points ("khoản 1, 2 Điều 5" gives one per clause, and
    "Điều 168 đến 171" one per article from 168 to 171).

    ``budget``: provisions left for the whole text ([MAX_PROVISIONS] by default), spent here; TooManyCitations past
    it. Each listed point counts as one: legal.citations gives one citation per point.

    >>> [(p.article, p.clause) for p in provisions("khoản 1 đến khoản 3 Điều 173; từ Điều 168 đến Điều 170")]
    [('173', '1'), ('173', '2'), ('173', '3'), ('168', None), ('169', None), ('170', None)]
    """
    budget = budget if budget is not None else [MAX_PROVISIONS]
    out: list[Provision] = []
    for match in _GROUP.finditer(text):
        points = tuple(_points(match["points"])) if match["points"] else ()
        clauses: list[str | None] = list(_numbers(match["clauses"], budget[0])) if match["clauses"] else [None]
        articles, end = _numbers(match["articles"], budget[0]), match.end()
        narrowing = _NARROWING.match(text, end) if len(articles) == 1 and not match["clauses"] else None
        if narrowing:
            clauses, points, end = [narrowing["clause"]], (narrowing["point"],) if narrowing["point"] else (), narrowing.end()
        budget[0] -= len(articles) * (len(clauses) + max(len(points) - 1, 0))  # counted before any is built
        if budget[0] < 0:
            raise _too_many()
        for article in articles:
            for clause in clauses:
                # "điểm b, s khoản 1, khoản 2": the points are those of the clause right after them
                out.append(Provision(article, clause, points if clause == clauses[0] else (), match.start(), end))
    return out


def _numbers(listed: str, most: int) -> list[str]:
    """The numbers of a list of articles or clauses, each range spelled out; TooManyCitations past ``most``.

    A range whose ends are not in order ("171 đến 168") or not plain numbers ("12a đến 15") is its two ends: what
    lies between them is not certain.

    >>> _numbers("5, 7 đến Điều 9 và 12a - 15", 100)
    ['5', '7', '8', '9', '12a', '15']
    """
    out: list[str] = []
    previous = None
    for item in _NUMBER_ITEM.finditer(listed):
        number = item.group()
        if previous and _THROUGH.search(listed, previous.end(), item.start()):
            first, last = previous.group(), number
            if first.isdigit() and last.isdigit() and int(first) < int(last):
                if len(out) + int(last) - int(first) > most:  # checked before the range is spelled out
                    raise _too_many()
                out.extend(str(n) for n in range(int(first) + 1, int(last) + 1))
                previous = item
                continue
        out.append(number)
        previous = item
    return out


def _points(listed: str) -> list[str]:
    """The letters of a list of points, each range spelled out in the order of POINT_LETTERS ("a đến đ" is a, b,
    c, d, đ). A range with a numbered end ("a1 - a3") or ends out of order is its two ends, as for articles.

    >>> _points("a, c đến điểm đ và h - k")
    ['a', 'c', 'd', 'đ', 'h', 'i', 'k']
    """
    out: list[str] = []
    previous = None
    for item in _POINT_ITEM.finditer(listed):
        letter = item.group()
        if previous and _THROUGH.search(listed, previous.end(), item.start()):
            first, last = POINT_LETTERS.find(previous.group()), POINT_LETTERS.find(letter)
            if len(previous.group()) == len(letter) == 1 and 0 <= first < last:
                out.extend(POINT_LETTERS[first + 1 : last + 1])
                previous = item
                continue
        out.append(letter)
        previous = item
    return out


def _too_many() -> TooManyCitations:
    return TooManyCitations(f"The text cites more than {MAX_PROVISIONS:,} provisions.")


def provisions_at(text: str, at: int) -> int | None:
    """The end of the provisions (one group, in either order) starting exactly at ``at``, if there are any."""
    match = _GROUP.match(text, at)
    if match is None:
        return None
    found = provisions(text[at : match.end() + 40])  # room for a trailing "khoản 1 điểm a"
    return at + found[0].end if found and found[0].start == 0 else None


def document(text: str) -> DocumentRef:
    """The document part of a reference (the text after its provisions)."""
    if re.search(r"\b(?:Bộ luật|Luật|Nghị định|Thông tư|Nghị quyết|Điều|khoản|Pháp lệnh)\s+này\b", text):
        return DocumentRef(None, None, None, None, None, this_document=True)
    abbreviation = next((a for a in ABBREVIATIONS if re.search(rf"(?<!\w)(?:{a}|{a.lower()})(?!\w)", text)), None)
    number = _NUMBER.search(text)
    year_match = _YEAR.search(text[number.end() :] if number else text)
    year = int(year_match.group(1)) if year_match else None
    if number and year is None:
        year = int(number.group().split("/")[1])
    official = official_number(number.group()) if number else None
    issuer = None
    if official:
        for code in re.split(r"[-/]", official)[2:]:
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
    return DocumentRef(doc_type, official, issuer, year, title)


# Document types and provision words as people type them without marks. Restoring marks from context alone can
# misread them ("Thong tu 01/2021/TT-BTP" read as "Thông từ 01/2021", from 01/2021), and each has one spelling
# here, so a reading gets them exactly. Words that are also everyday words count only before a number.
_KEYWORDS = ("thông tư liên tịch", "thông tư", "nghị định", "nghị quyết", "quyết định", "pháp lệnh", "hiến pháp",
             "bộ luật", "luật")  # fmt: skip
_BEFORE_NUMBER = ("điều", "khoản", "điểm", "số", "chỉ thị")
_FOLDED = {strip_diacritics(k): k for k in (*_KEYWORDS, *_BEFORE_NUMBER)}
_KEYWORD = re.compile(
    r"(?<!\w)(" + "|".join(strip_diacritics(k) for k in _KEYWORDS) + r")(?!\w)"
    r"|(?<!\w)(" + "|".join(strip_diacritics(k) for k in _BEFORE_NUMBER) + r")(?=\s+\d)",
    re.IGNORECASE,
)
# Symbols of document numbers that are written with Đ, as typed without it ("13/2023/ND-CP").
_SYMBOLS = {"ND": "NĐ", "QD": "QĐ", "HDTP": "HĐTP", "HDND": "HĐND", "BGDDT": "BGDĐT", "BLDTBXH": "BLĐTBXH",
            "DCSVN": "ĐCSVN"}  # fmt: skip


def mark_keywords(typed: str, reading: str) -> str:
    """``reading`` (marks restored, same offsets as ``typed``) with the legal keywords typed without marks spelled
    as they are written.

    >>> mark_keywords("khoan 2 Dieu 5 Thong tu 01", "khoản 2 Điều 5 Thông từ 01")
    'khoản 2 Điều 5 Thông tư 01'
    """
    out = list(reading)
    for match in _KEYWORD.finditer(typed):  # the patterns have no marks, so a match was typed without them
        written = match.group()
        marked = _FOLDED.get(written.lower())
        if marked is None or len(marked) != len(written):  # a look-alike the pattern folds but lower() keeps (ſ)
            continue
        for i, (char, mark) in enumerate(zip(written, marked, strict=True)):
            out[match.start() + i] = mark.upper() if char.isupper() else mark
    return "".join(out)


# Dashes that stand for the hyphen of a number ("NĐ‑CP" with a non-breaking hyphen, as word processors write it)
# and full-width marks typed with an East Asian keyboard layout.
_AS_ASCII = {**dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-"), ord("／"): "/"}


def folded(text: str) -> str:
    """``text`` as its references are parsed: digits of any script as ASCII digits, dashes as '-', character for
    character, so offsets found in it are those of ``text``.

    >>> folded("khoản ２ Điều １７３, số 100/2019/NĐ\u2011CP")
    'khoản 2 Điều 173, số 100/2019/NĐ-CP'
    """
    text = text.translate(_AS_ASCII)
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in text)


def official_number(number: str) -> str:
    """A document number with the Đ of its symbols, when it was typed without any.

    >>> official_number("13/2023/ND-CP"), official_number("01/2019/NQ-HDTP"), official_number("19/2025/QĐ-TTg")
    ('13/2023/NĐ-CP', '01/2019/NQ-HĐTP', '19/2025/QĐ-TTg')
    """
    if "Đ" in number.upper():
        return number
    return re.sub(r"[A-Za-z]+", lambda m: _SYMBOLS.get(m.group().upper(), m.group()), number)

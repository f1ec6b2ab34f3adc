"""Split Vietnamese laws, decrees and circulars into Phần / Chương / Mục / Điều / Khoản / Điểm with stable ids.

Ids read like ``luat-68-2020-qh14/dieu-5/khoan-2/diem-a``: articles are numbered through the whole document, so an
article id needs no chapter; the chapter, part and section an article sits in are kept as its ``path``.

>>> doc = parse_legal("Luật số: 68/2020/QH14\\nLUẬT\\nCƯ TRÚ\\nChương I\\nQUY ĐỊNH CHUNG\\n"
...                   "Điều 5. Bảo đảm quyền tự do cư trú\\n1. Công dân được bảo đảm.\\n2. Việc hạn chế:\\n"
...                   "a) theo luật;\\nb) có thời hạn.\\nĐiều 6. Hiệu lực\\nLuật này có hiệu lực.")
>>> [u.id for u in doc.units if u.kind != "chapter"]
['luat-68-2020-qh14/dieu-5', 'luat-68-2020-qh14/dieu-5/khoan-1', 'luat-68-2020-qh14/dieu-5/khoan-2', 'luat-68-2020-qh14/dieu-5/khoan-2/diem-a', 'luat-68-2020-qh14/dieu-5/khoan-2/diem-b', 'luat-68-2020-qh14/dieu-6']
>>> doc.article("6").title, doc.article("5").path
('Hiệu lực', ['Chương I. QUY ĐỊNH CHUNG'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nonla.collections.legal_metadata import LegalMetadata, parse_metadata, slug

PART = re.compile(r"^(?:Phần|PHẦN)\s+(thứ\s+\S+|THỨ\s+\S+|[IVXLC]+|\d+)\b[.:]?\s*(.*)$")
CHAPTER = re.compile(r"^(?:Chương|CHƯƠNG)\s+([IVXLC]+|\d+)\b[.:]?\s*(.*)$")
SECTION = re.compile(r"^(?:Mục|MỤC)\s+(\d+)\b[.:]?\s*(.*)$")
ARTICLE = re.compile(r"^(?:Điều|ĐIỀU)\s+(\d+[a-zđ]?)\s*(?:[.:-]\s*(.*))?$")  # old laws: "Điều 1" alone on a line
CLAUSE = re.compile(r"^(\d{1,3})\s*[.-]\s+(\S.*)$")
POINT = re.compile(r"^([a-zđ])\s*\)\s*(.*)$")


@dataclass
class Unit:
    id: str
    kind: str  # part | chapter | section | article | clause | point
    number: str
    title: str
    text: str
    start: int  # character offsets of the unit (its heading and body) in the document
    end: int
    path: list[str] = field(default_factory=list)  # enclosing part / chapter / section headings


@dataclass
class LegalDocument:
    metadata: LegalMetadata
    units: list[Unit]

    def article(self, number: str) -> Unit:
        return next(u for u in self.units if u.kind == "article" and u.number == number)

    def articles(self) -> list[Unit]:
        return [u for u in self.units if u.kind == "article"]


def _heading_line(line: str, following: str) -> str:
    # "Chương I" is often followed by its title in capitals on the next line.
    return f"{line}. {following}" if following.isupper() and not ARTICLE.match(following) else line


QUOTE_OPEN, QUOTE_CLOSE = "“", "”"
QUOTE_MAX_LINES = 400  # an opening quote with no closing one this far on is a typo, not a quotation


def _quoted_lines(lines: list[str]) -> set[int]:
    """Indices of lines inside a quotation (“…”) that began on an earlier line or at the start of the line itself:
    amending laws quote whole articles, clauses and points of the law they amend ("Điều 50 được sửa đổi như sau:
    “1. …”"), which are not units of the amending law. A quote left open is ignored.

    >>> sorted(_quoted_lines(["1. Sửa đổi Điều 7 như sau:", "“Điều 7. Quy hoạch", "1. Bộ lập quy hoạch.”", "2. Bãi bỏ."]))
    [1, 2]
    """
    quoted: set[int] = set()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        opens_here = line.startswith(QUOTE_OPEN)
        depth = line.count(QUOTE_OPEN) - line.count(QUOTE_CLOSE)
        if depth <= 0:
            if opens_here and line.count(QUOTE_OPEN) == line.count(QUOTE_CLOSE) and not line.endswith(QUOTE_CLOSE):
                pass  # “a” then more text: a quoted word at the start of an ordinary line
            elif opens_here:
                quoted.add(i)
            i += 1
            continue
        end = i + 1
        while end < len(lines) and end - i <= QUOTE_MAX_LINES and depth > 0:
            depth += lines[end].count(QUOTE_OPEN) - lines[end].count(QUOTE_CLOSE)
            end += 1
        if depth > 0:  # never closed: not a quotation
            i += 1
            continue
        quoted.update(range(i if opens_here else i + 1, end))
        i = end
    return quoted


def parse_legal(text: str, fallback_id: str = "") -> LegalDocument:
    meta = parse_metadata(text, fallback_id)
    doc = meta.doc_id
    units: list[Unit] = []
    context: dict[str, str] = {}
    article: Unit | None = None
    clause: Unit | None = None
    used: dict[str, int] = {}

    def unique(unit_id: str) -> str:
        # Amending laws quote articles of the law they amend, so numbers repeat: later copies get "~2", "~3"...
        used[unit_id] = used.get(unit_id, 0) + 1
        return unit_id if used[unit_id] == 1 else f"{unit_id}~{used[unit_id]}"

    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def close(unit: Unit | None, end: int) -> None:
        if unit is not None:
            unit.end = end
            unit.text = text[unit.start : end].strip()

    quoted = _quoted_lines(lines)
    for i, raw in enumerate(lines):
        line, start = raw.strip(), offsets[i]
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if i in quoted:  # text an amending law quotes: it belongs to the clause or point that quotes it
            continue
        for kind, pattern in (("part", PART), ("chapter", CHAPTER), ("section", SECTION)):
            match = pattern.match(line)
            if match and (kind != "section" or article is None or match.group(2).isupper()):
                close(clause, start)
                close(article, start)
                article = clause = None
                heading = _heading_line(line, following) if not match.group(2) else line
                for lower in ("part", "chapter", "section")[("part", "chapter", "section").index(kind) :]:
                    context.pop(lower, None)
                context[kind] = heading
                number = slug(match.group(1))
                prefix = {"part": "phan", "chapter": "chuong", "section": "muc"}[kind]
                if kind == "section":  # sections restart at 1 in every chapter
                    chapter_id = next((u.id for u in reversed(units) if u.kind == "chapter"), doc)
                    prefix = f"{chapter_id.removeprefix(doc + '/')}/muc"
                units.append(
                    Unit(
                        unique(f"{doc}/{prefix}-{number}"),
                        kind,
                        match.group(1),
                        heading,
                        heading,
                        start,
                        offsets[i + 1],
                    )
                )
                break
        else:
            if match := ARTICLE.match(line):
                close(clause, start)
                close(article, start)
                clause = None
                number = match.group(1)
                article = Unit(unique(f"{doc}/dieu-{slug(number)}"), "article", number, (match.group(2) or "").strip().rstrip("."), "",
                               start, start, [context[k] for k in ("part", "chapter", "section") if k in context])  # fmt: skip
                units.append(article)
            elif article is not None and (match := CLAUSE.match(line)):
                close(clause, start)
                clause = Unit(
                    unique(f"{article.id}/khoan-{match.group(1)}"),
                    "clause",
                    match.group(1),
                    "",
                    "",
                    start,
                    start,
                    article.path,
                )
                units.append(clause)
            elif clause is not None and (match := POINT.match(line)):
                letter = "dd" if match.group(1) == "đ" else match.group(1)  # đ) follows d) in every list
                point = Unit(
                    unique(f"{clause.id}/diem-{letter}"), "point", match.group(1), "", "", start, start, article.path
                )  # type: ignore[union-attr]
                close(point, offsets[i + 1])
                units.append(point)
    close(clause, len(text))
    close(article, len(text))
    return LegalDocument(meta, units)

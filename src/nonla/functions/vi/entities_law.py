"""LAW spans for vi.entities@2: references to named legal documents with their article/clause/point prefix.

A document is a known law title (the gazetteer's 208 laws and codes), ``Luật``/``Bộ luật``/``Pháp lệnh`` followed
by capitalised title words, a document type with a ``number/year/issuer`` number, ``Hiến pháp`` or an abbreviation
(BLHS …), with a trailing number, year or amendment note. A chain of provisions ending in the document joins it.
Self references (``Luật này``, ``khoản 4 Điều này``) and case documents (``Quyết định số 1452/QĐ-UBND``) are not LAW.

>>> from nonla.functions.vi.entities_gazetteer import Gazetteer
>>> g = Gazetteer.from_lists([], [], ["bộ luật hình sự", "luật hôn nhân và gia đình"])
>>> t = "Áp dụng khoản 1 Điều 173; điểm i, s khoản 1 Điều 51; Điều 38 Bộ luật Hình sự năm 2015 và Luật này."
>>> [t[c.start:c.end] for c in laws(t, g)]
['khoản 1 Điều 173; điểm i, s khoản 1 Điều 51; Điều 38 Bộ luật Hình sự năm 2015']
>>> t = "Áp dụng điểm a đến điểm d khoản 1 Điều 51 BLHS; các Điều 168 - 171 Bộ luật Hình sự."
>>> [t[c.start:c.end] for c in laws(t, g)]
['điểm a đến điểm d khoản 1 Điều 51 BLHS', 'các Điều 168 - 171 Bộ luật Hình sự']
>>> t = "Căn cứ Nghị định số 45/2022/NĐ-CP ngày 07/7/2022, Quyết định số 1452/QĐ-UBND và Điều 82 Luật Hôn nhân và gia đình."
>>> [t[c.start:c.end] for c in laws(t, g)]
['Nghị định số 45/2022/NĐ-CP', 'Điều 82 Luật Hôn nhân và gia đình']
"""

from __future__ import annotations

import re

from nonla.functions.vi.entities_gazetteer import Gazetteer
from nonla.functions.vi.entities_text import LETTER, RANK, Candidate, Word, fold, is_cap, words

_NUMBER = r"\d+/\d{4}/[A-ZĐ0-9]+(?:-[A-ZĐa-zđ0-9]+)*"  # 19/2025/QĐ-TTg
NUMBERED = re.compile(
    rf"(?<![{LETTER}])(?i:bộ luật|luật|nghị định|thông tư liên tịch|thông tư|nghị quyết|pháp lệnh|quyết định|"
    rf"chỉ thị|bo luat|luat|nghi dinh|thong tu|nghi quyet|quyet dinh)\s+(?:(?i:số|so)\s*:?\s*)?{_NUMBER}"
)
# in capitals, or all in lower case as people type them in a hurry ("blhs"); never mixed ("Blds" is a name)
ABBREVIATED = re.compile(rf"(?<![{LETTER}])(?:BLTTHS|BLTTDS|BLTTHC|BLHS|BLDS|BLLĐ|BLLD|bltths|blttds|bltthc|blhs|blds|bllđ|blld)"
                         rf"(?![{LETTER}])")  # fmt: skip
# What may follow a title: its number, its year, the amendment note, the state's name after Hiến pháp.
SUFFIX = re.compile(
    rf"(?:\s+(?:của\s+)?nước\s+Cộng\s+h(?:òa|oà)\s+xã\s+hội\s+chủ\s+nghĩa\s+Việt\s+Nam)?"
    rf"(?:\s+(?:số\s+)?{_NUMBER})?(?:\s+(?:năm\s+)?(?:19|20)\d\d(?![\d/]))?"
    r"(?:\s*\((?:được\s+)?sửa\s+đổi[^()]{0,80}\))?"
)
# Lists and ranges ("điểm a đến điểm d", "khoản 1 - 3", "Điều 168 đến Điều 171") are one item. A number followed
# by '/' is a document's ("Điều 2 - 01/2019/NQ-HĐTP"), not the end of a range.
_THEN = r"\s*(?:,|và|hoặc|đến|[-–—])\s*"
_ITEM = (
    rf"(?:[Đđ]iểm\s+[a-zđ]\d?(?:{_THEN}(?:điểm\s+)?[a-zđ]\d?(?![\w]))*"
    rf"|[Kk]hoản\s+\d+[a-zđ]?(?:{_THEN}(?:khoản\s+)?\d+[a-zđ]?(?![\w/]))*"
    rf"|(?:các\s+)?[Đđ]iều\s+\d+[a-zđ]?(?:{_THEN}(?:[Đđ]iều\s+)?\d+[a-zđ]?(?![\w/]))*"
    r"|(?:[Cc]hương|[Mm]ục|[Pp]hần)\s+(?:[IVXLC]+|\d+))"
)
# A chain of provisions that runs right up to a document: "điểm s khoản 1, khoản 2 Điều 51 " + "của "?
ITEM = re.compile(_ITEM)
_LINK = re.compile(r"\s*[,;]\s*|\s+và\s+|\s+hoặc\s+|\s+")  # what joins two provisions of one chain
_BEFORE_DOCUMENT = re.compile(r"\s+(?:của\s+)?")  # what may stand between a chain and its document
_TITLED_HEADS = (("bo", "luat"), ("luat",), ("phap", "lenh"))


def _title_end(text: str, tokens: list[Word], i: int, head: int, gazetteer: Gazetteer) -> int | None:
    """End offset of the title starting at token i whose head is ``head`` tokens long; None if there is none."""
    run = [tokens[i]]
    for left, right in zip(tokens[i:], tokens[i + 1 : i + gazetteer.law_longest + 1], strict=False):
        if text[left.end : right.start] not in (" ", ", ", " - ", " – "):
            break
        run.append(right)
    known = gazetteer.law_title_length([w.text for w in run])
    if known > head:  # a known title is a reference also in lower case, as people type it ("theo bộ luật hình sự")
        return run[known - 1].end
    capitalised = 0
    for left, right in zip(run[head - 1 :], run[head:], strict=False):
        if text[left.end : right.start] != " " or not is_cap(right.text):
            break
        capitalised += 1
    if capitalised and is_cap(run[0].text):  # an unknown title: "Luật Thuế Môi Trường" - its capitalised words
        return run[head - 1 + capitalised].end
    return None


def documents(text: str, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    spans = [m.span() for m in NUMBERED.finditer(text)] + [m.span() for m in ABBREVIATED.finditer(text)]
    tokens = words(text)
    for i, word in enumerate(tokens):
        key = fold(word.text)
        if key == "hien" and word.text[0] == "H" and i + 1 < len(tokens) and fold(tokens[i + 1].text) == "phap":
            spans.append((word.start, tokens[i + 1].end))
            continue
        for head in _TITLED_HEADS:
            if tuple(fold(w.text) for w in tokens[i : i + len(head)]) == head:
                end = _title_end(text, tokens, i, len(head), gazetteer)
                if end is not None:
                    spans.append((word.start, end))
                break
    out = []
    for start, end in spans:
        out.append((start, SUFFIX.match(text, end).end()))  # type: ignore[union-attr]  # all parts optional
    return out


def laws(text: str, gazetteer: Gazetteer, found: list[tuple[int, int]] | None = None) -> list[Candidate]:
    """A LAW span for each document (``found``: the text's documents, when the caller has them already), with
    the chain of provisions that runs up to it."""
    starts = chain_starts(text)
    spans = documents(text, gazetteer) if found is None else found
    return [Candidate("LAW", starts.get(start, start), end, RANK["LAW"]) for start, end in spans]


def chain_starts(text: str) -> dict[int, int]:
    """For each offset where a chain of provisions ends and a document may begin, where that chain begins.

    One pass over the text's provisions, however long a chain runs: a judgment's "Căn cứ các Điều 1, 2, ..., 80
    của Bộ luật ..." keeps all its provisions (a look-back of a few hundred characters cut it), and no text can
    make the search backtrack from every provision.

    >>> t = "Căn cứ các Điều " + ", ".join(str(i) for i in range(1, 81)) + " và Điều 81 của Bộ luật Dân sự."
    >>> t[chain_starts(t)[t.index("Bộ luật")] :][:20]
    'các Điều 1, 2, 3, 4,'
    """
    starts: dict[int, int] = {}
    begin = end = -1
    for item in ITEM.finditer(text):
        if end < 0 or _LINK.fullmatch(text, end, item.start()) is None:  # not joined to the one before: a new chain
            begin = item.start()
        end = item.end()
        gap = _BEFORE_DOCUMENT.match(text, end)
        if gap:
            starts[gap.end()] = begin
    return starts

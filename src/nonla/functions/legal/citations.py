"""legal.citations — references to legal documents in Vietnamese text, parsed and (optionally) resolved.

>>> import nonla
>>> out = nonla.run("legal.citations", text="Áp dụng điểm a khoản 2 Điều 173 Bộ luật Hình sự 2015 và Nghị định số 13/2023/NĐ-CP.")
>>> [(c.article, c.clause, c.point, c.document_type, c.title or c.number, c.year) for c in out.citations]
[('173', '2', 'a', 'Bộ luật', 'Bộ luật Hình sự', 2015), (None, None, None, 'Nghị định', '13/2023/NĐ-CP', 2023)]
"""

from __future__ import annotations

import bisect
import re

from pydantic import BaseModel, Field

from nonla.core.context import current_tenant
from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import Models
from nonla.functions.legal.citation_parts import (
    _GROUP,
    MAX_PROVISIONS,
    DocumentRef,
    document,
    folded,
    mark_keywords,
    provisions,
    provisions_at,
)
from nonla.functions.vi.entities_gazetteer import GAZETTEER, load_gazetteer
from nonla.functions.vi.entities_law import documents, laws
from nonla.functions.vi.segmenter import nfc
from nonla.functions.vi.unmarked import as_if_marked


class Input(BaseModel):
    text: Text
    collection: str | None = Field(
        None, max_length=100, description="Resolve each citation to its article in this collection."
    )
    restore_diacritics: bool = Field(
        True,
        description="Read text typed without diacritics as if it had them (marks restored by vi.diacritics; spans "
        "and texts still those of the text as typed), so 'khoan 2 dieu 173 bo luat hinh su' is found too.",
    )


class Citation(BaseModel):
    start: int = Field(description="Character offset in the NFC-normalised text, as every function's offsets (text "
                       "sent decomposed, NFD, is composed first).")
    end: int = Field(description="Character offset (exclusive) in the NFC-normalised text.")
    text: str = Field(description="The reference as written, cut from the NFC-normalised text.")
    document_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    year: int | None = None
    title: str | None = None
    this_document: bool = Field(False, description="The reference is to the document it appears in ('Luật này').")
    article: str | None = None
    clause: str | None = None
    point: str | None = None
    points: list[str] = Field(default_factory=list)
    resolved: str | None = Field(None, description="Id of the article, clause or point in the collection, when found "
                                 "(a clause or point the article lacks is not found; an article kept whole, not "
                                 "split into clauses, is as deep as it resolves).")


class Output(BaseModel):
    citations: list[Citation]


CARD = Card(
    summary="Legal citations (điểm/khoản/Điều + Bộ luật, Luật, Nghị định số ..., BLHS ...) parsed into their parts and resolved to articles.",
    licence="Apache-2.0 (code); law titles from the 208-law corpus (public domain statutes)",
    models=[GAZETTEER],
    metrics={
        "references parsed exactly (30)": 100.0,
        "fields right (all provisions)": 100.0,
        "LAW span precision (entities test)": 100.0,
        "LAW span recall (entities test)": 100.0,
        "LAW span F1 (entities test)": 100.0,
        "references parsed exactly (30), without diacritics": 100.0,
        "LAW span F1 (entities test), without diacritics": 100.0,
        "references parsed exactly (30), without diacritics, marks not restored": 0.0,
        "LAW span F1 (entities test), without diacritics, marks not restored": 30.43,
    },
    peers={},
    evaluation="python evaluation/legal_citations.py",
    evaluation_data="LAW references in tests/data/entities/test.jsonl (200 sentences we annotated) and the 30 "
    "references of tests/data/citations/parse.jsonl, as written and with their diacritics stripped",
    risk=Risk.MINIMAL,
    intended_use="Linking judgments, petitions and answers to the articles they cite; checking cited articles exist.",
    limitations="Documents are recognised by số hiệu, known law titles (the 208 laws), capitalised titles after 'Luật'/'Bộ luật' "
    "and the usual abbreviations; a citation to a law outside the collection is parsed but not resolved; amending laws "
    "('Luật sửa đổi, bổ sung ... của Luật X') are read as the amending law. Text typed without diacritics is read "
    "with its marks restored (vi.diacritics), document types and provision words (thong tu, dieu, khoan) exactly, "
    "and the Đ of the usual number symbols put back (ND-CP is NĐ-CP, NQ-HDTP is NQ-HĐTP). A document named "
    "before its provisions ('BLDS 2015, Điều 590', 'luat dat dai dieu 5') and 'Điều 173 khoản 1 điểm a' are read "
    "too. Ranges ('Điều 168 đến 171', 'từ khoản 1 đến khoản 3', 'Điều 168 - 171', 'điểm a đến điểm đ') are "
    "spelled out, and each listed point is a citation of its own; a range whose ends are out of order or carry letters ('12a đến 15') "
    "is read as its two ends. A text citing more than 2,000 provisions is refused (too_many_citations): send it "
    "in parts.",
    examples=[
        {"text": "Áp dụng điểm a khoản 2 Điều 173 Bộ luật Hình sự 2015."},
        {"text": "Căn cứ các Điều 35, 39 Luật Hôn nhân và gia đình và Nghị định số 13/2023/NĐ-CP."},
    ],  # fmt: skip
)


# What may stand between a document named first and its provisions: "BLDS 2015, Điều 590", "Luật Đất đai - Điều 5"
_BETWEEN = re.compile(r"[ \t]*[,:\-–—]?[ \t]*")


def _citations(text: str, spans: list[tuple[int, int, int, int]]) -> list[Citation]:
    """spans: (start, document start, document end, end) — the provisions run from start to the document's start,
    or, with the document named first, from after the document to the end."""
    out, budget = [], [MAX_PROVISIONS]
    for start, doc_start, doc_end, end in spans:
        ref = document(text[doc_start:doc_end]) if doc_start < doc_end else DocumentRef(None, None, None, None, None)
        base = {"document_type": ref.doc_type, "number": ref.number, "issuer": ref.issuer, "year": ref.year,
                "title": ref.title, "this_document": ref.this_document}  # fmt: skip
        first = doc_start == start and doc_end < end
        found = provisions(text[doc_end:end] if first else text[start:doc_start], budget)
        if not found:
            out.append(Citation(start=start, end=end, text=text[start:end], **base))
        for p in found:
            at = start if first else start + p.start
            for point in p.points or (None,):  # "điểm b, s": one citation each, so each is resolved (or not) alone
                out.append(Citation(start=at, end=end, text=text[at:end], article=p.article, clause=p.clause,
                                    point=point, points=[point] if point else [], **base))  # fmt: skip
    return out


# What joins two groups of provisions of one chain, and what may stand between a chain and its document
_LINK = re.compile(r"\s*[,;]\s*|\s+và\s+|\s+hoặc\s+|\s+")
_BEFORE_DOCUMENT = re.compile(r"\s+(?:của\s+)?")


def _chain_start(text: str, groups: list[tuple[int, int]], doc_start: int) -> int:
    """Where the chain of provisions that runs up to a document begins (``doc_start`` when none does). vi.entities
    finds most chains; this one also knows ranges, so "các Điều 168 đến 171 Bộ luật Hình sự" keeps its document.

    ``groups``: (start, end) of each group of provisions, in order."""
    at, gap = doc_start, _BEFORE_DOCUMENT
    for start, end in reversed(groups[: bisect.bisect_right(groups, (doc_start, doc_start))]):
        if end > at or not gap.fullmatch(text, end, at):
            break
        at, gap = start, _LINK
    return at


def extract(text: str, gazetteer: object) -> list[Citation]:
    spans, covered = [], []
    named = documents(text, gazetteer)  # type: ignore[arg-type]
    doc_starts = dict(named)
    found = laws(text, gazetteer, named)  # type: ignore[arg-type]
    chained = {law.start for law in found}
    groups = [(m.start(), provisions_at(text, m.start()) or m.end()) for m in _GROUP.finditer(text)]
    for law in found:
        doc_start = next((s for s in sorted(doc_starts) if law.start <= s < law.end), law.start)
        start, end = min(law.start, _chain_start(text, groups, doc_start)), law.end
        if doc_start == start:  # the document named first, its provisions after it: "luat dat dai dieu 5"
            after = provisions_at(text, _BETWEEN.match(text, law.end).end())  # type: ignore[union-attr]
            if after is not None and not any(law.end <= s < after for s in chained):  # not the next law's own
                end = after
        spans.append((start, doc_start, law.end, end))
        covered.append((start, end))
    for match in _GROUP.finditer(text):  # provisions with no document: "Điều 5 của Luật này", "khoản 2 Điều 3"
        if any(s <= match.start() < e for s, e in covered):
            continue
        group_end = provisions_at(text, match.start()) or match.end()  # "Điều 5 khoản 2" is one group too
        tail = re.match(
            r"\s+(?:của\s+)?(?:(?:Bộ luật|Luật|Nghị định|Thông tư|Pháp lệnh|Nghị quyết)\s+)?này\b", text[group_end:]
        )
        end = group_end + (tail.end() if tail else 0)
        spans.append((match.start(), group_end, end, end))
    return sorted(_citations(text, spans), key=lambda c: (c.start, c.end))


@function("legal.citations", version=1, card=CARD, batch_size=64)
def run(batch: list[Input], models: Models) -> list[Output]:
    gazetteer = models.load(GAZETTEER, load_gazetteer)
    texts = [nfc(item.text) for item in batch]
    readings = as_if_marked(texts, [item.restore_diacritics for item in batch])  # same offsets as the texts
    outputs = []
    for item, text, reading in zip(batch, texts, readings, strict=True):
        citations = extract(folded(mark_keywords(text, reading) if item.restore_diacritics else reading), gazetteer)
        for c in citations:
            c.text = text[c.start : c.end]
        if item.collection:
            from nonla.collections.resolve import check_collection, find_document, find_part

            tenant = current_tenant()  # the caller's own collection of that name, never another agency's
            check_collection(item.collection, tenant)  # a missing one is 404, as for legal.search
            for c in citations:
                doc = find_document(item.collection, c.number, c.title, c.year, tenant) if (c.number or c.title) else None
                if doc and c.article:
                    c.resolved = find_part(item.collection, doc, c.article, c.clause, c.point, tenant)
                elif doc:
                    c.resolved = doc
        outputs.append(Output(citations=citations))
    return outputs

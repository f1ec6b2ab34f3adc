"""Search over a collection's parts: BM25, dense vectors, or both fused by reciprocal rank (the default).

Each ranker proposes its best CANDIDATES parts under the same filters; reciprocal rank fusion scores a part
1/(RRF_K + rank) in each list it appears in and sums them, so neither score scale has to be calibrated against
the other. A collection with no vectors yet is searched by BM25 alone, and the result says so. A hybrid search
also fuses the articles its knowledge base's answers to very similar questions cite (nonla.collections.answered)
and the articles the query itself cites (nonla.collections.cited).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from nonla.collections.answered import answered_list
from nonla.collections.bm25 import Bm25, Filters, live_parts
from nonla.collections.cited import WEIGHT as CITED_WEIGHT
from nonla.collections.cited import cited_list
from nonla.collections.service import collection_row
from nonla.collections.terms import query_terms
from nonla.store.db import session
from nonla.store.schema import Document, Part

Mode = Literal["hybrid", "bm25", "dense"]
CANDIDATES = 100
RRF_K = 60
# Weight of each ranked list in the fusion, in the order they are fused: keywords, keywords of the query with its
# marks restored (queries typed without diacritics only), dense vectors. Chosen on the tuning half of the legal
# questions (evaluation/legal_search.py), read on the held-out half: once dense vectors covered whole articles
# (windows), dense weights 1.5, 2.0 and 2.5 tied on the tuning half's recall@5 and 2.5 had its best MRR.
WEIGHTS = (1.0, 0.5, 2.5)
ANSWERED_WEIGHT = 1.0  # the articles cited by answers to very similar questions (nonla.collections.answered)


@dataclass(frozen=True)
class Hit:
    part_id: int
    key: str
    kind: str
    title: str
    text: str
    score: float
    document: str
    metadata: dict[str, Any]  # the document's metadata (the user's and the parser's) and then the part's own
    # The part's own metadata, as the parser stored it (an article's "path" and "units"): what a consumer reads for
    # the part's structure, never ``metadata``, where a user's metadata key of the same name may stand instead.
    structure: dict[str, Any] = field(default_factory=dict)


def bm25_search(
    name: str, query: str, k: int = 10, filters: Filters | None = None, tenant: str = "default"
) -> list[Hit]:
    return search(name, query, k, filters, tenant, mode="bm25")[0]


def search(
    name: str, query: str, k: int = 10, filters: Filters | None = None, tenant: str = "default",
    mode: Mode = "hybrid", answered: bool = True,
) -> tuple[list[Hit], Mode]:
    """(hits, the mode used): 'hybrid' and 'dense' fall back to 'bm25' while the collection has no vectors.

    A hybrid search (also one that fell back to BM25) also ranks the articles cited by the knowledge base's answers
    to very similar questions, unless ``answered`` is False; 'bm25' and 'dense' asked for are single rankers."""
    filters = filters or Filters()
    with session() as s:
        collection = collection_row(s, name, tenant)
        cited = answered_list(s, collection.id, name, query, filters, tenant) if answered and mode == "hybrid" else []
        named = cited_list(s, collection.id, name, query, filters, tenant) if mode == "hybrid" else []
        if mode != "bm25" and not _has_vectors(s, collection.id):
            mode = "bm25"
        lists = []
        weights: list[float] = []
        if mode in ("bm25", "hybrid"):
            for weight, found in zip(WEIGHTS, keyword_lists(s, collection.id, query, max(k, CANDIDATES), filters), strict=False):
                lists.append(found)
                weights.append(weight)
        if mode in ("dense", "hybrid"):
            lists.append(_dense(s, collection.id, query, max(k, CANDIDATES), filters))
            weights.append(WEIGHTS[2])
        if cited:
            lists.append(cited)
            weights.append(ANSWERED_WEIGHT)
        if named:
            lists.append(named)
            weights.append(CITED_WEIGHT)
        ranked = lists[0][:k] if len(lists) == 1 else fuse(lists, weights)[:k]
        return _hits(s, ranked, collection.id), mode


def keyword_lists(s: Session, collection_id: int, query: str, n: int, filters: Filters) -> list[list[tuple[int, float]]]:
    """BM25 of the query as typed; for a query typed without marks, also BM25 of it with its marks restored
    (vi.diacritics): the marked terms are sharper ("ban" is bán, bàn, bạn...), the plain ones survive a wrong guess."""
    terms, plain = query_terms(query)
    found = [Bm25(s).search(collection_id, terms, plain, n, filters)]
    if plain and terms:
        from nonla.functions.text.marks import with_marks

        [restored] = with_marks([query])
        marked, still_plain = query_terms(restored)
        if not still_plain:
            found.append(Bm25(s).search(collection_id, marked, False, n, filters))
    return found


def fuse(lists: list[list[tuple[int, float]]], weights: list[float] | None = None) -> list[tuple[int, float]]:
    """Weighted reciprocal rank fusion; ties keep the order of the first list.

    >>> fuse([[(1, 9.0), (2, 8.0)], [(2, 0.9), (3, 0.8)]])
    [(2, 0.032522), (1, 0.016393), (3, 0.016129)]
    """
    scores: dict[int, float] = {}
    for ranked, weight in zip(lists, weights or [1.0] * len(lists), strict=True):
        for rank, (part_id, _) in enumerate(ranked, 1):
            scores[part_id] = scores.get(part_id, 0.0) + weight / (RRF_K + rank)
    order = sorted(scores, key=lambda p: -scores[p])
    return [(p, round(scores[p], 6)) for p in order]


def _has_vectors(s: Session, collection_id: int) -> bool:
    from nonla.collections.vectors import index_for

    return not index_for(s, collection_id).empty()


def _dense(s: Session, collection_id: int, query: str, n: int, filters: Filters) -> list[tuple[int, float]]:
    import numpy as np

    from nonla.collections.vectors import index_for
    from nonla.core.errors import NonlaError
    from nonla.core.runner import subcall

    # e5 reads unaccented Vietnamese poorly: text.embed restores the marks of such a query first
    [embedded] = subcall("text.embed", [{"text": query, "restore_diacritics": True}])
    if isinstance(embedded, NonlaError):
        raise embedded
    vector = np.asarray(embedded.vector, dtype=np.float32)  # type: ignore[union-attr]
    # filters apply after the nearest-neighbour walk, so walk further when a filter is set; the vector file may
    # also hold parts that never committed or are gone (it is written outside the store's transaction)
    index = index_for(s, collection_id)
    asked = n if filters == Filters() else 10 * n
    while True:
        found = index.search(vector, asked)
        allowed = live_parts(s, collection_id, [p for p, _ in found], filters)
        kept = [(p, score) for p, score in found if p in allowed]
        if len(kept) >= n or len(found) < asked:
            return kept[:n]
        asked *= 2


def _hits(s: Session, ranked: list[tuple[int, float]], collection_id: int | None = None) -> list[Hit]:
    """The ranked parts as hits. Every ranked list is read from the store's own parts of the collection
    (live_parts); given ``collection_id``, a part of any other collection is dropped here as well."""
    if not ranked:
        return []
    query = select(Part).where(Part.id.in_([i for i, _ in ranked]))
    if collection_id is not None:
        query = query.where(Part.collection_id == collection_id)
    rows = {p.id: p for p in s.scalars(query)}
    docs = {d.id: d for d in s.scalars(select(Document).where(Document.id.in_({p.document_id for p in rows.values()})))}
    return [Hit(i, rows[i].key, rows[i].kind, rows[i].title, rows[i].text, score, docs[rows[i].document_id].key,
                {**docs[rows[i].document_id].meta, **(rows[i].meta or {})}, dict(rows[i].meta or {}))
            for i, score in ranked if i in rows]  # fmt: skip

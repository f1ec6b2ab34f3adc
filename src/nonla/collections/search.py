"""BM25 search over a collection's parts (the lexical half of legal.search)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from nonla.collections.bm25 import Bm25, Filters
from nonla.collections.service import collection_row
from nonla.collections.terms import query_terms
from nonla.store.db import session
from nonla.store.schema import Document, Part


@dataclass(frozen=True)
class Hit:
    part_id: int
    key: str
    kind: str
    title: str
    text: str
    score: float
    document: str
    metadata: dict[str, Any]


def bm25_search(
    name: str, query: str, k: int = 10, filters: Filters | None = None, tenant: str = "default"
) -> list[Hit]:
    terms, plain = query_terms(query)
    with session() as s:
        collection = collection_row(s, name, tenant)
        ranked = Bm25(s).search(collection.id, terms, plain, k, filters or Filters())
        if not ranked:
            return []
        rows = {p.id: p for p in s.scalars(select(Part).where(Part.id.in_([i for i, _ in ranked])))}
        docs = {
            d.id: d for d in s.scalars(select(Document).where(Document.id.in_({p.document_id for p in rows.values()})))
        }
        return [Hit(i, rows[i].key, rows[i].kind, rows[i].title, rows[i].text, score, docs[rows[i].document_id].key,
                    {**docs[rows[i].document_id].meta, **rows[i].meta}) for i, score in ranked]  # fmt: skip

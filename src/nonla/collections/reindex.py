"""Rebuild a collection's BM25 index from the store: fill the term columns of parts that lack them, then index.

Needed after switching backends (NONLA_BM25), after restoring a store without its index directory, or to give
parts stored before context terms existed their law title and headings; the tantivy index also rebuilds itself
when its directory is missing or of an older format.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from nonla.collections.bm25 import Bm25, PartTerms, backend
from nonla.collections.purge import checkpoint
from nonla.collections.service import collection_row
from nonla.collections.terms import context_of, index_terms, segmented
from nonla.store.db import session

Progress = Callable[[int, int], None]
CHUNK = 2_000


def reindex(name: str, tenant: str = "default", progress: Progress | None = None) -> dict[str, Any]:
    """{'collection', 'backend', 'parts', 'terms_filled'} once the index holds every part of the collection."""
    with session() as s:
        collection_id = collection_row(s, name, tenant).id
        kind = backend(s)
        missing = list(s.scalars(text("SELECT id FROM parts WHERE collection_id = :c AND (words IS NULL OR "
                                      "context_words IS NULL) ORDER BY id"), {"c": collection_id}))  # fmt: skip
    for start in range(0, len(missing), CHUNK):
        _fill(collection_id, missing[start : start + CHUNK])
        if progress:
            progress(min(start + CHUNK, len(missing)), len(missing))
    with session(write=True) as s:
        parts = Bm25(s).rebuild(collection_id)
    if kind != "postgres":  # what a delete left for the reindex to purge must leave the log too
        checkpoint()
    return {"collection": name, "backend": kind, "parts": parts, "terms_filled": len(missing)}


def _fill(collection_id: int, part_ids: list[int]) -> None:
    ids = ",".join(map(str, part_ids))
    with session() as s:
        rows = s.execute(text("SELECT p.id, p.text, p.title, p.metadata, d.title, d.metadata FROM parts p "
                              f"JOIN documents d ON d.id = p.document_id WHERE p.id IN ({ids})")).all()  # fmt: skip
    contexts = [context_of(str(_meta(dm).get("title") or dt), _meta(pm)) for _, _, _, pm, dt, dm in rows]
    distinct = list(dict.fromkeys(contexts))
    segments = segmented([r[1] for r in rows] + [r[2] for r in rows] + distinct)
    n = len(rows)
    context_terms = {c: index_terms(w) for c, w in zip(distinct, segments[2 * n :], strict=True)}
    terms = [PartTerms(r[0], *index_terms(segments[i]), *index_terms(segments[n + i]), *context_terms[contexts[i]])
             for i, r in enumerate(rows)]  # fmt: skip
    with session(write=True) as s:
        Bm25(s).store(terms)


def _meta(value: Any) -> dict[str, Any]:
    import json

    return json.loads(value) if isinstance(value, str) else dict(value or {})

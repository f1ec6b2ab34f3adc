"""The pgvector backend of the dense index: rows of ``part_vectors`` (migration 0004), searched by HNSW.

Vectors go in the same database as the parts, so deletion is one transaction (ON DELETE CASCADE) and every
server process sees the same index.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from nonla.store.db import session


def available(s: Session) -> bool:
    return bool(s.execute(text("SELECT to_regclass('part_vectors') IS NOT NULL")).scalar())


def _literal(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.6g}" for x in vector.tolist()) + "]"


class PgVectorIndex:
    def __init__(self, collection_id: int) -> None:
        self.collection_id = collection_id

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        rows = [{"p": int(i), "c": self.collection_id, "v": _literal(v)} for i, v in zip(ids, vectors, strict=True)]
        if not rows:
            return
        with session(write=True) as s:
            # a part deleted since its passage was read has no row to reference: insert only live parts
            s.execute(
                text(
                    "INSERT INTO part_vectors (part_id, collection_id, embedding) "
                    "SELECT :p, :c, CAST(:v AS vector) WHERE EXISTS (SELECT 1 FROM parts WHERE id = :p) "
                    "ON CONFLICT (part_id) DO NOTHING"
                ),
                rows,
            )

    def remove(self, ids: list[int]) -> None:
        """Nothing to do: the rows go with their parts (ON DELETE CASCADE)."""

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        with session() as s:
            # the collection filter is applied after the HNSW walk: widen the walk so k rows survive it
            s.execute(text(f"SET LOCAL hnsw.ef_search = {max(40, min(1000, 2 * k))}"))
            s.execute(text("SET LOCAL hnsw.iterative_scan = strict_order"))  # pgvector >= 0.8: walk on until k rows
            rows = s.execute(
                text(
                    "SELECT part_id, 1 - (embedding <=> CAST(:q AS vector)) FROM part_vectors "
                    "WHERE collection_id = :c ORDER BY embedding <=> CAST(:q AS vector) LIMIT :k"
                ),
                {"q": _literal(vector), "c": self.collection_id, "k": k},
            ).all()
        return [(int(p), float(score)) for p, score in rows]

    def contains(self, ids: list[int]) -> list[bool]:
        if not ids:
            return []
        with session() as s:
            have = set(s.scalars(text("SELECT part_id FROM part_vectors WHERE part_id = ANY(:ids)"), {"ids": ids}))
        return [i in have for i in ids]

    def count(self) -> int:
        with session() as s:
            found = s.execute(
                text("SELECT count(*) FROM part_vectors WHERE collection_id = :c"), {"c": self.collection_id}
            ).scalar()
        return int(found or 0)

    def drop(self) -> None:
        """Nothing to do: the rows went with the collection's parts."""

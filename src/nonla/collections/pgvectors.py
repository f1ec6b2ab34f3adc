"""The pgvector backend of the dense index: rows of ``part_vectors`` (migrations 0004, 0014), searched by HNSW.

A row is one piece of a part (nonla.collections.vector_keys): piece 0 its passage, 1… the windows of the rest.

Vectors go in the same database as the parts, so deletion is one transaction (ON DELETE CASCADE) and every
server process sees the same index.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from nonla.collections.vector_keys import PIECES_PER_PART, key, part_of, part_scores, piece_of
from nonla.collections.vectors import NOTHING_REMOVED, Removed
from nonla.store.db import session


def available(s: Session) -> bool:
    return bool(s.execute(text("SELECT to_regclass('part_vectors') IS NOT NULL")).scalar())


def _literal(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.6g}" for x in vector.tolist()) + "]"


class PgVectorIndex:
    def __init__(self, collection_id: int) -> None:
        self.collection_id = collection_id

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        rows = [{"p": part_of(int(i)), "n": piece_of(int(i)), "c": self.collection_id, "v": _literal(v)}
                for i, v in zip(ids, vectors, strict=True)]  # fmt: skip
        if not rows:
            return
        with session(write=True) as s:
            # a part deleted since its passage was read has no row to reference: insert only live parts
            s.execute(
                text(
                    "INSERT INTO part_vectors (part_id, piece, collection_id, embedding) "
                    "SELECT :p, :n, :c, CAST(:v AS vector) WHERE EXISTS (SELECT 1 FROM parts WHERE id = :p) "
                    "ON CONFLICT (part_id, piece) DO NOTHING"
                ),
                rows,
            )

    def remove(self, ids: list[int]) -> Removed:
        """Nothing to do: the rows go with their parts (ON DELETE CASCADE), and come back with them on a rollback."""
        return NOTHING_REMOVED

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The best k parts: (part id, score), scored from all their pieces (nonla.collections.vector_keys)."""
        query = _literal(vector)
        n = PIECES_PER_PART * k
        with session() as s:
            # the collection filter is applied after the HNSW walk: widen the walk so n rows survive it
            s.execute(text(f"SET LOCAL hnsw.ef_search = {max(40, min(1000, 2 * n))}"))
            s.execute(text("SET LOCAL hnsw.iterative_scan = strict_order"))  # pgvector >= 0.8: walk on until n rows
            rows = s.execute(
                text(
                    "SELECT part_id, piece, 1 - (embedding <=> CAST(:q AS vector)) FROM part_vectors "
                    "WHERE collection_id = :c ORDER BY embedding <=> CAST(:q AS vector) LIMIT :n"
                ),
                {"q": query, "c": self.collection_id, "n": n},
            ).all()

            def passage_similarity(parts: list[int]) -> dict[int, float]:
                found = s.execute(
                    text(
                        "SELECT part_id, 1 - (embedding <=> CAST(:q AS vector)) FROM part_vectors "
                        "WHERE piece = 0 AND part_id = ANY(:parts)"
                    ),
                    {"q": query, "parts": parts},
                ).all()
                return {int(p): float(score) for p, score in found}

            hits = [(key(int(part), int(piece)), float(score)) for part, piece, score in rows]
            return part_scores(hits, passage_similarity, k)

    def contains(self, ids: list[int]) -> list[bool]:
        if not ids:
            return []
        with session() as s:
            have = {
                key(int(p), int(n))
                for p, n in s.execute(
                    text("SELECT part_id, piece FROM part_vectors WHERE part_id = ANY(:parts)"),
                    {"parts": sorted({part_of(i) for i in ids})},
                )
            }
        return [i in have for i in ids]

    def count(self) -> int:
        with session() as s:
            found = s.execute(
                text("SELECT count(*) FROM part_vectors WHERE collection_id = :c AND piece = 0"),
                {"c": self.collection_id},
            ).scalar()
        return int(found or 0)

    def empty(self) -> bool:
        """No vector yet: asked on every search, so one row looked up, not all of them counted."""
        with session() as s:
            found = s.execute(
                text("SELECT 1 FROM part_vectors WHERE collection_id = :c LIMIT 1"), {"c": self.collection_id}
            ).first()
        return found is None

    def drop(self) -> None:
        """Nothing to do: the rows went with the collection's parts."""

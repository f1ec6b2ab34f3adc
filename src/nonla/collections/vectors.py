"""Dense vectors of a collection's parts: which parts still need one, the index they live in, and the embed job.

Embedded default: one usearch HNSW file per collection under ``$NONLA_HOME/vectors`` (cosine, float16), written
whole to a temporary file and renamed into place under a file lock, so readers never see half an index and a
killed job loses only the chunk it was on. With PostgreSQL and the pgvector extension the vectors live in the
``part_vectors`` table instead (nonla.collections.pgvectors), behind the same methods. A part has several
vectors (nonla.collections.vector_keys); a search returns parts, each scored from all of its vectors.

Deleting a document removes its vectors once its rows are committed (collections.service.Leaving): a crash in
between leaves vectors of parts that are gone, which search skips (only live parts of the collection are kept) and
the next reindex drops; never a document whose vectors went while its rows stayed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from nonla.collections.passages import passage, windows
from nonla.collections.vector_keys import PART_MASK, PIECES_PER_PART, key, part_of, part_scores
from nonla.core.config import settings
from nonla.store.db import session
from nonla.store.file_lock import file_lock
from nonla.store.schema import Collection, Document, Part

DIM = 384
EXACT_UP_TO = 200_000  # vectors: up to here a query compares with every one (a few ms), past it HNSW
SCRATCH_KEYS = np.uint64(1 << 63)  # piece 2**23 of a part: no part has that many windows
EMBED_CHUNK = 64  # parts embedded, then saved, at a time: what a killed job can lose
Progress = Callable[[int, int], None]
Removed = tuple[np.ndarray, np.ndarray]  # (vector keys, vectors) a remove took out, for add() to put back
NOTHING_REMOVED: Removed = (np.zeros(0, np.uint64), np.zeros((0, DIM), np.float32))


class VectorIndex(Protocol):
    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None: ...
    def remove(self, ids: list[int]) -> Removed: ...
    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]: ...
    def contains(self, ids: list[int]) -> list[bool]: ...
    def count(self) -> int: ...
    def empty(self) -> bool: ...
    def drop(self) -> None: ...


class UsearchIndex:
    """The HNSW file of one collection; safe across processes (writers lock, readers reload a newer file)."""

    _cache: dict[Path, tuple[float, Any]] = {}
    _cache_lock = threading.Lock()

    def __init__(self, collection_id: int) -> None:
        self.path = settings().home / "vectors" / f"collection-{collection_id}.usearch"

    @staticmethod
    def _new() -> Any:
        from usearch.index import Index

        return Index(ndim=DIM, metric="cos", dtype="f16")

    def _read(self) -> Any:
        """The index as on disk now, shared by the threads of this process until the file changes."""
        try:
            stamp = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return None
        with self._cache_lock:
            cached = self._cache.get(self.path)
            if cached is None or cached[0] != stamp:
                from usearch.index import Index

                cached = (stamp, Index.restore(str(self.path)))
                self._cache[self.path] = cached
            return cached[1]

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with file_lock(self.path.with_suffix(".lock")):
            index = self._new()
            if self.path.exists():
                index.load(str(self.path))
            yield index
            partial = self.path.with_suffix(f".{os.getpid()}.partial")
            index.save(str(partial))
            os.replace(partial, self.path)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        with self._writing() as index:
            fresh = ~np.asarray(index.contains(ids), dtype=bool) if len(index) else np.ones(len(ids), bool)
            if fresh.any():
                index.add(ids[fresh], vectors[fresh])

    def remove(self, ids: list[int]) -> Removed:
        """Remove every vector (passage and windows) of these parts; returns their keys and vectors."""
        if not ids or not self.path.exists():
            return NOTHING_REMOVED
        with self._writing() as index:
            keys = np.asarray(index.keys, dtype=np.uint64)
            gone = keys[np.isin(keys & np.uint64(PART_MASK), np.asarray(ids, dtype=np.uint64))]
            if not len(gone):
                return NOTHING_REMOVED
            vectors = np.asarray(index.get(gone), dtype=np.float32).reshape(len(gone), DIM)
            index.remove(gone)
            _overwrite_freed_slots(index)
        return gone, vectors

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The best k parts: (part id, score), scored from all their pieces (nonla.collections.vector_keys)."""
        index = self._read()
        if index is None or not len(index):
            return []
        query = vector.astype(np.float32)
        # brute force while it is cheap: exact and the same on every machine, where the HNSW walk is approximate
        # and its graph depends on the order vectors were added in
        found = index.search(query, min(PIECES_PER_PART * k, len(index)), exact=len(index) <= EXACT_UP_TO)
        hits = [(int(key), float(1.0 - d)) for key, d in zip(found.keys, found.distances, strict=True)]

        def passage_similarity(parts: list[int]) -> dict[int, float]:
            # the index this search read, not a newer file another process may have written since
            there = np.atleast_1d(index.contains(np.asarray(parts, dtype=np.uint64))) if parts else []
            have = [p for p, present in zip(parts, there, strict=True) if present]
            if not have:
                return {}
            stored = np.asarray(index.get(np.asarray(have, dtype=np.uint64)), dtype=np.float32).reshape(len(have), -1)
            stored /= np.maximum(np.linalg.norm(stored, axis=1, keepdims=True), 1e-12)
            return dict(zip(have, (stored @ query).tolist(), strict=True))

        return part_scores(hits, passage_similarity, k)

    def contains(self, ids: list[int]) -> list[bool]:
        index = self._read()
        if index is None or not len(index) or not ids:
            return [False] * len(ids)
        return [bool(x) for x in np.atleast_1d(index.contains(np.asarray(ids, dtype=np.uint64)))]

    def count(self) -> int:
        """Parts with a vector (their passage's; windows are not counted)."""
        index = self._read()
        if index is None or not len(index):
            return 0
        return int(np.count_nonzero(np.asarray(index.keys, dtype=np.uint64) <= np.uint64(PART_MASK)))

    def empty(self) -> bool:
        """No vector yet (asked on every search: no count of the keys)."""
        index = self._read()
        return index is None or not len(index)

    def drop(self) -> None:
        for path in (self.path, self.path.with_suffix(".lock")):
            path.unlink(missing_ok=True)


def _overwrite_freed_slots(index: Any) -> None:
    """usearch keeps a removed vector's bytes in its slot, and so in the saved file, until a new vector takes the
    slot: fill the free slots with a constant vector and remove that in turn, so nothing derived from a deleted
    text stays on disk. Every free slot, not just those freed now: usearch fills the oldest first, which hold the
    constant vector of an earlier removal. Loaded from its file, the index's capacity is its slots, live and free.
    Rebuilding the graph instead would take seconds per 10,000 vectors."""
    count = int(index.capacity) - len(index)
    if count <= 0:
        return
    scratch = SCRATCH_KEYS + np.arange(count, dtype=np.uint64)
    index.add(scratch, np.ones((count, DIM), dtype=np.float32))
    index.remove(scratch)


def index_for(s: Session, collection_id: int) -> VectorIndex:
    """pgvector when the store is PostgreSQL with the extension, the usearch file otherwise."""
    if s.get_bind().dialect.name == "postgresql":
        from nonla.collections.pgvectors import PgVectorIndex, available

        if available(s):
            return PgVectorIndex(collection_id)
    return UsearchIndex(collection_id)


def _collection(s: Session, name: str, tenant: str) -> Collection:
    from nonla.collections.service import collection_row

    return collection_row(s, name, tenant)


def pending_passages(name: str, tenant: str = "default") -> list[tuple[int, str]]:
    """(vector key, text) of every passage and window of the collection's parts that has no vector yet."""
    with session() as s:
        collection = _collection(s, name, tenant)
        rows = s.execute(
            select(Part.id, Part.text, Document.title, Document.meta)
            .join(Document, Document.id == Part.document_id)
            .where(Part.collection_id == collection.id)
            .order_by(Part.id)
        ).all()
        wanted = []
        for pid, text, title, meta in rows:
            head = (meta or {}).get("title") or title
            pieces = [passage(head, text), *windows(head, text)]
            wanted += [(key(pid, piece), embedded) for piece, embedded in enumerate(pieces)]
        have = index_for(s, collection.id).contains([k for k, _ in wanted])
    return [item for item, done in zip(wanted, have, strict=True) if not done]


def vector_status(name: str, tenant: str = "default") -> dict[str, int]:
    with session() as s:
        collection = _collection(s, name, tenant)
        parts = len(s.scalars(select(Part.id).where(Part.collection_id == collection.id)).all())
        return {"parts": parts, "vectors": index_for(s, collection.id).count()}


def embed(
    name: str, tenant: str = "default", workers: int | None = None, progress: Progress | None = None
) -> dict[str, int]:
    """Give every part of the collection its vectors (its passage, and windows of the rest of a long part):
    shipped/cached vectors first, then e5 in worker processes.

    Resumable: a killed job keeps every chunk it saved, and the next one embeds only what is still missing.
    Returns ``parts`` and ``vectors`` (parts in all, parts with vectors) and ``cached`` and ``embedded`` (passages:
    a long part has several).
    """
    from nonla.collections.vector_cache import cached_vectors

    todo = pending_passages(name, tenant)
    counts = {"parts": len(todo), "cached": 0, "embedded": 0}
    if not todo:
        return {**counts, **vector_status(name, tenant)}
    with session() as s:
        collection_id = _collection(s, name, tenant).id
        index = index_for(s, collection_id)
    try:
        found = cached_vectors([text for _, text in todo])
        if found and _exists(collection_id):
            ids = np.array([todo[i][0] for i in found], dtype=np.uint64)
            index.add(ids, np.stack([found[i] for i in found]))
            counts["cached"] = len(found)
        rest = [todo[i] for i in range(len(todo)) if i not in found]
        done = counts["cached"]
        if progress:
            progress(done, len(todo))
        for ids, vectors in _embedded(rest, workers):
            if not _exists(collection_id):
                break  # deleted while the job ran: nothing more is written for it
            index.add(ids, vectors)
            done += len(ids)
            counts["embedded"] += len(ids)
            if progress:
                progress(done, len(todo))
    finally:  # also when the job fails or is stopped: no vector outlives its part, or its collection
        if _exists(collection_id):
            _forget_deleted(collection_id, tenant)
        else:
            index.drop()
    return {**counts, **vector_status(name, tenant)} if _exists(collection_id) else {**counts, "vectors": 0}


def _exists(collection_id: int) -> bool:
    with session() as s:
        return s.get(Collection, collection_id) is not None


def _embedded(todo: list[tuple[int, str]], workers: int | None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(part ids, vectors) chunk by chunk, from text.embed run in a local process pool (models load once each)."""
    if not todo:
        return
    from nonla.jobs.local import chunks

    items = [{"text": text, "kind": "passage"} for _, text in todo]
    start = 0
    for results in chunks("text.embed@1", items, workers=workers, chunk=EMBED_CHUNK, actor="local:embed"):
        ids = np.array([pid for pid, _ in todo[start : start + len(results)]], dtype=np.uint64)
        start += len(results)
        yield ids, np.array([r.vector for r in results], dtype=np.float32)  # type: ignore[union-attr]


def _forget_deleted(collection_id: int, tenant: str) -> None:
    """Drop vectors of parts deleted while the job ran (their rows are gone, their vectors must go too)."""
    with session() as s:
        live = set(s.scalars(select(Part.id).where(Part.collection_id == collection_id)))
        index = index_for(s, collection_id)
    if isinstance(index, UsearchIndex):
        current = index._read()
        if current is not None:
            stale = sorted({part_of(int(k)) for k in current.keys} - live)
            index.remove(stale)


def dense_search(s: Session, collection_id: int, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
    return index_for(s, collection_id).search(query_vector, k)

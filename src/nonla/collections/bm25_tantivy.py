"""The embedded BM25 index: one tantivy directory per collection beside the store, rebuilt from the parts table.

tantivy ranks the top k with block-max WAND instead of scoring every match, which keeps an OR query over millions
of parts within tens of milliseconds (bench/legal_scale.py). Each part is one tantivy document: its body, title
and context (law title, chapter and section headings) as separate fields, each with and without diacritics, plus
the filter values. tantivy allows one writer per index: writers of every process on the machine take turns on
a file lock beside the directory; readers never wait and pick up a commit from another process on their next
search. The directory is a derived copy: when it is missing or of an older format it is rebuilt from the store.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from nonla.core.config import settings
from nonla.store.file_lock import file_lock

FORMAT = 1  # raise when the schema or the meaning of a field changes: older directories are rebuilt
FORMAT_FILE = "nonla-format.json"
TEXT_FIELDS = ("words", "plain", "title_words", "title_plain", "context_words", "context_plain")
NO_END = 99_991_231  # effective_to of a text still in force
SMALL_HEAP, BULK_HEAP = 50_000_000, 300_000_000
READ_CHUNK = 20_000
COLUMNS = (f"SELECT id, {', '.join(TEXT_FIELDS)}, doc_type, issuer, year, effective_from, effective_to "
           "FROM parts")  # fmt: skip


def schema() -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=False, indexed=True, fast=True)
    for field in TEXT_FIELDS:  # terms arrive segmented and lower-cased: split on spaces only, no positions needed
        builder.add_text_field(field, stored=False, tokenizer_name="whitespace", index_option="freq")
    for field in ("doc_type", "issuer"):  # lower-cased whole values: filters compare case-insensitively
        builder.add_text_field(field, stored=False, tokenizer_name="raw", index_option="basic")
    for field in ("year", "effective_from", "effective_to"):
        builder.add_integer_field(field, stored=False, indexed=True, fast=True)
    return builder.build()


def _day(iso: str | None, default: int) -> int:
    """'2021-01-01' → 20210101, so a date range is an integer range."""
    digits = (iso or "").replace("-", "")[:8]
    return int(digits) if len(digits) == 8 and digits.isdigit() else default


def document(row: Any) -> Any:
    """A tantivy document from one row of COLUMNS."""
    import tantivy

    fields: dict[str, Any] = {"id": int(row[0])}
    fields |= {name: value or "" for name, value in zip(TEXT_FIELDS, row[1:7], strict=True)}
    doc_type, issuer, year, start, end = row[7:]
    fields |= {"doc_type": (doc_type or "").lower(), "issuer": (issuer or "").lower(), "year": int(year or 0),
               "effective_from": _day(start, 0), "effective_to": _day(end, NO_END)}  # fmt: skip
    return tantivy.Document(**fields)


class TantivyIndex:
    """The index directory of one collection; safe across threads and processes."""

    _open: dict[Path, tuple[int, float, Any]] = {}  # path -> (inode, meta.json mtime, Index)
    _open_lock = threading.Lock()

    def __init__(self, collection_id: int) -> None:
        self.collection_id = collection_id
        self.path = settings().home / "bm25" / f"collection-{collection_id}"
        self.lock = self.path.with_suffix(".lock")

    # reading

    def _current(self) -> bool:
        try:
            return json.loads((self.path / FORMAT_FILE).read_text())["format"] == FORMAT
        except (OSError, ValueError, KeyError, TypeError):
            return False

    def reader(self, s: Session) -> Any:
        """The index as last committed by any process; rebuilt first when missing or outdated."""
        import tantivy

        if not self._current():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with file_lock(self.lock):
                if not self._current():  # another process may have rebuilt it while this one waited
                    self._build(s)
        with self._open_lock:
            try:
                stamp = (self.path.stat().st_ino, (self.path / "meta.json").stat().st_mtime)
            except FileNotFoundError:  # a rebuild is moving the new directory in: it holds the file lock until done
                with file_lock(self.lock):
                    stamp = (self.path.stat().st_ino, (self.path / "meta.json").stat().st_mtime)
            cached = self._open.get(self.path)
            if cached is None or cached[0] != stamp[0]:
                cached = (*stamp, tantivy.Index.open(str(self.path)))
            elif cached[1] != stamp[1]:
                cached[2].reload()  # another writer committed since: see it now, not after tantivy's own delay
                cached = (*stamp, cached[2])
            self._open[self.path] = cached
            return cached[2]

    def search(self, s: Session, terms: list[str], plain: bool, k: int, filters: Any,
               boosts: dict[str, float]) -> list[tuple[int, float]]:  # fmt: skip
        from tantivy import Occur, Query

        index = self.reader(s)
        fields = {name: boost for name, boost in boosts.items() if name.endswith("plain") == plain}
        should = []
        for name, boost in fields.items():
            for term in terms:
                query = Query.term_query(index.schema, name, term)
                should.append((Occur.Should, query if boost == 1.0 else Query.boost_query(query, boost)))
        musts = [(Occur.Must, q) for q in self._filters(index.schema, filters)]
        query = Query.boolean_query([(Occur.Must, Query.boolean_query(should)), *musts])
        searcher = index.searcher()
        hits = searcher.search(query, k, count=False).hits
        ids = searcher.fast_field_values("id", [address for _, address in hits])
        return [(int(i), float(score)) for (score, _), i in zip(hits, ids, strict=True) if i is not None]

    @staticmethod
    def _filters(schema: Any, filters: Any) -> list[Any]:
        import tantivy
        from tantivy import Occur, Query

        from nonla.collections.bm25 import issuer_spellings

        integer = tantivy.FieldType.Integer
        out = []
        if filters.doc_type:
            out.append(Query.term_query(schema, "doc_type", filters.doc_type.lower()))
        if filters.issuer:  # either tone placement, as Filters.sql matches it
            spellings = dict.fromkeys(v.lower() for v in issuer_spellings(filters.issuer))
            out.append(Query.boolean_query([(Occur.Should, Query.term_query(schema, "issuer", v)) for v in spellings]))
        if filters.year:
            out.append(Query.range_query(schema, "year", integer, filters.year, filters.year))
        if filters.in_force_on:
            day = _day(filters.in_force_on, 0)
            out.append(Query.range_query(schema, "effective_from", integer, 0, day))
            out.append(Query.range_query(schema, "effective_to", integer, day, None, include_lower=False))
        return out

    # writing

    @contextmanager
    def _writer(self, s: Session, heap: int = SMALL_HEAP) -> Iterator[Any]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with file_lock(self.lock):
            if not self._current():
                self._build(s)
            import tantivy

            writer = tantivy.Index.open(str(self.path)).writer(heap_size=heap, num_threads=1)
            yield writer
            writer.commit()
            writer.wait_merging_threads()

    def add(self, s: Session, part_ids: list[int]) -> None:
        """(Re)index these parts from their rows (flushed in this session); an id already there is replaced."""
        if not part_ids:
            return
        with self._writer(s) as writer:
            for rows in _rows(s, self.collection_id, part_ids):
                for row in rows:
                    writer.delete_documents_by_term("id", int(row[0]))
                    writer.add_document(document(row))

    def remove(self, s: Session, part_ids: list[int]) -> None:
        if part_ids and self.path.exists():
            with self._writer(s) as writer:
                for part_id in part_ids:
                    writer.delete_documents_by_term("id", int(part_id))

    def deleted_entries(self) -> tuple[int, int]:
        """(entries marked deleted, live entries) per the directory's meta.json: a deleted entry's terms stay in
        its segment, and count in BM25's document frequencies, until the segment is rewritten."""
        try:
            segments = json.loads((self.path / "meta.json").read_text(encoding="utf-8"))["segments"]
        except (FileNotFoundError, ValueError, KeyError):
            return 0, 0
        deleted = sum(int((seg.get("deletes") or {}).get("num_deleted_docs", 0)) for seg in segments)
        return deleted, sum(int(seg["max_doc"]) for seg in segments) - deleted

    def purge(self, s: Session) -> bool:
        """Rewrite the directory without the entries marked deleted; False when there were none."""
        if not self.path.exists():
            return False
        _store_lock_first(s)
        with file_lock(self.lock):
            if not self.deleted_entries()[0]:
                return False
            self._build(s)
            return True

    def rebuild(self, s: Session) -> int:
        """Build the directory afresh from the parts table; returns the number of parts indexed."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _store_lock_first(s)
        with file_lock(self.lock):
            return self._build(s)

    def _build(self, s: Session) -> int:
        import tantivy

        fresh = self.path.with_name(f"{self.path.name}.{os.getpid()}.partial")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        writer = tantivy.Index(schema(), path=str(fresh)).writer(heap_size=BULK_HEAP, num_threads=1)
        count = 0
        for rows in _rows(s, self.collection_id):
            for row in rows:
                writer.add_document(document(row))
            count += len(rows)
        writer.commit()
        writer.wait_merging_threads()
        (fresh / FORMAT_FILE).write_text(json.dumps({"format": FORMAT, "parts": count}))
        old = self.path.with_name(f"{self.path.name}.{os.getpid()}.old")
        if self.path.exists():
            os.replace(self.path, old)  # readers holding the old files keep them until they reopen
        os.replace(fresh, self.path)
        shutil.rmtree(old, ignore_errors=True)
        return count

    def drop(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        self.lock.unlink(missing_ok=True)
        with self._open_lock:
            self._open.pop(self.path, None)


def _store_lock_first(s: Session) -> None:
    """Writers hold the store's write lock when they take this directory's file lock (add, remove): a rebuild
    in a write session takes them in the same order, else each waits on the other until busy_timeout. The
    session's first statement begins its transaction (BEGIN IMMEDIATE for a write session, nonla.store.db)."""
    s.execute(text("SELECT 1"))


def _rows(s: Session, collection_id: int, part_ids: list[int] | None = None) -> Iterator[list[Any]]:
    """Rows of COLUMNS in chunks: the given parts, or every part of the collection in id order."""
    if part_ids is not None:
        for start in range(0, len(part_ids), 500):
            chunk = ",".join(str(int(p)) for p in part_ids[start : start + 500])
            yield list(s.execute(text(f"{COLUMNS} WHERE id IN ({chunk})")))
        return
    last = 0
    while True:
        rows = list(s.execute(text(f"{COLUMNS} WHERE collection_id = :c AND id > :last ORDER BY id LIMIT :n"),
                              {"c": collection_id, "last": last, "n": READ_CHUNK}))  # fmt: skip
        if not rows:
            return
        yield rows
        last = rows[-1][0]

"""After documents leave a collection: rewrite what the embedded store's files still hold of them.

Deleting a document takes its parts out of every index in the same transaction, so no search finds it again. On
SQLite some copies of its words outlive that until files are rewritten: tantivy only marks an entry deleted (its
terms stay in the segment's dictionary, and count in BM25's document frequencies, until the segment is merged),
FTS5 writes a delete marker beside the old entries (of parts and of answered questions), and the write-ahead log keeps the pages as they were before
the delete until it is checkpointed. Deleted rows themselves are overwritten (``secure_delete``, nonla.store.db),
and so are a removed vector's bytes (nonla.collections.vectors). A purge, run once the delete has committed,
rebuilds the tantivy directory from the store, merges the FTS5 segments and checkpoints and truncates the log.

Rebuilding costs about a second per 15,000 parts (1.3 s for the 17,795 articles of the demo laws) and holds the
store's write lock meanwhile (other writers wait), so an index of more than PURGE_INLINE_PARTS parts is not
rewritten on every delete: its deleted entries wait, unsearchable, for ``nonla collections reindex``, and the
delete says so. PostgreSQL removes dead rows and their index entries
itself (VACUUM); nothing is done there.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from nonla.collections.bm25 import backend
from nonla.store.db import engine_for, session

PURGE_INLINE_PARTS = 100_000
CHECKPOINT_WAIT_MS = 2_000  # a reader holding an old snapshot keeps the log; the next purge or SQLite itself resets it
log = logging.getLogger(__name__)


def purge(collection_ids: set[int]) -> dict[str, int]:
    """Rewrite the indexes of these collections where small enough; {'purged': n, 'pending': m} collections.

    Runs after the delete has committed: a purge that fails (the store busy past its timeout, a full disk) leaves
    the delete done and its entries unsearchable, and is reported pending, not raised."""
    try:
        return _purge(collection_ids)
    except (OperationalError, OSError) as exc:
        log.warning("purge after a delete did not complete (%s); `nonla collections reindex` completes it", exc)
        return {"purged": 0, "pending": max(1, len(collection_ids))}


def _purge(collection_ids: set[int]) -> dict[str, int]:
    done = {"purged": 0, "pending": 0}
    with session(write=True) as s:
        kind = backend(s)
        if kind == "postgres":
            return done
        for collection_id in sorted(collection_ids):
            outcome = _purge_tantivy(s, collection_id) if kind == "tantivy" else None
            if outcome is not None:
                done[outcome] += 1
        # one FTS5 table for every collection's parts (empty while tantivy serves, rewritten by reindex on fts5)
        if int(s.scalar(text("SELECT count(*) FROM parts")) or 0) <= PURGE_INLINE_PARTS:
            s.execute(text("INSERT INTO parts_fts(parts_fts) VALUES ('optimize')"))
        elif kind == "fts5":
            done["pending"] += 1
        # answered questions: short entries, tens of thousands at most, rewritten every time
        s.execute(text("INSERT INTO legal_kb_fts(legal_kb_fts) VALUES ('optimize')"))
    checkpoint()
    return done


def _purge_tantivy(s: Session, collection_id: int) -> str | None:
    from nonla.collections.bm25_tantivy import TantivyIndex

    index = TantivyIndex(collection_id)
    deleted, live = index.deleted_entries()
    if not deleted:
        return None
    if live > PURGE_INLINE_PARTS:
        log.info("collection %s: %d deleted BM25 entries wait for `nonla collections reindex`", collection_id, deleted)
        return "pending"
    return "purged" if index.purge(s) else None


def checkpoint() -> None:
    """Copy the log into the database file and truncate it, so the pages from before the delete are gone."""
    engine, _, _ = engine_for()
    with engine.connect() as conn:
        raw = conn.connection.driver_connection  # outside SQLAlchemy's transaction: a checkpoint cannot run in one
        assert raw is not None
        waited = raw.execute("PRAGMA busy_timeout").fetchone()[0]
        raw.execute(f"PRAGMA busy_timeout={CHECKPOINT_WAIT_MS}")
        try:
            busy = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            raw.execute(f"PRAGMA busy_timeout={int(waited)}")
        if busy:
            log.info("the write-ahead log is in use by a reader; it is truncated at a later checkpoint")

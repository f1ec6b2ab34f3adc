"""A collection's knowledge base of answered questions: reviewers add them, legal.answer shows the most similar ones.

Entries are keyed (``kb001`` ...) within a collection. Adding the same content again is a no-op and changed content
under the same key replaces the entry, as with documents. Every source must be an article of the collection, or a
clause or point the article holds (``articles.holds``).
Questions are indexed with the same terms as parts (``terms.index_terms``): FTS5 on SQLite, a tsvector on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from nonla.collections.articles import PROVISION, article_of, missing
from nonla.collections.bm25_postgres import tsquery
from nonla.collections.service import collection_row
from nonla.collections.terms import STOPWORDS, index_terms, one_placement, query_terms, segmented, with_other_placements
from nonla.core.errors import InvalidInput, NotFound
from nonla.core.events import Changed, utc_now
from nonla.core.jsonl import read_text, records
from nonla.functions.vi.tone_marks import strip_diacritics
from nonla.governance.audit import append
from nonla.store.db import session
from nonla.store.schema import KnowledgeEntry

KEY = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"
# Words that make a question a question; they say nothing about its topic.
QUESTION_WORDS = frozenset("bao nhiêu mấy đâu vậy ạ nhỉ hả gì nào sao thế không".split())


class EntryIn(BaseModel):
    """One answered question as reviewers write it (the knowledge_base.jsonl line format)."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, pattern=KEY, description="Key within the collection; the next free kbNNN if absent.")
    question: str = Field(min_length=1, max_length=2000, pattern=r"\S")
    answer: str = Field(min_length=1, max_length=10_000, pattern=r"\S")
    sources: list[str] = Field(min_length=1, max_length=10, description="Article (or clause) ids the answer rests on.")
    status: Literal["published", "draft", "retired"] = "published"


def _valid(raw: Any, where: str) -> EntryIn:
    from nonla.core.runner import input_error

    try:
        entry = raw if isinstance(raw, EntryIn) else EntryIn.model_validate(raw)
    except ValidationError as exc:
        err = input_error(exc)
        raise InvalidInput(f"{where}: {err.message}", hint=err.hint) from None
    bad = [s for s in entry.sources if not PROVISION.match(s)]
    if bad or len(set(entry.sources)) != len(entry.sources):
        raise InvalidInput(f"{where}: sources must be distinct article ids; not one: {', '.join(bad) or 'a repeat'}.",
                           hint="Article ids read like 'luat-68-2020-qh14/dieu-28' (see legal.search results).")  # fmt: skip
    return entry


def _digest(entry: EntryIn) -> str:
    body = json.dumps([entry.question, entry.answer, entry.sources, entry.status], ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def _last_number(s: Session, collection_id: int) -> int:
    """The highest N among keys kbN: new entries without an id get the next numbers, as the data README asks."""
    keys = s.scalars(select(KnowledgeEntry.key).where(KnowledgeEntry.collection_id == collection_id))
    return max((int(k[2:]) for k in keys if re.fullmatch(r"kb\d+", k)), default=0)


def _index(s: Session, row: KnowledgeEntry, replacing: bool) -> None:
    if s.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL keeps its tsvector in step with the words/plain columns by itself
    if replacing:
        s.execute(text("DELETE FROM legal_kb_fts WHERE rowid = :id"), {"id": row.id})
    s.execute(text("INSERT INTO legal_kb_fts(rowid, words, plain) VALUES (:id, :w, :p)"),
              {"id": row.id, "w": row.words, "p": row.plain})  # fmt: skip


def add(name: str, entries: Iterable[Any], tenant: str = "default", actor: str = "local") -> dict[str, Any]:
    """Add answered questions in one transaction (all or none); returns counts and the keys, in input order."""
    valid = [_valid(raw, f"Entry {number}") for number, raw in enumerate(entries, 1)]
    terms = [index_terms(words) for words in segmented([e.question for e in valid])]  # before the write lock
    counts: dict[str, Any] = {"added": 0, "unchanged": 0, "replaced": 0, "ids": []}
    with session(write=True) as s:
        collection = collection_row(s, name, tenant)
        unknown = missing(s, collection.id, {src for e in valid for src in e.sources})
        if unknown:
            raise InvalidInput(f"Collection '{name}' has no article {', '.join(unknown[:5])}.", field="sources",
                               hint="Sources must be articles of the collection (ingest the law first), or clauses "
                               "and points those articles hold.")  # fmt: skip
        number = _last_number(s, collection.id) if any(e.id is None for e in valid) else 0
        for entry, (words, plain) in zip(valid, terms, strict=True):
            if entry.id is None:
                number += 1
            key = entry.id or f"kb{number:03d}"
            digest = _digest(entry)
            row = s.scalar(select(KnowledgeEntry).where(KnowledgeEntry.collection_id == collection.id,
                                                        KnowledgeEntry.key == key))  # fmt: skip
            counts["ids"].append(key)
            if row is not None and row.sha256 == digest:
                counts["unchanged"] += 1
                continue
            replacing = row is not None
            if row is None:
                row = KnowledgeEntry(collection_id=collection.id, key=key, created_by=actor[:64], created_at=utc_now())
                s.add(row)
            row.question, row.answer = entry.question, entry.answer
            row.sources, row.status = entry.sources, entry.status
            row.sha256, row.words, row.plain = digest, words, plain
            s.flush()
            _index(s, row, replacing)
            counts["replaced" if replacing else "added"] += 1
            append(s, Changed(actor=actor, action="kb.replace" if replacing else "kb.add", target=f"{name}/{key}",
                              detail={"sources": entry.sources, "status": entry.status, "sha256": digest}))  # fmt: skip
    return counts


def drop_entries(s: Session, collection_id: int) -> int:
    """Delete a collection's entries and their index rows (the collection is being deleted); returns how many."""
    ids = list(s.scalars(select(KnowledgeEntry.id).where(KnowledgeEntry.collection_id == collection_id)))
    _drop(s, ids)
    return len(ids)


def drop_orphans(s: Session, collection_id: int, gone: set[str]) -> list[tuple[str, list[str]]]:
    """Delete, in the caller's transaction, the entries that cite an article of ``gone`` (a removed document's) and
    no article the collection still holds, with their index rows; returns (key, sources) of each, in key order.

    Their answers quote the removed text, and delete removes every trace of it. An entry that also cites an article
    still there stays: legal.answer cites only the sources the collection holds."""
    if not gone:
        return []
    s.flush()  # the removed parts (and a replacement's new ones) as missing() must see them
    rows = s.scalars(select(KnowledgeEntry).where(KnowledgeEntry.collection_id == collection_id)
                     .order_by(KnowledgeEntry.key)).all()  # fmt: skip
    touched = [r for r in rows if any(article_of(src) in gone for src in r.sources)]
    absent = set(missing(s, collection_id, {src for r in touched for src in r.sources}))
    dropped = [(r.id, r.key, list(r.sources)) for r in touched if absent.issuperset(r.sources)]
    _drop(s, [row_id for row_id, _, _ in dropped])
    return [(key, sources) for _, key, sources in dropped]


def _drop(s: Session, ids: list[int]) -> None:
    if not ids:
        return
    if s.get_bind().dialect.name == "sqlite":
        s.execute(text(f"DELETE FROM legal_kb_fts WHERE rowid IN ({','.join(map(str, ids))})"))
    s.execute(delete(KnowledgeEntry).where(KnowledgeEntry.id.in_(ids)).execution_options(synchronize_session=False))


def import_file(name: str, path: str | Path, tenant: str = "default", actor: str = "local") -> dict[str, Any]:
    """Add every line of a JSONL file ({"id"?, "question", "answer", "sources", "status"?} per line)."""
    file = Path(path)
    if not file.is_file():
        raise NotFound(f"There is no file at {file}.", hint="Give the path of a .jsonl file.")
    entries = [_valid(raw, f"Line {number} of {file.name}") for number, raw in records(read_text(file), str(file))]
    return add(name, entries, tenant, actor)


def _public(row: KnowledgeEntry, score: float | None = None) -> dict[str, Any]:
    out = {"id": row.key, "question": row.question, "answer": row.answer, "sources": list(row.sources),
           "status": row.status, "created_by": row.created_by, "created_at": row.created_at}  # fmt: skip
    return out if score is None else {**out, "score": score}


def list_entries(name: str, tenant: str = "default", status: str | None = None, limit: int = 100,
                 offset: int = 0) -> dict[str, Any]:  # fmt: skip
    """Entries in key order with the total count (for paging)."""
    with session() as s:
        collection = collection_row(s, name, tenant)
        where = [KnowledgeEntry.collection_id == collection.id]
        if status:
            where.append(KnowledgeEntry.status == status)
        total = s.scalar(select(func.count()).select_from(KnowledgeEntry).where(*where)) or 0
        rows = s.scalars(select(KnowledgeEntry).where(*where).order_by(KnowledgeEntry.key).limit(limit).offset(offset))
        return {"total": int(total), "entries": [_public(r) for r in rows]}


def syllables(terms: Iterable[str], plain: bool) -> set[str]:
    """Topic syllables of index or query terms: no function or question words, marks stripped for plain queries,
    tone marks in one placement (an entry indexed before terms had one still compares alike).

    >>> sorted(syllables("đăng ký tạm trú ở đâu đăng_ký".split(), plain=True))
    ['dang', 'ky', 'o', 'tam', 'tru']
    >>> sorted(syllables("hoà giải ở toà".split(), plain=False))
    ['giải', 'hòa', 'tòa', 'ở']
    """
    kept = {t for t in terms if "_" not in t and t not in STOPWORDS and t not in QUESTION_WORDS}
    return {strip_diacritics(t) for t in kept} if plain else {one_placement(t) for t in kept}


def similarity(a: set[str], b: set[str]) -> float:
    """Dice overlap of two syllable sets, 0..1: comparable across questions, unlike a BM25 score.

    >>> similarity({"tạm", "trú", "gia", "hạn"}, {"tạm", "trú", "đăng", "ký"})
    0.5
    """
    return round(2 * len(a & b) / (len(a) + len(b)), 4) if a and b else 0.0


def similar(name: str, question: str, k: int = 3, tenant: str = "default", pool: int = 20) -> list[dict[str, Any]]:
    """The published entries whose questions are most like ``question``: BM25 finds candidates, Dice orders them."""
    terms, plain = query_terms(question)
    if not terms:
        return []
    wanted = syllables(terms, plain)
    if not plain:  # an entry indexed before terms had one tone placement may hold the other
        terms = with_other_placements(terms)
    with session() as s:
        collection = collection_row(s, name, tenant)
        params: dict[str, Any] = {"c": collection.id, "n": max(pool, k)}
        if s.get_bind().dialect.name == "sqlite":
            column, match = ("plain" if plain else "words"), " OR ".join('"' + t.replace('"', "") + '"' for t in terms)
            params["q"] = f"{{{column}}} : ({match})"
            sql = (
                "SELECT k.id FROM legal_kb_fts JOIN legal_kb k ON k.id = legal_kb_fts.rowid WHERE legal_kb_fts "
                "MATCH :q AND k.collection_id = :c AND k.status = 'published' ORDER BY bm25(legal_kb_fts), k.id LIMIT :n"
            )
        else:
            params["q"] = " | ".join(q for q in map(tsquery, terms) if q)  # tam__tru, _tam: no empty pieces
            sql = (
                "SELECT k.id FROM legal_kb k, to_tsquery('simple', :q) q WHERE k.tsv @@ q AND k.collection_id = :c "
                "AND k.status = 'published' ORDER BY ts_rank_cd(k.tsv, q, 1) DESC, k.id LIMIT :n"
            )
        ids = [int(row[0]) for row in s.execute(text(sql), params)]
        rows = {r.id: r for r in s.scalars(select(KnowledgeEntry).where(KnowledgeEntry.id.in_(ids)))}
    scored = [(similarity(wanted, syllables((rows[i].plain if plain else rows[i].words).split(), plain)), -rank, i)
              for rank, i in enumerate(ids)]  # fmt: skip
    return [_public(rows[i], score) for score, _, i in sorted(scored, reverse=True)[:k] if score > 0]

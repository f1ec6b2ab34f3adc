"""Find the article (clause, point) a citation points at, in a collection: by số hiệu, else by title and year."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import func, select

from nonla.collections.articles import deepest
from nonla.collections.service import collection_row
from nonla.core.config import settings
from nonla.store.db import session
from nonla.store.schema import Document, Part


@lru_cache(maxsize=64)
def _documents(
    name: str, tenant: str, version: tuple[str, int, int, int, str]
) -> tuple[tuple[str, str | None, str | None, int | None], ...]:
    with session() as s:
        collection = collection_row(s, name, tenant)
        rows = s.scalars(
            select(Document).where(Document.collection_id == collection.id, Document.kind == "legal")
        ).all()
        return tuple(
            (d.key, d.meta.get("number"), (d.meta.get("title") or "").lower() or None, d.meta.get("year")) for d in rows
        )


def _version(name: str, tenant: str) -> tuple[str, int, int, int, str]:
    """(store, collection id, document count, highest document id, that document's sha256): changes whenever
    documents are added, removed or replaced, and differs between two stores (or a collection deleted and created
    again) that hold the same name. The digest is there because SQLite hands a replaced last document the id of
    the one it replaced."""
    with session() as s:
        collection = collection_row(s, name, tenant)
        count, highest = s.execute(
            select(func.count(Document.id), func.max(Document.id)).where(Document.collection_id == collection.id)
        ).one()
        digest = s.scalar(select(Document.sha256).where(Document.id == highest)) if highest is not None else None
        return settings().database_url, collection.id, int(count), int(highest or 0), digest or ""


def find_document(
    name: str, number: str | None, title: str | None, year: int | None, tenant: str = "default"
) -> str | None:
    docs = _documents(name, tenant, _version(name, tenant))  # NotFound for a collection the tenant does not have
    if number:
        return next((key for key, num, _, _ in docs if num and num.upper() == number.upper()), None)
    if title:
        matches = [(y or 0, key) for key, _, t, y in docs if t == title.lower() and (year is None or y == year)]
        return max(matches)[1] if matches else None  # the latest version when no year is given
    return None


def check_collection(name: str, tenant: str = "default") -> None:
    """NotFound when the tenant has no collection of that name: its citations are then not merely unresolved."""
    with session() as s:
        collection_row(s, name, tenant)


def find_part(
    name: str, doc_key: str, article: str, clause: str | None, point: str | None, tenant: str = "default"
) -> str | None:
    """The key of the article, clause or point cited; None when any of them is not in the document (khoản 9 of
    an article of six clauses is not found, not read as the article). An article whose text was not split into
    clauses (or a clause not split into points) is as deep as the store can tell: the citation resolves to it."""
    article_key = f"{doc_key}/dieu-{article.lower()}"
    with session() as s:
        collection = collection_row(s, name, tenant)
        part = s.scalar(select(Part).where(Part.collection_id == collection.id, Part.key == article_key))
    if part is None:
        return None
    units = {unit[0] for unit in part.meta.get("units", [])}
    levels = ([f"khoan-{clause}"] if clause else []) + ([f"diem-{'dd' if point == 'đ' else point}"] if point else [])
    return deepest("/".join([article_key, *levels]), units)

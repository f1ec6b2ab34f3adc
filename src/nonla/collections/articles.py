"""Whole articles by id, with their clause and point offsets: what extractive answers quote from.

Search results carry a snippet only; an answer needs the article's full text and the ``units`` the legal parser
recorded (id, kind, start, end, relative to the article text) to quote a clause and cite it exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nonla.collections.service import collection_row
from nonla.store.db import session
from nonla.store.schema import Part

# An article id and, optionally, a clause and point inside it: luat-68-2020-qh14/dieu-28/khoan-3/diem-a. Any of
# them may carry the "~2" the parser gives a number that repeats (nonla.collections.legal_structure).
PROVISION = re.compile(
    r"^(?P<article>[a-z0-9][a-z0-9-]*/dieu-\d+[a-zđ]?(?:~\d+)?)(?:/khoan-\d+[a-zđ]?(?:~\d+)?"
    r"(?:/diem-[a-zđ]+\d?(?:~\d+)?)?)?$"
)


@dataclass(frozen=True)
class Article:
    key: str
    title: str
    text: str
    units: list[tuple[str, str, int, int]]  # (id, kind, start, end) inside text


def article_of(provision: str) -> str:
    """The article a provision id belongs to.

    >>> article_of("luat-68-2020-qh14/dieu-28/khoan-3"), article_of("luat-68-2020-qh14/dieu-28")
    ('luat-68-2020-qh14/dieu-28', 'luat-68-2020-qh14/dieu-28')
    """
    match = PROVISION.match(provision)
    return match["article"] if match else provision


def fetch(name: str, keys: list[str], tenant: str = "default") -> dict[str, Article]:
    """The named parts of a collection that exist, by key (missing keys are left out)."""
    if not keys:
        return {}
    with session() as s:
        collection = collection_row(s, name, tenant)
        rows = s.scalars(select(Part).where(Part.collection_id == collection.id, Part.key.in_(set(keys)))).all()
        return {p.key: Article(p.key, p.title, p.text, [_unit(u) for u in p.meta.get("units", [])]) for p in rows}


def present(name: str, keys: list[str], tenant: str = "default") -> set[str]:
    """Which of the named parts the collection holds: their keys only, none of their text read."""
    if not keys:
        return set()
    with session() as s:
        collection = collection_row(s, name, tenant)
        return set(s.scalars(select(Part.key).where(Part.collection_id == collection.id, Part.key.in_(set(keys)))))


def missing(s: Session, collection_id: int, provisions: set[str]) -> list[str]:
    """The provision ids whose article is not in the collection (a clause id counts when its article exists)."""
    articles = {article_of(p) for p in provisions}
    found = set(s.scalars(select(Part.key).where(Part.collection_id == collection_id, Part.key.in_(articles))))
    return sorted(p for p in provisions if article_of(p) not in found)


def _unit(raw: Any) -> tuple[str, str, int, int]:
    unit_id, kind, start, end = raw
    return str(unit_id), str(kind), int(start), int(end)

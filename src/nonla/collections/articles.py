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

# A part's id: an article id and, optionally, a clause and point inside it (luat-68-2020-qh14/dieu-28/khoan-3/diem-a),
# or the id of a part without articles. The document's id before "/dieu-" is whatever the collection accepted for
# it (capitals, "/" and all: luat/2/dieu-5). Any number may carry the "~2" the parser gives a number that repeats
# (nonla.collections.legal_structure). Whether the part exists is for the collection to say (``missing``).
PROVISION = re.compile(
    r"^(?P<article>.+/dieu-\d+[a-zđ]?(?:~\d+)?|.+)(?:/khoan-\d+[a-zđ]?(?:~\d+)?(?:/diem-[a-zđ]+\d?(?:~\d+)?)?)?\Z"
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
    >>> article_of("Luat/2/dieu-5/khoan-1/diem-b"), article_of("Luat-GT")
    ('Luat/2/dieu-5', 'Luat-GT')
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
    """The provision ids that name no part of the collection: a clause or point id counts when its article exists
    and holds it (``holds``)."""
    # a part's own id counts as well: a document without articles may have an id that reads like a clause's
    named = {article_of(p) for p in provisions} | provisions
    rows = s.execute(select(Part.key, Part.meta).where(Part.collection_id == collection_id, Part.key.in_(named)))
    units = {key: {str(u[0]) for u in (meta or {}).get("units", [])} for key, meta in rows}
    return sorted(p for p in provisions if p not in units and not _held(p, units))


def _held(provision: str, units: dict[str, set[str]]) -> bool:
    article = article_of(provision)
    return article in units and holds(provision, units[article])


def holds(provision: str, units: set[str]) -> bool:
    """Whether the article of a provision id holds the clause and point it names, by the article's unit ids.

    >>> units = {"l/dieu-2/khoan-1", "l/dieu-2/khoan-2", "l/dieu-2/khoan-2/diem-a"}
    >>> [holds(p, units) for p in ("l/dieu-2", "l/dieu-2/khoan-2", "l/dieu-2/khoan-7", "l/dieu-2/khoan-2/diem-c")]
    [True, True, False, False]
    >>> holds("l/dieu-2/khoan-1/diem-a", units), holds("l/dieu-3/khoan-5", set())
    (True, True)
    """
    return deepest(provision, units) is not None


def deepest(provision: str, units: set[str]) -> str | None:
    """The deepest part the store keeps of a provision id, by its article's unit ids: the id itself, or its article
    or clause when the store did not split that one so deep (an article of one paragraph, a clause without points:
    as deep as the store can tell); None when the article is split there and holds no such clause or point.

    >>> deepest("l/dieu-2/khoan-1/diem-a", {"l/dieu-2/khoan-1"}), deepest("l/dieu-2/khoan-9", {"l/dieu-2/khoan-1"})
    ('l/dieu-2/khoan-1', None)
    """
    found = article_of(provision)
    for level in provision[len(found) + 1 :].split("/") if provision != found else []:
        if not any(unit.startswith(f"{found}/{level.split('-')[0]}-") for unit in units):
            return found  # not split this deep
        found = f"{found}/{level}"
        if found not in units:
            return None
    return found


def _unit(raw: Any) -> tuple[str, str, int, int]:
    unit_id, kind, start, end = raw
    return str(unit_id), str(kind), int(start), int(end)

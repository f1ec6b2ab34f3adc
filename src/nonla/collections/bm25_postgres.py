"""BM25 on PostgreSQL: the full-text index finds the candidates, Okapi BM25 orders them.

PostgreSQL's own ts_rank_cd counts matches without weighing how rare a term is, so a query's common words ("điều",
"bộ luật") outranked its telling ones: on the Criminal Code "Điều 173 BLHS trộm cắp" found Điều 7 first and the
theft article not at all. Here the document frequency of each query term in the collection is counted through the
GIN index, the candidates are the parts that hold the query's rarer terms (best ts_rank_cd first), and they are
scored in Python with BM25 over the same fields and boosts as the tantivy index (body 1, title and context less;
k1 1.2, b 0.75). Collection statistics are cached for STATS_SECONDS: a few minutes' staleness does not move a
ranking, and counting on every query would.

On the 222 legal questions over the 208 laws (NONLA_EVAL_DATABASE_URL=... python evaluation/legal_search.py):
BM25 recall@5 0.16 with ts_rank_cd, 0.69 now (tantivy on the embedded store: 0.72); hybrid 0.82 (embedded 0.84).
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

K1, B = 1.2, 0.75
POOL = 500  # candidates scored per search
RARE = 0.05  # a term in more than this share of the parts scores, but picks candidates only to fill the pool
STATS_SECONDS = 300.0
FIELDS = ("", "title_", "context_")  # prefixes of the words/plain columns: body, title, context

_cache: dict[tuple[Any, ...], tuple[float, Any]] = {}
_lock = threading.Lock()


def forget(collection_id: int) -> None:
    """Drop the cached statistics of a collection this process just changed (others see the change within
    STATS_SECONDS)."""
    with _lock:
        for key in [key for key in _cache if key[2] == collection_id]:
            del _cache[key]


def _cache_get(key: tuple[Any, ...]) -> Any:
    with _lock:
        hit = _cache.get(key)
        return hit[1] if hit is not None and time.monotonic() - hit[0] < STATS_SECONDS else None


def _remember(key: tuple[Any, ...], value: Any) -> Any:
    with _lock:
        if len(_cache) > 50_000:
            _cache.clear()
        _cache[key] = (time.monotonic(), value)
    return value


def _cached(key: tuple[Any, ...], compute: Any) -> Any:
    hit = _cache_get(key)
    return hit if hit is not None else _remember(key, compute())


def tsquery(term: str) -> str:
    """A term as a tsquery: a compound (bộ_luật) is a phrase of its syllables.

    >>> tsquery("bộ_luật"), tsquery("trộm")
    ('bộ <-> luật', 'trộm')
    """
    return " <-> ".join(t.replace("'", "") for t in term.split("_") if t.replace("'", ""))


def _stats(s: Session, collection_id: int, suffix: str) -> tuple[int, list[float]]:
    """(parts in the collection, mean length in terms of each field)."""
    lengths = ", ".join(f"avg(coalesce(array_length(string_to_array({f}{suffix}, ' '), 1), 0))" for f in FIELDS)
    row = s.execute(text(f"SELECT count(*), {lengths} FROM parts WHERE collection_id = :c"), {"c": collection_id}).one()
    return int(row[0]), [max(float(x or 0.0), 1.0) for x in row[1:]]


def _dfs(s: Session, collection_id: int, terms: list[str]) -> dict[str, int]:
    """How many parts of the collection hold each term: one round trip, each count through the GIN index."""
    names = {f"t{i}": tsquery(term) for i, term in enumerate(terms)}
    counts = ", ".join(f"(SELECT count(*) FROM parts p WHERE p.collection_id = :c AND p.tsv @@ to_tsquery('simple', :{n}))"
                       for n in names)  # fmt: skip
    row = s.execute(text(f"SELECT {counts}"), {**names, "c": collection_id}).one()
    return {term: int(n or 0) for term, n in zip(terms, row, strict=True)}


def _term_counts(value: str | None, terms: list[str]) -> tuple[int, list[int]]:
    """(length in terms, occurrences of each term) of a space-separated term column.

    >>> _term_counts("a b a b_c", ["a", "b_c", "x"])
    (4, [2, 1, 0])
    """
    if not value:
        return 0, [0] * len(terms)
    counts, spaced = [], None
    for term in terms:
        if term not in value:  # most terms are absent from most fields: a substring test settles those
            counts.append(0)
            continue
        if spaced is None:  # every term between its own two spaces: counts do not overlap
            spaced = " " + value.replace(" ", "  ") + " "
        counts.append(spaced.count(f" {term} "))
    return value.count(" ") + 1, counts


def search(s: Session, collection_id: int, terms: list[str], plain: bool, k: int, filters: Any,
           boosts: tuple[float, float, float]) -> list[tuple[int, float]]:  # fmt: skip
    """The best k (part id, BM25 score) for the terms under the filters."""
    terms = [t for t in terms if tsquery(t)]
    if not terms:
        return []
    suffix = "plain" if plain else "words"
    store = str(s.get_bind().engine.url)  # one process may use several stores with the same collection ids
    count, mean_length = _cached(("stats", store, collection_id, suffix), lambda: _stats(s, collection_id, suffix))
    df = {t: _cache_get(("df", store, collection_id, t)) for t in terms}
    missing = [t for t, n in df.items() if n is None]
    if missing:
        for t, n in _dfs(s, collection_id, missing).items():
            df[t] = _remember(("df", store, collection_id, t), n)
    present = [t for t in terms if df[t]]
    if not present or not count:
        return []
    picking, reach = [], 0  # rarer terms first; common ones only while the pool is not yet full
    for t in sorted(present, key=lambda t: (df[t], t)):
        if df[t] <= RARE * count or reach < POOL:
            picking.append(t)
            reach += df[t]
    where, params = filters.sql()
    columns = ", ".join(f"p.{f}{suffix}" for f in FIELDS)
    sql = (f"SELECT p.id, {columns} FROM parts p, to_tsquery('simple', :q) q WHERE p.tsv @@ q AND "
           f"p.collection_id = :c{where} ORDER BY ts_rank_cd(p.tsv, q, 1) DESC, p.id LIMIT :pool")  # fmt: skip
    params |= {"q": " | ".join(f"({tsquery(t)})" for t in picking), "c": collection_id, "pool": max(POOL, k)}
    idf = {t: math.log(1 + (count - df[t] + 0.5) / (df[t] + 0.5)) for t in present}
    scored = []
    for part_id, *fields in s.execute(text(sql), params):
        score = 0.0
        for value, boost, mean in zip(fields, boosts, mean_length, strict=True):
            length, counts = _term_counts(value, present)
            norm = K1 * (1 - B + B * length / mean)
            score += boost * sum(idf[t] * tf * (K1 + 1) / (tf + norm) for t, tf in zip(present, counts, strict=True) if tf)
        scored.append((int(part_id), round(score, 6)))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:k]

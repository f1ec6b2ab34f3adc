"""Articles that reviewers cited when they answered a question like this one: the collection's knowledge base
as one more ranked list in a hybrid search.

A question reviewers already answered should find the articles they relied on first. Only published entries at
least MIN_SIMILARITY alike count (Dice over topic syllables, nonla.collections.knowledge.similar): below that,
similar wording about another law is a common near miss. An entry's sources are provisions (an article, clause or
point); the list names their articles, best entry first, under the search's filters.

Chosen on the tuning half of the legal questions (evaluation/legal_search.py) with the 60-entry demo knowledge base:
similarity 0.5 and fusion weight 1.0 lifted recall@1 from 0.50 to 0.53 there and from 0.54 to 0.58 on the held-out
half, leaving questions no entry resembles as they were; lower thresholds pulled wrong articles to the top.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from nonla.collections.articles import article_of
from nonla.collections.bm25 import Filters

MIN_SIMILARITY = 0.5
ENTRIES = 3  # the most similar entries read: more than one may pass the threshold


def answered_list(
    s: Session, collection_id: int, name: str, query: str, filters: Filters, tenant: str = "default"
) -> list[tuple[int, float]]:
    """(part id, similarity of the entry that cited it) for the articles cited by entries like the query."""
    from nonla.collections.knowledge import similar

    cited: dict[str, float] = {}
    for entry in similar(name, query, k=ENTRIES, tenant=tenant):
        if entry["score"] >= MIN_SIMILARITY:
            for source in entry["sources"]:
                cited.setdefault(article_of(source), float(entry["score"]))
    return ranked_parts(s, collection_id, cited, filters)


def ranked_parts(s: Session, collection_id: int, scored: dict[str, float], filters: Filters) -> list[tuple[int, float]]:
    """(part id, score) of the parts with these keys in the collection that pass the filters, in the given order."""
    if not scored:
        return []
    where, params = filters.sql()
    keys = {f"k{i}": key for i, key in enumerate(scored)}
    names = ",".join(f":{k}" for k in keys)
    rows = s.execute(text(f"SELECT p.id, p.key FROM parts p WHERE p.collection_id = :c AND p.key IN ({names}){where}"),
                     {**params, **keys, "c": collection_id}).all()  # fmt: skip
    found = {key: int(part_id) for part_id, key in rows}
    return [(found[key], score) for key, score in scored.items() if key in found]

"""Articles the query itself cites ("dieu 173 blhs", "Điều 31 Luật Hôn nhân và gia đình"): one more ranked list in a
hybrid search, weighted above every other list together, so an article named outright comes first.

The words of such a query say little ("dieu 173 blhs" shares nothing with the text of Điều 173 but the number);
the citation says exactly which article is meant. legal.citations reads it (marks restored when it is typed without
them) and resolves it in the collection; a citation of a document the collection lacks adds nothing, and the
search's filters apply as to every other list.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from nonla.collections.answered import ranked_parts
from nonla.collections.articles import article_of
from nonla.collections.bm25 import Filters

# Its fusion weight: a cited article outranks one that BM25 and the vectors both put first (1.0 + 2.5).
WEIGHT = 4.0


def cited_list(
    s: Session, collection_id: int, name: str, query: str, filters: Filters, tenant: str = "default"
) -> list[tuple[int, float]]:
    """(part id, 1.0) for each article the query cites that the collection holds, in the order they are cited."""
    from nonla.core.context import tenant_scope
    from nonla.core.errors import NonlaError
    from nonla.core.runner import subcall

    if not any(c.isdigit() for c in query):  # an article is cited by its number: most questions cite none
        return []
    with tenant_scope(tenant):  # the collection is the searching tenant's
        [found] = subcall("legal.citations", [{"text": query, "collection": name}])
    if isinstance(found, NonlaError):
        raise found
    articles = {article_of(c.resolved): 1.0 for c in found.citations if c.resolved}  # type: ignore[union-attr]
    return ranked_parts(s, collection_id, articles, filters)

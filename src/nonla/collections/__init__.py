"""Document collections: ingest, split into parts (legal structure, judgments), index and search.

>>> import nonla.collections as collections  # doctest: +SKIP
>>> collections.create("laws"); collections.ingest("laws", "path/to/laws/")  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Imported before ``search`` below is defined: importing a submodule binds its name on the package, so a later
# first import of nonla.collections.search (by search itself, or by any caller) replaced the function with the
# module, and nonla.collections.search(...) failed from the second call on ("'module' object is not callable").
from nonla.collections import search as _search_module  # noqa: F401


def create(name: str, tenant: str = "default") -> dict[str, Any]:
    """Create an empty collection."""
    from nonla.collections.service import create as _create

    return _create(name, tenant)


def add(name: str, documents: list[dict[str, Any]], tenant: str = "default") -> dict[str, int]:
    """Add documents [{"id", "text", "metadata"}]; the same content again is a no-op, a changed one replaces."""
    from nonla.collections.service import add as _add

    return _add(name, documents, tenant)


def ingest(name: str, path: str | Path, tenant: str = "default") -> dict[str, Any]:
    """Ingest a .txt/.pdf/.docx/.html file, or every such file under a folder; in a folder, files that cannot be read
    (or that would take an earlier file's id) are left out and listed under 'skipped' with the reason."""
    from nonla.collections.service import ingest as _ingest

    return _ingest(name, path, tenant)


def embed(name: str, tenant: str = "default", workers: int | None = None) -> dict[str, int]:
    """Give every part a dense vector (for hybrid search); resumable, and free for passages already embedded."""
    from nonla.collections.vectors import embed as _embed

    return _embed(name, tenant, workers)


def search(name: str, query: str, k: int = 10, mode: str = "hybrid", tenant: str = "default") -> Any:
    """Hybrid (default), bm25 or dense search over the collection's parts; returns (hits, mode used).

    The limits of the CLI and REST: a query of 1 to 2,000 characters, k from 1 to 100, a known mode.
    """
    from nonla.collections.search import search as _search
    from nonla.core.errors import InvalidInput

    if not isinstance(query, str) or not query.strip() or len(query) > 2000:
        raise InvalidInput("The query must be 1 to 2,000 characters of text.", field="query")
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 100:
        raise InvalidInput(f"k must be a whole number from 1 to 100, not {k!r}"[:80] + ".", field="k")
    if mode not in ("hybrid", "bm25", "dense"):
        raise InvalidInput(f"Unknown mode {mode!r}"[:60] + ".", hint="Use hybrid, bm25 or dense.", field="mode")
    return _search(name, query, k, tenant=tenant, mode=mode)  # type: ignore[arg-type]


def delete(name: str, document_id: str, tenant: str = "default") -> dict[str, Any]:
    """Delete one document and every trace of it from every index ('purge_pending': a large index still holds its
    words, unsearchable, until reindexed)."""
    from nonla.collections.service import delete_document

    return delete_document(name, document_id, tenant)


def list(tenant: str = "default") -> Any:  # noqa: A001 — mirrors the CLI and REST verb
    from nonla.collections.service import list_collections

    return list_collections(tenant)

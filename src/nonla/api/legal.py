"""/v1/legal: the answered-questions knowledge base (reviewers write it) and ratings of legal.answer's answers.

Answers themselves come from POST /v1/functions/legal.answer like every function; these routes hold what people
add around them.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool

from nonla.api.auth import principal, require
from nonla.api.errors import STORE_INT_MAX
from nonla.collections import knowledge
from nonla.governance import ratings
from nonla.governance.keys import Principal

router = APIRouter(prefix="/v1/legal", tags=["legal"])


class NewEntry(knowledge.EntryIn):
    collection: str = "laws"


@router.post("/kb", status_code=201)
async def add_entry(body: NewEntry, who: Principal = Depends(require("kb.write"))) -> dict[str, Any]:
    """Add (or replace, under the same id) one answered question; its sources must be articles of the collection."""
    entry = knowledge.EntryIn(**body.model_dump(exclude={"collection"}))
    # Segmenting the question takes a moment: off the event loop.
    counts = await run_in_threadpool(knowledge.add, body.collection, [entry], who.tenant, who.actor)
    status = "added" if counts["added"] else "replaced" if counts["replaced"] else "unchanged"
    return {"id": counts["ids"][0], "status": status}


@router.get("/kb")
def list_entries(
    collection: str = Query("laws", min_length=1, max_length=100),
    q: str | None = Query(None, min_length=1, max_length=2000, description="Most similar questions to this one."),
    status: Literal["published", "draft", "retired"] | None = None,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=STORE_INT_MAX),
    who: Principal = Depends(require("collections.read")),
) -> dict[str, Any]:
    if q:
        return {"entries": knowledge.similar(collection, q, k=limit, tenant=who.tenant)}
    return knowledge.list_entries(collection, who.tenant, status, limit, offset)


@router.post("/ratings", status_code=201)
def rate(body: ratings.RatingIn, who: Principal = Depends(principal)) -> dict[str, Any]:
    """Any key that may call legal.answer may rate its answers."""
    who.require_function("legal.answer")
    return ratings.rate(body, who.key_id, who.tenant, who.actor)


@router.get("/ratings/report")
def report(
    collection: str | None = Query(None, max_length=100), who: Principal = Depends(require("ratings.read"))
) -> dict[str, Any]:
    return ratings.report(who.tenant, collection)
